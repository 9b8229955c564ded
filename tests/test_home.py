"""The home page: the introduction for visitors, today for a signed-in person."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backcare.caching.models import Version
from exercises.models import Condition
from exercises.safety.models import Screening
from routines.models import PlannedSession, Routine, Session
from tests.factories import (
    RoutineFactory,
    SessionFactory,
    bulk_sessions,
    csrf_token_of,
    person_version,
    play_and_save,
    sign_up,
    signed_in_browser,
    take_check,
)

pytestmark = [pytest.mark.django_db, pytest.mark.routine(name="Back warm-up")]

HOME = reverse("home")


def plan_today(user, routine, time=datetime.time(7, 30)):
    return PlannedSession.objects.create(
        user=user, routine=routine, weekday=timezone.localdate().weekday(), time=time
    )


def screening(user, outcome="clear", answers=None, **fields):
    return Screening.objects.create(
        user=user, version=1, answers=answers or {}, age=40, outcome=outcome, **fields
    )


def test_visitors_keep_the_introduction(client):
    html = client.get(HOME).content.decode()

    assert "Look after your back at home" in html
    assert "Today's session" not in html


def test_visitors_can_try_a_programme_from_the_home_page(client):
    html = client.get(HOME).content.decode()

    url = re.search(r'id="try-now" href="([^"]+)"', html).group(1)
    assert "Try it now" in html
    assert url == reverse("routines:try", args=["back-warm-up"])
    assert client.get(url).status_code == 200  # the programme's check-in, no account needed


def test_new_user_is_shown_where_to_start(client_logged_in):
    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["today_routine"] is None
    assert "Nothing planned yet" in html
    assert "0 of 3 sessions" in html
    assert "No sessions yet" in html
    assert 'data-state="none"' in html


def test_todays_planned_routine_is_one_tap_from_the_player(client_logged_in, user, routine):
    other = RoutineFactory(owner=user, name="Played last")
    SessionFactory(user=user, routine=other, routine_name=other.name)
    plan_today(user, routine)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["today_routine"] == routine
    assert "Planned for today at 07:30" in html
    assert f'id="play-today" href="{reverse("routines:play", args=[routine.pk])}"' in html


def test_without_a_plan_today_the_routine_played_last_is_offered(client_logged_in, user, routine):
    older = RoutineFactory(owner=user, name="Older")
    SessionFactory(user=user, routine=older, started_at=timezone.now() - datetime.timedelta(days=3))
    SessionFactory(user=user, routine=routine)
    tomorrow = (timezone.localdate().weekday() + 1) % 7
    PlannedSession.objects.create(
        user=user, routine=older, weekday=tomorrow, time=datetime.time(8, 0)
    )

    response = client_logged_in.get(HOME)

    assert response.context["today_routine"] == routine
    assert "The routine you played most recently" in response.content.decode()


def test_a_gentle_session_does_not_become_todays_routine(client_logged_in, user, routine):
    gentle = RoutineFactory(owner=user, name="Gentle day", gentle=True)
    SessionFactory(
        user=user, routine=routine, started_at=timezone.now() - datetime.timedelta(days=1)
    )
    SessionFactory(user=user, routine=gentle, gentle=True)

    response = client_logged_in.get(HOME)

    assert response.context["today_routine"] == routine
    assert response.context["last_session"].gentle


def play_target(html) -> tuple[str, str]:
    """Where the home's Play goes: ("get", url) for a link, ("post", action) for a form."""
    at = html.index('id="play-today"')
    start = html.rindex("<", 0, at)
    tag = html[start : html.index(">", at)]
    if tag.startswith("<a "):
        return "get", re.search(r'href="([^"]+)"', tag).group(1)
    # A button posting the page's form to its own formaction.
    assert 'form="home-post"' in tag
    return "post", re.search(r'formaction="([^"]+)"', tag).group(1)


def test_play_after_a_trial_claimed_at_sign_up_opens_a_player(client):
    """The first signed-in home after playing a programme without an account: Play opens the
    person's copy of it (the programme itself has no player of theirs: 404)."""
    programme = Routine.objects.programmes().order_by("slug").first()
    play_and_save(client, programme)
    sign_up(client)
    user = Session.objects.get().user

    method, url = play_target(home_html(client))
    assert url != reverse("routines:play", args=[programme.pk])
    response = client.post(url, {"then": "play"}) if method == "post" else client.get(url)
    if response.status_code == 302:
        response = client.get(response["Location"])

    assert response.status_code == 200
    assert "Before you start" in response.content.decode()
    (copy,) = Routine.objects.for_user(user)
    assert copy.copied_from == programme
    assert response.wsgi_request.path == reverse("routines:play", args=[copy.pk])
    # Played once more, Play now goes straight to that copy, without another copy.
    assert play_target(home_html(client)) == ("get", reverse("routines:play", args=[copy.pk]))


