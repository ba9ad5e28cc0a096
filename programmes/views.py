from itertools import groupby
from operator import attrgetter

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from milestones.models import Event, EventOrganisation, Person, Quote, Result, Story
from milestones.page_cache import remembered

from . import queries
from .filters import FacilityFilter
from .models import Contribution, Country, Facility, FacilityFunding, Organisation, Programme
from .queries import programme_ids_with_descendants


class CountRememberingPaginator(Paginator):
    """Counts a filtered list once per content version, not on every page of it.

    `rows` is the unfiltered list the page's rows are read from once their ids are known
    (the filters are not worked out a second time).
    """

    def __init__(self, *args, state, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state
        self.rows = self.object_list if rows is None else rows

    @cached_property
    def count(self):
        return remembered(("count", self.state), lambda: Paginator.count.func(self))

    def page(self, number):
        """The page's ids first, then its rows: the ids of a deep page come from walking an index
        (page 4,000 of the events in about 20 ms at 100,000 rows), where reading whole rows would
        fetch and throw away every row before the page."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.rows.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


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

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        return uncached_if_invalid(response, self.filterset)

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountRememberingPaginator(
            queryset, per_page, state=self.filterset.state(), rows=self.filterset.queryset, **kwargs
        )

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
        return super().get_context_data(
            facets=filterset.facet_list(),
            active_filters=filterset.active_filters(),
            filter_errors=filterset.error_messages(),
            filter_summary=filterset.summary(),
            **feeds,
            **kwargs,
        )


class ProgrammeListView(ListView):
    context_object_name = "programmes"
    template_name = "programmes/programme_list.html"

    def get_queryset(self):
        return (
            Programme.objects.filter(parent__isnull=True)
            .prefetch_related(
                "countries",
                Prefetch("children", queryset=Programme.objects.prefetch_related("countries", "children")),
            )
            .order_by("title")
        )


class ProgrammeDetailView(DetailView):
    model = Programme
    context_object_name = "programme"
    timeline_length = 30

    def get_queryset(self):
        return Programme.objects.select_related("parent").prefetch_related(
            "countries",
            "partners",
            Prefetch("children", queryset=Programme.objects.order_by("code", "title")),
        )

    def get_context_data(self, **kwargs):
        """The programme's page covers everything below it too: its sub-programmes' funding,
        facilities, figures, events and news."""
        programme = self.object
        subtree = programme_ids_with_descendants([programme.pk])
        # A timeline, not cards: kind, date, title and place, without the countries concerned.
        latest_events = Event.objects.published().select_related("host_country").of_programmes(subtree)
        return super().get_context_data(
            funding=queries.funding_by_donor(programme_ids=subtree),
            facility_fundings=FacilityFunding.objects.filter(programme__in=subtree)
            .select_related("facility", "programme")
            .prefetch_related("component_donors"),
            facilities=Facility.objects.filter(programme__in=subtree).select_related("country", "border_country"),
            results=Result.objects.public().filter(programme__in=subtree).select_related("programme"),
            events=list(reversed(latest_events.order_by("-start_date", "-pk")[: self.timeline_length])),
            stories=Story.objects.published().for_cards().of_programmes(subtree)[:10],
            **kwargs,
        )


class FacilityListView(FilteredListView):
    filterset_class = FacilityFilter
    context_object_name = "facilities"
    template_name = "programmes/facility_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Facility.objects.select_related("country", "border_country", "programme")


class FacilityDetailView(DetailView):
    model = Facility
    context_object_name = "facility"

    def get_queryset(self):
        return Facility.objects.select_related("country", "border_country", "programme", "operator").prefetch_related(
            Prefetch(
                "fundings",
                queryset=FacilityFunding.objects.select_related("programme").prefetch_related("component_donors"),
            ),
            # Listed by title and date only: no country tags, so not the cards' queries.
            Prefetch("events", queryset=Event.objects.published()),
            Prefetch("stories", queryset=Story.objects.published()),
        )


class DonorListView(ListView):
    context_object_name = "donors"
    template_name = "programmes/donor_list.html"

    def get_queryset(self):
        return (
            queries.donors()
            .select_related("country")
            .annotate(
                contribution_count=Count("contributions", distinct=True),
                component_count=Count("funded_components", distinct=True),
            )
            .order_by("name")
        )


class DonorDetailView(DetailView):
    context_object_name = "donor"
    template_name = "programmes/donor_detail.html"

    def get_queryset(self):
        return (
            queries.donors()
            .select_related("country")
            .prefetch_related(
                Prefetch(
                    "contributions",
                    queryset=Contribution.objects.select_related("programme", "reported_in").order_by("-date", "pk"),
                ),
                Prefetch(
                    "funded_components",
                    queryset=FacilityFunding.objects.select_related("programme", "facility__country"),
                ),
            )
        )


class OrganisationListView(ListView):
    context_object_name = "organisations"
    template_name = "programmes/organisation_list.html"

    def get_queryset(self):
        return Organisation.objects.select_related("country").grouped_by_kind()


class OrganisationDetailView(DetailView):
    model = Organisation
    context_object_name = "organisation"
    items_shown = 20

    def get_queryset(self):
        return Organisation.objects.select_related("country", "parent").prefetch_related(
            "units",
            "partner_programmes",
            Prefetch("people", queryset=Person.objects.order_by("name")),
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            events=Event.objects.published()
            .for_cards()
            .filter(Exists(EventOrganisation.objects.filter(event=OuterRef("pk"), organisation=organisation)))[
                : self.items_shown
            ],
            stories=Story.objects.published()
            .for_cards()
            .filter(
                Exists(Story.organisations.through.objects.filter(story=OuterRef("pk"), organisation=organisation))
            )[: self.items_shown],
            is_donor=queries.donors().filter(pk=organisation.pk).exists(),
            # The side column only when it has something to show (from the prefetched rows).
            has_related=bool(
                organisation.partner_programmes.all() or organisation.units.all() or organisation.people.all()
            ),
            **kwargs,
        )


class CountryListView(ListView):
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.annotate(
            story_count=Count("stories", filter=Q(stories__in=Story.objects.published()), distinct=True),
        ).order_by("region_role", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["country_groups"] = [
            (Country.REGION_HEADINGS[role], list(countries))
            for role, countries in groupby(context["countries"], key=attrgetter("region_role"))
        ]
        return context


class CountryDetailView(DetailView):
    context_object_name = "country"
    facilities_shown = 12

    def get(self, request, *args, **kwargs):
        iso2 = kwargs["iso2"]
        if iso2 != iso2.lower():
            # Addresses use the lower-case code; send /countries/UZ/ to /countries/uz/ for good.
            return redirect("programmes:country-detail", iso2=iso2.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        try:
            return Country.objects.for_address(self.kwargs["iso2"])
        except Country.DoesNotExist:
            raise Http404("No such country") from None

    def get_context_data(self, **kwargs):
        country = self.object
        return super().get_context_data(
            stories=Story.objects.published().for_cards().concerning([country.pk])[:10],
            events=Event.objects.published().for_cards().concerning([country.pk])[:10],
            facilities=Facility.objects.filter(country=country).select_related(
                "country", "programme", "border_country"
            )[: self.facilities_shown],
            programmes=Programme.objects.filter(countries=country).select_related("parent")[:20],
            results=Result.objects.public()
            .filter(Exists(Result.countries.through.objects.filter(result=OuterRef("pk"), country=country)))
            .select_related("programme")
            .order_by("-as_of", "-pk")[:8],
            quotes=Quote.objects.public()
            .filter(Exists(Story.countries.through.objects.filter(story=OuterRef("story"), country=country)))
            .select_related("person", "story")
            .order_by("-story__published_at", "position")[:4],
            **kwargs,
        )
