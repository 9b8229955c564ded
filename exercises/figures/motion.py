"""The figure at every moment of its cycle, not only at its keyframes.

Keyframes give joint angles; between two keyframes every angle eases the way the SVG
animation eases it (the same cubic Bezier). ``solve_moments`` samples a cycle finely (at
least ``MIN_MOMENTS`` moments) and places the body at each moment on its own:

* it rests on the floor by its lowest point (or hangs its support point at the bar's height),
  so nothing passes through the floor between keyframes;
* the *anchor* (a planted hand, foot or knee, or the hand on the bar) keeps its place;
* every other planted hand or foot is held where it was at the start by inverse kinematics
  (shoulder and elbow, or hip and knee, turn so the wrist or ankle stays put; the wrist or
  ankle turns so the hand or foot keeps its angle on the floor).

The renderer draws these moments (``render``), and ``moment_problems`` checks every one of
them: what the catalogue loader refuses, naming the moment.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from exercises.figures.body import (
    BAR_HEIGHT,
    BASES,
    FLOOR_Y,
    HEIGHT,
    SKELETONS,
    SUPPORTS,
    WIDTH,
    _world,
    base_angles,
    base_contacts,
    drawing_view,
    expand,
    hip_twist_shifts,
    rotations_for,
    twist_shifts,
)

MIN_MOMENTS = 24  # moments checked (and drawn) per cycle, at least
BELOW_FLOOR = 1.0  # a part may sink this far into the floor line, no more
TOUCH = 2.0  # a part this close to the floor touches it
SLIDE = 2.0  # a planted point may move this far while it stays on the floor
CONTACT_TOLERANCE = 5.0  # a listed contact may float this far above the floor
HANG_CLEARANCE = 2.0  # a hanging body's lowest point stays this far above the floor
ON_THE_BAR = 2.0  # the hands (or knees) stay this close to the bar
EASE = (0.42, 0.0, 0.58, 1.0)  # the keySplines the renderer uses between keyframes

# The parts that can be planted on the floor, and the chain that moves each one.
DISTAL = ("hand", "foot", "shin", "forearm")
CHAINS = {
    "hand": ("shoulder", "elbow", "wrist"),
    "foot": ("hip", "knee", "ankle"),
    "forearm": ("shoulder", "elbow"),
}
# Where the trunk turns so planted arms reach the floor: on hands and knees the pelvis tilts
# at the hips (the thighs keep their angle).
# Lying on the front the back arches only as far as straight arms reach the floor.
PIVOTS = {
    "all-fours": ("pelvis", True, False),
    "kneeling": ("pelvis", True, False),
    "lying-front": ("lumbar", False, True),
}


def ease(t: float) -> float:
    """Progress at time fraction ``t`` of one eased transition (cubic Bezier, as in SVG)."""
    if t <= 0:
        return 0.0
    if t >= 1:
        return 1.0
    x1, y1, x2, y2 = EASE
    low, high = 0.0, 1.0
    for _ in range(40):  # solve x(u) = t by bisection
        u = (low + high) / 2
        x = 3 * (1 - u) ** 2 * u * x1 + 3 * (1 - u) * u**2 * x2 + u**3
        low, high = (u, high) if x < t else (low, u)
    u = (low + high) / 2
    return 3 * (1 - u) ** 2 * u * y1 + 3 * (1 - u) * u**2 * y2 + u**3


@dataclass
class Moment:
    """The body at one moment of the cycle."""

    at: float  # fraction of the cycle (or of the way into a hold), 0..1
    rotations: dict[str, float]  # SVG degrees per joint
    offset: tuple[float, float]
    turn: float
    joints: dict[str, tuple[float, float]]
    parts: dict[str, tuple[tuple[float, float], tuple[float, float], float]]
    keyframe: int | None = None  # the keyframe this moment shows, if it is one

    def lowest(self, part: str) -> float:
        (_ax, ay), (_bx, by), r = self.parts[part]
        return max(ay, by) + r


def transitions(count: int, mode: str) -> int:
    """A repetition runs through every keyframe and back; a hold only goes in."""
    return count - 1 if mode == "hold" else count


def leg_times(figure: dict, mode: str) -> list[float]:
    """When each keyframe of the cycle shows, as fractions of it (0 … 1; a repetition ends
    back at the first). A keyframe's ``beats`` is how long the move into it takes, relative to
    the others (default 1): 4-6-8 breathing is in for 4, held for 6, out for 8."""
    keyframes = figure["keyframes"]
    count = len(keyframes)
    path = list(range(count)) + ([] if mode == "hold" else [0])
    weights = [float(keyframes[k].get("beats", 1)) for k in path[1:]]
    total = sum(weights)
    times, done = [0.0], 0.0
    for weight in weights:
        done += weight
        times.append(done / total)
    times[-1] = 1.0
    return times


def per_transition(count: int, mode: str) -> int:
    return math.ceil(MIN_MOMENTS / transitions(count, mode))


def keyframe_angles(figure: dict) -> tuple[str, list[dict[str, float]], list[float]]:
    view = drawing_view(figure["view"], figure["base"])
    rotations, turns = [], []
    for keyframe in figure["keyframes"]:
        angles = base_angles(figure["base"], view) or {}
        own = {
            k: v
            for k, v in keyframe.items()
            if k not in ("label", "turn", "twist", "hip_twist", "beats")
        }
        shifts = {
            **twist_shifts(view, keyframe.get("twist", 0.0)),
            **hip_twist_shifts(view, keyframe.get("hip_twist", 0.0)),
        }
        rotations.append(rotations_for(view, {**angles, **expand(own), **shifts}))
        turns.append(keyframe.get("turn", 0.0))
    return view, rotations, turns


def _parents(view):
    joints, _ = SKELETONS[view]
    return {j.name: j for j in joints}


def cumulative(view: str, rotations: dict[str, float], name: str) -> float:
    """The world rotation (SVG degrees) of everything drawn in joint ``name``'s group."""
    joints = _parents(view)
    total = 0.0
    joint = joints[name]
    while joint is not None:
        if not (joint.lift or joint.slide):
            total += rotations[joint.name]
        joint = joints.get(joint.parent) if joint.parent else None
    return total