def test_play_after_a_trial_goes_to_the_copy_the_person_already_has(client_logged_in, user):
    programme = Routine.objects.programmes().order_by("slug").first()
    SessionFactory(user=user, routine=programme, routine_name=programme.name)
    client_logged_in.post(reverse("routines:programme_copy", args=[programme.slug]))
    (copy,) = Routine.objects.for_user(user)

    html = home_html(client_logged_in)

    assert play_target(html) == ("get", reverse("routines:play", args=[copy.pk]))
    assert client_logged_in.get(reverse("routines:play", args=[copy.pk])).status_code == 200


def test_week_against_the_goal_and_the_streak(client_logged_in, user):
    user.weekly_goal = 2
    user.save(update_fields=["weekly_goal"])
    today = timezone.localdate()
    for weeks_ago in (1, 2):
        day = today - datetime.timedelta(weeks=weeks_ago)
        for _ in range(2):
            SessionFactory(user=user, local_date=day, started_at=timezone.now())
    SessionFactory(user=user, local_date=today)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["this_week"].sessions == 1
    assert response.context["current_streak"] == 2
    assert "1 of 2 sessions" in html
    assert "Streak: 2 weeks in a row" in html


def test_last_session_shows_its_pain_change(client_logged_in, user):
    SessionFactory(
        user=user,
        routine_name="Older",
        pain_before=2,
        pain_after=2,
        started_at=timezone.now() - datetime.timedelta(days=2),
    )
    SessionFactory(user=user, routine_name="Morning stretch", pain_before=6, pain_after=3)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["last_pain_change"] == -3
    assert "Morning stretch" in html
    assert "Pain 6 → 3" in html
    assert "-3, better" in html


def test_a_worse_last_session_suggests_seeing_a_doctor(client_logged_in, user):
    SessionFactory(user=user, pain_before=2, pain_after=5)

    html = client_logged_in.get(HOME).content.decode()

    assert "+3, worse" in html
    assert "see a doctor" in html


def test_safety_check_valid_until(client_logged_in, user):
    taken = screening(user)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["safety"].state == "valid"
    assert f"Valid until {taken.valid_until:%-d %B %Y}" in html


def test_safety_check_expired_after_12_months_or_a_change_in_health(client_logged_in, user):
    screening(user, created_at=timezone.now() - datetime.timedelta(days=400))
    assert client_logged_in.get(HOME).context["safety"].state == "expired"

    Screening.objects.all().delete()
    screening(user, ended_at=timezone.now())
    response = client_logged_in.get(HOME)
    assert response.context["safety"].state == "expired"
    assert "Take it again" in response.content.decode()


def test_blocked_safety_check_says_what_to_do_and_hides_play(client_logged_in, user, routine):
    plan_today(user, routine)
    take_check(client_logged_in, "spinal-surgery-recent")

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["safety"].state == "blocked"
    assert "see a doctor before you exercise" in html
    assert 'id="play-today"' not in html
    assert reverse("routines:gentle") not in html


def test_gentle_option_is_offered_at_any_time(client_logged_in):
    html = client_logged_in.get(HOME).content.decode()

    assert f'action="{reverse("routines:gentle")}"' in html


def test_home_shows_the_week_planned_against_done(client_logged_in, user, routine):
    plan_today(user, routine)
    SessionFactory(user=user, routine=routine, local_date=timezone.localdate())

    response = client_logged_in.get(HOME)

    assert response.context["plan_week"].planned_done == 1
    assert "1 of 1 planned day done" in response.content.decode()


def test_the_resume_offer_is_hidden_until_the_script_finds_a_state(client_logged_in):
    html = client_logged_in.get(HOME).content.decode()

    assert '<div id="resume-offer" hidden>' in html
    assert "js/home-resume.js" in html


