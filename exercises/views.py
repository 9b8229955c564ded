from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from exercises.caching import cache_anonymous_page
from exercises.forms import CatalogueFilterForm
from exercises.models import Exercise
from exercises.safety import profile_of, verdict

PAGE_SIZE = 24
CARD_FIELDS = (
    "slug",
    "name",
    "summary",
    "category",
    "regions",
    "position",
    "equipment",
    "difficulty",
    "tags",
    "mode",
    "seconds",
    "reps",
    "seconds_per_rep",
    "sets",
    "per_side",
    "rest_seconds",
    "duration_seconds",
    "specialist",
    "figure",
)


@login_not_required
@cache_anonymous_page
def catalogue(request):
    profile = profile_of(request)
    form = CatalogueFilterForm(request.GET, outcome=profile.outcome if profile.screened else None)
    exercises = form.filter(Exercise.objects.only(*CARD_FIELDS))
    page = Paginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    for exercise in page.object_list:
        exercise.verdict = verdict(exercise.category, exercise.tags, profile.outcome)
    list_query = request.GET.copy()
    list_query.pop("page", None)
    return render(
        request,
        "exercises/catalogue.html",
        {
            "form": form,
            # The filter form's cache key: the query string, and whether it has the
            # "hide exercises that are not for you" field (only after a screening).
            "filters_key": f"{int('hide_unsuitable' in form.fields)}:{request.GET.urlencode()}",
            "page": page,
            "list_query": list_query.urlencode(),
        },
    )


@login_not_required
@cache_anonymous_page
def detail(request, slug):
    exercise = get_object_or_404(Exercise, slug=slug)
    profile = profile_of(request)
    # Link back to the list the visitor came from, filters and page kept. The query is
    # re-parsed and re-encoded here, so only plain parameters ever reach the link.
    back_query = QueryDict(request.GET.get("list", "")).urlencode()
    back_url = reverse("exercises:catalogue") + (f"?{back_query}" if back_query else "")
    return render(
        request,
        "exercises/detail.html",
        {
            "exercise": exercise,
            "profile": profile,
            "verdict": verdict(exercise.category, exercise.tags, profile.outcome),
            "related": list(Exercise.objects.only(*CARD_FIELDS).related_to(exercise)),
            "back_url": back_url,
            "came_from_list": bool(request.GET.get("list")),
        },
    )


@staff_member_required
def figure_sheet(request):
    """Every exercise's figure on one page, for review (staff only)."""
    return render(request, "exercises/figure_sheet.html", figure_sheet_context())


def figure_sheet_context():
    return {"exercises": Exercise.objects.order_by("category", "name")}
