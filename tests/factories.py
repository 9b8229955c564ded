"""Factories for test data. Every user's password is PASSWORD."""

import factory

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
