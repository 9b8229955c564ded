"""The safety check's forms: the first page (age and umbrella questions), the follow-ups and a
doctor's clearance. Labels are the questions of conditions.toml and questionnaire.py."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises.safety import NOT_CLEARABLE
from exercises.safety.questionnaire import NO, NONE, TICK, YES
from exercises.safety.timing import PREGNANCY, TERM_WEEKS, due_date_from_weeks

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
                    required=False,  # clean(): unless a warning sign ended the check
                )
            else:
                field = forms.ChoiceField(
                    label=section.question,
                    choices=[(YES, _("Yes")), (NO, _("No"))],
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    help_text=section.help,
                    required=False,
                )
            self.fields[part.key] = field

    def at_once_slugs(self, part=None) -> list[str]:
        """The warning signs whose tick ends the check at once (need a doctor now or today)."""
        parts = self.parts if part is None else [part]
        return [slug for p in parts for slug in p.at_once(NOT_CLEARABLE)]

    def at_once_parts(self) -> list:
        return [part for part in self.parts if part.section.at_once]

    @property
    def ends_at_once(self) -> bool:
        """A warning sign that needs a doctor now or today was ticked: the advice comes at
        once, and the questions after it need no answer."""
        ticked = {
            slug
            for part in self.at_once_parts()
            for slug in (getattr(self, "cleaned_data", {}).get(part.key) or ())
        }
        return bool(ticked & set(self.at_once_slugs()))

    def part_fields(self):
        """(bound field, is a tick list, yes/no in a row, warning signs that end the check at
        once as a space-separated list, a yes leads to the follow-up page) per part, for the
        template."""
        return [
            (
                self[part.key],
                part.section.kind == TICK,
                part.section.kind != TICK,
                " ".join(self.at_once_slugs(part)),
                part.has_follow_up,
            )
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
        at_once = self.ends_at_once
        for part in self.parts:
            ticked = data.get(part.key)
            if not ticked and part.key not in self.errors:
                if at_once and not part.section.at_once:
                    continue  # the advice comes first; these are asked on a new check
                self.add_error(
                    part.key,
                    _("Tick what applies to you, or “None of these”.")
                    if part.section.kind == TICK
                    else _("Answer yes or no."),
                )
                continue
            if part.section.kind == TICK and ticked and NONE in ticked and len(ticked) > 1:
                self.add_error(
                    part.key,
                    _("You ticked “None of these” and something above it: untick one of them."),
                )
        return data

    def first_page(self) -> dict:
        """The answers as plain data, for the session between the two pages. A check ended at
        once by a warning sign keeps only the age and the warning signs: the rest, perhaps
        prefilled from an earlier check and never read, is asked again next time."""
        # "None of these" is kept, so Back shows it ticked; answers_from reads only slugs.
        parts = self.at_once_parts() if self.ends_at_once else self.parts
        return {"age": self.cleaned_data["age"]} | {
            part.key: self.cleaned_data[part.key] for part in parts
        }


class FollowUpForm(forms.Form):
    """The second page: for each umbrella answered yes, which of its conditions apply; for a
    pregnancy, how far along (weeks, or the due date)."""

    def __init__(self, parts, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.today = today or timezone.localdate()
        for part in parts:
            none = [(NONE, part.section.none_label)] if part.section.none_label else []
            self.fields[part.key] = forms.MultipleChoiceField(
                label=part.section.follow_up,
                choices=[(c.slug, c.question) for c in part.ticked_conditions] + none,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _(
                        "You answered yes on the first page: tick what applies, or go back and "
                        "change that answer."
                    ),
                },
            )
            if PREGNANCY in part.slugs:
                self.fields["pregnancy_weeks"] = forms.IntegerField(
                    label=_("Weeks pregnant"),
                    required=False,
                    min_value=1,
                    max_value=TERM_WEEKS + 2,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                    help_text=_(
                        "Or give the due date below. Some exercises change after 12 weeks; "
                        "BackCare moves you on by itself."
                    ),
                )
                self.fields["pregnancy_due"] = forms.DateField(
                    label=_("Or the due date"),
                    required=False,
                    # ISO in every language, as a date input needs it.
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )

    def tick_fields(self):
        return [self[part.key] for part in self.parts]

    def date_fields(self):
        return [self[name] for name in ("pregnancy_weeks", "pregnancy_due") if name in self.fields]

    def clean(self):
        data = super().clean()
        for part in self.parts:
            ticked = data.get(part.key) or []
            if NONE in ticked and len(ticked) > 1:
                self.add_error(
                    part.key,
                    _("You ticked “None of these” and something above it: untick one of them."),
                )
        pregnant = PREGNANCY in [s for p in self.parts for s in data.get(p.key) or []]
        if pregnant and "pregnancy_weeks" not in self.errors and "pregnancy_due" not in self.errors:
            weeks, due = data.get("pregnancy_weeks"), data.get("pregnancy_due")
            if due is not None and not (
                self.today <= due <= self.today + datetime.timedelta(weeks=TERM_WEEKS)
            ):
                self.add_error(
                    "pregnancy_due",
                    _(
                        "Give a due date from today to 40 weeks ahead. If your baby has been "
                        "born, tick “given birth” instead."
                    ),
                )
            elif due is None and weeks is None:
                self.add_error(
                    "pregnancy_weeks",
                    _("Give how many weeks pregnant you are, or your due date."),
                )
        return data

    def details(self) -> dict:
        """The dated answers: the pregnancy's due date, from the date or the weeks."""
        data = self.cleaned_data
        if PREGNANCY not in [s for p in self.parts for s in data.get(p.key) or []]:
            return {}
        due = data.get("pregnancy_due") or due_date_from_weeks(data["pregnancy_weeks"], self.today)
        return {"pregnancy-due": due.isoformat()}

    def ticks(self) -> dict:
        return {part.key: self.cleaned_data[part.key] for part in self.parts}


class ClearanceForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "A doctor or physiotherapist has seen me about the answers above and said that "
            "exercise is fine for me."
        ),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example who cleared you, when, and anything they asked you to avoid."),
    )
