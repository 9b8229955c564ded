"""The movement tags the safety rules rely on are put on the exercises that have them."""

import pytest

from exercises.dosage import Dosage
from exercises.loader import read_catalogue

EXERCISES = read_catalogue()
BY_SLUG = {e["slug"]: e for e in EXERCISES}


def on_the_back_seconds(exercise):
    """How long the default dose keeps a person lying in the exercise's position."""
    if exercise["mode"] == "reps":
        one = exercise["reps"] * exercise["seconds_per_rep"]
    elif exercise["mode"] == "hold":
        # Lying there through the release between two holds too.
        one = Dosage("hold", exercise["seconds"], exercise["reps"]).work_seconds
    else:
        one = exercise["seconds"]
    return one * exercise["sets"] * (2 if exercise["per_side"] else 1)


@pytest.mark.parametrize(
    ("narrow", "broad"),
    [
        ("sustained-flexion", "flexion"),
        ("sustained-extension", "extension"),
        ("long-supine", "supine"),
    ],
)
def test_a_narrow_tag_comes_with_its_broad_one(narrow, broad):
    tagged = [e["slug"] for e in EXERCISES if narrow in e["tags"]]
    assert tagged
    assert [s for s in tagged if broad not in BY_SLUG[s]["tags"]] == []


def test_two_minutes_or_more_on_the_back_is_long_supine():
    long_ones = [e for e in EXERCISES if "supine" in e["tags"] and on_the_back_seconds(e) >= 120]
    assert long_ones
    assert [e["slug"] for e in long_ones if "long-supine" not in e["tags"]] == []


def test_only_the_head_turns_in_neck_turns():
    for slug in ("neck-turns", "neck-turns-chin-down"):
        assert "neck-turn" in BY_SLUG[slug]["tags"]
        assert "twist" not in BY_SLUG[slug]["tags"]


@pytest.mark.parametrize(
    ("slug", "tag"),
    [
        ("puppy-pose", "inversion"),
        ("lying-full-body-stretch", "traction"),
        ("rounded-half-bend", "traction"),
        ("closing-feet-and-palms", "loaded"),
        ("strap-hamstring-stretch", "nerve-tension"),
        ("seated-forward-bend", "nerve-tension"),
        ("sphinx-pose", "sustained-extension"),
        ("cobra", "sustained-extension"),
        ("upward-dog", "sustained-extension"),
        ("childs-pose", "head-down"),
        ("childs-pose", "deep-hip-flexion"),
        ("supine-twist", "hip-internal-rotation"),
        ("shavasana", "long-supine"),
        # Issue 22: the tags a physiotherapist reading the steps would give.
        ("supine-leg-scissors", "extension"),
        ("supine-leg-scissors", "abdominal-load"),
        ("bird-dog-foot-hold", "sustained-extension"),
        ("low-lunge-reach", "sustained-extension"),
        ("puppy-pose", "sustained-extension"),
        ("pigeon-pose", "head-down"),
        ("joy-of-the-baby", "hip-90"),
        ("high-knee-marching", "hip-90"),
        ("seated-wide-leg-twist", "hip-90"),
        ("rounded-half-bend", "hip-90"),
        ("standing-forward-bend-clasped-hands", "hip-90"),
        ("closing-feet-and-palms", "abdominal-load"),
        ("hanging-knee-raise", "abdominal-load"),
        ("plank", "abdominal-load"),
        ("forearm-plank", "abdominal-load"),
        ("curl-up", "abdominal-load"),
        ("side-bridge", "abdominal-load"),
    ],
)
def test_exercise_carries_the_tag_its_movement_needs(slug, tag):
    assert tag in BY_SLUG[slug]["tags"]


def test_planks_are_face_down_and_the_forward_bend_does_not_bounce():
    assert {BY_SLUG[s]["position"] for s in ("plank", "forearm-plank")} == {"lying-front"}
    text = " ".join(BY_SLUG["standing-forward-bend"]["steps"]).lower()
    assert "do not bounce" in text
    assert "soft bounces" not in text


@pytest.mark.parametrize(
    ("slug", "tag"),
    [
        ("glute-bridge", "extension"),  # the hips lift, the back stays straight
        ("neck-turns-chin-down", "flexion"),  # only the neck bends
        ("seated-belly-draw-in", "breath-hold"),  # breathing all through
        ("cobra", "breath-hold"),
        ("bird-dog", "sustained-extension"),  # the neutral bird dog
    ],
)
def test_exercise_does_not_carry_a_tag_its_steps_do_not_have(slug, tag):
    assert tag not in BY_SLUG[slug]["tags"]


def test_every_exercise_on_the_knees_or_all_fours_is_kneeling_and_on_the_back_is_supine():
    assert [
        e["slug"] for e in EXERCISES if (e["position"] == "kneeling") != ("kneeling" in e["tags"])
    ] == []
    assert [
        e["slug"] for e in EXERCISES if (e["position"] == "lying-back") != ("supine" in e["tags"])
    ] == []


def test_no_step_sends_the_person_to_another_exercise():
    """A step such as "rest in child's pose" would point a person to an exercise that may be
    not for them; the exercise's own name (side-reach child's pose) does not count."""
    names = {e["slug"]: e["name"].lower() for e in EXERCISES}
    found = []
    for exercise in EXERCISES:
        own = exercise["name"].lower()
        for step in exercise["steps"]:
            text = step.lower().replace("’", "'")
            for slug, name in names.items():
                if slug != exercise["slug"] and name in text and name not in own:
                    found.append((exercise["slug"], slug))
    assert found == []


def test_prone_head_raises_keep_the_eyes_on_the_floor():
    text = " ".join(BY_SLUG["prone-head-raises"]["steps"]).lower()
    assert "eyes on the floor" in text and "look forward" not in text
