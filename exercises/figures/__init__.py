"""Exercise figures: a 2D pose model, figures as data, and an SVG renderer.

Pure Python: nothing here imports Django except ``cache`` (rendering once per exercise
version). See exercises/catalogue/README.md for the data format.
"""

from exercises.figures.render import (
    figure_label,
    render_animated,
    render_still,
)
from exercises.figures.spec import FigureError, figure_problems, solve_figure, validate_figure

__all__ = [
    "FigureError",
    "figure_label",
    "figure_problems",
    "render_animated",
    "render_still",
    "solve_figure",
    "validate_figure",
]
