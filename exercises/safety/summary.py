"""What a screening outcome means for the catalogue, grouped by reason for the result page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from exercises.safety import (
    CLEAR_LEVEL,
    RESTRICTED,
    SOON,
    STOP,
    URGENT,
    Outcome,
    Rule,
    verdict,
)


@dataclass
class ReasonGroup:
    """The exercises that one set of reasons (conditions) makes "not for you" or "take care"."""

    rules: tuple[Rule, ...]
    not_for_you: list = field(default_factory=list)
    take_care: list = field(default_factory=list)

    @property
    def labels(self) -> str:
        return "; ".join(rule.label for rule in self.rules)


def group_by_reason(exercises: Iterable, outcome: Outcome) -> list[ReasonGroup]:
    """Exercises with a "not for you" or "take care" verdict, grouped by the conditions that
    give it, each exercise once. Groups follow the order of the person's conditions."""
    groups: dict[tuple[str, ...], ReasonGroup] = {}
    if not outcome.rules:
        return []
    for exercise in exercises:
        found = verdict(exercise.category, exercise.tags, outcome)
        if not found.reasons:
            continue
        key = tuple(rule.slug for rule in found.reasons)
        group = groups.setdefault(key, ReasonGroup(found.reasons))
        (group.not_for_you if found.not_for_you else group.take_care).append(exercise)
    order = {rule.slug: index for index, rule in enumerate(outcome.rules)}
    return sorted(
        groups.values(), key=lambda g: (len(g.rules), [order[rule.slug] for rule in g.rules])
    )


@dataclass(frozen=True)
class Conflict:
    """One exercise about which the person's conditions disagree: some leave it out, others
    only ask for care. The careful side wins: it is not for the person."""

    exercise: object
    avoided_by: tuple[Rule, ...]
    cared_by: tuple[Rule, ...]

    @property
    def avoided_labels(self) -> str:
        return "; ".join(rule.label for rule in self.avoided_by)

    @property
    def cared_labels(self) -> str:
        return "; ".join(rule.label for rule in self.cared_by)


def conflicts(exercises: Iterable, outcome: Outcome) -> list[Conflict]:
    """The exercises that one of the person's conditions rules out while another only asks
    for care with it (e.g. the sphinx: not for spinal stenosis, usually fine with
    osteoporosis), so the result page can say once which side wins."""
    found = []
    for exercise in exercises:
        seen = verdict(exercise.category, exercise.tags, outcome)
        if not seen.not_for_you:
            continue
        tags = set(exercise.tags)
        cared = tuple(
            rule
            for rule in outcome.rules
            if rule not in seen.reasons
            and (exercise.category in rule.caution_categories or tags & rule.caution_tags)
        )
        if cared:
            found.append(Conflict(exercise, seen.reasons, cared))
    return found


@dataclass
class ConflictGroup:
    """The conflicts that share their reasons: said once, with the exercises' names."""

    avoided_labels: str
    cared_labels: str
    exercises: list = field(default_factory=list)


def grouped(found: Iterable[Conflict]) -> list[ConflictGroup]:
    groups: dict[tuple[str, str], ConflictGroup] = {}
    for conflict in found:
        key = (conflict.avoided_labels, conflict.cared_labels)
        groups.setdefault(key, ConflictGroup(*key)).exercises.append(conflict.exercise)
    return list(groups.values())


def headline(outcome: Outcome, profile=None) -> str:
    """Which one thing the result page says first: urgent, soon, stop, cleared, restricted
    or clear (the template words it)."""
    if outcome.level == STOP and profile is not None and not profile.not_cleared:
        return "cleared"
    return {
        URGENT: "urgent",
        SOON: "soon",
        STOP: "stop",
        RESTRICTED: "restricted",
        CLEAR_LEVEL: "clear",
    }[outcome.level]


def not_for_you(items: Iterable, outcome: Outcome) -> list:
    """(item, verdict) for the routine items whose exercise is not for this person."""
    found = [(item, verdict(item.exercise.category, item.exercise.tags, outcome)) for item in items]
    return [(item, seen) for item, seen in found if seen.not_for_you]


def take_care(items: Iterable, outcome: Outcome) -> list:
    """(item, verdict) for the routine items whose exercise needs care for this person."""
    found = [(item, verdict(item.exercise.category, item.exercise.tags, outcome)) for item in items]
    return [(item, seen) for item, seen in found if seen.take_care]


def playable(items: Iterable, left_out: Iterable, included: set[int]) -> list:
    """The items a session plays: all but those left out, unless the person included them
    for this session."""
    leave = {item.pk for item, _verdict in left_out} - set(included)
    return [item for item in items if item.pk not in leave]
