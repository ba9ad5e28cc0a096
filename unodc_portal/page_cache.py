"""Whole-page cache for anonymous readers, current with every change made through Django.

Every page is stored with the tokens, in the content version state taken before it was rendered,
of the topics it read (content_version.py): the tables of every query it made, and the topics of
the counts and cards it took from the cache (and ANY_CHANGE, which only a change of every topic
changes: a page that reads no row ends with it). It is served while those tokens hold, so a
change made through Django (a save, a delete, a changed link, a restore), or a scheduled item's
time coming, has the next request for a page that read that topic render afresh, and leaves the
others: a story saved leaves the events lists as stored. An event, story or publication page,
which declares the rows it shows, is then checked by those rows rather than rendered
(page_rows.py), so a story saved also leaves every event page that does not list it.
`QuerySet.update()`, `bulk_create()` and SQL send no signal: they change every topic, but only
inside `bulk_changes()` or with `manage.py new_content_version` (content_version.py says which
paths are covered).

Stored pages are answered by a WSGI layer in front of Django (PageCacheApplication, the *fast
lane*), before any request object or middleware exists; AnonymousPageCacheMiddleware stores what
Django rendered. Each worker answers most hits from its own copy of recent pages (LocalCopy),
without a round trip to the cache.
"""

import functools
import hashlib
import logging
import re
import time
import types

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import parse_cookie
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_etags

from unodc_portal import page_rows, rate_limits
from unodc_portal.content_version import (
    ANY_CHANGE,
    current_version,
    deliver_undelivered_change,
    fresh_state,
    guard,
    local_copy,
    recording_reads,
    release,
    tokens_of,
    topics_hold,
)
from unodc_portal.languages import in_language
from unodc_portal.middleware import accepted_request_id, log_request

logger = logging.getLogger("unodc_portal.cache")

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
        uncached_paths=(
            *(in_language(f"/{settings.ADMIN_PATH}", code) for code, _name in settings.LANGUAGES),
            settings.MEDIA_URL,
            settings.STATIC_URL,
            "/healthz",
        ),
        personal_cookies={settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE},
        request_values=names,
    )


@receiver(setting_changed)
def settings_changed(**kwargs):
    fast_lane_settings.cache_clear()


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
    return f"page:{release()}:{encoding}:{hashlib.sha256(address.encode()).hexdigest()}"


def stored_page(environ):
    """The stored page for this request as (status, headers, body, how it was found current:
    "hit", or "checked" by its rows), or None; the page's key is left in the environ for the
    middleware, which stores the page after a miss."""
    key = environ[PAGE_KEY] = page_key(environ)
    if key is None:
        return None
    deliver_undelivered_change()
    copy = local_copy()
    state = copy.current_state()
    copied = copy.page(key) if state is not None else None
    if copied is not None and topics_hold(copied[0], state):
        return (*copied[1:4], "hit")
    # The version state and the page come back in one round trip. The page there may be newer
    # than the copy: stored again after another worker checked it, or rendered afresh.
    token, state, found = fresh_state(copy, key)
    entry = found.get(key, copied)
    current = None if entry is None else current_entry(key, entry, state)
    if current is None:
        # Not stored, or rendered from rows that changed since. The state read afresh is kept
        # all the same: the middleware stores the page under the tokens this copy holds, and a
        # copy left on a state another thread replaced would have it store every page under
        # tokens no request reads again.
        copy.keep(token, state)
        return None
    entry, how = current
    copy.keep(token, state, key, entry)
    return (*entry[1:4], how)


def current_entry(key, entry, state):
    """(entry, "hit") if the topics the stored page read hold in `state`; (the entry stored again
    under `state`, "checked") if only topics its rows cover changed, and its rows did not
    (page_rows.py); otherwise None."""
    read = entry[0]
    if topics_hold(read, state):
        return entry, "hit"
    if not page_rows.still_shown(entry[5], read, state):
        return None
    entry = (tokens_of([topic for topic, _token in read], state), *entry[1:])
    guard.call(cache.set, key, entry, max(1, int(entry[4] - time.time())))
    return entry, "checked"


def not_modified(environ, headers):
    """Whether the reader already has this stored page, by its ETag (If-None-Match; requests
    with other conditions never reach here). Answers carry no Last-Modified
    (middleware.ETagOnlyMiddleware says why), so a revisit giving only a date gets the page."""
    etag = headers.get("ETag")
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if not if_none_match or etag is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}


FRONT_CACHE_EXPIRES = "X-Accel-Expires"


def front_cache_expiry(current_at):
    """How long a front proxy may keep this answer (nginx's micro-cache, deploy/nginx.conf.template):
    until the end of the second in which the page was last known to be current (`current_at`, a
    time.time()). nginx counts whole seconds, and keeps an entry while its clock has not passed
    this one; so no reader gets a page more than a second after the content changed. nginx
    keeps only the answers that carry it, and never passes it on to readers. An answer that
    reaches nginx after that second is kept already expired, and the next request for it asks
    again: the later the page is known current, the fewer requests reach the app."""
    return f"@{int(current_at)}"


