"""The log's forms: a played session as the player sends it (``SessionPayloadForm``; its
JSON read by ``routines.forms.json_body``), a session logged by hand, and an edit.
Each form owns its write (``routines.services.session_record``)."""

import datetime
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise
from exercises.safety import CHECK_IN_QUESTIONS
from routines.forms.json_body import parse_json_object
from routines.models import (
    Routine,
    Session,
    SessionItem,
    validate_session_time,
)
from routines.services import session_record, trial_session_record

PAIN_CHOICES = [("", _("Not noted"))] + [(n, str(n)) for n in range(11)]


def score_field(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=PAIN_CHOICES,
        help_text=help_text,
    )


# Python's calendar ends at the years 1 and 9999; a moment within a day of either end cannot
# be turned into UTC or the user's time zone (OverflowError), so it is refused as a date.
FIRST_MOMENT = datetime.datetime(1, 1, 3, tzinfo=datetime.timezone.utc)
LAST_MOMENT = datetime.datetime(9999, 12, 29, tzinfo=datetime.timezone.utc)
OUT_OF_RANGE = _("That date is too far in the past or the future.")


def validate_moment(moment):
    if not FIRST_MOMENT <= moment <= LAST_MOMENT:
        raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")


class SessionMomentField(forms.DateTimeField):
    """A moment as ISO 8601 with a date, a time and an offset (``2026-12-05T18:30:00Z`` or
    ``+01:00``), as the player sends it. A date alone or a time without an offset could be
    read in several zones, so both endpoints refuse them rather than guess."""

    default_error_messages = {
        "invalid": _("Give a date and time with its offset, e.g. 2026-12-05T18:30:00Z (ISO 8601)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if text[-1:] in ("z", "Z"):  # Python 3.10's fromisoformat does not read Z
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            moment = None
        # A date alone parses as midnight, a time without offset as naive: both refused.
        if moment is None or len(text) <= 10 or moment.utcoffset() is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


# A played session longer than a day is not one session.
MAX_SESSION_LENGTH = datetime.timedelta(hours=24)


class SessionPayloadForm(forms.Form):
    """A played session as the player sends it (JSON): its fields, its items and the
    check-in answers. ``session_record`` stores it; the view only calls this form."""

    MAX_ITEMS = 500

    client_id = forms.UUIDField()
    started_at = SessionMomentField(validators=[validate_moment])
    finished_at = SessionMomentField(validators=[validate_moment])
    planned_seconds = forms.IntegerField(min_value=0, max_value=24 * 3600, required=False)
    actual_seconds = forms.IntegerField(min_value=0, max_value=24 * 3600, required=False)
    pain_before = forms.IntegerField(min_value=0, max_value=10, required=False)
    pain_after = forms.IntegerField(min_value=0, max_value=10, required=False)
    effort = forms.IntegerField(min_value=0, max_value=10, required=False)
    notes = forms.CharField(max_length=2000, required=False)
    # Parsed by clean_items and clean_check_in from the JSON values as they came.
    items = forms.Field(required=False)
    check_in = forms.Field(required=False)

    def __init__(self, user, body: bytes):
        self.user = user
        self.item_slugs: list[str] = []
        self.body_errors: list[str] = []
        try:
            payload = parse_json_object(body)
        except forms.ValidationError as error:
            self.body_errors, payload = error.messages, {}
        data, self.kind_errors = {}, {}
        for name, value in payload.items():
            if name in ("items", "check_in"):
                data[name] = value
            elif name in self.base_fields:
                # Form fields parse text, as a browser sends it; a list or an object would
                # crash them, and true is not a number.
                if isinstance(value, bool) or not isinstance(value, str | int | float | None):
                    self.kind_errors[name] = _("Send text, a number or null.")
                elif value is not None:
                    data[name] = str(value)
        super().__init__(data)

    def errors_as_json(self) -> dict:
        if self.body_errors:
            return {"body": self.body_errors}
        return self.errors.get_json_data()

    def is_valid(self):
        return not self.body_errors and super().is_valid()

    def clean_items(self):
        """[{"exercise": slug, "status": ..., "seconds": ...}] as SessionItem fields."""
        raw = self.cleaned_data["items"] or []
        if not isinstance(raw, list) or len(raw) > self.MAX_ITEMS:
            raise forms.ValidationError(
                _("items must be a list of at most %(max)s exercises.") % {"max": self.MAX_ITEMS}
            )
        # Only text can name an exercise; a NUL character cannot even be sent to PostgreSQL.
        slugs = [item.get("exercise") if isinstance(item, dict) else None for item in raw]
        slugs = [slug if isinstance(slug, str) and "\x00" not in slug else None for slug in slugs]
        exercises = dict(
            Exercise.objects.filter(slug__in={s for s in slugs if s}).values_list("slug", "pk")
        )
        items = []
        for number, (item, slug) in enumerate(zip(raw, slugs, strict=True), start=1):
            if slug not in exercises:
                raise forms.ValidationError(_("Item %(n)s: unknown exercise.") % {"n": number})
            status, seconds = item.get("status", "done"), item.get("seconds", 0)
            if not isinstance(status, str) or status not in SessionItem.Status.values:
                raise forms.ValidationError(_("Item %(n)s: unknown status.") % {"n": number})
            whole = isinstance(seconds, int) and not isinstance(seconds, bool)
            if not whole or not 0 <= seconds <= 86400:
                raise forms.ValidationError(
                    _("Item %(n)s: seconds must be 0–86400.") % {"n": number}
                )
            items.append({"exercise_id": exercises[slug], "status": status, "seconds": seconds})
        self.item_slugs = list(slugs)
        return items

    def clean_check_in(self):
        answers = self.cleaned_data["check_in"] or {}
        if not isinstance(answers, dict) or not set(answers) <= set(CHECK_IN_QUESTIONS):
            raise forms.ValidationError(_("Unknown check-in answers."))
        if not all(isinstance(answer, bool) for answer in answers.values()):
            raise forms.ValidationError(_("Check-in answers are true or false."))
        return answers

    def clean(self):
        data = super().clean()
        for name, message in self.kind_errors.items():
            self.add_error(name, message)
        started, finished = data.get("started_at"), data.get("finished_at")
        if started and finished and finished < started:
            raise forms.ValidationError(_("A session cannot finish before it starts."))
        if started and finished and finished - started > MAX_SESSION_LENGTH:
            raise forms.ValidationError(_("A session lasts at most 24 hours."), code="too_long")
        for name in ("started_at", "finished_at"):
            if data.get(name) and name not in self.errors:
                try:
                    validate_session_time(self.user, data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    @property
    def payload(self) -> dict:
        """The cleaned session as JSON values, what a trial session keeps (nothing the form
        did not accept, so at most a few KB) and validates again when it is claimed."""
        data = self.cleaned_data
        return {
            "client_id": str(data["client_id"]),
            "started_at": data["started_at"].isoformat(),
            "finished_at": data["finished_at"].isoformat(),
            **{
                name: data[name]
                for name in (
                    "planned_seconds",
                    "actual_seconds",
                    "pain_before",
                    "pain_after",
                    "effort",
                )
                if data[name] is not None
            },
            "notes": data["notes"],
            "check_in": data["check_in"],
            "items": [
                {"exercise": slug, "status": item["status"], "seconds": item["seconds"]}
                for slug, item in zip(self.item_slugs, data["items"], strict=True)
            ],
        }

    def save(self, *, routine):
        """Store the session once (the same client_id again returns the stored one)."""
        data = self.cleaned_data
        return session_record(
            user=self.user,
            client_id=data["client_id"],
            routine=routine,
            started_at=data["started_at"],
            finished_at=data["finished_at"],
            planned_seconds=data["planned_seconds"] or 0,
            actual_seconds=data["actual_seconds"] or 0,
            pain_before=data["pain_before"],
            pain_after=data["pain_after"],
            effort=data["effort"],
            notes=data["notes"],
            check_in=data["check_in"],
            items=data["items"],
        )

    def save_trial(self, *, browser_session, programme):
        """Keep an anonymous visitor's session until they sign up (or for 24 hours)."""
        return trial_session_record(
            browser_session=browser_session,
            programme=programme,
            client_id=self.cleaned_data["client_id"],
            payload=self.payload,
        )


class ManualSessionForm(forms.Form):
    """ "I did this routine": log a session by hand, with the same rules as the player."""

    routine = forms.ModelChoiceField(label=_("Routine"), queryset=Routine.objects.none())
    date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Started at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)
    pain_before = score_field(_("Pain before (0–10)"))
    pain_after = score_field(_("Pain after (0–10)"))
    effort = score_field(_("Effort (0–10)"), _("0 felt like nothing, 10 was as hard as it gets."))
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["routine"].queryset = Routine.objects.for_user(user)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time"):
            started = datetime.datetime.combine(
                data["date"], data["start_time"], tzinfo=self.user.zone
            )
            try:
                validate_moment(started)
                validate_session_time(self.user, started)
            except forms.ValidationError as error:
                self.add_error("date", error)
            data["started_at"] = started
        return data

    def save(self, *, check_in=None):
        data = self.cleaned_data
        routine = data["routine"]
        seconds = data["minutes"] * 60
        items = [
            {"exercise_id": item.exercise_id, "status": "done", "seconds": item.total_seconds}
            for item in routine.items.select_related("exercise")
        ]
        session, _created = session_record(
            user=self.user,
            client_id=uuid.uuid4(),
            routine=routine,
            started_at=data["started_at"],
            finished_at=data["started_at"] + datetime.timedelta(seconds=seconds),
            planned_seconds=routine.total_seconds_for(self.user),
            actual_seconds=seconds,
            pain_before=data["pain_before"],
            pain_after=data["pain_after"],
            effort=data["effort"],
            notes=data["notes"],
            check_in=check_in or {},
            items=items,
        )
        return session


class SessionEditForm(forms.ModelForm):
    # The same 0–10 list as the check-in, the player and "Log a session".
    pain_before = score_field(_("Pain before (0–10)"))
    pain_after = score_field(_("Pain after (0–10)"))
    effort = score_field(_("Effort (0–10)"), _("0 felt like nothing, 10 was as hard as it gets."))

    class Meta:
        model = Session
        fields = ("pain_before", "pain_after", "effort", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
