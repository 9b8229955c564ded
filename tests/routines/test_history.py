"""The session log: saving from the player, logging by hand, history, progress, export."""

import csv
import datetime
import io
import json
import re
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from routines.models import Session, SessionItem
from routines.progress import progress_for
from routines.services import session_record
from tests.factories import (
    RoutineFactory,
    SessionFactory,
    bulk_sessions,
    payload,
    person_version,
    post_json,
    take_check,
)

pytestmark = pytest.mark.django_db


class TestSaveFromThePlayer:
    def test_saves_session_with_items(self, client_logged_in, routine, user):
        response = post_json(client_logged_in, routine, payload(routine))

        assert response.status_code == 201
        session = Session.objects.get(user=user)
        assert response.json()["url"] == session.get_absolute_url()
        assert (session.routine, session.routine_name) == (routine, "Evening back")
        assert (session.pain_before, session.pain_after, session.effort) == (5, 3, 4)
        assert session.check_in == {
            "unwell": False,
            "new_pain": False,
            "weak": False,
            "nerves": False,
        }
        assert [i.status for i in session.items.all()] == ["done", "done"]

    def test_sending_twice_stores_once(self, client_logged_in, routine):
        data = payload(routine)

        first = post_json(client_logged_in, routine, data)
        second = post_json(client_logged_in, routine, data)

        assert (first.status_code, second.status_code) == (201, 200)
        assert Session.objects.count() == 1
        assert SessionItem.objects.count() == 2

    @pytest.mark.parametrize(
        "change",
        [
            {"pain_after": 9},
            {"notes": "Something else"},
            {"actual_seconds": 100},
            {"items": []},
        ],
    )
    def test_same_id_with_other_content_is_409_with_the_stored_session(
        self, client_logged_in, routine, change
    ):
        data = payload(routine)
        post_json(client_logged_in, routine, data)

        response = post_json(client_logged_in, routine, {**data, **change})

        assert response.status_code == 409
        stored = Session.objects.get()
        assert response.json()["url"] == stored.get_absolute_url()
        assert response.json()["session"]["client_id"] == data["client_id"]
        assert response.json()["session"]["pain_after"] == 3  # what was stored, unchanged
        assert (stored.pain_after, stored.notes, stored.items.count()) == (3, "Felt good", 2)

    @pytest.mark.parametrize(
        "bad",
        [
            {"pain_after": 11},
            {"pain_before": -1},
            {"client_id": "nope"},
            {"started_at": "yesterday"},
            {"items": [{"exercise": "no-such", "status": "done"}]},
            {"items": [{"exercise": "cat-cow", "status": "bored"}]},
            {"items": [{"exercise": "cat-cow", "seconds": -5}]},
            {"items": "all"},
            {"check_in": {"mood": True}},
            {"finished_at": "2000-01-01T00:00:00+00:00"},
        ],
    )
    def test_bad_data_is_refused_and_stores_nothing(self, client_logged_in, routine, bad):
        response = post_json(client_logged_in, routine, payload(routine, **bad))

        assert response.status_code == 400
        assert "errors" in response.json()
        assert not Session.objects.exists()

    def test_not_json_is_a_clear_400(self, client_logged_in, routine):
        response = client_logged_in.post(
            reverse("routines:save_session", args=[routine.pk]),
            data="{{{",
            content_type="application/json",
        )

        assert response.status_code == 400

    def test_strangers_routine_is_404(self, client, other_user, routine):
        client.force_login(other_user, backend="accounts.backends.UserBackend")

        assert post_json(client, routine, payload(routine)).status_code == 404
        assert not Session.objects.exists()

    def test_session_survives_its_routine_as_a_name(self, client_logged_in, routine, user):
        post_json(client_logged_in, routine, payload(routine))

        routine.delete()

        session = Session.objects.get(user=user)
        assert session.routine is None and session.routine_name == "Evening back"


