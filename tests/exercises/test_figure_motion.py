"""Figures are physically right at every moment of their cycle, not only at their keyframes:
nothing sinks through the floor, planted hands, feet and knees stay put, a hanging body
keeps its feet off the floor and its hands on the bar; the loader refuses a figure that
breaks one of these, naming the moment; and the animation draws what was checked."""

import copy
import math
import xml.etree.ElementTree as ET

import pytest

from exercises.figures import (
    FigureError,
    figure_label,
    figure_problems,
    render_animated,
    render_still,
    solve_figure,
    validate_figure,
)
from exercises.figures.body import FLOOR_Y
from exercises.figures.motion import (
    MIN_MOMENTS,
    SLIDE,
    anchor_point,
    moment_problems,
    planted_parts,
    solve_moments,
)
from exercises.loader import read_catalogue

SVG = "{http://www.w3.org/2000/svg}"
CATALOGUE = read_catalogue()
BY_SLUG = {row["slug"]: row for row in CATALOGUE}


def moments_of(row):
    return solve_moments(row["figure"], row["mode"])


@pytest.mark.parametrize("row", CATALOGUE, ids=[row["slug"] for row in CATALOGUE])
def test_every_catalogue_figure_is_right_at_every_sampled_moment(row):
    moments = moments_of(row)
    assert len(moments) - 1 >= MIN_MOMENTS  # a cycle is sampled finely, not only keyframes
    assert moment_problems(row["figure"], moments) == []


def slide_of(moments, part):
    """How far each end of a part moves along the floor while it touches it."""
    worst = 0.0
    for end in (0, 1):
        start = None
        for moment in moments:
            a, b, r = moment.parts[part]
            point = (a, b)[end]
            if point[1] + r < FLOOR_Y - 2:
                start = None
            elif start is None:
                start = point
            else:
                worst = max(worst, abs(point[0] - start[0]))
    return worst


@pytest.mark.parametrize(
    ("slug", "parts"),
    [
        ("cat-cow", ["near_hand", "far_hand", "near_shin", "far_shin"]),
        ("plank", ["near_hand"]),
        ("downward-dog", ["near_hand", "near_foot"]),
        ("knee-to-forehead-all-fours", ["near_hand", "far_shin"]),
        ("squat", ["near_foot", "far_foot"]),
        ("rises-on-toes", ["near_foot", "far_foot"]),
    ],
)
def test_planted_hands_feet_and_knees_stay_put_between_keyframes(slug, parts):
    moments = moments_of(BY_SLUG[slug])
    for part in parts:
        assert slide_of(moments, part) <= SLIDE, part


def test_all_fours_anchors_on_the_knee_that_stays_down():
    """Knee to forehead moves the near knee: the far knee carries the body and stays put."""
    row = BY_SLUG["knee-to-forehead-all-fours"]
    assert anchor_point(row["figure"], "side") == ("part", "far_shin")
    moments = moments_of(row)
    knees = [m.joints["far_knee"] for m in moments]
    assert max(math.dist(k, knees[0]) for k in knees) <= SLIDE
    near = [m.joints["near_knee"] for m in moments]
    assert max(math.dist(k, near[0]) for k in near) > 20  # the working knee moves


def test_cat_rounds_the_back_with_hands_under_the_shoulders():
    """The cat pose keeps hands and knees where they were: the back rounds up between them
    instead of the hands sliding back towards the knees."""
    row = BY_SLUG["cat-cow"]
    moments = moments_of(row)
    flat, cat = moments[0], next(m for m in moments if m.keyframe == 1)
    assert math.dist(flat.joints["near_wrist"], cat.joints["near_wrist"]) <= SLIDE
    assert math.dist(flat.joints["near_knee"], cat.joints["near_knee"]) <= SLIDE


@pytest.mark.parametrize(
    "slug", ["bar-hang", "bar-pull-up", "bar-hang-turns", "hanging-knee-raise"]
)
def test_a_hanging_body_keeps_its_hands_on_the_bar_and_its_feet_off_the_floor(slug):
    moments = moments_of(BY_SLUG[slug])
    bar = moments[0].joints["near_hand_tip"]
    for moment in moments:
        assert math.dist(moment.joints["near_hand_tip"], bar) <= 2
        lowest = max(max(a[1], b[1]) + r for a, b, r in moment.parts.values())
        assert lowest <= FLOOR_Y - 2


# Figures built to break one rule each: the loader refuses them, naming the moment.

