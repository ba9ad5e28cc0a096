"""Anonymous requests to the API and to the exports are limited per client address, the counts
shared through the cache (issue 19, item 6); unodc_portal/rate_limits.py."""

import os
import subprocess  # nosec B404
import sys
import time
import types
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache

from tests import local_redis
from tests.factories import EventFactory, QuoteFactory, UserFactory
from tests.portal_client import PortalClient
from unodc_portal import rate_limits

pytestmark = pytest.mark.django_db

LIMIT = 3
WINDOW = 60
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATE_LIMITS = {"api": LIMIT, "exports": LIMIT}
    settings.RATE_LIMIT_WINDOW = WINDOW


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The rate limiter's clock, pinned to the middle of a window (for the fast lane and the
    middleware alike), so that no window ends in the middle of a test; a test moves it by
    setting `clock.now`."""
    pinned = types.SimpleNamespace(now=(time.time() // WINDOW) * WINDOW + WINDOW / 2)
    monkeypatch.setattr(rate_limits, "clock", lambda: pinned.now)
    return pinned


@pytest.fixture
def events(db):
    EventFactory(slug="day-event", start_date="2016-10-05", date_precision="day")


def get(client, path, address="203.0.113.7", **headers):
    return client.get(path, REMOTE_ADDR=address, **headers)


LIMITED = [
    "/events/csv/",
    "/events/csv/?country=uz",  # a filter value no option has: a 400, counted all the same
    "/ru/events/csv/",
    "/news/csv/",
    "/facilities/csv/",
    "/programmes/csv/",
    "/donors/csv/",
    "/events/ical/",  # stored by the page cache: answered before Django, and counted there
    "/ru/events/ical/",
    "/events/day-event/ical/",
    "/api/v1/events/",  # the API is another branch's; the limit keys on the address alone
    "/api/",
]


@pytest.mark.parametrize("path", LIMITED)
def test_the_request_after_the_limit_gets_429_with_retry_after_and_a_short_reason(client, events, path):
    for _ in range(LIMIT):
        assert get(client, path).status_code != 429
    response = get(client, path)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body, wait = response.content.decode(), response["Retry-After"]
    if path.startswith("/ru/"):
        assert f"не более {LIMIT} за 60 с" in body and f"Повторите через {wait} секунд" in body
    else:
        assert f"at most {LIMIT} every 60 seconds" in body and f"Try again in {wait} second" in body


def test_a_stored_calendar_is_still_counted(client, events):
    """The calendar is a page the fast lane answers without Django: the limit holds there too."""
    answers = [get(client, "/events/ical/") for _ in range(LIMIT + 1)]
    assert [a.get("X-Cache") for a in answers[:LIMIT]] == ["miss", "hit", "hit"]
    assert answers[LIMIT].status_code == 429 and "X-Cache" not in answers[LIMIT]


def test_the_reason_is_in_russian_under_ru(client, events):
    for _ in range(LIMIT):
        get(client, "/ru/events/ical/")
    body = get(client, "/ru/events/ical/").content.decode()
    assert f"не более {LIMIT} за 60 с" in body and "Повторите через" in body


def test_exports_and_the_api_have_limits_of_their_own(client, events, settings):
    settings.RATE_LIMITS = {"api": 1, "exports": LIMIT}
    get(client, "/api/v1/events/")
    assert get(client, "/api/v1/events/").status_code == 429
    assert get(client, "/events/csv/").status_code == 200


def test_every_export_counts_towards_one_limit(client, events):
    for path in ("/events/csv/", "/news/csv/", "/events/ical/"):
        assert get(client, path).status_code == 200
    assert get(client, "/facilities/csv/").status_code == 429


def test_another_address_is_not_affected(client, events):
    for _ in range(LIMIT + 1):
        get(client, "/events/csv/")
    assert get(client, "/events/csv/", address="198.51.100.20").status_code == 200


def test_behind_our_proxy_the_forwarded_address_is_counted(client, events, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(LIMIT + 1):
        get(client, "/events/csv/", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    refused = get(client, "/events/csv/", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert refused.status_code == 429
    # Another reader behind the same proxy; and a reader who writes an address in front of the
    # proxy's entry, which only the last (our proxy's) counts.
    assert get(client, "/events/csv/", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 200
    spoofed = get(client, "/events/csv/", address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    assert spoofed.status_code == 429


def test_an_ipv6_reader_is_counted_by_its_64_network(client, events):
    for number in range(LIMIT):
        get(client, "/events/csv/", address=f"2001:db8:1:2::{number + 1}")
    assert get(client, "/events/csv/", address="2001:db8:1:2:ffff::1").status_code == 429
    assert get(client, "/events/csv/", address="2001:db8:1:3::1").status_code == 200


def test_an_ipv4_reader_behind_a_dual_stack_proxy_is_counted_by_its_ipv4_address(client, events):
    """A dual-stack proxy hands IPv4 readers on as ::ffff:a.b.c.d: each is still counted alone,
    and as the same reader seen without the proxy."""
    for _ in range(LIMIT):
        get(client, "/events/csv/", address="::ffff:203.0.113.7")
    assert get(client, "/events/csv/", address="::ffff:198.51.100.20").status_code == 200
    assert get(client, "/events/csv/", address="203.0.113.7").status_code == 429


def test_signed_in_staff_are_not_limited(client, events):
    client.force_login(UserFactory(is_staff=True))
    for _ in range(LIMIT * 3):
        assert get(client, "/events/csv/").status_code == 200
        assert get(client, "/events/ical/").status_code == 200


def test_a_signed_in_reader_who_is_not_staff_is_limited(client, events):
    client.force_login(UserFactory(is_staff=False))
    for _ in range(LIMIT):
        get(client, "/events/csv/")
    assert get(client, "/events/csv/").status_code == 429


@pytest.mark.parametrize(
    "path",
    ["/", "/events/", "/events/?country=uz", "/news/", "/quotes/", "/people/", "/events/day-event/", "/sitemap.xml"],
)
def test_other_pages_are_never_limited(client, events, path):
    for _ in range(LIMIT * 3):
        assert get(client, path).status_code in (200, 302)


@pytest.mark.parametrize("path", ["/people/csv/", "/ru/people/csv/", "/people/ical/"])
def test_a_person_whose_slug_is_csv_or_ical_is_a_page_not_a_download(client, events, path):
    QuoteFactory(person__slug=path.split("/")[-2])
    for _ in range(LIMIT * 2):
        assert get(client, path).status_code == 200


@pytest.mark.parametrize("path", ["/nowhere/csv/", "/news/csv/ical/", "/events/day-event/csv/"])
def test_addresses_that_only_end_like_an_export_are_not_counted(client, events, path):
    for _ in range(LIMIT * 2):
        assert get(client, path).status_code == 404


def test_pages_are_answered_while_an_address_is_over_its_limit(client, events):
    for _ in range(LIMIT + 1):
        get(client, "/events/csv/")
    assert get(client, "/events/").status_code == 200


def test_the_limit_starts_again_with_the_next_window(client, events, clock):
    for _ in range(LIMIT + 1):
        get(client, "/events/csv/")
    assert get(client, "/events/ical/").status_code == 429  # the fast lane's count too
    clock.now += WINDOW
    assert get(client, "/events/csv/").status_code == 200
    assert get(client, "/events/ical/").status_code == 200


def test_the_wait_is_the_rest_of_the_window(client, events, clock):
    for _ in range(LIMIT):
        get(client, "/events/ical/")
    assert get(client, "/events/ical/")["Retry-After"] == str(WINDOW // 2)


def test_a_limit_of_0_lifts_it(client, events, settings):
    settings.RATE_LIMITS = {"api": LIMIT, "exports": 0}
    for _ in range(LIMIT * 2):
        assert get(client, "/events/csv/").status_code == 200


def test_without_the_cache_nothing_is_limited(client, events):
    """The cache is never needed for the site to answer: an outage lifts the limits."""
    with mock.patch.object(cache, "add", side_effect=ConnectionError("down")):
        for _ in range(LIMIT * 2):
            assert get(client, "/events/csv/").status_code == 200


def test_two_clients_of_one_address_share_its_count(events):
    first, second = PortalClient(), PortalClient()
    for _ in range(LIMIT):
        get(first, "/events/csv/")
    assert get(second, "/events/csv/").status_code == 429


REDIS_DATABASE = local_redis.RATE_LIMITS


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis (a database of its own, emptied before and after)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "unodc_portal.redis_cache.ReusedClientRedisCache",
            "LOCATION": local_redis.url(REDIS_DATABASE),
        }
    }
    cache.clear()
    yield
    cache.clear()


ANOTHER_SERVER = """
import django
django.setup()
from unodc_portal.rate_limits import seconds_to_wait
for _ in range({limit}):
    assert seconds_to_wait("exports", "{address}", now={now}) is None
