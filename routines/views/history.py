"""The session log: history, a session's detail, logging by hand, editing, deleting,
progress and export. Every session is fetched with its user in the query: another user's
session answers 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from routines.export import account_json_response, sessions_csv_response, sessions_json_response
from routines.forms import ManualSessionForm, SessionEditForm
from routines.models import Session
from routines.progress import progress_for
from routines.views.ownership import own_session

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """A paginator told how many objects there are, instead of counting them itself."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def history(request):
    sessions = Session.objects.for_user(request.user).only(
        "pk",
        "routine_name",
        "started_at",
        "local_date",
        "actual_seconds",
        "pain_before",
        "pain_after",
        "effort",
        "gentle",
    )
    progress = progress_for(request.user)
    # The statistics already counted the sessions: the paginator need not count them again.
    paginator = CountedPaginator(sessions, PAGE_SIZE, count=progress["totals"]["sessions"])
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "routines/history.html", {"page": page, **progress})


def session_detail(request, pk):
    session = own_session(request, pk)
    items = list(
        session.items.select_related("exercise").only(
            "status", "seconds", "position", "exercise__name", "exercise__slug"
        )
    )
    return render(request, "routines/session_detail.html", {"session": session, "items": items})


def session_create(request):
    form = ManualSessionForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        check_in = (request.session.pop("check_in", None) or {}).get("answers", {})
        session = form.save(check_in=check_in)
        messages.success(request, _("Session logged. Well done."))
        return redirect(session)
    return render(request, "routines/session_form.html", {"form": form})


def session_edit(request, pk):
    session = own_session(request, pk)
    form = SessionEditForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Session saved."))
        return redirect(session)
    return render(request, "routines/session_edit.html", {"form": form, "session": session})


def session_delete(request, pk):
    session = own_session(request, pk)
    if request.method == "POST":
        session.delete()
        messages.success(request, _("Session deleted."))
        return redirect("routines:history")
    return render(request, "routines/session_delete.html", {"session": session})


def progress(request):
    return render(request, "routines/progress.html", progress_for(request.user))


@require_GET
def export_csv(request):

    return sessions_csv_response(request.user)


@require_GET
def export_json(request):

    return sessions_json_response(request.user)


@require_GET
def export_account(request):

    return account_json_response(request.user)
