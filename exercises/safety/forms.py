"""The safety check's forms: the first page (age and umbrella questions), the follow-ups and a
doctor's clearance. Labels are the questions of conditions.toml and questionnaire.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.safety.questionnaire import NO, NONE, TICK, YES

NONE_LABEL = _("None of these")


class CheckForm(forms.Form):
    """The first page: the age, then one question per part of the questionnaire."""

    age = forms.IntegerField(
        label=_("Your age"),
        min_value=1,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Some exercises are not suitable under 16 or over 70."),
    )

    def __init__(self, parts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            section = part.section
            if section.kind == TICK:
                field = forms.MultipleChoiceField(
                    label=section.question,
                    choices=[(c.slug, c.question) for c in part.conditions] + [(NONE, NONE_LABEL)],
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    help_text=section.help,
                    error_messages={
                        "required": _("Tick what applies to you, or “None of these”."),
                    },
                )
            else:
                field = forms.ChoiceField(
                    label=section.question,
                    choices=[(YES, _("Yes")), (NO, _("No"))],
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    help_text=section.help,
                    error_messages={"required": _("Answer yes or no.")},
                )
            self.fields[part.key] = field

    def part_fields(self):
        """(bound field, is a tick list, yes/no in a row) per part, for the template."""
        return [
            (self[part.key], part.section.kind == TICK, part.section.kind != TICK)
            for part in self.parts
        ]

    def steps(self):
        """The parts grouped for the page: each tick list alone, the yes/no questions next to
        each other together. Without JavaScript they show one after another; with it, one
        group at a time (static/js/safety-steps.js)."""
        steps = []
        for part, field in zip(self.parts, self.part_fields(), strict=True):
            yes_no = part.section.kind != TICK
            if yes_no and steps and steps[-1][0]:
                steps[-1][1].append(field)
            else:
                steps.append((yes_no, [field]))
        return [fields for _yes_no, fields in steps]

    def clean(self):
        data = super().clean()
        for part in self.parts:
            ticked = data.get(part.key)
            if part.section.kind == TICK and ticked and NONE in ticked and len(ticked) > 1:
                self.add_error(
                    part.key,
                    _("You ticked “None of these” and something above it: untick one of them."),
                )
        return data

    def first_page(self) -> dict:
        """The answers as plain data, for the session between the two pages."""
        # "None of these" is kept, so Back shows it ticked; answers_from reads only slugs.
        return {"age": self.cleaned_data["age"]} | {
            part.key: self.cleaned_data[part.key] for part in self.parts
        }


class FollowUpForm(forms.Form):
    """The second page: for each umbrella answered yes, which of its conditions apply."""

    def __init__(self, parts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            self.fields[part.key] = forms.MultipleChoiceField(
                label=part.section.follow_up,
                choices=[(c.slug, c.question) for c in part.conditions],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _(
                        "You answered yes on the first page: tick what applies, or go back and "
                        "change that answer."
                    ),
                },
            )


class ClearanceForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("A doctor has seen me about the answers above and said I can exercise."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example who cleared you, when, and anything they asked you to avoid."),
    )
