from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # The profile module imports the models: only once the app registry is ready.
        from exercises.safety.profile import attach_anonymous_screening  # noqa: PLC0415

        user_logged_in.connect(attach_anonymous_screening, dispatch_uid="attach_screening")
