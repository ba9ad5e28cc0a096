import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.filters import (
    count_by_programme_tree,
    country_choices,
    pairs_sql,
    programme_choices,
    programmes_matching,
    theme_choices,
)
from programmes.models import FIRST_YEAR, LAST_YEAR, Contribution, Country, FacilityFunding, Organisation
from programmes.queries import donors, programme_ancestry
from unodc_portal.facets import (
    CodeFilter,
    FacetedFilterSet,
    MultipleValueFilter,
    count_by,
    read_per_content_version,
    reading_cursor,
    subquery_sql,
)
from unodc_portal.translations import ShownText, choices_in_reading_language, in_reading_language

from .models import (
    TRACKER_ROW,
    AttendanceMode,
    Bulletin,
    CountryConcerned,
    Event,
    EventKind,
    EventSeries,
    Indicator,
    Person,
    Publication,
    Quote,
    Result,
    Story,
)
from .search import matching


def year_choices():
    return [(str(year), str(year)) for year in range(LAST_YEAR, FIRST_YEAR - 1, -1)]


def in_any_year(field, years):
    """Rows whose date falls in any of these years. Django turns `__year` into a date range,
    so an index on the column still serves."""
    condition = Q()
    for year in years:
        condition |= Q(**{f"{field}__year": int(year)})
    return condition


@read_per_content_version(topics=("reference",))
def donor_choices():
    return choices_in_reading_language(donors().order_by(in_reading_language("name")), "slug", "name")


@read_per_content_version(topics=("reference",))
def kind_choices():
    return choices_in_reading_language(EventKind.objects.all(), "slug", "name")


@read_per_content_version(topics=("reference",))
def series_choices():
    return choices_in_reading_language(EventSeries.objects.all(), "slug", "title")


@read_per_content_version(topics=("reference",))
def bulletin_choices():
    return choices_in_reading_language(Bulletin.objects.published(), "slug", "title")


class DateInput(forms.DateInput):
    input_type = "date"


class SearchTextFilter(django_filters.CharFilter):
    """Free text matched with the site search (every word must match), in the fields the
    search declares for the list's model (milestones.search.SEARCHED_FIELDS), and on a page in
    another language in their translations too: the count and facets of a list filtered by words
    are remembered per language (FacetedFilterSet.state)."""

    varies_with_reading_language = True
    reads_words = True  # the searched columns, which a save may change alone (content_version.WORDS)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Words"))
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value or not value.strip():
            return queryset
        return matching(queryset, value)