def _direction(degrees: float) -> tuple[float, float]:
    """A bone drawn straight down at rest, turned by ``degrees`` (SVG, clockwise)."""
    r = math.radians(degrees)
    return (-math.sin(r), math.cos(r))


def _angle_of(dx: float, dy: float) -> float:
    return math.degrees(math.atan2(-dx, dy))


def _near(value: float, reference: float) -> float:
    """``value`` plus or minus whole turns, as close as possible to ``reference``."""
    return value - 360 * round((value - reference) / 360)


class Pin:
    """A planted hand, foot or forearm: where it stays, and the angle it keeps on the floor.

    A part that keeps its angle in every keyframe (flat on the floor) keeps its wrist, ankle
    or elbow where it is; one that turns on purpose (rising onto the toes) keeps the end that
    touches in every keyframe and turns about it as the keyframes say. A hand or foot is held
    by turning the two joints above it (shoulder and elbow, hip and knee); a forearm by the
    shoulder alone."""

    def __init__(self, view, part, rotations, parts, keyframes):
        self.part = part
        side, _, kind = part.partition("_")
        self.joints = tuple(f"{side}_{j}" for j in CHAINS[kind])
        defs = _parents(view)
        self.lengths = [
            math.dist(defs[b].at, defs[a].at)
            for a, b in zip(self.joints, self.joints[1:], strict=False)
        ]
        end = self.joints[-1]
        self.angle = cumulative(view, rotations, end)
        angles = [cumulative(view, k, end) for k in keyframes]
        # Feet roll (onto the toes, back onto the heels); hands and forearms stay flat.
        self.rolling = kind == "foot" and max(angles) - min(angles) > 5
        segment = next(s for s in SKELETONS[view][1] if s.part == part)
        self.end = _ground_end(view, part, keyframes) if self.rolling else None
        joint_at = defs[end].at
        point = (segment.a, segment.b)[self.end or 0]
        other = (segment.a, segment.b)[1 - (self.end or 0)]
        self.arm = (point[0] - joint_at[0], point[1] - joint_at[1])  # joint -> pinned end
        self.span = (other[0] - point[0], other[1] - point[1])  # pinned end -> other end
        a, b, _ = parts[part]
        self.point = (a, b)[self.end or 0]

    def target(self, angle):
        """Where the end joint (wrist, ankle or elbow) must be for the part to stay put."""
        r = math.radians(angle)
        x, y = self.arm
        return (
            self.point[0] - (x * math.cos(r) - y * math.sin(r)),
            self.point[1] - (x * math.sin(r) + y * math.cos(r)),
        )

    def angle_at(self, view, plain) -> float:
        """The part's angle: kept, or as the keyframes turn it, but never turned so far that
        its other end would go through the floor (it then lies flat)."""
        if not self.rolling:
            return self.angle
        angle = cumulative(view, plain, self.joints[-1])
        r = math.radians(angle)
        x, y = self.span
        dx, dy = x * math.cos(r) - y * math.sin(r), x * math.sin(r) + y * math.cos(r)
        if dy > 0:  # the other end would sink below the pinned one: turn it level
            angle -= (
                math.degrees(math.atan2(dy, dx)) if dx >= 0 else -math.degrees(math.atan2(dy, -dx))
            )
        return angle

    def reach(self, view, plain) -> float:
        """How far the chain's top joint is from its end in the pose the keyframes give."""
        if len(self.joints) == 2:
            return self.lengths[0]
        positions, _ = _world(view, plain)
        return math.dist(positions[self.joints[0]], positions[self.joints[-1]])

    def solve(self, view, rotations, offset, plain) -> None:
        """Turn the chain's joints (in place) so the pinned end stays put."""
        angle = self.angle_at(view, plain)
        target = self.target(angle)
        positions, _ = _world(view, rotations, offset)
        top, end = self.joints[0], self.joints[-1]
        start = positions[top]
        parent = cumulative(view, rotations, top) - rotations[top]
        if len(self.joints) == 2:  # a forearm: the upper arm points at the elbow's place
            upper = _angle_of(target[0] - start[0], target[1] - start[1])
            rotations[top] = _near(upper - parent, rotations[top])
            rotations[end] = _near(angle - upper, rotations[end])
            return
        middle = self.joints[1]
        first, second = self.lengths
        elbow_now = positions[middle]
        dx, dy = target[0] - start[0], target[1] - start[1]
        distance = math.hypot(dx, dy)
        distance = min(max(distance, abs(first - second) + 1e-3), first + second - 1e-3)
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        cos_a = (first**2 + distance**2 - second**2) / (2 * first * distance)
        sin_a = math.sqrt(max(0.0, 1 - cos_a**2))
        # Of the two ways to reach, the one that bends the elbow or knee the way it bends
        # (flexion, seen from the side), the nearer to the pose the keyframes give.
        bend_sign = _parents(view)[middle].sign
        best = None
        for sign in (1, -1):
            ex = start[0] + first * (cos_a * ux - sign * sin_a * uy)
            ey = start[1] + first * (cos_a * uy + sign * sin_a * ux)
            up = _angle_of(ex - start[0], ey - start[1])
            low = _angle_of(start[0] + ux * distance - ex, start[1] + uy * distance - ey)
            flexion = bend_sign * ((low - up + 180) % 360 - 180)
            wrong_way = view.endswith("side") and flexion < -5
            miss = (1000 if wrong_way else 0) + math.dist((ex, ey), elbow_now)
            if best is None or miss < best[0]:
                best = (miss, ex, ey)
        _, ex, ey = best
        wx, wy = start[0] + ux * distance, start[1] + uy * distance
        upper = _angle_of(ex - start[0], ey - start[1])
        lower = _angle_of(wx - ex, wy - ey)
        rotations[top] = _near(upper - parent, rotations[top])
        rotations[middle] = _near(lower - upper, rotations[middle])
        rotations[end] = _near(angle - lower, rotations[end])


