"""Turn a figure into one inline SVG (pure Python, no Django).

The animated figure is a tree of <g> groups, one per joint, each rotating about its joint;
SVG's own <animateTransform> moves them between keyframes (eased with keySplines), so it
plays without JavaScript under a strict CSP. A repetition loops once per repetition at the
exercise's tempo; a hold plays the way in once and stays in the held pose. The still
thumbnail is the key pose drawn flat in world coordinates (smaller, nothing moves).
Every figure is drawn at the same scale; ``mirrored`` draws the other side. Its picture is
cut to what it draws at any moment (``cropped``: the body, props and an inset, with a
margin), so thumbnails and the player show the body rather than a small body in a wide empty
box; a figure lying on the floor or on all fours keeps at most the band it moves in
(``view_box``). An inset (a second small view, see ``spec``) sits in a corner the body leaves
free, or above a lying figure, and moves in step with it.
"""

from __future__ import annotations

from html import escape

from exercises.figures.body import (
    FACE_TURN,
    FLOOR_Y,
    HEIGHT,
    PROFILE_TURN,
    SKELETONS,
    WIDTH,
    Frame,
    drawing_view,
)
from exercises.figures.motion import (
    Moment,
    ease,
    keyframe_moments,
    leg_times,
    moment_at,
    solve_moments,
)
from exercises.figures.spec import contacts_of, key_index

NEAR = "#2d5f7f"  # the trunk and the near legs
NEAR_ARM = "#173f59"  # the near arm, darker, with a light edge so it shows over the trunk
FAR = "#6f8fa6"  # far limbs: lighter than the near side, still 3:1 against the page
PROP = "#857a69"  # props' lines: 3:1 or more against the page
PROP_FILL = "#e6dccb"
MAT = "#5f9177"  # 3:1 against the page
MAT_FILL = "#f0f6f2"  # a mat seen from above: light, so far limbs keep 3:1 on it
BAR = "#3d352c"  # a bar: dark, with a light glint
PRESS = "#c2410c"  # where an isometric press pushes: an arrow, 3:1 or more on the page
FLOOR = "#8c877e"
FACE = "#f4efe6"
EASE = "0.42 0 0.58 1"
HOLD_TRANSITION_SECONDS = 2.5
TIMED_CYCLE_SECONDS = 4.0
# Bases drawn low on the floor: lying, and on all fours (planks are catalogued as lying on
# the front). Their pictures are cut to the band they move in.
LOW_ON_THE_FLOOR = frozenset({"lying-back", "lying-front", "lying-side", "all-fours"})
# Props that reach far above a lying body: such a figure keeps the whole frame.
TALL_PROPS = frozenset({"wall", "chair", "bar", "loop"})
FIT_MARGIN = 10.0  # above the highest point of a lying figure's movement
MIN_FIT_HEIGHT = 100.0  # a flat figure is centred in this much rather than cut to a strip


