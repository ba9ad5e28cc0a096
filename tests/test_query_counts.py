"""Every public page runs the same number of queries with 1 row or 50 of everything it shows."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from milestones.models import Event, Result, Story
from milestones.reference_data import add_russian_names, create_reference_terms
from milestones.views import BulletinDetailView, EventDetailView, PublicationDetailView, StoryDetailView
from programmes.models import Country, ExchangeRate
from tests.factories import (
    BulletinFactory,
    ContributionFactory,
    CountryFactory,
    EventFactory,
    EventOrganisationFactory,
    EventPlaceFactory,
    EventSeriesFactory,
    FacilityFactory,
    FacilityFundingFactory,
    IndicatorFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    PublicationFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
    ThemeFactory,
)
from tests.isolation import isolated
from tests.portal_client import PortalClient

pytestmark = pytest.mark.django_db

COUNTRY_CODES = ["uz", "kz", "kg", "tj", "tm", "af", "az"]


class World:
    """A programme, an edition, a donor, a facility and a country that everything else hangs on,
    so that each page's rows can be multiplied while its addresses stay the same."""

    def __init__(self):
        self.countries = [CountryFactory(iso2=code) for code in COUNTRY_CODES]
        self.country = self.countries[0]
        self.programme = ProgrammeFactory(slug="programme")
        self.child = ProgrammeFactory(slug="sub-programme", parent=self.programme)
        self.bulletin = BulletinFactory(slug="edition", number="03(2016)")
        self.donor = OrganisationFactory(slug="donor")
        self.facility = FacilityFactory(slug="facility", country=self.country, programme=self.programme)
        self.story = StoryFactory(slug="story", bulletin=self.bulletin, position=1000, signed_by=PersonFactory())
        self.series = EventSeriesFactory(slug="series")
        self.event = EventFactory(slug="event", host_country=self.country, series=self.series)
        self.theme = ThemeFactory(slug="theme")
        self.publication = PublicationFactory(slug="publication")
        self.indicator = IndicatorFactory(slug="indicator")
        self.added = 0

    def add(self, n):
        for _ in range(n):
            i = self.added = self.added + 1
            country = self.countries[i % len(self.countries)]
            # Every other story a foreword signed by someone, the others with a byline.
            signature = {"signed_by": PersonFactory()} if i % 2 else {"byline": f"By correspondent {i}"}
            story = StoryFactory(bulletin=self.bulletin, position=i, published_at=self.story.published_at, **signature)
            story.countries.add(country, self.country)
            story.programmes.add(self.programme, self.child)
            story.facilities.add(self.facility)
            event = EventFactory(
                host_country=country,
                start_date=datetime.date(2016, 1 + i % 12, 1),
                participant_count=30,
                participant_count_qualifier="approximately",
                participant_breakdown="15 prosecutors and 15 police investigators",
            )
            # Issue 16, items 4 and 5: online and hybrid events in several places, sessions of
            # the page's series, follow-ups to it and to each other.
            event.attendance_mode = ("in-person", "online", "hybrid")[i % 3]
            event.region = f"Region {i}"
            event.series = self.series
            event.follows = self.event
            event.save()
            EventPlaceFactory(event=event, city=f"City {i}", country=self.country)
            EventPlaceFactory(event=self.event, city=f"City {i}", country=country)
            EventFactory(follows=event, host_country=country)
            event.countries.add(country, self.country)
            event.programmes.add(self.child)
            event.facilities.add(self.facility)
            story.events.add(event, self.event)
            self.story.countries.add(country)
            self.story.events.add(event)
            self.story.facilities.add(FacilityFactory(country=country, programme=self.child))
            self.event.countries.add(country)
            self.event.programmes.add(ProgrammeFactory())
            EventOrganisationFactory(event=self.event)
            EventOrganisationFactory(event=event, organisation=self.donor)
            QuoteFactory(story=self.story, event=self.event)
            ResultFactory(story=self.story, programme=self.programme).countries.add(self.country)
            ResultFactory(
                story=self.story,
                event=self.event,
                programme=self.programme,
                kind=Result.Kind.MONEY,
                currency="USD",
                unit="",
                as_of=datetime.date(2015, 1, 1),
                period_end=datetime.date(2019, 1, 1),
                as_of_precision="year",
            ).countries.add(self.country)
            # Issue 20: a figure reported every year, as one indicator's history, and one figure
            # reported once for each story.
            ResultFactory(
                story=story,
                programme=self.child,
                indicator=self.indicator,
                value=i,
                target=100,
                as_of=datetime.date(2000 + i, 1, 1),
                as_of_precision="year",
            ).countries.add(country, self.country)
            ResultFactory(story=story, programme=self.child).countries.add(country)
            reported = ContributionFactory(donor=self.donor, programme=self.child)
            story.contributions.add(reported)
            self.story.contributions.add(reported)
            ContributionFactory(programme=self.programme)
            # Issue 20, item 3: grants the ledger converts at a rate, and grants with no amount.
            ContributionFactory(
                donor=self.donor, programme=self.child, currency="EUR", amount_usd=None, amount_usd_qualifier="exact"
            )
            ContributionFactory(
                donor=self.donor,
                programme=self.programme,
                amount=None,
                currency="",
                amount_usd=None,
                amount_usd_qualifier="exact",
            )
            ExchangeRate.objects.create(
                currency="EUR",
                usd_per_unit=1,
                date=datetime.date(2010, 1, 1) + datetime.timedelta(days=i),
                source="Test",
            )
            funding = FacilityFundingFactory(facility=self.facility, programme=self.child)
            funding.component_donors.add(self.donor)
            story.facility_fundings.add(funding)
            FacilityFactory(country=country, programme=self.child)
            EventFactory(parent=self.event, host_country=country)
            # Issue 16: themes on everything that carries them, and publications linked to all.
            theme = ThemeFactory()
            for item in (story, event, self.story, self.event, self.programme, self.child):
                item.themes.add(theme, self.theme)
            publication = PublicationFactory(date=datetime.date(2016, 1 + i % 12, 1))
            publication.countries.add(country, self.country)
            publication.programmes.add(self.child)
            publication.themes.add(theme, self.theme)
            publication.events.add(event, self.event)
            self.publication.countries.add(country)
            self.publication.themes.add(theme)
            self.publication.programmes.add(ProgrammeFactory())
            self.publication.events.add(event)


