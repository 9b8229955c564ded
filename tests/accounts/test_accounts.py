"""Sign-up, log-in, lockout, log-out, password change and reset, preferences, deletion."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse

from accounts.forms import PreferencesForm
from accounts.models import User, UserSession
from exercises.models import Exercise
from exercises.safety.models import Screening
from routines.models import Routine, RoutineItem, Session, SessionItem
from tests.factories import (
    PASSWORD,
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    take_check,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-77"


def signup_data(**overrides):
    data = {
        "email": "New.Person@Example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "Europe/Lisbon",
    }
    data.update(overrides)
    return data


class TestSignUp:
    def test_sign_up_creates_account_and_logs_in(self, client):
        response = client.post(reverse("accounts:signup"), signup_data())

        assert response.status_code == 302
        user = User.objects.get()
        assert user.email == "new.person@example.com"
        assert user.time_zone == "Europe/Lisbon"
        assert (user.weekly_goal, user.get_ready_seconds, user.default_rest_seconds) == (3, 5, 15)
        assert client.get(reverse("accounts:account")).status_code == 200

    def test_unknown_time_zone_from_browser_falls_back_to_utc(self, client):
        client.post(reverse("accounts:signup"), signup_data(time_zone="Mars/Olympus"))

        assert User.objects.get().time_zone == "UTC"

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"password2": "something-else-entirely"}, "didn’t match"),
            ({"email": "not-an-email"}, "valid email"),
            ({"password1": "123", "password2": "123"}, "too short"),
            ({"email": ""}, "required"),
        ],
    )
    def test_bad_input_shows_error_and_creates_nothing(self, client, overrides, message):
        response = client.post(reverse("accounts:signup"), signup_data(**overrides))

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not User.objects.exists()

    def test_sign_up_goes_back_to_the_page_in_next(self, client):
        programme = Routine.objects.programmes().order_by("slug").first()
        back = programme.get_absolute_url() + "?from=signup"

        response = client.post(reverse("accounts:signup"), signup_data(next=back))

        assert response.status_code == 302
        assert response["Location"] == back
        assert User.objects.get().email == "new.person@example.com"

    def test_next_travels_through_the_form_and_to_log_in(self, client):
        back = reverse("exercises:catalogue") + "?category=stretch&region=neck"

        html = client.get(reverse("accounts:signup"), {"next": back}).content.decode()

        assert (
            '<input type="hidden" name="next" value="/exercises/?category=stretch&amp;region=neck">'
            in html
        )
        assert (
            f'href="{reverse("accounts:login")}?next=/exercises/%3Fcategory%3Dstretch%26region%3Dneck"'
            in html
        )
        login = client.get(reverse("accounts:login"), {"next": back}).content.decode()
        assert f'href="{reverse("accounts:signup")}?next=/exercises/%3Fcategory' in login

    @pytest.mark.parametrize(
        "elsewhere",
        [
            "https://evil.example/",
            "//evil.example/",
            "http://testserver.evil.example/",
            "https:///evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "javascript:alert(1)",
            " https://evil.example/",
            "http://testserver/",  # this site, but https was asked for: not downgraded
        ],
    )
    def test_next_elsewhere_is_ignored_and_sign_up_goes_home(self, client, elsewhere):
        form = client.get(reverse("accounts:signup"), {"next": elsewhere}, secure=True)
        assert 'name="next"' not in form.content.decode()
        assert "evil" not in form.content.decode()

        response = client.post(reverse("accounts:signup"), signup_data(next=elsewhere), secure=True)

        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        assert User.objects.filter(email="new.person@example.com").exists()

    def test_signed_in_person_is_sent_on_to_next_or_home(self, client_logged_in):
        back = reverse("routines:programmes")
        url = reverse("accounts:signup")

        assert client_logged_in.get(url, {"next": back})["Location"] == back
        assert client_logged_in.get(url, {"next": "//evil.example/"})["Location"] == "/"

    def test_duplicate_email_in_any_case_is_refused(self, client, user):
        response = client.post(reverse("accounts:signup"), signup_data(email="OWNER@example.com"))

        assert "already exists" in response.content.decode()
        assert User.objects.count() == 1


class TestLogInAndOut:
    def test_log_in_with_email_in_any_case(self, client, user):
        response = client.post(
            reverse("accounts:login"), {"username": "Owner@Example.com", "password": PASSWORD}
        )

        assert response.status_code == 302
        assert response.wsgi_request.user == user

    def test_wrong_password_shows_error(self, client, user):
        response = client.post(
            reverse("accounts:login"), {"username": user.email, "password": "wrong"}
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("do not match an account") == 1  # once, not twice
        assert "case-sensitive" not in page  # an e-mail address is not
        assert not response.wsgi_request.user.is_authenticated

    def test_five_failures_lock_the_account_with_a_clear_message(self, client, user):
        for _ in range(5):
            client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"})

        # Even the right password is refused while the account is locked.
        response = client.post(
            reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
        )

        assert response.status_code == 429
        assert "15 minutes" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    def test_four_failures_do_not_lock(self, client, user):
        for _ in range(4):
            client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"})

        response = client.post(
            reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
        )

        assert response.status_code == 302

    def test_lockout_of_one_account_leaves_others_alone(self, client, user, other_user):
        for _ in range(5):
            client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"})

        response = client.post(
            reverse("accounts:login"), {"username": other_user.email, "password": PASSWORD}
        )

        assert response.status_code == 302

    def test_log_out_needs_post(self, client_logged_in):
        assert client_logged_in.get(reverse("accounts:logout")).status_code == 405

        response = client_logged_in.post(reverse("accounts:logout"))

        assert response.status_code == 302
        assert client_logged_in.get(reverse("accounts:account")).status_code == 302


class TestPasswordChange:
    def test_change_password(self, client_logged_in, user):
        response = client_logged_in.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )

        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_wrong_old_password_changes_nothing(self, client_logged_in, user):
        response = client_logged_in.post(
            reverse("accounts:password_change"),
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert response.status_code == 200
        assert "incorrect" in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


class TestPasswordReset:
    def test_whole_reset_flow_by_email(self, client, user):
        response = client.post(reverse("accounts:password_reset"), {"email": user.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
        assert link, mail.outbox[0].body

        # The link redirects to a form with the token kept in the session.
        form_page = client.get(link.group(1), follow=True)
        assert form_page.status_code == 200
        assert "new_password1" in form_page.content.decode()
        response = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        # A used link is dead.
        assert "no longer valid" in client.get(link.group(1), follow=True).content.decode()

    def test_unknown_address_sends_nothing_and_reveals_nothing(self, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

        assert response.status_code == 302
        assert mail.outbox == []


class TestPreferences:
    def test_save_preferences(self, client_logged_in, user):
        response = client_logged_in.post(
            reverse("accounts:account"),
            {
                "weekly_goal": 4,
                "get_ready_seconds": 10,
                "default_rest_seconds": 30,
                "sound": "on",
                "time_zone": "America/New_York",
            },
        )

        assert response.status_code == 302
        user.refresh_from_db()
        assert (user.weekly_goal, user.get_ready_seconds, user.default_rest_seconds) == (4, 10, 30)
        assert user.sound is True and user.voice is False
        assert user.time_zone == "America/New_York"

    @pytest.mark.parametrize(
        "bad",
        [
            {"weekly_goal": 0},
            {"weekly_goal": 99},
            {"get_ready_seconds": -1},
            {"default_rest_seconds": 100000},
            {"time_zone": "Nowhere/Special"},
            {"weekly_goal": "three"},
        ],
    )
    def test_bad_input_shows_error_and_changes_nothing(self, client_logged_in, user, bad):
        data = {
            "weekly_goal": 4,
            "get_ready_seconds": 10,
            "default_rest_seconds": 30,
            "time_zone": "UTC",
        }
        data.update(bad)

        response = client_logged_in.post(reverse("accounts:account"), data)

        assert response.status_code == 200
        assert "invalid-feedback" in response.content.decode()
        user.refresh_from_db()
        assert (user.weekly_goal, user.get_ready_seconds, user.default_rest_seconds) == (3, 5, 15)

    def test_browser_and_server_limits_agree_on_every_number(self, client_logged_in, user):
        # A weekly goal of 0 used to pass the browser (min="0") and fail on the server.
        html = client_logged_in.get(reverse("accounts:account")).content.decode()
        for name in ("weekly_goal", "get_ready_seconds", "default_rest_seconds"):
            field = User._meta.get_field(name)
            limits = {type(v).__name__: v.limit_value for v in field.validators}
            low, high = limits["MinValueValidator"], limits["MaxValueValidator"]
            tag = re.search(rf'<input type="number" name="{name}"[^>]*>', html).group(0)
            assert f'min="{low}"' in tag and f'max="{high}"' in tag, tag
            for value, accepted in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
                data = {
                    "weekly_goal": 3,
                    "get_ready_seconds": 5,
                    "default_rest_seconds": 15,
                    "time_zone": "UTC",
                    name: value,
                }
                form = PreferencesForm(data, instance=user)
                assert form.is_valid() is accepted, (name, value, form.errors)

    def test_time_zones_common_first_then_grouped_by_region(self, client_logged_in):
        html = client_logged_in.get(reverse("accounts:account")).content.decode()
        groups = re.findall(r'<optgroup label="([^"]+)"', html)

        assert groups[0] == "Common" and groups[-1] == "Other"
        assert {"Europe", "America", "Asia", "Africa", "Pacific"} <= set(groups)
        common = html[html.index('<optgroup label="Common">') : html.index("</optgroup>")]
        assert 'value="Europe/Berlin"' in common and 'value="America/New_York"' in common
        assert common.count("<option") < 60  # the list a person reads first is short
        europe = html[html.index('<optgroup label="Europe">') :]
        assert '<option value="Europe/Vienna">Vienna</option>' in europe


class TestDeleteAccount:
    def test_wrong_password_deletes_nothing(self, client_logged_in, user):
        response = client_logged_in.post(reverse("accounts:delete"), {"password": "wrong"})

        assert response.status_code == 200
        assert "Nothing was deleted" in response.content.decode()
        assert User.objects.filter(pk=user.pk).exists()

    def test_delete_removes_every_row_that_refers_to_the_user(self, client, user, other_user):
        exercise = Exercise.objects.first()
        for owner in (user, other_user):
            routine = RoutineFactory(owner=owner)
            RoutineItemFactory(routine=routine, exercise=exercise)
            session = SessionFactory(user=owner, routine=routine)
            SessionItem.objects.create(session=session, exercise=exercise)
            Screening.objects.create(
                user=owner, version=1, answers={}, age=40, outcome="clear", conditions=[]
            )
        owned = {
            Routine: "owner",
            RoutineItem: "routine__owner",
            Session: "user",
            SessionItem: "session__user",
            Screening: "user",
        }
        others = {
            model: model.objects.filter(**{path: other_user}).count()
            for model, path in owned.items()
        }
        assert all(others.values())
        client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
        client.post(reverse("accounts:login"), {"username": user.email, "password": "typo"})
        assert UserSession.objects.filter(user=user).exists()

        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

        assert response.status_code == 302
        assert not User.objects.filter(pk=user.pk).exists()
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.ForeignKey) and field.related_model is User:
                    leftovers = model.objects.filter(**{field.name: user.pk})
                    assert not leftovers.exists(), f"{model.__name__}.{field.name}"

        assert not AccessAttempt.objects.filter(username=user.email).exists()
        assert not AccessLog.objects.filter(username=user.email).exists()
        # The rows below the user's own (items of routines and sessions) went with them;
        # the other user's are all still there.
        for model, path in owned.items():
            assert not model.objects.filter(**{path: user.pk}).exists(), model.__name__
            assert model.objects.filter(**{path: other_user}).count() == others[model]
        # The other user is untouched and the visitor is logged out.
        assert User.objects.filter(pk=other_user.pk).exists()
        assert client.get(reverse("accounts:account")).status_code == 302


def test_changing_the_case_of_the_address_does_not_get_around_the_lockout(client, user):
    for attempt in range(5):
        address = user.email.upper() if attempt % 2 else user.email
        client.post(reverse("accounts:login"), {"username": address, "password": "wrong"})

    response = client.post(
        reverse("accounts:login"), {"username": user.email.title(), "password": PASSWORD}
    )

    assert response.status_code == 429


class TestTimeZone:
    """The middleware shows every page in the logged-in user's own zone."""

    @staticmethod
    def shown(client, session):
        return client.get(session.get_absolute_url()).content.decode()

    def test_pages_show_times_in_the_users_zone(self, client_logged_in, user):
        moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.timezone.utc)
        session = SessionFactory(user=user, started_at=moment, local_date=moment.date())

        for zone, expected in (
            ("Asia/Tokyo", "Monday 2 March 2026, 08:30"),
            ("America/New_York", "Sunday 1 March 2026, 18:30"),
            ("UTC", "Sunday 1 March 2026, 23:30"),
        ):
            user.time_zone = zone
            user.save()
            assert expected in self.shown(client_logged_in, session), zone

    def test_a_zone_no_longer_known_falls_back_to_utc(self, client_logged_in, user):
        moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.timezone.utc)
        session = SessionFactory(user=user, started_at=moment, local_date=moment.date())
        User.objects.filter(pk=user.pk).update(time_zone="Atlantis/Capital")

        assert "Sunday 1 March 2026, 23:30" in self.shown(client_logged_in, session)


