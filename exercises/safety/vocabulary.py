"""The words for safety outcomes, defined once: the codes stored and the labels shown.

``Level`` is a person's outcome after a check (``Screening.outcome``, ``Outcome.level``);
``RuleOutcome`` is what one condition does (``Condition.outcome``, conditions.toml), with the
same labels: a condition that "restricts" makes the person "restricted". What an outcome
means for one exercise is a ``Verdict``: "avoid" (shown as "Not for you"), "caution" ("Take
care") or "ok".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exercises.safety import CLEAR_LEVEL, RESTRICT, RESTRICTED, SOON, STOP, URGENT


class Level(models.TextChoices):
    URGENT = URGENT, _("Seek medical care now")
    SOON = SOON, _("See a doctor today")
    STOP = STOP, _("See a doctor first")
    RESTRICTED = RESTRICTED, _("Some exercises are not for you")
    CLEAR = CLEAR_LEVEL, _("No restrictions")


class RuleOutcome(models.TextChoices):
    URGENT = URGENT, Level.URGENT.label
    SOON = SOON, Level.SOON.label
    STOP = STOP, Level.STOP.label
    RESTRICT = RESTRICT, Level.RESTRICTED.label
