"""Warnings that stop: an urgent, stop or expired safety check stops the generator (which says
why and what to do) and playing, while copying and building still work under a banner; a
restricted person sees per programme what is not for them, and "take care" in the preview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Condition, Exercise
from exercises.safety import verdict
from exercises.safety.models import Screening
from routines.models import Routine
from tests.factories import RoutineFactory, RoutineItemFactory, take_check

pytestmark = pytest.mark.django_db
GENERATOR = reverse("routines:generator")
PARAMS = {"goal": "relieve", "minutes": 15, "level": 1}


def test_stop_person_gets_an_explanation_instead_of_a_routine(client_logged_in, user):
    take_check(client_logged_in, "spinal-surgery-recent")

    response = client_logged_in.get(GENERATOR, PARAMS)
    html = response.content.decode()

    assert "We will not make a routine for you just now" in html
    assert Condition.objects.get(slug="spinal-surgery-recent").label in html
    assert "record their clearance" in html
    assert "items" not in response.context
    saved = client_logged_in.post(reverse("routines:generator_save"), PARAMS)
    assert saved["Location"] == GENERATOR
    assert not Routine.objects.filter(owner=user).exists()


def test_urgent_person_is_told_where_to_go(client_logged_in):
    take_check(client_logged_in, "numbness-both-legs")

    html = client_logged_in.get(GENERATOR, PARAMS).content.decode()

    assert "We will not make a routine for you just now" in html
    assert "112" in html and "999" in html and "911" in html


def test_expired_check_asks_for_a_new_one(client_logged_in):
    take_check(client_logged_in, "scoliosis")
    Screening.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))

    html = client_logged_in.get(GENERATOR, PARAMS).content.decode()

    assert "more than 12 months ago" in html
    assert reverse("safety:check") in html


def test_a_doctors_clearance_lets_the_generator_build_again(client_logged_in):
    take_check(client_logged_in, "spinal-surgery-recent")
    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"})

    response = client_logged_in.get(GENERATOR, PARAMS)

    assert response.context["items"]


def test_stop_person_can_copy_a_programme_under_a_banner_but_not_play_it(client_logged_in, user):
    take_check(client_logged_in, "thrombosis")
    programme = Routine.objects.programmes().first()

    response = client_logged_in.post(
        reverse("routines:programme_copy", args=[programme.slug]), follow=True
    )

    copy = Routine.objects.get(owner=user)
    html = response.content.decode()
    assert "Playing routines is paused" in html
    assert "playing them waits for a doctor" in html
    assert client_logged_in.get(reverse("routines:play", args=[copy.pk])).status_code == 403
    assert (
        "Playing routines is paused"
        in client_logged_in.get(reverse("routines:create")).content.decode()
    )


def test_no_paused_banner_for_a_restricted_person(client_logged_in):
    take_check(client_logged_in, "scoliosis")

    assert (
        "Playing routines is paused"
        not in client_logged_in.get(reverse("routines:list")).content.decode()
    )


def test_programme_list_counts_what_is_not_for_you_per_programme(
    client_logged_in, django_assert_max_num_queries
):
    take_check(client_logged_in, "herniated-disc")
    outcome = client_logged_in.get(reverse("safety:result")).wsgi_request.safety.outcome

    with django_assert_max_num_queries(6):
        response = client_logged_in.get(reverse("routines:programmes"))

    shown = {p.slug: (p.not_for_you, p.take_care) for p in response.context["programmes"]}
    for programme in Routine.objects.programmes():
        verdicts = [
            verdict(i.exercise.category, i.exercise.tags, outcome) for i in programme.items.all()
        ]
        expected = (sum(v.not_for_you for v in verdicts), sum(v.take_care for v in verdicts))
        assert shown[programme.slug] == expected
    assert any(counts[0] for counts in shown.values())
    assert "not for you" in response.content.decode()


def test_no_counts_without_a_check(client):
    assert "not for you" not in client.get(reverse("routines:programmes")).content.decode()


def test_generator_preview_marks_take_care(client_logged_in):
    take_check(client_logged_in, "osteoporosis", "high-blood-pressure")
    outcome = client_logged_in.get(reverse("safety:result")).wsgi_request.safety.outcome
    marked = 0
    for seed in range(8):
        response = client_logged_in.get(GENERATOR, {**PARAMS, "minutes": 30, "seed": seed})
        html = response.content.decode()
        careful = [
            exercise
            for exercise, _dosage in response.context["items"]
            if verdict(exercise.category, exercise.tags, outcome).take_care
        ]
        assert html.count("badge text-bg-warning") == len(careful)
        marked += len(careful)
    assert marked, "no generated routine had an exercise to take care with"


def test_generator_is_unchanged_for_a_visitor_without_a_check(client):
    response = client.get(GENERATOR, PARAMS)

    assert response.context["items"]
    assert Exercise.objects.exists()


def test_refusal_and_pre_start_pages_run_few_queries(
    client_logged_in, user, django_assert_max_num_queries
):
    take_check(client_logged_in, "herniated-disc")
    routine = RoutineFactory(owner=user)
    for exercise in Exercise.objects.filter(tags__has="twist")[:3]:
        RoutineItemFactory(routine=routine, exercise=exercise)
    play = reverse("routines:play", args=[routine.pk])
    client_logged_in.get(play)  # warm the rules cache
    with django_assert_max_num_queries(6):
        assert "left out for you" in client_logged_in.get(play).content.decode()
    with django_assert_max_num_queries(8):
        client_logged_in.get(reverse("safety:result"))

    take_check(client_logged_in, "thrombosis")
    with django_assert_max_num_queries(5):
        assert "We will not make" in client_logged_in.get(GENERATOR, PARAMS).content.decode()
