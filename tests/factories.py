"""Factories for test data. Every user's password is PASSWORD."""

import datetime

import factory
from django.utils import timezone

from accounts.models import User

PASSWORD = "a-long-test-password-42"


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
