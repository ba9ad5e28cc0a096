"""The API's lists keep their items as the pages keep their cards (unodc_portal/api.py,
KeptItemsList): after a save, only the items that changed are read and given again. And never
wrong: each kind of change an item shows is in the next answer."""

import datetime
from unittest import mock

import pytest
from django.urls import set_script_prefix
from django.utils import timezone

from milestones.models import Status
from milestones.serializers import EventSerializer, StorySerializer
from programmes.models import Country, Organisation, Programme
from tests.factories import (
    BulletinFactory,
    CountryFactory,
    EventFactory,
    EventOrganisationFactory,
    EventPlaceFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StoryFactory,
)
from tests.noted import noted_calls

pytestmark = pytest.mark.django_db(transaction=True)  # versions start when changes commit


@pytest.fixture(autouse=True)
def _answers_made_each_time(settings):
    """The page cache off: every request makes its answer, from kept items and counts."""
    settings.PAGE_CACHE_SECONDS = 0


def given(monkeypatch, serializer_class):
    """A function giving the pks of the items `serializer_class` gave since it was last called."""
    return noted_calls(monkeypatch, serializer_class, "to_representation", lambda serializer, item: item.pk)


@pytest.fixture
def events_given(monkeypatch):
    return given(monkeypatch, EventSerializer)


@pytest.fixture
def stories_given(monkeypatch):
    return given(monkeypatch, StorySerializer)


def items(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response.json()["results"]


def item(client, slug, path="/api/v1/events/"):
    return next(found for found in items(client, path) if found["slug"] == slug)


def test_a_saved_event_is_the_only_item_given_again(client, events_given):
    events = [EventFactory(title=f"Event {n}", slug=f"event-{n}") for n in range(4)]
    first = items(client, "/api/v1/events/")
    assert sorted(events_given()) == sorted(event.pk for event in events)
    assert items(client, "/api/v1/events/") == first
    assert events_given() == []

    events[2].title = "Event two, corrected"
    events[2].save()
    answer = items(client, "/api/v1/events/")
    assert events_given() == [events[2].pk]
    assert [found["slug"] for found in answer] == [found["slug"] for found in first]
    titles = {found["slug"]: found["title"] for found in answer}
    assert titles == {
        "event-0": "Event 0",
        "event-1": "Event 1",
        "event-2": "Event two, corrected",
        "event-3": "Event 3",
    }


def test_a_filtered_list_keeps_its_items_too(client, events_given):
    uzbekistan = CountryFactory(iso2="uz")
    event = EventFactory(kind_id="training", host_country=uzbekistan, title="Training")
    event.countries.add(uzbekistan)
    path = "/api/v1/events/?country=uz&kind=training"
    assert [found["title"] for found in items(client, path)] == ["Training"]
    events_given()
    assert [found["title"] for found in items(client, path)] == ["Training"]
    assert events_given() == []


# Each kind of change an event's item shows, made as an editor would make it; the next answer
# shows it. The event is a side event of a main event and follows up an earlier one.


def rename_the_main_event(event):
    event.parent.title = "Main event, renamed"
    event.parent.save()
    return lambda found: found["part_of"]["title"] == "Main event, renamed"


def withdraw_the_main_event(event):
    event.parent.status = Status.DRAFT
    event.parent.save()
    return lambda found: found["part_of"] is None


def rename_the_earlier_event(event):
    event.follows.title = "Earlier event, renamed"
    event.follows.save(update_fields=["title"])
    return lambda found: found["follows"]["title"] == "Earlier event, renamed"


def add_a_place(event):
    EventPlaceFactory(event=event, city="Osh", country=Country.objects.get(iso2="kg"))
    return lambda found: [place["city"] for place in found["other_places"]] == ["Osh"]


def add_an_organisation(event):
    EventOrganisationFactory(event=event, organisation=Organisation.objects.get(name="Border Service"))
    return lambda found: [taking["organisation"]["name"] for taking in found["organisations"]] == ["Border Service"]


def link_a_programme(event):
    Programme.objects.get(title="Border programme").events.add(event)
    return lambda found: [programme["title"] for programme in found["programmes"]] == ["Border programme"]


def rename_the_country(event):
    country = Country.objects.get(iso2="uz")
    country.name = "Republic of Uzbekistan"
    country.save()
    return lambda found: found["host_country"]["name"] == "Republic of Uzbekistan"


@pytest.mark.parametrize(
    "change",
    [
        rename_the_main_event,
        withdraw_the_main_event,
        rename_the_earlier_event,
        add_a_place,
        add_an_organisation,
        link_a_programme,
        rename_the_country,
    ],
)
def test_an_events_item_shows_every_kind_of_change(client, events_given, change):
    uzbekistan = CountryFactory(iso2="uz", name="Uzbekistan")
    # Made before the first answer: a new row of reference data is a change of every item too.
    CountryFactory(iso2="kg", name="Kyrgyzstan")
    OrganisationFactory(name="Border Service")
    ProgrammeFactory(title="Border programme")
    main = EventFactory(title="Main event", slug="main")
    earlier = EventFactory(title="Earlier event", slug="earlier")
    EventFactory(title="Side event", slug="side", parent=main, follows=earlier, host_country=uzbekistan)
    before = item(client, "side")
    assert before["part_of"]["title"] == "Main event" and before["follows"]["title"] == "Earlier event"
    events_given()
    assert item(client, "side") == before
    assert events_given() == []  # kept

    shows_it = change(EventFactory._meta.model.objects.get(slug="side"))
    assert shows_it(item(client, "side"))


def test_an_events_item_shows_its_main_event_the_moment_the_main_events_time_comes(client, events_given):
    at = timezone.now() + datetime.timedelta(minutes=30)
    main = EventFactory(title="Main event", slug="main", published_at=at)
    side = EventFactory(title="Side event", slug="side", parent=main)
    assert item(client, "side")["part_of"] is None
    assert events_given() == [side.pk]
    assert item(client, "side")["part_of"] is None
    assert events_given() == []  # kept so
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        assert item(client, "side")["part_of"]["title"] == "Main event"


def test_an_item_made_as_its_main_events_time_came_is_not_kept(client):
    at = timezone.now() + datetime.timedelta(minutes=30)
    main = EventFactory(title="Main event", slug="main", published_at=at)
    EventFactory(title="Side event", slug="side", parent=main)
    clock = [at - datetime.timedelta(seconds=1)]
    real = EventSerializer.to_representation

    def made_as_the_time_comes(self, event):
        made = real(self, event)
        clock[0] = at + datetime.timedelta(seconds=1)
        return made

    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock[0]):
        with mock.patch.object(EventSerializer, "to_representation", made_as_the_time_comes):
            assert item(client, "side")["part_of"] is None  # made before its time
        assert item(client, "side")["part_of"]["title"] == "Main event"


