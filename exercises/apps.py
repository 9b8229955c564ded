from django.apps import AppConfig
from django.core.management import CommandError
from django.db.models.signals import post_migrate


def load_catalogue_after_migrate(sender, using, verbosity=1, **kwargs):
    """A migrated database always holds the whole built-in catalogue and safety knowledge."""
    # The loader imports the models: only once the app registry is ready.
    from exercises.loader import CatalogueError, load_all  # noqa: PLC0415

    try:
        reports = load_all()
    except CatalogueError as error:
        # migrate prints a CommandError as a message, not a traceback.
        raise CommandError(f"Catalogue not loaded: {error}") from None
    for name, report in reports.items():
        if verbosity >= 1 and (report.created or report.updated):
            print(f"  {name}: {report}")


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercises"

    def ready(self):
        post_migrate.connect(load_catalogue_after_migrate, sender=self)
