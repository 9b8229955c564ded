"""The two-minute check: umbrella questions, follow-ups only after a yes, Back, re-takes, the
urgent banner and the result page grouped by reason."""

import copy
import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from exercises.models import Condition
from exercises.safety.forms import CheckForm
from exercises.safety.models import Screening
from exercises.safety.questionnaire import (
    SECTIONS,
    TICK,
    YES,
    answers_from,
    layout,
    questions_asked,
)
from tests.factories import PASSWORD, check_answers, take_check

pytestmark = pytest.mark.django_db
CHECK = reverse("safety:check")
MORE = reverse("safety:check_more")
BACK = reverse("safety:check_back")
RESULT = reverse("safety:result")
CATALOGUE = reverse("exercises:catalogue")


def parts():
    return layout(Condition.objects.all())


def test_every_question_is_asked_exactly_once():
    asked = [slug for part in parts() for slug in part.slugs]

    assert len(asked) == len(set(asked))
    assert set(asked) == set(Condition.objects.exclude(question="").values_list("slug", flat=True))


def test_no_condition_is_named_by_two_sections():
    named = [slug for section in SECTIONS for slug in section.conditions]

    assert len(named) == len(set(named))


def test_the_first_page_groups_every_question_once_in_order(client):
    """The page takes its groups one at a time on a phone (static/js/safety-steps.js): each
    tick list alone, the yes/no questions together, none dropped."""
    form = CheckForm(parts())
    steps = form.steps()
    names = [[field[0].name for field in step] for step in steps]

    assert [name for step in names for name in step] == [part.key for part in parts()]
    assert names == [
        ["warning-signs"],
        ["general-health"],
        ["bones-joints"],
        ["back-neck", "pregnancy", "surgery"],
        ["today"],
        ["outlook"],
        ["other"],
    ]
    page = client.get(CHECK).content.decode()
    assert page.count('class="screening-step"') == len(steps)
    for part in parts():  # a tick list's every item, a yes/no umbrella's own question
        asked = part.conditions if part.section.kind == TICK else [part.section]
        for item in asked:
            assert escape(str(item.question)) in page, item.question


def test_a_condition_no_section_names_is_still_asked_in_its_groups_section():
    new = [
        SimpleNamespace(slug="new-red-flag", group="red-flag", question="A new sign?"),
        SimpleNamespace(slug="new-thing", group="unknown-group", question="Something new?"),
        SimpleNamespace(slug="from-age", group="situation", question=""),
    ]

    placed = {part.key: part.slugs for part in layout(new)}

    assert placed == {"warning-signs": ["new-red-flag"], "other": ["new-thing"]}


def test_a_healthy_person_answers_at_most_twelve_questions_on_one_page(client):
    first, follow_up = check_answers()

    response = client.post(CHECK, first)

    assert follow_up == {}
    assert response["Location"] == RESULT
    assert questions_asked(parts(), first) <= 12
    screening = Screening.objects.get()
    assert screening.outcome == "clear"
    assert screening.version == 3
    assert not any(screening.answers.values())


def test_a_disc_herniation_takes_a_follow_up_and_at_most_sixteen_questions(client):
    first, follow_up = check_answers("herniated-disc")

    to_more = client.post(CHECK, first)
    assert to_more["Location"] == MORE
    assert not Screening.objects.exists()  # nothing saved before the check is complete
    page = client.get(MORE).content.decode()
    assert "herniated" in page.lower()
    assert "pregnant" not in page.lower()  # only the umbrella answered yes is followed up

    done = client.post(MORE, follow_up)

    assert done["Location"] == RESULT
    assert questions_asked(parts(), first) <= 16
    screening = Screening.objects.get()
    assert screening.conditions == ["herniated-disc"]
    assert screening.answers["scoliosis"] is False
    assert screening.answers["pregnancy"] is False


def test_a_yes_with_nothing_ticked_after_it_is_refused(client):
    first, _ = check_answers("herniated-disc")
    client.post(CHECK, first)

    response = client.post(MORE, {})

    assert response.status_code == 200
    assert "go back and change that answer" in response.content.decode()
    assert not Screening.objects.exists()


def test_none_of_these_and_a_sign_together_is_refused(client):
    first, _ = check_answers()
    first["warning-signs"] = ["none", "night-pain"]

    response = client.post(CHECK, first)

    assert response.status_code == 200
    assert "untick one of them" in response.content.decode()
    assert not Screening.objects.exists()


def test_an_unanswered_list_is_refused_not_taken_as_no(client):
    first, _ = check_answers()
    del first["warning-signs"]

    response = client.post(CHECK, first)

    assert response.status_code == 200
    assert "None of these" in response.content.decode()
    assert not Screening.objects.exists()


def test_the_follow_up_page_without_a_first_page_goes_back_to_it(client):
    assert client.get(MORE)["Location"] == CHECK


def test_back_returns_to_the_first_page_with_every_answer_kept(client):
    first, _ = check_answers("herniated-disc", age=52)
    client.post(CHECK, first)

    response = client.post(BACK, {"back-neck": ["sciatica"]})
    assert response["Location"] == CHECK
    page = client.get(CHECK).content.decode()
    assert re.search(r'name="age" value="52"', page)
    assert re.search(r'name="back-neck" value="yes"[^>]*checked', page)

    client.post(CHECK, first)
    again = client.get(MORE).content.decode()
    assert re.search(r'value="sciatica"[^>]*checked', again)
    assert not re.search(r'value="herniated-disc"[^>]*checked', again)


