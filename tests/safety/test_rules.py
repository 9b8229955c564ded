"""The screening rules, condition by condition, against the real catalogue. No database:
the rules and the exercises are read from their source files."""

import pytest

from exercises.loader import read_catalogue, read_conditions
from exercises.models import Condition
from exercises.safety import (
    AGE_OVER_70,
    AGE_UNDER_16,
    NEW_BACK_PAIN,
    NEW_BACK_PAIN_AGE,
    STARTBACK_HIGH_RISK,
    STARTBACK_ITEMS,
    CheckIn,
    Outcome,
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


def outcome_with_only(slug):
    """The outcome of a person who has this one condition (derived ones through the age)."""
    if slug == AGE_UNDER_16:
        return evaluate({}, 10, RULES)
    if slug == AGE_OVER_70:
        return evaluate({}, 80, RULES)
    if slug == NEW_BACK_PAIN_AGE:
        return evaluate({NEW_BACK_PAIN: True}, 60, RULES)
    if slug == STARTBACK_HIGH_RISK:
        return evaluate(dict.fromkeys(STARTBACK_ITEMS[:3], True), 40, RULES)
    return evaluate({slug: True}, 40, RULES)


# The STarT Back-style items are scored, not rules (tests/safety/test_personas.py).
@pytest.mark.parametrize(
    "slug", [row["slug"] for row in CONDITIONS if row["slug"] not in STARTBACK_ITEMS]
)
def test_each_condition_excludes_what_it_avoids_and_allows_the_rest(slug):
    rule = RULES[slug]
    evaluated = outcome_with_only(slug)
    assert slug in evaluated.conditions
    outcome = Outcome(evaluated.level, (rule,))  # this rule alone

    avoided, cautioned, rest = [], [], []
    for e in EXERCISES:
        if e["category"] in rule.avoid_categories or set(e["tags"]) & rule.avoid_tags:
            avoided.append(e)
        elif e["category"] in rule.caution_categories or set(e["tags"]) & rule.caution_tags:
            cautioned.append(e)
        else:
            rest.append(e)
    if rule.avoid_categories or rule.avoid_tags:
        assert avoided, f"{slug} avoids things no exercise has"
    assert {e["slug"]: status(e, outcome) for e in avoided} == {e["slug"]: "avoid" for e in avoided}
    # The rest: what the rule only cautions is "take care", everything else stays "ok".
    assert {e["slug"]: status(e, outcome) for e in cautioned} == {
        e["slug"]: "caution" for e in cautioned
    }
    assert {e["slug"]: status(e, outcome) for e in rest} == {e["slug"]: "ok" for e in rest}
    # Something gentle always stays allowed (possibly with care).
    gentle = [e for e in cautioned + rest if e["category"] in ("breathing", "relaxation")]
    assert gentle, slug


def test_hernia_excludes_every_twisting_exercise():
    outcome = outcome_for("herniated-disc")

    twists = exercises_with(tag="twist")
    assert twists
    assert all(status(e, outcome) == "avoid" for e in twists)
    assert outcome.level == "restricted"


def test_osteoporosis_excludes_bending_forward_and_twisting_but_not_the_sphinx():
    outcome = outcome_for("osteoporosis")

    assert all(status(e, outcome) == "avoid" for e in exercises_with(tag="flexion"))
    assert all(status(e, outcome) == "avoid" for e in exercises_with(tag="twist"))
    sphinx = next(e for e in EXERCISES if e["slug"] == "sphinx-pose")
    assert status(sphinx, outcome) == "caution"


def test_high_blood_pressure_excludes_inversions_and_hanging():
    outcome = outcome_for("high-blood-pressure")

    hanging = [e for e in EXERCISES if e["position"] == "hanging"]
    assert hanging and exercises_with(tag="inversion")
    assert all(status(e, outcome) == "avoid" for e in hanging + exercises_with(tag="inversion"))


def test_osteochondrosis_takes_the_careful_side_and_says_the_sources_disagree():
    outcome = outcome_for("osteochondrosis")

    assert all(status(e, outcome) == "avoid" for e in exercises_with(category="stretch"))
    assert "disagree" in RULES["osteochondrosis"].advice


CAUDA_EQUINA = {
    "numbness-both-legs",
    "saddle-numbness",
    "bladder-bowel-control",
    "sexual-problems-new",
}


@pytest.mark.parametrize("slug", [row["slug"] for row in CONDITIONS if row["group"] == "red-flag"])
def test_every_red_flag_blocks_and_the_cauda_equina_signs_are_urgent(slug):
    outcome = evaluate(
        {slug: True, "herniated-disc": True, NEW_BACK_PAIN: slug == NEW_BACK_PAIN_AGE}, 60, RULES
    )

    assert slug in outcome.conditions
    assert outcome.level in ("urgent", "soon", "stop")
    if slug in CAUDA_EQUINA:
        assert outcome.level == "urgent"
    assert outcome.blocks_exercise
    assert SafetyProfile(outcome, screening=object()).blocks_playing


def test_stop_outranks_restrictions_and_keeps_them():
    outcome = outcome_for("spinal-surgery-recent", "herniated-disc")

    assert outcome.level == "stop"
    assert {"spinal-surgery-recent", "herniated-disc"} <= set(outcome.conditions)
    # After a doctor's clearance, playing is allowed but the restrictions stay.
    cleared = SafetyProfile(
        outcome, screening=object(), cleared=True, cleared_conditions=frozenset(outcome.blocking)
    )
    assert outcome.blocking == ["spinal-surgery-recent"]
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


def test_a_clearance_lifts_only_the_conditions_it_covers():
    outcome = outcome_for("spinal-surgery-recent", "thoracic-pain", "herniated-disc")
    assert set(outcome.blocking) == {"spinal-surgery-recent", "thoracic-pain"}

    partial = SafetyProfile(
        outcome,
        screening=object(),
        cleared=True,
        cleared_conditions=frozenset({"spinal-surgery-recent", "herniated-disc"}),
    )
    assert partial.blocks_playing
    assert [rule.slug for rule in partial.not_cleared] == ["thoracic-pain"]

    # Recorded conditions without a recorded clearance cover nothing.
    unrecorded = SafetyProfile(
        outcome, screening=object(), cleared_conditions=frozenset(outcome.blocking)
    )
    assert unrecorded.blocks_playing
