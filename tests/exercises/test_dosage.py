"""The timed steps of one exercise and the dosage in plain words."""

import pytest
from django.utils import translation

from exercises.dosage import SWITCH_SIDES_SECONDS, Dosage, exercise_steps
from tests.factories import ExerciseFactory


def test_hold_each_side_two_sets_has_switches_and_one_rest():
    dosage = Dosage(mode="hold", seconds=30, sets=2, per_side=True, rest_seconds=15)

    steps = exercise_steps(dosage)

    assert [(s.kind, s.side, s.set_number) for s in steps] == [
        ("work", "left", 1),
        ("switch", "right", 1),
        ("work", "right", 1),
        ("rest", "", 1),
        ("work", "left", 2),
        ("switch", "right", 2),
        ("work", "right", 2),
    ]
    assert dosage.total_seconds() == 4 * 30 + 2 * SWITCH_SIDES_SECONDS + 15


def test_reps_take_reps_times_tempo():
    assert Dosage(mode="reps", reps=10, seconds_per_rep=3).total_seconds() == 30


def test_repeated_holds_add_up_with_a_release_between_two_holds():
    # 3 holds of 10 s and 2 releases of 10 s.
    assert Dosage(mode="hold", seconds=10, reps=3).total_seconds() == 50
    # 10 x 5 s back extensions do not play in 50 s: 9 releases of at least 5 s.
    assert Dosage(mode="hold", seconds=5, reps=10).total_seconds() == 95
    # A long hold rests 10 s at most; one hold needs no release.
    assert Dosage(mode="hold", seconds=30, reps=2).release_seconds == 10
    assert Dosage(mode="hold", seconds=30, reps=1).total_seconds() == 30
    assert Dosage(mode="reps", reps=10, seconds_per_rep=4).release_seconds == 0


def test_timed_bout_is_its_seconds():
    assert Dosage(mode="timed", seconds=120, sets=1).total_seconds() == 120


def test_overrides_replace_only_what_is_given():
    base = Dosage(mode="hold", seconds=30, sets=2, rest_seconds=10)

    assert base.with_overrides(seconds=45, sets=None) == Dosage(
        mode="hold", seconds=45, sets=2, rest_seconds=10
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            {
                "mode": "hold",
                "seconds": 30,
                "seconds_min": 20,
                "seconds_max": 40,
                "per_side": True,
                "sets": 2,
                "rest_seconds": 0,
            },
            "hold 20–40 s, each side, 2 sets",
        ),
        (
            {"mode": "reps", "reps": 12, "reps_min": 10, "reps_max": 15, "seconds_per_rep": 3},
            "10–15 repetitions",
        ),
        ({"mode": "timed", "seconds": 120}, "2 minutes"),
        (
            {
                "mode": "hold",
                "seconds": 10,
                "reps": 5,
                "sets": 3,
                "sets_min": 2,
                "sets_max": 3,
                "rest_seconds": 30,
            },
            "hold 10 s, 5 times, relax 10 s between holds, 2–3 sets, rest 30 s between sets",
        ),
    ],
)
def test_dosage_in_plain_words(fields, words):
    assert ExerciseFactory.build(**fields).dosage_in_words() == words


RUSSIAN_PLURALS = [
    (1, "1 повторение", "1 раз", "1 подход"),
    (2, "2 повторения", "2 раза", "2 подхода"),
    (5, "5 повторений", "5 раз", "5 подходов"),
    (11, "11 повторений", "11 раз", "11 подходов"),
    (21, "21 повторение", "21 раз", "21 подход"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("n", "repetitions", "times", "sets"), RUSSIAN_PLURALS)
def test_dosage_words_take_russian_plurals(n, repetitions, times, sets):
    reps = ExerciseFactory.build(mode="reps", reps=n, seconds_per_rep=3)
    # A range shows "times" and "sets" even at 1 ("1–n"); its upper end sets the plural.
    hold = ExerciseFactory.build(
        mode="hold",
        seconds=10,
        per_side=True,
        reps=1,
        reps_min=1,
        reps_max=n,
        sets=1,
        sets_min=1,
        sets_max=n,
        rest_seconds=0,
    )
    with translation.override("ru"):
        assert reps.dosage_in_words() == repetitions
        words = hold.dosage_in_words().split(", ")
    upper = (lambda words: words) if n == 1 else (lambda words: f"1–{words}")
    assert words[0] == "удерживать 10 с"
    assert words[1] == upper(times)
    assert "на каждую сторону" in words
    assert words[-1] == (upper(sets) if n > 1 else "на каждую сторону")


@pytest.mark.django_db
def test_dosage_range_agrees_with_its_upper_end_in_russian():
    fields = {"mode": "hold", "seconds": 10, "sets": 3, "sets_min": 2, "sets_max": 3}
    fields |= {"reps": 12, "reps_min": 8, "reps_max": 12, "rest_seconds": 0}
    with translation.override("ru"):
        assert ExerciseFactory.build(**fields).dosage_in_words().split(", ")[1::2] == [
            "8–12 раз",
            "2–3 подхода",
        ]
    assert ExerciseFactory.build(mode="reps", reps=1).dosage_in_words() == "1 repetition"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "words"), [(2, "2 подхода"), (5, "5 подходов"), (21, "21 подход")]
)
def test_beyond_recommended_in_russian(value, words):
    exercise = ExerciseFactory.build(mode="reps", reps=10, sets=1)
    with translation.override("ru"):
        assert exercise.beyond_recommended({"sets": value})[0].startswith(words)
