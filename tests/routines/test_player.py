"""The player page: blocked by a stop outcome, the check-in, and the plan it embeds."""

import datetime
import json
import re
import zoneinfo
from html import escape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exercises.models import Condition, Exercise
from exercises.safety import evaluate, verdict
from exercises.safety.models import Screening
from exercises.templatetags.backcare_format import duration
from routines.models import Routine, RoutineItem
from routines.timeline import total_seconds
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    check_in,
    csrf_token_of,
    embedded_plan,
    play_url,
    signed_in_browser,
    take_check,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.routine(exercises={"mode": "hold", "per_side": True}),
]


def screen(client, *conditions):
    take_check(client, *conditions)


def test_check_in_comes_first(client_logged_in, routine):
    response = client_logged_in.get(play_url(routine))

    assert "Before you start" in response.content.decode()
    assert "player-plan" not in response.content.decode()


@pytest.mark.parametrize("answer", ["unwell", "new_pain", "weak"])
def test_any_yes_stops_todays_session_with_advice(client_logged_in, routine, answer):
    response = check_in(client_logged_in, routine, **{answer: "yes"})

    assert "Better to rest today" in response.content.decode()
    assert "player-plan" not in client_logged_in.get(play_url(routine)).content.decode()


def test_check_in_without_answers_shows_errors(client_logged_in, routine):
    response = client_logged_in.post(play_url(routine), {})

    assert "invalid-feedback" in response.content.decode()


def test_player_embeds_the_timed_plan_with_the_users_preferences(client_logged_in, routine, user):
    user.get_ready_seconds, user.default_rest_seconds = 8, 20
    user.save()
    check_in(client_logged_in, routine)

    plan = embedded_plan(client_logged_in.get(play_url(routine)))

    assert plan["plannedSeconds"] == total_seconds(
        routine.plan_items(), get_ready_seconds=8, rest_between_seconds=20
    )
    assert plan["painBefore"] == 4
    assert plan["checkIn"] == {"unwell": False, "new_pain": False, "weak": False, "nerves": False}
    assert [s["kind"] for s in plan["steps"]][:4] == ["get-ready", "work", "switch", "work"]
    assert plan["saveUrl"] == reverse("routines:save_session", args=[routine.pk])
    assert [i["slug"] for i in plan["items"]] == [i.exercise.slug for i in routine.items.all()]


def element(html, tag, element_id):
    """The opening tag and content of the page's element with this id."""
    found = re.search(rf'(<{tag} id="{element_id}"[^>]*>)(.*?)</{tag}>', html, re.S)
    assert found, f"no <{tag} id={element_id}>"
    return found.group(1), found.group(2)


def test_the_first_step_is_drawn_before_the_script_runs(client_logged_in, routine, user):
    """The player is on the screen from the first paint (its countdown is the page's largest
    text), showing the first step as static/js/player-view.js draws it; Start waits for it."""
    user.get_ready_seconds = 8
    user.save()
    check_in(client_logged_in, routine)

    response = client_logged_in.get(play_url(routine))
    html = response.content.decode()

    plan = embedded_plan(response)
    first = plan["items"][plan["steps"][0]["item"]]
    section, _ = element(html, "section", "player")
    assert " hidden" not in section
    assert element(html, "h2", "player-name")[1] == first["name"]
    assert element(html, "p", "player-countdown")[1] == "00:08"
    figure_tag, figure = element(html, "div", "player-figure")
    assert "player-figure-waiting" in figure_tag and " hidden" not in figure_tag
    assert figure.startswith("<svg") and escape(first["name"]) in figure
    instructions = element(html, "ol", "player-instructions")[1]
    assert [escape(text) for text in first["instructions"]] == re.findall(
        r"<li>(.*?)</li>", instructions
    )
    assert " disabled" in element(html, "button", "player-toggle")[0]
    assert " hidden" in element(html, "div", "player-warning")[0]


