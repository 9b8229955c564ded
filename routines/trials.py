"""Trial sessions at sign-up or log-in: a ready programme a visitor played without an account
joins the account they create, or the one they log in to when they say so (``accounts.kept``,
registered in apps.py), validated again by the player's own form under the account's rules.

Above ``routines.forms`` and ``routines.services``: a trial is kept by
``SessionPayloadForm.save_trial`` (``services.trial_session_record``) and claimed here
through the same form.
"""

import json

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises.models import in_active_language
from routines.forms import SessionPayloadForm
from routines.models import Session, TrialSession
from routines.services import TRIAL_SESSIONS_KEY, SessionConflict


def trial_sessions_claim(*, user, ids) -> list[Session]:
    """Turn the trial sessions with these ids (from the visitor's own Django session) into
    sessions of ``user``, in one transaction. A trial already claimed, purged or invalid
    under the account's rules is skipped."""
    claimed = []
    with transaction.atomic():
        trials = TrialSession.objects.select_for_update().filter(pk__in=ids)
        for trial in trials.select_related("programme"):
            form = SessionPayloadForm(user, json.dumps(trial.payload).encode())
            if form.is_valid():
                try:
                    session, _created = form.save(routine=trial.programme)
                except SessionConflict:
                    # Its id is in the account already with other content (saved signed in
                    # from another tab): the account's own session stays.
                    continue
                claimed.append(session)
        trials.delete()
    return claimed


def describe_trial_sessions(request, user) -> list[str]:
    """The trial sessions waiting in the session, for the question at log-in."""
    ids = request.session.get(TRIAL_SESSIONS_KEY) or []
    names = list(
        TrialSession.objects.filter(pk__in=ids).values_list(
            in_active_language("programme__name"), flat=True
        )
    )
    if not names:
        return []
    return [
        ngettext(
            "%(count)s session played without an account (%(names)s).",
            "%(count)s sessions played without an account (%(names)s).",
            len(names),
        )
        % {"count": len(names), "names": ", ".join(sorted(set(names)))}
    ]


def attach_trial_sessions(request, user) -> None:
    """At sign-up (or at log-in when the person says so), the sessions played before belong
    to the account, like the anonymous safety check
    (exercises.safety.profile.attach_anonymous_screening)."""
    ids = request.session.pop(TRIAL_SESSIONS_KEY, None)
    if ids and trial_sessions_claim(user=user, ids=ids):
        messages.success(request, _("The session you played is kept in your history."))


def drop_trial_sessions(request) -> None:
    """Not kept: they go now (nobody else can claim them)."""
    ids = request.session.pop(TRIAL_SESSIONS_KEY, None)
    if ids:
        TrialSession.objects.filter(pk__in=ids).delete()
