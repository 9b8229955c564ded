"""The session log: history, a session's detail, logging by hand, editing, deleting,
progress and export. Every session is fetched with its user in the query: another user's
session answers 404.

The history and progress pages are served from the cache: the content of each is rendered
once per person's cache version (their log, routines, plan and goal), catalogue version, day,
time zone, language (and page of the list), then read back whatever the size of the log.
Nothing is computed on a hit; the statistics, the charts and the list are worked out only on
a miss."""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backcare.caching.pages import digest, render_page
from backcare.caching.versions import versions
from exercises.models import with_translations
from routines.export import account_json_response, sessions_csv_response, sessions_json_response
from routines.forms import ManualSessionForm, SessionEditForm
from routines.models import Session
from routines.progress import progress_for
from routines.views.ownership import own_session

PAGE_SIZE = 20
# A day: every input of the content is in the key, so an entry is only ever replaced, never
# wrong; the timeout just lets the entries of past days go.
CONTENT_SECONDS = 24 * 60 * 60


class CountedPaginator(Paginator):
    """A paginator told how many objects there are, instead of counting them itself."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class LogPage:
    """The cached content of a log page (history or progress) for the signed-in user.

    The key holds every input of the HTML: the person and their cache version (moved by
    every write to their sessions, routines, weekly plan and account: the list, the charts,
    the plan, the advice's links, the weekly goal), the catalogue's version (the names of
    exercises stopped for pain), today and the time zone (the calendar, the week, the times
    of the list), the language and the page of the list.

    The content holds no form and nothing of the request (the pagination links are plain
    ``?page=N``), so it is rendered without the request."""

    template = ""

    def __init__(self, request):
        self.user = request.user
        self.today = timezone.localdate()

    def key(self, *extra) -> str:
        parts = (
            self.template,
            versions().of(self.user.pk),
            versions().catalogue,
            self.today.isoformat(),
            timezone.get_current_timezone_name(),
            *extra,
        )
        return f"log-page:{self.user.pk}:{digest(*parts)}"

    def read(self, key):
        html = cache.get(key)
        return None if html is None else safe(html)

    def progress(self) -> dict:
        return progress_for(self.user, self.today)

    def write(self, key, context) -> str:
        html = str(render_to_string(self.template, context))
        cache.set(key, html, CONTENT_SECONDS)
        return safe(html)


def safe(html: str) -> str:
    return mark_safe(html)  # noqa: S308 - rendered by our templates (autoescaped), kept as is


class HistoryContent(LogPage):
    template = "routines/includes/history_content.html"

    def html(self, requested):
        """The content for ``?page=requested``. A page out of range is served the last page,
        a page that is not a number the first, as Django's ``Paginator.get_page`` does;
        only pages that exist are stored, so odd numbers cannot fill the cache."""
        number = page_number(requested)
        key = self.key(number)
        html = self.read(key)
        if html is not None:
            return html
        context = self.progress()
        page = history_page(self.user, requested, count=context["totals"]["sessions"])
        if page.number != number:
            key = self.key(page.number)
            html = self.read(key)
            if html is not None:
                return html
        return self.write(key, {**context, "page": page})


class ProgressContent(LogPage):
    template = "routines/includes/progress_content.html"

    def html(self):
        key = self.key()
        html = self.read(key)
        if html is None:
            html = self.write(key, self.progress())
        return html


def page_number(requested) -> int:
    """The page asked for as ``Paginator.get_page`` reads it before checking its range."""
    try:
        return int(requested)
    except (TypeError, ValueError):
        return 1


def history_page(user, requested, *, count):
    sessions = Session.objects.for_user(user).only(
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
    # The statistics already counted the sessions: the paginator need not count them again.
    return CountedPaginator(sessions, PAGE_SIZE, count=count).get_page(requested)


def history(request):
    content = HistoryContent(request).html(request.GET.get("page"))
    return render_page(request, "routines/history.html", content)


def session_detail(request, pk):
    session = own_session(request, pk)
    items = list(
        session.items.select_related("exercise").only(
            "status", "seconds", "position", *with_translations("exercise__name"), "exercise__slug"
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
    content = ProgressContent(request).html()
    return render_page(request, "routines/progress.html", content)


@require_GET
def export_csv(request):

    return sessions_csv_response(request.user)


@require_GET
def export_json(request):

    return sessions_json_response(request.user)


@require_GET
def export_account(request):

    return account_json_response(request.user)
