"""Every way of writing what a cached page shows is seen on the next request: the database
moves the cache versions by itself (backcare/caching/triggers.py), and the release is the
cache's key prefix (backcare/caching/release.py)."""

import datetime

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import UserBackend
from backcare.caching.release import release_digest
from backcare.caching.versions import CacheVersionsMiddleware, versions
from routines.models import PlannedSession, Routine, Session
from tests.factories import SessionFactory, person_version

pytestmark = [pytest.mark.django_db, pytest.mark.routine(name="Morning back")]
HOME = reverse("home")
HISTORY = reverse("routines:history")
PROGRAMMES = reverse("routines:programmes")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_planned_time_changed_by_update_shows_on_home(client_logged_in, user, routine):
    today = timezone.localdate()
    PlannedSession.objects.create(
        user=user, routine=routine, weekday=today.weekday(), time=datetime.time(7, 30)
    )
    assert "07:30" in page(client_logged_in, HOME)

    PlannedSession.objects.filter(user=user).update(time=datetime.time(18, 0))

    html = page(client_logged_in, HOME)
    assert "18:00" in html and "07:30" not in html


def test_a_routine_renamed_by_update_shows_on_home_and_in_the_player(
    client_logged_in, user, routine
):
    SessionFactory(user=user, routine=routine)
    page(client_logged_in, HOME)

    Routine.objects.filter(pk=routine.pk).update(name="Evening back, renamed by update")

    assert "renamed by update" in page(client_logged_in, HOME)


def test_a_programme_renamed_by_update_shows_on_the_programme_list(client, client_logged_in):
    programme = Routine.objects.filter(owner=None).first()
    for browser in (client, client_logged_in):
        assert programme.name in page(browser, PROGRAMMES)

    Routine.objects.filter(pk=programme.pk).update(name="A programme renamed by update")

    for browser in (client, client_logged_in):
        assert "A programme renamed by update" in page(browser, PROGRAMMES)


def test_a_session_loaded_by_loaddata_is_listed_in_the_history(
    client_logged_in, user, routine, tmp_path
):
    page(client_logged_in, HISTORY)
    other = SessionFactory(user=user, routine=routine, routine_name="Loaded from a fixture")
    fixture = tmp_path / "session.json"
    fixture.write_text(serializers.serialize("json", [other]))
    Session.objects.filter(pk=other.pk).delete()
    assert "Loaded from a fixture" not in page(client_logged_in, HISTORY)

    call_command("loaddata", str(fixture), verbosity=0)

    assert "Loaded from a fixture" in page(client_logged_in, HISTORY)


def test_sessions_bulk_created_and_deleted_move_only_their_persons_version(user, other_user):
    mine, theirs = person_version(user), person_version(other_user)
    built = SessionFactory.build(user=user)
    built.week_start = built.local_date  # bulk_create does not call save()
    Session.objects.bulk_create([built])
    assert person_version(user) > mine
    assert person_version(other_user) == theirs

    mine = person_version(user)
    Session.objects.filter(user=user).delete()
    assert person_version(user) > mine
    assert person_version(other_user) == theirs


def test_a_preference_changed_by_update_shows_at_once(client_logged_in, user, routine):
    SessionFactory(user=user, routine=routine)
    before = page(client_logged_in, HISTORY)
    type(user).objects.filter(pk=user.pk).update(weekly_goal=user.weekly_goal + 2)

    assert page(client_logged_in, HISTORY) != before
    assert f"{user.weekly_goal + 2}" in page(client_logged_in, HISTORY)


def test_the_release_moves_when_any_code_template_or_catalogue_file_changes(tmp_path):
    for folder in ("exercises/figures", "templates", "exercises/catalogue"):
        (tmp_path / folder).mkdir(parents=True)
    renderer = tmp_path / "exercises" / "figures" / "render.py"
    renderer.write_text("STROKE = 2\n")
    (tmp_path / "templates" / "base.html").write_text("<html></html>")
    catalogue = tmp_path / "exercises" / "catalogue" / "stretch.toml"
    catalogue.write_text("[[exercise]]\n")
    first = release_digest(tmp_path)

    renderer.write_text("STROKE = 3\n")  # a redrawn figure: no version to bump by hand
    second = release_digest(tmp_path)
    catalogue.write_text("[[exercise]]\nslug = 'x'\n")
    third = release_digest(tmp_path)

    assert len({first, second, third}) == 3


def test_the_release_is_the_caches_key_prefix(settings):
    from pathlib import Path  # noqa: PLC0415

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert prefix.endswith(release_digest(Path(settings.BASE_DIR), settings.STATIC_ROOT))


def installed_triggers() -> set[str]:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def test_every_table_a_cached_page_shows_has_its_triggers():
    from django.db import connection  # noqa: PLC0415

    from backcare.caching.triggers import declared_triggers  # noqa: PLC0415

    tables = {operation.table for operation in declared_triggers(connection)}
    assert {
        "exercises_exercise",
        "exercises_condition",
        "accounts_user",
        "accounts_screening",
        "routines_routine",
        "routines_routineitem",
        "routines_session",
        "routines_sessionitem",
        "routines_plannedsession",
    } <= tables
    installed = installed_triggers()
    for table in tables:
        assert any(name.startswith(f"caching_moves_{table}") for name in installed), table


@pytest.mark.django_db(transaction=True)
def test_a_trigger_a_table_rebuild_dropped_comes_back_after_migrate():
    from django.db import connection  # noqa: PLC0415

    from backcare.caching.triggers import ensure_triggers  # noqa: PLC0415

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER caching_moves_routines_session_update")
        else:
            cursor.execute("DROP TRIGGER caching_moves_routines_session ON routines_session")
    assert not any(
        name.startswith("caching_moves_routines_session")
        and "item" not in name
        and name.endswith(("_update", "_session"))
        for name in installed_triggers()
    )

    ensure_triggers()

    assert {"caching_moves_routines_session_update", "caching_moves_routines_session"} & (
        installed_triggers()
    )


def test_a_get_reads_the_versions_with_its_person_and_a_post_after_its_own_writes(rf, user):
    """A signed-in GET's versions come with its person's row (one query for both:
    accounts/backends.py); a POST reads them on first use, so a view that writes and then
    renders keys its page by the versions after its write."""
    seen = {}

    def view(request):
        Routine.objects.create(owner=user, name="Written in this request")
        seen[request.method] = versions().person
        return HttpResponse()

    for method in ("get", "post"):
        request = getattr(rf, method)("/")
        request.user = UserBackend().get_user(user.pk)
        before = person_version(user)
        with CaptureQueriesContext(connection) as queries:
            CacheVersionsMiddleware(view)(request)
        after = person_version(user)
        assert after != before
        if method == "get":
            assert seen["GET"] == before  # read with the person, before the view ran
            assert not any("caching_version" in query["sql"] for query in queries)
        else:
            assert seen["POST"] == after
