"""A figure as data: checking it, and solving its keyframes into placed poses.

``validate_figure(raw, mode=...)`` is what the catalogue loader calls: it raises
``FigureError`` with a message for the first problem (unknown key, bad angle, a body part
outside the picture or below the floor, a part that should touch the floor floating, a
repetition whose keyframes are all the same) and returns the figure as plain JSON-able data
for the database. ``solve_figure(figure)`` gives the placed keyframes;
``motion.solve_moments`` every sampled moment, which the renderer draws and the loader checks.

A figure may carry an ``inset``: a second, small view of the same movement (from the side,
the front or above) for what one flat view cannot show (a chin tuck seen from the front, knees
falling open seen from the side). It has the same keyframes, one per phase, timed by the
figure's own, and is checked like a figure, except that it may stand still.
"""

from __future__ import annotations

import math
from numbers import Real

from exercises.figures.body import (
    ANGLE_KEYS,
    BASE_NAMES,
    EXTRA_KEYS,
    HEIGHT,
    PROPS,
    SHORTCUTS,
    SKELETONS,
    SUPPORTS,
    VIEWS,
    WIDTH,
    base_angles,
    base_contacts,
    drawing_view,
)
from exercises.figures.motion import (  # noqa: F401 - CONTACT_TOLERANCE is re-exported
    CONTACT_TOLERANCE,
    Moment,
    keyframe_moments,
    moment_problems,
    solve_moments,
)

FIGURE_KEYS = {
    "view",
    "base",
    "description",
    "props",
    "keyframes",
    "contacts",
    "anchor",
    "support",
    "support_height",
    "cycle_seconds",
    "key",
    "pillow",
    "slides",
    "behind",
    "press",
    "inset",
}
# What an inset may set: where and how its body is drawn, never its own name, timing or key.
INSET_KEYS = {
    "view",
    "base",
    "keyframes",
    "props",
    "contacts",
    "anchor",
    "slides",
    "behind",
    "support",
    "support_height",
    "pillow",
}
LIMB_NAMES = ("near_arm", "far_arm", "near_leg", "far_leg")
REQUIRED_KEYS = {"view", "base", "description", "keyframes"}
PILLOW_PLACES = ("head", "knees", "chest", "pelvis")
MAX_ANGLE = 360


class FigureError(ValueError):
    """The figure data is wrong; the message says what and where."""


def _number(value, what, low, high):
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise FigureError(f"{what} must be a number")
    if not low <= value <= high:
        raise FigureError(f"{what} = {value} is outside {low}..{high}")
    return float(value)


def part_names(view: str) -> set[str]:
    return {segment.part for segment in SKELETONS[view][1]}


def joint_names(view: str) -> set[str]:
    return {joint.name for joint in SKELETONS[view][0]} | {"near_hand_tip"}


