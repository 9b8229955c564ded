from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CachingConfig(AppConfig):
    name = "backcare.caching"
    label = "caching"
    verbose_name = "Caching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from backcare.caching.triggers import ensure_triggers  # noqa: PLC0415 (app registry)

        # Once per migrate (any app's post_migrate would do; this app's is sent once).
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="caching_triggers")