def _part_kind(part: str) -> str | None:
    side, _, kind = part.partition("_")
    return kind if side in ("near", "far") and kind in DISTAL else None


def anchor_point(figure: dict, view: str) -> tuple[str, str]:
    """What stays put horizontally: ("joint", name) or ("part", name: its pinned end)."""
    if "anchor" in figure:
        return ("joint", figure["anchor"])
    base = BASES[figure["base"]]
    support = figure.get("support", base.get("support", "floor"))
    if support != "floor" and not view.startswith("above"):
        return ("joint", SUPPORTS[support])
    if not view.startswith("above"):
        for name in figure.get("contacts", base_contacts(figure["base"], view)):
            if "|" not in name and _part_kind(name):
                return ("part", name)
    return ("joint", base["anchor"])


def _tilt(view, rotations, plain, pivot, pin, anchor, anchor_x, pinned_end, vertical) -> None:
    """Turn the trunk at its pivot so the shoulder is as far from where the hand (or elbow)
    stays as the arm's pose in the keyframes asks: the arms then reach the floor without
    sliding, and the back rounds or arches as the keyframes say."""
    joint, thighs_stay, only_beyond_reach = pivot
    reach = pin.reach(view, plain)
    target = pin.target(pin.angle_at(view, plain))
    only_beyond_reach = only_beyond_reach and len(pin.joints) == 3
    if only_beyond_reach:
        reach = sum(pin.lengths) - 0.5

    def turned(delta):
        out = dict(rotations)
        out[joint] += delta
        if thighs_stay:
            for side in ("near", "far"):
                out[f"{side}_hip"] -= delta
        return out

    def miss(delta):
        pose = turned(delta)
        offset = (0.0, vertical(pose))
        joints, parts = _world(view, pose, offset)
        offset = (anchor_x - _anchor_x(anchor, joints, parts, pinned_end), offset[1])
        joints, _ = _world(view, pose, offset)
        return math.dist(joints[pin.joints[0]], target) - reach

    fa = miss(0.0)
    if abs(fa) < 0.3 or (only_beyond_reach and fa < 0):
        return
    # The tilt nearest upright whose miss changes sign, then halve the bracket.
    brackets = []
    values = {0.0: fa}
    for step in range(1, 10):
        for b in (5.0 * step, -5.0 * step):
            values[b] = miss(b)
            previous = b - 5.0 if b > 0 else b + 5.0
            fp, fb = values[previous], values[b]
            if (fp <= 0) != (fb <= 0):
                root = previous + (b - previous) * fp / (fp - fb)
                brackets.append((abs(root), previous, fp, b))
        if brackets:
            break
    if not brackets:
        return
    _, low, flow, high = min(brackets)
    for _ in range(14):
        middle = (low + high) / 2
        fm = miss(middle)
        if (fm <= 0) == (flow <= 0):
            low, flow = middle, fm
        else:
            high = middle
    rotations.update(turned((low + high) / 2))


