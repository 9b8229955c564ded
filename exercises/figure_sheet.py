"""The staff review sheet of exercise figures: each exercise's steps beside its animated
figure, the moments between keyframes (0, 25, 50 and 75 % of the cycle) and every keyframe,
the automatic warnings, and whether a reviewer has signed the current drawing off.

Shared by /staff/figures/ and ``manage.py figure_sheet`` (which has no review buttons).
The in-between moments are drawn here, not through the figure cache: only staff see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from exercises.figures import figure_problems
from exercises.figures.motion import transitions
from exercises.figures.render import render_still
from exercises.models import Exercise, FigureReview, figure_digest

MOMENTS = (0.0, 0.25, 0.5, 0.75)
MAX_FIGURE_BYTES = 12 * 1024


@dataclass
class SheetItem:
    exercise: Exercise
    digest: str = ""
    moments: list[tuple[str, SafeString]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review: FigureReview | None = None  # the latest review of the current drawing
    earlier_review: FigureReview | None = None  # the latest review of an older drawing


def _between(figure: dict, mode: str, at: float) -> str:
    """Which keyframes a moment of the cycle lies between, in words."""
    keyframes = figure["keyframes"]
    count = len(keyframes)
    path = list(range(count)) + ([] if mode == "hold" else [0])
    legs = transitions(count, mode)
    leg = min(int(at * legs + 1e-9), legs - 1)
    t = at * legs - leg
    name = [k.get("label") or str(n + 1) for n, k in enumerate(keyframes)]
    if t < 1e-6:
        return name[path[leg]]
    return _("%(a)s → %(b)s") % {"a": name[path[leg]], "b": name[path[leg + 1]]}


def _warnings(exercise: Exercise) -> list[str]:
    """What the loader would refuse (a figure edited since, in the admin), and what a person
    should look at: a drawing too heavy for the pages, keyframes without a name."""
    figure = exercise.figure
    warnings = list(figure_problems(figure, mode=exercise.mode))
    size = len(str(exercise.figure_animated).encode())
    if size > MAX_FIGURE_BYTES:
        warnings.append(
            _("the animated figure is %(kb).1f KB (budget 12 KB)") % {"kb": size / 1024}
        )
    unnamed = [str(n + 1) for n, k in enumerate(figure["keyframes"]) if not k.get("label")]
    if unnamed:
        warnings.append(_("keyframes without a name: %(list)s") % {"list": ", ".join(unnamed)})
    return warnings


def sheet_items(exercises) -> list[SheetItem]:
    exercises = list(exercises)
    latest: dict[tuple[int, str], FigureReview] = {}
    any_review: dict[int, FigureReview] = {}
    reviews = FigureReview.objects.filter(exercise__in=exercises).select_related("reviewer")
    for review in reviews:  # newest first
        latest.setdefault((review.exercise_id, review.digest), review)
        any_review.setdefault(review.exercise_id, review)
    items = []
    for exercise in exercises:
        item = SheetItem(exercise)
        if exercise.figure:
            item.digest = figure_digest(exercise.figure)
            item.review = latest.get((exercise.pk, item.digest))
            if item.review is None:
                item.earlier_review = any_review.get(exercise.pk)
            item.warnings = _warnings(exercise)
            for at in MOMENTS:
                label = _("%(pct)d%%: %(between)s") % {
                    "pct": round(at * 100),
                    "between": _between(exercise.figure, exercise.mode, at),
                }
                svg = render_still(
                    exercise.figure,
                    label=f"{exercise.name}, {label}",
                    mode=exercise.mode,
                    at=at,
                )
                item.moments.append((label, mark_safe(svg)))  # noqa: S308 - our renderer, escaped
        items.append(item)
    return items


def sheet_context(*, can_review: bool = False, slug: str = "") -> dict:
    """The whole sheet, or (``slug``) one exercise's part of it."""
    exercises = Exercise.objects.order_by("category", "name")
    if slug:
        exercises = exercises.filter(slug=slug)
    items = sheet_items(exercises)
    with_figure = [i for i in items if i.exercise.figure]
    return {
        "items": items,
        "exercises": [i.exercise for i in items],
        "can_review": can_review,
        "reviewed_count": sum(1 for i in with_figure if i.review),
        "warning_count": sum(1 for i in with_figure if i.warnings),
        "figure_count": len(with_figure),
        "only": slug,
    }
