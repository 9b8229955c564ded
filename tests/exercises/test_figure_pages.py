"""Where figures appear: the exercise page (animated, still keyframes for reduced motion),
catalogue cards, builder search and programme rows; rendered once per exercise version."""

import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from exercises.figures import cache as figure_cache
from exercises.models import Exercise
from exercises.views import PAGE_SIZE
from routines.models import Routine

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("exercises:catalogue")
CATALOGUE_MAX_BYTES = 120 * 1024


def test_exercise_page_shows_the_animated_figure_and_its_still_keyframes(client):
    exercise = Exercise.objects.get(slug="cat-cow")

    html = client.get(exercise.get_absolute_url()).content.decode()

    animated = re.search(r'<svg [^>]*class="figure figure-animated"[^>]*>', html).group(0)
    assert 'role="img"' in animated
    assert f'aria-label="{exercise.name}: {exercise.figure["description"]}"' in animated
    assert "<animateTransform" in html
    stills = re.findall(r'<svg [^>]*class="figure figure-still"[^>]*>', html)
    assert len(stills) == len(exercise.figure["keyframes"])
    assert 'aria-label="Cat and cow, 2 of 4: round (cat)"' in html
    # Controls come from a module (strict CSP: no inline script) and stay hidden without it.
    assert 'src="/static/js/figure.js"' in html
    assert "data-figure-controls hidden" in html


def test_per_side_exercise_says_the_other_side_is_the_mirror_image(client):
    exercise = Exercise.objects.get(slug="bird-dog")
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "mirror image" in html


def test_catalogue_cards_show_a_still_thumbnail_each(client):
    response = client.get(CATALOGUE)
    html = response.content.decode()

    cards = len(response.context["page"].object_list)
    assert cards == PAGE_SIZE
    assert html.count('class="figure figure-still"') == cards
    assert "<animate" not in html


def test_catalogue_page_with_thumbnails_stays_under_120_kb(client):
    size = len(client.get(CATALOGUE).content)
    assert size < CATALOGUE_MAX_BYTES, size


def test_catalogue_query_count_does_not_grow_with_thumbnails(client, django_assert_max_num_queries):
    client.get(CATALOGUE)  # warm the figure cache
    figure_cache.cache.clear()
    with django_assert_max_num_queries(4):  # figures come with the card's own row
        client.get(CATALOGUE)


def test_builder_search_and_programme_rows_show_small_thumbnails(client_logged_in, user):
    routine = Routine.objects.create(owner=user, name="Mine")
    url = reverse("routines:detail", args=[routine.pk])
    html = client_logged_in.get(url, {"q": "cat"}).content.decode()
    assert 'class="figure-thumb figure-thumb-sm" aria-hidden="true"' in html

    programme = Routine.objects.filter(owner=None).first()
    assert programme is not None  # built-in programmes come with migrate
    html = client_logged_in.get(programme.get_absolute_url()).content.decode()
    assert html.count("figure-thumb-sm") == programme.items.count()

    query = {"goal": "stretch", "minutes": 15, "level": 1}
    html = client_logged_in.get(reverse("routines:generator"), query).content.decode()
    assert "figure-thumb-sm" in html


def test_figure_is_rendered_once_per_exercise_version():
    exercise = Exercise.objects.get(slug="squat")
    with mock.patch.object(figure_cache, "render_still", wraps=figure_cache.render_still) as render:
        first = str(exercise.figure_thumbnail)
        again = str(Exercise.objects.get(slug="squat").figure_thumbnail)
        assert first == again
        assert render.call_count == 1

        # A new version of the exercise (its figure changed) is drawn afresh.
        exercise.figure["keyframes"][1]["knees"] = 80
        exercise.save()
        changed = str(Exercise.objects.get(slug="squat").figure_thumbnail)
        assert render.call_count == 2
        assert changed != first


def test_exercise_without_a_figure_renders_no_figure(client):
    exercise = Exercise.objects.get(slug="squat")
    exercise.figure = {}
    exercise.save()
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "figure-animated" not in html


SHEET = reverse("staff:figure_sheet")


def test_contact_sheet_is_for_staff_only(client, client_logged_in):
    assert client.get(SHEET).status_code == 302  # anonymous: to the log-in page
    assert "login" in client.get(SHEET)["Location"]
    assert client_logged_in.get(SHEET).status_code == 302  # a user who is not staff


def test_contact_sheet_shows_every_figure_with_name_and_keyframes(
    client, user, django_assert_max_num_queries
):
    user.is_staff = True
    user.save()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    with django_assert_max_num_queries(6):
        html = client.get(SHEET).content.decode()

    exercises = list(Exercise.objects.all())
    assert html.count('class="figure figure-animated"') == len(exercises)
    keyframes = sum(len(e.figure["keyframes"]) for e in exercises)
    assert html.count('class="figure figure-still"') == keyframes
    for exercise in exercises:
        assert f'id="{exercise.slug}"' in html


def test_figure_sheet_command_writes_the_same_sheet_to_a_file(tmp_path):
    path = tmp_path / "figures.html"
    call_command("figure_sheet", str(path))

    html = path.read_text()
    assert html.startswith("<!doctype html>")
    assert html.count('class="figure figure-animated"') == Exercise.objects.count()
    assert ".figure-sheet-frame" in html  # its style travels with it
