"""Whole-page cache for anonymous readers that is never wrong.

Every cached page is stored under the current *content version*. A change to content starts a
new version once it commits, so the next request renders afresh. Scheduled publication needs no
save: the version also records when the next scheduled item goes live, and a new version starts
at that moment.

Which changes are followed: every save and delete of a model of PAGE_CACHE_APPS through Django
(the admin, `Model.save()`, `delete()` and `QuerySet.delete()`), every changed link (many-to-many
`add`, `remove`, `clear`, `set`), `loaddata`, and `restore`. Not followed, because Django sends
no signal for them: `QuerySet.update()`, `bulk_create()`, `bulk_update()` and plain SQL. Run them
inside `bulk_changes()`, or run `manage.py new_content_version` after SQL; otherwise they show
once cached pages and counts expire (DJANGO_PAGE_CACHE_SECONDS, DJANGO_COUNT_CACHE_SECONDS).

Stored pages are answered by a WSGI layer in front of Django (PageCacheApplication), before any
request object or middleware exists; AnonymousPageCacheMiddleware stores what Django rendered.
Each worker keeps its own copy of the version and of recent pages (LocalCopy), trusted only while
a watcher vouches that the version has not changed:

- With Redis (production), the version lives in Redis and every app server sees a change at
  once: each change is published on a Redis channel every worker subscribes to (RedisWatcher),
  so a hit from the worker's copy needs no round trip, and a worker that cannot hear Redis asks
  it on every request.
- With the default local-memory cache each gunicorn worker has its own cache, so a change also
  touches a stamp file that every worker on the machine checks (one `stat` per request).

The cache is optional. If it fails (Redis down, say), pages are served from the database, the
failure is logged once, and the cache is tried again after a pause.
"""

import functools
import hashlib
import logging
import os
import re
import threading
import time
import types
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Min
from django.dispatch import receiver
from django.http import parse_cookie
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from unodc_portal.middleware import accepted_request_id, log_request

logger = logging.getLogger("unodc_portal.cache")

STATE_KEY = "page-cache:state"
# Changed with every change to content. A state records the generation it was worked out under,
# so that one worked out while an editor's change was committing (it may have missed a newly
# scheduled item) is not trusted afterwards.
GENERATION_KEY = f"{STATE_KEY}:generation"
# Where changes are announced to the processes that keep a copy (RedisWatcher).
CHANGES_CHANNEL = "page-cache:changes"
RETRY_AFTER_FAILURE = 30  # seconds without trying the cache after it failed
# How often a worker makes sure its connection to Redis still carries news of changes, and how
# long it waits for the answer: the longest a silently broken connection can go unnoticed.
HEARTBEAT_SECONDS, HEARTBEAT_TIMEOUT = 1.0, 0.5


class CacheGuard:
    """Runs cache calls, turning a failure into "no cache" and logging it once per outage."""

    def __init__(self):
        self.down_until = 0.0

    def call(self, operation, *args, default=None, even_if_down=False):
        if time.monotonic() < self.down_until and not even_if_down:
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
        for model in map(apps.get_model, settings.PAGE_CACHE_SCHEDULED_MODELS)
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


def deliver_undelivered_change():
    retry_at = _undelivered["retry_at"]
    if retry_at is not None and time.monotonic() >= retry_at:
        announce_or_retry()


def announce_or_retry():
    """Announce a change; if the cache cannot be told, try again a second later (on a request)."""
    if announce_change() is FAILED:
        if _undelivered["retry_at"] is None:
            logger.error("a change could not be announced to the cache; trying again every second")
        _undelivered["retry_at"] = time.monotonic() + UNDELIVERED_RETRY_SECONDS
    elif _undelivered["retry_at"] is not None:
        _undelivered["retry_at"] = None
        logger.warning("a change that could not be announced earlier has been announced")


def announce_change():
    """A new generation, then no state (the next request works out a new version), then the
    news to every process that keeps a copy."""
    if guard.call(cache.set, GENERATION_KEY, uuid.uuid4().hex, None, default=FAILED, even_if_down=True) is FAILED:
        return FAILED
    if guard.call(cache.delete, STATE_KEY, default=FAILED, even_if_down=True) is FAILED:
        return FAILED
    return guard.call(publish_change, default=FAILED, even_if_down=True)


