"""BackCare settings: one module, configured from the environment.

Every variable is documented in README.md. Defaults are safe for production except where a
development default is explicitly chosen by ``DJANGO_DEBUG``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from backcare.caching.config import cache_settings
from backcare.caching.release import release_digest

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "backcare.caching",
    "accounts",
    "exercises",
    "routines",
    # Before the admin, as it asks: registers the translated fields (exercises/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so every answer has it, also one made from an error deep inside (the 503).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the log-in check, so it sees every view (see backcare/headers.py).
    "backcare.headers.PrivacyHeadersMiddleware",
    # Names the signed-in person's offline cache for the service worker (backcare/offline.py).
    "backcare.offline.OfflineUserMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the log-in, so a signed-in person's saved language counts (backcare/languages.py).
    "backcare.languages.LanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The cache versions of the request's person and the catalogue, read on first use.
    "backcare.caching.versions.CacheVersionsMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "exercises.safety.profile.SafetyProfileMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backcare.urls"
WSGI_APPLICATION = "backcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "exercises.safety.profile.safety_notice",
                "backcare.caching.versions.cache_versions",
                "backcare.languages.languages",
                "backcare.offline.offline_user",
            ],
        },
    },
]

# Data: SQLite under a git-ignored folder by default, PostgreSQL through DATABASE_URL.
DATA_DIR = Path(os.environ.get("BACKCARE_DATA_DIR", BASE_DIR / "data"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SQLITE_OPTIONS = {
    # Writers wait for each other instead of failing with "database is locked";
    # IMMEDIATE takes the write lock at BEGIN so no read lock ever needs upgrading.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "backcare.sqlite3",
            # Keep each worker's connection: opening one (registering SQLite's functions,
            # the PRAGMAs above) cost more than a signed-in page's queries.
            "CONN_MAX_AGE": envint("DJANGO_CONN_MAX_AGE", 60),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same options whether the file is the default one or named by a sqlite:/// URL;
    # options given in the URL's query string win.
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that needs no round trip while the connection
    # is quiet (backcare/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "backcare.postgresql"
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # A database host that does not answer fails the request in 5 s (a 503 page), not in
    # the operating system's minutes; a `?connect_timeout=` in DATABASE_URL wins.
    options.setdefault("connect_timeout", 5)
    # psycopg prepares a query on the server once it has run it `prepare_threshold` times
    # on a connection: the few queries of nearly every request (the session, the user,
    # the cache versions) are then planned once. Off (DJANGO_DB_PREPARE=0) behind a
    # pooler in transaction mode (PgBouncer before 1.21), which does not keep them.
    if envbool("DJANGO_DB_PREPARE", True):
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", envint("DJANGO_DB_PREPARE_THRESHOLD", 5))
    else:
        options["prepare_threshold"] = None
    # Django's own connection pool (psycopg_pool): DJANGO_DB_POOL=<max size> per process.
    # Connections are then kept by the pool, not by CONN_MAX_AGE.
    pool_size = envint("DJANGO_DB_POOL", 0)
    if pool_size:
        # With CONN_HEALTH_CHECKS (kept on), Django has the pool check a connection as it
        # leaves the pool: the first request after a database restart gets a working one.
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
        DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Every key starts with the release (a digest of the code, templates, catalogue and static
# manifest: backcare/caching/release.py), so a deploy never reads an older release's values.
CACHE_KEY_PREFIX = "backcare:" + release_digest(BASE_DIR, BASE_DIR / "staticfiles")
# Two aliases (backcare/caching/tiered.py): "default" holds pages and fragments, keyed by
# the language too and, with Redis, copied into each process in front of it (their keys name
# all they depend on, so a copy is never stale); "shared" holds what must be one value
# everywhere (sessions, rate-limit counters, the health check).
CACHES = cache_settings(REDIS_URL, CACHE_KEY_PREFIX)
SESSION_CACHE_ALIAS = "shared"

# What visitors without an account may store, per client (IP address) and in total, per
# window of seconds (backcare/ratelimit.py); over it they get a friendly 429.
# Behind a proxy: the request header (as in request.META) that carries the client's address.
BACKCARE_CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")
BACKCARE_ANONYMOUS_LIMITS = {
    "trial_save": {"per_client": 10, "in_total": 300, "window": 60},
    "safety_check": {"per_client": 10, "in_total": 120, "window": 60},
    # Calendar addresses that open nothing (guesses, or one renewed since): answered 404,
    # then 429 over the limit.
    "unknown_feed": {"per_client": 30, "in_total": 600, "window": 60},
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
# UserBackend is Django's ModelBackend reading the signed-in person by a plain query
# (accounts/backends.py); axes's backend first, as django-axes asks.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Sessions live in the database, tied to their user, so deleting an account removes them too.
# With Redis (shared by every worker and server), Django's cached_db engine reads a session
# from the cache; without it, from the database (accounts/sessions.py says why).
SESSION_ENGINE = "accounts.cached_sessions" if REDIS_URL else "accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

# Lockout: 5 failed log-ins for one account within 15 minutes lock it for 15 minutes.
# Attempts are stored in the database, so every app server sees the same lockout.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False
# Axes warns when the IP address is not part of the lockout (axes.W006). We lock the
# account on purpose: rotating user agents or cookies cannot get around an account lock,
# while an IP lock would shut out a whole office or household behind one address, or
# everybody at once behind a proxy.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "BackCare <noreply@localhost>")

# Internationalisation: every date a user sees is in their own time zone, and every page is
# in the person's language (backcare/languages.py says how it is chosen). A language is a
# line here, a catalogue in locale/ and the content files (README: "Adding a language").
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
# A visitor's choice is kept a year, in a cookie scripts need not read.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Dates in each language's own way (backcare/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["backcare.formats"]
# The catalogue's content in each language (django-modeltranslation): English is the source,
# and a text missing in another language shows in English rather than empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files: Bootstrap comes from node_modules (npm), whitenoise serves everything
# with compressed, content-hashed names, ES modules' imports included (backcare/storage.py).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "backcare.storage.StaticFilesStorage"
            if envbool("DJANGO_STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Behind a proxy that terminates TLS, set DJANGO_SECURE_SSL_REDIRECT=0 and let
# the proxy redirect; DJANGO_SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if envbool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws some icons (select arrows, the menu button) as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        # The service worker (/sw.js) and the web app manifest: backcare/offline.py.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# `make bench` routes a minimal baseline view to compare every page against.
BENCH_BASELINE = envbool("BACKCARE_BENCH", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "filters": {"quiet_refusals": {"()": "backcare.ratelimit.QuietRefusals"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["quiet_refusals"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Each line once: Django's own console handler (debug only) would print its lines a
        # second time next to the root's, so they reach the root's handler alone. Setting
        # "django" resets its children, so the development server's request lines keep
        # their own handler here, as Django configures it.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