def home_queries(client, user) -> int:
    if client.session.get("_auth_user_id") != str(user.pk):
        # A log-in writes the user's row (last_login), which moves their cache version.
        client.force_login(user, backend="accounts.backends.UserBackend")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_home_runs_the_same_queries_for_0_10_and_10000_sessions(
    client, django_user_model, django_assert_max_num_queries
):
    counts = {}
    for sessions in (0, 10, 10_000):
        person = django_user_model.objects.create_user(f"s{sessions}@example.com", "pw-12345678")
        routine = RoutineFactory(owner=person, name="Warm-up")
        plan_today(person, routine)
        screening(person)
        bulk_sessions(person, sessions)
        Session.objects.filter(user=person).update(routine=routine)
        cache.clear()  # a cold cache each time: the rules and the statistics are read
        counts[sessions] = home_queries(client, person)
        # A second visit serves the cached content: Django's session and user, then the
        # catalogue's and the person's cache versions in one query.
        counts[f"{sessions} again"] = home_queries(client, person)

    assert counts[0] == counts[10] == counts[10_000], counts
    assert counts["0 again"] == counts["10 again"] == counts["10000 again"], counts
    assert counts[0] <= 12 and counts["0 again"] <= 3, counts


def test_a_person_with_no_check_in_force_costs_no_more(client, user):
    home_queries(client, user)
    # Their ended checks are looked for (expired, or never taken), beside the session, the
    # user and the versions.
    assert home_queries(client, user) <= 4


# The cached content (backcare.home.home_content): each thing it shows comes from its key,
# so an edit shows on the very next request.


def home_html(client) -> str:
    return client.get(HOME).content.decode()


def rendered_afresh(client) -> bool:
    response = client.get(HOME)
    return "includes/home_today.html" in [t.name for t in response.templates]


def test_the_content_is_served_from_the_cache_until_something_changes(client_logged_in, user):
    assert rendered_afresh(client_logged_in)
    assert not rendered_afresh(client_logged_in)

    SessionFactory(user=user)

    assert rendered_afresh(client_logged_in)


def test_a_new_session_shows_at_once(client_logged_in, user):
    SessionFactory(user=user, routine_name="Yesterday's", pain_before=4, pain_after=4)
    assert "Yesterday&#x27;s" in home_html(client_logged_in)

    SessionFactory(user=user, routine_name="Just now", pain_before=5, pain_after=2)
    html = home_html(client_logged_in)

    assert "Just now" in html and "Pain 5 → 2" in html
    assert "2 of 3 sessions" in html


def test_a_plan_change_shows_at_once(client_logged_in, user, routine):
    assert "Nothing planned yet" in home_html(client_logged_in)

    entry = plan_today(user, routine)
    assert "Planned for today at 07:30" in home_html(client_logged_in)

    entry.time = datetime.time(18, 15)
    entry.save(update_fields=["time"])
    assert "Planned for today at 18:15" in home_html(client_logged_in)

    entry.delete()
    assert "Nothing planned yet" in home_html(client_logged_in)


def test_saving_the_plan_page_shows_at_once(client_logged_in, user, routine):
    home_html(client_logged_in)
    day = timezone.localdate().weekday()
    form = {f"routine_{d}": "" for d in range(7)} | {f"time_{d}": "" for d in range(7)}
    form |= {f"routine_{day}": routine.pk, f"time_{day}": "06:45"}

    client_logged_in.post(reverse("routines:plan"), form)

    assert "Planned for today at 06:45" in home_html(client_logged_in)


def test_a_renamed_or_deleted_routine_shows_at_once(client_logged_in, user, routine):
    SessionFactory(user=user, routine=routine, routine_name=routine.name)
    assert "Back warm-up" in home_html(client_logged_in)

    routine.name = "Evening unwind"
    routine.save()
    html = home_html(client_logged_in)
    assert 'id="today-routine">Evening unwind<' in html

    routine.delete()
    assert "Nothing planned yet" in home_html(client_logged_in)


def test_a_renamed_programme_played_last_shows_at_once(client_logged_in, user):
    programme = RoutineFactory(owner=None, slug="test-programme", name="Ready programme")
    SessionFactory(user=user, routine=programme, routine_name=programme.name)
    assert 'id="today-routine">Ready programme<' in home_html(client_logged_in)

    programme.name = "Renamed programme"
    programme.save()

    assert 'id="today-routine">Renamed programme<' in home_html(client_logged_in)


