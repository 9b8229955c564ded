"""Exercise figures: every catalogue figure renders, stays in the picture, stands on the
floor where it should, moves, and stays small. Pure: no database."""

import copy
import textwrap
import xml.etree.ElementTree as ET

import pytest

from exercises.figures import (
    FigureError,
    figure_label,
    render_animated,
    render_still,
    solve_figure,
    validate_figure,
)
from exercises.figures.body import BASES, FLOOR_Y, HEIGHT, WIDTH, highest_point
from exercises.figures.motion import solve_moments
from exercises.figures.render import (
    CROP_MARGIN,
    INSET_GAP,
    LOW_ON_THE_FLOOR,
    MIN_ASPECT,
    _n,
    figure_times,
    inset_scale,
)
from exercises.figures.spec import CONTACT_TOLERANCE, contacts_of
from exercises.loader import CatalogueError, read_catalogue
from exercises.translations import EXERCISES
from tests.factories import write_translation

SVG = "{http://www.w3.org/2000/svg}"
CATALOGUE = read_catalogue()
BY_SLUG = {row["slug"]: row for row in CATALOGUE}
MAX_BYTES = 12 * 1024  # the budget: a figure stays under 12 KB


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - our own renderer's output, in a test


def rows():
    return pytest.mark.parametrize("row", CATALOGUE, ids=[row["slug"] for row in CATALOGUE])


def animated(row, **kwargs):
    return render_animated(
        row["figure"],
        label=figure_label(row["name"], row["figure"]),
        mode=row["mode"],
        seconds_per_rep=row["seconds_per_rep"] or 4,
        **kwargs,
    )


def test_every_catalogue_exercise_has_a_figure():
    missing = [row["slug"] for row in CATALOGUE if not row["figure"]]
    assert len(CATALOGUE) >= 98
    assert missing == []


def lying_on_the_floor(row):
    """Figures lying (or on all fours) on the floor line; seen from above they are centred
    already."""
    return row["figure"]["base"] in LOW_ON_THE_FLOOR and row["figure"]["view"] != "above"


def view_box_of(svg):
    return [float(v) for v in parse(svg).get("viewBox").split()]


@rows()
def test_figure_renders_to_small_valid_svg(row):
    boxes = []
    for svg in (
        animated(row),
        render_still(row["figure"], label=row["name"], mode=row["mode"]),
        animated(row, mirrored=True),
    ):
        root = parse(svg)  # parses
        assert root.tag == f"{SVG}svg"
        x, y, width, height = (float(v) for v in root.get("viewBox").split())
        assert x >= 0 and x + width <= WIDTH + 0.1 and y >= 0 and y + height <= HEIGHT + 0.1
        boxes.append((x, y, width, height))
        assert len(svg.encode()) < MAX_BYTES
        assert "style=" not in svg  # strict CSP: presentation attributes only
        assert "<script" not in svg
    assert boxes[0] == boxes[1]  # the thumbnail frames the figure as the animation does
    x, y, width, height = boxes[0]
    assert boxes[2] == pytest.approx((WIDTH - x - width, y, width, height), abs=0.11)


@rows()
def test_the_picture_is_cut_to_the_figure_and_cuts_nothing_off(row):
    """Thumbnails and the player show the body, not a small body in a wide empty box: the
    picture reaches no further than a margin past what is drawn (props and an inset count;
    a standing figure keeps some width), and no body part at any moment is cut off."""
    figure = row["figure"]
    x, y, width, height = view_box_of(animated(row))
    moments = solve_moments(figure, row["mode"])
    ends = [(end, r) for m in moments for a, b, r in m.parts.values() for end in (a, b)]
    left, right = min(p[0] - r for p, r in ends), max(p[0] + r for p, r in ends)
    top, bottom = min(p[1] - r for p, r in ends), max(p[1] + r for p, r in ends)
    assert x <= left + 0.1 and right <= x + width + 0.1
    assert y <= top + 0.1 and bottom <= y + height + 0.1
    if not figure["props"] and "inset" not in figure and "press" not in figure:
        tight = right - left + 2 * CROP_MARGIN
        assert width <= max(tight, MIN_ASPECT * height) + 0.2


@pytest.mark.parametrize(
    "row",
    [row for row in CATALOGUE if lying_on_the_floor(row)],
    ids=lambda row: row["slug"],
)
def test_a_lying_figure_fills_its_picture_instead_of_its_bottom_third(row):
    """The drawing (from the highest point its movement reaches down to the floor line) fills
    a fair share of the picture's height (an inset above it apart)."""
    _, y, _, height = view_box_of(animated(row))
    top = highest_point(row["figure"]["view"], solve_figure(row["figure"]))
    bottom = FLOOR_Y + 2  # the floor line
    assert y <= top and bottom <= y + height  # nothing cut off
    if "inset" in row["figure"]:  # the inset goes above the band the body moves in
        reserved = inset_scale(row["figure"], row["mode"])[1][3] + INSET_GAP
        y, height = y + reserved, height - reserved
    share = (bottom - top) / height
    assert share >= 0.4, f"the drawing fills {share:.0%} of the picture's height"


