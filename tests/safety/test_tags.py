"""The movement tags the safety rules rely on are put on the exercises that have them."""

import pytest

from exercises.loader import read_catalogue

EXERCISES = read_catalogue()
BY_SLUG = {e["slug"]: e for e in EXERCISES}


def on_the_back_seconds(exercise):
    """How long the default dose keeps a person lying in the exercise's position."""
    if exercise["mode"] == "reps":
        one = exercise["reps"] * exercise["seconds_per_rep"]
    elif exercise["mode"] == "hold":
        one = exercise["seconds"] * exercise["reps"]
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
    ],
)
def test_exercise_carries_the_tag_its_movement_needs(slug, tag):
    assert tag in BY_SLUG[slug]["tags"]


def test_planks_are_face_down_and_the_forward_bend_does_not_bounce():
    assert {BY_SLUG[s]["position"] for s in ("plank", "forearm-plank")} == {"lying-front"}
    text = " ".join(BY_SLUG["standing-forward-bend"]["steps"]).lower()
    assert "do not bounce" in text
    assert "soft bounces" not in text
