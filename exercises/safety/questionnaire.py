"""The safety check's structure: umbrella questions first, follow-ups only after a yes.

The first page asks the age and one question per ``Section``: a "tick any that apply" list
(each item its own labelled checkbox, with an explicit "None of these") or a yes/no umbrella.
The second page asks, for each umbrella answered yes, which of its conditions apply. Each
item is a condition's own question from conditions.toml, so the wording lives in one place.

A condition with a question that no section names is still asked: in the section whose
``catch_all_group`` is its group, else in the last section. The careful side wins: a new
condition is never silently left out of the check.

Pure: works on any objects with ``slug``, ``group`` and ``question`` (``Condition`` rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TICK, YES_NO = "tick", "yes-no"
NONE = "none"
YES, NO = "yes", "no"
# 1 was the single page of 42 checkboxes; 2 the two steps; 3 asks bones and joints apart from
# back pain, the pregnancy's weeks, new or worsening leg numbness, and answers red flags at once.
VERSION = 3


@dataclass(frozen=True)
class Section:
    key: str
    question: str
    kind: str  # TICK or YES_NO
    conditions: tuple[str, ...]
    help: str = ""
    follow_up: str = ""  # the follow-up list's question, for YES_NO sections
    catch_all_group: str = ""
    # Whether a re-take starts from the previous answer. Warning signs and "today" answers
    # describe how the person is now, so they are always answered afresh.
    prefill: bool = True
    # A tick here of a warning sign that needs a doctor now or today (urgent or soon) ends
    # the check: the advice comes at once, the other questions are not asked.
    at_once: bool = False
    # The follow-up list's own "none of these" (a yes to the umbrella that none of its
    # items names), or "" when the follow-up needs a tick.
    none_label: str = ""
    # Conditions of the section answered by a date on the follow-up, not by a tick.
    dated: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "warning-signs",
        _("Do you have any of these warning signs?"),
        TICK,
        (
            "numbness-both-legs",
            "saddle-numbness",
            "bladder-bowel-control",
            "sexual-problems-new",
            "chest-pain-now",
            "pain-after-accident",
            "minor-fall-osteoporosis",
            "fever-with-back-pain",
            "unexplained-weight-loss",
            "night-pain",
            "back-lump-or-shape-change",
            "progressive-leg-weakness",
            "walking-changes",
            "thoracic-pain",
            "cancer-history-new-back-pain",
            "long-term-steroids",
            "weakened-immunity-or-injecting",
        ),
        help=_(
            "Some of these need a doctor quickly. They describe how you are now, so they are "
            "always answered afresh."
        ),
        catch_all_group="red-flag",
        prefill=False,
        at_once=True,
    ),
    Section(
        "general-health",
        _("Your general health: does any of this apply to you?"),
        TICK,
        (
            "heart-vessel-disease",
            "high-blood-pressure",
            "uncontrolled-blood-pressure",
            "stroke-or-tia",
            "blood-thinners",
            "chest-pain-recent",
            "dizziness-fainting",
            "other-chronic-condition",
            "chronic-medication",
            "bone-joint-problem",
            "supervised-only",
        ),
        catch_all_group="general",
    ),
    # Asked of everyone, with or without back pain now: thin bones, worn joints and a new hip
    # change what is safe whether or not the back hurts today.
    Section(
        "bones-joints",
        _("Your bones and joints: has a doctor told you about any of these?"),
        TICK,
        ("osteoporosis", "arthritis-joint-disease", "hip-replacement"),
    ),
    Section(
        "back-neck",
        _(
            "Do you have back or neck pain now, or pain or tingling spreading into a leg or an "
            "arm, or has a doctor told you about a condition of your back, neck or hips?"
        ),
        YES_NO,
        (
            "acute-back-pain",
            "new-back-pain",
            "sciatica",
            "herniated-disc",
            "spinal-stenosis",
            "spondylolisthesis",
            "scoliosis",
            "osteochondrosis",
            "spine-inflammation",
            "ankylosing-spondylitis",
            "inflammatory-back-pain",
            "spinal-head-injury",
            "neck-problem",
            "neck-turn-symptoms",
        ),
        follow_up=_("Your back and neck: which of these apply to you?"),
        catch_all_group="back",
        none_label=_("None of these: ordinary back or neck pain"),
    ),
    Section(
        "pregnancy",
        _("Are you pregnant, or have you given birth in the last six months?"),
        YES_NO,
        ("pregnancy", "pregnancy-after-first-trimester", "recently-given-birth"),
        follow_up=_("Pregnancy and birth: which of these apply to you?"),
        dated=("pregnancy-after-first-trimester",),
    ),
    Section(
        "surgery",
        _(
            "Have you ever had an operation on your spine, or another operation that was recent "
            "or still limits how you move?"
        ),
        YES_NO,
        (
            "spinal-surgery-recent",
            "spinal-surgery-past",
            "other-surgery-recent",
            "other-surgery-past",
            "abdominal-surgery",
        ),
        follow_up=_("Your operations: which of these apply to you?"),
    ),
    Section(
        "today",
        _("Today: does any of this apply to you?"),
        TICK,
        (
            "fever-cold-now",
            "infection-now",
            "general-weakness",
            "chronic-illness-flare",
            "menstruation",
            "bleeding",
        ),
        help=_("These describe today, so they are always answered afresh."),
        prefill=False,
    ),
    # Issue 22: a STarT Back-style set. It restricts nothing; three or more ticks steer the
    # person to a physiotherapist (exercises.safety.STARTBACK_HIGH_RISK).
    Section(
        "outlook",
        _("How your pain has been lately: does any of this apply to you?"),
        TICK,
        ("startback-bothersome", "startback-worry", "startback-fear", "startback-low-mood"),
        help=_(
            "These answers do not change which exercises are for you; they tell us whether a "
            "physiotherapist could help you get better."
        ),
    ),
    Section(
        "other",
        _("Anything else: does any of this apply to you?"),
        TICK,
        (
            "thrombosis",
            "cancer",
            "eye-pressure",
            "epilepsy",
            "mental-disorder",
            "weight-over-100kg",
            "poor-fitness",
            "hypermobility",
            "knee-problem",
            "abdominal-separation",
        ),
        catch_all_group="situation",
    ),
)

# A yes to the first means a yes to the second, whatever else was ticked.
IMPLIES = {"pregnancy-after-first-trimester": "pregnancy"}


@dataclass(frozen=True)
class Part:
    """One section with the conditions it asks about, in order."""

    section: Section
    conditions: tuple  # Condition rows (or anything with slug, group, question)

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def slugs(self) -> list[str]:
        return [condition.slug for condition in self.conditions]

    @property
    def ticked_conditions(self) -> tuple:
        """The conditions asked by a tick (the dated ones are asked by a date)."""
        return tuple(c for c in self.conditions if c.slug not in self.section.dated)

    @property
    def has_follow_up(self) -> bool:
        """A yes to an umbrella with one condition means that condition: nothing to ask."""
        return self.section.kind == YES_NO and len(self.conditions) > 1

    def at_once(self, not_clearable: Iterable[str]) -> list[str]:
        """The slugs whose tick ends the check at once (see ``Section.at_once``)."""
        if not self.section.at_once:
            return []
        return [c.slug for c in self.conditions if c.outcome in not_clearable]


def layout(conditions: Iterable, sections: Sequence[Section] = SECTIONS) -> list[Part]:
    """The questionnaire's parts for these conditions (those without a question are derived,
    e.g. from the age, and not asked). Sections left without a condition are dropped."""
    asked = [condition for condition in conditions if condition.question]
    placed = {slug: section.key for section in sections for slug in section.conditions}
    by_group = {
        section.catch_all_group: section.key for section in sections if section.catch_all_group
    }
    fallback = sections[-1].key
    members: dict[str, list] = {section.key: [] for section in sections}
    for condition in asked:
        key = placed.get(condition.slug) or by_group.get(condition.group) or fallback
        members[key].append(condition)
    order = {slug: index for section in sections for index, slug in enumerate(section.conditions)}
    parts = []
    for section in sections:
        found = sorted(members[section.key], key=lambda c: order.get(c.slug, len(order)))
        if found:
            parts.append(Part(section, tuple(found)))
    return parts


def answers_from(
    parts: Sequence[Part], first: Mapping[str, object], follow_up: Mapping[str, Sequence[str]]
) -> dict[str, bool]:
    """Every asked condition's yes/no, from the first page and the follow-ups.

    ``first`` holds, per part, the ticked slugs (TICK) or "yes"/"no" (YES_NO); ``follow_up``
    the ticked slugs of each umbrella answered yes. A condition behind a "no" is a no. A part
    not answered (a check ended at once by a warning sign) gives no answer at all, so a
    re-take asks it and nothing is taken as a "no" that was never said.
    """
    answers: dict[str, bool] = {}
    for part in parts:
        given = first.get(part.key)
        if not given:
            continue
        if part.section.kind == TICK:
            ticked = set(given)
        elif given != YES:
            ticked = set()
        elif part.has_follow_up:
            if part.key not in follow_up:
                continue
            ticked = set(follow_up[part.key])
        else:
            ticked = set(part.slugs)
        for slug in part.slugs:
            answers[slug] = slug in ticked
    for slug, implied in IMPLIES.items():
        if answers.get(slug) and implied in answers:
            answers[implied] = True
    return answers


def follow_ups(parts: Sequence[Part], first: Mapping[str, object]) -> list[Part]:
    """The parts whose follow-up list is asked on the second page."""
    return [part for part in parts if part.has_follow_up and first.get(part.key) == YES]


def questions_asked(parts: Sequence[Part], first: Mapping[str, object]) -> int:
    """How many questions a person answers: the age, one per part, one per follow-up list."""
    return 1 + len(parts) + len(follow_ups(parts, first))


def initial_from(parts: Sequence[Part], answers: Mapping[str, bool]) -> tuple[dict, dict]:
    """The first page's and the follow-ups' initial values from earlier answers, so a re-take
    starts from them. Conditions the earlier check did not ask stay unanswered."""
    first: dict[str, object] = {}
    follow: dict[str, list[str]] = {}
    for part in parts:
        if not part.section.prefill:
            continue
        yes = [slug for slug in part.slugs if answers.get(slug)]
        # "None" or "no" only when every item was asked before: a question added since then
        # must be read and answered.
        all_asked = all(slug in answers for slug in part.slugs)
        if part.section.kind == TICK:
            if yes or all_asked:
                first[part.key] = yes or [NONE]
        elif yes:
            first[part.key] = YES
            if part.has_follow_up:
                follow[part.key] = [slug for slug in yes if slug not in part.section.dated]
        elif all_asked:
            first[part.key] = NO
    return first, follow
