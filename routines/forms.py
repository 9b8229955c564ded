"""Routine forms. Each form owns its write; every write is atomic."""

import datetime
import json
import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from exercises.dosage import bounds_of
from exercises.models import Difficulty, Equipment, Exercise, Region
from exercises.safety import CHECK_IN_QUESTIONS, CheckIn
from routines.generator import GOALS, HOME_EQUIPMENT, LEVELS, MAX_MINUTES, MIN_MINUTES, Request
from routines.models import (
    PlannedSession,
    Routine,
    RoutineItem,
    Session,
    SessionItem,
    bounds_message,
    validate_session_time,
)
from routines.services import session_record, trial_session_record

MAX_ITEMS = 40


class RoutineForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = ("name", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def save_for(self, owner):
        routine = self.save(commit=False)
        routine.owner = owner
        routine.save()
        return routine


class ItemForm(forms.ModelForm):
    """Overrides of one item's dosage; empty means "as the exercise says"."""

    per_side = forms.TypedChoiceField(
        label=_("Each side"),
        required=False,
        empty_value=None,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        choices=[("", _("As the exercise says")), ("yes", _("Yes")), ("no", _("No"))],
    )

    class Meta:
        model = RoutineItem
        fields = ("seconds", "reps", "sets", "rest_seconds", "per_side")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        exercise = self.instance.exercise
        dosage = exercise.dosage
        if self.instance.per_side is not None:
            self.initial["per_side"] = "yes" if self.instance.per_side else "no"
        if exercise.mode == "reps":
            del self.fields["seconds"]
        else:
            self.fields["seconds"].label = (
                _("Hold (seconds)") if exercise.mode == "hold" else _("Duration (seconds)")
            )
        if exercise.mode == "timed":
            del self.fields["reps"]
        for name, default in (
            ("seconds", dosage.seconds),
            ("reps", dosage.reps),
            ("sets", dosage.sets),
            ("rest_seconds", dosage.rest_seconds),
        ):
            if name in self.fields:
                # The bounds are RoutineItem.clean()'s, by mode; the browser hints them. The
                # field checks the same bounds with the same words, in place of the model
                # field's widest ones (1800 s for any mode), so one limit is shown, not two.
                low, high = bounds_of(name, exercise.mode)
                message = bounds_message(low, high)
                field = self.fields[name]
                field.validators = [
                    MinValueValidator(low, message=message),
                    MaxValueValidator(high, message=message),
                ]
                field.widget.attrs.update(
                    {"placeholder": default, "inputmode": "numeric", "min": low, "max": high}
                )
                recommended = [getattr(exercise, f"{name}_{end}", None) for end in ("min", "max")]
                self.fields[name].help_text = (
                    _("Recommended: %(low)s–%(high)s")
                    % {"low": recommended[0], "high": recommended[1]}
                    if None not in recommended and recommended[0] != recommended[1]
                    else _("Default: %(value)s") % {"value": default}
                )

    def focus_first_error(self):
        """Sent back with an error: the browser puts the focus (and scrolls) to the first
        field that has one, where the message is."""
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return


class AddItemForm(forms.Form):
    exercise = forms.SlugField()
    confirm = forms.BooleanField(required=False)

    def __init__(self, routine, *args, **kwargs):
        self.routine = routine
        super().__init__(*args, **kwargs)

    def clean_exercise(self):

        try:
            return Exercise.objects.get(slug=self.cleaned_data["exercise"])
        except Exercise.DoesNotExist:
            raise forms.ValidationError(
                _("That exercise does not exist."), code="unknown"
            ) from None

    def clean(self):
        if self.routine.items.count() >= MAX_ITEMS:
            raise forms.ValidationError(
                _("A routine can hold at most %(max)s exercises.") % {"max": MAX_ITEMS}
            )
        return super().clean()

    @transaction.atomic
    def save(self):
        last = self.routine.items.aggregate(last=Max("position"))["last"]
        item = RoutineItem.objects.create(
            routine=self.routine,
            exercise=self.cleaned_data["exercise"],
            position=0 if last is None else last + 1,
        )
        self.routine.save(update_fields=["updated_at"])
        return item


class OrderForm(forms.Form):
    """The full new order of a routine's items, as item ids."""

    order = forms.CharField()

    def __init__(self, routine, *args, **kwargs):
        self.routine = routine
        super().__init__(*args, **kwargs)

    def clean_order(self):
        try:
            ids = [int(part) for part in self.cleaned_data["order"].split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                _("The new order was not understood."), code="invalid"
            ) from None
        current = set(self.routine.items.values_list("pk", flat=True))
        if len(ids) != len(set(ids)) or set(ids) != current:
            raise forms.ValidationError(
                _("The routine changed in the meantime; reload the page and try again."),
                code="stale",
            )
        return ids

    @transaction.atomic
    def save(self):
        items = {item.pk: item for item in self.routine.items.select_for_update()}
        for position, pk in enumerate(self.cleaned_data["order"]):
            items[pk].position = position
        RoutineItem.objects.bulk_update(items.values(), ["position"])


class GeneratorForm(forms.Form):
    """What the user wants from a generated routine. A GET form: a result has a URL."""

    goal = forms.ChoiceField(label=_("Goal"), initial="relieve", choices=GOALS.items())
    regions = forms.MultipleChoiceField(
        label=_("Focus on"),
        required=False,
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the whole back."),
    )
    minutes = forms.IntegerField(
        label=_("Minutes available"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=15
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        initial=1,
        choices=[(level, Difficulty(level).label) for level in LEVELS],
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment at hand"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(value, label) for value, label in Equipment.choices if value in HOME_EQUIPMENT],
    )
    seed = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=0, max_value=2**31
    )

    def routine_name(self):
        goal = GOALS[self.cleaned_data["goal"]]
        return _("%(goal)s, %(minutes)s min") % {
            "goal": goal,
            "minutes": self.cleaned_data["minutes"],
        }

    def request(self):
        data = self.cleaned_data
        return Request(
            minutes=data["minutes"],
            level=data["level"],
            regions=frozenset(data["regions"]),
            goal=data["goal"],
            equipment=frozenset(data["equipment"]),
            seed=data.get("seed") or 0,
        )


PAIN_CHOICES = [("", _("Not noted"))] + [(n, str(n)) for n in range(11)]


def _score(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=PAIN_CHOICES,
        help_text=help_text,
    )


YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class CheckInForm(forms.Form):
    """Quick questions before a session (``CHECK_IN_QUESTIONS``, the labels); any yes stops
    today's session. Then the pain score before starting."""

    pain_before = _score(_("How much does your back hurt right now? (0 none – 10 worst)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in CHECK_IN_QUESTIONS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                coerce=lambda v: v == "yes",
                choices=YES_NO,
                widget=forms.RadioSelect,
            )
        self.order_fields([*CHECK_IN_QUESTIONS, "pain_before"])

    def check_in(self):
        return CheckIn(**{name: self.cleaned_data[name] for name in CHECK_IN_QUESTIONS})


class IncludeForm(forms.Form):
    """Before a session: the exercises left out as not for the person, each of which they may
    include for this session only, by a choice that names the reason."""

    include = forms.TypedMultipleChoiceField(
        label=_("Include for this session only"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, left_out, *args, every_item=False, **kwargs):
        """``left_out``: (item id, exercise name, reasons) of each item left out."""
        super().__init__(*args, **kwargs)
        self.every_item = every_item
        self.fields["include"].choices = [
            (
                pk,
                _("Include “%(name)s” this time, although it is not for you because of: %(why)s")
                % {"name": name, "why": reasons},
            )
            for pk, name, reasons in left_out
        ]

    def clean_include(self):
        included = self.cleaned_data["include"]
        if self.every_item and not included:
            raise forms.ValidationError(
                _(
                    "Every exercise in this routine is not for you. Include one for this "
                    "session, or go back and change the routine."
                ),
                code="nothing_left",
            )
        return included


class CareForm(forms.Form):
    """Before a session: whether to leave out the exercises marked "take care" for the
    person, for this session only (they are played, with their note, unless left out)."""

    leave = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, care, *args, nothing_else=False, **kwargs):
        """``care``: (item id, exercise name, reasons) of each item that needs care;
        ``nothing_else``: leaving them out would leave nothing to play."""
        super().__init__(*args, **kwargs)
        self.nothing_else = nothing_else
        self.fields["leave"].label = _(
            "Leave out the exercises that need care this time: %(names)s"
        ) % {"names": "; ".join(f"{name} ({reasons})" for _pk, name, reasons in care)}

    def clean_leave(self):
        leave = self.cleaned_data["leave"]
        if leave and self.nothing_else:
            raise forms.ValidationError(
                _(
                    "Nothing would be left to play. Keep them in and take care, or choose "
                    "another routine."
                ),
                code="nothing_left",
            )
        return leave


# Python's calendar ends at the years 1 and 9999; a moment within a day of either end cannot
# be turned into UTC or the user's time zone (OverflowError), so it is refused as a date.
FIRST_MOMENT = datetime.datetime(1, 1, 3, tzinfo=datetime.timezone.utc)
LAST_MOMENT = datetime.datetime(9999, 12, 29, tzinfo=datetime.timezone.utc)
OUT_OF_RANGE = _("That date is too far in the past or the future.")


def validate_moment(moment):
    if not FIRST_MOMENT <= moment <= LAST_MOMENT:
        raise forms.ValidationError(OUT_OF_RANGE, code="out_of_range")


# The player's JSON is three levels deep (the session, its items, an item); a little room
# over that, and nothing a hostile body nests hundreds of levels deep reaches a recursion.
MAX_JSON_DEPTH = 8
# The largest session the player sends (500 items, 2,000 characters of notes) is under 40 KB.
MAX_SESSION_BYTES = 64 * 1024


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity: Python's json reads them, JSON itself has no such values."""


def _refuse_constant(name):
    raise _NotANumber(name)


def json_problem(value) -> str | None:
    """What makes a parsed JSON value unfit to store, or None: nesting deeper than
    ``MAX_JSON_DEPTH``, or half of a UTF-16 pair (\\ud800), which no database can store.
    Walked with a stack, not recursion, so any depth is answered."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return _("The JSON is nested too deeply.")
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return _("Text must be valid Unicode.")
        elif isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return None


def parse_json_object(body: bytes) -> dict:
    """The request body as a JSON object, or a ValidationError that says what is wrong."""
    if len(body or b"") > MAX_SESSION_BYTES:
        raise forms.ValidationError(
            _("The session is too large (at most %(kb)s KB).") % {"kb": MAX_SESSION_BYTES // 1024},
            code="too_large",
        )
    try:
        payload = json.loads(body or b"{}", parse_constant=_refuse_constant)
    except _NotANumber:
        raise forms.ValidationError(
            _("Numbers must be finite: NaN and Infinity are not JSON."), code="json"
        ) from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise forms.ValidationError(_("Send the session as JSON."), code="json") from None
    if not isinstance(payload, dict):
        raise forms.ValidationError(_("Send the session as a JSON object."), code="json")
    problem = json_problem(payload)
    if problem is not None:
        raise forms.ValidationError(problem, code="json")
    return payload


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
    # A date or time input's value is ISO in every language (not "06.12.2026" in Russian).
    date = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Started at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)
    pain_before = _score(_("Pain before (0–10)"))
    pain_after = _score(_("Pain after (0–10)"))
    effort = _score(_("Effort (0–10)"), _("0 felt like nothing, 10 was as hard as it gets."))
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
    pain_before = _score(_("Pain before (0–10)"))
    pain_after = _score(_("Pain after (0–10)"))
    effort = _score(_("Effort (0–10)"), _("0 felt like nothing, 10 was as hard as it gets."))

    class Meta:
        model = Session
        fields = ("pain_before", "pain_after", "effort", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class WeeklyPlanForm(forms.Form):
    """Which of the person's routines on which weekday, at what time of day. A day with no
    routine is a rest day. Saving replaces the whole plan at once."""

    DEFAULT_TIME = datetime.time(18, 0)

    def __init__(self, user, *args, **kwargs):

        self.user = user
        super().__init__(*args, **kwargs)
        # Read once: seven select boxes share the same list of routines.
        self.routines = {r.pk: r for r in Routine.objects.for_user(user).only("pk", "name")}
        choices = [("", _("Rest day"))] + [(pk, r.name) for pk, r in self.routines.items()]
        planned = {entry.weekday: entry for entry in PlannedSession.objects.for_user(user)}
        for day, label in PlannedSession.Weekday.choices:
            entry = planned.get(day)
            self.fields[f"routine_{day}"] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=entry.routine_id if entry else "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"time_{day}"] = forms.TimeField(
                label=_("Time on %(day)s") % {"day": label},
                required=False,
                initial=entry.time if entry else self.DEFAULT_TIME,
                widget=forms.TimeInput(
                    attrs={"type": "time", "class": "form-control"}, format="%H:%M"
                ),
            )

    def days(self):
        """(routine field, time field) for each day, Monday first."""
        return [(self[f"routine_{day}"], self[f"time_{day}"]) for day in range(7)]

    def clean(self):
        cleaned = super().clean()
        for day in range(7):
            if cleaned.get(f"routine_{day}") is not None and not cleaned.get(f"time_{day}"):
                self.add_error(
                    f"time_{day}", _("Choose a time for this day, or make it a rest day.")
                )
        return cleaned

    @transaction.atomic
    def save(self):

        kept = {entry.weekday: entry for entry in PlannedSession.objects.for_user(self.user)}
        for day in range(7):
            pk = self.cleaned_data.get(f"routine_{day}")
            entry = kept.get(day)
            if pk is None:
                if entry is not None:
                    entry.delete()
                continue
            routine = self.routines[pk]
            time = self.cleaned_data[f"time_{day}"].replace(second=0, microsecond=0)
            if entry is None:
                PlannedSession.objects.create(
                    user=self.user, routine=routine, weekday=day, time=time
                )
            elif (entry.routine_id, entry.time) != (routine.pk, time):
                entry.routine, entry.time = routine, time
                entry.save(update_fields=["routine", "time"])