def _ground_end(view, part, keyframes) -> int:
    """The end of a part (0: a, 1: b) that touches the floor in every keyframe (b if both);
    failing that, the lower end in the first keyframe."""
    for end in (1, 0):
        ok = True
        for rotations in keyframes:
            _, parts = _world(view, rotations)
            lowest = max(max(a[1], b[1]) + r for a, b, r in parts.values())
            a, b, r = parts[part]
            if lowest - ((a, b)[end][1] + r) > TOUCH:
                ok = False
        if ok:
            return end
    _, parts = _world(view, keyframes[0])
    a, b, _ = parts[part]
    return 1 if b[1] >= a[1] else 0


def _touching(part, parts, within=TOUCH) -> list[int]:
    """The ends (0: a, 1: b) of a part that touch the floor."""
    a, b, r = parts[part]
    return [i for i, p in enumerate((a, b)) if p[1] + r >= FLOOR_Y - within]


def _anchor_x(kind_name, joints, parts, pinned_end):
    kind, name = kind_name
    if kind == "joint":
        return joints[name][0]
    a, b, _ = parts[name]
    return (a, b)[pinned_end][0]


_SOLVED: dict[str, list[Moment]] = {}  # the last figures solved (pure: same data, same answer)


def solve_moments(figure: dict, mode: str = "reps") -> list[Moment]:
    """Every sampled moment of the cycle (the closing moment included), placed. The answer
    is shared with the next caller asking about the same figure: do not change it."""
    key = json.dumps([figure, mode], sort_keys=True)
    if key not in _SOLVED:
        if len(_SOLVED) >= 256:
            _SOLVED.pop(next(iter(_SOLVED)))
        _SOLVED[key] = _solve_moments(figure, mode)
    return _SOLVED[key]


