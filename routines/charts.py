"""Geometry for the server-drawn SVG charts. Pure: values in, coordinates out.

The templates draw the shapes with <title>/<desc> and always show the same numbers as a
table, so no chart library runs in the browser and screen readers get the data.
"""

from __future__ import annotations

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 28


def _scale(value, top_value):
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot - (plot * value / top_value if top_value else 0)


def bar_chart(labels: list[str], values: list[float], *, goal: float | None = None) -> dict:
    top_value = max([*values, goal or 0, 1])
    step = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = _scale(value, top_value)
        bars.append(
            {
                "x": round(LEFT + index * step + step * 0.15, 1),
                "y": round(y, 1),
                "width": round(step * 0.7, 1),
                "height": round(HEIGHT - BOTTOM - y, 1),
                "label": label,
                "value": value,
                "label_x": round(LEFT + index * step + step / 2, 1),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "baseline": HEIGHT - BOTTOM,
        "goal_y": round(_scale(goal, top_value), 1) if goal else None,
        "top": top_value,
        "top_y": TOP,
        "left": LEFT,
        "right": WIDTH - RIGHT,
    }


def line_chart(
    labels: list[str], series: dict[str, list[float | None]], *, top_value: float = 10
) -> dict:
    """Lines with gaps where a week has no value; each point keeps its label and value."""
    step = (WIDTH - LEFT - RIGHT) / max(len(labels) - 1, 1)
    lines = []
    for name, values in series.items():
        points = []
        for index, value in enumerate(values):
            if value is not None:
                points.append(
                    {
                        "x": round(LEFT + index * step, 1),
                        "y": round(_scale(value, top_value), 1),
                        "label": labels[index],
                        "value": value,
                    }
                )
        segments, current = [], []
        for index, value in enumerate(values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{LEFT + index * step:.1f},{_scale(value, top_value):.1f}")
        if current:
            segments.append(current)
        lines.append(
            {"name": name, "points": points, "paths": [" ".join(segment) for segment in segments]}
        )
    ticks = [{"value": v, "y": round(_scale(v, top_value), 1)} for v in (0, 5, 10)]
    label_every = max(1, len(labels) // 6)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines,
        "ticks": ticks,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": HEIGHT - BOTTOM,
        "labels": [
            {"x": round(LEFT + i * step, 1), "text": label}
            for i, label in enumerate(labels)
            if i % label_every == 0
        ],
    }