class TestLogByHand:
    def test_log_yesterdays_session(self, client_logged_in, routine, user):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)

        response = client_logged_in.post(
            reverse("routines:session_create"),
            {
                "routine": routine.pk,
                "date": yesterday.isoformat(),
                "start_time": "18:30",
                "minutes": 20,
                "pain_before": 6,
                "pain_after": 4,
                "effort": 5,
                "notes": "ok",
            },
        )

        session = Session.objects.get(user=user)
        assert response["Location"] == session.get_absolute_url()
        assert session.local_date == yesterday
        assert session.actual_seconds == 1200
        assert session.items.count() == 2

    @pytest.mark.parametrize(
        "bad", [{"pain_after": 11}, {"minutes": 0}, {"date": "tomorrow"}, {"routine": ""}]
    )
    def test_bad_input_shows_errors_and_changes_nothing(self, client_logged_in, routine, bad):
        data = {
            "routine": routine.pk,
            "date": timezone.localdate().isoformat(),
            "start_time": "00:01",
            "minutes": 20,
        }
        data.update(bad)

        response = client_logged_in.post(reverse("routines:session_create"), data)

        assert response.status_code == 200
        assert "invalid-feedback" in response.content.decode()
        assert not Session.objects.exists()

    def test_future_session_is_refused(self, client_logged_in, routine):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)

        response = client_logged_in.post(
            reverse("routines:session_create"),
            {
                "routine": routine.pk,
                "date": tomorrow.isoformat(),
                "start_time": "08:00",
                "minutes": 20,
            },
        )

        assert "in the future" in response.content.decode()
        assert not Session.objects.exists()

    def test_cannot_log_with_a_strangers_routine(self, client_logged_in, other_user):
        theirs = RoutineFactory(owner=other_user)

        response = client_logged_in.post(
            reverse("routines:session_create"),
            {"routine": theirs.pk, "date": "2026-01-01", "start_time": "08:00", "minutes": 5},
        )

        assert response.status_code == 200
        assert not Session.objects.exists()


class TestHistoryPages:
    def test_edit_notes_and_scores(self, client_logged_in, user):
        session = SessionFactory(user=user)

        client_logged_in.post(
            reverse("routines:session_edit", args=[session.pk]),
            {"pain_before": 4, "pain_after": 2, "effort": 6, "notes": "new"},
        )

        session.refresh_from_db()
        assert (session.pain_before, session.pain_after, session.effort, session.notes) == (
            4,
            2,
            6,
            "new",
        )

    def test_bad_score_changes_nothing(self, client_logged_in, user):
        session = SessionFactory(user=user, pain_after=3)

        response = client_logged_in.post(
            reverse("routines:session_edit", args=[session.pk]), {"pain_after": 12}
        )

        assert response.status_code == 200
        session.refresh_from_db()
        assert session.pain_after == 3

    def test_delete_with_confirmation(self, client_logged_in, user):
        session = SessionFactory(user=user)

        assert (
            "Delete this session?"
            in client_logged_in.get(
                reverse("routines:session_delete", args=[session.pk])
            ).content.decode()
        )
        client_logged_in.post(reverse("routines:session_delete", args=[session.pk]))

        assert not Session.objects.exists()

    @pytest.mark.parametrize(
        "name", ["routines:session", "routines:session_edit", "routines:session_delete"]
    )
    def test_stranger_gets_404_for_session(self, client, other_user, user, name):
        session = SessionFactory(user=user)
        client.force_login(other_user, backend="accounts.backends.UserBackend")

        assert client.get(reverse(name, args=[session.pk])).status_code == 404
        assert client.post(reverse(name, args=[session.pk]), {"notes": "x"}).status_code == 404
        assert Session.objects.filter(pk=session.pk).exists()

    def test_history_lists_only_my_sessions_newest_first(self, client_logged_in, user, other_user):
        old = SessionFactory(
            user=user, routine_name="Old", started_at=timezone.now() - datetime.timedelta(days=3)
        )
        new = SessionFactory(user=user, routine_name="New")
        SessionFactory(user=other_user, routine_name="Theirs")

        listed = list(client_logged_in.get(reverse("routines:history")).context["page"])

        assert listed == [new, old]


# The pages' query counts, for 10 sessions and 10,000, are in test_history_cache.py.


def test_statistics_come_from_grouped_queries(user, django_assert_max_num_queries):
    bulk_sessions(user, 3000)

    # Outside a request the catalogue's version (exercise names) is one of them.
    with django_assert_max_num_queries(7):
        stats = progress_for(user)

    assert stats["totals"]["sessions"] == 3000
    assert (
        sum(w.sessions for w in stats["weeks"])
        == Session.objects.filter(user=user, local_date__gte=stats["weeks"][0].start).count()
    )


