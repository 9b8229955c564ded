"""Account forms. Each form owns its write, so views stay thin."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import PREFERENCE_FIELDS, TIME_ZONES, User


class SignUpForm(BaseUserCreationForm):
    # Filled in by static/js/timezone.js from the browser; changeable later in preferences.
    time_zone = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = ("email",)
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})}

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in instead, or "
                    "reset your password if you have forgotten it."
                ),
                code="duplicate_email",
            )
        return email

    def clean_time_zone(self):
        # A browser that sends nothing or an unknown zone gets UTC; this is not an error.
        time_zone = self.cleaned_data.get("time_zone") or ""
        return time_zone if time_zone in TIME_ZONES else "UTC"

    def save(self, commit=True):
        user = super().save(commit=False)
        user.time_zone = self.cleaned_data["time_zone"]
        if commit:
            user.save()
        return user


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PREFERENCE_FIELDS


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "This deletes your account, your screenings, routines and session log. "
            "It cannot be undone."
        ),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That password is not correct. Nothing was deleted."), code="password_incorrect"
            )
        return password

    @transaction.atomic
    def delete(self):
        """Remove the user and every row that belongs to them (sessions included)."""

        email = self.user.email
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=email).delete()
        self.user.delete()
