"""The pose model: a 2D articulated body with fixed adult proportions.

Pure Python (no Django). A body is a tree of joints; every joint has a *rest* position (the
body standing, seen from the side facing right, or from the front) and a pose is a set of
joint angles in degrees. Forward kinematics turns a pose into world coordinates, so bones
never stretch: each segment is drawn in rest coordinates inside groups that rotate about
their joints, and the renderer emits exactly those groups.

Angles are anatomical, positive = the usual direction:
  side view:  pelvis tips the whole body forward (90 = trunk level, head forward; -90 = lying
              on the back); lumbar, thoracic, neck, head: flexion (rounding forward), negative
              arches back; shoulder: flexion (arm forward and up, 180 = overhead); elbow,
              knee: flexion (bend); wrist: hand bends up; hip: flexion (thigh forward);
              ankle: toes up (negative points the foot).
  front view: pelvis, lumbar, thoracic, neck, head lean towards the viewer's right;
              shoulder and hip: abduction (out to the side); elbow, wrist, knee, ankle:
              bend away from the midline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

VIEWS = ("side", "front", "above")
SIDES = ("near", "far")
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
SPINE_JOINTS = ("lumbar", "thoracic", "neck", "head")
# Every angle a keyframe may set, plus plural shortcuts that set both sides.
ANGLE_KEYS = ("pelvis", *SPINE_JOINTS, *tuple(f"{s}_{j}" for s in SIDES for j in LIMB_JOINTS))
SHORTCUTS = {f"{j}s": (f"near_{j}", f"far_{j}") for j in (*LIMB_JOINTS, "shrug")}
# "turn" (front view only): where the face looks, -1 (viewer's left) to 1 (viewer's right).
# "near_shrug"/"far_shrug" (0 to 8, not degrees): the shoulder girdle lifts towards the ear.
SHRUGS = ("near_shrug", "far_shrug")
ANGLE_KEYS = (*ANGLE_KEYS, *SHRUGS)
EXTRA_KEYS = ("turn", "twist", "hip_twist", "beats")
# "twist" (degrees, -90 to 90): the chest turns about the spine, towards the viewer's right
# (front view) or with the near shoulder forward (side view); shown by where the shoulders go.
SHOULDER_HALF_WIDTH = 16.0


HIP_HALF_WIDTH = 8.0


def hip_twist_shifts(view: str, degrees: float) -> dict[str, float]:
    """Like ``twist_shifts``, for the pelvis and legs turning below a still chest (hanging
    turns): seen from the front the hips come closer, seen from the side they separate."""
    r = math.radians(degrees)
    w = HIP_HALF_WIDTH
    if view in ("side", "above-side"):
        return {"near_turn": w * math.sin(r), "far_turn": -w * math.sin(r)}
    narrow = w * (1 - math.cos(r))
    return {"near_turn": narrow, "far_turn": -narrow}


def twist_shifts(view: str, degrees: float) -> dict[str, float]:
    """How far a twist of the chest moves each shoulder across the picture: seen from the
    front the shoulders come closer (the chest is seen more from the side) and shift towards
    the turn; seen from the side they separate, the near one forward."""
    r = math.radians(degrees)
    w = SHOULDER_HALF_WIDTH
    if view in ("side", "above-side"):
        return {"near_twist": w * math.sin(r), "far_twist": -w * math.sin(r)}
    narrow = w * (1 - math.cos(r))
    return {"near_twist": narrow, "far_twist": -narrow}


# Drawing frame: one viewBox and scale for every exercise.
WIDTH, HEIGHT = 320, 240
FLOOR_Y = 228.0
BAR_HEIGHT = 200.0  # a high bar: straight legs hang clear of the floor
FACE_TURN = 7.0  # how far the face marker moves across the head at turn = 1
PROFILE_TURN = 11.0  # how far the nose sticks out at the side of the head at turn = 1


@dataclass(frozen=True)
class Segment:
    """One drawn part: a rounded line from a to b (rest coordinates) of a given width."""

    joint: str  # the joint group it is drawn in
    a: tuple[float, float]
    b: tuple[float, float]
    width: float
    part: str  # name used by contact checks: "near_foot", "thoracic", ...


@dataclass(frozen=True)
class Joint:
    name: str
    parent: str | None
    at: tuple[float, float]  # rest position of the joint (centre of rotation)
    sign: int  # anatomical angle -> SVG rotation (clockwise positive)
    lift: bool = False  # a shrug: moves its children up by its value instead of rotating
    slide: bool = False  # a twist: moves its children across by its value (see ``twist_shifts``)


def _side_skeleton():
    joints = [
        Joint("pelvis", None, (0, 0), 1),
        Joint("lumbar", "pelvis", (0, -12), 1),
        Joint("thoracic", "lumbar", (0, -26), 1),
        Joint("neck", "thoracic", (0, -44), 1),
        Joint("head", "neck", (1, -55), 1),
    ]
    segments = [
        Segment("pelvis", (-3, 0), (0, -12), 20, "pelvis"),
        Segment("lumbar", (0, -12), (0, -26), 19, "lumbar"),
        Segment("thoracic", (0, -27), (0, -42), 24, "thoracic"),
        Segment("neck", (0, -44), (1, -55), 9, "neck"),
        Segment("head", (3, -64), (3, -64), 21, "head"),
        Segment("head", (12, -63), (12, -63), 5, "nose"),
    ]
    for side in SIDES:
        joints += [
            Joint(f"{side}_twist", "thoracic", (0, -42), 1, slide=True),
            Joint(f"{side}_shrug", f"{side}_twist", (0, -42), 1, lift=True),
            Joint(f"{side}_shoulder", f"{side}_shrug", (0, -42), -1),
            Joint(f"{side}_elbow", f"{side}_shoulder", (0, -14), -1),
            Joint(f"{side}_wrist", f"{side}_elbow", (0, 8), -1),
            Joint(f"{side}_turn", "pelvis", (0, 0), 1, slide=True),
            Joint(f"{side}_hip", f"{side}_turn", (0, 0), -1),
            Joint(f"{side}_knee", f"{side}_hip", (0, 38), 1),
            Joint(f"{side}_ankle", f"{side}_knee", (0, 75), -1),
        ]
        segments += [
            Segment(f"{side}_shoulder", (0, -42), (0, -14), 10, f"{side}_upper_arm"),
            Segment(f"{side}_elbow", (0, -14), (0, 8), 8, f"{side}_forearm"),
            Segment(f"{side}_wrist", (0, 8), (0, 19), 7, f"{side}_hand"),
            Segment(f"{side}_hip", (0, 0), (0, 38), 13, f"{side}_thigh"),
            Segment(f"{side}_knee", (0, 38), (0, 75), 11, f"{side}_shin"),
            Segment(f"{side}_ankle", (-4, 77.5), (15, 77.5), 6, f"{side}_foot"),
        ]
    return joints, segments


def _front_skeleton():
    joints = [
        Joint("pelvis", None, (0, 0), 1),
        Joint("lumbar", "pelvis", (0, -12), 1),
        Joint("thoracic", "lumbar", (0, -26), 1),
        Joint("neck", "thoracic", (0, -44), 1),
        Joint("head", "neck", (0, -55), 1),
    ]
    segments = [
        Segment("pelvis", (-6, 0), (6, 0), 24, "pelvis"),
        Segment("lumbar", (0, -12), (0, -26), 20, "lumbar"),
        Segment("thoracic", (0, -29), (0, -38), 27, "thoracic"),
        Segment("neck", (0, -44), (0, -55), 9, "neck"),
        Segment("head", (0, -64), (0, -64), 21, "head"),
        Segment("head", (0, -63), (0, -63), 7, "profile"),
        Segment("head", (0, -62), (0, -62), 6, "nose"),
    ]
    for side, x, sign in (("near", -1, 1), ("far", 1, -1)):
        joints += [
            Joint(f"{side}_twist", "thoracic", (16 * x, -41), 1, slide=True),
            Joint(f"{side}_shrug", f"{side}_twist", (16 * x, -41), 1, lift=True),
            Joint(f"{side}_shoulder", f"{side}_shrug", (16 * x, -41), sign),
            Joint(f"{side}_elbow", f"{side}_shoulder", (16 * x, -13), sign),
            Joint(f"{side}_wrist", f"{side}_elbow", (16 * x, 9), sign),
            Joint(f"{side}_turn", "pelvis", (8 * x, 0), 1, slide=True),
            Joint(f"{side}_hip", f"{side}_turn", (8 * x, 0), sign),
            Joint(f"{side}_knee", f"{side}_hip", (8 * x, 38), sign),
            Joint(f"{side}_ankle", f"{side}_knee", (8 * x, 75), sign),
        ]
        segments += [
            Segment(f"{side}_shrug", (2 * x, -41), (14 * x, -41), 12, f"{side}_shoulder"),
            Segment(f"{side}_shoulder", (16 * x, -41), (16 * x, -13), 10, f"{side}_upper_arm"),
            Segment(f"{side}_elbow", (16 * x, -13), (16 * x, 9), 8, f"{side}_forearm"),
            Segment(f"{side}_wrist", (16 * x, 9), (16 * x, 20), 7, f"{side}_hand"),
            Segment(f"{side}_hip", (8 * x, 0), (8 * x, 38), 14, f"{side}_thigh"),
            Segment(f"{side}_knee", (8 * x, 38), (8 * x, 75), 11, f"{side}_shin"),
            Segment(f"{side}_ankle", (8 * x, 78.5), (11 * x, 78.5), 6, f"{side}_foot"),
        ]
    return joints, segments


SKELETONS = {"side": _side_skeleton(), "front": _front_skeleton()}
# Seen from the ceiling: lying on the back or front shows the body's front; lying on the
# side shows its profile (the side skeleton, without a floor line).
SKELETONS["above"] = SKELETONS["front"]
SKELETONS["above-side"] = SKELETONS["side"]


def drawing_view(view: str, base: str) -> str:
    """The skeleton and placement a figure is drawn with."""
    return "above-side" if view == "above" and base == "lying-side" else view


# Base positions: the angles an exercise starts from, where the body rests, which point
# stays put horizontally between keyframes, and which parts touch the floor.
BASES: dict[str, dict] = {
    "standing": {
        "angles": {"near_shoulder": -4, "far_shoulder": 6, "near_hip": 2, "far_hip": -2},
        "front": {"shoulders": 6, "hips": 3},
        "anchor": "near_ankle",
        "contacts": ["near_foot", "far_foot"],
    },
    "sitting": {
        "angles": {
            "hips": 88,
            "near_shoulder": 35,
            "far_shoulder": 40,
            "elbows": 40,
        },
        "front": {"hips": 86, "knees": -170, "shoulders": 45, "elbows": -10, "ankles": 30},
        "front_contacts": ["pelvis"],
        "anchor": "pelvis",
        "contacts": ["pelvis", "near_shin"],
    },
    "chair": {
        "angles": {"hips": 90, "knees": 90, "near_shoulder": 20, "far_shoulder": 26},
        "anchor": "pelvis",
        "contacts": ["near_foot", "far_foot"],
        "seat": True,
    },
    "all-fours": {
        "angles": {
            "pelvis": 79,
            "hips": 79,
            "knees": 90,
            "ankles": -75,
            "shoulders": 79,
            "wrists": 90,
            "neck": -10,
        },
        "anchor": "near_knee",
        "contacts": ["near_shin", "near_hand"],
    },
    "kneeling": {
        "angles": {"knees": 90, "ankles": -75},
        "anchor": "near_knee",
        "contacts": ["near_shin"],
    },
    "lying-back": {
        "angles": {"pelvis": -90, "hips": -3, "ankles": -20, "shoulders": -8, "neck": -8},
        "above": {"pelvis": -90, "shoulders": 14, "hips": 4},
        "anchor": "neck",
        "contacts": ["thoracic", "pelvis"],
    },
    "lying-front": {
        "angles": {"pelvis": 90, "hips": 5, "ankles": -90, "shoulders": 172, "neck": -12},
        "above": {"pelvis": -90, "shoulders": 14, "hips": 4},
        "anchor": "neck",
        "contacts": ["thoracic", "pelvis"],
    },
    "lying-side": {
        "angles": {
            "pelvis": -90,
            "hips": 20,
            "knees": 30,
            "ankles": -20,
            "far_shoulder": 170,
            "far_elbow": 20,
            "near_shoulder": 20,
        },
        "front": {"pelvis": -90, "far_shoulder": 10, "near_shoulder": 165, "near_elbow": 60},
        "above": {},  # drawn with the side skeleton (see drawing_view)
        "front_contacts": ["near_thigh", "near_upper_arm"],
        "anchor": "neck",
        "contacts": ["pelvis", "thoracic"],
    },
    "hanging": {
        "angles": {"shoulders": 178, "near_hip": 2, "far_hip": -2},
        "front": {"shoulders": 160},
        "anchor": "near_wrist",
        "contacts": [],
        "support": "hands",
    },
}
BASE_NAMES = tuple(BASES)
# What a figure may rest on instead of the floor, and at what height above the floor.
SUPPORTS = {"floor": None, "hands": "near_hand_tip", "knees": "near_knee", "shoulders": "neck"}
PROPS = ("mat", "chair", "wall", "bar", "strap", "pillow", "board", "loop")


def expand(angles: dict) -> dict[str, float]:
    """Shortcuts ("knees": 90) become both sides; unknown keys are left to validation."""
    out: dict[str, float] = {}
    for key, value in angles.items():
        for name in SHORTCUTS.get(key, (key,)):
            out[name] = float(value)
    return out


# --- 2D affine transforms as (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f ---


def _lift(amount: float, _cx=0.0, _cy=0.0):
    return (1, 0, 0, 1, 0, -amount)


def _rotation(degrees: float, cx: float, cy: float):
    r = math.radians(degrees)
    cos, sin = math.cos(r), math.sin(r)
    return (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)


def _compose(m, n):
    """m after n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def apply(m, point):
    x, y = point
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


