"""Site-wide views that belong to no app: error pages, uploaded images, robots.txt and the health
check for load balancers."""

import sys
from pathlib import PurePosixPath

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.views import defaults, static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from unodc_portal.languages import in_language, language_of_address


def server_error(request):
    """500, or 503 with Retry-After when the cause is a database we cannot reach.

    Django reconnects by itself on the next request (connection health checks are on), so the
    site recovers as soon as the database is back. The pages need neither a database nor a request.
    They speak the address's language even when the error came before the middleware that sets it
    (the page cache's middleware reads the database first).
    """
    error = sys.exc_info()[1]
    with translation.override(language_of_address(request.path_info)):
        if isinstance(error, OperationalError | InterfaceError):
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return HttpResponseServerError(loader.render_to_string("500.html"))


API_PATH = "/api/v1/"


def api_error(request, status, detail):
    """The JSON API's own errors are JSON: {"detail": "..."}, as its views give them (for an
    address or a request Django refuses before any view of the API runs)."""
    response = JsonResponse({"detail": detail}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def bad_request(request, exception):
    """Django's 400 page, in the address's language: a request can be refused before the
    middleware that sets the language runs (a forged Host header, say). JSON for the API."""
    if request.path_info.startswith(API_PATH):
        return api_error(request, 400, "Bad request: the address cannot be read (a NUL character, say).")
    with translation.override(language_of_address(request.path_info)):
        return defaults.bad_request(request, exception)


def not_found(request, exception):
    """Django's 404 page; JSON for an address under the API that names nothing."""
    if request.path_info.startswith(API_PATH):
        return api_error(request, 404, "Not found: no such address in the API (see /api/v1/openapi.json).")
    return defaults.page_not_found(request, exception)


MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@require_GET
def serve_media(request, path):
    """Uploaded images, for sites without a proxy in front to serve them (make run, small setups).

    Only image files are served, with their own type and a policy that forbids running anything,
    so an upload can never be taken for a page or a script. Documents (publications' PDFs) are
    never served from here: a draft's file would be public by its name. They are downloaded
    through their publication's page, which checks that it is public.
    """
    suffix = PurePosixPath(path).suffix.lower()
    content_type = MEDIA_TYPES.get(suffix)
    if content_type is None:
        raise Http404("Not an image")
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = content_type
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    disallowed = [in_language(path, code) for code, _name in settings.LANGUAGES for path in ("/admin/", "/search/")]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 (saying so) when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError):
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