class CountryProgrammeYearFilterSet(FacetedFilterSet):
    """The country, programme and year filters that events and stories share, with their facet
    counts. A subclass names the date its years are read from (`date_field`), counts its own
    countries (`count_country`) and years (in `tallied_columns`, or `count_year`) and lists its
    filters in the form's order in `Meta.fields`, since django-filter would otherwise put these
    three before its own."""

    country = CodeFilter(label=_("Country"), choices=country_choices, method="filter_country")
    programme = MultipleValueFilter(label=_("Programme"), choices=programme_choices, method="filter_programme")
    year = MultipleValueFilter(label=_("Year"), choices=year_choices, method="filter_year")

    date_field = None

    def filter_country(self, queryset, name, value):
        """Items of any of the countries, as the model's `concerning()` reads it: events held in
        or concerning one, stories tagged with one."""
        return queryset.concerning(Country.objects.ids_of(value)) if value else queryset

    def filter_programme(self, queryset, name, value):
        """Items of the programmes or of anything below them."""
        if not value:
            return queryset
        return queryset.of_programmes(programmes_matching(value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(in_any_year(self.date_field, value)) if value else queryset

    def count_programme(self, queryset):
        sql, params = subquery_sql(queryset)
        table = queryset.model.programmes.through._meta.db_table
        item_id = f"{queryset.model._meta.model_name}_id"
        pairs = f"SELECT {item_id} AS item_id, programme_id FROM {table} WHERE {item_id} IN ({sql})"  # nosec B608
        return count_by_programme_tree(pairs, params)


class ThemeFilterMixin(django_filters.FilterSet):
    """The theme filter (issue 16, item 6): items tagged with any of the themes, by slug, with
    their counts. Left out of the form while no item of the list carries a theme."""

    theme = MultipleValueFilter(label=_("Theme"), choices=theme_choices, method="filter_theme")

    facets_hidden_when_empty = ("theme",)

    def filter_theme(self, queryset, name, value):
        """An uncorrelated subquery on the link table, like the programme filter."""
        if not value:
            return queryset
        link = queryset.model.themes.through
        item_id = f"{queryset.model._meta.model_name}_id"
        return queryset.filter(pk__in=link.objects.filter(theme__slug__in=value).values(item_id))

    def count_theme(self, queryset):
        link = queryset.model.themes.through
        item = queryset.model._meta.model_name
        return count_by(link.objects.filter(**{f"{item}__in": queryset}), "theme__slug")


class EventFilter(ThemeFilterMixin, CountryProgrammeYearFilterSet):
    # The filters through link tables select ids with uncorrelated subqueries (`pk__in`), not a
    # correlated EXISTS: PostgreSQL then either hashes the ids once or starts from the link
    # table's index, instead of probing the link table for every event it walks, which made a
    # rare programme's newest events slow at 100,000 events (docs/performance.md).
    q = SearchTextFilter()
    kind = CodeFilter(label=_("Kind of event"), choices=kind_choices)
    mode = CodeFilter(label=_("Attendance"), choices=AttendanceMode.choices, field_name="attendance_mode")
    # Not a facet: the sessions' pages link to their series' list (EventSeries.get_absolute_url).
    series = MultipleValueFilter(label=_("Series"), choices=series_choices, field_name="series__slug")
    donor = MultipleValueFilter(label=_("Donor"), choices=donor_choices, method="filter_donor")
    date_from = django_filters.DateFilter(label=_("From"), method="filter_date_from", widget=DateInput)
    date_to = django_filters.DateFilter(label=_("To"), method="filter_date_to", widget=DateInput)

    # The theme first: /events/?theme=<slug>&country=uz is the canonical address.
    facets = ("theme", "country", "kind", "mode", "year", "programme", "donor")
    topics = ("events", "reference")
    # Left out while every result was held in person, as every event was before online ones
    # were recorded: a box with the one option would narrow nothing.
    facets_hidden_when_single = ("mode",)
    date_field = "start_date"
    # The date's precision too: the calendar's note says how many events it leaves out for lack
    # of a day (views.events_without_day).
    tallied_columns = {
        "kind": "kind",
        "mode": "attendance_mode",
        "year": f"{date_field}__year",
        "date_precision": "date_precision",
    }

    class Meta:
        model = Event
        fields = [
            "q",
            "theme",
            "country",
            "programme",
            "kind",
            "mode",
            "year",
            "donor",
            "series",
            "date_from",
            "date_to",
        ]

    def filter_donor(self, queryset, name, value):
        return queryset.funded_by(value) if value else queryset

    def filter_date_from(self, queryset, name, value):
        """Events still under way on or after the day (a two-day forum counts on its second day)."""
        return queryset.filter(Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)

    def count_country(self, queryset):
        """Per country, events held there or concerning it, each counted once, in one query."""
        concerned = CountryConcerned.objects.filter(event__in=queryset)
        return dict(concerned.values_list("country__iso2").annotate(n=Count("event")).order_by())

    def count_donor(self, queryset):
        return count_events_by_donor(queryset)


EVENTS_BY_DONOR_SQL = """
SELECT org.slug, counts.n FROM (
    SELECT pairs.donor_id, COUNT(DISTINCT pairs.event_id) AS n FROM (
        SELECT ep.event_id, programme_donors.donor_id
        FROM {event_programmes} ep
        JOIN ({programme_donors}) programme_donors ON programme_donors.programme_id = ep.programme_id
        WHERE ep.event_id IN ({events})
        UNION ALL
        SELECT ef.event_id, facility_donors.donor_id
        FROM {event_facilities} ef
        JOIN ({facility_donors}) facility_donors ON facility_donors.facility_id = ef.facility_id
        WHERE ef.event_id IN ({events})
    ) pairs
    GROUP BY pairs.donor_id
) counts
JOIN {organisation} org ON org.id = counts.donor_id
"""


def count_events_by_donor(queryset):
    """{donor slug: events the donor filter would give}: events of the programmes a donor funds
    and everything below them, and events at facilities of components it funds; one query.

    Which donor stands behind which programme and facility is worked out here first (hundreds
    of rows), so the database only joins the event links to two small inline tables."""
    donors_of = {}
    for programme_id, donor_id in Contribution.objects.values_list("programme_id", "donor_id"):
        donors_of.setdefault(programme_id, set()).add(donor_id)
    programme_donors = {
        (programme_id, donor_id)
        for programme_id, ancestor_id in programme_ancestry()
        for donor_id in donors_of.get(ancestor_id, ())
    }
    facility_donors = set(
        FacilityFunding.component_donors.through.objects.values_list("facilityfunding__facility_id", "organisation_id")
    )
    sql, params = subquery_sql(queryset)
    query = EVENTS_BY_DONOR_SQL.format(  # nosec B608
        event_programmes=Event.programmes.through._meta.db_table,
        programme_donors=pairs_sql(sorted(programme_donors), "programme_id", "donor_id"),
        event_facilities=Event.facilities.through._meta.db_table,
        facility_donors=pairs_sql(sorted(facility_donors), "facility_id", "donor_id"),
        organisation=Organisation._meta.db_table,
        events=sql,
    )
    with reading_cursor(Event) as cursor:
        cursor.execute(query, [*params, *params])
        return dict(cursor.fetchall())


class StoryFilter(ThemeFilterMixin, CountryProgrammeYearFilterSet):
    q = SearchTextFilter()
    bulletin = MultipleValueFilter(label=_("Edition"), choices=bulletin_choices, field_name="bulletin__slug")

    facets = ("theme", "country", "programme", "bulletin", "year")
    topics = ("stories", "reference")
    date_field = "listed_at"  # the office's date for archive stories, else this site's
    tallied_columns = {"bulletin": "bulletin__slug", "year": f"{date_field}__year"}

    class Meta:
        model = Story
        fields = ["q", "theme", "country", "programme", "bulletin", "year"]

    def count_country(self, queryset):
        return count_by(Story.countries.through.objects.filter(story__in=queryset), "country__iso2")


class PublicationFilter(ThemeFilterMixin, CountryProgrammeYearFilterSet):
    """The publications list: the events list's conventions (words, theme, country, programme,
    year), the years read from the publication's own date."""

    q = SearchTextFilter()

    facets = ("theme", "country", "programme", "year")
    date_field = "date"
    tallied_columns = {"year": f"{date_field}__year"}
    topics = ("publications", "reference")

    class Meta:
        model = Publication
        fields = ["q", "theme", "country", "programme", "year"]

    def count_country(self, queryset):
        return count_by(Publication.countries.through.objects.filter(publication__in=queryset), "country__iso2")


@read_per_content_version(topics=("stories", "reference"))
def speaker_choices():
    """The people quoted in published stories, by name. Names have no translation: always the
    English they are written in (marked so on other languages' pages)."""
    people = Person.objects.filter(pk__in=Quote.objects.public().values("person_id")).order_by("name", "pk")
    return [(slug, ShownText(name, settings.LANGUAGE_CODE)) for slug, name in people.values_list("slug", "name")]


@read_per_content_version(topics=("stories", "reference"))
def people_organisation_choices():
    """The organisations of the people the public sees named."""
    organisations = Organisation.objects.filter(people__in=Person.objects.public()).distinct()
    return choices_in_reading_language(organisations.order_by(in_reading_language("name")), "slug", "name")


class QuoteFilter(CountryProgrammeYearFilterSet):
    """The quotes list: by speaker, their organisation, and the country, programme and year of
    the story that published the quote (the country and programme filters of the news list)."""

    person = MultipleValueFilter(label=_("Person"), choices=speaker_choices, field_name="person__slug")
    organisation = MultipleValueFilter(
        label=_("Organisation"), choices=people_organisation_choices, field_name="person__organisation__slug"
    )

    facets = ("person", "organisation", "country", "programme", "year")
    topics = ("stories", "reference")  # quotes are parts of stories (settings.PAGE_CACHE_TOPICS)
    date_field = "story__listed_at"  # the story's date, as the news list's year filter reads it
    tallied_columns = {
        "person": "person__slug",
        "organisation": "person__organisation__slug",
        "year": f"{date_field}__year",
    }

    class Meta:
        model = Quote
        fields = ["person", "organisation", "country", "programme", "year"]

    def count_country(self, queryset):
        """Per country, the quotes of stories tagged with it (a story's quote once per country)."""
        return count_by(queryset, "story__countries__iso2")

    def count_programme(self, queryset):
        sql, params = subquery_sql(queryset)
        pairs = (
            f"SELECT q.id AS item_id, sp.programme_id FROM {Quote._meta.db_table} q "  # nosec B608
            f"JOIN {Story.programmes.through._meta.db_table} sp ON sp.story_id = q.story_id WHERE q.id IN ({sql})"
        )
        return count_by_programme_tree(pairs, params)


class PersonFilter(FacetedFilterSet):
    """The people list: by organisation, and by the country and year of the published stories
    that quote them or that they sign."""

    organisation = MultipleValueFilter(
        label=_("Organisation"), choices=people_organisation_choices, field_name="organisation__slug"
    )
    country = CodeFilter(label=_("Country"), choices=country_choices, method="filter_country")
    year = MultipleValueFilter(label=_("Year"), choices=year_choices, method="filter_year")

    facets = ("organisation", "country", "year")
    topics = ("stories", "reference")
    tallied_columns = {"organisation": "organisation__slug"}

    class Meta:
        model = Person
        fields = ["organisation", "country", "year"]

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.appearing_in(Story.objects.published().concerning(Country.objects.ids_of(value)))

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.appearing_in(Story.objects.published().filter(in_any_year("listed_at", value)))

    def count_country(self, queryset):
        """People per country of the stories they appear in, each counted once: two queries."""
        appearances = queryset.appearances()
        tagged = Story.countries.through.objects.filter(story__in={story for _person, story in appearances})
        countries_of = {}
        for story_id, iso2 in tagged.values_list("story_id", "country__iso2"):
            countries_of.setdefault(story_id, set()).add(iso2)
        return count_people_by(appearances, countries_of)

    def count_year(self, queryset):
        """People per year of the stories they appear in, each counted once: two queries."""
        appearances = queryset.appearances()
        stories = Story.objects.filter(pk__in={story for _person, story in appearances}).order_by()
        years_of = {
            story_id: {str(timezone.localtime(listed_at).year)}
            for story_id, listed_at in stories.values_list("pk", "listed_at")
            if listed_at
        }
        return count_people_by(appearances, years_of)


def count_people_by(appearances, values_of_story):
    """{value: number of people} from (person, story) pairs and each story's values."""
    people_of = {}
    for person_id, story_id in appearances:
        for value in values_of_story.get(story_id, ()):
            people_of.setdefault(value, set()).add(person_id)
    return {value: len(people) for value, people in people_of.items()}


@read_per_content_version(topics=("stories", "reference"))
def indicator_choices():
    """The indicators with a figure the public sees."""
    indicators = Indicator.objects.filter(results__in=Result.objects.public()).distinct()
    return choices_in_reading_language(indicators.order_by(in_reading_language("title")), "slug", "title")


def count_rows_by(queryset, field):
    """{value: number of tracker rows with a report of that value}, in one query: the facets of
    the milestone tracker count figures, as it lists them (models.TRACKER_ROW)."""
    rows = queryset.order_by().values_list(field).annotate(n=Count(TRACKER_ROW, distinct=True))
    return {str(value): n for value, n in rows if value is not None}


class ResultFilter(CountryProgrammeYearFilterSet):
    """The milestone tracker (/results/): figures by programme, country, theme and year, as the
    other lists filter. A figure's theme is a theme of the story that reports it; its year, the
    year of the date it refers to."""

    theme = MultipleValueFilter(label=_("Theme"), choices=theme_choices, method="filter_theme")
    indicator = MultipleValueFilter(label=_("Indicator"), choices=indicator_choices, field_name="indicator__slug")

    facets = ("theme", "country", "programme", "year", "indicator")
    topics = ("stories", "reference")  # figures are parts of stories
    facets_hidden_when_empty = ("theme", "indicator")
    date_field = "as_of"

    class Meta:
        model = Result
        fields = ["theme", "country", "programme", "year", "indicator"]

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        tagged = Story.themes.through.objects.filter(theme__slug__in=value).values("story_id")
        return queryset.filter(story__in=tagged)

    def listed_rows(self, queryset):
        """One row per figure: its newest report, which carries its history."""
        return queryset.latest_of_each_figure()

    def count_theme(self, queryset):
        return count_rows_by(queryset, "story__themes__slug")

    def count_country(self, queryset):
        return count_rows_by(queryset, "countries__iso2")

    def count_year(self, queryset):
        return count_rows_by(queryset, "as_of__year")

    def count_indicator(self, queryset):
        return count_rows_by(queryset, "indicator__slug")

    def count_programme(self, queryset):
        pairs = (
            queryset.filter(programme__isnull=False)
            .order_by()
            .annotate(item_id=TRACKER_ROW)
            .values_list("item_id", "programme_id")
        )
        return count_by_programme_tree(*pairs.query.sql_with_params())
