"""A figure as data: checking it, and solving its keyframes into placed poses.

``validate_figure(raw, mode=...)`` is what the catalogue loader calls: it raises
``FigureError`` with a message for the first problem (unknown key, bad angle, a body part
outside the picture or below the floor, a part that should touch the floor floating, a
repetition whose keyframes are all the same) and returns the figure as plain JSON-able data
for the database. ``solve_figure(figure)`` gives the placed keyframes the renderer draws.
"""

from __future__ import annotations

import math
from numbers import Real

from exercises.figures.body import (
    ANGLE_KEYS,
    BAR_HEIGHT,
    BASE_NAMES,
    BASES,
    EXTRA_KEYS,
    FLOOR_Y,
    HEIGHT,
    PROPS,
    SHORTCUTS,
    SKELETONS,
    SUPPORTS,
    VIEWS,
    WIDTH,
    Frame,
    base_angles,
    base_contacts,
    drawing_view,
    expand,
    place,
    solve,
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
}
REQUIRED_KEYS = {"view", "base", "description", "keyframes"}
PILLOW_PLACES = ("head", "knees", "chest", "pelvis")
# A part may sit this far above the floor and still "touch" it, or sink this far into it.
CONTACT_TOLERANCE = 5.0
FLOOR_TOLERANCE = 1.5
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


def validate_figure(raw, *, mode: str = "reps") -> dict:
    """Check a figure table from the catalogue; return it as stored data."""
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

    problems = figure_problems(figure, mode=mode)
    if problems:
        raise FigureError(problems[0])
    return figure


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


def solve_figure(figure: dict) -> list[Frame]:
    """Every keyframe as a placed Frame (same scale and viewBox for every exercise)."""
    base = BASES[figure["base"]]
    view = drawing_view(figure["view"], figure["base"])
    support = figure.get("support", base.get("support", "floor"))
    height = figure.get("support_height", BAR_HEIGHT)
    frames = []
    for keyframe in figure["keyframes"]:
        angles = base_angles(figure["base"], view)
        own = {k: v for k, v in keyframe.items() if k not in ("label", "turn")}
        angles = {**angles, **expand(own)}
        frames.append(solve(view, angles, support, height, keyframe.get("turn", 0.0)))
    return place(view, frames, figure.get("anchor", base["anchor"]))


def contacts_of(figure: dict) -> list[str]:
    view = drawing_view(figure["view"], figure["base"])
    return figure.get("contacts", base_contacts(figure["base"], view))


def figure_problems(figure: dict, *, mode: str = "reps") -> list[str]:
    """What is wrong with a (structurally valid) figure's geometry, keyframe by keyframe."""
    problems = []
    frames = solve_figure(figure)
    contacts = contacts_of(figure)
    for number, frame in enumerate(frames, start=1):
        for name, (x, y) in frame.joints.items():
            if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
                problems.append(f"keyframe {number}: {name} is outside the picture")
        for name, (a, b, r) in frame.parts.items():
            if figure["view"] != "above" and max(a[1], b[1]) + r > FLOOR_Y + FLOOR_TOLERANCE:
                problems.append(f"keyframe {number}: {name} is below the floor")
            if min(a[1], b[1]) - r < 0 or min(a[0], b[0]) - r < 0 or max(a[0], b[0]) + r > WIDTH:
                problems.append(f"keyframe {number}: {name} is outside the picture")
        for name in contacts:
            gap = min(FLOOR_Y - frame.lowest(part) for part in name.split("|"))
            if gap > CONTACT_TOLERANCE:
                problems.append(
                    f"keyframe {number}: {name} should touch the floor but is {gap:.0f} above it"
                )
    # A repetition moves; a hold shows the way in, so its keyframes differ too.
    first = frames[0]
    if all(frame.rotations == first.rotations and frame.turn == first.turn for frame in frames[1:]):
        problems.append("the keyframes must differ (the figure would not move)")
    return problems
