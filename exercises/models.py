"""The exercise catalogue."""

import re
import unicodedata

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exercises.dosage import Dosage
from exercises.fields import ChoiceListField
from exercises.figures.cache import figure_svg


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


# "Time needed" filter: label and the [low, high) range in seconds of one exercise.
TIME_BUCKETS = {
    "1": (_("Under 1 minute"), 0, 60),
    "3": (_("1 to 3 minutes"), 60, 180),
    "5": (_("3 to 5 minutes"), 180, 300),
    "more": (_("Over 5 minutes"), 300, None),
}


def normalise_for_search(text: str) -> str:
    """Lower-case, no accents, no apostrophes, other punctuation as spaces: the same text
    on every database, so search behaves the same on SQLite and PostgreSQL."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`]", "", text)
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


class ExerciseQuerySet(models.QuerySet):
    def search(self, query: str):
        words = normalise_for_search(query).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def in_time_bucket(self, key: str):
        _label, low, high = TIME_BUCKETS[key]
        queryset = self.filter(duration_seconds__gte=low)
        return queryset.filter(duration_seconds__lt=high) if high else queryset

    def without_equipment(self):
        return self.filter(equipment="")

    def safe_for(self, outcome):
        """Leave out the exercises that are not for a person with this screening outcome."""
        from exercises.safety import excluded

        categories, tags = excluded(outcome)
        unsafe = Q(category__in=categories) if categories else Q()
        for tag in sorted(tags):
            unsafe |= Q(tags__has=tag)
        return self.exclude(unsafe) if unsafe else self

    def related_to(self, exercise, limit=4):
        """Other exercises of the same category that work one of the same regions."""
        overlap = Q()
        for region in exercise.regions:
            overlap |= Q(regions__has=region)
        return (
            self.filter(category=exercise.category)
            .filter(overlap)
            .exclude(pk=exercise.pk)
            .order_by("difficulty", "name")[:limit]
        )


class Exercise(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    regions = ChoiceListField(_("body regions"), choices=Region.choices, blank=False)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    equipment = ChoiceListField(_("equipment"), choices=Equipment.choices)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices)
    tags = ChoiceListField(_("movement tags"), choices=Tag.choices)
    steps = models.JSONField(_("steps"), default=list)
    breathing = models.TextField(_("breathing"), blank=True)
    cautions = models.JSONField(_("cautions"), default=list, blank=True)
    specialist = models.TextField(
        _("needs a specialist or special equipment"),
        blank=True,
        help_text=_("Leave empty for exercises anyone can do at home."),
    )
    sources = ChoiceListField(_("sources"), choices=Source.choices)

    # Dosage: defaults, and the range the source gives where it gives one.
    mode = models.CharField(_("dosage"), max_length=5, choices=Mode.choices)
    seconds = models.PositiveSmallIntegerField(_("seconds"), default=0)
    seconds_min = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds_max = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(_("repetitions"), default=1)
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds_per_rep = models.PositiveSmallIntegerField(_("seconds per repetition"), default=0)
    sets = models.PositiveSmallIntegerField(
        _("sets"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    sets_min = models.PositiveSmallIntegerField(null=True, blank=True)
    sets_max = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(_("each side"), default=False)
    rest_seconds = models.PositiveSmallIntegerField(_("rest between sets (seconds)"), default=0)

    # The animated figure, as data (see exercises/figures and exercises/catalogue/README.md).
    figure = models.JSONField(_("figure"), default=dict, blank=True)

    # Derived on save, for filtering and search.
    duration_seconds = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(default="", editable=False)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__in=[1, 2, 3]), name="exercise_difficulty"
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1) & Q(sets__lte=10), name="exercise_sets"
            ),
        ]
        indexes = [models.Index(fields=["category", "name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exercises:detail", args=[self.slug])

    @property
    def dosage(self) -> Dosage:
        return Dosage(
            mode=self.mode,
            seconds=self.seconds,
            reps=self.reps,
            seconds_per_rep=self.seconds_per_rep,
            sets=self.sets,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )

    def refresh_derived_fields(self):
        self.duration_seconds = self.dosage.total_seconds()
        self.search_text = normalise_for_search(" ".join([self.name, *self.aliases, self.summary]))

    @staticmethod
    def _labels(values, choices):
        names = dict(choices.choices)
        return [names[value] for value in values if value in names]

    @property
    def region_labels(self):
        return self._labels(self.regions, Region)

    @property
    def equipment_labels(self):
        return self._labels(self.equipment, Equipment)

    @property
    def tag_labels(self):
        return self._labels(self.tags, Tag)

    @property
    def source_labels(self):
        return [(code, label) for code, label in Source.choices if code in self.sources]

    # The figure, rendered once per version of the exercise (exercises/figures/cache.py).
    @property
    def figure_animated(self):
        return figure_svg(self, "animated")

    @property
    def figure_animated_other_side(self):
        return figure_svg(self, "animated", mirrored=True) if self.per_side else ""

    @property
    def figure_thumbnail(self):
        return figure_svg(self, "still")

    @property
    def figure_keyframes(self):
        """Every keyframe still, side by side, for people who prefer reduced motion."""
        keyframes = self.figure.get("keyframes", [])
        return [
            (keyframe.get("label", ""), figure_svg(self, "frame", frame=n))
            for n, keyframe in enumerate(keyframes)
        ]

    def dosage_in_words(self) -> str:
        """For example "hold 20–40 s, each side, 2 sets"."""

        def amount(default, low, high):
            return (
                f"{low}–{high}"
                if low is not None and high is not None and low != high
                else str(default)
            )

        parts = []
        if self.mode == Mode.HOLD:
            parts.append(
                _("hold %(s)s s") % {"s": amount(self.seconds, self.seconds_min, self.seconds_max)}
            )
            if self.reps > 1 or self.reps_min:
                parts.append(
                    _("%(n)s times") % {"n": amount(self.reps, self.reps_min, self.reps_max)}
                )
        elif self.mode == Mode.REPS:
            parts.append(
                _("%(n)s repetitions") % {"n": amount(self.reps, self.reps_min, self.reps_max)}
            )
        else:
            seconds = amount(self.seconds, self.seconds_min, self.seconds_max)
            if self.seconds % 60 == 0 and self.seconds_min is None:
                minutes = self.seconds // 60
                parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
            else:
                parts.append(_("%(s)s s") % {"s": seconds})
        if self.per_side:
            parts.append(_("each side"))
        sets = amount(self.sets, self.sets_min, self.sets_max)
        if sets != "1":
            parts.append(_("%(n)s sets") % {"n": sets})
        if self.rest_seconds and sets != "1":
            parts.append(_("rest %(s)s s between sets") % {"s": self.rest_seconds})
        return ", ".join(str(part) for part in parts)


class ConditionGroup(models.TextChoices):
    RED_FLAG = "red-flag", _("Urgent warning signs")
    GENERAL = "general", _("General health")
    BACK = "back", _("Back and joints")
    SITUATION = "situation", _("Your situation")


class ConditionOutcome(models.TextChoices):
    URGENT = "urgent", _("Seek medical care now")
    STOP = "stop", _("See a doctor before exercising")
    RESTRICT = "restrict", _("Some exercises are not for you")


RULES_CACHE_KEY = "safety-rules"
RULES_CACHE_SECONDS = 300


class ConditionQuerySet(models.QuerySet):
    def rules(self):
        """Every condition's rule by slug, cached: read on most pages, changed rarely."""
        from django.core.cache import cache

        rules = cache.get(RULES_CACHE_KEY)
        if rules is None:
            rules = {condition.slug: condition.as_rule() for condition in self.all()}
            cache.set(RULES_CACHE_KEY, rules, RULES_CACHE_SECONDS)
        return rules


