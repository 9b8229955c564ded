"""The weekly plan: the form and page, planned against done, and the private calendar feed."""

import datetime
import json
import zoneinfo

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from backcare.ratelimit import QuietRefusals
from exercises.models import Exercise
from routines.ical import token_digest
from routines.models import CalendarFeed, PlannedSession, monday_of
from routines.weekly import plan_week
from tests.factories import RoutineFactory, RoutineItemFactory, SessionFactory

pytestmark = pytest.mark.django_db

PLAN_URL = reverse("routines:plan")


@pytest.fixture
def warm_up(user):
    return RoutineFactory(owner=user, name="Back warm-up")


@pytest.fixture
def gentle_one(user):
    return RoutineFactory(owner=user, name="Gentle routine")


def plan_data(**days):
    """days: weekday number -> (routine, "HH:MM"); every other day is a rest day."""
    data = {}
    for day in range(7):
        routine, time = days.get(f"d{day}", (None, ""))
        data[f"routine_{day}"] = routine.pk if routine else ""
        data[f"time_{day}"] = time
    return data


def save_plan(client, **days):
    return client.post(PLAN_URL, plan_data(**days))


# The plan page ------------------------------------------------------------------------------


def test_plan_saves_routines_on_days_with_times(client_logged_in, user, warm_up, gentle_one):
    response = save_plan(
        client_logged_in,
        d0=(warm_up, "07:30"),
        d2=(warm_up, "07:30"),
        d4=(warm_up, "07:30"),
        d5=(gentle_one, "10:00"),
    )

    assert response.status_code == 302
    rows = list(PlannedSession.objects.filter(user=user).values_list("weekday", "routine", "time"))
    assert rows == [
        (0, warm_up.pk, datetime.time(7, 30)),
        (2, warm_up.pk, datetime.time(7, 30)),
        (4, warm_up.pk, datetime.time(7, 30)),
        (5, gentle_one.pk, datetime.time(10, 0)),
    ]


def test_saving_again_replaces_the_plan_and_keeps_unchanged_days(
    client_logged_in, user, warm_up, gentle_one
):
    save_plan(client_logged_in, d0=(warm_up, "07:30"), d2=(warm_up, "07:30"))
    monday = PlannedSession.objects.get(user=user, weekday=0)

    save_plan(client_logged_in, d0=(warm_up, "07:30"), d3=(gentle_one, "19:00"))

    assert list(PlannedSession.objects.filter(user=user).values_list("weekday", flat=True)) == [
        0,
        3,
    ]
    # An unchanged day keeps its row, so the calendar's recurrence does not move.
    assert PlannedSession.objects.get(user=user, weekday=0).created_at == monday.created_at


def test_page_shows_the_saved_plan(client_logged_in, warm_up):
    save_plan(client_logged_in, d1=(warm_up, "06:45"))

    form = client_logged_in.get(PLAN_URL).context["form"]

    assert form["routine_1"].value() == warm_up.pk
    assert form["time_1"].value() == datetime.time(6, 45)


def test_a_routine_without_a_time_is_refused_and_nothing_changes(client_logged_in, user, warm_up):
    save_plan(client_logged_in, d0=(warm_up, "07:30"))

    response = save_plan(client_logged_in, d1=(warm_up, ""))

    assert response.status_code == 200
    assert "Choose a time for this day" in response.content.decode()
    assert list(PlannedSession.objects.filter(user=user).values_list("weekday", flat=True)) == [0]


@pytest.mark.parametrize("bad", ["25:00", "soon", "07:30:00:00"])
def test_a_bad_time_is_refused(client_logged_in, user, warm_up, bad):
    response = save_plan(client_logged_in, d0=(warm_up, bad))

    assert response.status_code == 200
    assert not PlannedSession.objects.filter(user=user).exists()


