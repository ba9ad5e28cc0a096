"""Sign-in behind a proxy: which address a sign-in counts against, and what the lockout locks.

Security test, issue 14: an `X-Forwarded-For` value that is not a bare IP address gave a 500 at
sign-in on PostgreSQL (item 3), and failures for a user name from many addresses locked that user
out everywhere, so anyone could lock out any editor (item 4).
"""

import logging

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.portal_client import PortalClient as Client
from unodc_portal.middleware import client_ip

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"  # the connection's address: our own proxy's


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def sign_in(client, username, password="wrong password", forwarded="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def request_from(forwarded):
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


# --- Which address counts -------------------------------------------------------------------------

FORWARDED_FORMS = [
    ("1.2.3.4", "1.2.3.4"),
    ("1.2.3.4:80", "1.2.3.4"),
    ("[::1]", "::1"),
    ("[2001:db8::1]:443", "2001:db8::1"),
    ("::1", "::1"),
    ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),  # one address, one spelling, one lockout bucket
    ("198.51.100.9, 1.2.3.4:80", "1.2.3.4"),  # only the entry our proxy added counts
    ("not-an-ip, 1.2.3.4", "1.2.3.4"),  # junk the client wrote before it is no concern of ours
    # Unreadable entries from our proxy: the connection's address (see client_ip on why).
    ("not-an-ip", PROXY),
    ("999.999.999.999", PROXY),
    ("1.2.3.4:http", PROXY),
    ("1.2.3.4:99999", PROXY),
    ("[::1", PROXY),
    ("[1.2.3.4]", PROXY),
    ("fe80::1%eth0", PROXY),  # PostgreSQL's inet has no zone index
    ("1.2.3.4, not-an-ip", PROXY),  # never the client-written entry before it
    ("1.2.3.4, ", PROXY),
    ("", PROXY),  # no forwarded address at all
]


@pytest.mark.parametrize(("forwarded", "expected"), FORWARDED_FORMS)
def test_client_ip_reads_the_address_our_proxy_forwarded(settings, forwarded, expected):
    assert client_ip(request_from(forwarded)) == expected


def test_client_ip_counts_trusted_proxies_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("192.0.2.1, 1.2.3.4:80, 10.0.0.3")) == "1.2.3.4"
    assert client_ip(request_from("10.0.0.3")) == PROXY  # fewer entries than proxies


def test_client_ip_ignores_the_header_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("1.2.3.4")) == PROXY


def test_an_unreadable_forwarded_address_is_logged_once_by_its_shape_only(caplog):
    request = request_from("secret-host.example" + "x" * 200)
    with caplog.at_level(logging.WARNING, logger="unodc_portal.middleware"):
        client_ip(request)
        client_ip(request)  # django-axes may ask again for the same request
    (record,) = caplog.records
    logged = record.getMessage() + str(vars(record))
    assert "secret" not in logged and "example" not in logged
    assert record.forwarded_shape.startswith("'aaaaaa-aaaa.aaaaaaa")
    assert len(record.forwarded_shape) < 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forwarded",
    ["1.2.3.4:80", "[::1]", "[2001:db8::1]:443", "not-an-ip", "999.999.999.999", "", "198.51.100.9, 1.2.3.4:80"],
)
def test_any_forwarded_address_form_signs_in_and_never_fails(client, forwarded):
    UserFactory(username="editor", is_staff=True)
    failed = sign_in(client, "editor", forwarded=forwarded)
    assert failed.status_code == 200  # the form again, with the error
    signed_in = sign_in(client, "editor", password=PASSWORD, forwarded=forwarded)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"


# --- What the lockout locks -----------------------------------------------------------------------


@pytest.mark.django_db
def test_failures_from_many_addresses_do_not_lock_the_user_out_elsewhere(client):
    UserFactory(username="editor", is_staff=True)
    for number in range(5):
        assert sign_in(client, "editor", forwarded=f"198.51.100.{number + 1}").status_code == 200
    response = sign_in(client, "editor", password=PASSWORD, forwarded="203.0.113.50")
    assert response.status_code == 302


@pytest.mark.django_db
def test_failures_from_one_address_lock_that_user_name_there_only(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(4):
        assert sign_in(client, "editor").status_code == 200
    assert sign_in(client, "editor").status_code == 429  # the fifth failure locks
    locked = sign_in(client, "editor", password=PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert sign_in(client, "editor", password=PASSWORD, forwarded="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_an_address_trying_many_user_names_is_locked_for_every_name(client):
    UserFactory(username="editor", is_staff=True)
    for number in range(5):
        sign_in(client, f"guess{number}")
    assert sign_in(client, "someone-else").status_code == 429
    assert sign_in(client, "editor", password=PASSWORD).status_code == 429
    assert sign_in(client, "editor", password=PASSWORD, forwarded="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_requests_with_unreadable_addresses_are_still_counted_and_locked(client):
    for number in range(5):
        sign_in(client, f"guess{number}", forwarded=f"not-an-ip-{number}")
    assert sign_in(client, "someone-else", forwarded="999.999.999.999").status_code == 429


@pytest.mark.django_db
def test_an_administrator_unlocks_a_user_name_with_the_command(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(5):
        sign_in(client, "editor")
    assert sign_in(client, "editor", password=PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor")
    assert sign_in(client, "editor", password=PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_administrator_unlocks_by_deleting_the_attempts_in_the_admin(admin_client):
    UserFactory(username="editor", is_staff=True)
    editor = Client()
    for _ in range(5):
        sign_in(editor, "editor")
    assert sign_in(editor, "editor", password=PASSWORD).status_code == 429
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(editor, "editor", password=PASSWORD).status_code == 302
