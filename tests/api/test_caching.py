"""The API is cached as the pages are (unodc_portal/page_cache.py): stored for anonymous readers
under the content version, answered 304 to a reader who has it, and never stale after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milestones.models import Status
from tests.factories import CountryFactory, EventFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the cache follows changes when they commit


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/event/", "/api/v1/openapi.json"])
def test_an_answer_is_stored_and_a_reader_who_has_it_gets_a_304(client, path):
    EventFactory(slug="event")
    first = client.get(path)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    second = client.get(path)
    assert second["X-Cache"] == "hit" and second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert "Last-Modified" not in first  # the ETag alone vouches for it (middleware.ETagOnlyMiddleware)


def test_a_change_is_in_the_next_answer_even_to_a_reader_who_had_the_old_one(client):
    event = EventFactory(slug="event", title="Old title")
    first = client.get("/api/v1/events/")
    event.title = "New title"
    event.save()
    response = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    assert response.json()["results"][0]["title"] == "New title"
    assert response["ETag"] != first["ETag"]


def test_unpublishing_takes_an_item_out_of_the_api_at_once(client):
    event = EventFactory(slug="event")
    assert client.get("/api/v1/events/").json()["count"] == 1
    assert client.get("/api/v1/events/event/").status_code == 200
    event.status = Status.DRAFT
    event.save()
    assert client.get("/api/v1/events/").json()["count"] == 0
    assert client.get("/api/v1/events/event/").status_code == 404


def test_a_query_string_in_another_order_is_answered_but_not_stored(client):
    CountryFactory(iso2="uz")
    EventFactory(kind_id="training")
    canonical = client.get("/api/v1/events/?country=uz&kind=training")
    other = client.get("/api/v1/events/?kind=training&country=uz")
    assert other.status_code == 200 and other.content == canonical.content
    assert "private" in other["Cache-Control"]
    assert "X-Cache" not in client.get("/api/v1/events/?kind=training&country=uz")
    assert client.get("/api/v1/events/?country=uz&kind=training")["X-Cache"] == "hit"
    assert "X-Cache" not in client.get("/api/v1/events/?junk=1")


def test_errors_are_not_stored(client):
    for _ in range(2):
        response = client.get("/api/v1/events/?country=xx")
        assert response.status_code == 400 and "X-Cache" not in response


def count_queries(captured):
    return [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]


def test_a_filtered_list_is_counted_once_per_change_and_shares_the_pages_count(client, settings):
    """With the page cache off, as after a save: the total is remembered as the HTML list's is,
    under the same key, and a new event is counted on the next request."""
    settings.PAGE_CACHE_SECONDS = 0
    uzbekistan = CountryFactory(iso2="uz", name="Uzbekistan")
    for number in range(3):
        EventFactory(slug=f"event-{number}", host_country=uzbekistan)
    assert "3 results" in client.get("/events/?country=uz").content.decode()
    with CaptureQueriesContext(connection) as after_the_page:
        answer = client.get("/api/v1/events/?country=uz")
    assert answer.json()["count"] == 3
    assert count_queries(after_the_page.captured_queries) == []  # the page counted it
    EventFactory(slug="event-new", host_country=uzbekistan)
    with CaptureQueriesContext(connection) as after_a_save:
        answer = client.get("/api/v1/events/?country=uz&page_size=2")
    assert answer.json()["count"] == 4 and len(answer.json()["results"]) == 2
    assert count_queries(after_a_save.captured_queries)
    with CaptureQueriesContext(connection) as again:
        second_page = client.get("/api/v1/events/?country=uz&page=2&page_size=2").json()
    assert count_queries(again.captured_queries) == []
    assert second_page["count"] == 4 and second_page["next"] is None
    seen = {row["slug"] for row in answer.json()["results"] + second_page["results"]}
    assert seen == {"event-0", "event-1", "event-2", "event-new"}