def test_the_highest_point_counts_the_poses_between_keyframes():
    """Arms that sweep from the sides to overhead point at the ceiling on the way: the
    picture must leave room for them, though no keyframe shows them there."""
    row = BY_SLUG["lying-full-body-stretch"]
    frames = solve_figure(row["figure"])
    keyframes_top = min(min(a[1], b[1]) - r for f in frames for a, b, r in f.parts.values())
    top = highest_point(row["figure"]["view"], frames)
    assert top < keyframes_top - 20
    assert view_box_of(animated(row))[1] <= top


def test_some_catalogue_figures_lie_on_the_floor():
    assert sum(lying_on_the_floor(row) for row in CATALOGUE) >= 20


@rows()
def test_figure_is_an_image_named_by_what_it_shows(row):
    root = parse(animated(row))
    name = root.get("aria-label")
    assert root.get("role") == "img"
    assert name.startswith(row["name"] + ": ")
    assert len(name) > len(row["name"]) + 20  # says what happens, not only the name
    assert root.find(f"{SVG}title").text == name


@rows()
def test_every_joint_stays_inside_the_picture_in_every_keyframe(row):
    for number, frame in enumerate(solve_figure(row["figure"]), start=1):
        for joint, (x, y) in frame.joints.items():
            assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT, (number, joint, x, y)
        for part, (a, b, r) in frame.parts.items():
            assert min(a[0], b[0]) - r >= 0 and max(a[0], b[0]) + r <= WIDTH, (number, part)
            assert min(a[1], b[1]) - r >= 0, (number, part)


@rows()
def test_no_body_part_goes_below_the_floor(row):
    if row["figure"]["view"] == "above":
        pytest.skip("seen from the ceiling: no floor line")
    for number, frame in enumerate(solve_figure(row["figure"]), start=1):
        for part, (a, b, r) in frame.parts.items():
            assert max(a[1], b[1]) + r <= FLOOR_Y + 1.5, (number, part)


@rows()
def test_parts_that_carry_the_body_touch_the_floor_in_every_keyframe(row):
    figure = row["figure"]
    contacts = contacts_of(figure)
    on_floor = figure["view"] != "above" and figure.get("support", "floor") == "floor"
    if on_floor and BASES[figure["base"]].get("support") is None:
        assert contacts, "a figure resting on the floor names what touches it"
    for number, frame in enumerate(solve_figure(figure), start=1):
        for contact in contacts:
            gap = min(FLOOR_Y - frame.lowest(part) for part in contact.split("|"))
            assert abs(gap) <= CONTACT_TOLERANCE, (number, contact, round(gap, 1))


@rows()
def test_keyframes_differ_so_the_figure_moves(row):
    frames = solve_figure(row["figure"])
    assert len(frames) >= 2
    first = frames[0]
    assert any(f.rotations != first.rotations or f.turn != first.turn for f in frames[1:])
    assert "<animateTransform" in animated(row) or "<animate " in animated(row)


@pytest.mark.parametrize(
    ("slug", "parts"),
    [
        ("squat", ["near_foot", "far_foot"]),
        ("cat-cow", ["near_shin", "near_hand"]),
        ("shavasana", []),  # seen from above
        ("glute-bridge", ["thoracic", "near_foot"]),
        ("bar-hang", []),  # hanging: nothing on the floor
        ("plank", ["near_hand"]),
        ("downward-dog", ["near_hand", "near_foot"]),
    ],
)
def test_contacts_are_the_expected_parts(slug, parts):
    assert contacts_of(BY_SLUG[slug]["figure"]) == parts


def test_standing_figures_keep_their_feet_on_the_floor():
    # The forward roll starts standing and rolls over the back: its contacts say so.
    standing = [
        r for r in CATALOGUE if r["figure"]["base"] == "standing" and r["slug"] != "somersault"
    ]
    assert len(standing) > 15
    for row in standing:
        for frame in solve_figure(row["figure"]):
            feet = min(FLOOR_Y - frame.lowest(p) for p in ("near_foot", "far_foot"))
            assert feet <= CONTACT_TOLERANCE, row["slug"]


def test_hanging_figure_holds_the_bar_at_its_height():
    frames = solve_figure(BY_SLUG["bar-pull-up"]["figure"])
    hands = {round(f.joints["near_hand_tip"][1], 1) for f in frames}
    assert len(hands) == 1  # the hands stay on the bar while the body rises
    assert frames[1].joints["neck"][1] < frames[0].joints["neck"][1]


