"""Addresses nobody links to leave nothing in the cache (issue 14, item 6): unknown parameters,
repeats and other orders are redirected to the one canonical address, and only pages that exist
are stored. Counted in Redis, as production stores pages."""

import re

import pytest
import redis
from django.core.cache import cache

from tests import local_redis
from tests.factories import CountryFactory, EventFactory, StoryFactory
from tests.portal_client import PortalClient as Client

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_DATABASE = local_redis.CACHE_ENTRIES


@pytest.fixture
def redis_entries(settings):
    """The production cache, Redis (a database of its own, emptied before and after); returns a
    function counting the entries in it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "unodc_portal.redis_cache.ReusedClientRedisCache",
            "LOCATION": local_redis.url(REDIS_DATABASE),
        }
    }
    cache.clear()
    server = redis.Redis.from_url(local_redis.url(REDIS_DATABASE))
    yield server.dbsize
    cache.clear()


@pytest.fixture
def events_in_uzbekistan(db):
    uz = CountryFactory(iso2="uz")
    EventFactory(title="Training in Tashkent", host_country=uz, kind_id="training")
    StoryFactory(slug="aktau", title="Aktau unit opened")


def test_a_thousand_unknown_parameters_add_no_entries(events_in_uzbekistan, redis_entries):
    client = Client()
    assert client.get("/events/?country=uz").status_code == 200
    before = redis_entries()
    for number in range(1000):
        response = client.get(f"/events/?country=uz&x={number}")
        assert (response.status_code, response["Location"]) == (302, "/events/?country=uz")
    assert redis_entries() == before


@pytest.mark.parametrize(
    "junk",
    [
        "country=uz&country=uz&kind=training",  # a repeat
        "kind=training&country=uz",  # another order
        "country=uz&kind=training&q=",  # an empty value
        "country=uz&kind=training&page=",
        "country=uz&kind=training&utm_source=newsletter",
        "country=UZ&kind=training",  # values as the page reads them
        "country=uz+&kind=+training",
        "country=uz&kind=training&page=",
    ],
)
def test_variants_of_an_address_are_redirected_to_the_canonical_one(events_in_uzbekistan, redis_entries, junk):
    client = Client()
    assert client.get("/events/?country=uz&kind=training").status_code == 200
    before = redis_entries()
    response = client.get(f"/events/?{junk}")
    assert (response.status_code, response["Location"]) == (302, "/events/?country=uz&kind=training")
    assert "private" in response["Cache-Control"]  # no shared cache keeps it either
    assert redis_entries() == before


@pytest.mark.parametrize(
    ("junk", "canonical"),
    [
        ("/events/?page=01", "/events/?page=1"),
        ("/events/?page=%2B1", "/events/?page=1"),
        ("/events/?page=%D9%A1", "/events/?page=1"),  # an Arabic-Indic one
        ("/events/?date_from=2016-1-5", "/events/?date_from=2016-01-05"),
        ("/search/?q=+border++training+", "/search/?q=border+training"),
        ("/sitemap-news.xml?p=01", "/sitemap-news.xml?p=1"),
    ],
)
def test_numbers_dates_and_spaces_are_written_one_way(events_in_uzbekistan, redis_entries, junk, canonical):
    client = Client()
    response = client.get(junk)
    assert (response.status_code, response["Location"]) == (302, canonical)
    assert client.get(canonical).status_code == 200


def test_addresses_the_cache_never_stores_are_left_alone(events_in_uzbekistan):
    assert Client().get("/healthz?check=1").status_code == 200


def test_the_canonical_address_is_served_as_it_is(events_in_uzbekistan, redis_entries):
    response = Client().get("/events/?country=uz&kind=training")
    assert response.status_code == 200
    assert "Training in Tashkent" in response.content.decode()


def test_values_no_option_has_are_shown_with_a_message_and_not_stored(events_in_uzbekistan, redis_entries):
    client = Client()
    client.get("/events/")
    before = redis_entries()
    for number in range(50):
        response = client.get(f"/events/?country=x{number}")
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert client.get(f"/events/feed/?country=x{number}").status_code == 200
    assert redis_entries() == before


def test_addresses_of_no_page_are_not_stored(events_in_uzbekistan, redis_entries):
    client = Client()
    client.get("/news/")
    before = redis_entries()
    for number in range(50):
        assert client.get(f"/news/no-such-story-{number}/").status_code == 404
        assert client.get(f"/news/aktau?{number}").status_code in (301, 302)  # to the address with a slash
    assert redis_entries() == before


def test_pages_that_read_parameters_keep_them(events_in_uzbekistan, redis_entries):
    client = Client()
    assert client.get("/search/?q=aktau").status_code == 200
    assert client.get("/events/?country=uz&page=1").status_code == 200
    assert client.get("/sitemap-news.xml?p=1").status_code == 200
    assert client.get("/news/feed/?country=uz").status_code == 200


def test_the_filter_form_asks_for_canonical_addresses(events_in_uzbekistan):
    """The form sends the search box, the facets in their order, then the dates: with the empty
    fields left out (as its script does), a reader's choice of one option each is never
    redirected."""
    kz = CountryFactory(iso2="kz", name="Kazakhstan")
    EventFactory(host_country=kz, kind_id="forum")
    page = Client().get("/events/").content.decode()
    names = re.findall(r'<input[^>]* name="(\w+)"', page)
    assert list(dict.fromkeys(names)) == ["q", "country", "kind", "year", "date_from", "date_to"]
    response = Client().get("/events/?q=training&country=kz&kind=forum&year=2016&date_from=2016-01-01")
    assert response.status_code == 200
