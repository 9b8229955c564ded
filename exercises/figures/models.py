"""A staff member's review of an exercise's figure (the staff figure sheet). Django registers it
from ``exercises.models``, which imports it."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def figure_digest(figure: dict) -> str:
    """A fingerprint of a figure's data: a review signs off this exact drawing."""
    return hashlib.sha256(json.dumps(figure, sort_keys=True).encode()).hexdigest()


class FigureReview(models.Model):
    """A staff member looked at an exercise's figure next to its steps, moment by moment, and
    signed it off (the staff figure sheet). ``digest`` is of the figure data reviewed, so a
    figure changed since shows as needing a new review."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.CASCADE, related_name="figure_reviews"
    )
    digest = models.CharField(max_length=64)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("figure review")

    def __str__(self):
        return f"{self.exercise} ({self.reviewed_at:%Y-%m-%d})"