def test_bones_keep_their_length_in_every_pose():
    def length(part, frame):
        (ax, ay), (bx, by), _ = frame.parts[part]
        return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5

    reference = solve_figure(BY_SLUG["standing-reach-up"]["figure"])[0]
    for row in CATALOGUE:
        if row["figure"]["view"] != "side":
            continue
        for frame in solve_figure(row["figure"]):
            for part in ("near_thigh", "near_shin", "near_upper_arm", "far_forearm", "thoracic"):
                assert length(part, frame) == pytest.approx(length(part, reference), abs=0.01)


def eased_rotations(svg):
    """The joint rotations animated between keyframes (eased, one value per keyframe)."""
    return [
        a
        for a in parse(svg).iter(f"{SVG}animateTransform")
        if a.get("type") == "rotate" and a.get("calcMode") == "spline"
    ]


def test_repetition_runs_once_per_repetition_at_the_exercise_tempo():
    row = BY_SLUG["squat"]
    svg = animated(row)
    assert f'dur="{row["seconds_per_rep"]}s"' in svg
    assert 'repeatCount="indefinite"' in svg
    assert 'calcMode="spline"' in svg and "keySplines=" in svg
    # A cycle goes through every keyframe and back to the start.
    values = eased_rotations(svg)[0].get("values").split(";")
    assert len(values) == len(row["figure"]["keyframes"]) + 1
    assert values[0] == values[-1]


def test_hold_plays_the_way_in_and_stays_in_the_held_pose():
    row = BY_SLUG["childs-pose"]
    svg = animated(row)
    assert 'fill="freeze"' in svg and "indefinite" not in svg
    values = eased_rotations(svg)[0].get("values").split(";")
    assert len(values) == len(row["figure"]["keyframes"])


def test_figure_times_match_the_animation_the_player_drives():
    # A repetition: one cycle at the tempo, the key pose (keyframe 1 of a cycle that runs
    # through every keyframe and back) a matching share into it.
    row = BY_SLUG["cat-cow"]
    count = len(row["figure"]["keyframes"])
    cycle, key = figure_times(row["figure"], mode="reps", seconds_per_rep=row["seconds_per_rep"])
    assert f'dur="{_n(cycle)}s"' in animated(row)
    assert key == pytest.approx(cycle * 1 / count)
    # A hold: the way in, and the held pose at its end.
    hold = BY_SLUG["childs-pose"]
    cycle, key = figure_times(hold["figure"], mode="hold")
    assert f'dur="{_n(cycle)}s" fill="freeze"' in animated(hold)
    assert key == cycle


def test_mirrored_figure_is_drawn_for_the_other_side():
    row = BY_SLUG["bird-dog"]
    assert row["per_side"]
    assert f"matrix(-1 0 0 1 {WIDTH} 0)" in animated(row, mirrored=True)
    assert "matrix(-1" not in animated(row)


def test_still_thumbnail_has_no_animation_and_shows_the_key_pose():
    row = BY_SLUG["cat-cow"]
    still = render_still(row["figure"], label=row["name"], mode=row["mode"])
    assert "<animate" not in still
    assert still == render_still(row["figure"], label=row["name"], mode="reps", frame=1)
    assert still != render_still(row["figure"], label=row["name"], mode="reps", frame=0)


def test_far_side_is_lighter_than_the_near_side():
    svg = animated(BY_SLUG["squat"])
    groups = [g.get("stroke") for g in parse(svg).iter(f"{SVG}g") if g.get("stroke")]
    far, near = groups[0], groups[-1]

    def lightness(colour):
        return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    assert lightness(far) > lightness(near)


def test_label_is_escaped():
    figure = BY_SLUG["squat"]["figure"]
    svg = render_still(figure, label='Say "hi" <b>', mode="reps")
    assert "<b>" not in svg
    parse(svg)


GOOD_FIGURE = {
    "view": "side",
    "base": "standing",
    "description": "standing, the arms rise",
    "keyframes": [{}, {"shoulders": 170}],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"view": "top"}, "unknown view"),
        ({"base": "handstand"}, "unknown base"),
        ({"props": ["trampoline"]}, "props must be"),
        ({"keyframes": [{}]}, "at least two"),
        ({"keyframes": [{}, {"elbow": 20}]}, "unknown joint(s) elbow"),
        ({"keyframes": [{}, {"knees": "bent"}]}, "knees must be a number"),
        ({"keyframes": [{}, {"knees": 900}]}, "outside"),
        ({"keyframes": [{}, {}]}, "must differ"),
        ({"base": "hanging", "support_height": 176}, "below the floor"),
        ({"keyframes": [{}, {"hips": 90}]}, "should touch the floor"),
        ({"colour": "red"}, "unknown field(s): colour"),
        ({"description": ""}, "description"),
        ({"view": "front", "base": "all-fours"}, "cannot be drawn in the front view"),
        ({"inset": {"view": "front", "base": "standing", "keyframes": [{}]}}, "2 poses"),
        (
            {"inset": {"view": "front", "base": "standing", "keyframes": [{}, {}], "key": 1}},
            "inset: unknown field(s): key",
        ),
        (
            {"inset": {"view": "front", "base": "standing", "keyframes": [{"label": "x"}, {}]}},
            "take no label",
        ),
        (
            {"inset": {"view": "side", "base": "standing", "keyframes": [{}, {"hips": 90}]}},
            "inset: moment",
        ),
    ],
)
def test_bad_figure_is_refused_with_a_message(change, message):
    figure = {**copy.deepcopy(GOOD_FIGURE), **change}
    with pytest.raises(FigureError, match=None) as error:
        validate_figure(figure, mode="reps")
    assert message in str(error.value)


