from django.apps import AppConfig
from django.core.management import CommandError
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_migrate, post_save


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
        # Models exist only once the app registry is ready.
        from exercises.caching import (  # noqa: PLC0415
            bump_catalogue_version,
            end_request,
            start_request,
        )
        from exercises.models import Condition, Exercise, forget_cached_rules  # noqa: PLC0415

        post_migrate.connect(load_catalogue_after_migrate, sender=self)
        # The catalogue version is read once per request (exercises.caching).
        request_started.connect(start_request, dispatch_uid="catalogue_version_request")
        request_finished.connect(end_request, dispatch_uid="catalogue_version_done")
        post_save.connect(forget_cached_rules, sender=Condition, dispatch_uid="rules_saved")
        post_delete.connect(forget_cached_rules, sender=Condition, dispatch_uid="rules_deleted")
        for model in (Exercise, Condition):
            post_save.connect(
                bump_catalogue_version,
                sender=model,
                dispatch_uid=f"catalogue_saved_{model.__name__}",
            )
            post_delete.connect(
                bump_catalogue_version,
                sender=model,
                dispatch_uid=f"catalogue_deleted_{model.__name__}",
            )
