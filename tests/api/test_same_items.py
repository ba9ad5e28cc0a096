"""The API's lists give the items of the site's lists, in their order, for the same filters: the
HTML list (every page of it, from its context), its CSV file and /api/v1/ (every page, following
`next`) are compared for 20 combinations of filters."""

import datetime

import pytest

from tests.factories import EventFactory
from tests.test_exports import World, csv_rows, export_of, listed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # The lists' contexts are read: a page answered by the fast lane has none.
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0


@pytest.fixture
def world():
    """The exports' world, with three trainings in Uzbekistan in 2016 (the issue's example)."""
    world = World()
    for day in (3, 9, 21):
        EventFactory(
            slug=f"uz-training-{day}",
            kind_id="training",
            start_date=datetime.date(2016, 5, day),
            date_precision="day",
            host_country=world.uz,
        )
    return world


def api_of(path):
    """/events/?country=uz -> /api/v1/events/?country=uz (the news list is /api/v1/stories/)."""
    return "/api/v1" + path.replace("/news/", "/stories/", 1)


def api_ids(client, path):
    """The ids of every item of an API list, page after page."""
    ids = []
    address = path
    while address:
        response = client.get(address)
        assert response.status_code == 200, (address, response.content[:300])
        data = response.json()
        ids += [item["id"] for item in data["results"]]
        address = data["next"]
    return ids


COMBINATIONS = [
    ("/events/", "events"),
    ("/events/?country=uz", "events"),
    ("/events/?country=kz&country=uz", "events"),
    ("/events/?kind=training", "events"),
    ("/events/?country=uz&kind=training&year=2016", "events"),
    ("/events/?year=2016", "events"),
    ("/events/?programme=programme", "events"),
    ("/events/?donor=donor", "events"),
    ("/events/?theme=theme", "events"),
    ("/events/?mode=online", "events"),
    ("/events/?series=series", "events"),
    ("/events/?date_from=2016-03-01&date_to=2016-10-31", "events"),
    ("/events/?q=Dushanbe", "events"),
    ("/events/?theme=theme&country=uz&mode=hybrid&mode=online", "events"),
    ("/news/", "stories"),
    ("/news/?country=uz", "stories"),
    ("/news/?programme=programme&year=2016", "stories"),
    ("/news/?theme=theme&bulletin=edition", "stories"),
    ("/facilities/?country=uz&kind=pcu", "facilities"),
    ("/facilities/?programme=programme&status=operational", "facilities"),
]


@pytest.mark.parametrize(("path", "name"), COMBINATIONS)
def test_api_html_and_csv_give_the_same_items_in_the_same_order(client, world, path, name):
    on_the_page = [item.pk for item in listed(client, path, name)]
    in_the_file = [int(row["id"]) for row in csv_rows(client.get(export_of(path), follow=True))]
    in_the_api = api_ids(client, api_of(path))
    assert in_the_api == on_the_page == in_the_file
    assert on_the_page, f"{path} lists nothing: the comparison would prove nothing"


def test_the_combinations_page_through_more_than_one_page_of_the_api(client, world):
    first = client.get("/api/v1/events/").json()
    assert first["count"] == 48 and len(first["results"]) == 20 and first["next"]
    assert len(api_ids(client, "/api/v1/events/?page_size=7")) == 48


def test_donors_are_the_donors_of_the_page_in_its_order(client, world):
    expected = [donor.pk for donor in client.get("/donors/").context["donors"]]
    assert api_ids(client, "/api/v1/donors/") == expected


def test_organisations_are_those_of_the_page_in_its_order(client, world):
    expected = [item.pk for item in client.get("/organisations/").context["organisations"]]
    assert api_ids(client, "/api/v1/organisations/?page_size=100") == expected


@pytest.mark.parametrize("query", ["", "?year=2016", "?country=uz"])
def test_quotes_and_people_are_those_of_their_pages_in_their_order(client, world, query):
    """/api/v1/quotes/ and /api/v1/people/ take the filters of /quotes/ and /people/ and list what
    they list: quotes of published stories, people quoted in or signing one."""
    from tests.factories import PersonFactory, QuoteFactory, StoryFactory

    for number, country in enumerate([world.uz, world.kz, world.uz]):
        story = StoryFactory(
            slug=f"quoted-{number}", published_at=datetime.datetime(2016, 5, 1 + number, tzinfo=datetime.UTC)
        )
        story.countries.add(country)
        QuoteFactory(story=story, person=PersonFactory(slug=f"speaker-{number}", name=f"Speaker {number}"))
    draft = StoryFactory(slug="draft", status="draft")
    QuoteFactory(story=draft, person=PersonFactory(slug="only-in-a-draft", name="Only in a draft"))

    quotes = [quote.pk for quote in listed(client, f"/quotes/{query}", "quotes")]
    people = [person.pk for person in listed(client, f"/people/{query}", "people")]
    assert quotes and people
    assert api_ids(client, f"/api/v1/quotes/{query}") == quotes
    assert api_ids(client, f"/api/v1/people/{query}") == people
    assert "only-in-a-draft" not in client.get("/api/v1/people/?page_size=100").content.decode()
