"""Issue 22, items 1-3 and 13: warning signs cannot be talked away by a tick, three levels of
medical advice, a red flag answered at once, and a restricted result that reads as one."""

import re

import pytest
from django.urls import reverse

from exercises.loader import read_conditions
from exercises.safety.models import Screening
from tests.factories import check_answers, take_check

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.routine(name="Morning", exercises=["arm-raise-breathing"]),
]

CHECK, RESULT = reverse("safety:check"), reverse("safety:result")
CLEARANCE = reverse("safety:clearance")
CONDITIONS = read_conditions()
EMERGENCY = [row["slug"] for row in CONDITIONS if row["outcome"] == "urgent" and row["question"]]
SOON = [row["slug"] for row in CONDITIONS if row["outcome"] == "soon" and row["question"]]
EMERGENCY_WORDS = ("999", "emergency department", "emergency services")


def test_the_levels_are_the_ones_the_issue_names():
    assert set(EMERGENCY) == {
        "numbness-both-legs",
        "saddle-numbness",
        "bladder-bowel-control",
        "sexual-problems-new",
        "chest-pain-now",
        "pain-after-accident",
    }
    assert set(SOON) == {
        "fever-with-back-pain",
        "unexplained-weight-loss",
        "night-pain",
        "back-lump-or-shape-change",
        "cancer-history-new-back-pain",
    }


@pytest.mark.parametrize("slug", EMERGENCY + SOON)
def test_every_urgent_answer_refuses_a_clearance(client_logged_in, routine, slug):
    take_check(client_logged_in, slug, age=40)
    page = client_logged_in.get(RESULT).content.decode()

    assert f'action="{CLEARANCE}"' not in page
    assert "A warning sign cannot be cleared here" in page

    response = client_logged_in.post(CLEARANCE, {"confirm": "on"}, follow=True)

    assert "A clearance cannot be recorded for a warning sign" in response.content.decode()
    assert Screening.objects.get().cleared_at is None
    assert client_logged_in.get(reverse("routines:play", args=[routine.pk])).status_code == 403
    assert client_logged_in.get(reverse("routines:generator")).context.get("profile") is not None


@pytest.mark.parametrize("slug", EMERGENCY)
def test_an_emergency_gives_the_emergency_numbers(client, slug):
    take_check(client, slug)
    page = client.get(RESULT).content.decode()

    assert "Please get medical care now" in page
    assert "999" in page


@pytest.mark.parametrize("slug", SOON)
def test_a_see_a_doctor_today_answer_has_no_emergency_wording(client, slug):
    take_check(client, slug)
    page = client.get(RESULT).content.decode()
    result = page.split("<main", 1)[1].split("</main>", 1)[0]

    assert "See a doctor today or within 24 hours" in result
    assert not any(words in result for words in EMERGENCY_WORDS), slug
    # The banner on other pages says the same, without the emergency box.
    other = client.get(reverse("exercises:catalogue")).content.decode()
    assert "see a doctor today or within 24 hours" in other
    assert "999" not in other


def test_an_urgent_result_lists_no_take_care_exercises(client):
    take_check(client, "chest-pain-now", "osteoporosis")
    page = client.get(RESULT).content.decode()

    assert "Take care</span>" not in page
    assert "Exercises your answers change" not in page


def test_numbness_in_both_legs_asks_about_new_or_worsening_symptoms(client):
    page = client.get(CHECK).content.decode()

    assert "in both of your legs that is new, or getting worse" in page


def test_a_stop_answer_keeps_a_clearance_that_says_what_it_means(client_logged_in, routine):
    take_check(client_logged_in, "thrombosis")
    page = client_logged_in.get(RESULT).content.decode()

    assert "See a doctor or physiotherapist before you exercise" in page
    assert "A doctor or physiotherapist has seen me about the answers above" in page
    assert "said that exercise is fine for me" in page

    client_logged_in.post(CLEARANCE, {"confirm": "on"})
    page = client_logged_in.get(RESULT).content.decode()

    assert "Cleared to exercise, within the limits below" in page
    assert "See a doctor or physiotherapist before you exercise" not in page
    assert client_logged_in.get(reverse("routines:play", args=[routine.pk])).status_code == 200


