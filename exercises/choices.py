"""The catalogue's vocabularies: categories, body regions, positions, equipment, movement tags,
difficulty, dosage modes and sources. Read by the models, the forms, the safety rules and the
loader; ``exercises.models`` re-exports them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    WARM_UP = "warm-up", _("Warm-up")
    STRETCH = "stretch", _("Stretch")
    STRENGTHEN = "strengthen", _("Strengthening")
    MOBILITY = "mobility", _("Mobility")
    BREATHING = "breathing", _("Breathing")
    RELAXATION = "relaxation", _("Relaxation")
    TRACTION = "traction", _("Traction")


class Region(models.TextChoices):
    NECK = "neck", _("Neck")
    UPPER_BACK = "upper-back", _("Upper back")
    LOWER_BACK = "lower-back", _("Lower back")
    WHOLE_SPINE = "whole-spine", _("Whole spine")
    HIPS_PELVIS = "hips-pelvis", _("Hips and pelvis")
    SHOULDERS = "shoulders", _("Shoulders")


class Position(models.TextChoices):
    STANDING = "standing", _("Standing")
    SITTING = "sitting", _("Sitting")
    KNEELING = "kneeling", _("Kneeling or on all fours")
    LYING_BACK = "lying-back", _("Lying on your back")
    LYING_FRONT = "lying-front", _("Lying on your front")
    SIDE_LYING = "side-lying", _("Lying on your side")
    HANGING = "hanging", _("Hanging")


class Equipment(models.TextChoices):
    MAT = "mat", _("Mat")
    CHAIR = "chair", _("Chair")
    WALL = "wall", _("Wall")
    STRAP = "strap", _("Strap or towel")
    PILLOW = "pillow", _("Pillow")
    BAR = "bar", _("Horizontal bar")
    BOARD = "board", _("Inclined traction board")
    LOOP = "loop", _("Neck traction loop")
    OTHER = "other", _("Other")


class Tag(models.TextChoices):
    TWIST = "twist", _("Twisting the spine")
    FLEXION = "flexion", _("Bending forward")
    EXTENSION = "extension", _("Bending backward")
    SIDE_BEND = "side-bend", _("Bending sideways")
    TRACTION = "traction", _("Traction (hanging or pulling the spine long)")
    INVERSION = "inversion", _("Head below the heart")
    LOADED = "loaded", _("Holding your body against gravity")
    PRONE = "prone", _("Lying on your front")
    SUPINE = "supine", _("Lying on your back")
    BREATH_HOLD = "breath-hold", _("Holding your breath")
    NECK_LOAD = "neck-load", _("Load on the neck")
    JUMP = "jump", _("Jumping")
    SUSTAINED_FLEXION = "sustained-flexion", _("Holding a forward bend, or bending against load")
    SUSTAINED_EXTENSION = "sustained-extension", _("Holding a back bend, or lifting into one")
    NERVE_TENSION = "nerve-tension", _("Stretching the back of a straight leg")
    DEEP_HIP_FLEXION = "deep-hip-flexion", _("Bending the hip past a right angle")
    HIP_INTERNAL_ROTATION = (
        "hip-internal-rotation",
        _("Turning the hip inwards or crossing the legs"),
    )
    HEAD_DOWN = "head-down", _("Resting the head lower than the hips")
    NECK_TURN = "neck-turn", _("Turning the head")
    LONG_SUPINE = "long-supine", _("Lying on your back for two minutes or more")
    HIP_90 = "hip-90", _("Bending the hip to about a right angle")
    ABDOMINAL_LOAD = "abdominal-load", _("Hard work for the stomach muscles")
    KNEELING = "kneeling", _("Weight on the knees")


class Difficulty(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")


class Mode(models.TextChoices):
    HOLD = "hold", _("Hold")
    REPS = "reps", _("Repetitions")
    TIMED = "timed", _("Timed")


class Source(models.TextChoices):
    WARM_UP = "000", _("Back warm-up exercises")
    STRETCHING = "001", _("Exercises to stretch the back and lower back")
    GYMNASTICS = "002", _("Gymnastics for the spine at home")
    BACK_PAIN = "003", _("Stretching exercises for back pain")
    GUIDANCE = "guidance", _("Public physiotherapy guidance for back pain")
