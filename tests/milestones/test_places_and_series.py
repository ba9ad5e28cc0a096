"""Events online, hybrid or in several places, and events that belong together (issue 16, items 4
and 5): a training run online with a partner's agency, working groups that met in Almaty and in
Bishkek, a seminar for the Southern Caucasus, the sessions of a series, a training after a
handover."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from milestones.models import AttendanceMode, Event
from tests.factories import CountryFactory, EventFactory, EventPlaceFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db


def absolute(path):
    return f"https://example.org{path}"


@pytest.fixture
def countries():
    return {
        "kz": CountryFactory(iso2="kz", name="Kazakhstan"),
        "kg": CountryFactory(iso2="kg", name="Kyrgyzstan"),
        "uz": CountryFactory(iso2="uz", name="Uzbekistan"),
    }


def titles(response):
    return [event.title for event in response.context["events"]]


def facet(response, name):
    return {facet.name: facet for facet in response.context["facets"]}.get(name)


# --- Attendance ----------------------------------------------------------------------------------


def test_existing_events_were_held_in_person():
    assert EventFactory().attendance_mode == AttendanceMode.IN_PERSON


def test_an_online_event_needs_no_city_and_says_where_it_was_run_from(client, countries):
    event = EventFactory(
        title="Online training on darknet investigations",
        attendance_mode=AttendanceMode.ONLINE,
        city="",
        host_country=countries["kz"],
    )
    event.full_clean()
    assert event.place == "Online, from Kazakhstan"
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<dt>Attendance</dt><dd>Online</dd>" in page
    assert "Online, from" in page
    assert "Online, from Kazakhstan" in client.get("/events/").content.decode()


def test_a_hybrid_event_is_in_its_place_and_online():
    event = EventFactory(attendance_mode=AttendanceMode.HYBRID, city="Dushanbe", host_country__name="Tajikistan")
    assert event.place == "Dushanbe, Tajikistan and online"


def test_an_unknown_attendance_mode_is_refused():
    event = EventFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(attendance_mode="by-post")


def test_the_mode_filter_takes_several_values_with_counts(client):
    EventFactory(title="In the room")
    EventFactory(title="Online only", attendance_mode=AttendanceMode.ONLINE)
    EventFactory(title="Both", attendance_mode=AttendanceMode.HYBRID)
    response = client.get("/events/?mode=hybrid&mode=online")
    assert sorted(titles(response)) == ["Both", "Online only"]
    options = [(option.value, option.count, option.selected) for option in facet(response, "mode").options]
    assert options == [("in-person", 1, False), ("online", 1, True), ("hybrid", 1, True)]
    assert titles(client.get("/events/?mode=in-person")) == ["In the room"]


def test_the_mode_filter_comes_after_the_kind_in_canonical_addresses(client):
    response = client.get("/events/?mode=online&kind=training")
    assert response.status_code == 302
    assert response["Location"] == "/events/?kind=training&mode=online"


def test_the_mode_facet_is_left_out_while_every_event_was_held_in_person(client, settings):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0  # the same address twice
    EventFactory()
    assert facet(client.get("/events/"), "mode") is None
    assert facet(client.get("/events/?kind=opening"), "mode") is None  # no results, no options
    EventFactory(attendance_mode=AttendanceMode.ONLINE)
    assert facet(client.get("/events/"), "mode") is not None


def test_structured_data_of_an_event_in_one_place_is_as_before(countries):
    event = EventFactory(venue="Rixos", city="Almaty", host_country=countries["kz"])
    data = event.schema_org(absolute)
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Rixos",
        "address": {"@type": "PostalAddress", "addressLocality": "Almaty", "addressCountry": "KZ"},
    }
    assert list(data) == [
        "@context", "@type", "name", "description", "inLanguage", "url", "startDate", "endDate",
        "eventStatus", "eventAttendanceMode", "location",
    ]  # fmt: skip


def test_structured_data_of_an_online_event_has_a_virtual_location(countries):
    event = EventFactory(attendance_mode=AttendanceMode.ONLINE, city="", host_country=countries["kz"])
    data = event.schema_org(absolute)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": absolute(event.get_absolute_url())}


def test_structured_data_of_a_hybrid_event_in_two_cities_names_all_three_locations(countries):
    event = EventFactory(attendance_mode=AttendanceMode.HYBRID, city="Almaty", host_country=countries["kz"])
    EventPlaceFactory(event=event, city="Bishkek", country=countries["kg"])
    data = event.schema_org(absolute)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [(place["@type"], place.get("address", {}).get("addressCountry")) for place in data["location"]] == [
        ("Place", "KZ"),
        ("Place", "KG"),
        ("VirtualLocation", None),
    ]


# --- Several places, a region --------------------------------------------------------------------


def test_an_event_in_two_cities_names_both_in_words(client, countries):
    event = EventFactory(title="Expert working groups", city="Almaty", host_country=countries["kz"])
    EventPlaceFactory(event=event, city="Bishkek", country=countries["kg"])
    assert event.place == "Almaty, Kazakhstan and Bishkek, Kyrgyzstan"
    assert "Almaty, Kazakhstan and Bishkek, Kyrgyzstan" in client.get("/events/").content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<a href="/countries/kz/">Kazakhstan</a> and Bishkek, <a href="/countries/kg/">Kyrgyzstan</a>' in page


def test_three_places_are_parted_by_semicolons(countries):
    event = EventFactory(city="Almaty", host_country=countries["kz"])
    EventPlaceFactory(event=event, city="Bishkek", country=countries["kg"], order=1)
    EventPlaceFactory(event=event, city="Osh", country=countries["kg"], order=2)
    assert event.place == "Almaty, Kazakhstan; Bishkek, Kyrgyzstan and Osh, Kyrgyzstan"


def test_a_place_named_twice_for_one_event_is_refused(countries):
    event = EventFactory()
    EventPlaceFactory(event=event, city="Bishkek", country=countries["kg"])
    with transaction.atomic(), pytest.raises(IntegrityError):
        EventPlaceFactory(event=event, city="Bishkek", country=countries["kg"])


def test_a_region_is_shown_with_the_countries_it_concerns(client, countries):
    event = EventFactory(region="northern regions of Kyrgyzstan", host_country=countries["kz"])
    event.countries.add(countries["kg"])
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<dd>northern regions of Kyrgyzstan: <a href="/countries/kg/">Kyrgyzstan</a></dd>' in page
    assert "for northern regions of Kyrgyzstan" in client.get("/events/").content.decode()
    assert titles(client.get("/events/?country=kg")) == [event.title]


def admin_event_form(countries, **fields):
    """What the admin's event form sends, with one further place in Bishkek."""
    return {
        "title": "Working group on precursors",
        "slug": "working-group-on-precursors",
        "kind": "meeting",
        "start_date": "2016-05-12",
        "date_precision": "day",
        "attendance_mode": "in-person",
        "city": "Almaty",
        "host_country": countries["kz"].pk,
        "participant_count_qualifier": "exact",
        "status": "draft",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-0-city": "Bishkek",
        "places-0-country": countries["kg"].pk,
        "places-0-order": "1",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        **fields,
    }


