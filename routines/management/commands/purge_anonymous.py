"""Delete what anonymous visitors left and never claimed: safety checks taken without an
account that were not attached to one (at sign-up or log-in) within 30 days, and ready
programmes played without an account ("try before signing up") whose session was not
kept by signing up or logging in within 24 hours; and every expired Django session (what
Django's ``clearsessions`` does), which is where an anonymous visitor's check and trials
were remembered. Meant for a daily cron job; running it twice does no harm.

It lives in routines, the app above the three it purges (a check is exercises', a session
accounts', a trial routines'), so no app imports one above it."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import UserSession
from exercises.safety.models import ANONYMOUS_SCREENING_KEPT_FOR, Screening
from routines.models import TRIAL_SESSION_KEPT_FOR, TrialSession


class Command(BaseCommand):
    help = (
        "Delete anonymous safety checks not claimed by an account within 30 days and "
        "anonymous played sessions not claimed within 24 hours, and expired browser sessions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        with transaction.atomic():
            stale = Screening.objects.unclaimed(older_than=now - ANONYMOUS_SCREENING_KEPT_FOR)
            trials = TrialSession.objects.unclaimed(older_than=now - TRIAL_SESSION_KEPT_FOR)
            sessions = UserSession.objects.filter(expire_date__lt=now)
            if dry_run:
                count, trial_count = stale.count(), trials.count()
                session_count = sessions.count()
            else:
                count, _per_model = stale.delete()
                trial_count, _per_model = trials.delete()
                session_count, _per_model = sessions.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} unclaimed anonymous safety check(s) older than 30 days.")
        self.stdout.write(
            f"{verb} {trial_count} unclaimed anonymous session(s) older than 24 hours."
        )
        self.stdout.write(f"{verb} {session_count} expired browser session(s).")