def test_a_storys_item_shows_its_edition_the_moment_the_editions_time_comes(client, stories_given):
    at = timezone.now() + datetime.timedelta(minutes=30)
    bulletin = BulletinFactory(title="Milestones No. 9", published_at=at)
    StoryFactory(title="Lead story", slug="lead", bulletin=bulletin, position=1)
    before = item(client, "lead", "/api/v1/stories/")
    assert before["bulletin"] is None and before["position"] is None
    assert item(client, "lead", "/api/v1/stories/") == before and stories_given() == [before["id"]]
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        after = item(client, "lead", "/api/v1/stories/")
    assert after["bulletin"]["title"] == "Milestones No. 9" and after["position"] == 1


def test_items_are_kept_for_each_host_they_name(client):
    EventFactory(slug="event")
    assert item(client, "event")["url"] == "http://testserver/api/v1/events/event/"
    other_host = items(client, "/api/v1/events/", HTTP_HOST="localhost")
    assert other_host[0]["url"] == "http://localhost/api/v1/events/event/"
    assert other_host[0]["page_url"] == "http://localhost/events/event/"
    assert items(client, "/api/v1/events/", secure=True)[0]["url"] == "https://testserver/api/v1/events/event/"


def test_items_are_kept_for_each_script_prefix_they_name(client):
    """Behind a proxy that serves the portal under /portal/ (SCRIPT_NAME), which sets the prefix
    (Django's WSGI handler; the test client does not)."""
    EventFactory(slug="event")
    assert item(client, "event")["url"] == "http://testserver/api/v1/events/event/"
    set_script_prefix("/portal/")
    try:
        under_a_prefix = items(client, "/api/v1/events/")
    finally:
        set_script_prefix("/")
    assert under_a_prefix[0]["url"] == "http://testserver/portal/api/v1/events/event/"
