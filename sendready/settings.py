"""One settings module, configured from the environment.

DEBUG is off unless asked for; with DEBUG off a SECRET_KEY must be given.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "common",
    "sendready",
    "frameworks",
    "areas",
    "actions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.idle_sessions",
    "django.middleware.common.CommonMiddleware",
    "common.middleware.refuse_nul",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "common.once.once_per_form",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes documents: it turns a lock-out into the page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sendready.urls"
WSGI_APPLICATION = "sendready.wsgi.application"

FEATURES = [
    "areas/members",
    "areas/ratings",
    "areas/self_evaluation",
    "areas/kpis",
    "actions/plans",
    "actions/scrutiny",
]
FEATURE_TEMPLATE_DIRS = [BASE_DIR / feature / "templates" for feature in FEATURES]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's layout, then each feature's own templates (features are packages
        # inside the apps, so the app loader alone would not find them).
        "DIRS": [BASE_DIR / "templates", *FEATURE_TEMPLATE_DIRS],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "areas.members.context_processors.abilities",
            ],
            "libraries": {
                "tracker": "areas.ratings.templatetags.tracker",
                "month_form": "areas.ratings.templatetags.month_form",
                "scrutiny": "actions.scrutiny.templatetags.scrutiny",
            },
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Connections kept a minute between requests (+20-30% a request when opened
        # each time), checked before reuse; CONN_MAX_AGE=0 closes them after each.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}

# On PostgreSQL, the app's prepared queries (common/prepared.py) are planned once a
# connection as named statements; turn off behind a pooler that shares server
# connections between clients a transaction at a time (PgBouncer's transaction mode).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every sign-in first: after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES (each try
# while locked starts the time again) or until an administrator unlocks it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sendready.accounts.locked_out"
AXES_USERNAME_CALLABLE = "sendready.accounts.username_for_lockout"
# Behind a proxy, the client's address as the proxy saw it, not the proxy's own (else
# every sign-in would share one address and the lock would be by username alone).
AXES_CLIENT_IP_CALLABLE = "sendready.accounts.client_address"
# The log names the address each failure came from; the username stays masked (an email
# address, or a password typed in the wrong box): the admin's Access attempts page has it.
AXES_SENSITIVE_PARAMETERS = ["username"]

# Email: printed to the console in development, sent through an SMTP server otherwise.
if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10  # seconds: a silent mail server must not hold a page for ever
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SEND Ready <no-reply@localhost>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# GOV.UK Frontend's compiled CSS asks for its fonts and images at /assets/...;
# serve the copied assets folder from the site root so they load.
WHITENOISE_ROOT = BASE_DIR / "static" / "vendor" / "govuk"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session ends after this long without a request (each request starts it again, within
# a minute: common.middleware.idle_sessions), and at sign-out.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60

# Secure by default when DEBUG is off (`manage.py check --deploy` has nothing to say);
# each can be switched off, e.g. for a plain-HTTP smoke test on loopback.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind a proxy that ends TLS, trust its X-Forwarded-Proto (only when told to: a client
# could otherwise claim HTTPS), and name the https:// origins forms are posted from.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "sendready.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): scripts, styles, fonts and images only from the
# service's own address; no inline script or style, no plugins, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DJANGO_TABLES2_TEMPLATE = "django_tables2/govuk.html"

# Django's default: messages in a signed cookie (the session if they are too long), so a
# message does not cost two session writes (saving it, then showing it).
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# History of every change (django-simple-history): historical tables indexed by
# (date, object id) for the activity page and each record's own history.
SIMPLE_HISTORY_DATE_INDEX = "composite"

# Everything to standard error: a 500 with its traceback, a refused request on one line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"short_client_errors": {"()": "common.logs.ShortClientErrors"}},
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["short_client_errors"],
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # django-axes logs each failed sign-in and each lock-out as a WARNING: kept
        # whatever LOG_LEVEL says (they reach the root's standard-error handler).
        "axes": {"level": "WARNING"},
    },
}
