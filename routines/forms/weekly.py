"""The weekly plan's form: one of the person's routines per weekday, at a time of day."""

import datetime

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from routines.models import (
    PlannedSession,
    Routine,
)


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