# The conditions a revisit may carry that the page cache answers itself (page_key() leaves the
# others to Django).
REVISIT_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


NOT_MODIFIED_DROPS = {"content-length", "content-type", "content-encoding", "content-language"}


def stored_answer(environ):
    """What to answer from the cache, as (status, header list, body, "hit" or "checked"), or None
    to ask Django."""
    page = stored_page(environ)
    if page is None:
        return None
    status, headers, body, how = page
    # Conditions apply to successful answers only (RFC 9110 13.2.1): a stored 404 stays a 404.
    if status.startswith("2") and not_modified(environ, dict(headers)):
        return "304 Not Modified", [h for h in headers if h[0].lower() not in NOT_MODIFIED_DROPS], b"", how
    return status, headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else body, how


class PageCacheApplication:
    """WSGI fast lane in front of Django: a stored page is answered before Django builds a
    request or runs any middleware, which makes a hit several times cheaper than any rendered
    page. Everything else goes to Django, where AnonymousPageCacheMiddleware stores what it may."""

    def __init__(self, application):
        self.application = application
        release()  # worked out once here, before gunicorn forks its workers

    def __call__(self, environ, start_response):
        started = time.monotonic()
        current_at = time.time()  # the stored page, if any, is checked current after this
        try:
            answer = stored_answer(environ)
        except Exception:  # the cache is optional: whatever went wrong, Django answers
            logger.exception("page cache fast lane failed; Django answers")
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        # A stored calendar or API page is open data: its requests count towards the reader's
        # limit here, where Django never sees them; Django answers those over the limit, as it
        # answers its own (unodc_portal/rate_limits.py).
        if rate_limits.refused_in_front(environ):
            environ[PAGE_KEY] = None  # a refusal is never stored
            return self.application(environ, start_response)
        status, headers, body, how = answer
        request_id = accepted_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(
            status,
            [
                *headers,
                ("X-Cache", how),
                ("X-Request-ID", request_id),
                (FRONT_CACHE_EXPIRES, front_cache_expiry(current_at)),
            ],
        )
        log_request(request_id, environ["REQUEST_METHOD"], get_path_info(environ), int(status[:3]), started)
        return [body]


def conditional_response(request, response):
    """The answer to a revisit once the page is rendered: a 304 if the reader already has it, by
    its ETag, as ConditionalGetMiddleware decides (it did not see the conditions)."""
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


class AnonymousPageCacheMiddleware:
    """Stores anonymous readers' public pages after a miss in the fast lane, for the fast lane."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(PAGE_KEY)
        if key is None or request.method != "GET":
            return self.get_response(request)
        # A revisit of a page not stored (a front proxy revalidating its copy, a browser) has the
        # page rendered whole and stored, and is answered here. Left to Django's conditional
        # step below, its 304 would be stored nowhere and carry no X-Accel-Expires: the front
        # cache would ask again on every request, and the app would render each time.
        conditions = {name: request.META.pop(name) for name in REVISIT_CONDITIONS if name in request.META}
        # The state is taken before rendering: a change committed meanwhile must not have the
        # page rendered before it stored under the new tokens.
        current_at = time.time()
        state = current_version()
        try:
            with recording_reads() as read, page_rows.recording() as declared:
                response = self.get_response(request)
                cacheable = self.cacheable_response(response)
                if cacheable and hasattr(response, "render") and not response.is_rendered:
                    response.render()
        finally:
            request.META.update(conditions)
        if not cacheable:
            return conditional_response(request, response)
        timeout = settings.PAGE_CACHE_SECONDS
        if state["next_change"] is not None:
            timeout = max(1, min(timeout, int((state["next_change"] - timezone.now()).total_seconds())))
        # Browsers keep the page but ask again each time; the ETag makes that a cheap 304 (the
        # ETag alone: answers carry no Last-Modified, unodc_portal.middleware.ETagOnlyMiddleware).
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("ETag"):
            set_response_etag(response)
        status = f"{response.status_code} {response.reason_phrase}"
        # Kept under the tokens of the topics the page read: it outlives changes to the others.
        read_in = tokens_of({*read, ANY_CHANGE}, state)
        # A detail page that declared the rows it shows is checked by them once its tokens
        # no longer hold (page_rows.py).
        checks = page_rows.checks(declared, read.kept)
        entry = (read_in, status, list(response.items()), response.content, time.time() + timeout, checks)
        guard.call(cache.set, key, entry, timeout)
        # Rendering takes time: if nothing the page read changed meanwhile, it is current now,
        # as far as this process's copy of the state knows (the trust a hit in the fast lane
        # has). A copy no longer trusted is not worked out again here: the earlier time stands.
        checked_at = time.time()
        state_now = local_copy().current_state()
        if state_now is not None and topics_hold(read_in, state_now):
            current_at = checked_at
        response = conditional_response(request, response)
        response["X-Cache"] = "miss"
        response[FRONT_CACHE_EXPIRES] = front_cache_expiry(current_at)
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
