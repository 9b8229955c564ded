from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # The profile module imports the models: only once the app registry is ready (not a
        # cycle: accounts stands above exercises).
        from accounts import checks, kept  # noqa: F401, PLC0415 (checks registers itself)
        from exercises.safety.profile import (  # noqa: PLC0415
            attach_anonymous_screening,
            describe_anonymous_screening,
            drop_anonymous_screening,
        )

        # Joins an account at sign-up, or at log-in when the person says so (accounts/kept.py).
        kept.register(
            "screening",
            describe=describe_anonymous_screening,
            keep=attach_anonymous_screening,
            drop=drop_anonymous_screening,
        )