BELOW_BETWEEN_KEYFRAMES = {
    # Hanging low: legs raised forward, then swung back, are clear of the floor at both
    # keyframes but pass through it on the way (they hang straight down in between).
    "view": "side",
    "base": "hanging",
    "description": "hanging, the legs swing from front to back",
    "props": ["bar"],
    "support_height": 182,
    "keyframes": [{"hips": 60}, {"hips": -40}],
}
SLIDING_KNEES = {
    # Kneeling, held by the neck instead of the knees: as the body leans the knees slide.
    "view": "side",
    "base": "kneeling",
    "description": "kneeling, the body leans forward",
    "anchor": "neck",
    "keyframes": [{}, {"pelvis": 40}],
}
FEET_ON_THE_FLOOR = {
    # Hanging from a bar too low for straight legs.
    "view": "side",
    "base": "hanging",
    "description": "hanging from a bar",
    "props": ["bar"],
    "support_height": 186,
    "keyframes": [{"knees": 30}, {}],
}


def refusal(figure, mode="reps"):
    with pytest.raises(FigureError) as error:
        validate_figure(copy.deepcopy(figure), mode=mode)
    message = str(error.value)
    assert message.startswith("moment ") and " of 24 (" in message  # names the moment
    return message


def test_loader_refuses_a_part_below_the_floor_between_keyframes():
    moments = solve_moments(BELOW_BETWEEN_KEYFRAMES, "reps")
    below = [
        m for m in moments if max(max(a[1], b[1]) + r for a, b, r in m.parts.values()) > FLOOR_Y + 1
    ]
    assert below and all(m.keyframe is None for m in below)  # only between keyframes
    refusal(BELOW_BETWEEN_KEYFRAMES)
    problems = figure_problems(copy.deepcopy(BELOW_BETWEEN_KEYFRAMES), mode="reps")
    assert any("is 2 below the floor" in p for p in problems)


def test_loader_refuses_planted_knees_that_slide():
    message = refusal(SLIDING_KNEES)
    assert "near_shin slides 3 while on the floor" in message


def test_loader_refuses_a_hanging_body_whose_feet_touch_the_floor():
    message = refusal(FEET_ON_THE_FLOOR, mode="hold")
    assert "the hanging body touches the floor" in message


def test_the_same_figures_pass_once_fixed():
    """Each broken figure differs from a good one by the one thing its rule is about."""
    fixed_hang = {**BELOW_BETWEEN_KEYFRAMES, "support_height": 196}
    fixed_knees = {k: v for k, v in SLIDING_KNEES.items() if k != "anchor"}
    fixed_feet = {**FEET_ON_THE_FLOOR, "support_height": 196}
    validate_figure(copy.deepcopy(fixed_hang), mode="reps")
    validate_figure(copy.deepcopy(fixed_knees), mode="reps")
    validate_figure(copy.deepcopy(fixed_feet), mode="hold")


def test_a_declared_slide_is_allowed_and_only_that_one():
    """Puppy pose slides the hands forward on purpose (the steps say so)."""
    figure = BY_SLUG["puppy-pose"]["figure"]
    assert "near_hand" in figure["slides"]
    assert "near_hand" not in planted_parts(figure, "side")
    assert "near_shin" in planted_parts(figure, "side")


def animation_at_kept_moments(svg):
    """The root translate animation: (keyTimes, values) as numbers."""
    root = ET.fromstring(svg)  # noqa: S314 - our own renderer's output, in a test
    move = next(a for a in root.iter(f"{SVG}animateTransform") if a.get("type") == "translate")
    times = [float(t) for t in move.get("keyTimes").split(";")]
    values = [tuple(float(v) for v in pair.split()) for pair in move.get("values").split(";")]
    return times, values


def test_the_animation_places_the_body_as_solved_at_every_moment():
    """The drawn cycle goes through the solved placement of the body (linear between
    samples): what the checks passed is what the player shows."""
    row = BY_SLUG["squat"]
    svg = render_animated(
        row["figure"],
        label=figure_label(row["name"], row["figure"]),
        mode=row["mode"],
        seconds_per_rep=row["seconds_per_rep"],
    )
    times, values = animation_at_kept_moments(svg)
    moments = moments_of(row)
    for moment in moments:
        # Linear interpolation of the drawn values at this moment's time.
        i = max(j for j, t in enumerate(times) if t <= moment.at + 1e-9)
        if i == len(times) - 1:
            x, y = values[i]
        else:
            t = (moment.at - times[i]) / (times[i + 1] - times[i])
            x = values[i][0] + (values[i + 1][0] - values[i][0]) * t
            y = values[i][1] + (values[i + 1][1] - values[i][1]) * t
        assert abs(x - moment.offset[0]) <= 0.35 and abs(y - moment.offset[1]) <= 0.35