def test_an_included_exercise_not_for_you_is_listed_by_the_page(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    item = RoutineItemFactory(routine=routine, exercise=twist)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine, include=[item.pk])

    html = client_logged_in.get(play_url(routine)).content.decode()

    tag, warning = element(html, "div", "player-warning")
    assert " hidden" not in tag
    listed = re.findall(r"<li>(.*?)</li>", warning, re.S)
    assert len(listed) == 1
    assert escape(twist.name) in listed[0] and "Because of: Herniated disc" in listed[0]


def test_not_for_you_is_left_out_and_named_before_the_start(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    RoutineItemFactory(routine=routine, exercise=twist)
    screen(client_logged_in, "herniated-disc")

    prestart = client_logged_in.get(play_url(routine)).content.decode()
    assert "left out for you" in prestart
    assert f"Include “{twist.name}” this time" in prestart
    assert "Herniated disc" in prestart
    check_in(client_logged_in, routine)

    page = client_logged_in.get(play_url(routine))
    plan = embedded_plan(page)
    assert twist.slug not in [i["slug"] for i in plan["items"]]
    assert not [i for i in plan["items"] if i["notForYou"]]
    assert twist.slug not in json.dumps(plan["steps"])
    assert "Left out for you this session" in page.content.decode()


def test_including_one_needs_an_explicit_choice_for_this_session(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    item = RoutineItemFactory(routine=routine, exercise=twist)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine, include=[item.pk])

    plan = embedded_plan(client_logged_in.get(play_url(routine)))

    flagged = [i for i in plan["items"] if i["notForYou"]]
    assert [i["slug"] for i in flagged] == [twist.slug]
    assert "Herniated disc" in flagged[0]["reason"]
    # The choice ends with the session: a new check-in starts from "left out" again.
    session = client_logged_in.session
    del session["check_in"]
    session.save()
    assert "left out for you" in client_logged_in.get(play_url(routine)).content.decode()


def test_the_choice_can_be_changed_after_the_check_in(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    item = RoutineItemFactory(routine=routine, exercise=twist)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine)

    choose = client_logged_in.get(play_url(routine) + "?choose=1").content.decode()
    assert "unwell" not in choose  # today's questions are not asked twice
    client_logged_in.post(play_url(routine) + "?choose=1", {"include": [item.pk]})

    plan = embedded_plan(client_logged_in.get(play_url(routine)))
    assert twist.slug in [i["slug"] for i in plan["items"]]


def test_a_routine_of_only_unsuitable_exercises_asks_to_include_one(client_logged_in, user):
    routine = RoutineFactory(owner=user)
    RoutineItemFactory(routine=routine, exercise=Exercise.objects.filter(tags__has="twist")[0])
    screen(client_logged_in, "herniated-disc")

    response = check_in(client_logged_in, routine)

    assert "Every exercise in this routine is not for you" in response.content.decode()
    assert "player-plan" not in client_logged_in.get(play_url(routine)).content.decode()


def test_an_item_of_another_routine_cannot_be_included(client_logged_in, routine, user):
    twist = Exercise.objects.filter(tags__has="twist").first()
    RoutineItemFactory(routine=routine, exercise=twist)
    other = RoutineItemFactory(routine=RoutineFactory(owner=user), exercise=twist)
    screen(client_logged_in, "herniated-disc")

    response = check_in(client_logged_in, routine, include=[other.pk])

    assert response.status_code == 200
    assert "player-plan" not in client_logged_in.get(play_url(routine)).content.decode()


def test_no_copied_programme_played_by_default_holds_an_exercise_the_rules_avoid(
    client_logged_in, user
):
    """For every condition that restricts, alone: each copied programme's player plan."""
    for programme in Routine.objects.programmes():
        client_logged_in.post(reverse("routines:programme_copy", args=[programme.slug]))
    routines = list(Routine.objects.filter(owner=user))
    rules = Condition.objects.rules()
    screening = Screening.objects.create(
        user=user, version=2, answers={}, age=40, outcome="clear", conditions=[]
    )
    for routine in routines:  # today's check-in once; the plan is read again per condition
        check_in(client_logged_in, routine)
    restricting = Condition.objects.filter(outcome="restrict").exclude(question="")
    assert restricting.count() >= 10
    for condition in restricting:
        answers = {condition.slug: True}
        outcome = evaluate(answers, 40, rules)
        Screening.objects.filter(pk=screening.pk).update(answers=answers, outcome=outcome.level)
        for routine in routines:
            page = client_logged_in.get(play_url(routine))
            if "player-plan" not in page.content.decode():
                # Not decided yet for this routine (nothing was left out before): decide now.
                page = client_logged_in.post(play_url(routine), {})
                if page.status_code == 302:
                    page = client_logged_in.get(play_url(routine))
            if "player-plan" not in page.content.decode():
                assert "Every exercise in this routine is not for you" in page.content.decode()
                continue
            for entry in embedded_plan(page)["items"]:
                exercise = Exercise.objects.get(slug=entry["slug"])
                found = verdict(exercise.category, exercise.tags, outcome)
                assert not found.not_for_you, (condition.slug, routine.name, exercise.slug)


def test_stop_outcome_blocks_playing_until_a_new_screening(client_logged_in, routine):
    screen(client_logged_in, "spinal-surgery-recent")

    blocked = client_logged_in.get(play_url(routine))
    assert blocked.status_code == 403
    assert "Playing routines is paused" in blocked.content.decode()
    assert check_in(client_logged_in, routine).status_code == 403

    screen(client_logged_in)  # a new screening without the stop condition

    assert client_logged_in.get(play_url(routine)).status_code == 200


def test_stop_outcome_blocks_playing_until_a_doctors_clearance(client_logged_in, routine):
    screen(client_logged_in, "thrombosis")
    assert client_logged_in.get(play_url(routine)).status_code == 403

    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"})

    assert client_logged_in.get(play_url(routine)).status_code == 200


def test_an_urgent_outcome_is_not_lifted_by_a_clearance(client_logged_in, routine):
    screen(client_logged_in, "bladder-bowel-control")

    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"})

    assert client_logged_in.get(play_url(routine)).status_code == 403


def test_empty_routine_goes_back_to_the_builder(client_logged_in, user):
    empty = RoutineFactory(owner=user)

    assert client_logged_in.get(play_url(empty))["Location"] == empty.get_absolute_url()


def test_stranger_gets_404_for_player(client, other_user, routine):
    client.force_login(other_user, backend="accounts.backends.UserBackend")

    assert client.get(play_url(routine)).status_code == 404
    assert check_in(client, routine).status_code == 404


def test_player_page_runs_few_queries(client_logged_in, routine, django_assert_max_num_queries):
    check_in(client_logged_in, routine)

    with django_assert_max_num_queries(8):
        client_logged_in.get(play_url(routine))


# The plan, the list and the log form are cached by the data they show: every edit shows at
# once.


def test_edits_to_the_routine_and_preferences_show_in_the_cached_player_at_once(
    client_logged_in, user, routine
):
    check_in(client_logged_in, routine)
    first = embedded_plan(client_logged_in.get(play_url(routine)))

    item = routine.items.first()
    item.sets = 3
    item.save()
    user.default_rest_seconds = 42
    user.save()
    exercise = item.exercise
    exercise.name = "Renamed for the player cache test"
    exercise.save()

    response = client_logged_in.get(play_url(routine))
    plan = embedded_plan(response)
    html = response.content.decode()
    assert plan != first
    assert 42 in {step["seconds"] for step in plan["steps"] if step["kind"] == "rest"}
    assert max(step["set_number"] for step in plan["steps"]) == 3
    # The list without the timer and the log form follow too.
    assert "<strong>Renamed for the player cache test</strong>" in html

    routine.name = "Renamed routine"
    routine.save()

    response = client_logged_in.get(play_url(routine))
    assert embedded_plan(response)["routine"]["name"] == "Renamed routine"
    assert ">Renamed routine</option>" in response.content.decode()


def test_a_new_routine_appears_in_the_cached_log_form_at_once(client_logged_in, user, routine):
    check_in(client_logged_in, routine)
    client_logged_in.get(play_url(routine))

    RoutineFactory(owner=user, name="Another routine for the log form")

    assert (
        "Another routine for the log form"
        in client_logged_in.get(play_url(routine)).content.decode()
    )


def test_a_renamed_exercise_shows_in_the_cached_player_at_once(client_logged_in, routine):
    check_in(client_logged_in, routine)
    client_logged_in.get(play_url(routine))
    exercise = routine.items.first().exercise
    exercise.name = "Only the name changed"
    exercise.save()

    response = client_logged_in.get(play_url(routine))

    assert "Only the name changed" in {item["name"] for item in embedded_plan(response)["items"]}
    assert "<strong>Only the name changed</strong>" in response.content.decode()


def test_the_cached_player_follows_the_sessions_include_choice(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    item = RoutineItemFactory(routine=routine, exercise=twist)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine)
    left_out = client_logged_in.get(play_url(routine))  # cached with the twist left out
    assert twist.slug not in [i["slug"] for i in embedded_plan(left_out)["items"]]

    client_logged_in.post(play_url(routine) + "?choose=1", {"include": [item.pk]})
    included = client_logged_in.get(play_url(routine))

    assert twist.slug in [i["slug"] for i in embedded_plan(included)["items"]]
    html = included.content.decode()
    assert f"<strong>{twist.name}</strong>" in html  # the list without the timer follows
    notice = html.split('left-out">')[1].split("</p>")[0] if 'left-out">' in html else ""
    assert f"{twist.name} (" not in notice  # no longer named as left out


def test_two_people_playing_the_same_exercises_each_get_their_own_plan(
    client, user, other_user, routine
):
    backend = "accounts.backends.UserBackend"
    copy = RoutineFactory(owner=other_user, name=routine.name)
    for item in routine.items.all():
        RoutineItemFactory(routine=copy, exercise=item.exercise)
    other_user.default_rest_seconds = 37
    other_user.save()
    client.force_login(user, backend=backend)
    check_in(client, routine)
    client.get(play_url(routine))
    client.logout()

    client.force_login(other_user, backend=backend)
    check_in(client, copy, pain_before=2)
    plan = embedded_plan(client.get(play_url(copy)))

    assert plan["routine"]["id"] == copy.pk
    assert plan["painBefore"] == 2
    assert 37 in {step["seconds"] for step in plan["steps"] if step["kind"] == "rest"}


def test_player_embeds_each_figure_once_and_the_mirrored_one_for_a_left_side(
    client_logged_in, user
):
    per_side = Exercise.objects.filter(mode="hold", per_side=True).order_by("slug").first()
    both_ways = Exercise.objects.filter(per_side=False).exclude(figure={}).order_by("slug").first()
    routine = RoutineFactory(owner=user)
    for position, exercise in enumerate([per_side, both_ways, per_side]):
        RoutineItemFactory(routine=routine, exercise=exercise, position=position)
    check_in(client_logged_in, routine)

    html = client_logged_in.get(play_url(routine)).content.decode()

    assert html.count('<template class="player-figure-source"') == 3
    assert html.count(f'data-slug="{per_side.slug}" data-side=""') == 1
    assert html.count(f'data-slug="{per_side.slug}" data-side="left"') == 1
    assert html.count(f'data-slug="{both_ways.slug}" data-side="left"') == 0
    templates = re.findall(r'<template class="player-figure-source".*?</template>', html, re.S)
    assert "".join(templates).count("matrix(-1 0 0 1") == 1  # only the left side's is mirrored
    assert "js/player-figure" in html


# The pre-start page and the player come from the cache (routines.views.player), keyed by
# all they show: each edit below shows on the very next request, with nothing invalidated.


def with_twist(routine):
    twist = Exercise.objects.filter(tags__has="twist").order_by("slug").first()
    return RoutineItemFactory(routine=routine, exercise=twist, position=9)


def test_the_cached_pre_start_page_shows_a_renamed_routine_and_exercise_at_once(
    client_logged_in, routine
):
    item = with_twist(routine)
    screen(client_logged_in, "herniated-disc")
    assert "Evening back" in client_logged_in.get(play_url(routine)).content.decode()

    Routine.objects.filter(pk=routine.pk).update(name="Morning back")  # no signal, no save()
    html = client_logged_in.get(play_url(routine)).content.decode()
    assert "Morning back" in html
    assert "Evening back" not in html

    exercise = Exercise.objects.get(pk=item.exercise_id)
    exercise.name = "Renamed twist"
    exercise.save()
    assert (
        "Include “Renamed twist” this time"
        in client_logged_in.get(play_url(routine)).content.decode()
    )


def test_the_cached_pre_start_page_follows_a_new_screening_and_the_items_at_once(
    client_logged_in, routine
):
    item = with_twist(routine)
    assert "left out for you" not in client_logged_in.get(play_url(routine)).content.decode()

    screen(client_logged_in, "herniated-disc")  # a new screening: the twist is left out
    html = client_logged_in.get(play_url(routine)).content.decode()
    assert f"Include “{item.exercise.name}” this time" in html
    assert "Herniated disc" in html
    left_out = html.count('name="include"')
    assert left_out >= 1

    # One more exercise that is not for them, added without touching the routine's row.
    other = (
        Exercise.objects.filter(tags__has="twist")
        .exclude(pk=item.exercise_id)
        .order_by("slug")
        .first()
    )
    RoutineItemFactory(routine=routine, exercise=other, position=10)
    html = client_logged_in.get(play_url(routine)).content.decode()
    assert html.count('name="include"') == left_out + 1
    assert f"{left_out + 1} exercises are left out for you" in html

    item.delete()  # the builder's delete does not save the routine either
    html = client_logged_in.get(play_url(routine)).content.decode()
    assert html.count('name="include"') == left_out
    assert f"Include “{item.exercise.name}” this time" not in html


def test_the_cached_pre_start_page_keeps_the_include_choice_of_this_session(
    client_logged_in, routine
):
    item = with_twist(routine)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine)
    unticked = client_logged_in.get(play_url(routine) + "?choose=1").content.decode()
    assert f'value="{item.pk}" class="form-check-input"' in unticked
    assert "checked" not in unticked

    client_logged_in.post(play_url(routine) + "?choose=1", {"include": [item.pk]})

    ticked = client_logged_in.get(play_url(routine) + "?choose=1").content.decode()
    assert re.search(f'value="{item.pk}"[^>]* checked>', ticked)


