"""One address per page: query strings in the one form the site itself writes.

A page is cached under its address, so every variant of a query string would be a page of its
own: `?country=uz&x=1`, `&x=2`... made a cache entry each, with no bound but time. A public
page's query string is therefore redirected to its canonical form before the view runs:
parameters the page does not read are dropped, the rest come in the page's own order, each
with its values sorted, empty and repeated ones left out. The site's own links and forms ask
for canonical addresses (or are one redirect away from one), so only what no reader wrote is
redirected; the redirect itself is never cached, so junk leaves nothing behind.
"""

import functools
from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path


def understands(*names):
    """Declares the query parameters a function view reads: `understands("q")(search)`."""

    def declare(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.query_parameters = names
        return wrapped

    return declare


def parameters_understood(view):
    """The query parameters a view reads, in the order its addresses give them: a FilterSet's
    filters (lists and their feeds alike), then the page number of a paginated list, then any
    the view declares itself (`query_parameters`)."""
    view = getattr(view, "view_class", view)  # class-based views; function views and feeds are themselves
    names = []
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names += getattr(filterset_class, "parameter_order", lambda: filterset_class.base_filters)()
    if getattr(view, "paginate_by", None):
        names.append("page")
    names += getattr(view, "query_parameters", ())
    return names


def canonical_query(query, view):
    """The query string `query` (a QueryDict) in its canonical form for `view`."""
    filterset_class = getattr(getattr(view, "view_class", view), "filterset_class", None)
    filters = filterset_class.base_filters if filterset_class is not None else {}
    pairs = []
    for name in parameters_understood(view):
        values = {value for value in query.getlist(name) if value.strip()}
        if name in filters and hasattr(filterset_class, "canonical_values"):
            ordered = filterset_class.canonical_values(name, values)
        else:
            ordered = sorted(values)
        pairs += [(name, value) for value in ordered]
    return urlencode(pairs)


class CanonicalQueryMiddleware:
    """Redirects a public page's address with a query string that is not canonical (see above).
    The admin is left alone: it is never cached, and its lists take many parameters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method not in ("GET", "HEAD") or not request.META.get("QUERY_STRING"):
            return None
        if request.resolver_match.app_name == "admin":
            return None
        canonical = canonical_query(request.GET, view)
        if canonical == request.META["QUERY_STRING"]:
            return None
        response = HttpResponsePermanentRedirect(escape_uri_path(request.path) + (f"?{canonical}" if canonical else ""))
        # Never stored by the page cache or a shared cache: junk would fill them again.
        patch_cache_control(response, private=True)
        return response
