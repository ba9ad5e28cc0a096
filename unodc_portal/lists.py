"""Public lists filtered with django-filter: counted once per content version, paged by ids,
with their facets, active filters and feeds (the views of the apps' lists build on it)."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import ngettext_lazy
from django_filters.views import FilterView

from unodc_portal.fragments import PageRows


class CountRememberingPaginator(Paginator):
    """Counts a list filtered by a FacetedFilterSet once per content version and filters, not on
    every page of it: its length is the filterset's tally (facets.py), which counts its column
    facets in the same query, shared by the page and the API's list of the same FilterSet. So
    `object_list` must be the filterset's listed rows (`listed_rows(filterset.qs)`, in any order).

    The page's rows are read from the unfiltered list once their ids are known (the filters are
    not worked out a second time).
    """

    def __init__(self, object_list, per_page, *, filterset, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.filterset = filterset
        self.rows = filterset.queryset

    @cached_property
    def count(self):
        return self.filterset.tally().count

    def page(self, number):
        """The page's ids first, then its rows when they are needed (fragments.PageRows): the ids
        of a deep page come from walking an index, where reading whole rows would fetch and throw
        away every row before the page; and the rows of cards kept in the cache are not read."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(PageRows(ids, self.rows), number, self)


def uncached_if_invalid(response, filterset):
    """A page whose filters have a value that is no option (?country=x1) says so and is not
    stored: such addresses have no end, and each would be a cache entry of its own."""
    if filterset.is_bound and not filterset.is_valid():
        patch_cache_control(response, private=True)
    return response


class FilteredListView(FilterView):
    """A public list with django-filter: invalid values are reported and ignored, not fatal.

    Lists that have feeds name them in `feed_url_names` (RSS, Atom); the feed addresses keep
    the list's query string, so a reader can follow exactly the filtered list.
    """

    paginate_by = 20
    strict = False
    feed_url_names = None
    feed_title = ""
    # The list as a CSV file (unodc_portal/exports.py), linked above the results with the number
    # of items the page has counted anyway: "Download these 13 events as CSV".
    export_url_name = None
    export_link_text = None
    # "13 results" above the list. A list of one kind of item names it in the languages that count
    # with the noun (Russian: "13 событий", not "13 результатов"), with a context of its own.
    results_count = ngettext_lazy("%(count)s result", "%(count)s results", "count")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        return uncached_if_invalid(response, self.filterset)

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountRememberingPaginator(queryset, per_page, filterset=self.filterset, **kwargs)

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        query_string = f"?{query.urlencode()}" if query else ""
        feeds = {}
        if self.feed_url_names:
            rss, atom = self.feed_url_names
            feeds = {
                "feed_title": self.feed_title,
                "feed_rss": reverse(rss) + query_string,
                "feed_atom": reverse(atom) + query_string,
            }
        context = super().get_context_data(
            facets=filterset.facet_list(),
            active_filters=filterset.active_filters(),
            filter_errors=filterset.error_messages(),
            filter_summary=filterset.summary(),
            **feeds,
            **kwargs,
        )
        count = context["paginator"].count
        context["results_count"] = self.results_count % {"count": count}
        if self.export_url_name and count:
            context["csv_url"] = reverse(self.export_url_name) + query_string
            context["csv_link_text"] = self.export_link_text % {"count": count}
        return context
