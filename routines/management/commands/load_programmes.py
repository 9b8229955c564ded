from django.core.management.base import BaseCommand, CommandError

from exercises.loader import CatalogueError
from routines.loader import load_programmes


class Command(BaseCommand):
    help = "Upsert the built-in programmes (routines/programmes/programmes.toml) by slug."

    def handle(self, *args, **options):
        try:
            report = load_programmes()
        except CatalogueError as error:
            raise CommandError(f"Programmes not loaded: {error}") from None
        self.stdout.write(f"Programmes: {report}")
