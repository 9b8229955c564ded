"""Generate the benchmark data set and print what the load tools need, as JSON.

Run by bench/run.py inside the configured environment (production settings, a fresh
database): the catalogue (already loaded by migrate), 1,000 users, one user with 10,000
sessions and one with 10, each with a routine, a safety check that restricts some exercises
(so the catalogue, builder and player show their badges) and a logged-in session cookie (the
player page also needs today's check-in, which is kept in the session).
"""

import datetime
import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.sessions import SessionStore  # noqa: E402
from exercises.models import Condition  # noqa: E402
from exercises.safety import evaluate  # noqa: E402
from exercises.safety.models import Screening  # noqa: E402
from exercises.safety.questionnaire import VERSION as QUESTIONNAIRE_VERSION  # noqa: E402
from routines.models import Routine, Session, SessionItem, monday_of  # noqa: E402
from routines.services import routine_copy  # noqa: E402

USERS = 1000
PASSWORD = "bench-password-1234"
# A common restricted profile: some exercises are "not for you", others "take care".
CONDITIONS = ("herniated-disc", "osteoporosis")


def add_screening(user):
    rules = Condition.objects.rules()
    answers = {slug: slug in CONDITIONS for slug in rules}
    outcome = evaluate(answers, 45, rules)
    Screening.objects.create(
        user=user,
        version=QUESTIONNAIRE_VERSION,
        answers=answers,
        age=45,
        outcome=outcome.level,
        conditions=outcome.conditions,
    )


def logged_in_cookie(user, decided=()) -> str:
    """A signed-in session with today's check-in answered; for the routines in ``decided``
    the person has also said which left-out exercises to include (none), so playing them
    opens the player itself rather than the pre-start page."""
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "accounts.backends.UserBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store["check_in"] = {
        "at": timezone.now().isoformat(),
        "answers": {"unwell": False, "new_pain": False, "weak": False, "nerves": False},
        "pain_before": 3,
        "include": {str(pk): [] for pk in decided},
    }
    store.save()
    return store.session_key


def add_sessions(user, routine, count):
    now = timezone.now()
    exercise_ids = list(routine.items.values_list("exercise_id", flat=True))
    for start in range(0, count, 2000):
        batch = []
        for n in range(start, min(start + 2000, count)):
            began = now - datetime.timedelta(hours=9 * n + 1)
            batch.append(
                Session(
                    user=user,
                    routine=routine,
                    routine_name=routine.name,
                    client_id=uuid.uuid4(),
                    started_at=began,
                    finished_at=began + datetime.timedelta(minutes=14),
                    local_date=began.date(),
                    week_start=monday_of(began.date()),
                    planned_seconds=840,
                    actual_seconds=830,
                    pain_before=4 + n % 3,
                    pain_after=2 + n % 3,
                    effort=5,
                )
            )
        Session.objects.bulk_create(batch)
        SessionItem.objects.bulk_create(
            [
                SessionItem(
                    session=session,
                    exercise_id=exercise_ids[i % len(exercise_ids)],
                    position=0,
                    status="done",
                    seconds=60,
                )
                for i, session in enumerate(batch)
            ]
        )


def load_users(count: int) -> dict:
    """Users for the load test: each with a routine and a logged-in session cookie."""
    password = make_password(PASSWORD)
    programme = Routine.objects.programmes().get(slug="back-warm-up")
    users = []
    for n in range(count):
        user, _ = User.objects.get_or_create(
            email=f"load{n}@example.com", defaults={"password": password}
        )
        routine = routine_copy(routine=programme, owner=user)
        users.append(
            {
                "email": user.email,
                "routine": routine.pk,
                "cookie": logged_in_cookie(user),
                "exercises": list(routine.items.values_list("exercise__slug", flat=True)),
            }
        )
    return {"users": users, "password": PASSWORD}


def build() -> dict:
    """The data set: what bench/run.py and bench/profile_pages.py need to reach each page."""
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        [User(email=f"bench{n}@example.com", password=password) for n in range(USERS)],
        ignore_conflicts=True,
    )
    programme = Routine.objects.programmes().get(slug="back-warm-up")
    result = {"users": User.objects.count(), "password": PASSWORD}
    for label, email, sessions in (
        ("heavy", "bench0@example.com", 10_000),
        ("light", "bench1@example.com", 10),
    ):
        user = User.objects.get(email=email)
        # One routine per bench user, however many times the data set is built.
        routine = Routine.objects.filter(owner=user).first() or routine_copy(
            routine=programme, owner=user
        )
        if not Session.objects.filter(user=user).exists():
            add_sessions(user, routine, sessions)
        if not Screening.objects.filter(user=user).exists():
            add_screening(user)
        result[label] = {
            "email": email,
            "routine": routine.pk,
            "cookie": logged_in_cookie(user, decided=[routine.pk]),
            # The same person before deciding what to include: the pre-start page.
            "cookie_undecided": logged_in_cookie(user),
            "sessions": Session.objects.filter(user=user).count(),
        }
    # Statistics for the planner, as a production database keeps them, and no autovacuum of
    # the rows just added running during the measurement.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return result


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "load":
        print(json.dumps(load_users(int(sys.argv[2]))))
        return
    print(json.dumps(build()))


if __name__ == "__main__":
    main()
