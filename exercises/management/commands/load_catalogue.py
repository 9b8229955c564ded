from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.loader import CATALOGUE_DIR, CatalogueError, load_all


class Command(BaseCommand):
    help = (
        "Upsert the built-in exercise catalogue (exercises/catalogue/*.toml) and the "
        "screening conditions (exercises/safety/conditions.toml) by slug."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=CATALOGUE_DIR,
            help="folder of catalogue .toml files (default: the built-in one)",
        )

    def handle(self, *args, directory, **options):
        try:
            reports = load_all(directory)
        except CatalogueError as error:
            raise CommandError(f"Catalogue not loaded: {error}") from None
        for name, report in reports.items():
            self.stdout.write(f"{name}: {report}")
