"""The pages of the reference data (programmes, facilities, donors and other organisations,
countries, themes), which show the news, events, figures and quotes about each: they see both apps, so
they live here; their addresses keep the `programmes` namespace (reference_urls.py)."""

from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from programmes import queries
from programmes.forms import ReportPeriodForm
from programmes.ledger import Ledger, LedgerChart
from programmes.models import (
    Contribution,
    Country,
    ExchangeRate,
    Facility,
    FacilityFunding,
    Organisation,
    Programme,
    Theme,
)
from programmes.queries import programme_ids_with_descendants
from programmes.region_map import FacilityMap
from unodc_portal.fragments import PageRows, kept_section
from unodc_portal.translations import in_reading_language

from .models import (
    Event,
    EventKind,
    EventOrganisation,
    EventPlace,
    Person,
    Publication,
    Quote,
    Result,
    Story,
    tracker_url,
)
from .queries import donor_report
from .tracker import kept_figures_section
from .views import BreadcrumbsMixin, crumb


class ProgrammeDetailView(BreadcrumbsMixin, DetailView):
    model = Programme
    context_object_name = "programme"
    timeline_length = 30

    def breadcrumbs(self):
        programme, parent = self.object, self.object.parent
        return [
            (_("Programmes"), reverse("programmes:programme-list")),
            *([(crumb(parent, "display_name"), parent.get_absolute_url())] if parent else []),
            (crumb(programme, "display_name", words=8), None),
        ]

    def get_queryset(self):
        return Programme.objects.select_related("parent")

    def aside(self):
        """The side section's context: the programme with its sub-programmes, countries, themes
        and partners, read only when the section is made."""
        programme = self.object
        prefetch_related_objects(
            [programme],
            "countries",
            "partners",
            "themes",
            Prefetch("children", queryset=Programme.objects.order_by("code", "title")),
        )
        return {"programme": programme}

    def get_context_data(self, **kwargs):
        """The programme's page covers everything below it too: its sub-programmes' funding,
        facilities, figures, events and news."""
        programme = self.object
        subtree = programme_ids_with_descendants([programme.pk])
        # A timeline, not cards: kind, date, title and place, without the countries concerned.
        latest_events = Event.objects.published().for_lines().of_programmes(subtree)
        facilities = Facility.objects.filter(programme__in=subtree)
        return super().get_context_data(
            # The funding, key figures and timeline are sections kept apart, per programme
            # (fragments.kept_section): a saved story or event leaves the funding, a saved story
            # the timeline, a saved event the key figures.
            funding=kept_section(
                "programmes/_programme_funding.html",
                lambda: self.funding(subtree),
                models=[
                    Contribution,
                    ExchangeRate,
                    Organisation,
                    Programme,
                    FacilityFunding,
                    FacilityFunding.component_donors.through,
                    Facility,
                ],
                about=("programme", programme.pk),
            ),
            facilities=PageRows.first(facilities.select_related("country", "border_country", "programme")),
            facility_map=FacilityMap.kept(
                ("programme", programme.pk),
                facilities.order_by("name", "pk"),
                # Read only when the map is drawn.
                countries=programme.countries.values_list("iso2", flat=True),
            ),
            key_figures=kept_figures_section(
                Result.objects.public().of_programmes(subtree),
                tracker_url(programme=programme.slug),
                about=("programme", programme.pk),
            ),
            timeline=kept_section(
                "programmes/_programme_timeline.html",
                lambda: {
                    "events": list(reversed(latest_events.order_by("-start_date", "-pk")[: self.timeline_length])),
                    "events_url": f"{reverse('milestones:event-list')}?{urlencode({'programme': programme.slug})}",
                },
                models=[Event, Event.programmes.through, EventKind, EventPlace, Country, Programme],
                about=("programme", programme.pk),
            ),
            # Its sub-programmes, countries, themes and partners: reference data, kept per
            # programme like the sections above.
            aside=kept_section(
                "programmes/_programme_aside.html",
                self.aside,
                models=[
                    Programme,
                    Country,
                    Theme,
                    Organisation,
                    Programme.countries.through,
                    Programme.themes.through,
                    Programme.partners.through,
                ],
                about=("programme", programme.pk),
            ),
            stories=PageRows.first(Story.objects.published().for_cards().of_programmes(subtree), 10),
            publications=PageRows.first(Publication.objects.published().for_cards().of_programmes(subtree), 10),
            **kwargs,
        )

    def funding(self, subtree):
        """The funding section's context: the ledger of the contributions to the programme and
        those below it, by donor, its charts, and what they spent on facilities."""
        funding = queries.funding_by_donor(programme_ids=subtree)
        return {
            "programme": self.object,
            "funding": funding,
            "funding_charts": [
                LedgerChart.by_donor("by-donor", _("US dollars by donor"), funding),
                LedgerChart.by_year("by-year", _("US dollars by year"), funding),
            ],
            "facility_fundings": FacilityFunding.objects.filter(programme__in=subtree)
            .select_related("facility", "programme")
            .prefetch_related("component_donors"),
        }


