"""Sign-up, account (preferences) and account deletion. Log-in, log-out and the password
flows are Django's own views, configured in accounts/urls.py. The safety check lives in
exercises/safety/."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts.forms import DeleteAccountForm, PreferencesForm, SignUpForm


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
