"""My routines, the builder and built-in programmes (the generator: routines.views.generator).

Every routine is fetched with its owner in the query, so another user's routine answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backcare.caching.pages import cache_anonymous_page, render_page
from exercises.models import Exercise
from exercises.safety import profile_of, verdict, with_verdicts
from routines.forms import AddItemForm, ItemForm, OrderForm, RoutineForm
from routines.models import Routine, RoutineItem, Session
from routines.services import routine_copy, routine_move_item
from routines.views.ownership import own_item, own_routine


def _items_with_details(routine, outcome):
    """The routine's items with their exercise, time and safety verdict, in order."""
    items = list(routine.items.select_related("exercise"))
    with_verdicts([item.exercise for item in items], outcome)
    for item in items:
        item.verdict = item.exercise.verdict
        item.seconds_total = item.total_seconds
    return items


def _with_items(routines):
    """Routines with their items and exercises in two more queries, as ``item_list``."""
    return routines.prefetch_related(
        Prefetch(
            "items", queryset=RoutineItem.objects.select_related("exercise"), to_attr="item_list"
        )
    )


def routine_list(request):
    last_played = Subquery(
        Session.objects.filter(routine=OuterRef("pk"))
        .order_by("-started_at")
        .values("started_at")[:1]
    )
    routines = list(
        _with_items(Routine.objects.for_user(request.user))
        .annotate(item_count=Count("items"), last_played=last_played)
        .order_by("-updated_at")
    )
    for routine in routines:
        routine.total = routine.total_seconds_for(
            request.user, routine.item_list, profile_of(request).outcome
        )
    return render(request, "routines/routine_list.html", {"routines": routines})


def routine_create(request):
    form = RoutineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        routine = form.save_for(request.user)
        messages.success(request, _("Routine created. Now add exercises to it."))
        return redirect(routine)
    return render(request, "routines/routine_form.html", {"form": form, "routine": None})


def routine_edit(request, pk):
    routine = own_routine(request, pk)
    form = RoutineForm(request.POST or None, instance=routine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Routine saved."))
        return redirect(routine)
    return render(request, "routines/routine_form.html", {"form": form, "routine": routine})


def _builder_context(request, routine, *, invalid_form=None):
    """Everything the builder page shows; ``invalid_form`` replaces one item's form so its
    errors appear next to its fields."""
    profile = profile_of(request)
    items = _items_with_details(routine, profile.outcome)
    forms = []
    for item in items:
        if invalid_form is not None and invalid_form.instance.pk == item.pk:
            forms.append((item, invalid_form))
        else:
            forms.append((item, ItemForm(instance=item, prefix=f"item-{item.pk}")))
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        results = list(
            Exercise.objects.search(query).only(
                "slug",
                "name",
                "category",
                "tags",
                "duration_seconds",
                "figure",
                "figure_words",
                "mode",
                "seconds_per_rep",
            )[:10]
        )
    with_verdicts(results, profile.outcome)
    return {
        "routine": routine,
        "items": forms,
        "total": routine.total_seconds_for(request.user, items, profile.outcome),
        "unsafe_items": [item for item in items if item.verdict.not_for_you],
        "query": query,
        "results": results,
        "open_item": invalid_form.instance.pk if invalid_form is not None else None,
    }


def _builder_page(request, routine, content, status=200):
    return render_page(
        request,
        "routines/routine_detail.html",
        content,
        context={"routine": routine},
        status=status,
    )


def routine_detail(request, pk):
    """The builder: the items with their forms and the search results, rendered for each
    request (its forms carry this request's CSRF token)."""
    routine = own_routine(request, pk)
    content = render_to_string(
        "routines/includes/builder_content.html", _builder_context(request, routine), request
    )
    return _builder_page(request, routine, content)


@require_POST
def routine_duplicate(request, pk):
    routine = own_routine(request, pk)
    copy = routine_copy(
        routine=routine, owner=request.user, name=_("%(name)s (copy)") % {"name": routine.name}
    )
    messages.success(request, _("Routine duplicated."))
    return redirect(copy)


def routine_delete(request, pk):
    routine = own_routine(request, pk)
    if request.method == "POST":
        routine.delete()
        messages.success(request, _("Routine “%(name)s” deleted.") % {"name": routine.name})
        return redirect("routines:list")
    return render(request, "routines/routine_delete.html", {"routine": routine})


def _add_exercise(request, routine, form):
    """Add a valid AddItemForm's exercise to the routine and answer; one that is not for
    the person needs an explicit confirmation first."""
    exercise = with_verdicts([form.cleaned_data["exercise"]], profile_of(request).outcome)[0]
    if exercise.verdict.not_for_you and not form.cleaned_data["confirm"]:
        return render(
            request,
            "routines/confirm_add.html",
            {"routine": routine, "exercise": exercise, "verdict": exercise.verdict},
        )
    form.save()
    messages.success(
        request,
        _("%(exercise)s added to %(routine)s.")
        % {"exercise": exercise.name, "routine": routine.name},
    )
    return redirect(routine)


def _refused(request, routine, form):
    for error in form.errors.values():
        messages.error(request, error[0])
    return redirect(routine)


def item_add(request, pk):
    """Add an exercise; one that is not for you needs an explicit confirmation."""
    routine = own_routine(request, pk)
    if request.method != "POST":
        return redirect(routine)
    form = AddItemForm(routine, request.POST)
    if not form.is_valid():
        return _refused(request, routine, form)
    return _add_exercise(request, routine, form)


def add_to_routine(request, slug):
    """From the catalogue or an exercise page: choose which routine to add to, or name a
    new one."""
    exercise = get_object_or_404(Exercise, slug=slug)
    routines = Routine.objects.for_user(request.user).order_by("-updated_at")
    form = RoutineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        routine = form.save_for(request.user)
        add_form = AddItemForm(routine, request.POST)
        if not add_form.is_valid():
            return _refused(request, routine, add_form)
        return _add_exercise(request, routine, add_form)
    return render(
        request,
        "routines/add_to_routine.html",
        {"exercise": exercise, "routines": routines, "form": form},
    )


@require_POST
def item_update(request, pk, item_pk):
    routine, item = own_item(request, pk, item_pk)
    form = ItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _("%(exercise)s updated.") % {"exercise": item.exercise.name})
        return redirect(f"{routine.get_absolute_url()}#item-{item.pk}")
    # Show the builder again with this item's errors next to its fields, the first of them
    # focused (the browser scrolls to it); nothing was saved.
    form.focus_first_error()
    context = _builder_context(request, routine, invalid_form=form)
    content = render_to_string("routines/includes/builder_content.html", context, request)
    return _builder_page(request, routine, content, status=400)


