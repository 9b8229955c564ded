"""A signed-in request reads its session, user and safety check in one query
(accounts/sessions.py), and that read never keeps someone signed in, or on an old safety
check, longer than Django would."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Screening, User, UserSession
from tests.factories import take_check

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("exercises:catalogue")
RESULT = reverse("safety:result")
CLEARANCE = reverse("safety:clearance")
ACCOUNT = reverse("accounts:account")


def test_a_warm_signed_in_page_reads_session_user_and_check_in_one_query(
    client, user, password, django_assert_num_queries
):
    # Logged in through the form, as people do (not force_login): the backend path and the
    # password hash in the session are the real ones.
    client.post(reverse("accounts:login"), {"username": user.email, "password": password})
    client.get(CATALOGUE, {"region": "lower-back"})
    with django_assert_num_queries(1):
        assert not client.get(CATALOGUE, {"region": "lower-back"}).wsgi_request.safety.screened

    take_check(client, "herniated-disc")
    client.get(CATALOGUE, {"region": "lower-back"})
    with django_assert_num_queries(1):
        response = client.get(CATALOGUE, {"region": "lower-back"})

    assert response.wsgi_request.user == user
    assert response.wsgi_request.safety.screening.conditions == ["herniated-disc"]
    assert "Not for you" not in response.content.decode()  # hidden: the check was applied


def test_a_password_changed_elsewhere_signs_this_browser_out(client_logged_in, user):
    assert client_logged_in.get(ACCOUNT).status_code == 200

    user.set_password("a-new-password-9876")
    user.save()

    response = client_logged_in.get(ACCOUNT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_deactivated_account_is_signed_out(client_logged_in, user):
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client_logged_in.get(ACCOUNT).status_code == 302


def test_a_session_of_another_backend_takes_djangos_own_path(client, user):
    # Any session this shortcut does not recognise is left to Django: here, an unknown
    # backend signs the browser out, as Django does.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["_auth_user_backend"] = "some.removed.Backend"
    session.save()

    assert client.get(ACCOUNT).status_code == 302


def test_a_clearance_shows_at_once(client_logged_in, user):
    take_check(client_logged_in, "spinal-surgery-recent")
    assert client_logged_in.get(RESULT).wsgi_request.safety.blocks_playing

    client_logged_in.post(CLEARANCE, {"confirm": "on", "note": "Dr Reyes"})

    profile = client_logged_in.get(RESULT).wsgi_request.safety
    assert profile.cleared
    assert not profile.blocks_playing


def test_a_new_check_and_an_ended_one_show_at_once(client_logged_in, user):
    take_check(client_logged_in, "herniated-disc")
    first = client_logged_in.get(RESULT).wsgi_request.safety.screening

    take_check(client_logged_in)
    second = client_logged_in.get(RESULT).wsgi_request.safety.screening
    assert second.pk != first.pk
    assert second.conditions == []

    Screening.objects.filter(pk=second.pk).update(ended_at=second.created_at)
    assert client_logged_in.get(RESULT).wsgi_request.safety.screening == first


def test_another_persons_check_never_applies(client_logged_in, user, other_user):
    Screening.objects.create(
        user=other_user, version=2, answers={}, age=40, outcome="urgent", conditions=[]
    )

    assert not client_logged_in.get(CATALOGUE).wsgi_request.safety.screened


def fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_the_rows_read_with_the_session_are_what_the_orm_reads(client_logged_in, user):
    take_check(client_logged_in, "herniated-disc", "osteoporosis", age=61)

    store = client_logged_in.get(RESULT).wsgi_request.session

    assert store.loaded
    assert fields(store.user) == fields(User.objects.get(pk=user.pk))
    screening = Screening.objects.get(user=user)
    assert fields(store.screening) == fields(screening)
    assert store.screening.answers == screening.answers  # JSON parsed, not text
    assert store.screening.created_at.tzinfo is not None


def test_an_expired_session_is_no_session(client_logged_in, user):
    UserSession.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client_logged_in.get(ACCOUNT)
    assert response.status_code == 302
    assert not response.wsgi_request.session.loaded


def test_other_apps_values_come_with_the_session_row(client_logged_in, user):
    # routines registers the person's log and routines versions (accounts.sessions
    # .read_with_session): the same numbers its own query reads, moving with each write.
    from routines.models import LogVersion  # noqa: PLC0415
    from tests.factories import RoutineFactory  # noqa: PLC0415

    def read_with_the_session():
        request = client_logged_in.get(ACCOUNT).wsgi_request
        return request.session.read_with, LogVersion.numbers_of(user, request)

    read, numbers = read_with_the_session()
    assert numbers == LogVersion.numbers_of(user)  # by its own query
    assert set(read) == {"log_version", "routines_version"}

    RoutineFactory(owner=user)
    read, moved = read_with_the_session()
    assert moved == LogVersion.numbers_of(user)
    assert moved[1] > numbers[1]
