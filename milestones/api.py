"""The read-only JSON API under /api/v1/ (issue 19): a list and a detail endpoint for each kind of
public item. The lists are the HTML lists' querysets and FilterSets, in their order, so
/api/v1/events/?country=uz&kind=training gives the events /events/?country=uz&kind=training
lists. What the endpoints share (pagination, caching, the CORS header, the Russian texts) is in
unodc_portal/api.py; what each item gives is in serializers.py. It lives here because it shows
both apps' data, like reference_views.py."""

from django.db.models import Exists, F, OuterRef, Prefetch, Value
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, serializers

from programmes.filters import FacilityFilter
from programmes.models import Contribution, Country, Facility, Organisation, Programme, Theme
from programmes.queries import donors, donors_listed
from unodc_portal.api import KeptItemsList, ListQueryParameters, PublicApiView

from . import serializers as api
from .filters import EventFilter, PersonFilter, PublicationFilter, QuoteFilter, StoryFilter
from .models import Bulletin, Event, EventOrganisation, Person, Publication, Quote, Result, Story

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
BAD_PARAMETERS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
        "example": {"country": ["Select a valid choice. xx is not one of the available choices."]},
    },
    description=(
        "A parameter's value is not one it takes: each such parameter's name with what is wrong "
        "(`detail` when the address as a whole cannot be read)."
    ),
)


def listing(serializer):
    """The documentation of a list endpoint: its page of items, or what was wrong."""
    return extend_schema_view(
        get=extend_schema(
            responses={
                200: serializer,
                400: BAD_PARAMETERS,
                404: OpenApiResponse(ERROR, description="There is no such page."),
            }
        )
    )


def detail(serializer, *, by_id=False):
    """The documentation of a detail endpoint; `by_id` for items known by their number (quotes,
    figures, contributions), which the address takes as text so that anything else is a 404."""
    parameters = [OpenApiParameter("id", int, OpenApiParameter.PATH, description="The item's id.")] if by_id else []
    return extend_schema_view(
        get=extend_schema(
            parameters=parameters,
            responses={200: serializer, 404: OpenApiResponse(ERROR, description="No such item.")},
        )
    )


class ListEndpoint(KeptItemsList, ListQueryParameters, PublicApiView, generics.ListAPIView):
    pass


class DetailEndpoint(PublicApiView, generics.RetrieveAPIView):
    lookup_field = "slug"


# --- Querysets: the pages' own, with what the items' fields read --------------------------------


def public_links(model, *also):
    """Published items of `model` with only what a link to them reads, and the columns `also`
    (a function: published() reads the clock when it is called)."""
    columns = ["pk", "slug", *model.translations_of("title"), *model.state_columns(), *also]
    return model.objects.published().only(*columns)


def events():
    return (
        Event.objects.published()
        .for_cards()
        .select_related("series", "parent", "follows")
        .prefetch_related(
            "programmes",
            "themes",
            "facilities",
            Prefetch("participations", queryset=EventOrganisation.objects.select_related("organisation", "role")),
        )
    )


def stories():
    return Story.objects.published().for_cards().prefetch_related("programmes", "themes")


def publications():
    return (
        Publication.objects.published()
        .for_cards()
        .prefetch_related(
            "programmes", "themes", Prefetch("events", queryset=public_links(Event), to_attr="public_events")
        )
    )


def facilities():
    return Facility.objects.select_related("country", "border_country", "programme", "operator")


def organisations():
    return Organisation.objects.select_related("country", "parent").annotate(
        is_donor=Exists(donors().filter(pk=OuterRef("pk")))
    )


# --- Endpoints ------------------------------------------------------------------------------


@listing(api.EventSerializer)
class EventList(ListEndpoint):
    """Published events, newest first, with the filters of /events/."""

    serializer_class = api.EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return events()


@detail(api.EventSerializer)
class EventDetail(DetailEndpoint):
    serializer_class = api.EventSerializer

    def get_queryset(self):
        return events()


@listing(api.StorySerializer)
class StoryList(ListEndpoint):
    """Published stories, newest first, with the filters of /news/."""

    serializer_class = api.StorySerializer
    filterset_class = StoryFilter

    def get_queryset(self):
        return stories()


@detail(api.StoryDetailSerializer)
class StoryDetail(DetailEndpoint):
    serializer_class = api.StoryDetailSerializer

    def get_queryset(self):
        return (
            Story.objects.published()
            .select_related("bulletin", "signed_by")
            .prefetch_related(
                "countries",
                "programmes",
                "themes",
                "facilities",
                "organisations",
                "contributions",
                Prefetch("events", queryset=public_links(Event), to_attr="public_events"),
            )
        )


@listing(api.BulletinSerializer)
class BulletinList(ListEndpoint):
    """Published editions of the bulletin, newest first, as /bulletins/ lists them."""

    serializer_class = api.BulletinSerializer

    def get_queryset(self):
        return Bulletin.objects.published()


@detail(api.BulletinDetailSerializer)
class BulletinDetail(DetailEndpoint):
    serializer_class = api.BulletinDetailSerializer

    def get_queryset(self):
        return Bulletin.objects.published().prefetch_related(
            Prefetch(
                "stories", queryset=public_links(Story, "bulletin").order_by("position"), to_attr="published_stories"
            )
        )


@listing(api.PublicationSerializer)
class PublicationList(ListEndpoint):
    """Published publications, newest first, with the filters of /publications/."""

    serializer_class = api.PublicationSerializer
    filterset_class = PublicationFilter

    def get_queryset(self):
        return publications()