def test_advice_when_pain_does_not_fall_and_an_exercise_is_stopped_twice(
    client_logged_in, user, routine
):
    today = timezone.localdate()
    for days_ago, pain in ((9, 3), (2, 4)):
        moment = timezone.now() - datetime.timedelta(days=days_ago)
        SessionFactory(
            user=user,
            started_at=moment,
            local_date=today - datetime.timedelta(days=days_ago),
            pain_after=pain,
        )
    item = routine.items.first()
    for session in Session.objects.all():
        SessionItem.objects.create(session=session, exercise=item.exercise, status="stopped")
    html = client_logged_in.get(reverse("routines:history")).content.decode()

    assert "has not gone down over the last two weeks" in html
    assert f"You stopped <strong>{item.exercise.name}</strong> for pain 2 times" in html
    assert f"#item-{item.pk}" in html


def options_of(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_pain_is_the_same_0_to_10_list_in_the_player_and_when_editing(
    client_logged_in, user, routine
):
    session = SessionFactory(user=user, routine=routine, pain_before=4)
    edit = client_logged_in.get(reverse("routines:session_edit", args=[session.pk]))
    play = reverse("routines:play", args=[routine.pk])
    client_logged_in.post(play, {"unwell": "no", "new_pain": "no", "weak": "no", "nerves": "no"})
    player = client_logged_in.get(play).content.decode()

    scores = ["", *map(str, range(11))]  # "Not noted", then 0 to 10
    edit_html = edit.content.decode()
    assert options_of(edit_html, "pain_before") == scores
    assert options_of(edit_html, "pain_after") == scores
    assert re.search(r'<option value="4"[^>]* selected', edit_html)  # the stored score
    finish = player[player.index('id="finish-form"') :]
    assert options_of(finish.replace('id="finish-pain-after" ', ""), "pain_after") == scores


def test_csv_export_of_1000_sessions(client_logged_in, user):
    bulk_sessions(user, 1000)

    response = client_logged_in.get(reverse("routines:export_csv"))

    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1000
    assert sum(int(row["actual_seconds"]) for row in rows) == 900 * 1000
    assert sum(int(row["pain_after"]) for row in rows) == sum(n % 5 for n in range(1000))
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_csv_export_neutralises_cells_a_spreadsheet_would_run(client_logged_in, user, hostile):
    routine = RoutineFactory(owner=user, name=hostile)
    SessionFactory(user=user, routine=routine, routine_name=hostile, notes=hostile)

    response = client_logged_in.get(reverse("routines:export_csv"))

    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert (row["routine"], row["notes"]) == ("'" + hostile, "'" + hostile)
    assert int(row["actual_seconds"]) >= 0  # numbers stay numbers


def test_json_export_round_trips_with_items(client_logged_in, routine, user):
    post_json(client_logged_in, routine, payload(routine))

    data = json.loads(client_logged_in.get(reverse("routines:export_json")).content)

    (session,) = data["sessions"]
    assert session["pain_after"] == 3
    assert [i["status"] for i in session["items"]] == ["done", "done"]


def test_account_export_has_profile_screenings_routines_and_sessions(
    client_logged_in, routine, user
):
    take_check(client_logged_in, "scoliosis")
    post_json(client_logged_in, routine, payload(routine))

    data = json.loads(client_logged_in.get(reverse("routines:export_account")).content)

    assert data["profile"]["email"] == user.email
    assert data["screenings"][0]["conditions"] == ["scoliosis"]
    assert data["routines"][0]["name"] == "Evening back"
    assert len(data["sessions"]) == 1


@pytest.fixture
def in_berlin_summer(user):
    """A session at 06:30 UTC on 1 July 2026, by a person in Berlin (UTC+2 in summer)."""
    user.time_zone = "Europe/Berlin"
    user.save(update_fields=["time_zone"])
    started = datetime.datetime(2026, 7, 1, 6, 30, tzinfo=datetime.UTC)
    SessionFactory(user=user, started_at=started, local_date=datetime.date(2026, 7, 1))
    return user


def test_csv_export_gives_times_in_my_zone_with_the_offset(client_logged_in, in_berlin_summer):
    response = client_logged_in.get(reverse("routines:export_csv"))
    # Streamed after the view returned: the request's time-zone override is over by now.
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))

    assert row["started_at"] == "2026-07-01T08:30:00+02:00"
    assert row["finished_at"] == "2026-07-01T08:45:00+02:00"


