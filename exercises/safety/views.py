"""The safety check: two server-side steps (umbrella questions, then follow-ups for each yes),
the result page, "my health has changed" and a doctor's clearance.

Between the two steps the first page's answers wait in the session (``DRAFT_KEY``), so Back
returns to them and nothing is saved until the check is complete.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backcare.ratelimit import over_limit, too_many
from exercises.models import Condition, Exercise
from exercises.safety import profile_of
from exercises.safety.forms import CheckForm, ClearanceForm, FollowUpForm
from exercises.safety.models import Screening
from exercises.safety.profile import (
    answers_in_force,
    current_screening,
    previous_screening,
    record_screening,
)
from exercises.safety.questionnaire import (
    answers_from,
    follow_ups,
    initial_from,
    layout,
    questions_asked,
)
from exercises.safety.summary import conflicts, group_by_reason, grouped, headline
from exercises.safety.timing import in_force

DRAFT_KEY = "safety_check_draft"


def _parts():
    return layout(Condition.objects.all())


def _initial(request, parts):
    """Initial answers: the draft of this check if there is one, else the previous check's."""
    draft = request.session.get(DRAFT_KEY)
    previous = previous_screening(request)
    answers = {}
    if previous is not None:
        # What holds now: a lapsed "today" answer or one to be asked again is not prefilled.
        answers, stale = answers_in_force(previous)
        answers = {slug: yes for slug, yes in answers.items() if slug not in stale}
    first, follow = initial_from(parts, answers)
    if previous is not None:
        first["age"] = previous.age
    if draft:
        first.update(draft.get("first", {}))
        follow.update(draft.get("follow_up", {}))
    return first, follow


def _finish(request, parts, first, follow_up, details=None):
    if not request.user.is_authenticated:
        # Each anonymous check is a row kept for 30 days: limited per client and in total.
        retry_after = over_limit(request, "safety_check")
        if retry_after is not None:
            # The answers wait in the session: "Try again" opens the check filled in.
            request.session[DRAFT_KEY] = {"first": first, "follow_up": follow_up}
            return too_many(request, retry_after)
    details = details or {}
    now = timezone.now()
    # The answers as they hold today (a pregnancy past 12 weeks gets the later rules).
    answers, _stale = in_force(answers_from(parts, first, follow_up), details, now, now)
    with transaction.atomic():
        record_screening(request, answers, first["age"], details)
    request.session.pop(DRAFT_KEY, None)
    return redirect("safety:result")


def _part_count(form) -> int:
    """The check's parts as the page counts them: the first page's groups and, when asked,
    the follow-up page."""
    return len(form.steps()) + 1


@login_not_required
def check(request):
    """Step 1: the age and the umbrella questions."""
    parts = _parts()
    if request.method == "POST":
        form = CheckForm(parts, request.POST)
        if form.is_valid():
            first = form.first_page()
            if form.ends_at_once or not follow_ups(parts, first):
                return _finish(request, parts, first, {})
            draft = request.session.get(DRAFT_KEY) or {}
            request.session[DRAFT_KEY] = {"first": first, "follow_up": draft.get("follow_up", {})}
            return redirect("safety:check_more")
    else:
        first, _follow = _initial(request, parts)
        form = CheckForm(parts, initial=first)
    return render(request, "safety/check.html", {"form": form})


@login_not_required
def check_more(request):
    """Step 2: which conditions apply, for each umbrella question answered yes."""
    draft = request.session.get(DRAFT_KEY)
    if not draft:
        return redirect("safety:check")
    parts = _parts()
    first = draft["first"]
    asked = follow_ups(parts, first)
    if not asked:
        return redirect("safety:check")
    if request.method == "POST":
        form = FollowUpForm(asked, request.POST)
        if form.is_valid():
            return _finish(request, parts, first, form.ticks(), form.details())
    else:
        _first, follow = _initial(request, parts)
        form = FollowUpForm(asked, initial=follow)
    total = _part_count(CheckForm(parts))
    return render(
        request,
        "safety/check_more.html",
        {"form": form, "part": total, "total": total, "questions": questions_asked(parts, first)},
    )


@login_not_required
@require_POST
def check_back(request):
    """Back from step 2: keep what was ticked there, return to step 1."""
    draft = request.session.get(DRAFT_KEY)
    if draft:
        parts = _parts()
        asked = follow_ups(parts, draft["first"])
        keys = {part.key: set(part.slugs) for part in asked}
        draft["follow_up"] = {
            key: [slug for slug in request.POST.getlist(key) if slug in allowed]
            for key, allowed in keys.items()
        }
        request.session[DRAFT_KEY] = draft
    return redirect("safety:check")


@login_not_required
def result(request):
    profile = profile_of(request)
    if not profile.screened:
        return render(request, "safety/none.html")
    outcome = profile.outcome
    exercises = list(Exercise.objects.only("slug", "name", "category", "tags"))
    # A warning sign needs a doctor, not a list of exercises to take care with.
    groups = [] if outcome.needs_doctor_now else group_by_reason(exercises, outcome)
    disagreements = conflicts(exercises, outcome)
    history = []
    if request.user.is_authenticated:
        history = list(request.user.screenings.exclude(pk=profile.screening.pk)[:10])
    return render(
        request,
        "safety/result.html",
        {
            "profile": profile,
            "outcome": outcome,
            "urgent_rules": outcome.rules_with("urgent"),
            "soon_rules": outcome.rules_with("soon"),
            "stop_rules": outcome.rules_with("stop"),
            "headline": headline(outcome, profile),
            "conflicts": disagreements,
            "conflict_groups": grouped(disagreements),
            "other_rules": outcome.rules_with("restrict"),
            "groups": groups,
            "not_for_you_count": sum(len(group.not_for_you) for group in groups),
            "take_care_count": sum(len(group.take_care) for group in groups),
            "history": history,
            "clearance_form": ClearanceForm(),
        },
    )


@login_not_required
@require_POST
def health_changed(request):
    """The user's health changed: the current screening no longer holds."""
    screening = current_screening(request)
    if screening is not None:
        Screening.objects.filter(pk=screening.pk).update(ended_at=timezone.now())
    messages.info(
        request,
        _("Thank you. Please answer the safety check again so it reflects your health today."),
    )
    return redirect("safety:check")


@require_POST
def record_clearance(request):
    screening = current_screening(request)
    if screening is None:
        raise Http404
    profile = profile_of(request)
    if not profile.outcome.clearable:
        # A warning sign that needs a doctor now or today is lifted only by a new check.
        messages.error(
            request,
            _(
                "A clearance cannot be recorded for a warning sign. Once a doctor has seen "
                "you, take the check again. Nothing was recorded."
            ),
        )
        return redirect("safety:result")
    form = ClearanceForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _(
                "Tick the box to confirm that a doctor or physiotherapist has said exercise is "
                "fine for you. Nothing was recorded."
            ),
        )
        return redirect("safety:result")
    screening.record_clearance(Condition.objects.rules(), form.cleaned_data["note"])
    messages.success(
        request,
        _(
            "Your clearance is recorded: you can play routines again. Exercises that are not "
            "for you stay out of them."
        ),
    )
    return redirect("safety:result")
