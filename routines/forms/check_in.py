"""The check-in before playing (pain and warning signs) and the choices it leads to: which
exercises to include and how to take care."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.safety import CHECK_IN_QUESTIONS, CheckIn
from routines.forms.log import score_field

YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class CheckInForm(forms.Form):
    """Quick questions before a session (``CHECK_IN_QUESTIONS``, the labels); any yes stops
    today's session. Then the pain score before starting."""

    pain_before = score_field(_("How much does your back hurt right now? (0 none – 10 worst)"))

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
