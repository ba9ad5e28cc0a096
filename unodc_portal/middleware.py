"""Cross-cutting request handling: request ids and one log line per request, response security
headers, refusing oversized requests, and which requests may read the read replica."""

import ipaddress
import logging
import time
import uuid

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext

from unodc_portal import page_rows, replica
from unodc_portal.content_version import current_version

log = logging.getLogger(__name__)
request_log = logging.getLogger("unodc_portal.requests")

REQUEST_ID_HEADER = "X-Request-ID"


def client_ip(request):
    """The reader's address: the connection's, or the one our own proxies put in X-Forwarded-For.

    Only the entry added by the last trusted proxy counts; anything before it could have been
    written by the client to dodge the sign-in lockout. The answer is kept on the request, so
    that an unreadable entry is logged once however often django-axes asks.
    """
    if not hasattr(request, "_client_ip"):
        request._client_ip = forwarded_client_ip(request.META)
    return request._client_ip


def forwarded_client_ip(meta):
    """The reader's address from a request's META (or a WSGI environ, which holds the same
    values): what client_ip() gives, for the page cache's fast lane, which has no request."""
    connection = meta.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    header = meta.get("HTTP_X_FORWARDED_FOR", "")
    # Empty entries are kept, so that counting from the right finds what our proxies wrote.
    forwarded = [part.strip() for part in header.split(",")] if header.strip() else []
    if not hops or len(forwarded) < hops:
        return connection
    entry = forwarded[-hops]
    address = parsed_address(entry)
    if address is None:
        # The address goes into an inet column on PostgreSQL, where a value that is not one fails
        # the sign-in with a 500. The connection's address (normally our proxy's) is the safe
        # stand-in: the request is still counted and can still be locked out, in one bucket with
        # every other unreadable request. Taking the entry to its left would trust what the
        # client wrote, and counting no address would let anyone who gets junk into this entry
        # guess passwords without limit. Our proxy wrote this entry, so junk here means the proxy
        # is misconfigured; the warning makes that visible.
        log.warning(
            "X-Forwarded-For entry is not an IP address; using the connection's address",
            extra={"forwarded_shape": repr(value_shape(entry)[:40]), "forwarded_length": len(entry)},
        )
        return connection
    return address


def parsed_address(entry):
    """The IP address in one X-Forwarded-For entry, normalised, or None if it holds none.

    Proxies write `1.2.3.4`, `1.2.3.4:80`, `::1`, `[::1]` or `[2001:db8::1]:443`.
    """
    host, port = entry, None
    if entry.startswith("["):
        host, bracket, rest = entry[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    elif entry.count(":") == 1:  # IPv4 with a port: a bare IPv6 address has at least two colons
        host, _, port = entry.partition(":")
    if port is not None and not (port.isascii() and port.isdigit() and len(port) <= 5 and int(port) <= 65535):
        return None
    # A zone index (fe80::1%eth0) means nothing outside the proxy's own network, and inet refuses it.
    if "%" in host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if entry.startswith("[") and address.version != 6:
        return None
    return str(address)


def value_shape(value):
    """What a value looks like without what it says: letters become a, digits 9, the rest stays."""
    return "".join("a" if char.isalpha() else "9" if char.isdigit() else char for char in value)


def accepted_request_id(incoming):
    """The request id: the one a trusted proxy sent in X-Request-ID when it is sane, else a new one."""
    sane = incoming.isascii() and incoming.replace("-", "").isalnum() and len(incoming) <= 64
    return incoming if sane else uuid.uuid4().hex


def log_request(request_id, method, path, status, started):
    request_log.info(
        "request",
        extra={
            "request_id": request_id,
            "method": method,
            # The path only: query strings can carry what readers typed into search.
            "path": path,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        },
    )


class RequestLogMiddleware:
    """Gives every request an id (kept from a trusted proxy's X-Request-ID when it is sane) and
    logs one JSON line per request: method, path, status, duration and that id. The id also goes
    back in the response, so that a reader's error report can be matched to the log. (Pages
    answered from the cache before Django are logged the same way, in unodc_portal/page_cache.py.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER, ""))
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.id
        log_request(request.id, request.method, request.path, response.status_code, started)
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: the Content-Security-Policy (no inline
    script or style anywhere, so no 'unsafe-inline') and the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ETagOnlyMiddleware:
    """Pages are vouched for by their ETag alone: a Last-Modified a view sets (a feed's newest
    item, a sitemap's newest lastmod) is taken off before Django's conditional step and any
    cache (the page cache, which is outside it, and nginx) sees it. A date counts whole seconds
    and does not move when an item is deleted or a name it shows changes, so a copy from before
    a change could be judged current by it; nginx, in front, would answer such a date from its
    own copy (deploy/nginx.conf.template)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A file's own date (an uploaded image served by the app, static.serve) is a sound
        # validator, and such a streamed answer gets no ETag: it keeps its date.
        if not response.streaming:
            del response["Last-Modified"]
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than the largest upload we accept, before reading it, with
    413 and a message. (Django's own limits cover form fields and their number.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            # The charset named: the message may be in Russian.
            message = gettext("Content-Length is not a number.")
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                loader.render_to_string("413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}),
                status=413,
            )
        return self.get_response(request)


class NullCharacterMiddleware:
    """Answers 400 to a query string carrying a NUL character (%00). No reader types one, and
    PostgreSQL refuses it in any text it is given, so a parameter that reaches a query with it
    would end in a server error. (In the path it never matches an address: 404.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)


class ReplicaReadsMiddleware:
    """Lets an anonymous reader's GET or HEAD of a public page read the read replica; installed
    only with DATABASE_REPLICA_URL (unodc_portal/replica.py says what is checked, and why).

    Anonymous means no session cookie (nobody is signed in without one, so staff previews and
    the admin's pages never read the replica) and no cookie of a pending message (a reader who
    just did something sees the primary). Placed before the page cache's middleware, so that the
    content version state that middleware stores the page under is itself checked against the
    replica.
    """

    def __init__(self, get_response):
        # The page cache's own rules, so that the two never drift apart: what it never stores
        # (the admin in every language; /healthz, which answers for the primary; files, which
        # read no database) and the cookies that make a request personal. Imported here:
        # page_cache imports this module.
        from unodc_portal.page_cache import fast_lane_settings

        self.get_response = get_response
        self.primary_paths = fast_lane_settings().uncached_paths
        self.personal_cookies = fast_lane_settings().personal_cookies

    def __call__(self, request):
        if not self.may_read_replica(request):
            return self.get_response(request)
        token = replica.start_replica_reads()
        try:
            # The request is served in the current state (with the page cache or without it):
            # the replica must hold its changes, or the request reads the primary.
            current_version()
            with connections[replica.REPLICA].execute_wrapper(replica.note_failure):
                return self.get_response(request)
        finally:
            replica.end_replica_reads(token)

    def may_read_replica(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path_info.startswith(self.primary_paths)
            and self.personal_cookies.isdisjoint(request.COOKIES)
        )

    def process_exception(self, request, exception):
        """A query failed on the replica (stopped, or a query cancelled by its replay): the view
        answers again from the primary, so that a reader never sees the replica's failure. A
        public page only reads, so running its view twice changes nothing."""
        if not isinstance(exception, OperationalError | InterfaceError) or not replica.failed_on_replica():
            return None
        replica.replica_failed(exception)
        page_rows.view_run_again()
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()  # Django renders only the response the view gave it
        return response
