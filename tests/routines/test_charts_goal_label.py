"""The goal's label on the weekly bar chart stays inside the picture."""

import re

from django.template.loader import render_to_string

from routines.charts import bar_chart


def goal_label_y(chart) -> float:
    html = render_to_string(
        "routines/includes/bar_chart.html",
        {"chart": chart, "chart_id": "c", "unit": "sessions"},
    )
    return float(re.search(r'<text x="[\d.]+" y="([\d.-]+)" class="chart-label">goal<', html)[1])


def test_a_goal_at_the_top_of_the_chart_is_labelled_below_its_line():
    chart = bar_chart(["a", "b"], [1, 2], goal=3)  # the goal is the highest value
    assert chart["goal_y"] == chart["top_y"]
    assert goal_label_y(chart) > chart["goal_y"]


def test_a_goal_lower_down_is_labelled_above_its_line():
    chart = bar_chart(["a", "b"], [1, 6], goal=3)
    assert goal_label_y(chart) < chart["goal_y"]
