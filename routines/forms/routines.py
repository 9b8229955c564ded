"""The builder's forms: a routine, its items, their order, and the generator's request.
Each form owns its write; every write is atomic."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from exercises.dosage import bounds_of
from exercises.models import Difficulty, Equipment, Exercise, Region
from routines.generator import GOALS, HOME_EQUIPMENT, LEVELS, MAX_MINUTES, MIN_MINUTES, Request
from routines.models import (
    Routine,
    RoutineItem,
    bounds_message,
)

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
