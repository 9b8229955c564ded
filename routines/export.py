"""Exports of a user's own data: sessions as CSV or JSON, and the whole account as JSON.

Sessions are read in chunks with their items prefetched per chunk, so memory stays flat and
the number of queries grows with the number of chunks, not of sessions.

Every moment is written in the person's own time zone with its offset (2026-07-01T08:30:00+02:00),
from ``user.zone`` and not the active zone: the CSV is streamed after the request, and with it
the time-zone override, has ended.
"""

import csv
import itertools
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from accounts.models import PREFERENCE_FIELDS
from routines.models import PlannedSession, Routine, Session

CHUNK = 500
CSV_COLUMNS = [
    "id",
    "day",
    "started_at",
    "finished_at",
    "routine",
    "planned_seconds",
    "actual_seconds",
    "pain_before",
    "pain_after",
    "effort",
    "notes",
    "check_in_unwell",
    "check_in_new_pain",
    "check_in_weak",
    "exercises_done",
    "exercises_skipped",
    "exercises_stopped",
    "items",
]


def _sessions(user):
    return (
        Session.objects.for_user(user)
        .order_by("started_at", "pk")
        .prefetch_related("items__exercise")
        .iterator(chunk_size=CHUNK)
    )


def local(moment, zone):
    """``moment`` in ``zone``, ISO 8601 with its offset; None stays None."""
    return None if moment is None else timezone.localtime(moment, zone).isoformat()


def session_dict(session, zone) -> dict:
    return {
        "id": session.pk,
        "client_id": str(session.client_id),
        "routine": session.routine_name,
        "routine_id": session.routine_id,
        "day": session.local_date.isoformat(),
        "started_at": local(session.started_at, zone),
        "finished_at": local(session.finished_at, zone),
        "planned_seconds": session.planned_seconds,
        "actual_seconds": session.actual_seconds,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "effort": session.effort,
        "notes": session.notes,
        "check_in": session.check_in,
        "items": [
            {
                "exercise": item.exercise.slug,
                "name": item.exercise.name,
                "status": item.status,
                "seconds": item.seconds,
            }
            for item in session.items.all()
        ],
    }


# A spreadsheet runs a cell that starts with one of these as a formula (formula injection,
# from a routine name or notes); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_row(session, zone) -> list:
    return [neutralise_cell(value) for value in _csv_values(session, zone)]


def _csv_values(session, zone) -> list:
    data = session_dict(session, zone)
    statuses = [item["status"] for item in data["items"]]
    return [
        data["id"],
        data["day"],
        data["started_at"],
        data["finished_at"],
        data["routine"],
        data["planned_seconds"],
        data["actual_seconds"],
        data["pain_before"],
        data["pain_after"],
        data["effort"],
        data["notes"],
        data["check_in"].get("unwell", ""),
        data["check_in"].get("new_pain", ""),
        data["check_in"].get("weak", ""),
        statuses.count("done"),
        statuses.count("skipped"),
        statuses.count("stopped"),
        "; ".join(f"{i['exercise']}:{i['status']}:{i['seconds']}" for i in data["items"]),
    ]


class _Echo:
    def write(self, value):
        return value


def _filename(user, what, extension):
    return f"backcare-{what}-{timezone.localdate(timezone=user.zone):%Y-%m-%d}.{extension}"


def sessions_csv_response(user):
    writer = csv.writer(_Echo())
    zone = user.zone
    rows = itertools.chain([CSV_COLUMNS], (_csv_row(session, zone) for session in _sessions(user)))
    lines = (writer.writerow(row) for row in rows)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(user, "sessions", "csv")}"'
    return response


def sessions_json_response(user):
    data = [session_dict(s, user.zone) for s in _sessions(user)]
    response = HttpResponse(
        json.dumps({"sessions": data}, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(user, "sessions", "json")}"'
    )
    return response


def account_json_response(user):
    """Everything the account holds: profile, screenings, routines and sessions."""
    zone = user.zone
    profile = {
        "email": user.email,
        "date_joined": local(user.date_joined, zone),
        **{name: getattr(user, name) for name in PREFERENCE_FIELDS},
    }
    screenings = [
        {
            "created_at": local(s.created_at, zone),
            "version": s.version,
            "answers": s.answers,
            "age": s.age,
            "outcome": s.outcome,
            "conditions": s.conditions,
            "ended_at": local(s.ended_at, zone),
            "cleared_at": local(s.cleared_at, zone),
            "clearance_note": s.clearance_note,
            "cleared_conditions": s.cleared_conditions,
            "details": s.details,
        }
        for s in user.screenings.order_by("created_at")
    ]
    routines = [
        {
            "name": r.name,
            "notes": r.notes,
            "created_at": local(r.created_at, zone),
            "items": [
                {
                    "exercise": i.exercise.slug,
                    "seconds": i.seconds,
                    "reps": i.reps,
                    "sets": i.sets,
                    "rest_seconds": i.rest_seconds,
                    "per_side": i.per_side,
                }
                for i in r.items.all()
            ],
        }
        for r in Routine.objects.for_user(user).prefetch_related("items__exercise")
    ]
    plan = [
        {
            "weekday": p.get_weekday_display(),
            "time": p.time.strftime("%H:%M"),
            "routine": p.routine.name,
        }
        for p in PlannedSession.objects.for_user(user).select_related("routine")
    ]
    data = {
        "exported_at": local(timezone.now(), zone),
        "profile": profile,
        "screenings": screenings,
        "routines": routines,
        "weekly_plan": plan,
        "sessions": [session_dict(s, zone) for s in _sessions(user)],
    }
    response = HttpResponse(json.dumps(data, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(user, "account", "json")}"'
    return response
