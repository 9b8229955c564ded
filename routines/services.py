"""Writes that touch several rows or models at once, each in one transaction."""

from django.db import IntegrityError, transaction

from accounts.models import zone_named
from exercises.models import Exercise
from routines.generator import Candidate
from routines.gentle import CATEGORIES, NAME, gentle_routine
from routines.models import Routine, RoutineItem, Session, SessionItem, TrialSession


@transaction.atomic
def routine_move_item(*, routine: Routine, item: RoutineItem, offset: int) -> bool:
    """Swap an item with its neighbour; False when it is already at that end, or when it
    was removed in the meantime (a remove and a move sent at the same moment)."""
    items = list(routine.items.select_for_update())
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        return False
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        each.position = position
    RoutineItem.objects.bulk_update(items, ["position"])
    return True


@transaction.atomic
def routine_copy(*, routine: Routine, owner, name: str | None = None) -> Routine:
    """Copy a routine (a user's own or a built-in programme) into the owner's routines."""
    copy = Routine.objects.create(
        owner=owner,
        name=(name or routine.name)[:100],
        notes=routine.notes,
        copied_from=routine if routine.is_programme else routine.copied_from,
    )
    RoutineItem.objects.bulk_create(
        [
            RoutineItem(
                routine=copy,
                exercise_id=item.exercise_id,
                position=position,
                seconds=item.seconds,
                reps=item.reps,
                sets=item.sets,
                rest_seconds=item.rest_seconds,
                per_side=item.per_side,
            )
            for position, item in enumerate(routine.items.all())
        ]
    )
    return copy


@transaction.atomic
def routine_from_generated(*, owner, name: str, items) -> Routine:
    """Save a generated routine: (exercise, dosage) pairs; the dosage becomes overrides."""
    routine = Routine.objects.create(owner=owner, name=name[:100])
    rows = []
    for position, (exercise, dosage) in enumerate(items):
        base = exercise.dosage
        rows.append(
            RoutineItem(
                routine=routine,
                exercise=exercise,
                position=position,
                seconds=dosage.seconds if dosage.seconds != base.seconds else None,
                reps=dosage.reps if dosage.reps != base.reps else None,
                sets=dosage.sets if dosage.sets != base.sets else None,
                rest_seconds=dosage.rest_seconds
                if dosage.rest_seconds != base.rest_seconds
                else None,
                per_side=dosage.per_side if dosage.per_side != base.per_side else None,
            )
        )
    RoutineItem.objects.bulk_create(rows)
    return routine


def local_date_of(moment, time_zone: str):
    """The calendar day of a moment in the user's time zone."""
    return moment.astimezone(zone_named(time_zone)).date()


class SessionConflict(Exception):
    """A session with this client_id is already stored with other content: the client
    is not retrying, it is sending something else under an id already used."""

    def __init__(self, session):
        super().__init__(f"session {session.client_id} is already stored with other content")
        self.session = session


def _same_session(session, *, routine, started_at, finished_at, items, fields) -> bool:
    """Whether a stored session is the one described: a retry of the same save."""
    expected = {"routine_id": routine.pk if routine else None, **fields}
    expected["started_at"], expected["finished_at"] = started_at, finished_at
    if any(getattr(session, name) != value for name, value in expected.items()):
        return False
    stored = list(session.items.order_by("position").values("exercise_id", "status", "seconds"))
    return stored == [
        {"exercise_id": i["exercise_id"], "status": i["status"], "seconds": i["seconds"]}
        for i in items
    ]


def session_record(*, user, client_id, routine, started_at, finished_at, items=(), **fields):
    """Store a finished session with its items, once: sending the same session again
    (same client_id, same content) returns the stored one. Returns (session, created).
    Raises SessionConflict when the client_id is already stored with other content."""

    def stored_one(existing):
        if not _same_session(
            existing,
            routine=routine,
            started_at=started_at,
            finished_at=finished_at,
            items=items,
            fields=fields,
        ):
            raise SessionConflict(existing)
        return existing, False

    existing = Session.objects.filter(user=user, client_id=client_id).first()
    if existing is not None:
        return stored_one(existing)
    try:
        with transaction.atomic():
            session = Session(
                user=user,
                client_id=client_id,
                routine=routine,
                routine_name=fields.get("routine_name") or (routine.name if routine else ""),
                started_at=started_at,
                finished_at=finished_at,
                local_date=local_date_of(started_at, user.time_zone),
                gentle=routine is not None and routine.gentle,
                **{name: value for name, value in fields.items() if name != "routine_name"},
            )
            session.save()
            SessionItem.objects.bulk_create(
                [
                    SessionItem(session=session, position=position, **item)
                    for position, item in enumerate(items)
                ]
            )
    except IntegrityError:
        # The same session arrived twice at the same moment; the other request stored it.
        return stored_one(Session.objects.get(user=user, client_id=client_id))
    return session, True


@transaction.atomic
def gentle_routine_for(*, owner, outcome, weak=False) -> Routine:
    """The owner's bad-day routine, rebuilt now from the catalogue and their safety outcome
    (a rule corrected since last time applies at once), seated or lying only when they feel
    ``weak`` or dizzy. Raises NoRoutinePossible when no breathing or relaxation exercise
    suits them."""
    rows = Exercise.objects.filter(category__in=CATEGORIES).values("pk", *Candidate.FIELDS)
    ids = {row["slug"]: row["pk"] for row in rows}
    generated = gentle_routine([Candidate.from_row(row) for row in rows], outcome, weak=weak)
    routine, _created = Routine.objects.select_for_update().get_or_create(
        owner=owner, gentle=True, defaults={"name": NAME}
    )
    routine.items.all().delete()
    RoutineItem.objects.bulk_create(
        [
            RoutineItem(
                routine=routine,
                exercise_id=ids[item.slug],
                position=position,
                seconds=item.dosage.seconds if item.dosage.mode != "reps" else None,
                reps=item.dosage.reps,
                sets=item.dosage.sets,
            )
            for position, item in enumerate(generated)
        ]
    )
    return routine


TRIAL_SESSIONS_KEY = "trial_sessions"
# A browser keeps at most this many unclaimed trial sessions; older ones drop off its list.
TRIAL_SESSIONS_PER_BROWSER = 10


class TrialConflict(Exception):
    """A trial session with this client_id is already kept with other content."""


def trial_session_record(*, browser_session, programme: Routine, client_id, payload: dict):
    """Keep an anonymous visitor's played session, once per client_id, and remember its id
    in their Django session (nowhere else: the id is never sent to the browser). Returns
    (trial, created). The same client_id with the same content is a retry (even from a
    request that raced this one, whose Django session did not know the id yet); with other
    content it raises TrialConflict, as a signed-in save answers 409."""

    def stored_one(existing):
        if existing.programme_id != programme.pk or existing.payload != payload:
            raise TrialConflict
        return existing

    ids = browser_session.get(TRIAL_SESSIONS_KEY, [])
    existing = TrialSession.objects.filter(client_id=client_id).first()
    created = existing is None
    if existing is not None:
        trial = stored_one(existing)
    else:
        try:
            with transaction.atomic():
                trial = TrialSession.objects.create(
                    programme=programme, client_id=client_id, payload=payload
                )
        except IntegrityError:
            # The same session arrived twice at the same moment: the other request kept it.
            trial, created = stored_one(TrialSession.objects.get(client_id=client_id)), False
    if trial.pk not in ids:
        browser_session[TRIAL_SESSIONS_KEY] = [*ids, trial.pk][-TRIAL_SESSIONS_PER_BROWSER:]
    return trial, created
