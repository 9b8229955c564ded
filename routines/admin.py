"""Admin for support work: the built-in programmes (edited with their items), and the
session log read-only (a person's own record, looked at to answer their questions)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backcare.admin import ReadOnlyAdminMixin
from routines.models import Programme, RoutineItem, Session, SessionItem


class RoutineItemForm(forms.ModelForm):
    per_side = forms.NullBooleanField(
        label=_("Each side"),
        required=False,
        widget=forms.Select(
            choices=[("", _("As the exercise says")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = RoutineItem
        fields = ("position", "exercise", "seconds", "reps", "sets", "rest_seconds", "per_side")


class RoutineItemInline(admin.TabularInline):
    model = RoutineItem
    form = RoutineItemForm
    verbose_name = _("exercise")
    verbose_name_plural = _("exercises, in order (empty amounts are the exercise's own)")
    fields = ("position", "exercise", "seconds", "reps", "sets", "rest_seconds", "per_side")
    autocomplete_fields = ("exercise",)
    ordering = ("position", "pk")
    extra = 0


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ("name", "slug", "level", "notes", "sources")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = True  # a programme is known by its slug
        self.fields["level"].required = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    inlines = (RoutineItemInline,)
    list_display = ("name", "level", "slug", "updated_at")
    list_filter = ("level",)
    search_fields = ("name", "slug", "notes")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("level", "name")
    fieldsets = (
        (
            None,
            {
                "fields": ("name", "slug", "level", "notes", "sources"),
                "description": _(
                    "Built-in programmes come from routines/programmes/programmes.toml: loading "
                    "it again (at every migrate) puts back what the file says. Change the file "
                    "for a lasting change; use this page to look, or for a quick fix."
                ),
            },
        ),
    )


class SessionItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SessionItem
    fields = ("position", "exercise", "status", "seconds")
    readonly_fields = fields
    ordering = ("position", "pk")


@admin.register(Session)
class SessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    inlines = (SessionItemInline,)
    view_on_site = False  # the session's page is its owner's alone
    fields = (
        "user",
        "routine_name",
        "played_from",
        "started_at",
        "finished_at",
        "local_date",
        "planned_seconds",
        "actual_seconds",
        "pain_before",
        "pain_after",
        "effort",
        "notes",
        "check_in",
        "client_id",
    )
    list_display = (
        "started_at",
        "user",
        "routine_name",
        "actual_seconds",
        "pain_before",
        "pain_after",
        "effort",
    )
    list_select_related = ("user",)
    search_fields = ("user__email", "routine_name")
    date_hierarchy = "started_at"
    ordering = ("-started_at",)
    show_full_result_count = False

    @admin.display(description=_("played from the routine"))
    def played_from(self, session):
        return session.routine or "—"
