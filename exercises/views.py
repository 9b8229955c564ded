from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from exercises.caching import cache_anonymous_page
from exercises.forms import CatalogueFilterForm
from exercises.models import DESCRIPTION_FIELDS, DOSAGE_FIELDS, Exercise
from exercises.safety import profile_of, with_verdicts

PAGE_SIZE = 24
CARD_FIELDS = (
    *DESCRIPTION_FIELDS,
    "summary",
    *DOSAGE_FIELDS,
    "duration_seconds",
    "specialist",
    "figure",
)


@login_not_required
@cache_anonymous_page
def catalogue(request):
    profile = profile_of(request)
    form = CatalogueFilterForm(request.GET, outcome=profile.outcome if profile.screened else None)
    matching = form.filter(Exercise.objects.only(*CARD_FIELDS))
    page = Paginator(form.hide(matching), PAGE_SIZE).get_page(request.GET.get("page"))
    hidden = matching.count() - page.paginator.count if form.hides_unsuitable else 0
    with_verdicts(page.object_list, profile.outcome)
    list_query = request.GET.copy()
    list_query.pop("page", None)
    return render(
        request,
        "exercises/catalogue.html",
        {
            "form": form,
            # The filter form's cache key: the query string, and whether it has the
            # "show all" switch (only after a safety check that rules something out).
            "filters_key": f"{int('show_all' in form.fields)}:{request.GET.urlencode()}",
            "page": page,
            "hidden": hidden,
            "list_query": list_query.urlencode(),
        },
    )


@login_not_required
@cache_anonymous_page
def detail(request, slug):
    exercise = get_object_or_404(Exercise, slug=slug)
    profile = profile_of(request)
    with_verdicts([exercise], profile.outcome)
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
            "verdict": exercise.verdict,
            # Related, and suitable: what the person's safety check rules out is not offered.
            "related": list(
                Exercise.objects.only(*CARD_FIELDS).safe_for(profile.outcome).related_to(exercise)
            ),
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