"""


def test_the_count_is_shared_through_redis_with_another_app_server(client, events, redis_cache, clock):
    """Another process (another app server) uses up the address's allowance in Redis: this one
    refuses its next request. A fresh address, so that no other run's counts meet this one."""
    address = f"2001:db8:{uuid.uuid4().int % 0xFFFF:x}::1"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unodc_portal.settings",
        "REDIS_URL": local_redis.url(REDIS_DATABASE),
        "DJANGO_EXPORT_RATE_LIMIT": str(LIMIT),
        "DJANGO_RATE_LIMIT_WINDOW": "60",
        "PYTHONPATH": str(ROOT),
    }
    script = ANOTHER_SERVER.format(limit=LIMIT, address=address, now=clock.now)
    subprocess.run([sys.executable, "-c", script], env=environment, cwd=ROOT, check=True, timeout=120)  # nosec B603
    assert get(client, "/events/csv/", address=address).status_code == 429
    assert get(client, "/events/csv/", address="198.51.100.20").status_code == 200


def test_with_redis_a_stored_calendar_is_counted_once_per_request(client, events, redis_cache):
    for _ in range(LIMIT):
        assert get(client, "/events/ical/").status_code == 200
    assert get(client, "/events/ical/").status_code == 429


SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Content-Language",
    "Vary",
]


def test_a_stored_page_s_refusal_is_the_one_django_gives(client, events, clock):
    """The fast lane counts a stored calendar; its refusal is Django's 429, with every header
    Django adds, and the refused request is counted once."""
    for _ in range(LIMIT + 1):
        get(client, "/events/csv/", address="198.51.100.20")  # Django's own refusal
    from_django = get(client, "/events/csv/", address="198.51.100.20")
    for _ in range(LIMIT):
        get(client, "/events/ical/")
    refused = get(client, "/events/ical/")
    assert refused.status_code == from_django.status_code == 429
    for name in SECURITY_HEADERS:
        assert refused[name] == from_django[name], name
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    start = int(clock.now // WINDOW) * WINDOW
    assert cache.get(f"rate:exports:203.0.113.7:{start}") == LIMIT + 1


def test_a_refused_head_request_has_no_body(client, events):
    assert get(client, "/events/ical/")["X-Cache"] == "miss"  # stored: the fast lane answers HEAD
    for _ in range(LIMIT - 1):
        assert client.head("/events/ical/", REMOTE_ADDR="203.0.113.7")["X-Cache"] == "hit"
    refused = client.head("/events/ical/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and refused.content == b""
    assert refused["Retry-After"] and refused["Content-Security-Policy"]