PAGES = [
    "/",
    "/news/",
    "/news/?country=uz&programme=programme&year=2016",
    "/news/story/",
    "/bulletins/",
    "/bulletins/edition/",
    "/events/",
    "/events/?q=training&country=kz&country=uz&kind=training&year=2016&programme=programme&donor=donor",
    "/events/event/",
    "/facilities/",
    "/facilities/?country=uz&kind=pcu&programme=programme",
    "/facilities/facility/",
    "/programmes/",
    "/programmes/programme/",
    "/donors/",
    "/donors/donor/",
    "/donors/donor/report/",
    "/donors/donor/report/?from=2015&to=2016",
    "/countries/",
    "/countries/uz/",
    "/organisations/",
    "/organisations/donor/",
    "/search/?q=training",
    "/news/feed/",
    "/events/feed/?country=uz",
    "/countries/uz/feed/",
    "/programmes/programme/feed/atom/",
    "/sitemap.xml",
    "/themes/",
    "/themes/theme/",
    "/themes/theme/feed/",
    "/news/?theme=theme&country=uz",
    "/events/?theme=theme&country=uz",
    "/events/?country=uz&mode=hybrid&mode=online",
    "/events/?series=series",
    "/publications/",
    "/publications/?theme=theme&country=uz&programme=programme&year=2016",
    "/publications/?q=situation",
    "/publications/publication/",
    "/publications/feed/?theme=theme",
    "/sitemap-publications.xml",
    "/sitemap-themes.xml",
    "/results/",
    "/results/?theme=theme&country=uz&programme=programme&year=2016",
    "/results/?indicator=indicator",
]


