"""The timed plan of a routine: every step the player plays, with its duration. Pure.

``timed_plan`` turns a routine's items into steps: a get-ready countdown before each
exercise, the exercise's own steps (each set, each side, with a switch between sides and a
rest between sets, from ``exercises.dosage.exercise_steps``) and a rest between exercises.
The routine pages, the generator and the player all use it, so the total a page shows is
the time the player takes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from exercises.dosage import Dosage, exercise_steps

GET_READY, WORK, SWITCH, REST = "get-ready", "work", "switch", "rest"


@dataclass(frozen=True)
class PlanItem:
    """One exercise in a routine, with its dosage after the item's overrides."""

    slug: str
    name: str
    category: str
    dosage: Dosage
    instructions: tuple[str, ...] = ()
    breathing: str = ""


@dataclass(frozen=True)
class PlanStep:
    kind: str  # get-ready | work | switch | rest
    seconds: int
    item: int  # index of the item this step belongs to (for rest: the one just finished)
    slug: str
    name: str
    mode: str = ""
    side: str = ""
    set_number: int = 0
    sets: int = 0
    reps: int = 0
    seconds_per_rep: int = 0
    hold_seconds: int = 0
    # Held repetitions: the rest between two holds, inside the work step (hold, release,
    # hold...), so the player can say "hold" and "release" in turn.
    release_seconds: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def timed_plan(
    items: list[PlanItem], *, get_ready_seconds: int = 5, rest_between_seconds: int = 15
) -> list[PlanStep]:
    steps: list[PlanStep] = []
    for index, item in enumerate(items):
        dosage = item.dosage
        common = {
            "item": index,
            "slug": item.slug,
            "name": item.name,
            "mode": dosage.mode,
            "sets": dosage.sets,
            "reps": dosage.reps,
            "seconds_per_rep": dosage.seconds_per_rep,
            "hold_seconds": dosage.seconds,
            "release_seconds": dosage.release_seconds,
        }
        if get_ready_seconds:
            steps.append(
                PlanStep(
                    GET_READY,
                    get_ready_seconds,
                    **common,
                    side="left" if dosage.per_side else "",
                    set_number=1,
                )
            )
        for step in exercise_steps(dosage):
            steps.append(
                PlanStep(
                    step.kind, step.seconds, **common, side=step.side, set_number=step.set_number
                )
            )
        if index < len(items) - 1 and rest_between_seconds:
            steps.append(PlanStep(REST, rest_between_seconds, **common))
    return steps


def options_for(user) -> dict:
    """A user's get-ready and rest preferences as ``timed_plan`` options; a visitor gets
    the defaults."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        "get_ready_seconds": user.get_ready_seconds,
        "rest_between_seconds": user.default_rest_seconds,
    }


def total_seconds(items: list[PlanItem], **options) -> int:
    return sum(step.seconds for step in timed_plan(items, **options))


def item_seconds(item: PlanItem) -> int:
    """The time of one item on its own (without get-ready and the rest after it)."""
    return item.dosage.total_seconds()
