"""What the JSON API (/api/v1/, milestones/api.py) gives of each item: the public fields, links
to related items in the API and to the public pages, dates with their precision, amounts and
figures as reported. The shared fields are in unodc_portal/api.py."""

from rest_framework import serializers

from programmes.models import AmountQualifier, Contribution, Country, Facility, Organisation, Programme, Theme
from unodc_portal.addresses import detail_url
from unodc_portal.api import (
    QUALIFIER_HELP,
    ApiUrl,
    PageUrl,
    PartialDateSerializer,
    TranslatedModelSerializer,
    TranslatedSerializer,
)

from .models import (
    AttendanceMode,
    Bulletin,
    Event,
    EventOrganisation,
    EventPlace,
    Person,
    Publication,
    Quote,
    Result,
    Story,
)

# --- Links: a related item in a few fields, with its address in the API ----------------------


class CountryLink(TranslatedModelSerializer):
    code = serializers.CharField(source="iso2", help_text="ISO 3166-1 alpha-2 code, in lower case.")
    url = ApiUrl("api:country-detail", key="iso2")

    class Meta:
        model = Country
        fields = ["code", "name", "url"]
        translated = ["name"]


class ProgrammeLink(TranslatedModelSerializer):
    url = ApiUrl("api:programme-detail")

    class Meta:
        model = Programme
        fields = ["id", "slug", "title", "short_title", "url"]
        translated = ["title", "short_title"]


class ThemeLink(TranslatedModelSerializer):
    url = ApiUrl("api:theme-detail")

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "url"]
        translated = ["name"]


class OrganisationLink(TranslatedModelSerializer):
    url = ApiUrl("api:organisation-detail")

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "acronym", "url"]
        translated = ["name", "acronym"]


class FacilityLink(TranslatedModelSerializer):
    url = ApiUrl("api:facility-detail")

    class Meta:
        model = Facility
        fields = ["id", "slug", "name", "url"]
        translated = ["name"]


class EventLink(TranslatedModelSerializer):
    url = ApiUrl("api:event-detail")

    class Meta:
        model = Event
        fields = ["id", "slug", "title", "url"]
        translated = ["title"]


class StoryLink(TranslatedModelSerializer):
    url = ApiUrl("api:story-detail")

    class Meta:
        model = Story
        fields = ["id", "slug", "title", "url"]
        translated = ["title"]


class BulletinLink(TranslatedModelSerializer):
    url = ApiUrl("api:bulletin-detail")

    class Meta:
        model = Bulletin
        fields = ["id", "slug", "title", "url"]
        translated = ["title"]


class PersonLink(TranslatedModelSerializer):
    url = ApiUrl("api:person-detail")

    class Meta:
        model = Person
        fields = ["id", "slug", "name", "url"]


class Term(serializers.Serializer):
    """A term of a list publishers keep (a kind of event, a role at an event)."""

    slug = serializers.CharField()
    name = serializers.CharField()


# --- Numbers as reported --------------------------------------------------------------------


class ReportedNumber(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=2, help_text="As reported, never converted.")
    qualifier = serializers.ChoiceField(choices=AmountQualifier.choices, help_text=QUALIFIER_HELP)


class ReportedAmount(ReportedNumber):
    currency = serializers.CharField(help_text="ISO 4217 code of the amount, as reported.")


def reported(value, qualifier, **extra):
    return None if value is None else {"value": value, "qualifier": qualifier, **extra}


class AmountSerializer(ReportedAmount):
    """An amount in its currency, or in USD as the source gives the equivalent (`usd`): null when
    the source gives none. Never a sum, never a conversion of ours."""

    def __init__(self, *, usd=False, **kwargs):
        self.usd = usd
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, item):
        if self.usd:
            amount = reported(item.amount_usd, item.amount_usd_qualifier, currency="USD")
        else:
            amount = reported(item.amount, item.amount_qualifier, currency=item.currency)
        return None if amount is None else super().to_representation(amount)


# --- Items -----------------------------------------------------------------------------------


class CountrySerializer(TranslatedModelSerializer):
    code = serializers.CharField(source="iso2", help_text="ISO 3166-1 alpha-2 code, in lower case.")
    url = ApiUrl("api:country-detail", key="iso2")
    page_url = PageUrl()

    class Meta:
        model = Country
        fields = ["id", "code", "slug", "name", "region_role", "url", "page_url"]
        translated = ["name"]