def test_a_twist_turns_the_chest_visibly():
    """Seen from the side the shoulders separate (the near one goes back when the trunk
    turns towards the far side); seen from the front they come closer together."""
    side = solve_figure(BY_SLUG["seated-spinal-twist"]["figure"], "hold")
    start, turned = side[0], side[-1]
    gap = turned.joints["near_shoulder"][0] - turned.joints["far_shoulder"][0]
    assert start.joints["near_shoulder"] == pytest.approx(start.joints["far_shoulder"], abs=1)
    assert gap < -20
    front = solve_figure(BY_SLUG["standing-torso-rotation"]["figure"], "reps")
    width = [abs(f.joints["near_shoulder"][0] - f.joints["far_shoulder"][0]) for f in front]
    assert width[1] < width[0] - 10 and width[3] < width[0] - 10
    # The pelvis and legs turning below a still chest: the hips come closer.
    hang = solve_figure(BY_SLUG["bar-hang-turns"]["figure"], "reps")
    hips = [abs(f.joints["near_hip"][0] - f.joints["far_hip"][0]) for f in hang]
    assert hips[1] < hips[0] - 5 and hips[3] < hips[0] - 5


def test_hands_behind_the_back_are_drawn_behind_the_trunk():
    row = BY_SLUG["reverse-prayer"]
    svg = render_animated(row["figure"], label=row["name"], mode=row["mode"], seconds_per_rep=4)
    root = ET.fromstring(svg)  # noqa: S314 - our own renderer's output, in a test
    layers = [g for g in root.iter(f"{SVG}g") if g.get("stroke") and g.get("fill") == "none"]
    strokes = [g.get("stroke") for g in layers]
    trunk = strokes.index("#2d5f7f")
    arm = strokes.index("#173f59")
    assert arm < trunk  # the near arm comes before (under) the trunk
    # A figure without "behind" draws its near arm last, over the trunk, with a light edge.
    squat = render_animated(
        BY_SLUG["squat"]["figure"], label="Squat", mode="reps", seconds_per_rep=4
    )
    groups = [g.get("stroke") for g in ET.fromstring(squat).iter(f"{SVG}g") if g.get("stroke")]  # noqa: S314
    assert groups[-2:] == ["#f4efe6", "#173f59"]


def test_breathing_figure_follows_the_pacer_in_hold_out():
    """4-6-8 breathing: the figure breathes in for 4 s, holds for 6 and breathes out for 8 of
    its 18-second repetition, as the pacer counts (static/js/player-pace.js)."""
    row = BY_SLUG["breathing-4-6-8"]
    assert row["seconds_per_rep"] == 18
    svg = render_animated(row["figure"], label=row["name"], mode=row["mode"], seconds_per_rep=18)
    assert 'keyTimes="0;0.2222;0.5556;1"' in svg  # 4/18, 10/18
    frames = solve_figure(row["figure"], row["mode"])
    assert [round(f.at * 18, 3) for f in frames] == [0, 4, 10]
    assert frames[1].rotations == frames[2].rotations  # held: the same pose from 4 s to 10 s


def test_arm_raise_breathing_raises_on_the_in_breath_half_and_lowers_on_the_out_breath():
    """The pacer breathes in for the first half of a shorter repetition and out for the
    second: the arms rise over the first half and come down over the second."""
    row = BY_SLUG["arm-raise-breathing"]
    frames = solve_figure(row["figure"], row["mode"])
    overhead = frames[-1]
    assert overhead.at == pytest.approx(0.5)


def test_an_isometric_press_shows_where_the_pressure_goes_in_the_held_pose():
    row = BY_SLUG["neck-press-forehead"]
    figure = row["figure"]
    assert figure["press"] == ["head", "near_hand"]
    arrow = 'stroke="#c2410c"'
    held = render_still(figure, label=row["name"], mode="hold")  # the key pose: held
    start = render_still(figure, label=row["name"], mode="hold", frame=0)
    assert arrow in held and arrow not in start
    animated = render_animated(figure, label=row["name"], mode="hold", seconds_per_rep=4)
    assert arrow in animated and 'attributeName="opacity" values="0;0;1"' in animated
    # It points from the head forwards, into the palm at the forehead.
    d = ET.fromstring(held).find(f".//{SVG}path[@stroke='#c2410c']").get("d")  # noqa: S314
    tail, tip = (tuple(float(v) for v in p.split()) for p in d[1:].split("M")[0].split("L"))
    assert tip[0] > tail[0] + 10
