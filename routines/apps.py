from django.apps import AppConfig
from django.core.management import CommandError
from django.db.models.signals import post_migrate


def load_programmes_after_migrate(sender, verbosity=1, **kwargs):
    """After the catalogue (exercises migrates first), the built-in programmes."""
    # The loaders import the models: only once the app registry is ready.
    from exercises.loader import CatalogueError  # noqa: PLC0415 (app registry)
    from routines.loader import load_programmes  # noqa: PLC0415 (app registry)

    try:
        report = load_programmes()
    except CatalogueError as error:
        # migrate prints a CommandError as a message, not a traceback.
        raise CommandError(f"Programmes not loaded: {error}") from None
    if verbosity >= 1 and (report.created or report.updated):
        print(f"  Programmes: {report}")


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = "Routines"

    def ready(self):
        post_migrate.connect(load_programmes_after_migrate, sender=self)
        # The trials module imports the models: only once the app registry is ready.
        from accounts import kept  # noqa: PLC0415 (app registry)
        from routines.trials import (  # noqa: PLC0415 (app registry)
            attach_trial_sessions,
            describe_trial_sessions,
            drop_trial_sessions,
        )

        # Joins an account at sign-up, or at log-in when the person says so (accounts/kept.py).
        kept.register(
            "trial_sessions",
            describe=describe_trial_sessions,
            keep=attach_trial_sessions,
            drop=drop_trial_sessions,
        )
