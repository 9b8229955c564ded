"""Built-in programmes and the player in Russian: a programme's name and description, the
plan's exercise names and the figure's phase names in the page's language; a person's own
routine keeps the name they typed in every language."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from exercises.models import Exercise
from routines.models import Routine
from tests.factories import RoutineFactory, RoutineItemFactory, embedded_plan, try_check_in, try_url

pytestmark = pytest.mark.django_db
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


@pytest.fixture
def programme():
    return Routine.objects.programmes().order_by("slug").first()


def test_the_programmes_in_russian_show_their_russian_names_and_descriptions(client, programme):
    html = client.get(reverse("routines:programmes"), **RU).content.decode()

    for each in Routine.objects.programmes():
        assert escape(each.name_ru) in html
        assert escape(each.name_en) not in html
    detail = client.get(programme.get_absolute_url(), **RU).content.decode()
    assert escape(programme.notes_ru) in detail
    assert escape(programme.notes_en) not in detail


def test_the_player_plan_names_the_programme_and_its_exercises_in_russian(client, programme):
    try_check_in(client, programme)
    response = client.get(try_url(programme), **RU)
    plan = embedded_plan(response)
    html = response.content.decode()

    assert plan["routine"]["name"] == programme.name_ru
    exercises = Exercise.objects.in_bulk(field_name="slug")
    for item in plan["items"]:
        assert item["name"] == exercises[item["slug"]].name_ru
    # the figure's phase names, which the player says as the figure moves
    with_figure = [exercises[i["slug"]] for i in plan["items"] if exercises[i["slug"]].figure]
    phases = with_figure[0].figure_words["ru"].get("labels") or [
        with_figure[0].figure_words["ru"]["description"]
    ]
    assert escape(json.dumps(phases)) in html


def test_a_persons_routine_keeps_the_name_they_typed_in_every_language(client_logged_in, user):
    with translation.override("ru"):
        routine = RoutineFactory(owner=user, name="Моя утренняя разминка")
    RoutineItemFactory(routine=routine, exercise=Exercise.objects.get(slug="cat-cow"))

    for language in ("en", "ru"):
        html = client_logged_in.get(
            reverse("routines:list"), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
        assert "Моя утренняя разминка" in html, language

    with translation.override("en"):
        routine.name = "Morning"
        routine.save()
    routine.refresh_from_db()
    assert routine.name_en == routine.name_ru == "Morning"


def test_a_copied_programme_keeps_the_name_it_was_copied_with(client_logged_in, programme):
    response = client_logged_in.post(
        reverse("routines:programme_copy", args=[programme.slug]), **RU
    )

    copy = Routine.objects.get(copied_from=programme)
    assert response.status_code == 302
    assert copy.name_en == copy.name_ru == programme.name_ru
