"""Settings come from the environment and fail loudly without a production secret."""

import os
import subprocess
import sys

from django.conf import settings


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "sendready.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_settings({})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_debug_defaults_off():
    result = run_settings({"SECRET_KEY": "x"})

    assert result.stdout.strip() == "False"


def test_settings_debug_allows_missing_secret_key():
    assert run_settings({"DEBUG": "true"}).stdout.strip() == "True"


PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "send-ready.example.gov.uk",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    # Not the test run's own switches (the browser tests allow async-unsafe calls).
    clean = {k: v for k, v in clean.items() if not k.startswith(("SECURE_", "DJANGO_ALLOW"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_check_deploy_finds_nothing_under_the_production_defaults():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_switching_https_off_for_a_loopback_smoke_test_is_what_check_deploy_warns_of():
    env = {**PRODUCTION, "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


def test_behind_a_tls_proxy_trusts_its_header_only_when_told():
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    told = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sendready.settings",
            "BEHIND_TLS_PROXY": "true",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert "HTTP_X_FORWARDED_PROTO" in told.stdout
    assert settings.SECURE_PROXY_SSL_HEADER is None  # not in this (untold) process
