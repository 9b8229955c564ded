"""Render each exercise's figure once per version of the exercise, then serve it from the cache.

The key is a digest of everything the drawing depends on (the figure data, the name, the
dosage's tempo, the variant), so it changes by itself when the exercise is edited or reloaded
from the catalogue; the renderer's code is covered by the release in every cache key
(backcare/caching/release.py): no stale figure, nothing to invalidate or bump.
"""

import hashlib
import json

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from exercises.figures.render import (
    figure_label,
    figure_times,
    render_animated,
    render_still,
)

SECONDS = 60 * 60 * 24 * 7


def _key(exercise, variant) -> str:
    stamp = json.dumps(
        [
            exercise.shown_figure,
            exercise.name,
            exercise.mode,
            exercise.seconds_per_rep,
            variant,
        ],
        sort_keys=True,
    )
    return "figure:" + hashlib.sha256(stamp.encode()).hexdigest()[:32]


def _render(exercise, variant) -> str:
    kind, frame, mirrored = variant
    figure = exercise.shown_figure  # its words in the active language
    label = figure_label(exercise.name, figure)
    if kind == "frame":
        keyframes = figure["keyframes"]
        step = keyframes[frame].get("label") or figure["description"]
        label = f"{exercise.name}, {frame + 1} of {len(keyframes)}: {step}"
    if kind == "animated":
        return render_animated(
            figure,
            label=label,
            mode=exercise.mode,
            seconds_per_rep=exercise.seconds_per_rep or 4,
            mirrored=mirrored,
        )
    return render_still(figure, label=label, mode=exercise.mode, frame=frame, mirrored=mirrored)


def figure_svg(exercise, kind="still", *, frame=None, mirrored=False) -> SafeString:
    """The exercise's figure as inline SVG ("" when it has none): "animated" or "still"."""
    if not exercise.figure:
        return mark_safe("")
    variant = (kind, frame, mirrored)
    key = _key(exercise, variant)
    svg = cache.get(key)
    if svg is None:
        svg = _render(exercise, variant)
        cache.set(key, svg, SECONDS)
    return mark_safe(svg)  # noqa: S308 - built by our renderer, every text escaped


def player_figures(exercises, mirrored_slugs=frozenset()) -> list[dict]:
    """The animated figures the player embeds, once per exercise (and once more, mirrored,
    for the exercises in ``mirrored_slugs``: those played on the left side), with the times
    static/js/player-figure.js needs to drive them from the player's clock."""
    figures, seen = [], set()
    for exercise in exercises:
        if not exercise.figure or exercise.slug in seen:
            continue
        seen.add(exercise.slug)
        cycle, key = figure_times(
            exercise.figure, mode=exercise.mode, seconds_per_rep=exercise.seconds_per_rep or 4
        )
        sides = ["", "left"] if exercise.slug in mirrored_slugs else [""]
        for side in sides:
            svg = figure_svg(exercise, "animated", mirrored=side == "left")
            figures.append(
                {"slug": exercise.slug, "side": side, "svg": svg, "cycle": cycle, "key": key}
            )
    return figures
