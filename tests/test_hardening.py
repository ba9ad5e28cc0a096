"""Security headers, request limits, sign-in lockout, request logs and database faults."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError

from tests.factories import StoryFactory, UserFactory
from tests.portal_client import PortalClient as Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", ["/", "/news/", "/events/?country=uz", "/admin/login/", "/no-such-page/", "/healthz"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_templates_have_no_inline_script_or_style():
    """The policy forbids inline code, so none may creep into a template (JSON-LD data is not code,
    and a script loaded from our own static files is allowed)."""
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert " style=" not in text and "<style" not in text, template
        for line in text.splitlines():
            for tag in re.findall(r"<script[^>]*>", line):
                assert 'type="application/ld+json"' in tag or "src=" in tag, template


def test_production_settings_pass_djangos_deployment_checks():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "Vr8kq2-Xz9Lw4_Tn7Mb1Yc6Hd3Jf5Gs0Pa8Qe2Rt4Uy6Io1Kl3Zx5Cv7Bn9Mm",
        "DJANGO_ALLOWED_HOSTS": "milestones.example.org",
        "DATABASE_URL": "postgres://portal@db.example.org/portal",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_admin_can_live_at_another_address():
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, "DJANGO_ADMIN_PATH": "office-desk"}
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "DJANGO_SETTINGS_MODULE": "unodc_portal.settings"},
    )
    assert result.stdout.strip() == "/office-desk/"


# --- Request limits ---------------------------------------------------------------------------


def test_body_larger_than_any_upload_is_refused_with_413(client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post("/search/", {"q": "x" * 5000})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_upload_over_the_request_limit_is_refused_and_nothing_saved(client, superuser, settings):
    settings.MAX_REQUEST_BYTES = 50_000
    client.force_login(superuser)
    big = SimpleUploadedFile("huge.jpg", b"\xff" * 60_000, content_type="image/jpeg")
    response = client.post("/admin/milestones/story/add/", {"title": "x", "image": big})
    assert response.status_code == 413
    from milestones.models import Story

    assert not Story.objects.exists()


def test_too_many_fields_are_refused_with_400(client):
    response = Client(raise_request_exception=False).get("/events/?" + "&".join(f"f{i}=1" for i in range(1500)))
    assert response.status_code == 400
    assert "malformed or too large" in response.content.decode()


def test_malformed_content_length_is_a_400(client):
    assert client.generic("POST", "/search/", b"", CONTENT_LENGTH="lots").status_code == 400


# --- Sign-in lockout -----------------------------------------------------------------------------


def attempt(client, username, password="wrong password", address="203.0.113.7"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_the_user_name_from_that_address_with_a_clear_message(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(4):
        assert attempt(client, "editor").status_code == 200
    assert attempt(client, "editor").status_code == 429  # the fifth failure locks
    # From that address only: tests/test_sign_in_lockout.py checks other addresses still get in.
    locked = attempt(client, "editor", password="correct horse battery staple")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


def test_repeated_failures_lock_the_address_whatever_names_it_tries(client):
    for number in range(5):
        attempt(client, f"guess{number}")
    assert attempt(client, "someone-else").status_code == 429


def test_an_administrator_unlocks_with_a_command(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(5):
        attempt(client, "editor")
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "203.0.113.7")
    response = attempt(client, "editor", password="correct horse battery staple")
    assert response.status_code == 302


def test_password_is_never_stored_with_failed_attempts(client):
    from axes.models import AccessAttempt

    attempt(client, "editor", password="my-secret-Passw0rd")
    record = AccessAttempt.objects.get()
    assert "my-secret-Passw0rd" not in json.dumps(
        {field.name: str(getattr(record, field.name)) for field in record._meta.fields}
    )


# --- Logs ------------------------------------------------------------------------------------------


def test_one_structured_line_per_request_with_the_id_sent_back(client, caplog):
    with caplog.at_level(logging.INFO, logger="unodc_portal.requests"):
        response = client.get("/news/?q=my+private+search")
    (record,) = [r for r in caplog.records if r.name == "unodc_portal.requests"]
    assert response["X-Request-ID"] == record.request_id
    assert (record.method, record.path, record.status) == ("GET", "/news/", 200)
    assert record.duration_ms >= 0
    assert "private" not in record.getMessage() + str(vars(record))


def test_a_sane_request_id_from_the_proxy_is_kept_and_a_forged_one_is_not(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_log_lines_are_json(caplog):
    from unodc_portal.logs import JsonFormatter

    record = logging.makeLogRecord({"name": "x", "levelname": "INFO", "msg": "hello", "request_id": "r1"})
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello" and line["request_id"] == "r1"


def test_failed_sign_in_does_not_log_the_password(client, caplog):
    with caplog.at_level(logging.DEBUG):
        attempt(client, "editor", password="my-secret-Passw0rd")
    assert "my-secret-Passw0rd" not in caplog.text


# --- Database faults ------------------------------------------------------------------------------


def test_unreachable_database_gives_503_with_retry_after_and_the_sites_navigation():
    StoryFactory()
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("no route")):
        response = client.get("/news/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "temporarily unavailable" in page
    assert 'aria-label="Main"' in page


def test_other_server_errors_are_a_styled_500():
    client = Client(raise_request_exception=False)
    with mock.patch("milestones.views.queries.latest_edition", side_effect=RuntimeError("bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000@evil", "<script>", ""])
def test_a_forged_host_header_is_a_400_not_a_500(host):
    response = Client(raise_request_exception=False).get("/news/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_get_with_a_malformed_body_length_is_refused_even_when_the_page_is_cached(client):
    client.get("/news/")
    assert client.get("/news/")["X-Cache"] == "hit"
    assert client.generic("GET", "/news/", b"", CONTENT_LENGTH="lots").status_code == 400