def current_version():
    """The content version pages are cached under; a new one starts after any change and when
    a scheduled item's time has come. This process's copy answers while it is known current."""
    deliver_undelivered_change()
    copy = local_copy()
    state = copy.current_state()
    if state is None:
        token, state, _ = fresh_state(copy)
        copy.keep(token, state)
    return state


def fresh_state(copy, *keys):
    """(token for copy.keep, the state read afresh, what else was asked for): the watcher
    listens before the state is read, and `keys` come back in the same round trip."""
    token = copy.listen()
    found = guard.call(cache.get_many, [STATE_KEY, GENERATION_KEY, *keys], default={})
    return token, checked_state(found.get(STATE_KEY), found.get(GENERATION_KEY)), found


def checked_state(state, generation):
    """The stored version state if it still holds, otherwise a new one (stored for the others).
    `generation` is the one read with the state."""
    now = timezone.now()
    local_stamp = stamp() if cache_is_per_process() else 0
    if (
        state is None
        or state.get("generation") != generation
        or state["stamp"] != local_stamp
        or (state["next_change"] is not None and now >= state["next_change"])
    ):
        state = {
            "version": uuid.uuid4().hex,
            "generation": generation,
            "stamp": local_stamp,
            "next_change": next_scheduled_publication(),
        }
        guard.call(cache.set, STATE_KEY, state, None)
    return state


FAILED = object()
UNDELIVERED_RETRY_SECONDS = 1.0
_undelivered = {"retry_at": None}  # when to try again to announce a change the cache missed


def new_content_version(**kwargs):
    """Start a new version: every cached page is out of date from the next request on."""
    if _local_copy is not None:
        _local_copy.drop()  # this worker at once, without waiting for Redis's message
    # Tried even while the cache counts as down: a skipped announcement would leave every other
    # app server on the old version.
    announce_or_retry()
    if cache_is_per_process():
        path = settings.CONTENT_STAMP_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        # Two changes within the file system's clock tick must still differ.
        os.utime(path, ns=(time.time_ns(), time.time_ns()))


_bulk = threading.local()


@contextmanager
def bulk_changes():
    """For code that changes many rows at once: one new version at the end, not one per row.
    Also the way to make QuerySet.update(), bulk_create() and bulk_update() followed, which send
    no signals. The version starts once the transaction around it (if any) has committed."""
    _bulk.active = True
    try:
        yield
    finally:
        _bulk.active = False
        transaction.on_commit(new_content_version)


def invalidate_on_change(sender, **kwargs):
    """Signal receiver for saves, deletes and changed links of anything the pages show."""
    if sender._meta.app_label in settings.PAGE_CACHE_APPS and not getattr(_bulk, "active", False):
        # After the commit: a request rendered before it would otherwise fill the new version
        # with the old content. (Outside a transaction this runs at once.)
        transaction.on_commit(new_content_version)


def remembered(parts, compute):
    """The value of `compute()`, kept under the current content version: counts and facet
    numbers of a filtered list are worked out once per version, not on every page of it, and
    for COUNT_CACHE_SECONDS at most (a write that starts no new version, a fix made in SQL say,
    shows after that).

    The worker also keeps the values of the current version it has used, until the same time (a
    list page needs about ten: a Redis round trip and unpickling each took a twentieth of the
    page's time). A value is shared by every request that asks for it, so callers must not
    change it."""
    global _remembered_here
    if not settings.COUNT_CACHE_SECONDS:
        return compute()
    version = current_version()["version"]
    kept = _remembered_here
    if kept.get("version") != version or len(kept) > REMEMBERED_HERE_MAX:
        # A new version (or too many values): start afresh. One assignment, so threads never see
        # a mixture of versions.
        kept = _remembered_here = {"version": version}
    key = f"remembered:{version}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
    until, value = kept.get(key) or (0, None)
    if until <= time.time():
        entry = guard.call(cache.get, key) or computed_once(key, lambda: with_expiry(compute))
        kept[key] = entry
        until, value = entry
    return value


def with_expiry(compute):
    """(when the value expires, the value): the time goes with the value, so every worker that
    keeps a copy lets it go when the cache does."""
    value = compute()
    return time.time() + settings.COUNT_CACHE_SECONDS, value


REMEMBERED_HERE_MAX = 256
_remembered_here = {}


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
PAGE_KEY = "portal.page_key"  # where the fast lane leaves the page's key for the middleware
# Cookies that make a page personal: a signed-in reader may be staff seeing drafts, and a reader
# with a pending message sees it on the next page (the cookie storage's name).
MESSAGES_COOKIE = "messages"


