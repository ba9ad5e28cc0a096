"""Cross-cutting request handling: request ids and one log line per request, response security
headers, and refusing oversized requests."""

import logging
import time
import uuid

from django.conf import settings
from django.http import HttpResponse
from django.template import loader

request_log = logging.getLogger("unodc_portal.requests")

REQUEST_ID_HEADER = "X-Request-ID"


def client_ip(request):
    """The reader's address: the connection's, or the one our own proxies put in X-Forwarded-For.

    Only the entry added by the last trusted proxy counts; anything before it could have been
    written by the client to dodge the sign-in lockout.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


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
    answered from the cache before Django are logged the same way, in milestones/page_cache.py.)"""

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


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than the largest upload we accept, before reading it, with
    413 and a message. (Django's own limits cover form fields and their number.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Content-Length is not a number.", status=400, content_type="text/plain")
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                loader.render_to_string("413.html", {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}),
                status=413,
            )
        return self.get_response(request)