def test_the_cached_pages_forms_carry_each_browsers_own_csrf_token(user, routine):
    """One person on a phone and a laptop: the pages come from one cache entry, and each
    browser's forms post with its own token."""
    phone, laptop = signed_in_browser(user), signed_in_browser(user)
    phone.get(play_url(routine))  # fills the cache

    tokens = {}
    for browser in (laptop, phone):
        html = browser.get(play_url(routine)).content.decode()
        assert "csrf-token-of-the-request" not in html
        tokens[browser] = csrf_token_of(html, 1)  # the first is base.html's log-out form
    data = {"unwell": "no", "new_pain": "no", "weak": "no", "nerves": "no", "pain_before": 4}
    assert (
        phone.post(play_url(routine), {**data, "csrfmiddlewaretoken": tokens[laptop]}).status_code
        == 403
    )
    for browser in (laptop, phone):
        response = browser.post(play_url(routine), {**data, "csrfmiddlewaretoken": tokens[browser]})
        assert response.status_code == 302

    phone.get(play_url(routine))
    pages = [browser.get(play_url(routine)).content.decode() for browser in (laptop, phone)]
    assert all("player-plan" in page for page in pages)
    assert all("csrf-token-of-the-request" not in page for page in pages)
    log_by_hand = reverse("routines:session_create")
    for browser, page in zip((laptop, phone), pages, strict=True):
        form = page.split(f'action="{log_by_hand}"')[1]
        token = csrf_token_of(form)
        response = browser.post(log_by_hand, {"csrfmiddlewaretoken": token})
        assert response.status_code == 200  # the form's errors, not a CSRF failure