@dataclass
class Frame:
    """One keyframe solved: SVG rotation per joint, the pelvis offset, world geometry."""

    rotations: dict[str, float]  # SVG degrees per joint (pelvis included)
    offset: tuple[float, float]  # where the rest origin (the hip) goes in the viewBox
    turn: float
    parts: dict[str, tuple[tuple[float, float], tuple[float, float], float]]  # world a, b, r
    joints: dict[str, tuple[float, float]]  # world position of every joint

    def lowest(self, part: str) -> float:
        (_ax, ay), (_bx, by), r = self.parts[part]
        return max(ay, by) + r


def rotations_for(view: str, angles: dict[str, float]) -> dict[str, float]:
    joints, _ = SKELETONS[view]
    return {j.name: j.sign * angles.get(j.name, 0.0) for j in joints}


_PLANS: dict[str, tuple] = {}


def _plan(view: str):
    """The skeleton flattened for ``_world``: joints (parents first) and segments."""
    if view not in _PLANS:
        joints, segments = SKELETONS[view]
        _PLANS[view] = (
            [(j.name, j.parent, j.at[0], j.at[1], j.lift, j.slide) for j in joints],
            [(s.joint, s.part, s.a, s.b, s.width / 2) for s in segments],
        )
    return _PLANS[view]


