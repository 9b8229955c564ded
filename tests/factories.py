"""Factories for test data, and the requests tests send as a browser would. Every user's
password is PASSWORD.

Test modules import their helpers from here, from tests/conftest.py (fixtures) or from
tests/browser/harness.py, never from another test module (tests/test_test_modules.py).
"""

import datetime
import json
import re
import textwrap
import uuid
from pathlib import Path
from unittest import mock

import factory
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse
from django.utils import timezone

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from accounts.models import User
from backcare.caching.versions import CATALOGUE, person_scope, read
from exercises.models import Condition, Exercise
from exercises.safety.questionnaire import NO, NONE, TICK, YES, layout
from exercises.translations import EXERCISES, Source, translation_path
from routines.models import Session, monday_of

PASSWORD = "a-long-test-password-42"
NEW_PASSWORD = "a-brand-new-pass-phrase-19"  # a visitor's, at sign-up


def write_translation(english: Path, source: Source, language="ru", prefix="РУ ") -> Path:
    """A complete translation of a test's English content file: each word field's English with
    ``prefix`` in front (lists item by item), as translators write it beside the file."""
    entries = tomllib.loads(english.read_text()).get(source.array, [])
    lines = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            continue
        lines.append(f"[{json.dumps(entry['slug'])}]")
        for field in source.fields:
            value = field.value(entry)
            if isinstance(value, str) and value.strip():
                lines.append(f"{field.name} = {json.dumps(prefix + value, ensure_ascii=False)}")
            elif isinstance(value, list) and value and all(value):
                words = [prefix + str(item) for item in value]
                lines.append(f"{field.name} = {json.dumps(words, ensure_ascii=False)}")
    path = translation_path(english, language)
    path.write_text("\n".join(lines) + "\n")
    return path


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exercises.Exercise"

    slug = factory.Sequence(lambda n: f"test-exercise-{n}")
    name = factory.Sequence(lambda n: f"Test exercise {n}")
    summary = "A gentle movement used in tests."
    category = "stretch"
    regions = ["lower-back"]
    position = "lying-back"
    equipment = []
    difficulty = 1
    tags = ["supine"]
    steps = ["Lie down.", "Move gently.", "Come back slowly."]
    cautions = ["Stop if it hurts."]
    sources = ["001"]
    mode = "hold"
    seconds = 30


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "routines.Routine"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Routine {n}")


class RoutineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "routines.RoutineItem"

    routine = factory.SubFactory(RoutineFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "routines.Session"

    user = factory.SubFactory(UserFactory)
    routine_name = "Morning"
    client_id = factory.Faker("uuid4")
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda o: o.started_at + datetime.timedelta(minutes=15))
    local_date = factory.LazyAttribute(lambda o: o.started_at.date())
    actual_seconds = 900
    planned_seconds = 900


def screening_of(user, *conditions, outcome="restricted", age=40, version=1, **fields):
    """A safety check ``user`` took, saying yes to ``conditions`` (slugs), stored with the
    ``outcome`` given (not worked out: a test says which outcome it needs)."""
    return user.screenings.create(
        version=version,
        answers=dict.fromkeys(conditions, True),
        age=age,
        outcome=outcome,
        conditions=list(conditions),
        **fields,
    )


def routine_for(owner, *, name="Evening back", exercises=None, count=2):
    """A routine of ``owner`` holding ``count`` exercises of the catalogue in name order:
    those matching ``exercises`` (a filter such as ``{"mode": "hold"}``, the default; ``{}``
    for any) or the ones named by it (a list of slugs)."""
    routine = RoutineFactory(owner=owner, name=name)
    if isinstance(exercises, list | tuple):
        chosen = [Exercise.objects.get(slug=slug) for slug in exercises]
    else:
        chosen = Exercise.objects.filter(**({"mode": "hold"} if exercises is None else exercises))
        chosen = chosen[:count]
    for exercise in chosen:
        RoutineItemFactory(routine=routine, exercise=exercise)
    return routine


