"""Sign-up, account (preferences) and account deletion. Log-in, log-out and the password
flows are Django's own views, configured in accounts/urls.py. The safety check lives in
exercises/safety/."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts import kept
from accounts.forms import DeleteAccountForm, LogInForm, PreferencesForm, SignUpForm
from backcare.headers import private_page
from backcare.languages import next_language


@login_not_required
@private_page  # its form carries a CSRF token and, sent back with errors, an address
@sensitive_post_parameters("password1", "password2")
def signup(request):
    """Create an account and log in, then go back where the person was (``?next=``, kept
    through the form like Django's log-in does), or home."""
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="accounts.backends.UserBackend")
        # A new account has no check of its own: what this browser did before is its own.
        kept.keep_all(request, user)
        messages.success(request, _("Welcome to BackCare. Your account is ready."))
        return redirect(next_url or "home")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _next_url(request) -> str:
    """``next`` from the form or the query string when it is a page of this site, else "".
    The same rule as Django's LoginView: no other host, no other scheme, no https to http,
    so a link to sign up can never send a new account to another site."""
    url = request.POST.get("next", request.GET.get("next", ""))
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else ""


class LogInView(auth_views.LoginView):
    """Django's log-in; when the browser holds a check or sessions from before logging in,
    it asks whether to keep them (``keep_before_login``) before going on."""

    authentication_form = LogInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if kept.waiting(self.request, form.get_user()):
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('accounts:keep')}?{query}")
        return response


def keep_before_login(request):
    """ "Keep the check and the session you did before logging in?" On a shared computer
    they may be someone else's, so nothing joins the account unless the person says so."""
    next_url = _next_url(request) or reverse("home")
    waiting = kept.waiting(request, request.user)
    if not waiting:
        return redirect(next_url)
    if request.method == "POST":
        if request.POST.get("keep") == "yes":
            kept.keep_all(request, request.user)
            messages.success(request, _("What you did before logging in is now in your account."))
        else:
            kept.drop_all(request)
            messages.info(request, _("Your account is as it was: nothing was added to it."))
        return redirect(next_url)
    return render(request, "accounts/keep.html", {"waiting": waiting, "next": next_url})


def account(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Shown on the next page, which speaks the language just chosen.
        with translation.override(next_language(request)):
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
