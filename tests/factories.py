"""Factories for test data. Every user's password is PASSWORD."""

import datetime
import json
from pathlib import Path

import factory
from django.test import Client
from django.urls import reverse
from django.utils import timezone

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from accounts.models import User
from backcare.caching.versions import CATALOGUE, person_scope, read
from exercises.models import Condition
from exercises.safety.questionnaire import NO, NONE, TICK, YES, layout
from exercises.translations import Source, translation_path

PASSWORD = "a-long-test-password-42"


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
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
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