def check_answers(*slugs, age=40, pregnancy_weeks=None):
    """The two pages of the safety check for a person who has these conditions: the first
    page's POST data and the follow-ups' (empty when no umbrella is answered yes). A
    pregnancy is given in weeks: ``pregnancy_weeks``, else 20 for
    "pregnancy-after-first-trimester" and 8 for "pregnancy"."""
    first, follow_up = {"age": age}, {}
    parts = layout(Condition.objects.all())
    unasked = set(slugs) - {slug for part in parts for slug in part.slugs}
    assert not unasked, f"the check does not ask about {sorted(unasked)}"
    for part in parts:
        mine = [slug for slug in part.slugs if slug in slugs]
        if part.section.kind == TICK:
            first[part.key] = mine or [NONE]
        else:
            first[part.key] = YES if mine else NO
            if mine and part.has_follow_up:
                ticks = [slug for slug in mine if slug not in part.section.dated]
                if set(mine) & set(part.section.dated) and "pregnancy" not in ticks:
                    ticks.append("pregnancy")  # the later weeks are asked as a number
                follow_up[part.key] = ticks
                if "pregnancy" in ticks:
                    later = "pregnancy-after-first-trimester" in mine
                    follow_up["pregnancy_weeks"] = pregnancy_weeks or (20 if later else 8)
    return first, follow_up


def take_check(client, *slugs, age=40, pregnancy_weeks=None):
    """Answer the safety check as a person with these conditions; the last response. A
    warning sign that needs a doctor now or today ends the check on the first page."""
    first, follow_up = check_answers(*slugs, age=age, pregnancy_weeks=pregnancy_weeks)
    response = client.post(reverse("safety:check"), first)
    if follow_up and response.get("Location") == reverse("safety:check_more"):
        response = client.post(reverse("safety:check_more"), follow_up)
    return response


def signed_in_browser(user):
    """A browser of ``user`` that must send a CSRF token with every POST, as real ones do:
    two of them are one person's phone and laptop."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user, backend="accounts.backends.UserBackend")
    return browser


def csrf_token_of(html: str, nth: int = 0) -> str:
    """The CSRF token of the page's ``nth`` form that has one (0: base.html's log-out form)."""
    return html.split('name="csrfmiddlewaretoken" value="')[nth + 1].split('"')[0]


def person_version(user) -> int:
    """The person's cache version as the database holds it (backcare/caching)."""
    return read(person_scope(user.pk))[person_scope(user.pk)]


def catalogue_version() -> int:
    return read(CATALOGUE)[CATALOGUE]


def embedded_plan(response):
    """The plan as the player reads it: the routine's plan (#player-plan, cached) with this
    session's check-in (#player-check-in, rendered for the request)."""
    html = response.content.decode()
    plan = {}
    for name in ("player-plan", "player-check-in"):
        start = html.index(">", html.index(f'id="{name}"')) + 1
        plan.update(json.loads(html[start : html.index("</script>", start)]))
    return plan


# ---- Sessions as the player sends them -------------------------------------------------


def payload(routine, **overrides):
    """A session of ``routine`` as the player sends it: every item done, 12 minutes long,
    finished 8 minutes ago, with scores, notes and a check-in of four noes."""
    started = timezone.now() - datetime.timedelta(minutes=20)
    data = {
        "client_id": str(uuid.uuid4()),
        "started_at": started.isoformat(),
        "finished_at": (started + datetime.timedelta(minutes=12)).isoformat(),
        "planned_seconds": 700,
        "actual_seconds": 690,
        "pain_before": 5,
        "pain_after": 3,
        "effort": 4,
        "notes": "Felt good",
        "check_in": {"unwell": False, "new_pain": False, "weak": False, "nerves": False},
        "items": [
            {"exercise": item.exercise.slug, "status": "done", "seconds": 60}
            for item in routine.items.all()
        ],
    }
    data.update(overrides)
    return data


