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

from accounts.models import Screening
from backcare.ratelimit import over_limit, too_many
from exercises.models import Condition, Exercise
from exercises.safety import profile_of
from exercises.safety.forms import CheckForm, ClearanceForm, FollowUpForm
from exercises.safety.profile import current_screening, previous_screening, record_screening
from exercises.safety.questionnaire import (
    answers_from,
    follow_ups,
    initial_from,
    layout,
    questions_asked,
)
from exercises.safety.summary import group_by_reason

DRAFT_KEY = "safety_check_draft"


def _parts():
    return layout(Condition.objects.all())


def _initial(request, parts):
    """Initial answers: the draft of this check if there is one, else the previous check's."""
    draft = request.session.get(DRAFT_KEY)
    previous = previous_screening(request)
    first, follow = initial_from(parts, previous.answers if previous else {})
    if previous is not None:
        first["age"] = previous.age
    if draft:
        first.update(draft.get("first", {}))
        follow.update(draft.get("follow_up", {}))
    return first, follow


def _finish(request, parts, first, follow_up):
    if not request.user.is_authenticated:
        # Each anonymous check is a row kept for 30 days: limited per client and in total.
        retry_after = over_limit(request, "safety_check")
        if retry_after is not None:
            # The answers wait in the session: "Try again" opens the check filled in.
            request.session[DRAFT_KEY] = {"first": first, "follow_up": follow_up}
            return too_many(request, retry_after)
    with transaction.atomic():
        record_screening(request, answers_from(parts, first, follow_up), first["age"])
    request.session.pop(DRAFT_KEY, None)
    return redirect("safety:result")


@login_not_required
def check(request):
    """Step 1: the age and the umbrella questions."""
    parts = _parts()
    if request.method == "POST":
        form = CheckForm(parts, request.POST)
        if form.is_valid():
            first = form.first_page()
            if not follow_ups(parts, first):
                return _finish(request, parts, first, {})
            draft = request.session.get(DRAFT_KEY) or {}
            request.session[DRAFT_KEY] = {"first": first, "follow_up": draft.get("follow_up", {})}
            return redirect("safety:check_more")
    else:
        first, _follow = _initial(request, parts)
        form = CheckForm(parts, initial=first)
    return render(request, "safety/check.html", {"form": form, "step": 1})


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
            return _finish(request, parts, first, form.cleaned_data)
    else:
        _first, follow = _initial(request, parts)
        form = FollowUpForm(asked, initial=follow)
    return render(
        request,
        "safety/check_more.html",
        {"form": form, "step": 2, "questions": questions_asked(parts, first)},
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
    groups = group_by_reason(Exercise.objects.only("slug", "name", "category", "tags"), outcome)
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
            "stop_rules": outcome.rules_with("stop"),
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
    form = ClearanceForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Tick the box to confirm that a doctor has cleared you. Nothing was recorded."),
        )
        return redirect("safety:result")
    screening.record_clearance(form.cleaned_data["note"])
    messages.success(
        request,
        _(
            "Your doctor's clearance is recorded. Exercises that are not "
            "for you stay hidden from your routines."
        ),
    )
    return redirect("safety:result")