def forget_cached_rules(**kwargs):
    from django.core.cache import cache

    cache.delete(RULES_CACHE_KEY)


class Condition(models.Model):
    """A health condition or situation the safety check asks about, with its rule."""

    slug = models.SlugField(max_length=80, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=ConditionGroup.choices)
    position = models.PositiveSmallIntegerField(_("order in the questionnaire"), default=0)
    label = models.CharField(_("label"), max_length=120)
    question = models.CharField(
        _("question"),
        max_length=300,
        blank=True,
        help_text=_("Empty for conditions derived from the age."),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ConditionOutcome.choices)
    avoid_categories = ChoiceListField(_("categories not for you"), choices=Category.choices)
    avoid_tags = ChoiceListField(_("movements not for you"), choices=Tag.choices)
    caution_categories = ChoiceListField(
        _("categories to take care with"), choices=Category.choices
    )
    caution_tags = ChoiceListField(_("movements to take care with"), choices=Tag.choices)
    advice = models.TextField(_("advice"))
    sources = models.JSONField(_("sources"), default=list)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.label

    def as_rule(self):
        from exercises.safety import Rule

        return Rule(
            slug=self.slug,
            label=self.label,
            outcome=self.outcome,
            advice=self.advice,
            avoid_categories=frozenset(self.avoid_categories),
            avoid_tags=frozenset(self.avoid_tags),
            caution_categories=frozenset(self.caution_categories),
            caution_tags=frozenset(self.caution_tags),
        )