def test_a_new_ended_or_cleared_safety_check_shows_at_once(client_logged_in, user, routine):
    plan_today(user, routine)
    assert 'data-state="none"' in home_html(client_logged_in)

    take_check(client_logged_in, "spinal-surgery-recent")
    html = home_html(client_logged_in)
    assert 'data-state="blocked"' in html and 'id="play-today"' not in html

    taken = Screening.objects.get(user=user)
    taken.record_clearance(Condition.objects.rules(), note="Seen by my GP")
    html = home_html(client_logged_in)
    assert 'data-state="valid"' in html and 'id="play-today"' in html
    assert "A doctor has cleared you" in html

    Screening.objects.filter(pk=taken.pk).update(ended_at=timezone.now())
    assert 'data-state="expired"' in home_html(client_logged_in)

    take_check(client_logged_in)
    html = home_html(client_logged_in)
    assert 'data-state="valid"' in html and "No restrictions." in html


def test_a_goal_change_shows_at_once(client_logged_in, user):
    SessionFactory(user=user)
    assert "1 of 3 sessions" in home_html(client_logged_in)

    user.weekly_goal = 5
    user.save(update_fields=["weekly_goal"])

    assert "1 of 5 sessions" in home_html(client_logged_in)


def test_a_time_zone_change_shows_at_once(client_logged_in, user):
    started = timezone.now().replace(hour=12, minute=5) - datetime.timedelta(days=1)
    SessionFactory(user=user, started_at=started)
    user.time_zone = "UTC"
    user.save(update_fields=["time_zone"])
    assert ", 12:05 ·" in home_html(client_logged_in)

    user.time_zone = "Asia/Kolkata"  # UTC+5:30, no summer time
    user.save(update_fields=["time_zone"])

    assert ", 17:35 ·" in home_html(client_logged_in)


def test_the_next_day_shows_at_midnight(client_logged_in, user, routine, monkeypatch):
    plan_today(user, routine)
    today = timezone.localdate()
    html = home_html(client_logged_in)
    assert "Planned for today at 07:30" in html
    assert f"{today:%A} {today.day} {today:%B}" in html

    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=1))
    tomorrow = today + datetime.timedelta(days=1)
    html = home_html(client_logged_in)

    assert f"{tomorrow:%A} {tomorrow.day} {tomorrow:%B}" in html
    assert "Planned for today" not in html


@pytest.mark.parametrize(
    ("zone", "their_day"),
    [
        ("Asia/Kolkata", datetime.date(2026, 3, 11)),  # UTC+5:30: already 05:00 tomorrow
        ("Pacific/Honolulu", datetime.date(2026, 3, 10)),  # UTC-10: still 13:30 today
    ],
)
def test_today_is_the_persons_own_day_at_2330_utc(client_logged_in, user, routine, zone, their_day):
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    PlannedSession.objects.create(
        user=user, routine=routine, weekday=their_day.weekday(), time=datetime.time(7, 30)
    )

    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.timezone.utc)):
        html = home_html(client_logged_in)

    assert f"{their_day:%A} {their_day.day} {their_day:%B}" in html
    assert "Planned for today at 07:30" in html
    # The request's zone ended with the request: the test's own "today" is UTC's.
    assert timezone.get_current_timezone_name() == "UTC"


def test_nobody_sees_another_persons_home(client, user, other_user, routine):
    plan_today(user, routine)
    # The stranger's versions equal the owner's: only the person in the key tells them apart.
    RoutineFactory(owner=other_user, name="Stranger's routine")
    Version.objects.filter(name__in=[f"person:{user.pk}", f"person:{other_user.pk}"]).update(
        number=42
    )
    assert person_version(other_user) == person_version(user)
    client.force_login(user, backend="accounts.backends.UserBackend")
    assert "Back warm-up" in home_html(client)

    client.force_login(other_user, backend="accounts.backends.UserBackend")

    assert "Back warm-up" not in home_html(client)


def test_each_browser_gets_its_own_csrf_token_in_the_cached_form(user):
    """The cached content's buttons post #home-post, rendered for each request."""
    tokens = []
    for _browser in range(2):
        browser = signed_in_browser(user)
        html = home_html(browser)
        gentle = html[html.index('id="gentle-start"') - 200 : html.index('id="gentle-start"')]
        assert 'form="home-post"' in gentle
        token = csrf_token_of(html[html.index('<form id="home-post"') :])
        # The gentle routine's button posts with the token this browser was given.
        response = browser.post(reverse("routines:gentle"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        tokens.append(token)

    assert tokens[0] != tokens[1]


def test_a_person_with_routines_and_a_plan_can_be_deleted(user, routine):
    plan_today(user, routine)
    SessionFactory(user=user, routine=routine)

    user.delete()

    connection.check_constraints()
    assert not PlannedSession.objects.filter(user_id=user.pk).exists()
