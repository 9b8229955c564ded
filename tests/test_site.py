"""Site-wide promises: login by default, security headers, CSRF, error pages, health check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["home", "accounts:login", "accounts:signup", "accounts:password_reset"]
PRIVATE_PAGES = ["accounts:account", "accounts:delete", "accounts:password_change"]


def manage(*args, env):
    """``manage.py`` with ``args`` run as a new process under ``env``; its result."""
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_to_anonymous_visitors(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_private_pages_send_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("name", [*PUBLIC_PAGES, "healthz"])
def test_every_response_sends_the_security_headers(client, name):
    response = client.get(reverse(name))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_headers_are_sent_on_error_pages_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_post_without_csrf_token_is_refused(user, password):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )

    assert response.status_code == 403
    assert "security check" in response.content.decode()


def test_server_error_page_is_friendly(client, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "BACKCARE_DATA_DIR": str(tmp_path),
    }
    for name in (
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_COOKIES",
        "DJANGO_STATIC_MANIFEST",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in this process
    ):
        env.pop(name, None)

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    output = result.stdout + result.stderr
    if (ROOT / "node_modules" / "bootstrap" / "dist").is_dir():
        assert result.returncode == 0, output
        assert "no issues" in result.stdout
    else:
        # Without `make frontend` (npm) the only issue allowed is Bootstrap's missing folder:
        # the fast tests must not need node_modules, a deployment does.
        assert re.findall(r"\((\w+\.\w+)\)", output) == ["staticfiles.W004"], output
        assert "node_modules" in output


@pytest.mark.slow
def test_check_deploy_fails_without_a_mail_backend(tmp_path):
    """Without mail settings, password-reset links would go to the server's log."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "BACKCARE_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_EMAIL_BACKEND", None)

    result = manage("check", "--deploy", env=env)

    assert result.returncode != 0
    assert "accounts.E001" in result.stdout + result.stderr


@pytest.mark.slow
def test_missing_secret_key_in_production_stops_startup(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "0", "BACKCARE_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
