from django.apps import AppConfig
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate

from backcare.caching.tiered import forget_person


class CachingConfig(AppConfig):
    name = "backcare.caching"
    label = "caching"
    verbose_name = "Caching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from backcare.caching.triggers import ensure_triggers  # noqa: PLC0415 (app registry)

        # Once per migrate (any app's post_migrate would do; this app's is sent once).
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="caching_triggers")
        # A deleted account's cached pages go with it (tiered.py), however it was deleted.
        post_delete.connect(
            _forget_person, sender=settings.AUTH_USER_MODEL, dispatch_uid="caching_forget"
        )


def _forget_person(sender, instance, **kwargs):
    person_id = instance.pk
    transaction.on_commit(lambda: forget_person(person_id))