def test_the_cached_player_follows_item_edits_that_skip_the_routines_row(
    client_logged_in, user, routine
):
    check_in(client_logged_in, routine)
    first, second = routine.items.all()
    before = embedded_plan(client_logged_in.get(play_url(routine)))
    assert [i["slug"] for i in before["items"]] == [first.exercise.slug, second.exercise.slug]

    # A new duration, written without save(): the plan and the list follow.
    RoutineItem.objects.filter(pk=first.pk).update(seconds=first.exercise.seconds + 7)
    response = client_logged_in.get(play_url(routine))
    plan = embedded_plan(response)
    assert plan["plannedSeconds"] == routine.total_seconds_for(user)
    assert plan["plannedSeconds"] > before["plannedSeconds"]
    first.refresh_from_db()
    assert f"<strong>{first.exercise.name}</strong> — {duration(first.total_seconds)}" in (
        response.content.decode()
    )

    # Reordered in bulk, as the builder does.
    first.position, second.position = 5, 1
    RoutineItem.objects.bulk_update([first, second], ["position"])
    plan = embedded_plan(client_logged_in.get(play_url(routine)))
    assert [i["slug"] for i in plan["items"]] == [second.exercise.slug, first.exercise.slug]

    second.delete()
    response = client_logged_in.get(play_url(routine))
    assert [i["slug"] for i in embedded_plan(response)["items"]] == [first.exercise.slug]
    assert f"<strong>{second.exercise.name}</strong>" not in response.content.decode()


