"""A deployment check: password-reset links must go to people, not into a log.

Django's default here is the console backend (settings.py), right for ``make run``; in
production it would write every reset link, a key to someone's account, to the server's
log. ``manage.py check --deploy`` fails until a mail backend is configured.
"""

from django.conf import settings
from django.core import checks

# Backends that keep mail on the server instead of sending it.
NOT_SENT = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@checks.register(checks.Tags.security, deploy=True)
def mail_backend_sends_mail(app_configs, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND not in NOT_SENT:
        return []
    return [
        checks.Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: password-reset links would be "
            "written to the server's log or files instead of sent.",
            hint="Set DJANGO_EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) "
            "and DJANGO_EMAIL_HOST and its settings (README, Configuration).",
            id="accounts.E001",
        )
    ]
