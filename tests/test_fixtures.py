"""The shared fixtures do what tests/conftest.py says: the `routine` fixture builds the user's
routine, and a marker or indirect parametrisation chooses another."""

import pytest

from exercises.models import Exercise

pytestmark = pytest.mark.django_db


def slugs(routine):
    return [item.exercise.slug for item in routine.items.all()]


def test_the_routine_is_the_users_first_two_holds(routine, user):
    assert (routine.owner, routine.name) == (user, "Evening back")
    holds = Exercise.objects.filter(mode="hold").values_list("slug", flat=True)[:2]
    assert slugs(routine) == list(holds)


@pytest.mark.routine(name="Morning", exercises={"mode": "reps"}, count=3)
def test_a_marker_chooses_the_name_and_the_exercises(routine):
    assert routine.name == "Morning"
    assert len(slugs(routine)) == 3
    assert {item.exercise.mode for item in routine.items.all()} == {"reps"}


@pytest.mark.parametrize(
    "routine",
    [{"exercises": ["arm-raise-breathing"]}, {"exercises": {}, "count": 1}],
    indirect=True,
)
def test_indirect_parametrisation_chooses_too(routine):
    first = Exercise.objects.first().slug
    assert slugs(routine) in (["arm-raise-breathing"], [first])
