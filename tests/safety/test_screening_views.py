"""The questionnaire, its result, the session-to-account hand-over, expiry and clearance."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from exercises.models import Exercise
from exercises.safety.models import Screening
from tests.factories import PASSWORD, check_answers, screening_of, take_check

pytestmark = pytest.mark.django_db
CHECK = reverse("safety:check")
RESULT = reverse("safety:result")
CATALOGUE = reverse("exercises:catalogue")


def test_first_page_asks_warning_signs_first_and_follow_ups_not_at_all(client):
    html = client.get(CHECK).content.decode()

    positions = [
        html.index(text)
        for text in ("Your age", "warning signs", "general health", "back, neck or hips")
    ]
    assert positions == sorted(positions)
    # The back conditions are a follow-up: asked only after a yes.
    assert "herniated" not in html.lower()


@pytest.mark.parametrize("age", ["", "0", "abc", "130", "-5"])
def test_bad_age_shows_an_error_and_saves_nothing(client, age):
    first, _ = check_answers("herniated-disc")
    response = client.post(CHECK, {**first, "age": age})

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Screening.objects.exists()


def test_anonymous_screening_is_kept_in_the_session_and_marks_the_catalogue(client):
    response = take_check(client, "herniated-disc")
    assert response.status_code == 302

    screening = Screening.objects.get()
    assert screening.user is None
    assert screening.outcome == "restricted"
    assert screening.conditions == ["herniated-disc"]
    assert screening.answers["herniated-disc"] is True
    assert screening.answers["scoliosis"] is False

    result = client.get(RESULT).content.decode()
    twist = Exercise.objects.filter(tags__has="twist").first()
    assert twist.name in result
    catalogue = client.get(CATALOGUE, {"q": twist.name}).content.decode()
    assert "exercise that is not for you after your safety check is hidden" in catalogue
    catalogue = client.get(CATALOGUE, {"q": twist.name, "show_all": "on"}).content.decode()
    assert "Not for you" in catalogue
    assert "Herniated disc" in catalogue


def test_exercise_page_explains_which_answer_excludes_it(client):
    take_check(client, "herniated-disc")
    twist = Exercise.objects.filter(tags__has="twist").first()

    html = client.get(twist.get_absolute_url()).content.decode()

    assert "Your safety check leaves this exercise out" in html
    assert "Herniated disc" in html


def test_after_a_screening_not_for_you_is_hidden_by_default_and_counted(client):
    take_check(client, "herniated-disc")

    response = client.get(CATALOGUE)
    shown = response.context["page"].paginator.object_list

    assert shown.exists()
    assert all("twist" not in e.tags for e in shown)
    hidden = Exercise.objects.filter(tags__has="twist").count()
    assert hidden and shown.count() <= Exercise.objects.count() - hidden
    html = response.content.decode()
    assert f"{response.context['hidden']} exercises that are not for you" in html
    assert "Show all, marked" in html


def test_show_all_lists_everything_with_the_not_for_you_marked(client):
    take_check(client, "herniated-disc")

    response = client.get(CATALOGUE, {"show_all": "on", "category": "mobility"})

    everything = Exercise.objects.filter(category="mobility")
    assert response.context["page"].paginator.count == everything.count()
    assert response.context["hidden"] == 0
    assert "Not for you" in response.content.decode()
    assert "Hide them" in response.content.decode()


def test_show_all_switch_is_offered_only_after_a_screening_that_rules_out(client):
    assert "show_all" not in client.get(CATALOGUE).content.decode()
    take_check(client)  # nothing to rule out: nothing to hide
    assert "show_all" not in client.get(CATALOGUE).content.decode()
    take_check(client, "herniated-disc")
    html = client.get(CATALOGUE).content.decode()
    # In sight, before the folded "More filters".
    assert html.index('name="show_all"') < html.index("More filters")


def test_related_exercises_leave_out_what_is_not_for_you(client):
    mobility = Exercise.objects.get(slug="cat-cow")
    before = client.get(mobility.get_absolute_url()).context["related"]
    assert any("twist" in e.tags for e in before)  # the catalogue has related twists

    take_check(client, "herniated-disc")
    after = client.get(mobility.get_absolute_url()).context["related"]

    assert after and not any("twist" in e.tags for e in after)


def test_screening_moves_to_the_account_at_sign_up(client):
    take_check(client, "herniated-disc")

    client.post(
        reverse("accounts:signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    user = User.objects.get(email="new@example.com")
    assert Screening.objects.get().user == user
    assert "Herniated disc" in client.get(RESULT).content.decode()


def test_screening_moves_to_the_account_at_log_in_when_kept(client, user):
    take_check(client, "osteoporosis")

    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    client.post(reverse("accounts:keep"), {"keep": "yes"})

    assert user.screenings.get().conditions == ["osteoporosis"]


def test_logged_in_screening_belongs_to_the_user_and_newest_wins(client_logged_in, user):
    take_check(client_logged_in, "herniated-disc")
    take_check(client_logged_in)

    assert user.screenings.count() == 2
    assert "No restrictions from your answers" in client_logged_in.get(RESULT).content.decode()


def test_red_flag_says_to_seek_care_now(client_logged_in, user):
    take_check(client_logged_in, "bladder-bowel-control")

    html = client_logged_in.get(RESULT).content.decode()
    assert user.screenings.get().outcome == "urgent"
    assert "Please get medical care now" in html
    assert "Do not exercise" in html


def test_stop_blocks_until_a_doctors_clearance_is_recorded(client_logged_in, user):
    take_check(client_logged_in, "spinal-surgery-recent")
    response = client_logged_in.get(RESULT)
    assert response.wsgi_request.safety.blocks_playing
    assert "Playing routines is paused" in response.content.decode()

    bad = client_logged_in.post(reverse("safety:clearance"), {"note": "no tick"}, follow=True)
    assert "Nothing was recorded" in bad.content.decode()
    assert user.screenings.get().cleared_at is None

    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on", "note": "Dr Reyes"})

    response = client_logged_in.get(RESULT)
    assert not response.wsgi_request.safety.blocks_playing
    assert "Dr Reyes" in response.content.decode()


def test_stop_is_lifted_by_a_new_screening(client_logged_in):
    take_check(client_logged_in, "fever-cold-now")
    assert client_logged_in.get(RESULT).wsgi_request.safety.blocks_playing

    take_check(client_logged_in)

    assert not client_logged_in.get(RESULT).wsgi_request.safety.blocks_playing


def test_health_changed_ends_the_screening(client_logged_in, user):
    take_check(client_logged_in, "herniated-disc")

    response = client_logged_in.post(reverse("safety:health_changed"))

    assert response["Location"] == CHECK
    assert user.screenings.get().ended_at is not None
    assert "no safety check in force" in client_logged_in.get(RESULT).content.decode()


def test_an_expired_check_keeps_its_rules_but_pauses_playing(client_logged_in, user):
    take_check(client_logged_in, "herniated-disc")
    Screening.objects.update(created_at=timezone.now() - datetime.timedelta(days=366))

    response = client_logged_in.get(RESULT)
    profile = response.wsgi_request.safety
    assert profile.expired and profile.blocks_playing
    assert profile.outcome.conditions == ["herniated-disc"]
    assert "more than 12 months old" in response.content.decode()


def test_another_users_screening_never_applies(client, user, other_user):
    screening_of(other_user, "herniated-disc")
    client.force_login(user, backend="accounts.backends.UserBackend")

    assert not client.get(RESULT).wsgi_request.safety.screened
    # A stranger's screening id planted in an anonymous session is ignored too.
    client.logout()
    session = client.session
    session["screening_id"] = Screening.objects.get().pk
    session.save()
    assert not client.get(RESULT).wsgi_request.safety.screened


def test_clearance_needs_a_screening(client_logged_in):
    assert client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"}).status_code == 404


def test_catalogue_with_a_screening_still_runs_few_queries(
    client_logged_in, django_assert_max_num_queries
):
    take_check(client_logged_in, "herniated-disc", "osteoporosis")
    client_logged_in.get(CATALOGUE)  # warm the rules cache, as any earlier page would

    with django_assert_max_num_queries(6):
        client_logged_in.get(CATALOGUE, {"region": "lower-back"})
    twist = Exercise.objects.filter(tags__has="twist").first()
    with django_assert_max_num_queries(6):
        client_logged_in.get(twist.get_absolute_url())


def test_three_outlook_answers_steer_to_a_physiotherapist_and_leave_every_exercise_open(client):
    take_check(client, "startback-worry", "startback-fear", "startback-bothersome")

    page = client.get(reverse("safety:result")).content.decode()

    assert "No restrictions from your answers" in page
    assert "Support from a physiotherapist could help" in page
    assert "Exercises your answers change" not in page
    screening = Screening.objects.get()
    assert screening.outcome == "clear"
    assert screening.answers["startback-worry"] is True


def test_the_new_questions_are_asked_and_a_blood_thinner_restricts(client):
    page = client.get(reverse("safety:check")).content.decode()
    for words in ("blood thinner", "mini-stroke", "hypermobile", "stomach muscles", "kneeling"):
        assert words in page, words

    take_check(client, "blood-thinners", "ankylosing-spondylitis", "abdominal-surgery")

    result = client.get(reverse("safety:result")).content.decode()
    assert "Taking blood thinners" in result and "Ankylosing spondylitis" in result
    assert Screening.objects.get().outcome == "restricted"
