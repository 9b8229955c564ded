"""Answers that change with time: what a screening's answers mean on a given day.

A check is in force for 12 months, but some answers describe a moment, not a year:

- "Today" answers (``LAPSE``) hold for a short time and then lapse: fever, an infection or
  weakness for a day (after that the check-in before every session asks about them afresh),
  a period or bleeding for a week.
- Answers about a window of weeks (``RECHECK``: a recent birth, new or flaring pain, the
  recent-surgery windows, a flare of another illness) still hold after ``RECHECK_AFTER``, the
  careful side, but are *stale*: playing and generating wait until the person answers the
  check again.
- A pregnancy is kept with its due date (``PREGNANCY_DUE`` in ``Screening.details``); it
  moves to the later-pregnancy rules by itself after 12 weeks, and is stale once the due
  date has passed. A pregnancy recorded without a date (before the date was asked) is
  stale after ``RECHECK_AFTER``.

Pure: the answers, the dated answers, when the check was taken and now, in; the answers in
force and the stale ones, out. Tested without a database (tests/safety/test_timing.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

PREGNANCY, LATER_PREGNANCY = "pregnancy", "pregnancy-after-first-trimester"
PREGNANCY_DUE = "pregnancy-due"
FIRST_TRIMESTER_WEEKS = 12  # more than this: the later-pregnancy rules
TERM_WEEKS = 40

DAY = datetime.timedelta(days=1)
LAPSE = {
    "fever-cold-now": DAY,
    "infection-now": DAY,
    "general-weakness": DAY,
    "menstruation": 7 * DAY,
    "bleeding": 7 * DAY,
}
RECHECK_AFTER = 28 * DAY
RECHECK = (
    "recently-given-birth",
    "new-back-pain",
    "acute-back-pain",
    "chronic-illness-flare",
    "spinal-surgery-recent",
    "other-surgery-recent",
)


def due_date_from_weeks(weeks: int, today: datetime.date) -> datetime.date:
    """The due date of a pregnancy ``weeks`` along on ``today`` (40 weeks in all)."""
    return today + datetime.timedelta(weeks=TERM_WEEKS - weeks)


def weeks_pregnant(due: datetime.date, today: datetime.date) -> float:
    return TERM_WEEKS - (due - today).days / 7


def _due(details: Mapping[str, object]) -> datetime.date | None:
    value = details.get(PREGNANCY_DUE)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def in_force(
    answers: Mapping[str, bool],
    details: Mapping[str, object],
    taken: datetime.datetime,
    now: datetime.datetime,
) -> tuple[dict[str, bool], tuple[str, ...]]:
    """The answers that hold ``now`` for a check ``taken`` then, and the yes answers old
    enough to be asked again (stale), in questionnaire order of ``answers``."""
    held = dict(answers)
    age = now - taken
    for slug, lasts in LAPSE.items():
        if held.get(slug) and age >= lasts:
            held[slug] = False
    stale = [slug for slug in RECHECK if held.get(slug) and age >= RECHECK_AFTER]
    if held.get(PREGNANCY):
        due = _due(details)
        if due is None:
            if age >= RECHECK_AFTER:
                stale.append(PREGNANCY)
        else:
            today = now.date()
            if weeks_pregnant(due, today) > FIRST_TRIMESTER_WEEKS:
                held[LATER_PREGNANCY] = True
            if today > due:
                stale.append(PREGNANCY)
    return held, tuple(stale)
