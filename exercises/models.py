"""The exercise catalogue."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Abs
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

# The vocabularies, the search and language helpers, and the models Django registers from this
# module although they live beside what they serve: a safety check and a condition with their
# rules (exercises/safety/models.py), a figure's review with the figures.
from exercises.choices import (
    Category,
    Difficulty,
    Equipment,
    Mode,
    Position,
    Region,
    Source,
    Tag,
)
from exercises.dosage import AMOUNTS, NEUTRAL, Dosage, bounds_of, release_for
from exercises.fields import ChoiceListField
from exercises.figures.cache import figure_svg
from exercises.figures.models import FigureReview, figure_digest  # noqa: F401
from exercises.safety import excluded
from exercises.safety.models import (  # noqa: F401
    Condition,
    ConditionGroup,
    ConditionOutcome,
    ConditionQuerySet,
    Screening,
)
from exercises.text import in_active_language, normalise_for_search, with_translations  # noqa: F401

# "Time needed" filter: label and the [low, high) range in seconds of one exercise.
TIME_BUCKETS = {
    "1": (_("Under 1 minute"), 0, 60),
    "3": (_("1 to 3 minutes"), 60, 180),
    "5": (_("3 to 5 minutes"), 180, 300),
    "more": (_("Over 5 minutes"), 300, None),
}


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RANGED = ("seconds", "reps", "sets")  # amounts that may have a [min, max] range
# Field lists written once: the catalogue's cards, the generator, the admin and the loader
# read them.
DESCRIPTION_FIELDS = (
    "slug",
    "name",
    "category",
    "regions",
    "position",
    "equipment",
    "difficulty",
    "tags",
)
DOSAGE_FIELDS = (
    "mode",
    *(f"{name}{end}" for name in ("seconds", "reps") for end in ("", "_min", "_max")),
    "seconds_per_rep",
    "sets",
    "sets_min",
    "sets_max",
    "per_side",
    "rest_seconds",
)
MIN_ITEMS = {"steps": 3, "cautions": 1}


class ExerciseQuerySet(models.QuerySet):
    def search(self, query: str):
        """Exercises whose text holds every word of the query. A query with nothing to
        search for (only punctuation or symbols) matches nothing, rather than everything."""
        words = normalise_for_search(query).split()
        if not words:
            return self.none() if query.strip() else self
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def in_time_bucket(self, key: str):
        _label, low, high = TIME_BUCKETS[key]
        queryset = self.filter(duration_seconds__gte=low)
        return queryset.filter(duration_seconds__lt=high) if high else queryset

    def without_equipment(self):
        return self.filter(equipment="")

    def safe_for(self, outcome):
        """Leave out the exercises that are not for a person with this screening outcome."""

        categories, tags = excluded(outcome)
        unsafe = Q(category__in=categories) if categories else Q()
        for tag in sorted(tags):
            unsafe |= Q(tags__has=tag)
        return self.exclude(unsafe) if unsafe else self

    def related_to(self, exercise, limit=4):
        """The exercises most like this one: the same category counts most, then each body
        region they share and the same position (no getting up and down to try it);
        closest in difficulty first among equals. At least the category or a region is
        shared."""
        score = Case(When(category=exercise.category, then=Value(4)), default=Value(0))
        score += Case(When(position=exercise.position, then=Value(2)), default=Value(0))
        overlap = Q(category=exercise.category)
        for region in exercise.regions:
            score += Case(When(regions__has=region, then=Value(2)), default=Value(0))
            overlap |= Q(regions__has=region)
        return (
            self.filter(overlap)
            .exclude(pk=exercise.pk)
            .annotate(
                relatedness=score,
                difficulty_gap=Abs(F("difficulty") - Value(exercise.difficulty)),
            )
            .order_by("-relatedness", "difficulty_gap", "name")[:limit]
        )


class Exercise(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    regions = ChoiceListField(_("body regions"), choices=Region.choices, blank=False)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    equipment = ChoiceListField(_("equipment"), choices=Equipment.choices)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices)
    tags = ChoiceListField(_("movement tags"), choices=Tag.choices)
    steps = models.JSONField(_("steps"), default=list)
    breathing = models.TextField(_("breathing"), blank=True)
    cautions = models.JSONField(_("cautions"), default=list, blank=True)
    specialist = models.TextField(
        _("needs a specialist or special equipment"),
        blank=True,
        help_text=_("Leave empty for exercises anyone can do at home."),
    )
    sources = ChoiceListField(_("sources"), choices=Source.choices)

    # Dosage: defaults, and the range the source gives where it gives one.
    mode = models.CharField(_("dosage"), max_length=5, choices=Mode.choices)
    seconds = models.PositiveSmallIntegerField(_("seconds"), default=0)
    seconds_min = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds_max = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(_("repetitions"), default=1)
    reps_min = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(null=True, blank=True)
    seconds_per_rep = models.PositiveSmallIntegerField(_("seconds per repetition"), default=0)
    sets = models.PositiveSmallIntegerField(
        _("sets"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    sets_min = models.PositiveSmallIntegerField(null=True, blank=True)
    sets_max = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(_("each side"), default=False)
    rest_seconds = models.PositiveSmallIntegerField(_("rest between sets (seconds)"), default=0)

    # The animated figure, as data (see exercises/figures and exercises/catalogue/README.md).
    figure = models.JSONField(_("figure"), default=dict, blank=True)
    # The figure's words in other languages, {"ru": {"description": ..., "labels": [...]}}:
    # the English ones are inside the figure, whose angles are the same in every language.
    figure_words = models.JSONField(default=dict, blank=True, editable=False)

    # Derived on save, for filtering and search.
    duration_seconds = models.PositiveIntegerField(default=0, editable=False)
    search_text = models.TextField(default="", editable=False)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__in=[1, 2, 3]), name="exercise_difficulty"
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1) & Q(sets__lte=10), name="exercise_sets"
            ),
        ]
        indexes = [models.Index(fields=["category", "name"], name="exercise_category_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("exercises:detail", args=[self.slug])

    def clean(self):
        """The rules of a valid exercise, for the catalogue loader and the admin alike
        (both call ``full_clean``): texts and lists, and a dosage whose amounts, ranges and
        defaults stay inside the bounds of its mode."""
        super().clean()
        errors: dict[str, list] = {}
        if self.slug and not SLUG.match(self.slug):
            errors.setdefault("slug", []).append(
                _("Use lowercase words joined by hyphens, e.g. knee-hug.")
            )
        for name in ("aliases", "steps", "cautions"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(
                isinstance(line, str) and line.strip() for line in value
            ):
                errors.setdefault(name, []).append(_("Give a list of non-empty lines."))
            elif len(value) < MIN_ITEMS.get(name, 0):
                errors.setdefault(name, []).append(
                    ngettext(
                        "Give at least %(n)s line.", "Give at least %(n)s lines.", MIN_ITEMS[name]
                    )
                    % {"n": MIN_ITEMS[name]}
                )
        if self.mode in AMOUNTS:
            for name, messages in self.dosage_errors().items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def dosage_errors(self) -> dict[str, list]:
        errors: dict[str, list] = {}
        used = AMOUNTS[self.mode]
        mode_label = Mode(self.mode).label
        for name in ("seconds", "reps", "seconds_per_rep", "sets", "rest_seconds"):
            value = getattr(self, name)
            low_high = (
                (getattr(self, f"{name}_min"), getattr(self, f"{name}_max"))
                if name in RANGED
                else (None, None)
            )
            if name not in used:
                if value != NEUTRAL[name] or low_high != (None, None):
                    errors[name] = [
                        _("Does not apply to %(mode)s; leave it at %(neutral)s, without a range.")
                        % {"mode": mode_label.lower(), "neutral": NEUTRAL[name]}
                    ]
                continue
            low_bound, high_bound = bounds_of(name, self.mode)
            if value is None or not low_bound <= value <= high_bound:
                errors[name] = [
                    _("Must be between %(low)s and %(high)s.")
                    % {"low": low_bound, "high": high_bound}
                ]
                continue
            low, high = low_high
            if (low is None) != (high is None):
                errors[f"{name}_min"] = [_("Give both ends of the range, or neither.")]
            elif low is not None and low > high:
                errors[f"{name}_min"] = [_("The lowest value is above the highest.")]
            elif low is not None and not low_bound <= low <= high <= high_bound:
                errors[f"{name}_min"] = [
                    _("The range must stay between %(low)s and %(high)s.")
                    % {"low": low_bound, "high": high_bound}
                ]
            elif low is not None and not low <= value <= high:
                errors[name] = [
                    _("The default must lie inside the range %(low)s–%(high)s.")
                    % {"low": low, "high": high}
                ]
        return errors

    @property
    def dosage(self) -> Dosage:
        return Dosage(
            mode=self.mode,
            seconds=self.seconds,
            reps=self.reps,
            seconds_per_rep=self.seconds_per_rep,
            sets=self.sets,
            per_side=self.per_side,
            rest_seconds=self.rest_seconds,
        )

    def refresh_derived_fields(self):
        self.duration_seconds = self.dosage.total_seconds()
        # Every language's words, so a search in any language finds the exercise whatever
        # the page's language (the columns exercises/translation.py adds, name_en, name_ru...).
        words = [self.name, *self.aliases, self.summary]
        for code, _name in settings.LANGUAGES:
            for field in ("name", "aliases", "summary"):
                value = getattr(self, f"{field}_{code}", None) or ""
                words += value if isinstance(value, list) else [value]
        self.search_text = normalise_for_search(" ".join(dict.fromkeys(words)))

    @staticmethod
    def _labels(values, choices):
        names = dict(choices.choices)
        return [names[value] for value in values if value in names]

    @property
    def region_labels(self):
        return self._labels(self.regions, Region)

    @property
    def equipment_labels(self):
        return self._labels(self.equipment, Equipment)

    @property
    def tag_labels(self):
        return self._labels(self.tags, Tag)

    @property
    def source_labels(self):
        return [(code, label) for code, label in Source.choices if code in self.sources]

    @property
    def shown_figure(self) -> dict:
        """The figure with its words (description, keyframe labels) in the active language."""
        language = get_language() or settings.LANGUAGE_CODE
        if not self.figure or language == settings.LANGUAGE_CODE:
            return self.figure  # the English words are the figure's own
        words = self.figure_words.get(language, {})
        if not words:
            return self.figure
        keyframes = self.figure["keyframes"]
        if words.get("labels"):
            keyframes = [
                {**keyframe, "label": label}
                for keyframe, label in zip(keyframes, words["labels"], strict=True)
            ]
        return {**self.figure, "description": words["description"], "keyframes": keyframes}

    # The figure, rendered once per version of the exercise (exercises/figures/cache.py).
    @property
    def figure_animated(self):
        return figure_svg(self, "animated")

    @property
    def figure_animated_other_side(self):
        return figure_svg(self, "animated", mirrored=True) if self.per_side else ""

    @property
    def figure_thumbnail(self):
        return figure_svg(self, "still")

    @property
    def figure_keyframes(self):
        """Every keyframe still, side by side, for people who prefer reduced motion."""
        keyframes = self.shown_figure.get("keyframes", [])
        return [
            (keyframe.get("label", ""), figure_svg(self, "frame", frame=n))
            for n, keyframe in enumerate(keyframes)
        ]

    def dosage_in_words(self, overrides=None) -> str:
        """For example "hold 20–40 s, each side, 2 sets". ``overrides`` (a routine item's
        own values: seconds, reps, sets, rest_seconds, per_side) replace the catalogue's."""
        overrides = {k: v for k, v in (overrides or {}).items() if v is not None}

        def amount(name, default, low, high):
            if name in overrides:
                return str(overrides[name])
            return (
                f"{low}–{high}"
                if low is not None and high is not None and low != high
                else str(default)
            )

        def count(words: str) -> int:
            # The number a plural agrees with: a range's upper end ("2–3 подхода",
            # "8–12 повторений").
            return int(words.rpartition("–")[2])

        seconds = overrides.get("seconds", self.seconds)
        reps = overrides.get("reps", self.reps)
        parts = []
        if self.mode == Mode.HOLD:
            held = amount("seconds", self.seconds, self.seconds_min, self.seconds_max)
            parts.append(_("hold %(s)s s") % {"s": held})
            if reps > 1 or (self.reps_min and "reps" not in overrides):
                times = amount("reps", self.reps, self.reps_min, self.reps_max)
                parts.append(ngettext("%(n)s time", "%(n)s times", count(times)) % {"n": times})
                if "seconds" in overrides or self.seconds_min is None:
                    release = str(release_for(seconds))
                else:
                    low, high = release_for(self.seconds_min), release_for(self.seconds_max)
                    release = f"{low}–{high}" if low != high else str(low)
                parts.append(_("relax %(s)s s between holds") % {"s": release})
        elif self.mode == Mode.REPS:
            times = amount("reps", self.reps, self.reps_min, self.reps_max)
            parts.append(
                ngettext("%(n)s repetition", "%(n)s repetitions", count(times)) % {"n": times}
            )
        else:
            bout = amount("seconds", self.seconds, self.seconds_min, self.seconds_max)
            if seconds % 60 == 0 and (self.seconds_min is None or "seconds" in overrides):
                minutes = seconds // 60
                parts.append(ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes})
            else:
                parts.append(_("%(s)s s") % {"s": bout})
        if overrides.get("per_side", self.per_side):
            parts.append(_("each side"))
        sets = amount("sets", self.sets, self.sets_min, self.sets_max)
        if sets != "1":
            parts.append(ngettext("%(n)s set", "%(n)s sets", count(sets)) % {"n": sets})
        rest = overrides.get("rest_seconds", self.rest_seconds)
        if rest and sets != "1":
            parts.append(_("rest %(s)s s between sets") % {"s": rest})
        return ", ".join(str(part) for part in parts)

    def beyond_recommended(self, overrides) -> list[str]:
        """Where a routine item's own values ask for more than this exercise recommends:
        above the range its source gives, or above the single value it gives."""
        found = []
        checks = [
            ("seconds", self.seconds, self.seconds_max),
            ("reps", self.reps, self.reps_max),
            ("sets", self.sets, self.sets_max),
        ]
        for name, default, high in checks:
            value = overrides.get(name)
            if name == {Mode.REPS: "seconds", Mode.TIMED: "reps"}.get(self.mode):
                continue  # not part of this kind of exercise
            best_high = high if high is not None else default
            if value is not None and value > best_high:
                low = getattr(self, f"{name}_min")
                best = f"{low}–{high}" if low is not None and high is not None else str(default)
                words = {
                    "seconds": _("%(value)s s (recommended: %(best)s s)"),
                    "reps": ngettext(
                        "%(value)s time (recommended: %(best)s)",
                        "%(value)s times (recommended: %(best)s)",
                        value,
                    ),
                    "sets": ngettext(
                        "%(value)s set (recommended: %(best)s)",
                        "%(value)s sets (recommended: %(best)s)",
                        value,
                    ),
                }[name]
                found.append(str(words % {"value": value, "best": best}))
        return found