@require_http_methods(["GET", "POST"])
def item_remove(request, pk, item_pk):
    """Remove asks first (GET: the question, POST: the removal)."""
    routine, item = own_item(request, pk, item_pk)
    if request.method == "GET":
        return render(request, "routines/item_remove.html", {"routine": routine, "item": item})
    item.delete()
    messages.success(request, _("%(exercise)s removed.") % {"exercise": item.exercise.name})
    return redirect(routine)


@require_POST
def item_move(request, pk, item_pk):
    routine, item = own_item(request, pk, item_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is None:
        return HttpResponseBadRequest("direction must be up or down")
    routine_move_item(routine=routine, item=item, offset=offset)
    return redirect(f"{routine.get_absolute_url()}#item-{item.pk}")


@require_POST
def item_order(request, pk):
    """The builder's script sends the whole new order after a drag or a keyboard move."""
    routine = own_routine(request, pk)
    form = OrderForm(routine, request.POST)
    if not form.is_valid():
        return JsonResponse({"error": form.errors["order"][0]}, status=400)
    form.save()
    return JsonResponse({"order": form.cleaned_data["order"]})


# Built-in programmes ------------------------------------------------------------------------


@login_not_required
@cache_anonymous_page()
def programme_list(request):
    programmes = list(_with_items(Routine.objects.programmes()).order_by("level", "name"))
    outcome = profile_of(request).outcome
    for programme in programmes:
        programme.total = programme.total_seconds_for(request.user, programme.item_list, outcome)
        verdicts = [
            verdict(item.exercise.category, item.exercise.tags, outcome)
            for item in programme.item_list
        ]
        programme.not_for_you = sum(found.not_for_you for found in verdicts)
        programme.take_care = sum(found.take_care for found in verdicts)
    return render(request, "routines/programme_list.html", {"programmes": programmes})


@login_not_required
@cache_anonymous_page()
def programme_detail(request, slug):
    programme = get_object_or_404(Routine.objects.programmes(), slug=slug)
    outcome = profile_of(request).outcome
    items = _items_with_details(programme, outcome)
    return render(
        request,
        "routines/programme_detail.html",
        {
            "routine": programme,
            "items": items,
            "total": programme.total_seconds_for(request.user, items, outcome),
            "unsafe_items": [item for item in items if item.verdict.not_for_you],
        },
    )


@require_POST
def programme_copy(request, slug):
    programme = get_object_or_404(Routine.objects.programmes(), slug=slug)
    copy = routine_copy(routine=programme, owner=request.user)
    messages.success(
        request,
        _("“%(name)s” is now in your routines. Change it as you like.") % {"name": copy.name},
    )
    if request.POST.get("then") == "play":  # home's Play for a programme tried before sign-up
        return redirect("routines:play", pk=copy.pk)
    return redirect(copy)


# Generator -------------------------------------------------------------------------------
