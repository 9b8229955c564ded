from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backcare.admin import ReadOnlyAdminMixin
from exercises.models import (
    DESCRIPTION_FIELDS,
    DOSAGE_FIELDS,
    RANGED,
    Condition,
    Exercise,
    Region,
)
from exercises.safety.models import Screening


class LinesField(forms.CharField):
    """A list of strings edited as one item per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ExerciseAdminForm(forms.ModelForm):
    aliases = LinesField(required=False, help_text=_("One name per line."))
    steps = LinesField(help_text=_("One step per line, in order; at least three."))
    cautions = LinesField(help_text=_("One caution per line."))

    class Meta:
        model = Exercise
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    # The rules of a valid exercise (steps, dosage ranges and bounds) are Exercise.clean(),
    # which the admin reaches through full_clean(), as the catalogue loader does.


def dosage_rows():
    """The dosage fields, each amount on one row with its range."""
    return [
        (name, f"{name}_min", f"{name}_max") if name in RANGED else name
        for name in DOSAGE_FIELDS
        if not name.endswith(("_min", "_max"))
    ]


class RegionFilter(admin.SimpleListFilter):
    title = _("body region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        return queryset.filter(regions__has=self.value()) if self.value() else queryset


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseAdminForm
    list_display = ("name", "category", "position", "difficulty", "mode", "duration_seconds")
    list_filter = ("category", RegionFilter, "position", "difficulty", "mode", "per_side")
    search_fields = ("name", "slug", "summary", "search_text")
    readonly_fields = ("duration_seconds",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "aliases", "summary", *DESCRIPTION_FIELDS[2:], "sources")},
        ),
        (_("Instructions"), {"fields": ("steps", "breathing", "cautions", "specialist")}),
        (_("Dosage"), {"fields": (*dosage_rows(), "duration_seconds")}),
    )


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ("label", "group", "outcome", "position")
    list_filter = ("group", "outcome")
    search_fields = ("slug", "label", "question", "advice")
    ordering = ("position",)


@admin.register(Screening)
class ScreeningAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Screenings are a person's answers about their health: shown to support, never
    changed from the admin."""

    list_display = ("created_at", "user", "outcome", "age", "version", "ended_at", "cleared_at")
    list_filter = ("outcome", "version")
    list_select_related = ("user",)
    search_fields = ("user__email",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    show_full_result_count = False