def test_json_exports_give_times_in_my_zone_with_the_offset(client_logged_in, in_berlin_summer):
    sessions = json.loads(client_logged_in.get(reverse("routines:export_json")).content)
    account = json.loads(client_logged_in.get(reverse("routines:export_account")).content)

    assert sessions["sessions"][0]["started_at"] == "2026-07-01T08:30:00+02:00"
    assert account["sessions"][0]["finished_at"] == "2026-07-01T08:45:00+02:00"
    assert account["profile"]["date_joined"].endswith(("+01:00", "+02:00"))
    assert account["exported_at"].endswith(("+01:00", "+02:00"))


def test_exports_contain_only_my_data(client_logged_in, other_user):
    SessionFactory(user=other_user, notes="secret")

    assert "secret" not in client_logged_in.get(reverse("routines:export_json")).content.decode()


def test_no_pain_advice_when_pain_falls(client_logged_in, user):
    today = timezone.localdate()
    for days_ago, pain in ((9, 5), (2, 2)):
        SessionFactory(
            user=user,
            started_at=timezone.now() - datetime.timedelta(days=days_ago),
            local_date=today - datetime.timedelta(days=days_ago),
            pain_after=pain,
        )

    html = client_logged_in.get(reverse("routines:history")).content.decode()

    assert "has not gone down" not in html


def test_cached_statistics_follow_every_change_to_the_log(client_logged_in, routine, user):
    def sessions_in_total():
        return client_logged_in.get(reverse("routines:progress")).context["totals"]["sessions"]

    assert sessions_in_total() == 0
    post_json(client_logged_in, routine, payload(routine))
    assert sessions_in_total() == 1

    session = Session.objects.get(user=user)
    client_logged_in.post(
        reverse("routines:session_edit", args=[session.pk]), {"pain_before": 9, "pain_after": 1}
    )
    assert client_logged_in.get(reverse("routines:progress")).context["average_change"] == -8

    client_logged_in.post(reverse("routines:session_delete", args=[session.pk]))
    assert sessions_in_total() == 0


def test_a_new_weekly_goal_changes_the_cached_streak_at_once(client_logged_in, user):
    now = timezone.now()
    for week in range(3):
        for day in (0, 1):
            SessionFactory(user=user, started_at=now - datetime.timedelta(weeks=week, hours=day))
    user.weekly_goal = 2
    user.save()

    def streak():
        html = client_logged_in.get(reverse("routines:history")).content.decode()
        return html.split('id="current-streak">')[1].split("<")[0]

    assert streak() == "3 weeks"

    user.weekly_goal = 3
    user.save()

    assert streak() == "0 weeks"


def test_cached_history_and_progress_show_a_new_session_and_an_edit_at_once(client_logged_in, user):
    now = timezone.now()
    client_logged_in.get(reverse("routines:history"))
    client_logged_in.get(reverse("routines:progress"))

    session, _ = session_record(
        user=user,
        client_id=uuid.uuid4(),
        routine=None,
        routine_name="Fresh evening stretch",
        started_at=now - datetime.timedelta(minutes=20),
        finished_at=now,
        actual_seconds=1200,
    )

    assert (
        "Fresh evening stretch"
        in client_logged_in.get(reverse("routines:history")).content.decode()
    )
    progress = client_logged_in.get(reverse("routines:progress")).content.decode()
    assert 'class="trained"' in progress

    client_logged_in.post(reverse("routines:session_delete", args=[session.pk]))

    assert (
        "Fresh evening stretch"
        not in client_logged_in.get(reverse("routines:history")).content.decode()
    )
    assert (
        'class="trained"' not in client_logged_in.get(reverse("routines:progress")).content.decode()
    )


def test_cached_history_follows_a_new_time_zone_at_once(client_logged_in, user):
    started = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    SessionFactory(user=user, started_at=started)
    assert (
        started.strftime("12:00")
        in client_logged_in.get(reverse("routines:history")).content.decode()
    )

    user.time_zone = "Asia/Kolkata"  # UTC+5:30
    user.save()

    assert "17:30" in client_logged_in.get(reverse("routines:history")).content.decode()