def test_the_cached_player_follows_the_cue_preferences_at_once(client_logged_in, user, routine):
    check_in(client_logged_in, routine)
    assert embedded_plan(client_logged_in.get(play_url(routine)))["preferences"] == {
        "sound": True,
        "voice": False,
    }
    user.sound, user.voice = False, True
    user.save()

    plan = embedded_plan(client_logged_in.get(play_url(routine)))

    assert plan["preferences"] == {"sound": False, "voice": True}


def test_the_cached_player_follows_a_new_screening_at_once(client_logged_in, routine):
    item = with_twist(routine)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine, include=[item.pk])
    flagged = embedded_plan(client_logged_in.get(play_url(routine)))
    assert [i["slug"] for i in flagged["items"] if i["notForYou"]] == [item.exercise.slug]

    screen(client_logged_in)  # a new screening without the condition

    plan = embedded_plan(client_logged_in.get(play_url(routine)))
    assert item.exercise.slug in [i["slug"] for i in plan["items"]]
    assert not [i for i in plan["items"] if i["notForYou"]]


def pain_before_select(html):
    return html.split('name="pain_before"')[1].split("</select>")[0]


def test_the_cached_player_shows_each_sessions_own_check_in(client_logged_in, routine):
    """The check-in changes with every session; the cached player is the same for each, and
    each request puts in its own: the plan, the note under "pain after", the log form."""
    pages = {}
    for pain in (2, 7, ""):
        session = client_logged_in.session
        session.pop("check_in", None)
        session.save()
        check_in(client_logged_in, routine, pain_before=pain)
        pages[pain] = client_logged_in.get(play_url(routine))

    for pain, response in pages.items():
        html, plan = response.content.decode(), embedded_plan(response)
        assert "of-the-request" not in html
        assert plan["checkIn"] == {
            "unwell": False,
            "new_pain": False,
            "weak": False,
            "nerves": False,
        }
        assert plan["painBefore"] == (pain if pain != "" else None)
        select = pain_before_select(html)
        assert select.count(" selected>") == 1
        if pain == "":
            assert "Before the session you said" not in html
            assert '<option value="" selected>' in select
        else:
            assert f"Before the session you said {pain}." in html
            assert f'<option value="{pain}" selected>{pain}</option>' in select
    answers = '{"unwell": false, "new_pain": false, "weak": false, "nerves": false}'
    assert f'{{"checkIn": {answers}, "painBefore": 7}}' in pages[7].content.decode()


