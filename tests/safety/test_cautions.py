"""Every caution sentence in the catalogue that names a condition agrees with that condition's
rule: "skip it" / "not for you" means the rule leaves the exercise out; any other advice for a
named condition ("ask your doctor first", "take it gently") means "take care".

No database: the exercises and the rules are read from their source files.
"""

import re

import pytest

from exercises.loader import read_catalogue, read_conditions
from exercises.models import Condition
from exercises.safety import Outcome, verdict

RULES = {row["slug"]: Condition(**row).as_rule() for row in read_conditions()}
EXERCISES = read_catalogue()

# How the catalogue names a condition in its cautions, and the rule(s) that phrase means.
NAMES = [
    (r"disc hernia", ["herniated-disc"]),
    (r"high blood pressure", ["high-blood-pressure"]),
    (
        r"heart (problems|disease|or vessel disease|or eye-pressure problems)",
        ["heart-vessel-disease"],
    ),
    (r"eye-pressure problems", ["eye-pressure"]),
    (r"neck problems|neck or spinal injury", ["neck-problem"]),
    (r"spinal injury|back injury", ["spinal-head-injury"]),
    (r"or operation", ["spinal-surgery-recent", "other-surgery-recent"]),
    (r"osteoporosis", ["osteoporosis"]),
    (r"scoliosis", ["scoliosis"]),
    (r"arthritis", ["arthritis-joint-disease"]),
    (r"sciatica", ["sciatica"]),
    (r"acute (low )?back pain|flare-up|flaring up", ["acute-back-pain"]),
    (r"under 16", ["age-under-16"]),
    (r"over 70", ["age-over-70"]),
    (r"100 kg", ["weight-over-100kg"]),
    (r"fitness is poor", ["poor-fitness"]),
    (r"(with|have) [^.;]*dizziness", ["dizziness-fainting"]),
]
# Words that tell the reader to leave the exercise out.
LEAVE_OUT = re.compile(
    r"\b(skip|never do|do not do|do not try|not for you|leave (it|the \w+) out"
    r"|not suitable|unsuitable)\b",
    re.IGNORECASE,
)


def clauses(text):
    """A caution cut into the parts that each say one thing."""
    return [c.strip() for c in re.split(r"(?<=[.;])\s+|,\s+and\s+", text) if c.strip()]


def named_in_cautions():
    cases = []
    for exercise in EXERCISES:
        for caution in exercise["cautions"]:
            for clause in clauses(caution):
                for pattern, slugs in NAMES:
                    if re.search(pattern, clause, re.IGNORECASE):
                        expected = "avoid" if LEAVE_OUT.search(clause) else "caution"
                        cases.extend((exercise, clause, slug, expected) for slug in slugs)
    return cases


CASES = named_in_cautions()


def test_the_catalogue_names_conditions_in_its_cautions():
    # The table above still matches the catalogue's wording (a reworded caution is not lost).
    assert len(CASES) >= 40
    assert {slug for _, _, slug, _ in CASES} >= {
        "herniated-disc",
        "high-blood-pressure",
        "heart-vessel-disease",
        "acute-back-pain",
        "osteoporosis",
        "eye-pressure",
        "neck-problem",
    }


@pytest.mark.parametrize(
    ("exercise", "clause", "slug", "expected"),
    CASES,
    ids=[f"{e['slug']}-{slug}" for e, _, slug, _ in CASES],
)
def test_a_caution_that_names_a_condition_agrees_with_its_rule(exercise, clause, slug, expected):
    rule = RULES[slug]

    found = verdict(exercise["category"], exercise["tags"], Outcome("restricted", (rule,)))

    assert found.status == expected, f"{exercise['slug']}: {clause!r} vs the {slug} rule"
