"""Anonymous catalogue pages are cached, and never served stale or to the wrong person."""

import pytest
from django.urls import reverse

from exercises.loader import load_catalogue
from exercises.models import Exercise
from tests.factories import take_check

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("exercises:catalogue")


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get(CATALOGUE, {"region": "neck"})

    with django_assert_num_queries(0):
        second = client.get(CATALOGUE, {"region": "neck"})

    assert second.content == first.content
    assert "unsafe-inline" not in second["Content-Security-Policy"]


def test_editing_an_exercise_shows_at_once(client):
    exercise = Exercise.objects.get(slug="cat-cow")
    client.get(exercise.get_absolute_url())

    exercise.summary = "A brand new summary for the cache test."
    exercise.save()

    assert "A brand new summary" in client.get(exercise.get_absolute_url()).content.decode()


def test_loading_changed_source_shows_at_once(client, tmp_path, django_capture_on_commit_callbacks):
    client.get(CATALOGUE, {"q": "cat"})
    source = tmp_path / "x.toml"
    source.write_text("""
[[exercise]]
slug = "cache-test-cat"
name = "Cache test cat"
summary = "Only here to test the cache."
category = "mobility"
regions = ["neck"]
position = "standing"
difficulty = 1
steps = ["One.", "Two.", "Three."]
cautions = ["Careful."]
sources = ["002"]
[exercise.dosage]
mode = "timed"
seconds = 30
""")

    with django_capture_on_commit_callbacks(execute=True):
        load_catalogue(tmp_path)

    assert "Cache test cat" in client.get(CATALOGUE, {"q": "cat"}).content.decode()


def test_a_visitor_with_a_screening_gets_their_own_badges(client):
    query = {"q": "twist", "show_all": "on"}
    client.get(CATALOGUE, query)  # cached for cookie-less visitors
    take_check(client, "herniated-disc")

    assert "Not for you" in client.get(CATALOGUE, query).content.decode()


def test_logged_in_pages_are_never_the_cached_ones(client, client_logged_in):
    client.get(CATALOGUE)

    assert "Add to routine" in client_logged_in.get(CATALOGUE).content.decode()