def _n(value: float) -> str:
    """A short number: one decimal at most, no trailing zeros."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


ARM_PARTS = ("upper_arm", "forearm", "hand", "shoulder")
LIMBS = {"near_arm", "far_arm", "near_leg", "far_leg"}
HALO = 3.0  # how much wider the light edge under a near arm is


def _limb(part: str) -> str | None:
    side, _, rest = part.partition("_")
    if side not in ("near", "far"):
        return None
    return f"{side}_arm" if rest in ARM_PARTS else f"{side}_leg"


def _layers(view, behind=(), face_down=False):
    """Drawing order, back to front: (colour, the segment parts in that layer, how much
    wider than the part to draw it: a light edge). Limbs listed in ``behind`` (a hand behind
    the back) are drawn behind the trunk; the near arm has a light edge so it shows in front
    of the trunk."""
    _, segments = SKELETONS[view]
    parts = [s.part for s in segments]
    if face_down:  # seen from above, face down: the back of the head, no face
        parts = [p for p in parts if p not in ("nose", "profile")]
    trunk = [p for p in parts if _limb(p) is None]
    back = [p for p in parts if _limb(p) in behind]

    def limb(name):
        return [p for p in parts if _limb(p) == name and p not in back]

    near_arm = limb("near_arm")
    return [
        (FAR, limb("far_leg"), 0.0),
        (FAR, limb("far_arm"), 0.0),
        (FAR, [p for p in back if p.startswith("far_")], 0.0),
        (NEAR_ARM, [p for p in back if p.startswith("near_")], 0.0),
        (NEAR, trunk, 0.0),
        (NEAR, limb("near_leg"), 0.0),
        (FACE, near_arm, HALO),
        (NEAR_ARM, near_arm, 0.0),
    ]


def _face_down(figure) -> bool:
    return figure["view"] == "above" and figure["base"] == "lying-front"


def _shape(a, b, width, colour_attr="", widen=0.0):
    width += widen
    if a == b:
        return f'<circle cx="{_n(a[0])}" cy="{_n(a[1])}" r="{_n(width / 2)}"{colour_attr}/>'
    return f'<path d="M{_n(a[0])} {_n(a[1])}L{_n(b[0])} {_n(b[1])}" stroke-width="{_n(width)}"/>'


class Timing:
    def __init__(
        self,
        count: int,
        mode: str,
        seconds_per_rep: float,
        cycle: float | None,
        times: list[float] | None = None,
    ):
        if mode == "hold":
            self.values_count = count
            self.dur = HOLD_TRANSITION_SECONDS * (count - 1)
            self.repeat = 'fill="freeze"'
        else:
            self.values_count = count + 1  # back to the start: one cycle per repetition
            self.dur = seconds_per_rep if mode == "reps" else (cycle or TIMED_CYCLE_SECONDS)
            self.repeat = 'repeatCount="indefinite"'
        steps = self.values_count - 1
        self.times = times or [i / steps for i in range(steps + 1)]  # when each keyframe shows
        self.key_times = ";".join(
            f"{t:.4f}".rstrip("0").rstrip(".") if 0 < t < 1 else _n(t) for t in self.times
        )
        self.splines = ";".join([EASE] * steps)

    def cycle(self, values: list[str]) -> list[str]:
        return values if len(values) == self.values_count else [*values, values[0]]

    def attrs(self) -> str:
        return (
            f'dur="{_n(self.dur)}s" {self.repeat} calcMode="spline" '
            f'keyTimes="{self.key_times}" keySplines="{self.splines}"'
        )


SAMPLE_TOLERANCE = 0.3  # degrees or units a drawn sample may miss the solved moment by


def _kept(values: list[list[float]], tolerance: float = SAMPLE_TOLERANCE) -> list[int]:
    """The samples a linear animation needs: drop each one the line between its kept
    neighbours already passes within ``tolerance`` of (every coordinate)."""
    count = len(values)
    kept, start = [0], 0
    for end in range(2, count + 1):
        if end == count:
            break
        for middle in range(start + 1, end):
            t = (middle - start) / (end - start)
            line = [a + (b - a) * t for a, b in zip(values[start], values[end], strict=True)]
            if any(abs(x - y) > tolerance for x, y in zip(line, values[middle], strict=True)):
                kept.append(end - 1)
                start = end - 1
                break
    kept.append(count - 1)
    return kept


def sampled(moments: list[Moment], values: list[list[float]], timing, render) -> str:
    """The attributes of a linear animation through every solved moment that matters."""
    kept = _kept(values)
    times = ";".join(
        "0" if i == 0 else f"{moments[i].at:.3f}".rstrip("0").rstrip(".") for i in kept
    )
    return (
        f'values="{";".join(render(values[i]) for i in kept)}" dur="{_n(timing.dur)}s" '
        f'{timing.repeat} keyTimes="{times}"'
    )


def _joint_tree(view):
    joints, segments = SKELETONS[view]
    children: dict[str | None, list] = {}
    for joint in joints:
        children.setdefault(joint.parent, []).append(joint)
    drawn: dict[str, list] = {}
    for segment in segments:
        drawn.setdefault(segment.joint, []).append(segment)
    return children, drawn


def _follows_keyframes(moments, frames, timing, name) -> bool:
    """Does the eased animation between keyframes draw this joint as solved at every moment
    (no contact had to turn it)?"""
    count = len(frames)
    path = [*range(count), 0] if timing.values_count > count else list(range(count))
    legs = len(path) - 1
    times = timing.times
    for moment in moments:
        leg = max(i for i in range(legs) if times[i] <= moment.at + 1e-9)
        t = (moment.at - times[leg]) / (times[leg + 1] - times[leg])
        a = frames[path[leg]].rotations[name]
        b = frames[path[leg + 1]].rotations[name]
        if abs(a + (b - a) * ease(t) - moment.rotations[name]) > 0.05:
            return False
    return True


def _animated_group(view, frames, timing, parts, colour, moments=None, widen=0.0):
    """The joint groups needed to draw ``parts``, with their rotations animated: eased
    between keyframes, or through every solved moment where a contact turns the joint."""
    children, drawn = _joint_tree(view)

    def needed(joint) -> bool:
        if any(s.part in parts for s in drawn.get(joint.name, [])):
            return True
        return any(needed(child) for child in children.get(joint.name, []))

    def emit(joint) -> str:
        jx, jy = _n(joint.at[0]), _n(joint.at[1])
        angles = [_n(frame.rotations[joint.name]) for frame in frames]
        if joint.slide:  # a twist: the shoulder moves across (nothing drawn when it stays)
            shifts = [_n(frame.rotations[joint.name]) for frame in frames]
            if set(shifts) == {"0"}:
                return "".join(
                    emit(child) for child in children.get(joint.name, []) if needed(child)
                )
            out = [f'<g transform="translate({shifts[0]} 0)">']
            if len(set(shifts)) > 1:
                values = ";".join(f"{v} 0" for v in timing.cycle(shifts))
                out.append(
                    f'<animateTransform attributeName="transform" type="translate" '
                    f'values="{values}" {timing.attrs()}/>'
                )
        elif joint.lift:
            lifts = [_n(-frame.rotations[joint.name]) for frame in frames]
            out = [f'<g transform="translate(0 {lifts[0]})">']
            if len(set(lifts)) > 1:
                values = ";".join(f"0 {v}" for v in timing.cycle(lifts))
                out.append(
                    f'<animateTransform attributeName="transform" type="translate" '
                    f'values="{values}" {timing.attrs()}/>'
                )
        else:
            out = [f'<g transform="rotate({angles[0]} {jx} {jy})">']
        if (
            not (joint.lift or joint.slide)
            and moments
            and not _follows_keyframes(moments, frames, timing, joint.name)
        ):
            values = [[m.rotations[joint.name]] for m in moments]
            out.append(
                '<animateTransform attributeName="transform" type="rotate" '
                + sampled(moments, values, timing, lambda v: f"{_n(v[0])} {jx} {jy}")
                + "/>"
            )
        elif not (joint.lift or joint.slide) and len(set(angles)) > 1:
            values = ";".join(f"{a} {jx} {jy}" for a in timing.cycle(angles))
            out.append(
                f'<animateTransform attributeName="transform" type="rotate" '
                f'values="{values}" {timing.attrs()}/>'
            )
        for segment in drawn.get(joint.name, []):
            if segment.part in parts:
                fill = f' fill="{colour}"' if segment.a == segment.b else ""
                out.append(_shape(segment.a, segment.b, segment.width, fill, widen))
                if segment.part in ("nose", "profile") and view in ("front", "above"):
                    out[-1] = _nose(frames, timing, segment, colour)
        for child in children.get(joint.name, []):
            if needed(child):
                out.append(emit(child))
        out.append("</g>")
        return "".join(out)

    root = children[None][0]
    return emit(root)


def _nose(frames, timing, segment, colour):
    """Front view: the face turns left or right (a light face mark moves across the head
    and the nose shows at its edge)."""
    profile = segment.part == "profile"
    shift = PROFILE_TURN if profile else FACE_TURN
    cxs = [_n(segment.a[0] + shift * frame.turn) for frame in frames]
    fill = colour if profile else FACE
    shape = (
        f'<circle cx="{cxs[0]}" cy="{_n(segment.a[1])}" r="{_n(segment.width / 2)}" fill="{fill}"'
    )
    if len(set(cxs)) == 1:
        return shape + "/>"
    values = ";".join(timing.cycle(cxs))
    return shape + f'><animate attributeName="cx" values="{values}" {timing.attrs()}/></circle>'


def _props(figure, frames, frame_index=None, timing=None) -> str:
    """Props in world coordinates, behind the body (strap: in front, following hand and foot)."""
    first = frames[0 if frame_index is None else frame_index]
    out = []
    props = figure["props"]
    if "mat" in props and figure["view"] != "above":
        xs = [x for f in frames for a, b, r in f.parts.values() for x in (a[0] - r, b[0] + r)]
        low, high = max(4, min(xs) - 8), min(WIDTH - 4, max(xs) + 8)
        out.append(
            f'<rect x="{_n(low)}" y="{_n(FLOOR_Y - 3)}" width="{_n(high - low)}" height="3" '
            f'rx="1.5" fill="{MAT}"/>'
        )
    if "wall" in props and figure["view"] == "front":  # the wall behind the body
        out.append(
            f'<rect x="{_n(WIDTH / 2 - 50)}" y="50" width="100" height="{_n(FLOOR_Y - 50)}" '
            f'fill="{PROP_FILL}"/>'
        )
    elif "wall" in props:
        x = min(min(a[0] - r, b[0] - r) for a, b, r in first.parts.values()) - 1
        out.append(f'<path d="M{_n(x)} 40V{_n(FLOOR_Y)}" stroke="{PROP}" stroke-width="4"/>')
    if "chair" in props and figure.get("support") != "shoulders":
        out.append(_chair(figure, first))
    if "bar" in props:
        x, y = _bar_point(figure, first)
        if figure["view"] == "front":  # a rod across, on two posts
            left, right = x - 70, x + 70
            out.append(
                f'<path d="M{_n(left)} {_n(FLOOR_Y)}V{_n(y)}M{_n(right)} {_n(FLOOR_Y)}V{_n(y)}" '
                f'stroke="{PROP}" stroke-width="3"/>'
            )
        else:  # seen end on: a post behind the body and an arm out to the bar
            post = x - 62
            out.append(
                f'<path d="M{_n(post)} {_n(FLOOR_Y)}V{_n(y)}H{_n(x)}" stroke="{PROP}" '
                f'stroke-width="3" fill="none"/>'
            )
    if "pillow" in props:
        part = {"head": "head", "knees": "near_knee", "chest": "thoracic", "pelvis": "pelvis"}[
            figure.get("pillow", "head")
        ]
        if part == "near_knee":
            x, y = first.joints["near_knee"]
            bottom = y + first.parts["near_thigh"][2]
        else:
            (ax, ay), (bx, by), r = first.parts[part]
            x, bottom = (ax + bx) / 2, max(ay, by) + r
        ry = max(5.0, (FLOOR_Y - bottom) / 2 + 2)  # fills the gap under the part it supports
        out.append(
            f'<ellipse cx="{_n(x)}" cy="{_n(FLOOR_Y - ry)}" rx="17" ry="{_n(ry)}" '
            f'fill="{PROP_FILL}" stroke="{PROP}" stroke-width="1.5"/>'
        )
    if "board" in props:
        (hx, hy), _, hr = first.parts["head"]
        (fx, fy), (gx, gy), fr = first.parts["near_foot"]
        ends = sorted([(hx, hy + hr + 2), ((fx + gx) / 2, max(fy, gy) + fr + 2)])
        (x1, y1), (x2, y2) = ends
        high_x = x1 if y1 < y2 else x2
        high_y = min(y1, y2)
        out.append(
            f'<path d="M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}" stroke="{PROP}" stroke-width="5"/>'
            f'<path d="M{_n(high_x)} {_n(high_y)}V{_n(FLOOR_Y)}" stroke="{PROP}" '
            f'stroke-width="3"/>'
        )
    if "loop" in props:
        (hx, hy), _, hr = first.parts["head"]
        top = 22
        out.append(
            f'<path d="M{_n(hx)} {_n(hy - hr)}V{top}H{_n(hx + 30)}V70" stroke="{PROP}" '
            f'stroke-width="2" fill="none"/><circle cx="{_n(hx + 15)}" cy="{top}" r="4" '
            f'fill="{PROP}"/><rect x="{_n(hx + 24)}" y="70" width="12" height="18" rx="3" '
            f'fill="{PROP}"/>'
        )
    return "".join(out)


def _chair(figure, frame: Frame) -> str:
    """A side-view chair under the pelvis, or (hanging by the armpits) one at the shoulder."""
    (ax, ay), (bx, by), r = frame.parts["pelvis"]
    if figure.get("support") == "shoulders":
        # The near chair stands beside the body, so it is drawn in front of it; the
        # rolled towel on its back sits under the armpit.
        x, y = frame.joints["neck"]
        seat_y = FLOOR_Y - 45
        back_top = y + 8
        left, right = x - 22, x + 2
        return (
            f'<g opacity="0.8"><path d="M{_n(left)} {_n(FLOOR_Y)}V{_n(seat_y)}H{_n(right)}'
            f'V{_n(FLOOR_Y)}M{_n(right)} {_n(seat_y)}V{_n(back_top)}" stroke="{PROP}" '
            f'stroke-width="4" fill="none"/><ellipse cx="{_n(right)}" cy="{_n(back_top)}" '
            f'rx="9" ry="5" fill="{PROP_FILL}" stroke="{PROP}" stroke-width="1.5"/></g>'
        )
    seat_y = max(ay, by) + r + 1
    x = min(ax, bx)
    left, right = x - 12, x + 22
    return (
        f'<path d="M{_n(left)} {_n(seat_y - 62)}V{_n(FLOOR_Y)}M{_n(left)} {_n(seat_y)}'
        f'H{_n(right)}V{_n(FLOOR_Y)}" stroke="{PROP}" stroke-width="4" fill="none"/>'
    )


def _bar_point(figure, frame) -> tuple[float, float]:
    """Where the bar is: at the hand (or the knees) holding it, which stay there."""
    point = frame.joints["near_knee" if figure.get("support") == "knees" else "near_hand_tip"]
    if figure["view"] == "front":
        far = frame.parts["far_hand"][1]
        return ((point[0] + far[0]) / 2, point[1])
    return point


def _bar(figure, frame) -> str:
    """The bar itself, in front of the hands that grip it: a dark rod (seen from the front)
    or a dark round section with a light glint (seen end on, from the side)."""
    x, y = _bar_point(figure, frame)
    if figure["view"] == "front":
        return f'<path d="M{_n(x - 74)} {_n(y)}H{_n(x + 74)}" stroke="{BAR}" stroke-width="5"/>'
    return (
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{BAR}"/>'
        f'<circle cx="{_n(x - 1.5)}" cy="{_n(y - 1.5)}" r="1.5" fill="{FACE}"/>'
    )


def _press(figure, frame, timing=None) -> str:
    """An isometric press: an arrow where the pushing part meets the part it pushes into,
    pointing the way the pressure goes, in the held (last) pose ``frame``."""
    if "press" not in figure:
        return ""
    pusher, target = figure["press"]

    def centre(part):
        (ax, ay), (bx, by), _ = frame.parts[part]
        return (ax + bx) / 2, (ay + by) / 2

    (px, py) = centre(pusher)
    # Towards the part pushed into: its joint (a hand: the wrist) says which side it is on.
    segment = next(
        seg
        for seg in SKELETONS[drawing_view(figure["view"], figure["base"])][1]
        if seg.part == target
    )
    tx, ty = frame.joints.get(segment.joint, centre(target))
    length = max(((tx - px) ** 2 + (ty - py) ** 2) ** 0.5, 1e-6)
    ux, uy = (tx - px) / length, (ty - py) / length
    reach = frame.parts[pusher][2]  # from the pushing part's edge, out through the other
    tail = (px + (reach - 3) * ux, py + (reach - 3) * uy)
    tip = (tail[0] + 20 * ux, tail[1] + 20 * uy)
    wing = [(tip[0] - 7 * ux + 5 * s * uy, tip[1] - 7 * uy - 5 * s * ux) for s in (1, -1)]
    arrow = (
        f'<path d="M{_n(tail[0])} {_n(tail[1])}L{_n(tip[0])} {_n(tip[1])}'
        f"M{_n(wing[0][0])} {_n(wing[0][1])}L{_n(tip[0])} {_n(tip[1])}L{_n(wing[1][0])} "
        f'{_n(wing[1][1])}" stroke="{PRESS}" stroke-width="3" fill="none" '
        f'stroke-linejoin="round"/>'
    )
    if timing is None:
        return arrow
    # Animated: the arrow shows once the held pose is reached.
    return (
        f'<g opacity="0"><animate attributeName="opacity" values="0;0;1" keyTimes="0;0.9;1" '
        f'dur="{_n(timing.dur)}s" {timing.repeat}/>{arrow}</g>'
    )


def _front_props(figure, frames, frame_index=None, timing=None) -> str:
    """Props in front of the body: a strap from hand to foot, the near chair of a hang,
    the bar in the hands, the arrow of an isometric press."""
    bar = _bar(figure, frames[frame_index or 0]) if "bar" in figure["props"] else ""
    return bar + _front_props_body(figure, frames, frame_index, timing)


def _front_props_body(figure, frames, frame_index=None, timing=None) -> str:
    if figure.get("support") == "shoulders":
        return _chair(figure, frames[frame_index or 0]) if "chair" in figure["props"] else ""
    if "strap" in figure["props"]:
        return _strap(frames, timing, frame_index)
    return ""


def _strap(frames, timing=None, frame_index=None) -> str:
    def d(frame):
        hx, hy = frame.parts["near_hand"][1]
        (fx, fy), (gx, gy), _ = frame.parts["near_foot"]
        return f"M{_n(hx)} {_n(hy)}L{_n((fx + gx) / 2)} {_n((fy + gy) / 2)}"

    if frame_index is not None or timing is None:
        return f'<path d="{d(frames[frame_index or 0])}" stroke="#c7813a" stroke-width="2.5"/>'
    paths = [d(f) for f in frames]
    anim = ""
    if len(set(paths)) > 1:
        values = ";".join(timing.cycle(paths))
        anim = f'<animate attributeName="d" values="{values}" {timing.attrs()}/>'
    return f'<path d="{paths[0]}" stroke="#c7813a" stroke-width="2.5">{anim}</path>'


def view_box(
    figure: dict, frames: list[Frame], mode: str = "reps"
) -> tuple[float, float, float, float]:
    """The part of the drawing frame a figure shows: (x, y, width, height).

    The whole frame, except for a figure lying or on all fours seen from the side (or front):
    the full width at the same scale, from just above the highest point its movement reaches
    down to the usual margin under the floor; a flat figure is centred in a band of
    ``MIN_FIT_HEIGHT``; an inset adds its height above the band. Seen from above, a lying
    figure is already centred in the frame."""
    view = drawing_view(figure["view"], figure["base"])
    if (
        figure["base"] not in LOW_ON_THE_FLOOR
        or view.startswith("above")
        or TALL_PROPS & set(figure["props"])
    ):
        return (0.0, 0.0, float(WIDTH), float(HEIGHT))
    highest = min(min(a[1], b[1]) - r for m in frames for a, b, r in m.parts.values())
    top = min(highest - FIT_MARGIN, float(HEIGHT))
    if "inset" in figure:  # the inset goes above the band the body moves in
        top = max(0.0, top - inset_scale(figure, mode)[1][3] - INSET_GAP)
    if HEIGHT - top >= MIN_FIT_HEIGHT:
        return (0.0, round(top, 1), float(WIDTH), round(HEIGHT - top, 1))
    middle = (highest + FLOOR_Y) / 2
    return (0.0, round(middle - MIN_FIT_HEIGHT / 2, 1), float(WIDTH), MIN_FIT_HEIGHT)


INSET_MAX = (130.0, 96.0)  # the most room an inset takes in the picture (width, height)
INSET_SCALE = 1.0  # and the most it is scaled by: never larger than the figure
INSET_PAD = 6.0  # around the inset's body, inside its frame
INSET_GAP = 4.0  # between the inset's frame and the edge of the picture
INSET_EDGE = "#8c877e"  # its frame: 3:1 against the page
INSET_SHARE = 0.5  # of a whole frame's width and height, at most, when the room is there


def _extent(moments: list[Moment]) -> tuple[float, float, float, float]:
    """Everything a figure draws at any moment: (left, top, right, bottom)."""
    ends = [(end, r) for m in moments for a, b, r in m.parts.values() for end in (a, b)]
    return (
        min(x - r for (x, _), r in ends),
        min(y - r for (_, y), r in ends),
        max(x + r for (x, _), r in ends),
        max(y + r for (_, y), r in ends),
    )


def inset_scale(
    figure: dict, mode: str, room: tuple[float, float] = INSET_MAX
) -> tuple[float, tuple[float, float, float, float]]:
    """How much the inset is scaled by to fit ``room``, and the part of its own frame it
    shows (x, y, and its width and height once scaled): its body at every moment with a
    margin, and the floor under it in a side view."""
    inset = figure["inset"]
    left, top, right, bottom = _extent(solve_moments(inset, mode))
    if not drawing_view(inset["view"], inset["base"]).startswith("above"):
        bottom = max(bottom, FLOOR_Y + 2)
    local = (
        left - INSET_PAD,
        top - INSET_PAD,
        right - left + 2 * INSET_PAD,
        bottom - top + 2 * INSET_PAD,
    )
    scale = min(room[0] / local[2], room[1] / local[3], INSET_SCALE)
    return scale, (*local[:2], local[2] * scale, local[3] * scale)


def _inset(figure, mode, moments, box, inner) -> tuple[str, tuple[float, float, float, float]]:
    """The inset in a top corner of the picture (the one the figure's body reaches least),
    framed, on its own ground: a floor line seen from the side or front, a mat from above.
    Returns the drawing and where it is (left, top, right, bottom)."""
    bx, by, bw, bh = box
    inset = figure["inset"]
    top = _extent(moments)[1]
    # Seen from above, the inset sits inside the mat the figure lies on.
    gap = 24.0 if drawing_view(figure["view"], figure["base"]).startswith("above") else INSET_GAP
    room = INSET_MAX
    if bh == HEIGHT:  # the whole frame: the inset may fill the room above the body
        room = (
            max(room[0], bw * INSET_SHARE),
            max(room[1], min(top - by - gap - INSET_GAP, bh * INSET_SHARE)),
        )
    scale, (lx, ly, width, height) = inset_scale(figure, mode, room)

    def overlap(corner):
        x, y = corner
        total = 0.0
        for moment in moments:
            for (ax, ay), (cx, cy), r in moment.parts.values():
                across = min(max(ax, cx) + r, x + width) - max(min(ax, cx) - r, x)
                down = min(max(ay, cy) + r, y + height) - max(min(ay, cy) - r, y)
                total += max(0.0, across) * max(0.0, down)
        return total

    corners = [(bx + gap, by + gap), (bx + bw - gap - width, by + gap)]
    if gap > INSET_GAP:  # seen from above: the bottom corners are free too
        corners += [(x, by + bh - gap - height) for x, _ in corners]
    x, y = min(corners, key=overlap)
    mirrored = _facing(figure, moments) * _facing(figure["inset"], solve_moments(inset, mode)) < 0
    above = drawing_view(inset["view"], inset["base"]).startswith("above")
    w, h = width / scale, height / scale
    frame = (
        f'<rect x="{_n(lx)}" y="{_n(ly)}" width="{_n(w)}" height="{_n(h)}" rx="8" '
        f'fill="{MAT_FILL if above else "#fff"}" stroke="{MAT if above else INSET_EDGE}" '
        f'stroke-width="{_n(1.5 / scale)}"/>'
    )
    if not above:
        frame += (
            f'<path d="M{_n(lx)} {_n(FLOOR_Y + 1)}H{_n(lx + w)}" stroke="{FLOOR}" '
            f'stroke-width="2"/>'
        )
    if mirrored:  # the inset faces the way the figure does
        inner = f'<g transform="matrix(-1 0 0 1 {_n(2 * lx + w)} 0)">{inner}</g>'
    svg = (
        f'<g transform="translate({_n(x - lx * scale)} {_n(y - ly * scale)}) '
        f'scale({scale:.3f})">{frame}{inner}</g>'
    )
    return svg, (x, y, x + width, y + height)


CROP_MARGIN = 8.0  # around everything drawn, in a picture cut to the figure
MIN_ASPECT = 0.75  # a cut picture is at least this wide for its height (a standing figure)
MAX_ASPECT = 3.2  # and at most this wide (a figure lying flat)


def _prop_extents(figure, frames) -> list[tuple[float, float, float, float]]:
    """Where the props reach (left, top, right, bottom) in any of ``frames``: what a picture
    cut to the figure must keep besides the body."""
    out = []
    props = set(figure["props"])
    front = figure["view"] == "front"
    for frame in frames:
        if "wall" in props:
            if front:
                out.append((WIDTH / 2 - 50, 50, WIDTH / 2 + 50, FLOOR_Y))
            else:
                x = min(min(a[0] - r, b[0] - r) for a, b, r in frame.parts.values()) - 4
                out.append((x, 40, x, FLOOR_Y))
        if "chair" in props:
            if figure.get("support") == "shoulders":
                x, y = frame.joints["neck"]
                out.append((x - 24, y + 2, x + 12, FLOOR_Y))
            else:
                (ax, ay), (bx, by), r = frame.parts["pelvis"]
                seat = max(ay, by) + r + 1
                out.append((min(ax, bx) - 14, seat - 64, min(ax, bx) + 24, FLOOR_Y))
        if "bar" in props:
            x, y = _bar_point(figure, frame)
            if front:
                out.append((x - 76, y - 3, x + 76, FLOOR_Y))
            else:
                out.append((x - 64, y - 6, x + 6, FLOOR_Y))
        if "pillow" in props:
            (ax, _), (bx, _), _ = frame.parts["pelvis"]
            out += [(x - 19, FLOOR_Y - 30, x + 19, FLOOR_Y) for x in (ax, bx)]
        if "loop" in props:
            hx = frame.parts["head"][0][0]
            out.append((hx - 2, 18, hx + 37, 88))
        if "press" in figure:
            (ax, ay), (bx, by), _ = frame.parts[figure["press"][0]]
            x, y = (ax + bx) / 2, (ay + by) / 2
            out.append((x - 30, y - 30, x + 30, y + 30))
    return out


def cropped(figure, moments, box, inset=None) -> tuple[float, float, float, float]:
    """The picture cut to what is drawn: the body at every moment, the props and the inset,
    with a margin; the floor line stays at the bottom, a narrow figure keeps some width
    (``MIN_ASPECT``) so it does not turn into a sliver beside its name, and a flat one some
    height (``MAX_ASPECT``)."""
    extents = [_extent(moments), *_prop_extents(figure, moments)]
    if inset:
        extents.append(inset)
    bx, by, bw, bh = box
    left = max(bx, min(e[0] for e in extents) - CROP_MARGIN)
    right = min(bx + bw, max(e[2] for e in extents) + CROP_MARGIN)
    top = max(by, min(e[1] for e in extents) - CROP_MARGIN)
    bottom = min(by + bh, HEIGHT)
    if drawing_view(figure["view"], figure["base"]).startswith("above"):
        bottom = min(bottom, max(e[3] for e in extents) + CROP_MARGIN)
    if bottom - top < (right - left) / MAX_ASPECT:  # a flat figure keeps some height
        top = max(by, bottom - (right - left) / MAX_ASPECT)
    wanted = MIN_ASPECT * (bottom - top)
    if right - left < wanted:
        middle = (left + right) / 2
        left = min(max(bx, middle - wanted / 2), bx + bw - wanted)
        right = left + wanted
    return (round(left, 1), round(top, 1), round(right - left, 1), round(bottom - top, 1))


def _facing(figure, moments) -> float:
    """Which way the head is from the pelvis across the picture at the start (-1, 0 or 1)."""
    head = moments[0].joints["head"][0] - moments[0].joints["pelvis"][0]
    if abs(head) < 5 or drawing_view(figure["view"], figure["base"]) == "front":
        return 0.0
    return 1.0 if head > 0 else -1.0


def _open(label: str, css_class: str, view: str, box: tuple[float, float, float, float]) -> str:
    name = escape(label, quote=True)
    x, y, width, height = box
    ground = (
        f'<rect x="{_n(x + 4)}" y="{_n(y + 4)}" width="{_n(width - 8)}" '
        f'height="{_n(height - 8)}" rx="10" fill="{MAT_FILL}" stroke="{MAT}" stroke-width="2"/>'
        if view.startswith("above")
        else f'<path d="M0 {_n(FLOOR_Y + 1)}H{WIDTH}" stroke="{FLOOR}" stroke-width="2"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{" ".join(_n(v) for v in box)}" '
        f'class="{css_class}" role="img" aria-label="{name}"><title>{escape(label)}</title>'
        + ground
    )


def _flipped(box, mirrored: bool):
    """The picture's box for the mirrored drawing (flipped about the middle of the frame)."""
    x, y, width, height = box
    return (round(WIDTH - x - width, 1), y, width, height) if mirrored else box


def _mirror(inner: str, mirrored: bool) -> str:
    if not mirrored:
        return inner
    return f'<g transform="matrix(-1 0 0 1 {WIDTH} 0)">{inner}</g>'


def _animated_inner(figure, mode, seconds_per_rep, cycle, times) -> tuple[str, list[Moment]]:
    """A figure's props, body and front props, animated (no <svg>, no ground), and its
    sampled moments."""
    moments = solve_moments(figure, mode)
    frames = keyframe_moments(moments, len(figure["keyframes"]))
    view = drawing_view(figure["view"], figure["base"])
    timing = Timing(len(frames), mode, seconds_per_rep, cycle, times)
    offsets = [list(m.offset) for m in moments]
    start = f"{_n(offsets[0][0])} {_n(offsets[0][1])}"
    move = ""
    if any(abs(a - b) > 0.05 for o in offsets for a, b in zip(o, offsets[0], strict=True)):
        move = (
            '<animateTransform attributeName="transform" type="translate" '
            + sampled(moments, offsets, timing, lambda v: f"{_n(v[0])} {_n(v[1])}")
            + "/>"
        )
    body = [f'<g transform="translate({start})">{move}']
    for colour, parts, widen in _layers(view, figure.get("behind", ()), _face_down(figure)):
        if not parts:
            continue
        body.append(
            f'<g stroke="{colour}" fill="none">'
            f"{_animated_group(view, frames, timing, set(parts), colour, moments, widen)}</g>"
        )
    body.append("</g>")
    inner = (
        _props(figure, frames)
        + "".join(body)
        + _front_props(figure, frames, timing=timing)
        + _press(figure, frames[-1], timing)
    )
    return inner, moments


def render_animated(
    figure: dict,
    *,
    label: str,
    mode: str,
    seconds_per_rep: float = 4,
    mirrored: bool = False,
) -> str:
    """The animated figure: one cycle per repetition, or the way into a hold. The body is
    placed at every solved moment (it rests on the floor, planted hands and feet stay); an
    inset moves in step with it."""
    times = leg_times(figure, mode)
    cycle = figure.get("cycle_seconds")
    inner, moments = _animated_inner(figure, mode, seconds_per_rep, cycle, times)
    view = drawing_view(figure["view"], figure["base"])
    box = view_box(figure, moments, mode)
    place = None
    if "inset" in figure:
        inset_inner, _ = _animated_inner(figure["inset"], mode, seconds_per_rep, cycle, times)
        svg, place = _inset(figure, mode, moments, box, inset_inner)
        inner += svg
    box = _flipped(cropped(figure, moments, box, place), mirrored)
    return (
        _open(label, "figure figure-animated", view, box)
        + f'<g stroke-linecap="round">{_mirror(inner, mirrored)}</g></svg>'
    )


def _still_inner(figure, mode, frame=None, at=None) -> tuple[str, list[Moment]]:
    """One pose of a figure drawn flat (props, body, front props), and its sampled moments."""
    moments = solve_moments(figure, mode)
    frames = keyframe_moments(moments, len(figure["keyframes"]))
    index = key_index(figure, mode) if frame is None else frame
    pose = frames[index] if at is None else moment_at(moments, at)
    out = []
    view = drawing_view(figure["view"], figure["base"])
    for colour, parts, widen in _layers(view, figure.get("behind", ()), _face_down(figure)):
        if not parts:
            continue
        shapes = []
        for part in parts:
            a, b, r = pose.parts[part]
            fill = f' fill="{colour}"' if a == b else ""
            if part == "nose" and view in ("front", "above"):
                fill = f' fill="{FACE}"'

            shapes.append(_shape(a, b, 2 * r, fill, widen))
        out.append(f'<g stroke="{colour}" fill="none">{"".join(shapes)}</g>')
    props_frames = [*frames, pose]
    held = pose is frames[-1] or (at is not None and mode == "hold" and at >= 0.999)
    inner = (
        _props(figure, props_frames, len(frames))
        + "".join(out)
        + _front_props(figure, props_frames, len(frames))
        + (_press(figure, pose) if held and mode == "hold" else "")
    )
    return inner, moments


def render_still(
    figure: dict,
    *,
    label: str,
    mode: str,
    frame: int | None = None,
    mirrored: bool = False,
    at: float | None = None,
) -> str:
    """One pose, still: the key pose by default (thumbnails), a given keyframe, or the
    moment ``at`` a fraction of the cycle (the review sheet's in-between moments); an inset
    shows the same pose from its own view."""
    inner, moments = _still_inner(figure, mode, frame, at)
    box = view_box(figure, moments, mode)
    place = None
    if "inset" in figure:
        index = key_index(figure, mode) if frame is None else frame
        inset_inner, _ = _still_inner(figure["inset"], mode, index, at)
        svg, place = _inset(figure, mode, moments, box, inset_inner)
        inner += svg
    box = _flipped(cropped(figure, moments, box, place), mirrored)
    return (
        _open(label, "figure figure-still", figure["view"], box)
        + f'<g stroke-linecap="round">{_mirror(inner, mirrored)}</g></svg>'
    )


def figure_times(figure: dict, *, mode: str, seconds_per_rep: float = 4) -> tuple[float, float]:
    """For a page that drives the animated figure itself (the player): the seconds of one
    cycle (or of the way into a hold) and the time at which the key pose shows."""
    timing = Timing(
        len(figure["keyframes"]),
        mode,
        seconds_per_rep,
        figure.get("cycle_seconds"),
        leg_times(figure, mode),
    )
    return timing.dur, timing.dur * timing.times[key_index(figure, mode)]


def figure_label(name: str, figure: dict) -> str:
    """The accessible name: what the figure shows."""
    return f"{name}: {figure['description']}"


__all__ = [
    "contacts_of",
    "figure_label",
    "figure_times",
    "render_animated",
    "render_still",
    "view_box",
]