def signup_link(html: str) -> str:
    """The first "create an account" link of a page."""
    match = re.search(r'href="(/accounts/signup/[^"]*)"', html.split("<main", 1)[1])
    assert match, "no link to sign up"
    return match.group(1).replace("&amp;", "&")


def sign_up_from(client, page_url: str):
    """Follow the page's link to sign up and send the form as a browser would (with the
    hidden ``next`` the sign-up page carries): the response to the form."""
    form_page = client.get(signup_link(client.get(page_url).content.decode()))
    hidden = re.search(r'name="next" value="([^"]*)"', form_page.content.decode())
    data = signup_data(**({"next": hidden.group(1).replace("&amp;", "&")} if hidden else {}))
    return client.post(reverse("accounts:signup"), data)


class TestSignUpFromAnInvitation:
    """Pages that invite a visitor to create an account bring them back afterwards."""

    def test_from_a_ready_programme_back_to_it_to_copy_it(self, client):
        programme = Routine.objects.programmes().order_by("slug").first()

        response = sign_up_from(client, programme.get_absolute_url())

        assert response["Location"] == programme.get_absolute_url()
        assert "Copy to my routines" in client.get(response["Location"]).content.decode()

    def test_from_an_exercise_of_the_catalogue_back_to_it(self, client):
        exercise = Exercise.objects.order_by("slug").first()

        response = sign_up_from(client, exercise.get_absolute_url())

        assert response["Location"] == exercise.get_absolute_url()
        assert "Add to routine" in client.get(response["Location"]).content.decode()

    def test_from_the_safety_result_back_to_it(self, client):
        take_check(client, "herniated-disc")

        response = sign_up_from(client, reverse("safety:result"))

        assert response["Location"] == reverse("safety:result")
        assert Screening.objects.get().user.email == "new.person@example.com"

    def test_from_a_generated_routine_back_to_it_to_save_it(self, client):
        page = f"{reverse('routines:generator')}?goal=relieve&minutes=10&level=1&seed=3"
        assert "to save and play it" in client.get(page).content.decode()

        response = sign_up_from(client, page)

        assert response["Location"] == page
        assert "Save to my routines" in client.get(page).content.decode()

    def test_from_a_page_that_needs_an_account_back_to_it(self, client):
        """A visitor sent to log in (?next=) who has no account yet signs up instead."""
        page = reverse("routines:plan")
        login_page = client.get(page)["Location"]
        assert login_page.startswith(reverse("accounts:login") + "?next=")

        response = sign_up_from(client, login_page)

        assert response["Location"] == page