def test_the_cached_log_form_follows_the_day_and_other_routines_at_once(
    client_logged_in, user, routine
):
    other = RoutineFactory(owner=user, name="Another routine")
    check_in(client_logged_in, routine)
    # Fourteen hours ahead of UTC and eleven behind: never the same day.
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        user.time_zone = zone
        user.save()
        today = datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()
        html = client_logged_in.get(play_url(routine)).content.decode()
        assert f'name="date" value="{today.isoformat()}"' in html

    Routine.objects.filter(pk=other.pk).update(name="Renamed other routine")

    assert (
        ">Renamed other routine</option>"
        in client_logged_in.get(play_url(routine)).content.decode()
    )


def test_the_pre_start_page_and_the_player_run_the_same_few_queries_for_any_data(
    client_logged_in, user, routine, django_assert_num_queries
):
    """On a hit: the session, then the person with the catalogue's and their own cache
    versions in one query (accounts/backends.py); the safety check, the routine, its items
    and the person's routines are kept under the person's version. More routines, items or
    sessions change nothing."""
    with_twist(routine)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine)

    def queries_of_both():
        counts = []
        for url in (play_url(routine), play_url(routine) + "?choose=1"):
            client_logged_in.get(url)  # fills the cache
            with CaptureQueriesContext(connection) as queries:
                response = client_logged_in.get(url)
            assert response.status_code == 200
            counts.append(len(queries))
        return counts

    client_logged_in.post(play_url(routine), {})  # decide: nothing included
    assert queries_of_both() == [2, 2]

    for n in range(5):
        RoutineItemFactory(routine=RoutineFactory(owner=user, name=f"Routine {n}"))
    for exercise in Exercise.objects.filter(mode="hold")[:5]:
        RoutineItemFactory(routine=routine, exercise=exercise)
    assert queries_of_both() == [2, 2]

    # The next session's check-in: its first view of the player is a hit too.
    session = client_logged_in.session
    del session["check_in"]
    session.save()
    check_in(client_logged_in, routine, pain_before=8)
    with CaptureQueriesContext(connection) as queries:
        response = client_logged_in.get(play_url(routine))
    assert embedded_plan(response)["painBefore"] == 8
    assert len(queries) == 2


