"""Before playing: today's check-in (kept in the session for two hours), what a person's
conditions mean for a routine (``Fit``), the pre-start page, and the gentle bad-day routine
the check-in can lead to."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from backcare.caching.pages import cached_value
from exercises.safety import profile_of
from exercises.safety.summary import not_for_you, take_care
from routines.forms import (
    CareForm,
    CheckInForm,
    IncludeForm,
)
from routines.generator import NoRoutinePossible
from routines.gentle import allows_gentle, is_gentle
from routines.services import gentle_routine_for

CHECK_IN_KEY = "check_in"
CHECK_IN_VALID_FOR = datetime.timedelta(hours=2)
FIT_SECONDS = 60 * 60


def recent_check_in(request, routine):
    check_in = request.session.get(CHECK_IN_KEY)
    if not check_in:
        return None
    # A check-in that said "rest today" opens only the gentle routine it was answered for.
    if check_in.get("only", routine.pk) != routine.pk:
        return None
    answered = datetime.datetime.fromisoformat(check_in["at"])
    return check_in if timezone.now() - answered < CHECK_IN_VALID_FOR else None


def remember_check_in(request, form, routine):
    """Keep today's check-in answers for the player; answers that said "rest today" are
    kept only for the gentle routine they let through."""
    check_in = form.check_in()
    request.session[CHECK_IN_KEY] = {
        "at": timezone.now().isoformat(),
        "answers": check_in.as_dict(),
        "pain_before": form.cleaned_data["pain_before"],
        **({"only": routine.pk} if check_in.stops_session else {}),
    }


@dataclass(frozen=True)
class Fit:
    """What a person's conditions mean for a routine: the items left out as not for them,
    as (item id, exercise name, reasons), and whether it still plays as a gentle routine."""

    items: tuple[int, ...]
    left_out: tuple[tuple[int, str, str], ...]
    plays_gentle: bool
    # Still gentle for someone weak or dizzy: seated or lying, no breath-holds, no head-down.
    plays_gentle_weak: bool = False
    # The items that need care, as (item id, exercise name, reasons), which the person may
    # leave out of this session.
    take_care: tuple[tuple[int, str, str], ...] = ()

    def gentle_for(self, answers) -> bool:
        """Whether this routine plays after a "rest today" check-in with these answers."""
        return self.plays_gentle_weak if answers.get("weak") else self.plays_gentle

    @property
    def every_item(self) -> bool:
        return len(self.left_out) == len(self.items)


def outcome_key(outcome) -> tuple:
    # In the outcome's order: the reasons are named in that order.
    return (outcome.level, tuple(rule.slug for rule in outcome.rules))


def fit_of(routine, rows, outcome) -> Fit:
    """The routine's ``Fit`` for this outcome, worked out once per catalogue version, items
    and conditions: a hit reads no exercise."""

    def compute():
        items = items_of(routine)
        left_out = not_for_you(items, outcome)
        exercises = [item.exercise for item in items]
        return Fit(
            items=tuple(item.pk for item in items),
            left_out=tuple(
                (item.pk, item.exercise.name, found.reason_labels) for item, found in left_out
            ),
            # Only a routine that is still gentle plays after a "rest today" check-in.
            plays_gentle=routine.gentle and is_gentle(exercises, outcome),
            plays_gentle_weak=routine.gentle and is_gentle(exercises, outcome, weak=True),
            take_care=tuple(
                (item.pk, item.exercise.name, found.reason_labels)
                for item, found in take_care(items, outcome)
            ),
        )

    return cached_value(
        "player-fit",
        routine.pk,
        routine.gentle,
        rows,
        outcome_key(outcome),
        compute=compute,
        seconds=FIT_SECONDS,
    )


def items_of(routine):
    return list(routine.items.select_related("exercise"))


def player_page(request, template, routine, context):
    """``template`` with ``context`` in one render for the request (its content is an
    include, its cached parts ``{% cache %}`` blocks); the title names the routine."""
    return render(request, template, {**context, "routine": routine})


def prestart_page(
    request,
    routine,
    *,
    left_out=(),
    chosen=(),
    every_item=False,
    check_in=True,
    bound=None,
    care=(),
    leave_care=False,
    care_is_all=False,
    screened=True,
):
    """The pre-start page: today's check-in questions (unless answered) and the exercises
    left out, as (item id, exercise name, reasons), each of which may be included for this
    session. Rendered for each request: its form carries the request's CSRF token, and
    ``bound`` forms show this request's answers and errors."""
    if bound is not None:
        form, include_form, care_form = bound
    else:
        form = CheckInForm() if check_in else None
        include_form = (
            IncludeForm(left_out, every_item=every_item, initial={"include": list(chosen)})
            if left_out
            else None
        )
        care_form = (
            CareForm(care, nothing_else=care_is_all, initial={"leave": leave_care})
            if care
            else None
        )
    context = {
        "routine": routine,
        "form": form,
        "include_form": include_form,
        "care_form": care_form,
        "screened": screened,
    }
    return player_page(request, "routines/player_checkin.html", routine, context)


@require_POST
def gentle(request):
    """Build the person's gentle routine from their rules and open it in the player. When
    the check-in answers come along (from the "better to rest today" page) it plays at once."""
    profile = profile_of(request)
    if profile.blocks_playing:
        return render(request, "routines/player_blocked.html", {"profile": profile}, status=403)
    form = CheckInForm(request.POST)
    answered = form.is_valid()
    if answered and not allows_gentle(form.check_in()):
        # A warning sign since the last session: no gentle routine, the urgent advice.
        return redirect("safety:result")
    weak = answered and form.check_in().weak
    try:
        routine = gentle_routine_for(owner=request.user, outcome=profile.outcome, weak=weak)
    except NoRoutinePossible as reason:
        messages.error(request, str(reason))
        return redirect("home")
    if answered:
        remember_check_in(request, form, routine)
    return redirect("routines:play", pk=routine.pk)
