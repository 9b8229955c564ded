from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from exercises.safety.profile import attach_anonymous_screening

        user_logged_in.connect(attach_anonymous_screening, dispatch_uid="attach_screening")
