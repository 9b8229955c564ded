from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backcare.caching.pages import cache_anonymous_page, cached_fragment, outcome_key, render_page
from exercises.figure_sheet import sheet_context
from exercises.forms import CatalogueFilterForm
from exercises.models import (
    DESCRIPTION_FIELDS,
    DOSAGE_FIELDS,
    Exercise,
    FigureReview,
    figure_digest,
)
from exercises.safety import profile_of, with_verdicts

PAGE_SIZE = 24
CARD_FIELDS = (
    *DESCRIPTION_FIELDS,
    "summary",
    *DOSAGE_FIELDS,
    "duration_seconds",
    "specialist",
    "figure",
    "figure_words",
)


CATALOGUE_PARAMS = (*CatalogueFilterForm.base_fields, "page")


def known_query(query: QueryDict, names) -> QueryDict:
    """``query`` with only the parameters ``names``, in their order: what a page shows and is
    cached by, so made-up parameters can neither change it nor fill the cache."""
    known = QueryDict(mutable=True)
    for name in names:
        if name in query:
            known.setlist(name, query.getlist(name))
    return known


@login_not_required
@cache_anonymous_page(query=lambda request: known_query(request.GET, CATALOGUE_PARAMS).urlencode())
def catalogue(request):
    profile = profile_of(request)
    outcome = profile.outcome if profile.screened else None
    query = known_query(request.GET, CATALOGUE_PARAMS)

    def content():
        form = CatalogueFilterForm(query, outcome=outcome)
        matching = form.filter(Exercise.objects.only(*CARD_FIELDS))
        page = Paginator(form.hide(matching), PAGE_SIZE).get_page(query.get("page"))
        hidden = matching.count() - page.paginator.count if form.hides_unsuitable else 0
        with_verdicts(page.object_list, profile.outcome)
        list_query = query.copy()
        list_query.pop("page", None)
        return render_to_string(
            "exercises/includes/catalogue_content.html",
            {"form": form, "page": page, "hidden": hidden, "list_query": list_query.urlencode()},
            request,
        )

    # The filters and the list are the same for everyone with the same query string and the
    # same conditions: rendered once per catalogue version (backcare.caching), not on
    # every request, and on a hit nothing is built, not even the form. The key holds all they
    # show: signed in or not (the card's actions), screened or not and the conditions (badges,
    # what is hidden, the "show all" switch), and the query string (filters, page, switch).
    key = (
        request.user.is_authenticated,
        outcome is not None,
        outcome_key(profile.outcome),
        query.urlencode(),
    )
    return render_page(
        request, "exercises/catalogue.html", cached_fragment("catalogue", *key, render=content)
    )


def back_query(request) -> str:
    """The catalogue list the visitor came from (``?list=``), with only its own parameters:
    the page's back link, and its cache key."""
    return known_query(QueryDict(request.GET.get("list", "")), CATALOGUE_PARAMS).urlencode()


@login_not_required
@cache_anonymous_page(query=back_query)
def detail(request, slug):
    exercise = get_object_or_404(Exercise, slug=slug)
    profile = profile_of(request)
    with_verdicts([exercise], profile.outcome)
    # Link back to the list the visitor came from, filters and page kept. The query is
    # re-parsed and re-encoded here, so only plain parameters ever reach the link.
    back = back_query(request)
    back_url = reverse("exercises:catalogue") + (f"?{back}" if back else "")
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
    """Every exercise's figure beside its steps, moment by moment, for review (staff only);
    ``?exercise=slug`` shows one."""
    slug = request.GET.get("exercise", "")
    context = figure_sheet_context(can_review=True, slug=slug)
    if slug and not context["items"]:
        raise Http404("No such exercise.")
    return render(request, "exercises/figure_sheet.html", context)


@staff_member_required
@require_POST
def figure_review(request, slug):
    """Sign off the figure the reviewer looked at (the form carries its digest: a figure
    changed since the page was loaded is not signed off)."""
    exercise = get_object_or_404(Exercise.objects.exclude(figure={}), slug=slug)
    digest = figure_digest(exercise.figure)
    if request.POST.get("digest") != digest:
        messages.error(
            request,
            _("%(name)s: the figure changed since the sheet was loaded. Look at it again.")
            % {"name": exercise.name},
        )
    else:
        FigureReview.objects.create(exercise=exercise, digest=digest, reviewer=request.user)
        messages.success(request, _("%(name)s: figure marked reviewed.") % {"name": exercise.name})
    return redirect(f"{reverse('staff:figure_sheet')}#{exercise.slug}")


def figure_sheet_context(*, can_review=False, slug=""):
    return sheet_context(can_review=can_review, slug=slug)
