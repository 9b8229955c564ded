"""The routine generator's pages: the request form, the routine it proposes within the
person's safety check, and saving it as one of their routines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backcare.caching.pages import render_page
from exercises.models import Exercise
from exercises.safety import profile_of, verdict
from routines.forms import GeneratorForm
from routines.generator import (
    Candidate,
    NoRoutinePossible,
    generate_routine,
)
from routines.generator import plan_items as generator_plan_items
from routines.services import routine_from_generated
from routines.timeline import options_for, timed_plan


def _generate(request, form):
    """Run the generator for a valid form: (items with exercises, total) or an error text."""
    candidates = [Candidate.from_row(row) for row in Exercise.objects.values(*Candidate.FIELDS)]
    options = options_for(request.user, profile_of(request).outcome)
    try:
        generated = generate_routine(
            candidates, form.request(), outcome=profile_of(request).outcome, **options
        )
    except NoRoutinePossible as error:
        return None, 0, str(error), {}
    by_slug = {c.slug: c for c in candidates}
    steps = timed_plan(generator_plan_items(generated, by_slug), **options)
    total = sum(step.seconds for step in steps)
    exercises = Exercise.objects.in_bulk([g.slug for g in generated], field_name="slug")
    outcome = profile_of(request).outcome
    for exercise in exercises.values():
        exercise.verdict = verdict(exercise.category, exercise.tags, outcome)
    items = [(exercises[g.slug], g.dosage) for g in generated]
    # Where the player has her rest on her side (time on the back, pregnancy): shown after
    # the exercise it follows.
    side_rests = {step.item: step.seconds for step in steps if step.side_lying}
    return items, total, "", side_rests


def _refusal(request):
    """The person's safety profile when it stops the generator (urgent, stop without a
    doctor's clearance, or an expired check), else None."""
    profile = profile_of(request)
    return profile if profile.blocks_playing else None


@login_not_required
def generator(request):
    refused = _refusal(request)
    if refused is not None:
        return render(request, "routines/generator_refused.html", {"profile": refused})

    screened = profile_of(request).screened

    def content():
        form = GeneratorForm(request.GET or None)
        context = {"form": form, "screened": screened}
        if form.is_bound and form.is_valid():
            items, total, error, side_rests = _generate(request, form)
            seed = form.cleaned_data.get("seed") or 0
            again = request.GET.copy()
            again["seed"] = seed + 1
            context.update(
                items=items,
                total=total,
                error=error,
                side_rests=side_rests,
                seed=seed,
                again_query=again.urlencode(),
                params=request.GET.urlencode(),
            )
        return render_to_string("routines/includes/generator_content.html", context, request)

    # Rendered for each request: its form carries this request's CSRF token, and the query
    # string is the visitor's own (nothing of it is kept in the cache).
    return render_page(request, "routines/generator.html", content())


@require_POST
def generator_save(request):
    if _refusal(request) is not None:
        return redirect("routines:generator")
    form = GeneratorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The generator settings were not understood; try again."))
        return redirect("routines:generator")
    items, _total, error, _side_rests = _generate(request, form)
    if not items:
        messages.error(request, error)
        return redirect("routines:generator")
    routine = routine_from_generated(owner=request.user, name=form.routine_name(), items=items)
    messages.success(request, _("Routine saved. You can change it as you like."))
    return redirect(routine)