@detail(api.PublicationSerializer)
class PublicationDetail(DetailEndpoint):
    serializer_class = api.PublicationSerializer

    def get_queryset(self):
        return publications()


def programmes():
    return Programme.objects.select_related("parent").prefetch_related(
        "children",
        "countries",
        "partners",
        "themes",
        Prefetch("contributions", queryset=Contribution.objects.select_related("donor").order_by("-date", "pk")),
    )


@listing(api.ProgrammeSerializer)
class ProgrammeList(ListEndpoint):
    """Every programme, sub-programme, project and segment, by title (`parent` and `children`
    give the tree that /programmes/ shows)."""

    serializer_class = api.ProgrammeSerializer

    def get_queryset(self):
        return programmes().order_by("title", "pk")


@detail(api.ProgrammeSerializer)
class ProgrammeDetail(DetailEndpoint):
    serializer_class = api.ProgrammeSerializer

    def get_queryset(self):
        return programmes()


@listing(api.FacilitySerializer)
class FacilityList(ListEndpoint):
    """Facilities by country and name, with the filters of /facilities/."""

    serializer_class = api.FacilitySerializer
    filterset_class = FacilityFilter

    def get_queryset(self):
        return facilities()


@detail(api.FacilitySerializer)
class FacilityDetail(DetailEndpoint):
    serializer_class = api.FacilitySerializer

    def get_queryset(self):
        return facilities()


@listing(api.OrganisationSerializer)
class OrganisationList(ListEndpoint):
    """Every organisation, grouped by kind as /organisations/ lists them (donors among them:
    `is_donor`; /api/v1/donors/ lists only those)."""

    serializer_class = api.OrganisationSerializer

    def get_queryset(self):
        return organisations().grouped_by_kind()


@detail(api.OrganisationSerializer)
class OrganisationDetail(DetailEndpoint):
    serializer_class = api.OrganisationSerializer

    def get_queryset(self):
        return organisations()


@listing(api.DonorSerializer)
class DonorList(ListEndpoint):
    """The donors of /donors/, by name: organisations that fund a programme or are named as
    funding a programme component."""

    serializer_class = api.DonorSerializer

    def get_queryset(self):
        return donors_listed().select_related("parent").annotate(is_donor=Value(True))


def contributions():
    return Contribution.objects.select_related("donor", "programme").prefetch_related(
        Prefetch("reports", queryset=public_links(Story), to_attr="public_reports")
    )


@listing(api.ContributionSerializer)
class ContributionList(ListEndpoint):
    """Donors' contributions to programmes, newest first, each as reported."""

    serializer_class = api.ContributionSerializer

    def get_queryset(self):
        return contributions().order_by(F("date").desc(nulls_last=True), "donor__name", "pk")


@detail(api.ContributionSerializer, by_id=True)
class ContributionDetail(DetailEndpoint):
    serializer_class = api.ContributionSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return contributions()


@listing(api.CountrySerializer)
class CountryList(ListEndpoint):
    """Countries as /countries/ lists them: those the office covers, its neighbours, the others."""

    serializer_class = api.CountrySerializer

    def get_queryset(self):
        return Country.objects.order_by("region_role", "name")


@detail(api.CountrySerializer)
class CountryDetail(DetailEndpoint):
    serializer_class = api.CountrySerializer
    queryset = Country.objects.all()
    lookup_field = "iso2"
    lookup_url_kwarg = "code"


@listing(api.ThemeSerializer)
class ThemeList(ListEndpoint):
    serializer_class = api.ThemeSerializer
    queryset = Theme.objects.order_by("order", "name")


@detail(api.ThemeSerializer)
class ThemeDetail(DetailEndpoint):
    serializer_class = api.ThemeSerializer
    queryset = Theme.objects.all()


def people():
    """The people /people/ lists: quoted in a published story or signing one."""
    return Person.objects.public().select_related("organisation")


@listing(api.PersonSerializer)
class PersonList(ListEndpoint):
    """Everyone quoted in a published story or signing one, by name, with the filters of /people/."""

    serializer_class = api.PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return people().order_by("name", "pk")


@detail(api.PersonSerializer)
class PersonDetail(DetailEndpoint):
    serializer_class = api.PersonSerializer

    def get_queryset(self):
        return people()


def quotes():
    return Quote.objects.public().select_related("person", "story__bulletin", "event")


@listing(api.QuoteSerializer)
class QuoteList(ListEndpoint):
    """Quotes of published stories, newest first, with the filters of /quotes/."""

    serializer_class = api.QuoteSerializer
    filterset_class = QuoteFilter

    def get_queryset(self):
        return quotes().newest_first()


@detail(api.QuoteSerializer, by_id=True)
class QuoteDetail(DetailEndpoint):
    serializer_class = api.QuoteSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return quotes()


def figures():
    return (
        Result.objects.public()
        .select_related("programme", "story__bulletin", "event", "indicator")
        .prefetch_related("countries")
        .newest_first()
    )


@listing(api.FigureSerializer)
class FigureList(ListEndpoint):
    """The figures (results) published stories report, the newest first."""

    serializer_class = api.FigureSerializer

    def get_queryset(self):
        return figures()


@detail(api.FigureSerializer, by_id=True)
class FigureDetail(DetailEndpoint):
    serializer_class = api.FigureSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return figures()