class ThemeSerializer(TranslatedModelSerializer):
    url = ApiUrl("api:theme-detail")
    page_url = PageUrl()

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "description", "order", "url", "page_url"]
        translated = ["name", "description"]


class OrganisationSerializer(TranslatedModelSerializer):
    country = CountryLink(allow_null=True)
    parent = OrganisationLink(allow_null=True)
    is_donor = serializers.BooleanField(
        help_text="Funds a programme, or is named as funding a programme component (listed on /donors/)."
    )
    url = ApiUrl("api:organisation-detail")
    page_url = PageUrl()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "website",
            "description",
            "is_donor",
            "url",
            "page_url",
        ]
        translated = ["name", "acronym", "description"]


class DonorSerializer(OrganisationSerializer):
    contribution_count = serializers.IntegerField(help_text="Contributions to programmes recorded for the donor.")
    component_count = serializers.IntegerField(help_text="Programme components the donor is named as funding.")
    page_url = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "contribution_count", "component_count"]

    def get_page_url(self, donor) -> str:
        """The donor's page (/donors/<slug>/)."""
        return self.context["request"].build_absolute_uri(detail_url("programmes:donor-detail", donor.slug))


class ContributionInProgramme(serializers.ModelSerializer):
    donor = OrganisationLink()
    date = PartialDateSerializer(source="when")
    amount = AmountSerializer()
    amount_usd = AmountSerializer(usd=True)
    url = ApiUrl("api:contribution-detail", key="pk")

    class Meta:
        model = Contribution
        fields = ["id", "donor", "date", "amount", "amount_usd", "url"]


class ProgrammeSerializer(TranslatedModelSerializer):
    parent = ProgrammeLink(allow_null=True)
    children = ProgrammeLink(many=True, help_text="Sub-programmes, projects and segments directly below it.")
    countries = CountryLink(many=True)
    partners = OrganisationLink(many=True)
    themes = ThemeLink(many=True)
    contributions = ContributionInProgramme(many=True, help_text="Donors' funding of this programme itself.")
    url = ApiUrl("api:programme-detail")
    page_url = PageUrl()

    class Meta:
        model = Programme
        fields = [
            "id",
            "slug",
            "title",
            "short_title",
            "acronym",
            "kind",
            "code",
            "parent",
            "children",
            "start_year",
            "end_year",
            "summary",
            "description",
            "countries",
            "partners",
            "themes",
            "contributions",
            "source_note",
            "url",
            "page_url",
        ]
        translated = ["title", "short_title", "summary", "description"]


class ContributionSerializer(TranslatedModelSerializer):
    donor = OrganisationLink()
    programme = ProgrammeLink()
    date = PartialDateSerializer(source="when")
    amount = AmountSerializer()
    amount_usd = AmountSerializer(usd=True)
    reported_in = StoryLink(many=True, source="public_reports", help_text="Published stories that report it.")
    url = ApiUrl("api:contribution-detail", key="pk")
    page_url = PageUrl()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "donor",
            "programme",
            "date",
            "amount",
            "amount_usd",
            "description",
            "reported_in",
            "source_note",
            "url",
            "page_url",
        ]
        translated = ["description"]


class FacilitySerializer(TranslatedModelSerializer):
    country = CountryLink()
    border_country = CountryLink(allow_null=True)
    opened = PartialDateSerializer()
    programme = ProgrammeLink(allow_null=True)
    operator = OrganisationLink(allow_null=True)
    equipment = serializers.ListField(
        child=serializers.CharField(), source="equipment_list", help_text="One item per entry."
    )
    url = ApiUrl("api:facility-detail")
    page_url = PageUrl()

    class Meta:
        model = Facility
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "status",
            "country",
            "border_country",
            "place",
            "place_kind",
            "latitude",
            "longitude",
            "coordinates_precision",
            "opened",
            "programme",
            "operator",
            "equipment",
            "description",
            "source_note",
            "url",
            "page_url",
        ]
        translated = ["name", "place", "description"]


class PlaceSerializer(TranslatedModelSerializer):
    country = CountryLink()

    class Meta:
        model = EventPlace
        fields = ["city", "venue", "country"]
        translated = ["city", "venue"]


class ParticipationSerializer(serializers.ModelSerializer):
    organisation = OrganisationLink()
    role = Term()

    class Meta:
        model = EventOrganisation
        fields = ["organisation", "role"]


