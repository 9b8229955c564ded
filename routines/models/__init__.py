"""The routines app's models, one module a seam, all named here so that
``from routines.models import Routine`` reads as it always has:

- ``routines.py``: routines and programmes, and their items;
- ``log.py``: the session log (sessions and their items);
- ``weekly.py``: the weekly plan and its calendar feed;
- ``trials.py``: trial sessions, played without an account.

Each module imports only the ones above it in this list.
"""

from routines.models.log import (
    CLOCK_SKEW,
    HISTORY_BEFORE_ACCOUNT,
    Session,
    SessionItem,
    SessionQuerySet,
    monday_of,
    validate_session_time,
)
from routines.models.routines import (
    Programme,
    ProgrammeManager,
    Routine,
    RoutineItem,
    RoutineQuerySet,
    bounds_message,
)
from routines.models.trials import TRIAL_SESSION_KEPT_FOR, TrialSession, TrialSessionQuerySet
from routines.models.weekly import CalendarFeed, PlannedSession, PlannedSessionQuerySet

__all__ = [
    "CLOCK_SKEW",
    "HISTORY_BEFORE_ACCOUNT",
    "TRIAL_SESSION_KEPT_FOR",
    "CalendarFeed",
    "PlannedSession",
    "PlannedSessionQuerySet",
    "Programme",
    "ProgrammeManager",
    "Routine",
    "RoutineItem",
    "RoutineQuerySet",
    "Session",
    "SessionItem",
    "SessionQuerySet",
    "TrialSession",
    "TrialSessionQuerySet",
    "bounds_message",
    "monday_of",
    "validate_session_time",
]
