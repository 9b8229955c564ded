"""The timed plan: what the player plays and what every total adds up."""

from exercises.dosage import SWITCH_SIDES_SECONDS, Dosage
from routines.plan import PlanItem, timed_plan, total_seconds


def item(slug, **dosage):
    return PlanItem(slug=slug, name=slug.title(), category="stretch", dosage=Dosage(**dosage))


def test_plan_has_get_ready_each_exercise_and_rest_between():
    items = [
        item("a", mode="hold", seconds=30, per_side=True),
        item("b", mode="reps", reps=10, seconds_per_rep=3),
    ]

    plan = timed_plan(items, get_ready_seconds=5, rest_between_seconds=15)

    assert [(s.kind, s.slug, s.side) for s in plan] == [
        ("get-ready", "a", "left"),
        ("work", "a", "left"),
        ("switch", "a", "right"),
        ("work", "a", "right"),
        ("rest", "a", ""),
        ("get-ready", "b", ""),
        ("work", "b", ""),
    ]
    assert total_seconds(items, get_ready_seconds=5, rest_between_seconds=15) == (
        5 + 30 + SWITCH_SIDES_SECONDS + 30 + 15 + 5 + 30
    )


def test_plan_carries_what_the_player_shows():
    (step,) = [
        s
        for s in timed_plan(
            [item("a", mode="reps", reps=8, seconds_per_rep=4, sets=2, rest_seconds=20)]
        )
        if s.kind == "work" and s.set_number == 2
    ]

    assert (step.reps, step.seconds_per_rep, step.sets, step.seconds) == (8, 4, 2, 32)


def test_no_get_ready_and_no_rest_when_set_to_zero():
    items = [item("a", mode="timed", seconds=60), item("b", mode="timed", seconds=60)]

    assert [s.kind for s in timed_plan(items, get_ready_seconds=0, rest_between_seconds=0)] == [
        "work",
        "work",
    ]


def test_empty_routine_takes_no_time():
    assert total_seconds([]) == 0
