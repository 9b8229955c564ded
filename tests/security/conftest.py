"""The stranger's own logged-in client, next to the owner's ``client_logged_in``."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _static_files_looked_up_per_request(settings):
    # Every new test client starts the middleware, and WhiteNoise would then read every
    # collected static file (~0.2 s a client). These tests never ask for a static file.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def stranger_client(other_user):
    client = Client()
    client.force_login(other_user, backend="accounts.backends.UserBackend")
    return client