def _solve_moments(figure: dict, mode: str) -> list[Moment]:
    view, keyframes, turns = keyframe_angles(figure)
    count = len(keyframes)
    steps = per_transition(count, mode)
    path = list(range(count)) + ([] if mode == "hold" else [0])
    base = BASES[figure["base"]]
    support = figure.get("support", base.get("support", "floor"))
    height = figure.get("support_height", BAR_HEIGHT)
    floor = support == "floor" and not view.startswith("above")
    contacts = figure.get("contacts", base_contacts(figure["base"], view))
    anchor = anchor_point(figure, view)

    plain = []  # (at, rotations, turn, keyframe index or None)
    legs = len(path) - 1
    times = leg_times(figure, mode)
    for leg in range(legs):
        a, b = path[leg], path[leg + 1]
        for step in range(steps):
            u = ease(step / steps)
            rotations = {k: v + (keyframes[b][k] - v) * u for k, v in keyframes[a].items()}
            plain.append(
                (
                    times[leg] + (times[leg + 1] - times[leg]) * step / steps,
                    rotations,
                    turns[a] + (turns[b] - turns[a]) * u,
                    a if step == 0 else None,
                )
            )
    plain.append((1.0, dict(keyframes[path[-1]]), turns[path[-1]], path[-1]))

    held: set[str] = set()  # parts moved by a pinned chain: they go where the pin says

    def vertical(rotations, held_may_sink=None):
        """Rest the body on the floor by its lowest point (a pinned limb reaches down to
        where it stays, so it does not count, unless it would sink more than
        ``held_may_sink`` into the floor), or hang it at the bar."""
        positions, parts = _world(view, rotations)
        if view.startswith("above"):
            return 0.0
        if support != "floor":
            return FLOOR_Y - height - positions[SUPPORTS[support]][1]
        free = [p for name, p in parts.items() if name not in held] or list(parts.values())
        rest = FLOOR_Y - max(max(a[1], b[1]) + r for a, b, r in free)
        if held_may_sink is not None:
            lowest = max(max(a[1], b[1]) + r for a, b, r in parts.values())
            rest = min(rest, FLOOR_Y - lowest + held_may_sink)
        return rest

    # Moment 0 sets where the anchor and every planted hand or foot stay.
    first = dict(plain[0][1])
    offset0 = (0.0, vertical(first))
    joints0, parts0 = _world(view, first, offset0)
    pins: list[Pin] = []
    pinned_end = 0
    anchor_joint = (
        next(s.joint for s in SKELETONS[view][1] if s.part == anchor[1])
        if anchor[0] == "part"
        else anchor[1]
    )
    keeper = None  # a flat anchor hand or foot keeps its angle on the floor
    if not view.startswith("above"):
        planted = [c for c in contacts if "|" not in c and _part_kind(c)]
        # A hand or foot on the floor in every keyframe is planted too (the far hand under
        # the near one, seen from the side).
        for part in parts0:
            kind = _part_kind(part)
            if (
                floor
                and kind in CHAINS
                and part not in planted
                and _in_every_keyframe(view, keyframes, support, height, part)
            ):
                planted.append(part)
        # Seen from the side, the far hand or foot under a planted near one is planted too.
        for part in list(planted):
            twin = part.replace("near_", "far_")
            if view == "side" and twin != part and twin not in planted:
                a, b, r = parts0[twin]
                if max(a[1], b[1]) + r >= FLOOR_Y - TOUCH:
                    planted.append(twin)
        planted = [p for p in planted if p not in figure.get("slides", [])]
        for part in planted:
            kind = _part_kind(part)
            if kind in CHAINS and anchor != ("part", part):
                pin = Pin(view, part, first, parts0, keyframes)
                if anchor_joint not in pin.joints:  # the anchor's own limb is not turned
                    pins.append(pin)
        # A hand and its forearm both on the floor: the forearm lying flat holds the arm
        # (the elbow stays), otherwise the hand does (the elbow comes down onto the floor).
        for pin in [p for p in pins if len(p.joints) == 2]:
            hand = next(
                (p for p in pins if p.joints[-1] == pin.joints[-1].replace("elbow", "wrist")), None
            )
            flat = len(_touching(pin.part, parts0, CONTACT_TOLERANCE)) == 2
            if hand or not flat:
                pins.remove(hand if flat else pin)
        if anchor[0] == "part":
            pinned_end = _ground_end(view, anchor[1], keyframes)
            if _part_kind(anchor[1]) in CHAINS:
                keep = Pin(view, anchor[1], first, parts0, keyframes)
                keeper = None if keep.rolling else keep
    anchor_x = _anchor_x(anchor, joints0, parts0, pinned_end)
    chains = {joint for pin in pins for joint in pin.joints}
    held.update(s.part for s in SKELETONS[view][1] if s.joint in chains)
    # On hands and knees the trunk turns about the hips (the pelvis tilts) so the hands
    # still reach the floor where they were when the back rounds or arches.
    listed = set(contacts)
    arms = [pin for pin in pins if pin.joints[0].endswith("shoulder") and pin.part in listed]
    anchored_low = not anchor[1].endswith(("hand", "forearm", "wrist", "elbow", "hand_tip"))
    pivot = PIVOTS.get(figure["base"]) if arms and anchored_low else None

    moments = []
    for at, plain_rotations, turn, keyframe in plain:
        rotations = dict(plain_rotations)
        offset = (0.0, vertical(rotations))
        if keeper:
            end = keeper.joints[-1]
            rotations[end] += keeper.angle - cumulative(view, rotations, end)
            offset = (0.0, vertical(rotations))
        if pivot:
            offset = (0.0, vertical(rotations))
            _tilt(
                view,
                rotations,
                plain_rotations,
                pivot,
                arms[0],
                anchor,
                anchor_x,
                pinned_end,
                vertical,
            )
        for _ in range(4 if pins else 1):
            joints, parts = _world(view, rotations, offset)
            offset = (
                offset[0] + anchor_x - _anchor_x(anchor, joints, parts, pinned_end),
                offset[1],
            )
            for pin in pins:
                pin.solve(view, rotations, offset, plain_rotations)
            # The free body rests on the floor, unless a held limb would sink into it.
            rest = vertical(rotations, held_may_sink=0.5)
            moved = abs(rest - offset[1])
            offset = (offset[0], rest)
            if moved < 0.02:
                break
        joints, parts = _world(view, rotations, offset)
        offset = (offset[0] + anchor_x - _anchor_x(anchor, joints, parts, pinned_end), offset[1])
        moments.append(Moment(at, rotations, offset, turn, {}, {}, keyframe))

    # Centre the whole movement (seen from above, vertically too).
    low, high, tops, bottoms = math.inf, -math.inf, [], []
    for moment in moments:
        _, parts = _world(view, moment.rotations, moment.offset)
        for a, b, r in parts.values():
            low = min(low, a[0] - r, b[0] - r)
            high = max(high, a[0] + r, b[0] + r)
            tops.append(min(a[1], b[1]) - r)
            bottoms.append(max(a[1], b[1]) + r)
    shift = WIDTH / 2 - (low + high) / 2
    lift = HEIGHT / 2 - (min(tops) + max(bottoms)) / 2 if view.startswith("above") else 0.0
    for moment in moments:
        moment.offset = (moment.offset[0] + shift, moment.offset[1] + lift)
        moment.joints, moment.parts = _world(view, moment.rotations, moment.offset, moment.turn)
    return moments


