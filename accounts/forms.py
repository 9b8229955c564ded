"""Account forms. Each form owns its write, so views stay thin."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils.translation import get_language
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
        # The language the person signed up in is theirs on every device from now on.
        user.language = get_language()
        if commit:
            user.save()
        return user


class LogInForm(AuthenticationForm):
    """Django's log-in form, with a message that is true here: e-mail addresses are
    compared without regard to case (User.email is stored lower-case); passwords are not."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That e-mail address and password do not match an account. Check the password: "
            "upper and lower case letters count there (not in the e-mail address)."
        ),
    }


def limits_from_model(form):
    """Give each number field of a model form the model's own minimum and maximum, so the
    browser's check (min/max on the input) and the server's agree: a value one refuses,
    the other refuses too, with the form's message."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField):
            continue
        for validator in form._meta.model._meta.get_field(name).validators:
            for kind, limit in ((MinValueValidator, "min"), (MaxValueValidator, "max")):
                if isinstance(validator, kind):
                    setattr(field, f"{limit}_value", validator.limit_value)
                    field.widget.attrs[limit] = validator.limit_value
                    field.validators.append(validator)


# Time zones most people choose, offered first; every other one follows, grouped by region.
COMMON_TIME_ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Bogota",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Honolulu",
]
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def _place(name: str) -> str:
    return name.replace("_", " ").replace("/", " / ")


def time_zone_choices():
    """Common zones first, then every zone grouped by its region ("Berlin" under Europe);
    old aliases and fixed offsets (US/Eastern, Etc/GMT+5) last, under "Other"."""
    groups = {region: [] for region in REGIONS}
    other = []
    for name in TIME_ZONES:
        region, _slash, place = name.partition("/")
        if region in groups and place:
            groups[region].append((name, _place(place)))
        else:
            other.append((name, _place(name)))
    common = [(name, _place(name)) for name in COMMON_TIME_ZONES if name in TIME_ZONES]
    return [
        (_("Common"), common),
        *((region, zones) for region, zones in groups.items() if zones),
        (_("Other"), other),
    ]


class PreferencesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits_from_model(self)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["time_zone"].help_text = _(
            "Dates, weeks and streaks in your log follow this time zone."
        )
        # Each language named in itself, as the switcher at the top of every page names it.
        self.fields["language"] = forms.ChoiceField(
            label=_("Language"),
            choices=[("", _("The language of your browser")), *settings.LANGUAGES],
            required=False,
            help_text=_("BackCare speaks to you in this language on every device."),
        )

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
