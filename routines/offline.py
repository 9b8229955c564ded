"""Which routines a person's device keeps ready to play offline: the routines of their
weekly plan first, then those they played most recently (a programme they played is their
own copy), then their newest, up to ``OFFLINE_ROUTINES``."""

from routines.models import PlannedSession, Routine, Session

OFFLINE_ROUTINES = 12
# How many recent sessions are looked at to find the routines played lately.
RECENT_SESSIONS = 100


def offline_routines(user, *, limit: int = OFFLINE_ROUTINES) -> list[tuple[int, str]]:
    """(id, name) of the routines to keep offline, most wanted first. Three queries,
    whatever the size of the log."""
    planned = list(PlannedSession.objects.for_user(user).values_list("routine_id", flat=True))
    played = Session.objects.for_user(user).filter(routine__owner=user)
    recent = list(
        played.order_by("-finished_at").values_list("routine_id", flat=True)[:RECENT_SESSIONS]
    )
    routines = dict(
        Routine.objects.for_user(user).order_by("-created_at").values_list("id", "name")
    )
    order = []
    for routine_id in [*planned, *recent, *routines]:
        if routine_id in routines and routine_id not in order:
            order.append(routine_id)
    return [(routine_id, routines[routine_id]) for routine_id in order[:limit]]