def validate_figure(raw, *, mode: str = "reps", still: bool = False) -> dict:
    """Check a figure table from the catalogue; return it as stored data. ``still``: the
    keyframes may all be the same (an inset that only shows the position)."""
    if not isinstance(raw, dict):
        raise FigureError("figure must be a table")
    missing = REQUIRED_KEYS - set(raw)
    if missing:
        raise FigureError(f"missing field(s): {', '.join(sorted(missing))}")
    unknown = set(raw) - FIGURE_KEYS
    if unknown:
        raise FigureError(f"unknown field(s): {', '.join(sorted(unknown))}")
    view, base = raw["view"], raw["base"]
    if view not in VIEWS:
        raise FigureError(f"unknown view {view!r} (expected one of {list(VIEWS)})")
    if base not in BASE_NAMES:
        raise FigureError(f"unknown base {base!r} (expected one of {list(BASE_NAMES)})")
    if base_angles(base, drawing_view(view, base)) is None:
        raise FigureError(f"base {base!r} cannot be drawn in the {view} view")
    description = raw["description"]
    if not isinstance(description, str) or not description.strip():
        raise FigureError("description must be a non-empty string (it names the figure)")
    figure = {"view": view, "base": base, "description": description.strip()}

    props = raw.get("props", [])
    if not isinstance(props, list) or not all(p in PROPS for p in props):
        raise FigureError(f"props must be a list of {list(PROPS)}")
    figure["props"] = list(props)
    if "contacts" in raw:
        contacts = raw["contacts"]
        names = part_names(drawing_view(view, base))
        if not isinstance(contacts, list) or not all(
            isinstance(c, str) and set(c.split("|")) <= names for c in contacts
        ):
            raise FigureError(
                "contacts must be a list of body parts (a|b: either touches): "
                f"{', '.join(sorted(names))}"
            )
        figure["contacts"] = list(contacts)
    if "anchor" in raw:
        if raw["anchor"] not in joint_names(drawing_view(view, base)):
            raise FigureError(f"unknown anchor {raw['anchor']!r}")
        figure["anchor"] = raw["anchor"]
    if "slides" in raw:
        slides = raw["slides"]
        names = part_names(drawing_view(view, base))
        if not isinstance(slides, list) or not all(s in names for s in slides):
            raise FigureError(f"slides must be a list of body parts: {', '.join(sorted(names))}")
        figure["slides"] = list(slides)
    if "press" in raw:
        press = raw["press"]
        names = part_names(drawing_view(view, base))
        if not (isinstance(press, list) and len(press) == 2 and set(press) <= names):
            raise FigureError(
                "press must name two body parts: [the one that pushes, the one it pushes into]"
            )
        figure["press"] = list(press)
    if "behind" in raw:
        behind = raw["behind"]
        if not isinstance(behind, list) or not all(b in LIMB_NAMES for b in behind):
            raise FigureError(f"behind must be a list of limbs: {', '.join(LIMB_NAMES)}")
        figure["behind"] = list(behind)
    if "support" in raw:
        if raw["support"] not in SUPPORTS:
            raise FigureError(f"support must be one of {list(SUPPORTS)}")
        figure["support"] = raw["support"]
    if "support_height" in raw:
        figure["support_height"] = _number(raw["support_height"], "support_height", 20, 200)
    if "cycle_seconds" in raw:
        figure["cycle_seconds"] = _number(raw["cycle_seconds"], "cycle_seconds", 1, 30)
    if "pillow" in raw:
        if raw["pillow"] not in PILLOW_PLACES:
            raise FigureError(f"pillow must be one of {list(PILLOW_PLACES)}")
        figure["pillow"] = raw["pillow"]

    keyframes = raw["keyframes"]
    if not isinstance(keyframes, list) or len(keyframes) < 2:
        raise FigureError("keyframes must be a list of at least two poses")
    if len(keyframes) > 6:
        raise FigureError("at most six keyframes")
    figure["keyframes"] = [_keyframe(k, n) for n, k in enumerate(keyframes, start=1)]
    if "key" in raw:
        key = raw["key"]
        if isinstance(key, bool) or not isinstance(key, int) or not 0 <= key < len(keyframes):
            raise FigureError(f"key must be the index of a keyframe (0..{len(keyframes) - 1})")
        figure["key"] = key
    if "inset" in raw:
        figure["inset"] = _inset(raw["inset"], figure, mode)

    problems = figure_problems(figure, mode=mode, still=still)
    if problems:
        raise FigureError(problems[0])
    return figure