def queries_for(client, path):
    """(status, number of queries, response) of a request for `path`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, len(captured), response


def measured_with_1_and_50_rows(django_db_blocker, stamp_dir, paths):
    """{path: (queries_for() with 1 row of everything, the same with 50)} for each of `paths`,
    or the error a request for it raised. The World is built once for all of a module's pages:
    building it is what each such test spent its time on. Pages are worked out afresh (the
    budget is the page's own work, counting included, not a cache hit), nothing is limited by
    rate (every request comes from one client), and the data are rolled back at the end, their
    constraints checked first, as a test's are."""
    client = PortalClient()

    def measure(path):
        # In a savepoint of its own (not counted): a database error of one page leaves the
        # transaction usable for the others.
        try:
            with transaction.atomic():
                return queries_for(client, path)
        except Exception as error:  # the page's own test raises it
            return error

    try:
        with (
            django_db_blocker.unblock(),
            isolated(stamp_dir),
            override_settings(PAGE_CACHE_SECONDS=0, COUNT_CACHE_SECONDS=0, RATE_LIMITS={"api": 0, "exports": 0}),
            transaction.atomic(),
        ):
            # What every test's data start with (tests/conftest.py): the kinds of event and roles.
            create_reference_terms()
            add_russian_names()
            world = World()
            world.add(1)
            with_one = {path: measure(path) for path in paths}
            world.add(49)
            answers = {path: (with_one[path], measure(path)) for path in paths}
            if not connection.needs_rollback:
                connection.check_constraints()
            transaction.set_rollback(True)
    finally:
        translation.deactivate()
    return answers


def measured(answers):
    """The two answers of a path from measured_with_1_and_50_rows(); the error one raised."""
    for answer in answers:
        if isinstance(answer, Exception):
            raise answer
    return answers


@pytest.fixture(scope="module")
def pages_with_1_and_50_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    return measured_with_1_and_50_rows(django_db_blocker, tmp_path_factory.mktemp("stamp"), PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_the_same_queries_with_1_or_50_rows(pages_with_1_and_50_rows, path):
    (status_one, with_one, _), (status_fifty, with_fifty, _) = measured(pages_with_1_and_50_rows[path])
    assert (status_one, status_fifty) == (200, 200), path
    assert with_fifty == with_one, f"{path}: {with_one} queries with 1 row, {with_fifty} with 50"


def as_its_page_reads_it(view_class, slug, rf):
    """The item of a detail page with what the page reads of it: the view's row, then what the
    page's body prefetches (ShowsRowsMixin.part_prefetches())."""
    view = view_class(request=rf.get("/"), kwargs={"slug": slug})
    view.request.user = type("Anonymous", (), {"is_staff": False})()
    item = view.get_queryset().get(slug=slug)
    prefetch_related_objects([item], *view.part_prefetches())
    return item


def test_story_page_reads_related_data_from_its_prefetch(rf):
    world = World()
    world.add(5)
    story = as_its_page_reads_it(StoryDetailView, "story", rf)
    with CaptureQueriesContext(connection) as captured:
        names = [c.name for c in story.countries.all()]
        events = [(e.title, e.kind.name, e.host_country.name) for e in story.events.all()]
        facilities = [(f.name, f.country.name) for f in story.facilities.all()]
        quotes = [(q.text, q.person.name, q.position_at_the_time, q.person.organisation) for q in story.quotes.all()]
        figures = [(r.display_value, str(r.when), r.programme.title) for r in story.results.all()]
        edition = story.bulletin.title
        signature = (story.signed_by.name, story.signed_by_position)
    assert len(captured) == 0
    assert names and events and facilities and quotes and figures and edition and signature


def test_edition_page_reads_its_stories_signatures_from_its_prefetch(rf):
    world = World()
    world.add(5)
    view = BulletinDetailView(request=rf.get("/"), kwargs={"slug": "edition"})
    view.request.user = type("Anonymous", (), {"is_staff": False})()
    edition = view.get_queryset().get(slug="edition")
    with CaptureQueriesContext(connection) as captured:
        signatures = [(s.signed_by.name, s.signed_by_position) for s in edition.published_stories if s.signed_by_id]
        bylines = [s.byline for s in edition.published_stories if s.byline]
    assert len(captured) == 0
    assert len(signatures) == 4 and len(bylines) == 2


def test_event_page_reads_related_data_from_its_prefetch(rf):
    world = World()
    world.add(5)
    event = as_its_page_reads_it(EventDetailView, "event", rf)
    with CaptureQueriesContext(connection) as captured:
        organisations = [(p.organisation.name, p.role.name) for p in event.participations.all()]
        kind = event.kind.name
        countries = [c.name for c in event.countries.all()]
        side_events = [e.title for e in event.side_events.all()]
        places = [(p.city, p.country.name) for p in event.places.all()] + [event.place]
        sessions = [(e.title, e.place, e.kind.name) for e in event.other_sessions]
        follow_ups = [e.title for e in event.follow_ups.all()] + [event.series.title]
        quotes = [(q.text, q.person.name, q.story.title) for q in event.quotes.all()]
        host = event.host_country.name
    assert len(captured) == 0
    assert organisations and countries and side_events and quotes and host and kind
    assert places and sessions and follow_ups


def test_list_cards_read_countries_from_their_prefetch():
    world = World()
    world.add(5)
    stories = list(Story.objects.published().for_cards())
    events = list(Event.objects.published().for_cards())
    with CaptureQueriesContext(connection) as captured:
        for story in stories:
            [country.name for country in story.countries.all()]
            story.when  # noqa: B018 - reads the edition
        for event in events:
            [country.name for country in event.countries.all()]
            event.place  # noqa: B018 - reads the host country and the other places
    assert len(captured) == 0
    assert Country.objects.count() == len(COUNTRY_CODES)
    assert any(" and " in event.place for event in events)


def test_publication_page_reads_related_data_from_its_prefetch(rf):
    world = World()
    world.add(5)
    publication = as_its_page_reads_it(PublicationDetailView, "publication", rf)
    with CaptureQueriesContext(connection) as captured:
        countries = [c.name for c in publication.countries.all()]
        themes = [t.name for t in publication.themes.all()]
        programmes = [(p.title, p.parent) for p in publication.programmes.all()]
        events = [(e.title, e.host_country.name) for e in publication.events.all()]
    assert len(captured) == 0
    assert countries and themes and programmes and events


def test_theme_tags_of_story_and_event_pages_come_from_their_prefetch(rf):
    world = World()
    world.add(5)
    for view_class, slug in ((StoryDetailView, "story"), (EventDetailView, "event")):
        item = as_its_page_reads_it(view_class, slug, rf)
        with CaptureQueriesContext(connection) as captured:
            themes = [theme.name for theme in item.themes.all()]
            if view_class is EventDetailView:
                themes += [p.title for p in item.publications.all()]
        assert len(captured) == 0
        assert themes