def test_writes_outside_the_views_refresh_the_cached_statistics_too(user, other_user):
    """The log's version is bumped by the models, not by views: the admin, a shell, a
    script or a bulk path cannot leave stale statistics behind."""

    def sessions_in_total():
        return progress_for(user)["totals"]["sessions"]

    assert sessions_in_total() == 0
    session = SessionFactory(user=user, pain_before=4)
    assert sessions_in_total() == 1
    bulk_sessions(user, 3)
    assert sessions_in_total() == 4
    Session.objects.filter(user=user, routine_name="Bulk").update(pain_after=0)
    assert progress_for(user)["totals"]["change"] is not None
    Session.objects.filter(routine_name="Bulk").delete()
    assert sessions_in_total() == 1
    SessionItem.objects.create(session=session, exercise=Exercise.objects.first())
    version = person_version(user)
    SessionItem.objects.filter(session=session).update(status="stopped")
    assert person_version(user) == version + 2  # an update moves the old and the new row's
    session.delete()
    assert sessions_in_total() == 0
    # Another user's writes leave this user's version alone.
    version = person_version(user)
    SessionFactory(user=other_user)
    assert person_version(user) == version


class TestSaneDates:
    """Issue 14: a session's time is within the account's window on both paths."""

    @pytest.mark.parametrize(
        "started",
        ["1900-01-01T07:00:00+00:00", "2099-01-01T07:00:00+00:00", "9999-06-01T07:00:00+00:00"],
    )
    def test_player_save_outside_the_window_is_refused(self, client_logged_in, routine, started):
        finished = started.replace("07:00", "07:20")

        response = post_json(
            client_logged_in, routine, payload(routine, started_at=started, finished_at=finished)
        )

        assert response.status_code == 400
        assert "started_at" in response.json()["errors"]
        assert not Session.objects.exists()

    def test_player_save_within_a_year_before_the_account_is_kept(
        self, client_logged_in, routine, user
    ):
        started = user.date_joined - datetime.timedelta(days=300)
        data = payload(
            routine,
            started_at=started.isoformat(),
            finished_at=(started + datetime.timedelta(minutes=10)).isoformat(),
        )

        assert post_json(client_logged_in, routine, data).status_code == 201

    def test_a_phone_clock_a_few_minutes_fast_is_tolerated(self, client_logged_in, routine):
        started = timezone.now() - datetime.timedelta(minutes=5)
        data = payload(
            routine,
            started_at=started.isoformat(),
            finished_at=(started + datetime.timedelta(minutes=12)).isoformat(),
        )

        assert post_json(client_logged_in, routine, data).status_code == 201

    @pytest.mark.parametrize("day", ["1900-01-01", "2099-01-01"])
    def test_log_by_hand_outside_the_window_is_refused(self, client_logged_in, routine, day):
        response = client_logged_in.post(
            reverse("routines:session_create"),
            {"routine": routine.pk, "date": day, "start_time": "07:30", "minutes": "20"},
        )

        assert response.status_code == 200
        assert "date" in response.context["form"].errors
        assert not Session.objects.exists()


class TestHostileJSON:
    """Issue 14: probes that used to be server errors are 400s that store nothing."""

    def test_deeply_nested_json_is_a_400(self, client_logged_in, routine):
        body = '{"items": ' + "[" * 100_000 + "]" * 100_000 + "}"

        response = client_logged_in.post(
            reverse("routines:save_session", args=[routine.pk]),
            data=body,
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "body" in response.json()["errors"]
        assert not Session.objects.exists()

    @pytest.mark.parametrize(
        "bad",
        [{"notes": "ok \ud800"}, {"items": [{"exercise": "cat-cow\ud800", "status": "done"}]}],
        ids=["notes", "slug"],
    )
    def test_lone_surrogate_is_a_400(self, client_logged_in, routine, bad):
        response = post_json(client_logged_in, routine, payload(routine, **bad))

        assert response.status_code == 400
        assert not Session.objects.exists()


def test_an_older_releases_statistics_left_in_the_cache_are_never_read(client_logged_in, user):
    """An entry of the old shape (no weeks cut, no streaks) under the old key must not break
    the page after a deploy that shares the cache."""
    today = timezone.localdate()
    version = person_version(user)
    cache.set(f"log-statistics:{user.pk}:{version}:{user.weekly_goal}:{today.isoformat()}", {})

    assert client_logged_in.get(reverse("routines:history")).status_code == 200
