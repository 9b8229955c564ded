"""Where figures appear: the exercise page (animated, still keyframes for reduced motion),
catalogue cards, builder search and programme rows; rendered once per exercise version."""

import re
from html import escape
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from exercises.figures import cache as figure_cache
from exercises.models import Exercise, FigureReview, figure_digest
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


@pytest.fixture
def staff_client(client, user):
    user.is_staff = True
    user.save()
    client.force_login(user, backend="accounts.backends.UserBackend")
    return client


def test_contact_sheet_shows_every_figure_with_name_and_keyframes(
    staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        html = staff_client.get(SHEET).content.decode()

    exercises = list(Exercise.objects.all())
    assert html.count('class="figure figure-animated"') == len(exercises)
    keyframes = sum(len(e.figure["keyframes"]) for e in exercises)
    assert html.count("figure-sheet-keyframe") == keyframes
    # ...and the moments in between: 0, 25, 50 and 75 % of every cycle.
    assert html.count("figure-sheet-moment") == 4 * len(exercises)
    assert html.count('class="figure figure-still"') == keyframes + 4 * len(exercises)
    for exercise in exercises:
        assert f'id="{exercise.slug}"' in html


def article(html, slug):
    start = html.index(f'id="{slug}"')
    return html[start : html.index("</article>", start)]


def sheet_of(client, slug):
    """One exercise's part of the sheet (as a reviewer coming from its page sees it)."""
    response = client.get(SHEET, {"exercise": slug})
    assert response.status_code == 200
    return article(response.content.decode(), slug)


def test_sheet_shows_the_steps_beside_the_moments_between_keyframes(staff_client):
    cat_cow = Exercise.objects.get(slug="cat-cow")
    html = sheet_of(staff_client, "cat-cow")
    for step in cat_cow.steps:
        assert f"<li>{escape(step)}</li>" in html
    assert "25%: round (cat)" in html  # a keyframe moment is named by its label
    plank = sheet_of(staff_client, "plank")
    assert "25%: on all fours → knees lift" in plank  # a moment between two keyframes
    assert "Automatic checks pass at every sampled moment" in html


def test_sheet_shows_the_automatic_warnings_naming_the_moment(staff_client):
    """A figure edited in the admin since the catalogue was loaded: the sheet shows what
    the loader would have refused."""
    exercise = Exercise.objects.get(slug="bar-hang")
    exercise.figure = {**exercise.figure, "support_height": 186.0}
    exercise.save()
    html = sheet_of(staff_client, "bar-hang")
    assert "figure-sheet-warnings" in html
    assert re.search(r"moment \d+ of 24 \(\d+%\): the hanging body touches the floor", html)
    assert "Automatic checks pass" not in html


def test_reviewer_marks_a_figure_reviewed_and_a_changed_figure_needs_a_new_review(
    staff_client, user
):
    exercise = Exercise.objects.get(slug="squat")
    assert "Not reviewed." in sheet_of(staff_client, "squat")
    digest = figure_digest(exercise.figure)

    response = staff_client.post(reverse("staff:figure_review", args=["squat"]), {"digest": digest})
    assert response.status_code == 302 and response["Location"].endswith("/figures/#squat")
    review = FigureReview.objects.get()
    assert (review.exercise, review.reviewer, review.digest) == (exercise, user, digest)
    html = sheet_of(staff_client, "squat")
    assert f"Reviewed by {user.get_username()}" in html
    assert "figure_review" not in html and "<form" not in html  # nothing left to sign

    exercise.figure = {**exercise.figure, "description": "standing, the knees bend deeply"}
    exercise.save()
    html = sheet_of(staff_client, "squat")
    assert "Changed since its last review" in html and "<form" in html


def test_a_review_of_a_figure_changed_since_the_page_loaded_is_refused(staff_client):
    response = staff_client.post(
        reverse("staff:figure_review", args=["squat"]), {"digest": "0" * 64}, follow=True
    )
    assert FigureReview.objects.count() == 0
    assert "the figure changed since the sheet was loaded" in response.content.decode()


def test_only_staff_can_mark_a_figure_reviewed(client, client_logged_in):
    url = reverse("staff:figure_review", args=["squat"])
    digest = figure_digest(Exercise.objects.get(slug="squat").figure)
    assert client.post(url, {"digest": digest}).status_code == 302  # to the log-in page
    assert client_logged_in.post(url, {"digest": digest}).status_code == 302
    assert FigureReview.objects.count() == 0


def test_sheet_of_an_unknown_exercise_is_a_404(staff_client):
    assert staff_client.get(SHEET, {"exercise": "no-such-exercise"}).status_code == 404


def test_review_needs_a_post_and_an_exercise_with_a_figure(staff_client):
    assert staff_client.get(reverse("staff:figure_review", args=["squat"])).status_code == 405
    missing = reverse("staff:figure_review", args=["no-such-exercise"])
    assert staff_client.post(missing, {"digest": "x"}).status_code == 404


def test_figure_sheet_command_writes_the_same_sheet_to_a_file(tmp_path):
    path = tmp_path / "figures.html"
    call_command("figure_sheet", str(path))

    html = path.read_text()
    assert html.startswith("<!doctype html>")
    assert (
        html.count('class="figure-sheet-frame figure-sheet-moment"') == 4 * Exercise.objects.count()
    )
    assert "<form" not in html  # a file cannot sign anything off
    assert html.count('class="figure figure-animated"') == Exercise.objects.count()
    assert ".figure-sheet-frame" in html  # its style travels with it


def test_keyframe_alt_text_counts_in_russian(client):
    exercise = Exercise.objects.get(slug="cat-cow")

    html = client.get(exercise.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert re.search(r'aria-label="[^"]+, 2 из 4: [^"]+"', html)
    assert " of 4: " not in html
