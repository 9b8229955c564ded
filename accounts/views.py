"""Sign-up, account (preferences), account deletion and the safety check. Log-in, log-out
and the password flows are Django's own views, configured in accounts/urls.py."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.forms import (
    ClearanceForm,
    DeleteAccountForm,
    PreferencesForm,
    ScreeningForm,
    SignUpForm,
)
from accounts.models import Screening
from accounts.safety import SESSION_KEY, current_screening
from exercises.models import Condition, Exercise
from exercises.safety import profile_of, verdict


@login_not_required
@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to BackCare. Your account is ready."))
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


def account(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:account")
    return render(request, "accounts/account.html", {"form": form})


@sensitive_post_parameters("password")
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        form.delete()
        messages.success(request, _("Your account and all its data were deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


# The safety check -------------------------------------------------------------------------


@login_not_required
def screening_form(request):
    conditions = Condition.objects.all()
    form = ScreeningForm(conditions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        screening = form.save(user=request.user)
        if not request.user.is_authenticated:
            request.session[SESSION_KEY] = screening.pk
        return redirect("safety:result")
    return render(request, "accounts/screening_form.html", {"form": form})


@login_not_required
def screening_result(request):
    profile = profile_of(request)
    if not profile.screened:
        return render(request, "accounts/screening_none.html")
    outcome = profile.outcome
    not_for_you, take_care = [], []
    if outcome.rules:
        for exercise in Exercise.objects.only("slug", "name", "category", "tags"):
            found = verdict(exercise.category, exercise.tags, outcome)
            if found.not_for_you:
                not_for_you.append((exercise, found))
            elif found.take_care:
                take_care.append((exercise, found))
    history = []
    if request.user.is_authenticated:
        history = list(request.user.screenings.exclude(pk=profile.screening.pk)[:10])
    return render(
        request,
        "accounts/screening_result.html",
        {
            "profile": profile,
            "outcome": outcome,
            "urgent_rules": outcome.rules_with("urgent"),
            "stop_rules": outcome.rules_with("stop"),
            "other_rules": outcome.rules_with("restrict"),
            "not_for_you": not_for_you,
            "take_care": take_care,
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