def _world(view: str, rotations: dict[str, float], offset=(0.0, 0.0), turn=0.0):
    """World positions of every joint and world ends of every drawn part (forward
    kinematics; written out by hand because it runs for every sampled moment)."""
    joints, segments = _plan(view)
    transforms: dict[str, tuple] = {}
    positions = {}
    base = (1.0, 0.0, 0.0, 1.0, offset[0], offset[1])
    cos, sin, radians = math.cos, math.sin, math.radians
    for name, parent_name, cx, cy, lift, slide in joints:  # parents come first
        a, b, c, d, e, f = transforms[parent_name] if parent_name else base
        positions[name] = (a * cx + c * cy + e, b * cx + d * cy + f)
        value = rotations[name]
        if slide:
            transforms[name] = (a, b, c, d, e + a * value, f + b * value)
            continue
        if lift:
            transforms[name] = (a, b, c, d, e - c * value, f - d * value)
            continue
        r = radians(value)
        co, si = cos(r), sin(r)
        tx, ty = cx - co * cx + si * cy, cy - si * cx - co * cy
        transforms[name] = (
            a * co + c * si,
            b * co + d * si,
            -a * si + c * co,
            -b * si + d * co,
            a * tx + c * ty + e,
            b * tx + d * ty + f,
        )
    parts = {}
    turning = view in ("front", "above")
    for joint, part, pa, pb, radius in segments:
        a, b, c, d, e, f = transforms[joint]
        if part == "nose" and turning:  # the face turns across the head
            pa = pb = (pa[0] + FACE_TURN * turn, pa[1])
        elif part == "profile":  # and the nose shows at the edge of the head
            pa = pb = (pa[0] + PROFILE_TURN * turn, pa[1])
        parts[part] = (
            (a * pa[0] + c * pa[1] + e, b * pa[0] + d * pa[1] + f),
            (a * pb[0] + c * pb[1] + e, b * pb[0] + d * pb[1] + f),
            radius,
        )
    positions["near_hand_tip"] = parts["near_hand"][1]
    return positions, parts