def _in_every_keyframe(view, keyframes, support, height, part) -> bool:
    for rotations in keyframes:
        _, parts = _world(view, rotations)
        lowest = max(max(a[1], b[1]) + r for a, b, r in parts.values())
        a, b, r = parts[part]
        if lowest - (max(a[1], b[1]) + r) > TOUCH:
            return False
    return True


def keyframe_moments(moments: list[Moment], count: int) -> list[Moment]:
    """The moment each keyframe shows, in keyframe order."""
    found = {}
    for moment in moments:
        if moment.keyframe is not None and moment.keyframe not in found:
            found[moment.keyframe] = moment
    return [found[i] for i in range(count)]


def moment_at(moments: list[Moment], fraction: float) -> Moment:
    """The sampled moment nearest a fraction of the cycle."""
    return min(moments, key=lambda m: abs(m.at - fraction))


def _name(number: int, total: int, moment: Moment) -> str:
    return f"moment {number} of {total} ({moment.at:.0%})"


def moment_problems(figure: dict, moments: list[Moment]) -> list[str]:
    """What is physically wrong at any sampled moment: a part below the floor, a planted hand,
    foot or knee sliding or lifting, a hanging body touching the floor or letting go."""
    view = drawing_view(figure["view"], figure["base"])
    problems: list[str] = []
    total = len(moments) - 1
    base = BASES[figure["base"]]
    support = figure.get("support", base.get("support", "floor"))
    contacts = figure.get("contacts", base_contacts(figure["base"], view))
    seen = set()

    def report(message):
        if message not in seen:
            seen.add(message)
            problems.append(message)

    above = view.startswith("above")
    for number, moment in enumerate(moments[:total] or moments, start=1):
        where = _name(number, total, moment)
        for name, (a, b, r) in moment.parts.items():
            if not above and max(a[1], b[1]) + r > FLOOR_Y + BELOW_FLOOR:
                depth = max(a[1], b[1]) + r - FLOOR_Y
                report(f"{where}: {name} is {depth:.0f} below the floor")
            if min(a[1], b[1]) - r < 0 or min(a[0], b[0]) - r < 0 or max(a[0], b[0]) + r > WIDTH:
                report(f"{where}: {name} is outside the picture")
        if above:
            continue
        for name in contacts:
            gap = min(FLOOR_Y - moment.lowest(part) for part in name.split("|"))
            if gap > CONTACT_TOLERANCE:
                report(f"{where}: {name} should touch the floor but is {gap:.0f} above it")
        if support != "floor":
            if not contacts:
                lowest = max(max(a[1], b[1]) + r for a, b, r in moment.parts.values())
                if lowest > FLOOR_Y - HANG_CLEARANCE:
                    report(f"{where}: the hanging body touches the floor")
            point = SUPPORTS[support]
            bar = moments[0].joints[point]
            if math.dist(moment.joints[point], bar) > ON_THE_BAR:
                report(f"{where}: {point} leaves the bar")
            if support == "hands" and "far_hand" in moment.parts:
                tip = moment.parts["far_hand"][1]
                if abs(tip[1] - bar[1]) > ON_THE_BAR + 4:
                    report(f"{where}: the far hand leaves the bar")
    if not above:
        planted = planted_parts(figure, view)
        for message in slides(moments, planted):
            report(message)
    return problems