def _inset(raw, figure: dict, mode: str) -> dict:
    """The second view: validated as a figure of its own, with the figure's keyframe timing."""
    if not isinstance(raw, dict):
        raise FigureError("inset must be a table")
    unknown = set(raw) - INSET_KEYS
    if unknown:
        raise FigureError(f"inset: unknown field(s): {', '.join(sorted(unknown))}")
    keyframes = raw.get("keyframes")
    if not isinstance(keyframes, list) or len(keyframes) != len(figure["keyframes"]):
        raise FigureError(
            f"inset: keyframes must be a list of {len(figure['keyframes'])} poses, "
            "one per keyframe of the figure"
        )
    if any(isinstance(k, dict) and {"label", "beats"} & set(k) for k in keyframes):
        raise FigureError("inset: keyframes take no label or beats (the figure's own name them)")
    timed = [
        {**k, "beats": main["beats"]} if isinstance(k, dict) and "beats" in main else k
        for k, main in zip(keyframes, figure["keyframes"], strict=True)
    ]
    try:
        inset = validate_figure(
            {**raw, "keyframes": timed, "description": figure["description"]},
            mode=mode,
            still=True,
        )
    except FigureError as error:
        raise FigureError(f"inset: {error}") from None
    del inset["description"]
    return inset


def _keyframe(raw, number) -> dict:
    if not isinstance(raw, dict):
        raise FigureError(f"keyframe {number} must be a table of joint angles")
    allowed = set(ANGLE_KEYS) | set(SHORTCUTS) | set(EXTRA_KEYS) | {"label"}
    unknown = set(raw) - allowed
    if unknown:
        raise FigureError(
            f"keyframe {number}: unknown joint(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(allowed))})"
        )
    frame = {}
    for key, value in raw.items():
        if key == "label":
            if not isinstance(value, str):
                raise FigureError(f"keyframe {number}: label must be a string")
            frame[key] = value
        elif key == "turn":
            frame[key] = _number(value, f"keyframe {number}: turn", -1, 1)
        elif key == "beats":
            frame[key] = _number(value, f"keyframe {number}: beats", 0.1, 60)
        elif key in ("twist", "hip_twist"):
            frame[key] = _number(value, f"keyframe {number}: {key}", -90, 90)
        elif key.endswith(("shrug", "shrugs")):
            frame[key] = _number(value, f"keyframe {number}: {key}", 0, 8)
        else:
            frame[key] = _number(value, f"keyframe {number}: {key}", -MAX_ANGLE, MAX_ANGLE)
    return frame


def key_index(figure: dict, mode: str) -> int:
    """The keyframe a still thumbnail shows: the held pose, or the turning point of a move."""
    if "key" in figure:
        return figure["key"]
    return len(figure["keyframes"]) - 1 if mode == "hold" else 1


def solve_figure(figure: dict, mode: str = "reps") -> list[Moment]:
    """Every keyframe as a placed pose (same scale and viewBox for every exercise): the
    moments of the cycle that show the keyframes (see ``motion``)."""
    return keyframe_moments(solve_moments(figure, mode), len(figure["keyframes"]))


def contacts_of(figure: dict) -> list[str]:
    view = drawing_view(figure["view"], figure["base"])
    return figure.get("contacts", base_contacts(figure["base"], view))


def figure_problems(figure: dict, *, mode: str = "reps", still: bool = False) -> list[str]:
    """What is wrong with a (structurally valid) figure's geometry: at every sampled moment
    of its cycle (``motion.moment_problems``), its inset's too, and keyframes that would not
    move (unless ``still``)."""
    moments = solve_moments(figure, mode)
    problems = moment_problems(figure, moments)
    frames = keyframe_moments(moments, len(figure["keyframes"]))
    for number, frame in enumerate(frames, start=1):
        for name, (x, y) in frame.joints.items():
            if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
                problems.append(f"keyframe {number}: {name} is outside the picture")
    if "inset" in figure:
        problems += [
            f"inset: {problem}"
            for problem in figure_problems(figure["inset"], mode=mode, still=True)
        ]
    # A repetition moves; a hold shows the way in, so its keyframes differ too.
    first = figure["keyframes"][0]
    if not still and all(
        {k: v for k, v in frame.items() if k != "label"}
        == {k: v for k, v in first.items() if k != "label"}
        for frame in figure["keyframes"][1:]
    ):
        problems.append("the keyframes must differ (the figure would not move)")
    return problems