def test_someone_elses_routine_cannot_be_planned(client_logged_in, user, other_user):
    theirs = RoutineFactory(owner=other_user)

    response = save_plan(client_logged_in, d0=(theirs, "07:30"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not PlannedSession.objects.exists()


def test_plan_page_runs_few_queries(client_logged_in, user, warm_up, django_assert_max_num_queries):
    for n in range(20):
        RoutineFactory(owner=user, name=f"Routine {n}")
    save_plan(client_logged_in, d0=(warm_up, "07:30"))

    with django_assert_max_num_queries(8):
        assert client_logged_in.get(PLAN_URL).status_code == 200


def test_plan_page_needs_a_log_in(client):
    assert client.get(PLAN_URL).status_code == 302


# Planned against done -----------------------------------------------------------------------


class Entry:
    def __init__(self, weekday, routine="Warm-up", time=datetime.time(7, 30)):
        self.weekday, self.routine, self.time = weekday, routine, time


def test_plan_week_marks_days_done_missed_and_to_do():
    wednesday = datetime.date(2026, 11, 25)
    monday = monday_of(wednesday)
    week = plan_week(
        [Entry(0), Entry(1), Entry(2), Entry(4)],
        {monday: 1, wednesday: 2, monday - datetime.timedelta(days=1): 5},
        wednesday,
        zone=datetime.UTC,
    )

    assert [day.date.weekday() for day in week.days] == list(range(7))
    assert [day.done for day in week.days] == [True, False, True, False, False, False, False]
    assert [day.missed for day in week.days] == [False, True, False, False, False, False, False]
    assert week.days[2].today
    assert (week.planned, week.planned_done, week.sessions) == (4, 2, 3)


def test_history_and_progress_show_planned_against_done(client_logged_in, user, warm_up):
    today = timezone.localdate()
    save_plan(client_logged_in, **{f"d{today.weekday()}": (warm_up, "07:30")})
    SessionFactory(user=user, routine=warm_up, local_date=today)

    for name in ("routines:history", "routines:progress"):
        response = client_logged_in.get(reverse(name))
        week = response.context["plan_week"]
        assert (week.planned, week.planned_done) == (1, 1)
        assert "1 of 1 planned day done" in response.content.decode()


def test_history_without_a_plan_shows_no_plan(client_logged_in):
    response = client_logged_in.get(reverse("routines:history"))

    assert response.context["plan_week"] is None
    assert "planned day" not in response.content.decode()


# The calendar feed ----------------------------------------------------------------------------


def make_feed(client):
    """The address, from the answer to "make my address": the only place it is shown."""
    return client.post(reverse("routines:plan_feed_new")).context["feed_url"]


def feed_path(url):
    return url.split("testserver", 1)[1]


@pytest.fixture
def planned(client_logged_in, user, warm_up, gentle_one):
    user.time_zone = "Europe/Berlin"
    user.save(update_fields=["time_zone"])
    save_plan(
        client_logged_in,
        d0=(warm_up, "07:30"),
        d2=(warm_up, "07:30"),
        d4=(warm_up, "07:30"),
        d5=(gentle_one, "10:00"),
    )
    return client_logged_in


def events_by_summary(body: bytes):
    calendar = Calendar.from_ical(body)
    return calendar, {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_feed_is_icalendar_with_weekly_recurrence_time_zone_and_alarm(
    planned, client, warm_up, gentle_one
):
    url = make_feed(planned)
    response = client.get(feed_path(url))  # a calendar app: no log-in

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = events_by_summary(response.content)
    assert set(events) == {"BackCare: Back warm-up", "BackCare: Gentle routine"}

    warm = events["BackCare: Back warm-up"]
    rule = warm["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    start = warm.decoded("DTSTART")
    assert start.tzinfo is not None and start.tzinfo.key == "Europe/Berlin"
    assert (start.hour, start.minute, start.weekday()) == (7, 30, 0)
    assert warm["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]

    alarms = warm.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0]["ACTION"] == "DISPLAY"
    assert alarms[0].decoded("TRIGGER") == -datetime.timedelta(minutes=15)
    assert str(warm["URL"]) == f"http://testserver{reverse('routines:play', args=[warm_up.pk])}"

    saturday = events["BackCare: Gentle routine"]
    assert saturday["RRULE"]["BYDAY"] == ["SA"]
    assert saturday.decoded("DTSTART").weekday() == 5


def test_feed_follows_the_plan_as_it_changes(planned, client, warm_up):
    url = make_feed(planned)
    save_plan(planned, d6=(warm_up, "20:15"))

    _calendar, events = events_by_summary(client.get(feed_path(url)).content)

    assert list(events) == ["BackCare: Back warm-up"]
    assert events["BackCare: Back warm-up"]["RRULE"]["BYDAY"] == ["SU"]
    start = events["BackCare: Back warm-up"].decoded("DTSTART")
    assert (start.hour, start.minute) == (20, 15)


def test_only_a_digest_of_the_token_is_stored(planned, user):
    url = make_feed(planned)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    stored = CalendarFeed.objects.get(user=user).token_digest
    assert stored == token_digest(token)
    assert token not in stored
    assert len(token) >= 40  # 256 random bits, URL-safe


def test_token_is_shown_once(planned):
    assert make_feed(planned)
    assert planned.get(PLAN_URL).context["feed_url"] is None


def test_regenerated_token_makes_the_old_url_answer_404(planned, client):
    old = make_feed(planned)
    new = make_feed(planned)

    assert old != new
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200


def test_switched_off_feed_answers_404(planned, client, user):
    url = make_feed(planned)

    planned.post(reverse("routines:plan_feed_revoke"))

    assert client.get(feed_path(url)).status_code == 404
    assert not CalendarFeed.objects.filter(user=user).exists()


@pytest.mark.parametrize("token", ["x", "a" * 43, "../../etc/passwd"])
def test_unknown_token_answers_404(client, planned, token):
    make_feed(planned)

    assert client.get(f"/routines/plan/feed/{token}.ics").status_code == 404


def test_a_strangers_feed_is_not_the_owners(planned, client, other_user):
    """Each token opens its own person's plan and nothing else."""
    owner_url = make_feed(planned)
    client.force_login(other_user, backend="accounts.backends.UserBackend")
    stranger_url = make_feed(client)

    _calendar, events = events_by_summary(client.get(feed_path(stranger_url)).content)

    assert events == {}
    assert owner_url != stranger_url


def test_feed_of_a_deactivated_account_answers_404(planned, client, user):
    url = make_feed(planned)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(feed_path(url)).status_code == 404


def test_one_off_download_is_an_ics_attachment(planned):
    response = planned.get(reverse("routines:plan_download"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="backcare-plan.ics"'
    _calendar, events = events_by_summary(response.content)
    assert len(events) == 2


def test_download_needs_a_log_in(client):
    assert client.get(reverse("routines:plan_download")).status_code == 302


def test_feed_events_start_in_the_users_zone_not_the_servers(planned, client, user):
    user.time_zone = "America/New_York"
    user.save(update_fields=["time_zone"])
    url = make_feed(planned)

    _calendar, events = events_by_summary(client.get(feed_path(url)).content)

    start = events["BackCare: Back warm-up"].decoded("DTSTART")
    assert start.tzinfo == zoneinfo.ZoneInfo("America/New_York")
    assert (start.hour, start.minute) == (7, 30)


def test_account_export_holds_the_weekly_plan(client_logged_in, warm_up):

    save_plan(client_logged_in, d2=(warm_up, "07:30"))

    data = json.loads(client_logged_in.get(reverse("routines:export_account")).content)

    assert data["weekly_plan"] == [
        {"weekday": "Wednesday", "time": "07:30", "routine": "Back warm-up"}
    ]


# The feed as a capability URL -----------------------------------------------------------------


def test_the_plain_token_is_not_kept_in_the_session(planned):
    url = make_feed(planned)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    session = planned.session
    assert token not in json.dumps(dict(session.items()))
    assert token not in str(session.model.objects.get(pk=session.session_key).session_data)
    assert (
        session.decode(session.model.objects.get().session_data).get("calendar_feed_token") is None
    )


def test_event_uids_name_no_account_or_routine(planned, client, user, warm_up, gentle_one):
    url = make_feed(planned)
    calendar = Calendar.from_ical(client.get(feed_path(url)).content)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]

    assert len(uids) == 2 and len(set(uids)) == 2
    for uid in uids:
        local = uid.split("@")[0]
        assert str(user.pk) not in local.split("-") and f"-{warm_up.pk}-" not in uid
        assert len(local) == 32
    # Stable from one fetch to the next: a calendar updates the event in place.
    again = Calendar.from_ical(client.get(feed_path(url)).content)
    assert [str(event["UID"]) for event in again.walk("VEVENT")] == uids


def test_the_feed_asks_not_to_be_indexed(planned, client):
    response = client.get(feed_path(make_feed(planned)))

    assert "noindex" in response["X-Robots-Tag"]


def test_unknown_tokens_are_rate_limited_and_logged_once(client, settings, caplog, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 12, 0, 5, tzinfo=datetime.UTC), tick=False)
    settings.BACKCARE_ANONYMOUS_LIMITS = {
        **settings.BACKCARE_ANONYMOUS_LIMITS,
        "unknown_feed": {"per_client": 3, "in_total": 100, "window": 60},
    }
    statuses = [client.get(f"/routines/plan/feed/guess{n}.ics").status_code for n in range(6)]

    assert statuses == [404, 404, 404, 429, 429, 429]
    quiet = QuietRefusals()
    shown = [r for r in caplog.records if r.levelname == "WARNING" and quiet.filter(r)]
    assert [r.getMessage() for r in shown] == [
        "Calendar feed: too many unknown addresses from one client or in all"
    ]


def test_a_password_change_offers_to_renew_the_calendar_address(planned, user, password):
    make_feed(planned)
    new_password = "another-long-pass-phrase-77"

    done = planned.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    html = done.content.decode()
    assert "Renew your calendar address too?" in html
    assert reverse("routines:plan_feed_new") in html


def test_a_password_change_without_a_calendar_address_offers_nothing(client_logged_in, password):
    new_password = "another-long-pass-phrase-77"
    done = client_logged_in.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    assert "Password changed" in done.content.decode()
    assert "Renew your calendar address" not in done.content.decode()


def test_events_last_as_long_as_the_routine(planned, client, warm_up):
    for exercise in Exercise.objects.order_by("slug")[:8]:
        RoutineItemFactory(routine=warm_up, exercise=exercise)
    url = make_feed(planned)
    _calendar, events = events_by_summary(client.get(feed_path(url)).content)

    minutes = -(-warm_up.total_seconds_for(warm_up.owner) // 60)
    assert minutes != 15
    assert events["BackCare: Back warm-up"].decoded("DURATION") == datetime.timedelta(
        minutes=minutes
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Santiago"]
)
def test_summer_time_is_read_right_by_vobject_and_icalendar(planned, client, user, zone):
    """Every weekly occurrence for a year has the zone's real offset, read back through
    the VTIMEZONE by both libraries (vobject read the rules icalendar writes by default an
    hour off all summer)."""
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    body = client.get(feed_path(make_feed(planned))).content.decode()
    real = zoneinfo.ZoneInfo(zone)

    parsed = vobject.readOne(body)
    event = next(e for e in parsed.vevent_list if "warm-up" in e.summary.value)
    occurrences = list(event.getrruleset())[:104]
    assert len(occurrences) == 104
    wrong = [d for d in occurrences if d.utcoffset() != d.replace(tzinfo=real).utcoffset()]
    assert wrong == []

    rules = Calendar.from_ical(body).walk("VTIMEZONE")[0].to_tz()  # the rules as written
    wrong = [
        d
        for d in occurrences
        if d.replace(tzinfo=None).replace(tzinfo=rules).utcoffset()
        != d.replace(tzinfo=real).utcoffset()
    ]
    assert wrong == []