def test_good_figure_is_accepted_as_plain_data():
    figure = validate_figure(copy.deepcopy(GOOD_FIGURE), mode="reps")
    assert figure["props"] == [] and figure["keyframes"][1] == {"shoulders": 170.0}


INSET_FIGURE = {
    **GOOD_FIGURE,
    "inset": {"view": "front", "base": "standing", "keyframes": [{}, {}]},
}


def test_an_inset_may_stand_still_and_moves_in_step_with_the_figure():
    figure = validate_figure(copy.deepcopy(INSET_FIGURE), mode="reps")
    assert figure["inset"]["keyframes"] == [{}, {}]
    svg = render_animated(figure, label="Reach", mode="reps", seconds_per_rep=5)
    root = parse(svg)
    scaled = [g for g in root.iter(f"{SVG}g") if "scale(" in (g.get("transform") or "")]
    assert len(scaled) == 1  # the inset: a second small body in its own frame
    assert len(list(scaled[0].iter(f"{SVG}rect"))) == 1
    durations = {a.get("dur") for a in root.iter(f"{SVG}animateTransform")}
    assert durations == {"5s"}  # the inset keeps the figure's time


def test_an_inset_is_drawn_in_a_still_and_fits_in_the_picture():
    figure = validate_figure(copy.deepcopy(INSET_FIGURE), mode="reps")
    root = parse(render_still(figure, label="Reach", mode="reps", frame=0))
    (inset,) = [g for g in root.iter(f"{SVG}g") if "scale(" in (g.get("transform") or "")]
    transform = inset.get("transform")
    tx, ty = (float(v) for v in transform[len("translate(") : transform.index(")")].split())
    scale = float(transform[transform.index("scale(") + 6 : -1])
    frame = next(inset.iter(f"{SVG}rect"))
    x, y = tx + float(frame.get("x")) * scale, ty + float(frame.get("y")) * scale
    width, height = float(frame.get("width")) * scale, float(frame.get("height")) * scale
    box = view_box_of(render_still(figure, label="Reach", mode="reps"))
    assert box[0] <= x and x + width <= box[0] + box[2]
    assert box[1] <= y and y + height <= box[1] + box[3]


def test_an_inset_takes_the_beats_of_the_figure_it_belongs_to():
    raw = copy.deepcopy(INSET_FIGURE)
    raw["keyframes"][1]["beats"] = 3
    figure = validate_figure(raw, mode="reps")
    assert figure["inset"]["keyframes"][1]["beats"] == 3.0


ENTRY = """
[[exercise]]
slug = "test-reach"
name = "Test reach"
summary = "Reach up."
category = "warm-up"
regions = ["shoulders"]
position = "standing"
difficulty = 1
steps = ["Stand.", "Reach up.", "Lower."]
cautions = ["Go gently."]
sources = ["000"]

[exercise.dosage]
mode = "reps"
reps = 5
seconds_per_rep = 4

[exercise.figure]
view = "side"
base = "standing"
description = "standing, the arms rise overhead"
keyframes = [{}, { shoulders = KNEES }]
"""


def test_bad_figure_data_stops_the_catalogue_load_naming_file_and_entry(tmp_path):
    (tmp_path / "warm.toml").write_text(textwrap.dedent(ENTRY.replace("KNEES", '"up"')))
    with pytest.raises(CatalogueError) as error:
        read_catalogue(tmp_path)
    assert "warm.toml" in str(error.value)
    assert "'test-reach'" in str(error.value)
    assert "figure" in str(error.value) and "shoulders must be a number" in str(error.value)


def test_catalogue_figure_is_read_into_the_row(tmp_path):
    (tmp_path / "warm.toml").write_text(textwrap.dedent(ENTRY.replace("KNEES", "170")))
    write_translation(tmp_path / "warm.toml", EXERCISES)
    (row,) = read_catalogue(tmp_path)
    assert row["figure"]["keyframes"][1] == {"shoulders": 170.0}
