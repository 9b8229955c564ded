"""The screening rules, condition by condition, against the real catalogue. No database:
the rules and the exercises are read from their source files."""

import pytest

from exercises.loader import read_catalogue, read_conditions
from exercises.models import Condition
from exercises.safety import (
    AGE_OVER_70,
    AGE_UNDER_16,
    CheckIn,
    SafetyProfile,
    evaluate,
    verdict,
)

CONDITIONS = read_conditions()
RULES = {row["slug"]: Condition(**row).as_rule() for row in CONDITIONS}
EXERCISES = read_catalogue()
QUESTION_SLUGS = [row["slug"] for row in CONDITIONS if row["question"]]


def outcome_for(*slugs, age=40):
    return evaluate(dict.fromkeys(slugs, True), age, RULES)


def status(exercise, outcome):
    return verdict(exercise["category"], exercise["tags"], outcome).status


def exercises_with(tag=None, category=None):
    return [
        e
        for e in EXERCISES
        if (tag is None or tag in e["tags"]) and (category is None or e["category"] == category)
    ]


@pytest.mark.parametrize("slug", [row["slug"] for row in CONDITIONS])
def test_each_condition_excludes_what_it_avoids_and_allows_the_rest(slug):
    rule = RULES[slug]
    outcome = (
        evaluate({slug: True}, 40, RULES)
        if rule.slug not in (AGE_UNDER_16, AGE_OVER_70)
        else evaluate({}, 10 if rule.slug == AGE_UNDER_16 else 80, RULES)
    )
    statuses = {e["slug"]: status(e, outcome) for e in EXERCISES}

    avoided = [
        e
        for e in EXERCISES
        if e["category"] in rule.avoid_categories or set(e["tags"]) & rule.avoid_tags
    ]
    if rule.avoid_categories or rule.avoid_tags:
        assert avoided, f"{slug} avoids things no exercise has"
    for exercise in avoided:
        assert statuses[exercise["slug"]] == "avoid", exercise["slug"]
    # Something gentle always stays allowed (possibly with care).
    assert any(s != "avoid" for s in statuses.values())
    gentle = [
        e
        for e in EXERCISES
        if e["category"] in ("breathing", "relaxation") and not set(e["tags"]) & rule.avoid_tags
    ]
    assert any(statuses[e["slug"]] != "avoid" for e in gentle), slug


def test_hernia_excludes_every_twisting_exercise():
    outcome = outcome_for("herniated-disc")

    twists = exercises_with(tag="twist")
    assert twists
    assert all(status(e, outcome) == "avoid" for e in twists)
    assert outcome.level == "restricted"


def test_osteoporosis_excludes_stretches():
    outcome = outcome_for("osteoporosis")

    assert all(status(e, outcome) == "avoid" for e in exercises_with(category="stretch"))


def test_high_blood_pressure_excludes_inversions_and_hanging():
    outcome = outcome_for("high-blood-pressure")

    hanging = [e for e in EXERCISES if e["position"] == "hanging"]
    assert hanging and exercises_with(tag="inversion")
    assert all(status(e, outcome) == "avoid" for e in hanging + exercises_with(tag="inversion"))


def test_osteochondrosis_takes_the_careful_side_and_says_the_sources_disagree():
    outcome = outcome_for("osteochondrosis")

    assert all(status(e, outcome) == "avoid" for e in exercises_with(category="stretch"))
    assert "disagree" in RULES["osteochondrosis"].advice


@pytest.mark.parametrize("slug", [row["slug"] for row in CONDITIONS if row["group"] == "red-flag"])
def test_every_red_flag_is_urgent_and_blocks(slug):
    outcome = outcome_for(slug, "herniated-disc")

    assert outcome.level == "urgent"
    assert outcome.blocks_exercise
    assert SafetyProfile(outcome, screening=object()).blocks_playing


def test_stop_outranks_restrictions_and_keeps_them():
    outcome = outcome_for("recent-surgery", "herniated-disc")

    assert outcome.level == "stop"
    assert {"recent-surgery", "herniated-disc"} <= set(outcome.conditions)
    # After a doctor's clearance, playing is allowed but the restrictions stay.
    cleared = SafetyProfile(outcome, screening=object(), cleared=True)
    assert not cleared.blocks_playing
    assert all(status(e, outcome) == "avoid" for e in exercises_with(tag="twist"))


def test_no_conditions_is_clear_and_allows_everything():
    outcome = outcome_for()

    assert outcome.level == "clear"
    assert all(status(e, outcome) == "ok" for e in EXERCISES)


@pytest.mark.parametrize(
    ("age", "expected"), [(15, AGE_UNDER_16), (16, None), (70, None), (71, AGE_OVER_70)]
)
def test_age_bands_come_from_the_age(age, expected):
    conditions = outcome_for(age=age).conditions

    assert conditions == ([expected] if expected else [])


def test_age_over_70_excludes_hanging():
    outcome = outcome_for(age=75)

    assert all(status(e, outcome) == "avoid" for e in EXERCISES if e["position"] == "hanging")


def test_unknown_answers_are_ignored():
    assert outcome_for("not-a-condition").level == "clear"


def test_caution_is_reported_with_its_reason():
    outcome = outcome_for("scoliosis")
    twist = exercises_with(tag="twist")[0]

    found = verdict(twist["category"], twist["tags"], outcome)
    assert found.status == "caution"
    assert "Scoliosis" in found.reason_labels


def test_questionnaire_asks_the_public_standards_and_the_seed_conditions():
    groups = {row["group"] for row in CONDITIONS}
    assert groups == {"red-flag", "general", "back", "situation"}
    for slug in (
        "herniated-disc",
        "scoliosis",
        "osteoporosis",
        "pregnancy",
        "thrombosis",
        "epilepsy",
        "weight-over-100kg",
        "supervised-only",
        "saddle-numbness",
    ):
        assert slug in QUESTION_SLUGS


@pytest.mark.parametrize(
    ("answers", "stops"),
    [
        ((False, False, False), False),
        ((True, False, False), True),
        ((False, True, False), True),
        ((False, False, True), True),
    ],
)
def test_check_in_stops_todays_session_on_any_yes(answers, stops):
    assert CheckIn(*answers).stops_session is stops