def base_angles(base: str, view: str) -> dict[str, float] | None:
    """The base position's angles for a view (None: that base is not drawn in that view)."""
    key = "angles" if view in ("side", "above-side") else view
    angles = BASES[base].get(key)
    return None if angles is None else expand(angles)


def base_contacts(base: str, view: str) -> list[str]:
    if view.startswith("above"):
        return []  # seen from the ceiling: the floor is everywhere
    key = "contacts" if view == "side" else "front_contacts"
    return BASES[base].get(key, ["near_foot", "far_foot"] if base == "standing" else [])


def solve(view: str, angles: dict[str, float], support: str, support_height: float, turn=0.0):
    """Place one pose: rest on the floor (lowest point on the floor line) or hang the
    support point at its height. Horizontal placement is done later by ``place``."""
    rotations = rotations_for(view, angles)
    positions, parts = _world(view, rotations)
    if view.startswith("above"):
        dy = 0.0  # centred by ``place``
    elif support == "floor":
        lowest = max(max(a[1], b[1]) + r for a, b, r in parts.values())
        dy = FLOOR_Y - lowest
    else:
        dy = FLOOR_Y - support_height - positions[SUPPORTS[support]][1]
    return Frame(rotations, (0.0, dy), turn, {}, {})


def place(view: str, frames: list[Frame], anchor: str) -> list[Frame]:
    """Keep the anchor joint still between keyframes, centre the whole movement, and fill
    in the world geometry of every frame."""
    xs = []
    for frame in frames:
        positions, _ = _world(view, frame.rotations)
        xs.append(positions[anchor][0])
    for frame, x in zip(frames, xs, strict=True):
        frame.offset = (xs[0] - x, frame.offset[1])
    low, high = math.inf, -math.inf
    for frame in frames:
        _, parts = _world(view, frame.rotations, frame.offset)
        for a, b, r in parts.values():
            low = min(low, a[0] - r, b[0] - r)
            high = max(high, a[0] + r, b[0] + r)
    shift = WIDTH / 2 - (low + high) / 2
    lift = 0.0
    if view.startswith("above"):
        ys = [
            y
            for frame in frames
            for a, b, r in _world(view, frame.rotations, frame.offset)[1].values()
            for y in (a[1] - r, a[1] + r, b[1] - r, b[1] + r)
        ]
        lift = HEIGHT / 2 - (min(ys) + max(ys)) / 2
    for frame in frames:
        frame.offset = (round(frame.offset[0] + shift, 1), round(frame.offset[1] + lift, 1))
        frame.joints, frame.parts = _world(view, frame.rotations, frame.offset, frame.turn)
    return frames


def highest_point(view: str, frames: list[Frame], steps: int = 8) -> float:
    """The top (smallest y) of everything drawn while the figure moves: every keyframe and
    the poses between them (a limb turning through the vertical rises above both ends), the
    cycle back to the first keyframe included."""
    top = math.inf
    for a, b in zip(frames, frames[1:] + frames[:1], strict=True):
        for step in range(steps):
            t = step / steps
            rotations = {k: v + (b.rotations[k] - v) * t for k, v in a.rotations.items()}
            offset = (
                a.offset[0] + (b.offset[0] - a.offset[0]) * t,
                a.offset[1] + (b.offset[1] - a.offset[1]) * t,
            )
            _, parts = _world(view, rotations, offset, a.turn + (b.turn - a.turn) * t)
            top = min(top, *(min(pa[1], pb[1]) - r for pa, pb, r in parts.values()))
    return top