def test_a_retake_starts_from_the_previous_answers_but_not_the_warning_signs(
    client_logged_in, user
):
    take_check(client_logged_in, "herniated-disc", "high-blood-pressure", age=61)

    page = client_logged_in.get(CHECK)
    form = page.context["form"]

    assert form.initial["age"] == 61
    assert form.initial["back-neck"] == YES
    assert form.initial["general-health"] == ["high-blood-pressure"]
    # Warning signs and "today" describe how the person is now: always answered afresh.
    assert "today" not in form.initial
    assert "warning-signs" not in form.initial
    first = {**form.initial, "warning-signs": ["none"], "today": ["none"]}
    client_logged_in.post(CHECK, first)
    follow = client_logged_in.get(MORE).context["form"]
    assert follow.initial["back-neck"] == ["herniated-disc"]


def test_answers_behind_a_no_are_no_even_if_sent():
    found = parts()
    first = {part.key: ([] if part.section.kind == TICK else "no") for part in found}

    answers = answers_from(found, first, {"back-neck": ["herniated-disc"]})

    assert answers["herniated-disc"] is False


def test_check_pages_run_few_queries(client, django_assert_max_num_queries):
    first, _ = check_answers("herniated-disc")
    with django_assert_max_num_queries(6):
        client.get(CHECK)
    client.post(CHECK, first)
    with django_assert_max_num_queries(6):
        client.get(MORE)


# The urgent result ---------------------------------------------------------------------


def test_urgent_result_says_where_to_go_and_has_no_validity_date(client_logged_in):
    take_check(client_logged_in, "saddle-numbness")

    html = client_logged_in.get(RESULT).content.decode()

    assert "Please get medical care now" in html
    for number in ("999", "112", "911"):
        assert number in html
    assert "in force until" not in html
    assert "holds until you take a new check" in html


def test_urgent_banner_stays_on_every_page_until_a_new_check(client_logged_in):
    take_check(client_logged_in, "bladder-bowel-control")
    Screening.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))

    for url in (reverse("home"), CATALOGUE, reverse("routines:list"), reverse("accounts:account")):
        html = client_logged_in.get(url).content.decode()
        assert "get medical care now" in html, url
        assert "911" in html, url

    take_check(client_logged_in)

    assert "get medical care now" not in client_logged_in.get(CATALOGUE).content.decode()


def test_urgent_banner_costs_at_most_one_query(client_logged_in, settings):
    take_check(client_logged_in, "chest-pain-now")
    url = reverse("accounts:account")
    client_logged_in.get(url)  # warm the rules cache

    with CaptureQueriesContext(connection) as with_banner:
        html = client_logged_in.get(url).content.decode()
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove("exercises.safety.profile.safety_notice")
    settings.TEMPLATES = templates
    with CaptureQueriesContext(connection) as without:
        plain = client_logged_in.get(url).content.decode()

    assert "get medical care now" in html and "get medical care now" not in plain
    assert len(with_banner) - len(without) <= 1


def test_no_banner_and_no_query_for_a_visitor_without_a_check(
    client, django_assert_max_num_queries
):
    # One query: the catalogue's cache version, for the public page's key and ETag.
    with django_assert_max_num_queries(1):
        html = client.get(reverse("home")).content.decode()
    assert "get medical care now" not in html


# The result page -------------------------------------------------------------------------


def test_result_groups_exercises_by_reason_with_next_steps(client):
    take_check(client, "herniated-disc")

    response = client.get(RESULT)
    html = response.content.decode()

    assert html.count("Because of: Herniated disc") == 1
    groups = response.context["groups"]
    assert sum(len(g.not_for_you) + len(g.take_care) for g in groups) > 1
    assert "Browse exercises that suit you" in html
    assert "Create an account to keep this check" in html
    assert f'href="{reverse("accounts:signup")}?next={RESULT}"' in html


def test_an_exercise_appears_once_even_with_two_reasons(client):
    take_check(client, "herniated-disc", "osteoporosis")

    groups = client.get(RESULT).context["groups"]
    names = [e.slug for g in groups for e in g.not_for_you + g.take_care]

    assert len(names) == len(set(names))
    assert [rule.slug for rule in groups[0].rules] in (["herniated-disc"], ["osteoporosis"])


def test_a_person_with_an_account_is_offered_a_routine(client_logged_in):
    take_check(client_logged_in, "scoliosis")

    html = client_logged_in.get(RESULT).content.decode()

    assert "Make a routine" in html
    assert "Create an account to keep this check" not in html


def test_after_sign_up_the_home_page_no_longer_asks_for_the_check(client):
    assert "Start with the two-minute safety check" in client.get(reverse("home")).content.decode()
    take_check(client, "scoliosis")

    client.post(
        reverse("accounts:signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    html = client.get(reverse("home")).content.decode()
    assert "Start with the two-minute safety check" not in html
    assert "Take the safety check" not in html
    assert 'data-state="valid"' in html


def test_the_sections_are_the_umbrellas_the_issue_names():
    keys = [section.key for section in SECTIONS]
    assert keys[:6] == [
        "warning-signs",
        "general-health",
        "bones-joints",
        "back-neck",
        "pregnancy",
        "surgery",
    ]


def test_more_than_twelve_weeks_pregnant_counts_as_pregnant(client):
    take_check(client, "pregnancy-after-first-trimester")

    screening = Screening.objects.get()
    assert screening.answers["pregnancy"] is True
    assert set(screening.conditions) >= {"pregnancy", "pregnancy-after-first-trimester"}
    assert screening.outcome == "stop"


def test_back_keeps_none_of_these_ticked(client):
    first, _ = check_answers("herniated-disc")
    client.post(CHECK, first)
    client.post(BACK, {})

    form = client.get(CHECK).context["form"]

    assert form.initial["warning-signs"] == ["none"]
    assert client.post(CHECK, form.initial)["Location"] == MORE
