"""One address per page: query strings in the one form the site itself writes.

A page is cached under its address, so every variant of a query string would be a page of its
own: `?country=uz&x=1`, `&x=2`... made a cache entry each, with no bound but time. A public
page's query string is therefore redirected to its canonical form before the view runs:
parameters the page does not read are dropped, the rest come in the page's own order, each
with its values as the page reads them (codes in lower case, dates in ISO form, page numbers
without leading zeros, spaces trimmed), sorted, without empty and repeated ones. The site's own
links ask for canonical addresses, and its filter form at most one redirect away from one; the
redirect itself is never stored, so junk leaves nothing behind.
"""

import functools
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path

from unodc_portal.page_cache import fast_lane_settings


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


# Page numbers (and the API's page sizes, a donor report's years): Django reads "01", "+1" and
# "٠١" as 1.
NUMBER_PARAMETERS = {"page", "p", "page_size", "from", "to"}


def normalised(name, value):
    """A value of a parameter that is not a filter, as the page reads it."""
    value = " ".join(value.split())
    if name in NUMBER_PARAMETERS:
        try:
            return str(int(value))
        except ValueError:
            return value  # no such page: answered 404, and not stored
    return value


def canonical_query(query, view):
    """The query string `query` (a QueryDict) in its canonical form for `view`."""
    filterset_class = getattr(getattr(view, "view_class", view), "filterset_class", None)
    filters = filterset_class.base_filters if filterset_class is not None else {}
    pairs = []
    for name in parameters_understood(view):
        values = [value for value in query.getlist(name) if value.strip()]
        if not values:
            continue
        if name in filters and hasattr(filterset_class, "canonical_values"):
            ordered = filterset_class.canonical_values(name, values)
        else:
            ordered = sorted({normalised(name, value) for value in values})
        pairs += [(name, value) for value in ordered]
    return urlencode(pairs)


class CanonicalQueryMiddleware:
    """Redirects a public page's address with a query string that is not canonical (see above).
    Addresses the page cache never stores are left alone: the admin (whose lists take many
    parameters), media, static files and /healthz."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method not in ("GET", "HEAD") or not request.META.get("QUERY_STRING"):
            return None
        if request.path_info.startswith(fast_lane_settings().uncached_paths):
            return None  # the admin, media, static files and /healthz: never cached
        if not getattr(getattr(view, "view_class", view), "redirects_to_canonical_query", True):
            return None  # the API answers such a query without storing it (unodc_portal/api.py)
        canonical = canonical_query(request.GET, view)
        if canonical == request.META["QUERY_STRING"]:
            return None
        # 302, not 301: browsers keep a 301 for good, and what is canonical changes with the
        # code (a parameter a page reads tomorrow must not be dropped by yesterday's redirect).
        response = HttpResponseRedirect(escape_uri_path(request.path) + (f"?{canonical}" if canonical else ""))
        # Never stored by the page cache or a shared cache: junk would fill them again.
        patch_cache_control(response, private=True)
        return response