def test_the_admin_makes_the_other_places_countries_concerned(admin_client, client, countries):
    response = admin_client.post("/admin/milestones/event/add/", admin_event_form(countries))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="working-group-on-precursors")
    assert [country.iso2 for country in event.countries.all()] == ["kg"]
    Event.objects.filter(pk=event.pk).update(
        status="published", published_at=datetime.datetime(2016, 6, 1, tzinfo=datetime.UTC)
    )
    client.logout()
    assert titles(client.get("/events/?country=kg")) == ["Working group on precursors"]
    assert titles(client.get("/events/?country=kz")) == ["Working group on precursors"]


# --- Series and follow-ups -----------------------------------------------------------------------


def test_sessions_of_a_series_link_to_each_other_when_published(client, countries):
    series = EventSeriesFactory(title="Expert working group", slug="expert-working-group")
    first = EventFactory(title="First meeting", series=series, start_date=datetime.date(2016, 3, 1))
    second = EventFactory(title="Second meeting", series=series, start_date=datetime.date(2016, 9, 1))
    EventFactory(title="Draft third meeting", series=series, status="draft")
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Other sessions of this series" in page
    assert f'<a href="{second.get_absolute_url()}">Second meeting</a>' in page
    assert "Draft third meeting" not in page
    assert '<a href="/events/?series=expert-working-group">Expert working group</a>' in page
    assert sorted(titles(client.get(series.get_absolute_url()))) == ["First meeting", "Second meeting"]


def test_a_session_alone_in_its_series_lists_no_others(client):
    event = EventFactory(series=EventSeriesFactory())
    assert "Other sessions of this series" not in client.get(event.get_absolute_url()).content.decode()


def test_a_follow_up_and_what_it_follows_link_both_ways(client):
    handover = EventFactory(title="Handover of equipment to the PCU", kind_id="handover")
    training = EventFactory(title="Training on the new equipment", follows=handover)
    assert (
        f'<dt>Follows</dt><dd><a href="{handover.get_absolute_url()}">Handover of equipment to the PCU</a></dd>'
        in client.get(training.get_absolute_url()).content.decode()
    )
    assert (
        f'<dt>Follow-up</dt><dd><a href="{training.get_absolute_url()}">Training on the new equipment</a></dd>'
        in client.get(handover.get_absolute_url()).content.decode()
    )


def test_unpublished_events_are_not_linked_as_follow_ups_or_followed(client):
    draft = EventFactory(title="Draft handover", status="draft")
    training = EventFactory(title="Training", follows=draft)
    EventFactory(title="Draft follow-up", status="draft", follows=training)
    page = client.get(training.get_absolute_url()).content.decode()
    assert "Draft handover" not in page and "Draft follow-up" not in page
    assert "<dt>Follows</dt>" not in page and "<dt>Follow-up</dt>" not in page


def test_an_event_cannot_follow_itself():
    event = EventFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(follows=event.pk)


def test_a_series_in_use_cannot_be_deleted():
    from django.db.models import ProtectedError

    series = EventSeriesFactory()
    EventFactory(series=series)
    with pytest.raises(ProtectedError):
        series.delete()


def test_the_admin_offers_series_and_follow_ups(admin_client):
    page = admin_client.get("/admin/milestones/event/add/").content.decode()
    assert 'name="series"' in page and 'name="follows"' in page and 'name="places-TOTAL_FORMS"' in page
    assert admin_client.get("/admin/milestones/eventseries/").status_code == 200


def test_the_series_list_counts_each_series_sessions(admin_client):
    series = EventSeriesFactory(title="Working group")
    EventFactory(series=series)
    EventFactory(series=series)
    page = admin_client.get("/admin/milestones/eventseries/").content.decode()
    assert '<td class="field-item_count">2</td>' in page