def post_json(client, routine, data):
    """Save ``data`` (a payload) as a session of ``routine``, as the player does."""
    return client.post(
        reverse("routines:save_session", args=[routine.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


def bulk_sessions(user, count):
    """``count`` sessions of ``user``, one every 7 hours back from now, in one query."""
    now = timezone.now()
    Session.objects.bulk_create(
        [
            Session(
                user=user,
                routine_name="Bulk",
                client_id=uuid.uuid4(),
                started_at=now - datetime.timedelta(hours=7 * n),
                finished_at=now - datetime.timedelta(hours=7 * n) + datetime.timedelta(minutes=15),
                local_date=(now - datetime.timedelta(hours=7 * n)).date(),
                week_start=monday_of((now - datetime.timedelta(hours=7 * n)).date()),
                actual_seconds=900,
                pain_before=5,
                pain_after=n % 5,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


# ---- The player and the trial ----------------------------------------------------------


def play_url(routine):
    return reverse("routines:play", args=[routine.pk])


def check_in(client, routine, **answers):
    """Answer the player's check-in of ``routine``: four noes and a pain of 4, unless told."""
    data = {"unwell": "no", "new_pain": "no", "weak": "no", "nerves": "no", "pain_before": 4}
    data.update(answers)
    return client.post(play_url(routine), data)


def try_url(programme):
    return reverse("routines:try", args=[programme.slug])


def try_save_url(programme):
    return reverse("routines:try_save", args=[programme.slug])


def try_check_in(client, programme, **answers):
    """An anonymous visitor's check-in before trying ``programme``."""
    data = {
        "unwell": "no",
        "new_pain": "no",
        "weak": "no",
        "nerves": "no",
        "pain_before": 4,
        **answers,
    }
    return client.post(try_url(programme), data)


def played(programme, **fields):
    """A tried session of ``programme`` as the player sends it."""
    return payload(programme, **{"pain_before": 4, "pain_after": 2, "effort": 5, **fields})


def play_and_save(client, programme, **fields):
    """An anonymous visitor tries ``programme`` and saves it: (the response, what was sent)."""
    try_check_in(client, programme)
    body = played(programme, **fields)
    response = client.post(
        try_save_url(programme), json.dumps(body), content_type="application/json"
    )
    return response, body


def sign_up(client, email="new@example.com"):
    return client.post(
        reverse("accounts:signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


# ---- The database away ----------------------------------------------------------------


def database_gone(error=None):
    """Every query fails as when PostgreSQL is restarting (a mock of the cursor: ``with
    database_gone() as attempts``, ``attempts.call_count`` says how many queries tried)."""
    error = error or OperationalError("connection to server failed: Connection refused")
    return mock.patch.object(BaseDatabaseWrapper, "_cursor", side_effect=error)


# ---- Static files as production collects them -----------------------------------------

PRODUCTION_STORAGE = "backcare.storage.StaticFilesStorage"
HASHED = re.compile(r"\.[0-9a-f]{12}\.js$")  # a module's name under the manifest storage


def collect_static(settings, static_root, sources=None):
    """``collectstatic`` under the production storage into ``static_root``; the manifest's
    paths (source name to hashed name). Without ``sources``, the project's own settings."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STORAGE},
    }
    settings.STATIC_ROOT = static_root
    if sources is not None:
        settings.STATICFILES_DIRS = [sources]
    call_command("collectstatic", "--noinput", verbosity=0)
    return json.loads((Path(static_root) / "staticfiles.json").read_text())["paths"]


# ---- Catalogue source files -------------------------------------------------------------

GOOD_EXERCISE = """  # a valid catalogue file of one exercise, in English
[[exercise]]
slug = "test-knee-hug"
name = "Test knee hug"
aliases = ["Knees to chest"]
summary = "Hug both knees to your chest to ease the lower back."
category = "stretch"
regions = ["lower-back", "hips-pelvis"]
position = "lying-back"
equipment = []
difficulty = 1
tags = ["flexion", "supine"]
steps = ["Lie on your back.", "Draw both knees in.", "Hold, then lower slowly."]
breathing = "Breathe slowly."
cautions = ["Keep your head on the floor."]
sources = ["001"]

[exercise.dosage]
mode = "hold"
seconds = [20, 40]
default_seconds = 30
sets = 2
per_side = false
rest_seconds = 10
"""


def write_catalogue(tmp_path, text, name="a.toml"):
    """An English catalogue file ``name`` in ``tmp_path`` holding ``text``, and its Russian
    beside it; the folder."""
    (tmp_path / name).write_text(textwrap.dedent(text))
    write_translation(tmp_path / name, EXERCISES)
    return tmp_path