# The person's routine is kept under their cache version (routines.views.rows.
# routines_and_items), which the database moves on every write of a routine or its items,
# so the player shows the change on the very next request.


def player_slugs(client, routine):
    return [item["slug"] for item in embedded_plan(client.get(play_url(routine)))["items"]]


@pytest.fixture
def playing(client_logged_in, routine):
    check_in(client_logged_in, routine)
    assert player_slugs(client_logged_in, routine)  # fills the cache
    return client_logged_in


def test_the_player_shows_items_reordered_in_bulk_at_once(playing, routine):
    items = list(routine.items.order_by("position", "pk"))
    for position, item in enumerate(reversed(items)):
        item.position = position
    RoutineItem.objects.bulk_update(items, ["position"])  # the builder's reorder

    assert player_slugs(playing, routine) == [item.exercise.slug for item in reversed(items)]


def test_the_player_shows_items_changed_by_a_queryset_update_at_once(playing, routine):
    def seconds():
        plan = embedded_plan(playing.get(play_url(routine)))
        return {step["seconds"] for step in plan["steps"] if step["kind"] == "work"}

    assert 42 not in seconds()
    RoutineItem.objects.filter(routine=routine).update(seconds=42, reps=1, sets=1)

    assert 42 in seconds()


def test_the_player_shows_items_added_or_deleted_in_bulk_at_once(playing, routine):
    extra = Exercise.objects.filter(mode="hold").exclude(pk__in=routine.items.values("exercise"))[0]
    RoutineItem.objects.bulk_create([RoutineItem(routine=routine, exercise=extra, position=20)])
    assert extra.slug in player_slugs(playing, routine)

    routine.items.filter(exercise=extra).delete()
    assert extra.slug not in player_slugs(playing, routine)


def test_the_player_shows_an_item_moved_in_from_another_routine_at_once(playing, routine, user):
    other = RoutineFactory(owner=user, name="Other")
    extra = Exercise.objects.filter(mode="hold").exclude(pk__in=routine.items.values("exercise"))[0]
    moved = RoutineItemFactory(routine=other, exercise=extra, position=30)
    player_slugs(playing, routine)

    RoutineItem.objects.filter(pk=moved.pk).update(routine=routine)

    assert extra.slug in player_slugs(playing, routine)


def test_a_routine_kept_for_its_owner_is_still_not_found_for_anyone_else(
    playing, routine, other_user
):
    other = Client()
    other.force_login(other_user, backend="accounts.backends.UserBackend")

    assert other.get(play_url(routine)).status_code == 404