class FacilityDetailView(BreadcrumbsMixin, DetailView):
    model = Facility
    context_object_name = "facility"

    def breadcrumbs(self):
        return [(_("Facilities"), reverse("programmes:facility-list")), (crumb(self.object, "name", words=8), None)]

    def get_queryset(self):
        return Facility.objects.select_related("country", "border_country", "programme", "operator").prefetch_related(
            Prefetch(
                "fundings",
                queryset=FacilityFunding.objects.select_related("programme").prefetch_related("component_donors"),
            ),
            # Listed by title and date only: no country tags, so not the cards' queries.
            Prefetch("events", queryset=Event.objects.published().for_lines()),
            Prefetch("stories", queryset=Story.objects.published()),
        )

    def get_context_data(self, **kwargs):
        facility = self.object
        locator = FacilityMap.of(Facility.objects.filter(pk=facility.pk), countries={facility.country.iso2}).drawn()
        return super().get_context_data(facility_map=locator, **kwargs)


class DonorDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "donor"
    template_name = "programmes/donor_detail.html"

    def breadcrumbs(self):
        return [(_("Donors"), reverse("programmes:donor-list")), (crumb(self.object, "short_name"), None)]

    def get_queryset(self):
        return (
            queries.donors()
            .select_related("country")
            .prefetch_related(
                Prefetch(
                    "contributions",
                    queryset=Contribution.objects.select_related("programme")
                    .prefetch_related(
                        Prefetch(
                            "reports",
                            queryset=Story.objects.published().only(
                                "slug", *Story.translations_of("title"), *Story.state_columns()
                            ),
                            to_attr="public_reports",
                        )
                    )
                    .order_by("-date", "pk"),
                ),
                Prefetch(
                    "funded_components",
                    queryset=FacilityFunding.objects.select_related("programme", "facility__country"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        ledger = Ledger(self.object.contributions.all())
        return super().get_context_data(
            ledger=ledger,
            charts=[
                LedgerChart.by_year("by-year", _("US dollars by year"), ledger),
                LedgerChart.by_programme("by-programme", _("US dollars by programme"), ledger),
            ],
            **kwargs,
        )


class DonorReportView(BreadcrumbsMixin, DetailView):
    """What a donor relations officer sends to an embassy: a donor's contributions in a period of
    years, with the same currency rules and totals as its page, and the events, facilities and
    stories of what it funded. Years that are no years, or a period that ends before it starts,
    get the page's form with the reason, as a 400."""

    context_object_name = "donor"
    template_name = "programmes/donor_report.html"
    items_shown = 100
    query_parameters = ("from", "to")  # unodc_portal/canonical.py: the one address of a period

    def breadcrumbs(self):
        donor = self.object
        return [
            (_("Donors"), reverse("programmes:donor-list")),
            (crumb(donor, "short_name"), donor.get_donor_url()),
            (_("Report"), None),
        ]

    def get_queryset(self):
        return queries.donors().select_related("country")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.form = ReportPeriodForm(request.GET)
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        first, last = self.form.years
        report = donor_report(self.object, first=first, last=last, items_shown=self.items_shown)
        return self.render_to_response(self.get_context_data(**report))

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class OrganisationDetailView(BreadcrumbsMixin, DetailView):
    model = Organisation
    context_object_name = "organisation"
    items_shown = 20

    def breadcrumbs(self):
        return [(_("Organisations"), reverse("programmes:organisation-list")), (crumb(self.object, "short_name"), None)]

    def get_queryset(self):
        return Organisation.objects.select_related("country", "parent").prefetch_related(
            "units",
            "partner_programmes",
            Prefetch("people", queryset=Person.objects.public().order_by("name")),  # named publicly: they have a page
        )

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            events=PageRows.first(
                Event.objects.published()
                .for_cards()
                .filter(Exists(EventOrganisation.objects.filter(event=OuterRef("pk"), organisation=organisation))),
                self.items_shown,
            ),
            stories=PageRows.first(
                Story.objects.published()
                .for_cards()
                .filter(
                    Exists(Story.organisations.through.objects.filter(story=OuterRef("pk"), organisation=organisation))
                ),
                self.items_shown,
            ),
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
        ).order_by("region_role", in_reading_language("name"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["country_groups"] = [
            (Country.REGION_HEADINGS[role], list(countries))
            for role, countries in groupby(context["countries"], key=attrgetter("region_role"))
        ]
        return context


class CountryDetailView(BreadcrumbsMixin, DetailView):
    context_object_name = "country"
    facilities_shown = 12

    def breadcrumbs(self):
        return [(_("Countries"), reverse("programmes:country-list")), (crumb(self.object, "name"), None)]

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
            stories=PageRows.first(Story.objects.published().for_cards().concerning([country.pk]), 10),
            events=PageRows.first(Event.objects.published().for_cards().concerning([country.pk]), 10),
            facilities=PageRows.first(
                Facility.objects.filter(country=country).select_related("country", "programme", "border_country"),
                self.facilities_shown,
            ),
            # All of them on the map; the list shows the first few and links to the rest.
            facility_map=FacilityMap.kept(
                ("country", country.iso2),
                Facility.objects.filter(country=country).order_by("name", "pk"),
                countries={country.iso2},
            ),
            # Sections kept apart (fragments.kept_section): a save of an event, for one, leaves them.
            key_figures=kept_figures_section(
                Result.objects.public().concerning([country.pk]),
                tracker_url(country=country.iso2),
                about=("country", country.pk),
            ),
            programmes=kept_section(
                "programmes/_country_programmes.html",
                lambda: {"programmes": Programme.objects.filter(countries=country).select_related("parent")[:20]},
                models=[Programme, Programme.countries.through],
                about=("country", country.pk),
            ),
            quotes=kept_section(
                "programmes/_country_quotes.html",
                lambda: {
                    "quotes": Quote.objects.public()
                    .filter(Exists(Story.countries.through.objects.filter(story=OuterRef("story"), country=country)))
                    .select_related("person", "story")
                    .order_by("-story__listed_at", "position")[:4]
                },
                models=[Quote, Person, Story, Story.countries.through],
                about=("country", country.pk),
            ),
            publications=PageRows.first(Publication.objects.published().for_cards().concerning([country.pk]), 10),
            **kwargs,
        )


class ThemeListView(ListView):
    context_object_name = "themes"

    def get_queryset(self):
        return Theme.objects.order_by("order", "name")


class ThemeDetailView(BreadcrumbsMixin, DetailView):
    """What a theme is, with its latest news and events, its programmes and publications."""

    model = Theme
    context_object_name = "theme"
    items_shown = 10

    def breadcrumbs(self):
        return [(_("Themes"), reverse("programmes:theme-list")), (crumb(self.object, "name"), None)]

    def get_context_data(self, **kwargs):
        theme = self.object
        tagged_stories = Story.themes.through.objects.filter(theme=theme).values("story_id")
        tagged_events = Event.themes.through.objects.filter(theme=theme).values("event_id")
        tagged_publications = Publication.themes.through.objects.filter(theme=theme).values("publication_id")
        return super().get_context_data(
            stories=PageRows.first(
                Story.objects.published().for_cards().filter(pk__in=tagged_stories), self.items_shown
            ),
            events=PageRows.first(Event.objects.published().for_cards().filter(pk__in=tagged_events), self.items_shown),
            publications=PageRows.first(
                Publication.objects.published().for_cards().filter(pk__in=tagged_publications), self.items_shown
            ),
            programmes=Programme.objects.filter(themes=theme)
            .select_related("parent")
            .order_by(in_reading_language("title")),
            **kwargs,
        )
