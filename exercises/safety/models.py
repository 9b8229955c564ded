"""The safety check's models: ``Condition``, a question with its rule, and ``Screening``, one
completed check of a person, with its answers and outcome.

The model lives with the rules that judge it (``exercises.safety``); people own their checks
through ``settings.AUTH_USER_MODEL``, so nothing here imports ``accounts``. Django finds it
through ``exercises.models``, which imports it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises.choices import Category, Tag
from exercises.fields import ChoiceListField
from exercises.safety import Rule, evaluate
from exercises.safety.vocabulary import Level, RuleOutcome


class ScreeningQuerySet(models.QuerySet):
    def not_ended(self):
        """Screenings not ended by the user saying their health changed (expired or not)."""
        return self.filter(ended_at__isnull=True)

    def in_force(self):
        """Screenings that still count: not ended, and less than 12 months old unless urgent
        (an urgent result holds until a new check)."""
        return self.not_ended().filter(
            Q(created_at__gte=timezone.now() - SCREENING_VALID_FOR)
            | Q(outcome__in=[Level.URGENT, Level.SOON])
        )

    def unclaimed(self, older_than):
        """Anonymous screenings never attached to an account and taken before ``older_than``
        (a moment): what ``manage.py purge_anonymous`` deletes."""
        return self.filter(user__isnull=True, created_at__lt=older_than)


SCREENING_VALID_FOR = timezone.timedelta(days=365)
# An anonymous screening waits this long to be claimed at sign-up or log-in, then it goes.
ANONYMOUS_SCREENING_KEPT_FOR = timezone.timedelta(days=30)


class Screening(models.Model):
    """One completed safety check. The newest one in force is the user's safety profile;
    older ones stay as history. Anonymous screenings (user empty) are kept in the visitor's
    session and attached to the account at sign-up or log-in."""

    Level = Level  # exercises/safety/vocabulary.py: the one vocabulary of outcomes

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="screenings",
    )
    created_at = models.DateTimeField(_("taken"), default=timezone.now)
    version = models.PositiveSmallIntegerField(_("questionnaire version"))
    answers = models.JSONField(_("answers"))
    age = models.PositiveSmallIntegerField(_("age"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Level.choices)
    conditions = models.JSONField(_("conditions"), default=list)
    ended_at = models.DateTimeField(_("health changed"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared by a doctor"), null=True, blank=True)
    clearance_note = models.CharField(_("clearance note"), max_length=300, blank=True)
    # The urgent/stop conditions the doctor's clearance covers, recorded with it.
    cleared_conditions = models.JSONField(
        _("conditions the clearance covers"), default=list, blank=True
    )
    # Answers that are dates rather than yes/no, e.g. {"pregnancy-due": "2027-06-01"}
    # (exercises/safety/timing.py reads them against the clock).
    details = models.JSONField(_("dated answers"), default=dict, blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the model lived in accounts: its rows and the
        # cache triggers installed by accounts/migrations/0007 stay as they are.
        db_table = "accounts_screening"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(age__lte=120), name="screening_age_range"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def valid_until(self):
        """When the check stops being in force; None for an urgent or see-a-doctor-today
        result, which holds until a new check."""
        if self.outcome in (self.Level.URGENT, self.Level.SOON):
            return None
        return self.created_at + SCREENING_VALID_FOR

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()

    def record_clearance(self, rules, note: str = "") -> None:
        """Record a doctor's clearance and what it covers: the stop conditions of this
        screening under ``rules``, the rules in force now (``Condition.objects.rules()``);
        urgent and soon ones are never cleared."""
        covers = evaluate(self.answers, self.age, rules).blocking
        self.cleared_at = timezone.now()
        self.clearance_note = note
        self.cleared_conditions = covers
        self.save(update_fields=["cleared_at", "clearance_note", "cleared_conditions"])


class ConditionGroup(models.TextChoices):
    RED_FLAG = "red-flag", _("Urgent warning signs")
    GENERAL = "general", _("General health")
    BACK = "back", _("Back and joints")
    SITUATION = "situation", _("Your situation")


# The one vocabulary of safety outcomes lives in exercises/safety/vocabulary.py.
ConditionOutcome = RuleOutcome


class ConditionQuerySet(models.QuerySet):
    def rules(self):
        """Every condition's rule by slug. Read afresh: a person's evaluated outcome is what
        pages cache (exercises.safety.profile), keyed by the catalogue version."""
        return {condition.slug: condition.as_rule() for condition in self.all()}


class Condition(models.Model):
    """A health condition or situation the safety check asks about, with its rule."""

    slug = models.SlugField(max_length=80, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=ConditionGroup.choices)
    position = models.PositiveSmallIntegerField(_("order in the questionnaire"), default=0)
    label = models.CharField(_("label"), max_length=120)
    question = models.CharField(
        _("question"),
        max_length=300,
        blank=True,
        help_text=_("Empty for conditions derived from the age."),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=ConditionOutcome.choices)
    avoid_categories = ChoiceListField(_("categories not for you"), choices=Category.choices)
    avoid_tags = ChoiceListField(_("movements not for you"), choices=Tag.choices)
    caution_categories = ChoiceListField(
        _("categories to take care with"), choices=Category.choices
    )
    caution_tags = ChoiceListField(_("movements to take care with"), choices=Tag.choices)
    advice = models.TextField(_("advice"))
    sources = models.JSONField(_("sources"), default=list)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.label

    def as_rule(self):

        return Rule(
            slug=self.slug,
            label=self.label,
            outcome=self.outcome,
            advice=self.advice,
            avoid_categories=frozenset(self.avoid_categories),
            avoid_tags=frozenset(self.avoid_tags),
            caution_categories=frozenset(self.caution_categories),
            caution_tags=frozenset(self.caution_tags),
        )
