"""The timed plan: what the player plays and what every total adds up."""

from exercises.dosage import SWITCH_SIDES_SECONDS, Dosage
from exercises.safety import Outcome, Rule
from routines.timeline import (
    SIDE_REST_SECONDS,
    SUPINE_CAP_SECONDS,
    PlanItem,
    options_for,
    supine_cap_for,
    timed_plan,
    total_seconds,
)
from tests.routines.on_back import held_repetitions_release, longest_on_back


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


# --- Time on the back (issue 22: pregnancy after 12 weeks) ---------------------------------


def on_back(slug, **dosage):
    return PlanItem(
        slug=slug, name=slug.title(), category="stretch", dosage=Dosage(**dosage), supine=True
    )


def test_without_a_cap_two_exercises_on_the_back_follow_each_other_as_usual():
    items = [on_back("a", mode="hold", seconds=60), on_back("b", mode="hold", seconds=60)]

    plan = timed_plan(items)

    assert [s.kind for s in plan] == ["get-ready", "work", "rest", "get-ready", "work"]
    assert not any(s.side_lying for s in plan)
    assert longest_on_back(plan, {"a", "b"}) == 145


def test_the_rest_between_two_exercises_on_the_back_is_taken_on_the_side_past_the_cap():
    items = [
        on_back("a", mode="hold", seconds=60),
        on_back("b", mode="hold", seconds=60),
        item("c", mode="hold", seconds=60),
    ]

    plan = timed_plan(items, supine_cap=SUPINE_CAP_SECONDS)

    rests = [s for s in plan if s.kind == "rest"]
    assert [(r.slug, r.side_lying, r.seconds) for r in rests] == [
        ("a", True, SIDE_REST_SECONDS),
        ("b", False, 15),  # getting up for "c": an ordinary rest
    ]
    assert longest_on_back(plan, {"a", "b"}) <= SUPINE_CAP_SECONDS
    assert total_seconds(items, supine_cap=SUPINE_CAP_SECONDS) == 3 * 65 + 30 + 15


def test_short_exercises_on_the_back_stay_together_within_the_cap():
    items = [on_back("a", mode="hold", seconds=20), on_back("b", mode="hold", seconds=20)]

    plan = timed_plan(items, supine_cap=SUPINE_CAP_SECONDS)

    assert not any(s.side_lying for s in plan)


def test_a_long_held_exercise_on_the_back_is_split_between_holds_with_a_rest_on_the_side():
    # 15 bridges of 5 s with 5 s releases: 145 s, more than two minutes on the back.
    items = [on_back("bridge", mode="hold", seconds=5, reps=15)]

    plan = timed_plan(items, supine_cap=SUPINE_CAP_SECONDS)

    work = [s for s in plan if s.kind == "work"]
    assert sum(s.reps for s in work) == 15 and len(work) == 2
    assert [s.kind for s in plan] == ["get-ready", "work", "rest", "work"]
    assert plan[2].side_lying
    assert longest_on_back(plan, {"bridge"}) <= SUPINE_CAP_SECONDS
    assert held_repetitions_release(plan) == []


def test_the_cap_comes_from_rules_that_avoid_long_lying_on_the_back():
    pregnant = Outcome(
        "restricted", (Rule("p", "P", "restrict", avoid_tags=frozenset({"long-supine"})),)
    )
    other = Outcome(
        "restricted", (Rule("o", "O", "restrict", caution_tags=frozenset({"long-supine"})),)
    )

    assert supine_cap_for(pregnant) == SUPINE_CAP_SECONDS
    assert supine_cap_for(other) is None
    assert options_for(None, pregnant) == {"supine_cap": SUPINE_CAP_SECONDS}


def test_held_repetitions_play_with_a_release_between_holds():
    (work,) = [
        s for s in timed_plan([item("ext", mode="hold", seconds=5, reps=10)]) if s.kind == "work"
    ]

    assert work.seconds == 95 and work.release_seconds == 5 and work.hold_seconds == 5