def test_a_clearance_recorded_for_a_warning_sign_before_this_rule_is_ignored(
    client_logged_in, routine
):
    take_check(client_logged_in, "night-pain")
    Screening.objects.update(cleared_at="2026-01-01T00:00Z", cleared_conditions=["night-pain"])

    assert client_logged_in.get(reverse("routines:play", args=[routine.pk])).status_code == 403


def test_a_warning_sign_is_answered_at_once(client):
    """Ticked with the age on the first group: straight to the advice, nothing else asked."""
    response = client.post(CHECK, {"age": 50, "warning-signs": ["saddle-numbness"]})

    assert response["Location"] == RESULT
    screening = Screening.objects.get()
    assert screening.outcome == "urgent"
    assert {slug for slug, yes in screening.answers.items() if yes} == {"saddle-numbness"}
    # Only the warning signs were answered: nothing else is taken as a "no".
    assert "osteoporosis" not in screening.answers


def test_a_warning_sign_ends_the_check_even_with_later_answers_sent(client):
    """The later groups, perhaps prefilled from an earlier check and never read, are not
    recorded."""
    first, _ = check_answers("fever-with-back-pain", "herniated-disc")

    assert client.post(CHECK, first)["Location"] == RESULT
    screening = Screening.objects.get()
    assert screening.outcome == "soon"
    assert "herniated-disc" not in screening.answers


def test_a_warning_sign_that_is_not_urgent_goes_on_with_the_check(client):
    """Long-term steroids ask for a doctor first, and the rest of the answers decide what
    is safe once the doctor says yes: the check goes on."""
    response = client.post(CHECK, {"age": 50, "warning-signs": ["long-term-steroids"]})

    assert response.status_code == 200
    assert not Screening.objects.exists()
    assert "Answer yes or no." in response.content.decode()


def test_the_first_page_marks_the_signs_that_end_the_check(client):
    page = client.get(CHECK).content.decode()
    at_once = re.search(r'data-at-once="([^"]+)"', page).group(1).split()

    assert set(at_once) == set(EMERGENCY + SOON)


def test_one_progress_count_and_a_last_button_that_says_what_it_does(client):
    page = client.get(CHECK).content.decode()

    assert "Step 1 of 2" not in page
    assert 'data-result="See my result"' in page
    assert 'data-progress="Part {n} of {total}"' in page

    first, _ = check_answers("herniated-disc")
    client.post(CHECK, first)
    more = client.get(reverse("safety:check_more"))
    html = more.content.decode()

    assert "Step 2 of 2" not in html
    # The first page's groups, then this one: the last part, counted once.
    assert html.count("Part ") == 1
    assert re.search(r"Part (\d+) of \1\b", html)
    assert "See my result" in html


def test_a_restricted_result_starts_with_one_headline_and_settles_disagreements(client):
    take_check(client, "spinal-stenosis", "osteoporosis")
    response = client.get(RESULT)
    page = response.content.decode()
    main = page.split("<main", 1)[1]

    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", main)
    assert headings[0] == "You can exercise: what is not for you stays out of your routines"
    assert "Where your conditions disagree, the careful side wins" in page
    conflicts = response.context["conflicts"]
    sphinx = [c for c in conflicts if c.exercise.slug == "sphinx-pose"]
    assert len(sphinx) == 1
    assert [rule.slug for rule in sphinx[0].avoided_by] == ["spinal-stenosis"]
    assert [rule.slug for rule in sphinx[0].cared_by] == ["osteoporosis"]
    # Said once.
    assert main.count("<strong>Sphinx pose</strong>") == 1