class Participants(serializers.Serializer):
    """The number of participants as the source gives it; null when it gives none."""

    value = serializers.IntegerField()
    qualifier = serializers.ChoiceField(choices=AmountQualifier.choices, help_text=QUALIFIER_HELP)
    breakdown = serializers.CharField(allow_null=True, help_text="By group, as the source gives it.")

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, event):
        count = reported(
            event.participant_count, event.participant_count_qualifier, breakdown=event.participant_breakdown or None
        )
        return None if count is None else super().to_representation(count)


class SeriesLink(TranslatedSerializer):
    slug = serializers.CharField(help_text="The events list's `series` filter value.")
    title = serializers.CharField()

    class Meta:
        translated = ["title"]


class IndicatorLink(TranslatedSerializer):
    slug = serializers.CharField(
        help_text="The milestone tracker's `indicator` filter value (/results/?indicator=...)."
    )
    title = serializers.CharField()

    class Meta:
        translated = ["title"]


class EventSerializer(TranslatedModelSerializer):
    kind = Term()
    date = PartialDateSerializer(source="when", allow_null=False)
    host_country = CountryLink()
    other_places = PlaceSerializer(many=True, source="places.all")
    place = serializers.CharField(help_text="Where it took place, in the words of the page.")
    attendance_mode = serializers.ChoiceField(choices=AttendanceMode.choices)
    countries = CountryLink(many=True, help_text="Countries the event is for, wherever it was held.")
    programmes = ProgrammeLink(many=True)
    themes = ThemeLink(many=True)
    organisations = ParticipationSerializer(many=True, source="participations")
    facilities = FacilityLink(many=True)
    series = SeriesLink(allow_null=True)
    part_of = EventLink(source="public_parent", allow_null=True, help_text="For a side event: the main event.")
    follows = EventLink(source="public_follows", allow_null=True, help_text="For a follow-up: the earlier event.")
    participants = Participants()
    url = ApiUrl("api:event-detail")
    page_url = PageUrl()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "date",
            "summary",
            "venue",
            "city",
            "host_country",
            "other_places",
            "place",
            "attendance_mode",
            "region",
            "countries",
            "programmes",
            "themes",
            "organisations",
            "facilities",
            "series",
            "part_of",
            "follows",
            "participants",
            "source_note",
            "published_at",
            "url",
            "page_url",
        ]
        translated = ["title", "summary", "venue", "city", "region"]
        # Kept in lists (unodc_portal/api.py, KeptItemsList) with the main event and the event
        # it follows, which it shows while they are live.
        kept_with = ("parent", "follows")


class StorySerializer(TranslatedModelSerializer):
    date = PartialDateSerializer(source="when", help_text="The date readers see: the office's, or its edition's.")
    bulletin = BulletinLink(source="public_bulletin", allow_null=True, help_text="Its edition, once public.")
    countries = CountryLink(many=True)
    programmes = ProgrammeLink(many=True)
    themes = ThemeLink(many=True)
    image = serializers.SerializerMethodField()
    url = ApiUrl("api:story-detail")
    page_url = PageUrl()

    class Meta:
        model = Story
        fields = [
            "id",
            "slug",
            "title",
            "standfirst",
            "date",
            "bulletin",
            "position",
            "byline",
            "countries",
            "programmes",
            "themes",
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "published_at",
            "url",
            "page_url",
        ]
        translated = ["title", "standfirst", "image_alt", "image_caption"]
        kept_with = ()  # kept in lists: it shows its own row, links and edition (reference data)

    def get_image(self, story) -> str | None:
        """The full address of the story's image, or null."""
        return self.context["request"].build_absolute_uri(story.image.url) if story.image else None

    def to_representation(self, story):
        data = super().to_representation(story)
        if story.bulletin_id and not story.bulletin.is_live:
            data["position"] = None  # its place in an edition not yet public is embargoed too
        return data


class StoryDetailSerializer(StorySerializer):
    events = EventLink(many=True, source="public_events")
    facilities = FacilityLink(many=True)
    organisations = OrganisationLink(many=True)
    signed_by = PersonLink(allow_null=True)
    contributions = serializers.SerializerMethodField()

    class Meta(StorySerializer.Meta):
        fields = [
            *StorySerializer.Meta.fields[:-3],
            "body_html",
            "body_text",
            "signed_by",
            "signed_by_position",
            "events",
            "facilities",
            "organisations",
            "contributions",
            "source_note",
            *StorySerializer.Meta.fields[-3:],
        ]
        translated = [*StorySerializer.Meta.translated, "body_html", "body_text", "signed_by_position"]
        kept_with = None  # it shows other items (its events, contributions): not kept

    def get_contributions(self, story) -> list[str]:
        """Addresses in this API of the donors' contributions the story reports."""
        absolute = self.context["request"].build_absolute_uri
        return [absolute(detail_url("api:contribution-detail", str(c.pk))) for c in story.contributions.all()]


