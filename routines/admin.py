"""Admin for support work: the built-in programmes (edited with their items), the session
log read-only (a person's own record, looked at to answer their questions), and the sessions
played on a trial before sign-up, shown and purged, never changed."""

import json

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backcare.admin import ReadOnlyAdminMixin
from routines.models import (
    TRIAL_SESSION_KEPT_FOR,
    Programme,
    RoutineItem,
    Session,
    SessionItem,
    TrialSession,
)


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


def _trial_cutoff():
    """Trial sessions saved before this moment are past their 24 hours: nobody can claim
    them any more and ``manage.py purge_anonymous`` deletes them."""
    return timezone.now() - TRIAL_SESSION_KEPT_FOR


class TrialAgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return (
            ("waiting", _("Under 24 hours (can still be kept)")),
            ("past", _("Over 24 hours (to be purged)")),
        )

    def queryset(self, request, queryset):
        if self.value() == "past":
            return queryset.unclaimed(older_than=_trial_cutoff())
        if self.value() == "waiting":
            return queryset.filter(created_at__gte=_trial_cutoff())
        return queryset


@admin.register(TrialSession)
class TrialSessionAdmin(admin.ModelAdmin):
    """Sessions anonymous visitors played on a ready programme, waiting to be kept by
    signing up or logging in. Staff look at them and delete them (one by one, selected, or
    "purge" the selected that are over 24 hours, as ``manage.py purge_anonymous`` does
    every night); nobody adds or edits one here: its only owner is a browser's session."""

    list_display = ("created_at", "programme", "pain", "state")
    list_select_related = ("programme",)
    list_filter = (TrialAgeFilter,)
    search_fields = ("programme__name", "client_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    fields = ("programme", "created_at", "state", "client_id", "played")
    readonly_fields = fields
    actions = ("purge_past_24_hours",)  # and the site's "Delete selected"
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("pain"))
    def pain(self, trial):
        payload = trial.payload or {}
        return f"{payload.get('pain_before', '—')} → {payload.get('pain_after', '—')}"

    @admin.display(description=_("state"))
    def state(self, trial):
        if trial.created_at < _trial_cutoff():
            return _("Over 24 hours: to be purged")
        kept_until = timezone.localtime(trial.created_at + TRIAL_SESSION_KEPT_FOR)
        return _("Can be kept until %(moment)s") % {"moment": f"{kept_until:%d %b %H:%M}"}

    @admin.display(description=_("session as the player sent it"))
    def played(self, trial):
        return format_html("<pre>{}</pre>", json.dumps(trial.payload, indent=2, ensure_ascii=False))

    @admin.action(
        description=_("Purge the selected that are over 24 hours old"), permissions=["delete"]
    )
    def purge_past_24_hours(self, request, queryset):
        # The same rule as manage.py purge_anonymous: one still within its 24 hours may yet
        # be kept by its visitor, so it stays even when selected.
        with transaction.atomic():
            deleted, _per_model = queryset.unclaimed(older_than=_trial_cutoff()).delete()
        kept = queryset.count()
        message = ngettext(
            "%(deleted)d trial session over 24 hours old was deleted.",
            "%(deleted)d trial sessions over 24 hours old were deleted.",
            deleted,
        ) % {"deleted": deleted}
        if kept:
            message += " " + ngettext(
                "%(kept)d under 24 hours was left: its visitor can still keep it.",
                "%(kept)d under 24 hours were left: their visitors can still keep them.",
                kept,
            ) % {"kept": kept}
        self.message_user(request, message)
