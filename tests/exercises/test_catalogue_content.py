"""The built-in catalogue: complete, every seed exercise findable, every field filled."""

from pathlib import Path

import pytest

from exercises.loader import read_toml
from exercises.models import Exercise

pytestmark = pytest.mark.django_db
SEED_NAMES = read_toml(Path(__file__).parent / "seed_names.toml")["name"]


def test_catalogue_has_the_whole_seed_material():
    assert Exercise.objects.count() >= 85
    sources = set()
    for sources_of_one in Exercise.objects.values_list("sources", flat=True):
        sources |= set(sources_of_one)
    assert {"000", "001", "002"} <= sources
    categories = set(Exercise.objects.values_list("category", flat=True))
    assert categories == {
        "warm-up",
        "stretch",
        "strengthen",
        "mobility",
        "breathing",
        "relaxation",
        "traction",
    }


@pytest.mark.parametrize("entry", SEED_NAMES, ids=lambda e: f"{e['seed']}:{e['text']}")
def test_every_seed_exercise_is_found_by_its_name(entry):
    found = Exercise.objects.search(entry["text"]).values_list("slug", flat=True)

    assert entry["slug"] in found


def test_every_exercise_is_complete():
    problems = []
    for e in Exercise.objects.all():
        checks = {
            "summary is one sentence": e.summary.rstrip(".").count(". ") == 0,
            "three steps": len(e.steps) >= 3,
            "a caution": len(e.cautions) >= 1,
            "a region": len(e.regions) >= 1,
            "a source": len(e.sources) >= 1,
            "takes time": e.duration_seconds > 0,
            "hold/timed has seconds": e.mode == "reps" or e.seconds > 0,
            "reps have a tempo": e.mode != "reps" or (e.reps > 0 and e.seconds_per_rep > 0),
            "default inside range": all(
                low is None or low <= value <= high
                for value, low, high in (
                    (e.seconds, e.seconds_min, e.seconds_max),
                    (e.reps, e.reps_min, e.reps_max),
                    (e.sets, e.sets_min, e.sets_max),
                )
            ),
            "specialist equipment says so": not (set(e.equipment) & {"board", "loop"})
            or bool(e.specialist),
            "hanging is traction": e.position != "hanging" or "traction" in e.tags,
            "dosage in words": bool(e.dosage_in_words()),
        }
        problems += [f"{e.slug}: {name}" for name, ok in checks.items() if not ok]
    assert problems == []
