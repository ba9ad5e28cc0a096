"""Rate limits on the open data: anonymous requests to the API (any address under /api/) and to
the exports (the CSV files and calendars: EXPORT_ROUTES, in any language) are counted per client
address, and over the limit answered 429 with `Retry-After`. Signed-in staff are not counted.

The counts are kept in the cache (Redis in production, shared by every app server), one counter
per address and window of `RATE_LIMIT_WINDOW` seconds: `cache.add()` starts it and
`cache.incr()` counts, each one atomic command in Redis (SET NX, INCRBY) and under a lock in the
local-memory cache, so that two app servers never lose each other's requests. A counter lives a
minute longer than its window, so `incr()` never meets one that expired between its check and
its increment (Django's Redis backend checks first, and would then count in a key that never
expires). Fixed windows let an address make up to twice its limit across a window's end: enough
for a limit meant to stop scrapers and runaway scripts, not to meter anyone exactly.

The address is the one the sign-in lockout uses (unodc_portal.middleware.client_ip: the last
trusted proxy's entry of X-Forwarded-For); an IPv6 address counts as its /64 network, which one
client usually holds whole. If the cache cannot be reached, nothing is limited (the cache is
never needed for the site to answer; content_version.guard logs the outage once).

Requests are counted where they are answered: Django's RateLimitMiddleware for everything that
reaches Django, and the page cache's fast lane (unodc_portal/page_cache.py) for the stored pages it
answers itself before Django runs (a calendar, an API page). The fast lane answers only requests
without a session cookie, so every request it counts is anonymous, and each request is counted
once, in one of the two. A request the fast lane refuses is handed to Django all the same, which
answers the 429 (RateLimitMiddleware, without counting it again): one answer, with the security
headers, language and Vary of any other page, and without a body for HEAD.

Not django-ratelimit: its functions need a Django request, which the fast lane has not made yet,
and its system checks refuse our Redis backend (a subclass) unless silenced; the counting itself
is these few lines on the cache framework.
"""

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext, ngettext

from unodc_portal.content_version import guard
from unodc_portal.languages import without_prefix
from unodc_portal.middleware import client_ip, forwarded_client_ip

API = "api"
EXPORTS = "exports"
# Seconds a counter outlives its window (see above).
COUNTER_GRACE = 60
# The routes of the exports: the CSV files and the calendars.
EXPORT_ROUTES = {
    "milestones:story-csv",
    "milestones:event-csv",
    "milestones:event-calendar",
    "milestones:event-detail-calendar",
    "programmes:programme-csv",
    "programmes:facility-csv",
    "programmes:donor-csv",
}


def scope_of(path):
    """Which limit an address falls under (API, EXPORTS) or None: `path` is the path within the
    site (PATH_INFO), with or without a language prefix."""
    # Checked on every page the fast lane answers: the cheap tests first. An address ending in
    # /csv/ or /ical/ may still be a page (a person or story whose slug is "csv"): only the
    # exports' own routes count.
    if path.endswith(("/csv/", "/ical/")):
        with translation.override(settings.LANGUAGE_CODE):  # the routes without a prefix
            try:
                name = resolve(without_prefix(path)).view_name
            except Resolver404:
                return None
        return EXPORTS if name in EXPORT_ROUTES else None
    if "/api/" in path and without_prefix(path).startswith("/api/"):
        return API
    return None


def counted_address(address):
    """The key an address is counted under: itself, or for IPv6 its /64 network. An IPv4 reader
    seen through a dual-stack proxy (::ffff:203.0.113.7) counts as its IPv4 address: all IPv4
    addresses share one /64 of that form."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def count_request(key, window):
    """The number of requests counted under `key` in this window, this one included."""
    if cache.add(key, 1, window + COUNTER_GRACE):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # evicted between the two (Redis under memory pressure): start again
        cache.add(key, 1, window + COUNTER_GRACE)
        return 1


def clock():
    """The time the windows are counted by: one function for both counting places, which
    tests pin."""
    return time.time()


def seconds_to_wait(scope, address, *, now=None):
    """Counts a request of `address` under `scope`; the seconds until its window ends when the
    address has gone over its limit, None when the request may be answered."""
    limit = settings.RATE_LIMITS.get(scope, 0)
    if not limit:
        return None
    window = settings.RATE_LIMIT_WINDOW
    now = clock() if now is None else now
    start = int(now // window) * window
    key = f"rate:{scope}:{counted_address(address)}:{start}"
    count = guard.call(count_request, key, window)
    if count is None or count <= limit:
        return None
    return max(1, math.ceil(start + window - now))


def refusal_text(scope, retry_after):
    """The body of a 429, in the active language."""
    numbers = {"limit": settings.RATE_LIMITS[scope], "window": settings.RATE_LIMIT_WINDOW}
    if scope == API:
        limit = gettext("Too many requests to the API from your address: at most %(limit)s every %(window)s seconds.")
    else:
        limit = gettext(
            "Too many downloads of CSV and calendar files from your address: "
            "at most %(limit)s every %(window)s seconds."
        )
    wait = ngettext("Try again in %(seconds)s second.", "Try again in %(seconds)s seconds.", retry_after)
    return f"{limit % numbers} {wait % {'seconds': retry_after}}\n"


def too_many_requests(scope, retry_after):
    """The 429 response (never stored: the page cache keeps only 200s)."""
    response = HttpResponse(refusal_text(scope, retry_after), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


# Where the fast lane leaves a refusal for RateLimitMiddleware: the seconds to wait.
REFUSAL = "portal.rate_limit_refusal"


def refused_in_front(environ):
    """For the page cache's fast lane, about a stored page it is about to answer: counts the
    request when it is open data, and says whether it is over its limit. A refused request is
    then answered by Django (RateLimitMiddleware reads the refusal left in the environ and does
    not count it again), so that its 429 carries every header Django's middleware adds."""
    path = environ.get("PATH_INFO", "")
    scope = scope_of(path)
    if scope is None:
        return False
    retry_after = seconds_to_wait(scope, forwarded_client_ip(environ))
    if retry_after is None:
        return False
    environ[REFUSAL] = retry_after
    return True


class RateLimitMiddleware:
    """Counts the anonymous open-data requests that reach Django (after the authentication
    middleware, which says who is signed in), and refuses those over the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = scope_of(request.path_info)
        if scope is not None and not request.user.is_staff:
            # A request the fast lane counted and refused is not counted again.
            retry_after = request.META.get(REFUSAL) or seconds_to_wait(scope, client_ip(request))
            if retry_after is not None:
                return too_many_requests(scope, retry_after)
        return self.get_response(request)
