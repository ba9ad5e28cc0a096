"""Start-up with a wrong environment stops with one readable line, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "Vr8kq2-Xz9Lw4_Tn7Mb1Yc6Hd3Jf5Gs0Pa8Qe2Rt4Uy6Io1Kl3Zx5Cv7Bn9Mm",
    "DJANGO_ALLOWED_HOSTS": "milestones.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org/portal",
}


def manage(*args, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({**GOOD_PRODUCTION, "DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({**GOOD_PRODUCTION, "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({**GOOD_PRODUCTION, "DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_SECRET_KEY"),
        ({**GOOD_PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
        ({**GOOD_PRODUCTION, "DATABASE_URL": "sqlite:///tmp/x.db"}, "DATABASE_URL"),
        ({**GOOD_PRODUCTION, "DJANGO_DEBUG": "true"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "yes"}, "DJANGO_DEBUG"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV"),
        ({"DATABASE_URL": "mongodb://localhost/portal"}, "DATABASE_URL"),
        ({"DATABASE_CONN_MAX_AGE": "a minute"}, "DATABASE_CONN_MAX_AGE"),
    ],
)
def test_bad_environment_stops_with_one_line_naming_the_variable(env, variable):
    result = manage("check", **env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration error: ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_good_production_environment_starts():
    result = manage("check", **GOOD_PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_gunicorn_refuses_a_bad_environment_before_starting_workers():
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config"],
        cwd=ROOT,
        env={**clean, "DJANGO_DEBUG": "maybe"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Configuration error: DJANGO_DEBUG='maybe' is not a switch; use one of 1, true, on, 0, false, off."
    )


def test_without_a_secret_key_a_local_one_is_kept_in_var():
    from django.conf import settings

    assert len(settings.SECRET_KEY) >= 50
    assert (settings.VAR_DIR / "secret_key").read_text().strip() == settings.SECRET_KEY
