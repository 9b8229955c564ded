"""Write the figure review sheet (steps, moments, keyframes, warnings) to one HTML file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from exercises.views import figure_sheet_context

CSS_START = "/* ==== Exercise figures"
CSS_END = "/* ==== End of exercise figures ==== */"


def sheet_css() -> str:
    """The figure rules of static/css/app.css, so the file looks like the staff page."""
    text = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text(encoding="utf-8")
    start, end = text.find(CSS_START), text.find(CSS_END)
    return text[start:end] if 0 <= start < end else ""


class Command(BaseCommand):
    help = "Write the review sheet of every exercise figure to an HTML file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="figures.html", help="file to write")

    def handle(self, *args, path, **options):
        context = figure_sheet_context()
        html = render_to_string(
            "exercises/figure_sheet_file.html",
            {**context, "sheet_css": mark_safe(sheet_css())},  # noqa: S308 - our CSS
        )
        Path(path).write_text(html, encoding="utf-8")
        count = len(context["exercises"])
        self.stdout.write(f"Wrote {count} exercise figures to {path}")