@functools.cache
def fast_lane_settings():
    """What the fast lane reads from the settings on every request, read once (settings are
    slow to read in a hot path); tests that change settings start it afresh."""
    names = ["wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "QUERY_STRING"]
    # The raw request values besides the path that a page can depend on: scheme and host, as
    # given directly or by our proxies, and the query string.
    if settings.SECURE_PROXY_SSL_HEADER:
        names.append(settings.SECURE_PROXY_SSL_HEADER[0])
    if settings.USE_X_FORWARDED_HOST:
        names.append("HTTP_X_FORWARDED_HOST")
    if settings.USE_X_FORWARDED_PORT:
        names.append("HTTP_X_FORWARDED_PORT")
    return types.SimpleNamespace(
        enabled=bool(settings.PAGE_CACHE_SECONDS),
        uncached_paths=(f"/{settings.ADMIN_PATH}", settings.MEDIA_URL, settings.STATIC_URL, "/healthz"),
        personal_cookies={settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE},
        request_values=names,
    )


@receiver(setting_changed)
def settings_changed(**kwargs):
    global _local_copy
    fast_lane_settings.cache_clear()
    _local_copy = None


def page_key(environ):
    """The cache key of the page a request asks for, or None if it must not come from the cache.

    Taken from the request's raw values before Django reads them: a page is stored only after
    Django has accepted exactly those values (the host among them), so a request with the same
    values can be answered without asking Django again. Pages carry absolute addresses
    (canonical link, feeds), so scheme and host count; the page is stored compressed for readers
    who accept it and plain for the others.
    """
    config = fast_lane_settings()
    method = environ.get("REQUEST_METHOD")
    if method not in ("GET", "HEAD") or not config.enabled:
        return None
    if environ.get("CONTENT_LENGTH") not in (None, "", "0"):
        return None  # a body on a GET is odd: let the request limits judge it
    # Conditions the fast lane does not answer itself; Django does.
    if "HTTP_IF_MATCH" in environ or "HTTP_IF_UNMODIFIED_SINCE" in environ:
        return None
    path = environ.get("PATH_INFO", "")
    if path.startswith(config.uncached_paths):
        return None
    if "HTTP_COOKIE" in environ and not config.personal_cookies.isdisjoint(parse_cookie(environ["HTTP_COOKIE"])):
        return None
    encoding = "gzip" if ACCEPTS_GZIP.search(environ.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
    address = "\n".join([path, *(environ.get(name, "") for name in config.request_values)])
    # HEAD shares GET's page (only GET stores: Django's ETag for a HEAD would come from the
    # compressed bytes, which differ on every response).
    return f"page:{encoding}:{hashlib.sha256(address.encode()).hexdigest()}"


PAGE_OVERHEAD_BYTES = 500  # what a copied page costs besides its text (objects, dict slot)


class LocalCopy:
    """This process's copy of the version state and of pages stored under it, so that most hits
    cost no round trip to the cache. The copy is trusted only while the watcher vouches that the
    state has not changed since it was read; otherwise it is dropped and read again."""

    def __init__(self, watcher, max_bytes):
        self.watcher = watcher
        self.max_bytes = max_bytes
        self.lock = threading.Lock()  # for gunicorn's threaded workers
        self.news = 0  # how often a change was heard of: a state read before one is not kept
        self.clear()

    def clear(self):
        self.state = None
        self.pages = {}
        self.size = 0

    def forget(self):
        self.news += 1
        self.clear()

    def drop(self):
        """Forget the copy from outside: this process itself made a change."""
        with self.lock:
            self.forget()

    def current_state(self):
        with self.lock:
            state = self.state
            if state is None:
                return None
            if not self.watcher.unchanged(state) or (
                state["next_change"] is not None and timezone.now() >= state["next_change"]
            ):
                self.forget()
                return None
            return state

    def listen(self):
        """Make sure the watcher listens before the state is read afresh. Returns the token
        `keep` needs, or None if the watcher cannot listen (nothing is kept then)."""
        with self.lock:
            if not (self.watcher.start() and self.watcher.unchanged(self.state)):
                self.forget()
            # Asked again: the look may have found the connection dead and dropped it (a new
            # one, or none, must decide whether what is read next can be kept).
            return self.news if self.watcher.start() else None

    def keep(self, token, state, key=None, entry=None):
        """Keep the state read after `listen()` gave `token`, and a page stored under it, unless
        news of a change came in meanwhile (another thread may have heard it)."""
        with self.lock:
            if token is None or token != self.news:
                return
            if self.state is None or self.state["version"] != state["version"]:
                self.clear()
                self.state = state
            if key is None:
                return
            size = PAGE_OVERHEAD_BYTES + len(key) + len(entry[3]) + sum(len(n) + len(v) for n, v in entry[2])
            if self.size + size > self.max_bytes:
                self.pages, self.size = {}, 0  # start over rather than track use: pages are cheap to fetch
            self.pages[key] = entry
            self.size += size

    def page(self, key, state):
        """The copied page, if stored under this version and not past its time in the cache."""
        entry = self.pages.get(key)
        if entry is None or entry[0] != state["version"] or time.time() >= entry[4]:
            return None
        return entry


class StampWatcher:
    """With a per-process cache, changes made by other workers on this machine show in the stamp file."""

    def start(self):
        return True

    def unchanged(self, state):
        return state is None or state["stamp"] == stamp()


class RedisWatcher:
    """With Redis, every change is published on a channel (CHANGES_CHANNEL) that each process
    subscribes to: any message on it means "read the state again". A subscription that stops
    answering means nothing local is trusted until it is back."""

    def __init__(self, location):
        self.location = location
        self.subscription = None
        self.pid = None
        self.retry_at = 0.0

    def start(self):
        """Listen, if this process does not yet; False if Redis cannot be reached."""
        return (self.subscription is not None and self.pid == os.getpid()) or self.connect()

    def connect(self):
        if time.monotonic() < self.retry_at:
            return False
        import redis

        try:
            subscription = changes_client(self.location).pubsub()
            subscription.subscribe(changes_channel(self.location))
            # Redis confirms the subscription: nothing published from then on is missed.
            confirmed = subscription.get_message(timeout=HEARTBEAT_TIMEOUT)
            if not confirmed or confirmed["type"] != "subscribe":
                raise redis.RedisError("the subscription was not confirmed")
        except Exception:  # any failure: a round trip per request, and another try later
            self.subscription = None
            self.retry_at = time.monotonic() + RETRY_AFTER_FAILURE
            return False
        self.subscription, self.pid = subscription, os.getpid()
        self.pinged_at = self.answered_at = time.monotonic()
        return True

    def unchanged(self, state):
        """True if no change was published since the last look (reading what was). Every
        HEARTBEAT_SECONDS it also pings Redis on the subscription, and a pong that does not come
        within HEARTBEAT_TIMEOUT counts as a lost subscription: one that died without closing (a
        network drop, a failover) would otherwise look like one on which nothing changed."""
        if self.subscription is None or self.pid != os.getpid():
            return False
        quiet = True
        try:
            while (message := self.subscription.get_message(timeout=0.0)) is not None:
                if message["type"] == "pong":
                    self.answered_at = time.monotonic()
                else:
                    quiet = False
            now = time.monotonic()
            if self.pinged_at > self.answered_at and now > self.pinged_at + HEARTBEAT_TIMEOUT:
                raise TimeoutError("no pong from Redis on the subscription")
            if now >= self.answered_at + HEARTBEAT_SECONDS and self.pinged_at <= self.answered_at:
                self.subscription.ping()
                self.pinged_at = now
        except Exception:  # closed, failed or silent: changes could go unheard from here on
            self.subscription = None
            return False
        return quiet


@functools.cache
def changes_client(location):
    """The redis-py client that publishes and subscribes to changes (one per process and server)."""
    import redis

    return redis.Redis.from_url(
        location, socket_connect_timeout=0.5, socket_timeout=0.5, client_name="portal-page-cache-changes"
    )


def publish_change():
    """Tells every process watching through Redis that content changed (nothing to do without it)."""
    if cache_is_per_process():
        return None
    location = settings.CACHES["default"]["LOCATION"]
    return changes_client(location).publish(changes_channel(location), "")


def changes_channel(location):
    """The channel of one cache: Redis's channels are shared by all its databases."""
    return cache.make_key(f"{CHANGES_CHANNEL}:{hashlib.sha256(location.encode()).hexdigest()[:16]}")


def local_copy():
    """The process's LocalCopy, made on first use (the cache settings are known by then)."""
    global _local_copy
    if _local_copy is None:
        location = settings.CACHES["default"].get("LOCATION")
        watcher = StampWatcher() if cache_is_per_process() else RedisWatcher(location)
        _local_copy = LocalCopy(watcher, settings.PAGE_COPY_BYTES)
    return _local_copy


_local_copy = None


def stored_page(environ):
    """The stored page for this request as (status, headers, body), or None; the page's key is
    left in the environ for the middleware, which stores the page after a miss."""
    key = environ[PAGE_KEY] = page_key(environ)
    if key is None:
        return None
    deliver_undelivered_change()
    copy = local_copy()
    state = copy.current_state()
    if state is not None:
        entry = copy.page(key, state)
        if entry is not None:
            return entry[1:4]
    # The version state and the page come back in one round trip; a page stored under an
    # older version is simply not used.
    token, state, found = fresh_state(copy, key)
    entry = found.get(key)
    if entry is None or len(entry) != 5 or entry[0] != state["version"]:
        # Not stored, stored under an older version or by an older release. The state read
        # afresh is kept all the same: the middleware stores the page under the version this
        # copy holds, and a copy left on a version another thread replaced would have it store
        # every page under a version no request reads again.
        copy.keep(token, state)
        return None
    copy.keep(token, state, key, entry)
    return entry[1:4]


def not_modified(environ, headers):
    """Whether the reader already has this stored page (RFC 9110: If-None-Match, else
    If-Modified-Since; requests with other conditions never reach here)."""
    etag = headers.get("ETag")
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        if etag is None:
            return False
        if if_none_match.strip() == "*":
            return True
        return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
    if "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    since = parse_http_date_safe(environ["HTTP_IF_MODIFIED_SINCE"])
    modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    return since is not None and modified is not None and modified <= since


NOT_MODIFIED_DROPS = {"content-length", "content-type", "content-encoding", "content-language"}


def stored_answer(environ):
    """What to answer from the cache, as (status, header list, body), or None to ask Django."""
    page = stored_page(environ)
    if page is None:
        return None
    status, headers, body = page
    # Conditions apply to successful answers only (RFC 9110 13.2.1): a stored 404 stays a 404.
    if status.startswith("2") and not_modified(environ, dict(headers)):
        return "304 Not Modified", [h for h in headers if h[0].lower() not in NOT_MODIFIED_DROPS], b""
    return status, headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else body


class PageCacheApplication:
    """WSGI fast lane in front of Django: a stored page is answered before Django builds a
    request or runs any middleware, which makes a hit several times cheaper than any rendered
    page. Everything else goes to Django, where AnonymousPageCacheMiddleware stores what it may."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        started = time.monotonic()
        try:
            answer = stored_answer(environ)
        except Exception:  # the cache is optional: whatever went wrong, Django answers
            logger.exception("page cache fast lane failed; Django answers")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        request_id = accepted_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(status, [*headers, ("X-Cache", "hit"), ("X-Request-ID", request_id)])
        log_request(request_id, environ["REQUEST_METHOD"], get_path_info(environ), int(status[:3]), started)
        return [body]


class AnonymousPageCacheMiddleware:
    """Stores anonymous readers' public pages after a miss in the fast lane, for the fast lane."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(PAGE_KEY)
        if key is None or request.method != "GET":
            return self.get_response(request)
        # The version is taken before rendering: a change committed meanwhile must not have
        # the page rendered before it stored under the new version.
        state = current_version()
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
            status = f"{response.status_code} {response.reason_phrase}"
            entry = (state["version"], status, list(response.items()), response.content, time.time() + timeout)
            guard.call(cache.set, key, entry, timeout)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def cacheable_response(response):
        # A response setting a cookie is this reader's: a page using a CSRF token, for one, sets
        # the token's cookie, and the token would fail for everyone else. (Vary: Cookie says
        # less: a page that only checked whether the reader is signed in has it too, and is the
        # same for every reader without a session, the only ones the cache serves.)
        # Only pages that exist are stored: redirects and "not found" answer any address anyone
        # makes up (each would be an entry of its own), and cost little without the cache.
        if response.status_code != 200 or response.cookies or response.streaming:
            return False
        control = response.get("Cache-Control", "")
        return "private" not in control and "no-cache" not in control and "no-store" not in control