def planted_parts(figure: dict, view: str) -> list[str]:
    """The hands, feet, shins and forearms on the floor in every keyframe, and the listed
    contacts among them: what must not slide."""
    _, keyframes, _ = keyframe_angles(figure)
    base = BASES[figure["base"]]
    contacts = figure.get("contacts", base_contacts(figure["base"], view))
    listed = [c for c in contacts if "|" not in c and _part_kind(c)]
    if figure.get("support", base.get("support", "floor")) != "floor":
        return listed
    others = [
        part
        for part in SKELETONS[view][1]
        if _part_kind(part.part) and _in_every_keyframe(view, keyframes, None, None, part.part)
    ]
    allowed = figure.get("slides", [])
    planted = listed + [p.part for p in others if p.part not in listed]
    return [p for p in planted if p not in allowed]


def slides(moments: list[Moment], parts: list[str]) -> list[str]:
    """A planted hand, foot, knee or forearm must stay put while it touches the floor:
    report each end that moves more than ``SLIDE`` while it touches."""
    total = len(moments) - 1
    out = []
    for part in parts:
        for end in (0, 1):
            start = None
            for number, moment in enumerate(moments):
                a, b, r = moment.parts[part]
                point = (a, b)[end]
                if point[1] + r < FLOOR_Y - TOUCH:
                    start = None
                    continue
                if start is None:
                    start = point
                    continue
                moved = abs(point[0] - start[0])  # along the floor: lifting is not sliding
                if moved > SLIDE:
                    where = _name(min(number, total) or total, total, moment)
                    out.append(f"{where}: {part} slides {moved:.0f} while on the floor")
                    break
            else:
                continue
            break
    return out
