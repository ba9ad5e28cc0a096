"""Whole-page cache for anonymous readers that is never wrong.

Every cached page is stored under the current *content version*. Any change to content (a save,
a delete, a changed link, in the admin or anywhere else) starts a new version, so the very next
request renders afresh. Scheduled publication needs no save: the version also records when the
next scheduled item goes live, and a new version starts at that moment.

With Redis (production), the version lives in Redis and every app server sees a change at once.
With the default local-memory cache each gunicorn worker has its own cache, so a change also
touches a stamp file that every worker on the machine checks (one `stat` per request).

The cache is optional. If it fails (Redis down, say), pages are served from the database, the
failure is logged once, and the cache is tried again after a pause.
"""

import hashlib
import logging
import os
import re
import threading
import time
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

logger = logging.getLogger("unodc_portal.cache")

STATE_KEY = "page-cache:state"
RETRY_AFTER_FAILURE = 30  # seconds without trying the cache after it failed
CACHED_APPS = {"programmes", "milestones"}


class CacheGuard:
    """Runs cache calls, turning a failure into "no cache" and logging it once per outage."""

    def __init__(self):
        self.down_until = 0.0

    def call(self, operation, *args, default=None):
        if time.monotonic() < self.down_until:
            return default
        try:
            result = operation(*args)
        except Exception as error:  # any backend error: the cache is optional, never fatal
            if not self.down_until:
                logger.warning("cache unavailable, serving without it", extra={"error": type(error).__name__})
            self.down_until = time.monotonic() + RETRY_AFTER_FAILURE
            return default
        if self.down_until:
            logger.warning("cache available again")
            self.down_until = 0.0
        return result


guard = CacheGuard()


def next_scheduled_publication():
    """When the next scheduled story, event or edition goes live, or None."""
    now = timezone.now()
    times = [
        model.objects.filter(status="published", published_at__gt=now).aggregate(at=Min("published_at"))["at"]
        for model in (apps.get_model("milestones", name) for name in ("Story", "Event", "Bulletin"))
    ]
    times = [at for at in times if at is not None]
    return min(times) if times else None


def cache_is_per_process():
    return settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def stamp():
    """When content last changed on this machine (the stamp file's time), for per-process caches."""
    try:
        return os.stat(settings.CONTENT_STAMP_FILE).st_mtime_ns
    except FileNotFoundError:
        return 0


def current_version():
    """The content version pages are cached under; a new one starts after any change and when
    a scheduled item's time has come."""
    return checked_state(guard.call(cache.get, STATE_KEY))


def checked_state(state):
    """The stored version state if it still holds, otherwise a new one (stored for the others)."""
    now = timezone.now()
    local_stamp = stamp() if cache_is_per_process() else 0
    if (
        state is None
        or state["stamp"] != local_stamp
        or (state["next_change"] is not None and now >= state["next_change"])
    ):
        state = {"version": uuid.uuid4().hex, "stamp": local_stamp, "next_change": next_scheduled_publication()}
        guard.call(cache.set, STATE_KEY, state, None)
    return state


def new_content_version(**kwargs):
    """Start a new version: every cached page is out of date from the next request on."""
    guard.call(cache.delete, STATE_KEY)
    if cache_is_per_process():
        path = settings.CONTENT_STAMP_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        # Two changes within the file system's clock tick must still differ.
        os.utime(path, ns=(time.time_ns(), time.time_ns()))


_bulk = threading.local()


@contextmanager
def bulk_changes():
    """For commands that change many rows at once: one new version at the end, not one per row."""
    _bulk.active = True
    try:
        yield
    finally:
        _bulk.active = False
        new_content_version()


def invalidate_on_change(sender, **kwargs):
    """Signal receiver for saves, deletes and changed links of anything the pages show."""
    if sender._meta.app_label in CACHED_APPS and not getattr(_bulk, "active", False):
        # After the commit: a request rendered before it would otherwise fill the new version
        # with the old content. (Outside a transaction this runs at once.)
        transaction.on_commit(new_content_version)


def remembered(parts, compute):
    """The value of `compute()`, kept under the current content version: counts and facet
    numbers of a filtered list are worked out once per version, not on every page of it."""
    if not settings.COUNT_CACHE_SECONDS:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"data:{current_version()['version']}:{digest}"
    value = guard.call(cache.get, key)
    if value is None:
        value = computed_once(key, compute)
    return value


COMPUTE_WAIT_SECONDS = 10


def computed_once(key, compute):
    """`compute()`, stored under `key`. While one request works it out, the others that need the
    same value wait for its result instead of doing the same work: right after a change, every
    reader of a big list would otherwise count 100,000 events at once. A waiter that sees no
    result in COMPUTE_WAIT_SECONDS (the first one failed, say) works it out itself."""
    lock = f"{key}:computing"
    # Without a cache (default=True) there is nobody to wait for.
    if guard.call(cache.add, lock, True, COMPUTE_WAIT_SECONDS, default=True):
        try:
            value = compute()
            guard.call(cache.set, key, value, settings.COUNT_CACHE_SECONDS)
            return value
        finally:
            guard.call(cache.delete, lock)
    deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        value = guard.call(cache.get, key)
        if value is not None:
            return value
    return compute()


ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as GZipMiddleware decides


def page_key(request):
    # Pages carry absolute addresses (canonical link, feeds), so the host and scheme count; the
    # page is stored compressed for readers who accept it and plain for the others.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "identity"
    return f"page:{request.method}:{encoding}:{hashlib.sha256(address.encode()).hexdigest()}"


def answer_conditionally(request, response):
    """A stored page, or 304 Not Modified when the reader already has it. (Django's
    ConditionalGetMiddleware sits below the cache, so it never sees a hit.)"""
    if request.method != "GET":
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous GET and HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        # The version state and the page come back in one round trip; a page stored under an
        # older version is simply not used.
        try:
            key = page_key(request)
        except DisallowedHost:
            # Refused further in, with the security headers every response carries.
            return self.get_response(request)
        found = guard.call(cache.get_many, [STATE_KEY, key], default={})
        state = checked_state(found.get(STATE_KEY))
        version, cached = found.get(key) or (None, None)
        if version == state["version"]:
            cached["X-Cache"] = "hit"
            return answer_conditionally(request, cached)
        response = self.get_response(request)
        if self.cacheable_response(response):
            timeout = settings.PAGE_CACHE_SECONDS
            if state["next_change"] is not None:
                timeout = max(1, min(timeout, int((state["next_change"] - timezone.now()).total_seconds())))
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            # Browsers keep the page but ask again each time; the ETag makes that a cheap 304.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if not response.has_header("ETag"):
                set_response_etag(response)
            response["Last-Modified"] = http_date()
            guard.call(cache.set, key, (state["version"], response), timeout)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_request(request):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return False
        if request.META.get("CONTENT_LENGTH") not in (None, "", "0"):
            return False  # a body on a GET is odd: let the request limits below judge it
        if request.path.startswith((f"/{settings.ADMIN_PATH}", settings.MEDIA_URL, settings.STATIC_URL, "/healthz")):
            return False
        # A signed-in reader may be staff seeing drafts: never share their pages.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def cacheable_response(response):
        if response.status_code not in (200, 301, 404) or response.cookies or response.streaming:
            return False
        control = response.get("Cache-Control", "")
        return "private" not in control and "no-cache" not in control and "no-store" not in control
