"""Routines: a person's own (``Routine``, built in the builder or by the generator) and the
built-in programmes people copy (``Programme``: a routine with no owner), with their items."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from exercises.dosage import AMOUNTS, BOUNDS, bounds_of
from exercises.models import Difficulty, Exercise
from routines.timeline import PlanItem, options_for, timed_plan, total_seconds


class RoutineQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def programmes(self):
        return self.filter(owner__isnull=True)


class ProgrammeManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(owner__isnull=True)


class Routine(models.Model):
    """A user's routine, or a built-in programme (no owner) that users copy."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routines",
    )
    name = models.CharField(_("name"), max_length=100)
    notes = models.TextField(_("description"), blank=True, max_length=2000)
    # Built-in programmes only:
    slug = models.SlugField(max_length=80, null=True, blank=True, unique=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Difficulty.choices, null=True, blank=True
    )
    sources = models.JSONField(default=list, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # The person's bad-day routine (breathing and relaxation, see routines.gentle): one per
    # person, rebuilt from their safety rules each time it is offered.
    gentle = models.BooleanField(_("gentle bad-day routine"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(slug__isnull=False),
                name="routine_owner_or_programme",
            ),
            models.UniqueConstraint(
                fields=["owner"], condition=Q(gentle=True), name="routine_one_gentle_per_owner"
            ),
        ]
        indexes = [models.Index(fields=["owner", "name"], name="routine_owner_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.is_programme:
            # A person's routine keeps the name and notes they typed, whatever the page's
            # language: the words just set (the active language's) go in every language's
            # column (routines/translation.py).
            for field in ("name", "notes"):
                typed = getattr(self, field)
                for code, _language in settings.LANGUAGES:
                    setattr(self, f"{field}_{code}", typed)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.is_programme:
            return reverse("routines:programme", args=[self.slug])
        return reverse("routines:detail", args=[self.pk])

    @property
    def is_programme(self):
        return self.owner_id is None

    def plan_items(self, items=None):
        items = self.items.select_related("exercise") if items is None else items
        return [item.plan_item() for item in items]

    def timed_plan_for(self, user, items=None, outcome=None):
        """The routine's timed plan with the user's get-ready and rest preferences, and the
        cap on time on the back their safety check (``outcome``) asks for."""
        return timed_plan(self.plan_items(items), **options_for(user, outcome))

    def total_seconds_for(self, user, items=None, outcome=None):
        return total_seconds(self.plan_items(items), **options_for(user, outcome))


class Programme(Routine):
    """The built-in programmes (routines without an owner), for the admin."""

    objects = ProgrammeManager()

    class Meta:
        proxy = True
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


def bounds_message(low, high) -> str:
    """What the builder says when an amount is out of its mode's bounds: one limit, the
    exercise's own (a hold 1–600 s, a timed bout 5–1800 s)."""
    return _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}


def _bounded(low_high, label):
    low, high = low_high
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
    )


class RoutineItem(models.Model):
    """An exercise in a routine, with optional overrides of the exercise's own dosage."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # The widest bounds of any mode; clean() narrows them to the exercise's mode.
    seconds = _bounded(
        (BOUNDS["hold_seconds"][0], BOUNDS["timed_seconds"][1]), _("hold or duration (seconds)")
    )
    reps = _bounded(BOUNDS["reps"], _("repetitions"))
    sets = _bounded(BOUNDS["sets"], _("sets"))
    rest_seconds = _bounded(BOUNDS["rest_seconds"], _("rest between sets (seconds)"))
    per_side = models.BooleanField(_("each side"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["routine", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sets__isnull=True) | Q(sets__gte=1, sets__lte=10),
                name="routine_item_sets_range",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=100),
                name="routine_item_reps_range",
            ),
            models.CheckConstraint(
                condition=Q(seconds__isnull=True) | Q(seconds__gte=1, seconds__lte=1800),
                name="routine_item_seconds_range",
            ),
            models.CheckConstraint(
                condition=Q(rest_seconds__isnull=True) | Q(rest_seconds__lte=300),
                name="routine_item_rest_range",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} in {self.routine}"

    def clean(self):
        """Overrides stay inside the bounds of the exercise's mode (a hold may be 3 s, a
        timed bout not), and only amounts the mode uses may be overridden."""
        super().clean()
        if self.exercise_id is None:
            return
        mode = self.exercise.mode
        errors = {}
        for name in ("seconds", "reps", "sets", "rest_seconds"):
            value = getattr(self, name)
            if not isinstance(value, int):  # empty, or already refused by clean_fields()
                continue
            if name not in AMOUNTS[mode]:
                errors[name] = _("This exercise has no such amount; leave it empty.")
                continue
            low, high = bounds_of(name, mode)
            if not low <= value <= high:
                errors[name] = bounds_message(low, high)
        if errors:
            raise ValidationError(errors)

    @property
    def dosage(self):
        return self.exercise.dosage.with_overrides(
            seconds=self.seconds if self.exercise.mode != "reps" else None,
            reps=self.reps,
            sets=self.sets,
            rest_seconds=self.rest_seconds,
            per_side=self.per_side,
        )

    def plan_item(self) -> PlanItem:
        exercise = self.exercise
        return PlanItem(
            slug=exercise.slug,
            name=exercise.name,
            category=exercise.category,
            dosage=self.dosage,
            instructions=tuple(exercise.steps),
            breathing=exercise.breathing,
            supine="supine" in exercise.tags,
        )

    @property
    def total_seconds(self):
        return self.dosage.total_seconds()

    @property
    def overrides(self) -> dict:
        """The values this item sets instead of the exercise's own."""
        names = ("seconds", "reps", "sets", "rest_seconds", "per_side")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    def dosage_in_words(self) -> str:
        return self.exercise.dosage_in_words(self.overrides)

    def beyond_recommended(self) -> list[str]:
        return self.exercise.beyond_recommended(self.overrides)