class BulletinSerializer(TranslatedModelSerializer):
    date = PartialDateSerializer(source="when")
    url = ApiUrl("api:bulletin-detail")
    page_url = PageUrl()

    class Meta:
        model = Bulletin
        fields = ["id", "slug", "title", "number", "period_label", "date", "summary", "published_at", "url", "page_url"]
        translated = ["title", "period_label", "summary"]


class BulletinDetailSerializer(BulletinSerializer):
    stories = StoryLink(many=True, source="published_stories", help_text="Its published stories, in printed order.")

    class Meta(BulletinSerializer.Meta):
        fields = [*BulletinSerializer.Meta.fields[:-2], "stories", "source_note", "url", "page_url"]


class PersonSerializer(TranslatedModelSerializer):
    organisation = OrganisationLink(allow_null=True)
    url = ApiUrl("api:person-detail")
    page_url = PageUrl()

    class Meta:
        model = Person
        fields = ["id", "slug", "name", "honorific", "position", "organisation", "url", "page_url"]
        translated = ["position"]


class QuoteSerializer(TranslatedModelSerializer):
    speaker = PersonLink(source="person", allow_null=True)
    attribution = serializers.CharField(help_text="Who spoke, when the source does not name them; else empty.")
    story = StoryLink()
    date = PartialDateSerializer(source="story.when", help_text="The date of the story that reports it.")
    event = EventLink(source="public_event", allow_null=True, help_text="Where it was said, if recorded and public.")
    url = ApiUrl("api:quote-detail", key="pk")
    page_url = PageUrl()

    class Meta:
        model = Quote
        fields = [
            "id",
            "text",
            "speaker",
            "attribution",
            "position_at_the_time",
            "story",
            "event",
            "date",
            "url",
            "page_url",
        ]
        translated = ["text", "position_at_the_time"]


class FigureValue(ReportedNumber):
    unit = serializers.CharField(allow_null=True, help_text="For a quantity: its unit (kg, trainings, officers).")
    currency = serializers.CharField(allow_null=True, help_text="For money: the ISO 4217 code, as reported.")


class FigureSerializer(TranslatedModelSerializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="As reported.")
    value_qualifier = serializers.ChoiceField(choices=AmountQualifier.choices, help_text=QUALIFIER_HELP)
    currency = serializers.SerializerMethodField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    date = PartialDateSerializer(source="when", help_text="The date or the period the figure refers to.")
    indicator = IndicatorLink(
        allow_null=True, help_text="The figure reported over time that this is a report of: its other reports share it."
    )
    programme = ProgrammeLink(allow_null=True)
    countries = CountryLink(many=True)
    story = StoryLink()
    event = EventLink(source="public_event", allow_null=True)
    as_shown = serializers.CharField(source="display_value", help_text="The figure in the words of the page.")
    url = ApiUrl("api:figure-detail", key="pk")
    page_url = PageUrl()

    class Meta:
        model = Result
        fields = [
            "id",
            "label",
            "kind",
            "value",
            "value_qualifier",
            "unit",
            "currency",
            "target",
            "as_shown",
            "date",
            "indicator",
            "programme",
            "countries",
            "story",
            "event",
            "source_note",
            "url",
            "page_url",
        ]
        translated = ["label", "unit"]

    def get_currency(self, figure) -> str | None:
        """For money: the ISO 4217 code, as reported; null for a quantity."""
        return figure.currency or None


class PublicationSerializer(TranslatedModelSerializer):
    date = PartialDateSerializer(source="when")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Language codes of the document.")
    document_url = serializers.SerializerMethodField()
    countries = CountryLink(many=True)
    programmes = ProgrammeLink(many=True)
    themes = ThemeLink(many=True)
    events = EventLink(many=True, source="public_events")
    url = ApiUrl("api:publication-detail")
    page_url = PageUrl()

    class Meta:
        model = Publication
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "date",
            "languages",
            "document_url",
            "countries",
            "programmes",
            "themes",
            "events",
            "published_at",
            "url",
            "page_url",
        ]
        translated = ["title", "summary"]

    def get_document_url(self, publication) -> str:
        """Where to get the document: its download here, or where it is published elsewhere."""
        return self.context["request"].build_absolute_uri(publication.download_url)
