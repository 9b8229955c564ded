from django import forms
from django.utils.translation import gettext_lazy as _

from exercises.models import TIME_BUCKETS, Category, Difficulty, Equipment, Position, Region
from exercises.safety import excluded

NO_EQUIPMENT = "none"


def _with_any(label, choices):
    return [("", label), *choices]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters: a GET form, so a filtered list has a URL to share."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or keyword")}),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_with_any(_("Any category"), Category.choices)
    )
    region = forms.ChoiceField(
        label=_("Body region"), required=False, choices=_with_any(_("Any region"), Region.choices)
    )
    position = forms.ChoiceField(
        label=_("Position"), required=False, choices=_with_any(_("Any position"), Position.choices)
    )
    equipment = forms.ChoiceField(
        label=_("Equipment"),
        required=False,
        choices=_with_any(
            _("Any equipment"), [(NO_EQUIPMENT, _("No equipment")), *Equipment.choices]
        ),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_with_any(_("Any level"), Difficulty.choices),
    )
    time = forms.ChoiceField(
        label=_("Time needed"),
        required=False,
        choices=_with_any(_("Any time"), [(k, v[0]) for k, v in TIME_BUCKETS.items()]),
    )

    show_all = forms.BooleanField(
        label=_("Show all exercises, with the ones not for you marked"),
        required=False,
        help_text=_("Otherwise your safety check hides them."),
    )

    # In sight above "More filters"; not counted as one of them.
    ALWAYS_SHOWN = ("q", "show_all")

    def __init__(self, *args, outcome=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a safety check that rules something out has anything to hide.
        self.outcome = outcome if outcome is not None and any(excluded(outcome)) else None
        if self.outcome is None:
            del self.fields["show_all"]

    @property
    def hides_unsuitable(self) -> bool:
        """Once a person's safety check rules exercises out, the list leaves them out
        unless they ask to see everything (marked)."""
        return self.outcome is not None and not self.cleaned_data.get("show_all")

    def filter(self, queryset):
        """Apply every valid filter; an invalid one is reported on the form and ignored.
        What is not for the person is left to ``hide``."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.search(data["q"])
        for name in ("category", "position"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("difficulty"):
            queryset = queryset.filter(difficulty=data["difficulty"])
        if data.get("region"):
            queryset = queryset.filter(regions__has=data["region"])
        if data.get("equipment") == NO_EQUIPMENT:
            queryset = queryset.without_equipment()
        elif data.get("equipment"):
            queryset = queryset.filter(equipment__has=data["equipment"])
        if data.get("time"):
            queryset = queryset.in_time_bucket(data["time"])
        return queryset

    def hide(self, queryset):
        """The filtered list as shown: without what is not for the person, unless they
        chose to see everything."""
        return queryset.safe_for(self.outcome) if self.hides_unsuitable else queryset

    @property
    def active_filters(self):
        return [name for name, value in getattr(self, "cleaned_data", {}).items() if value]

    @property
    def more_filters_active(self):
        """The filters folded under "More filters" that are in use: not the search box,
        which is always in sight."""
        return [name for name in self.active_filters if name not in self.ALWAYS_SHOWN]
