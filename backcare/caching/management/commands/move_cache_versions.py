"""Move every cache version at once: after an incident (a cache restored from a backup, a
write the triggers could not see, such as a table loaded by another tool with triggers
off), every cached page and value is rendered afresh on its next request."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F

from backcare.caching.models import Version


class Command(BaseCommand):
    help = "Move every cache version on, so every cached page is rendered afresh."

    @transaction.atomic
    def handle(self, *args, **options):
        moved = Version.objects.update(number=F("number") + 1)
        if options["verbosity"]:
            self.stdout.write(f"Moved {moved} cache version(s).")
