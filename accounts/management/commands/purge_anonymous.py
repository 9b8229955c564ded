"""Delete what anonymous visitors left and never claimed: safety checks taken without an
account that were not attached to one (at sign-up or log-in) within 30 days. Meant for a
daily cron job; running it twice does no harm."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import ANONYMOUS_SCREENING_KEPT_FOR, Screening


class Command(BaseCommand):
    help = "Delete anonymous safety checks not claimed by an account within 30 days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = timezone.now() - ANONYMOUS_SCREENING_KEPT_FOR
        with transaction.atomic():
            stale = Screening.objects.unclaimed(older_than=cutoff)
            if dry_run:
                count = stale.count()
            else:
                count, _per_model = stale.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} unclaimed anonymous safety check(s) older than 30 days.")
