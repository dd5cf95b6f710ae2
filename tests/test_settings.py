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
