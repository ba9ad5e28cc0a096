"""The API's endpoints: what each item gives, what the public may not see, bad parameters, CORS."""

import datetime
from decimal import Decimal

import pytest

from milestones.models import Status
from tests.factories import (
    BulletinFactory,
    ContributionFactory,
    CountryFactory,
    EventFactory,
    FacilityFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    PublicationFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

FUTURE = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def listed_slugs(client, path):
    return [item.get("slug", item.get("id")) for item in get_json(client, path)["results"]]


@pytest.fixture
def items():
    uz = CountryFactory(iso2="uz", name_ru="Узбекистан")
    programme = ProgrammeFactory(slug="programme")
    donor = OrganisationFactory(slug="donor", name="Government of Japan")
    contribution = ContributionFactory(donor=donor, programme=programme)
    edition = BulletinFactory(slug="edition")
    story = StoryFactory(slug="story", bulletin=edition, position=1)
    story.countries.add(uz)
    story.contributions.add(contribution)
    event = EventFactory(slug="event", host_country=uz)
    story.events.add(event)
    person = PersonFactory(slug="person", organisation=donor)
    quote = QuoteFactory(story=story, person=person, event=event)
    figure = ResultFactory(story=story, programme=programme)
    return {
        "events": ("event", event),
        "stories": ("story", story),
        "editions": ("edition", edition),
        "publications": ("publication", PublicationFactory(slug="publication")),
        "programmes": ("programme", programme),
        "facilities": ("facility", FacilityFactory(slug="facility", country=uz)),
        "organisations": ("donor", donor),
        "contributions": (str(contribution.pk), contribution),
        "countries": ("uz", uz),
        "themes": ("theme", ThemeFactory(slug="theme")),
        "people": ("person", person),
        "quotes": (str(quote.pk), quote),
        "figures": (str(figure.pk), figure),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "events",
        "stories",
        "editions",
        "publications",
        "programmes",
        "facilities",
        "organisations",
        "contributions",
        "countries",
        "themes",
        "people",
        "quotes",
        "figures",
    ],
)
def test_detail_gives_the_item_with_its_own_address_and_its_page(client, items, kind):
    key, item = items[kind]
    data = get_json(client, f"/api/v1/{kind}/{key}/")
    assert data["id"] == item.pk
    assert data["url"] == f"http://testserver/api/v1/{kind}/{key}/"
    assert data["page_url"] == f"http://testserver{item.get_absolute_url()}"
    assert client.get(item.get_absolute_url().partition("#")[0]).status_code == 200
    # The list has it too, with the same fields.
    assert data in get_json(client, f"/api/v1/{kind}/")["results"] or kind in ("stories", "editions")


def test_links_lead_to_the_related_items_in_the_api(client, items):
    event = get_json(client, "/api/v1/events/event/")
    assert event["host_country"]["url"] == "http://testserver/api/v1/countries/uz/"
    assert get_json(client, event["host_country"]["url"].removeprefix("http://testserver"))["code"] == "uz"
    story = get_json(client, "/api/v1/stories/story/")
    assert story["bulletin"]["url"] == "http://testserver/api/v1/editions/edition/"
    assert [e["slug"] for e in story["events"]] == ["event"]
    contribution = items["contributions"][1]
    assert story["contributions"] == [f"http://testserver/api/v1/contributions/{contribution.pk}/"]
    quote = get_json(client, "/api/v1/quotes/")["results"][0]
    assert (quote["speaker"]["slug"], quote["story"]["slug"], quote["event"]["slug"]) == ("person", "story", "event")


def test_drafts_and_scheduled_items_never_appear(client):
    uz = CountryFactory(iso2="uz")
    EventFactory(slug="draft-event", status=Status.DRAFT, host_country=uz)
    EventFactory(slug="scheduled-event", published_at=FUTURE, host_country=uz)
    live = EventFactory(slug="live-event", host_country=uz)
    draft_story = StoryFactory(slug="draft-story", status=Status.IN_REVIEW)
    QuoteFactory(story=draft_story, text="Embargoed words.")
    ResultFactory(story=draft_story)
    BulletinFactory(slug="draft-edition", status=Status.DRAFT)
    PublicationFactory(slug="draft-publication", status=Status.DRAFT)
    StoryFactory(slug="scheduled-story", published_at=FUTURE)
    assert listed_slugs(client, "/api/v1/events/") == ["live-event"]
    assert listed_slugs(client, "/api/v1/stories/") == []
    assert listed_slugs(client, "/api/v1/editions/") == []
    assert listed_slugs(client, "/api/v1/publications/") == []
    assert get_json(client, "/api/v1/quotes/")["count"] == 0
    assert get_json(client, "/api/v1/figures/")["count"] == 0
    for path in (
        "/api/v1/events/draft-event/",
        "/api/v1/events/scheduled-event/",
        "/api/v1/stories/draft-story/",
        "/api/v1/stories/scheduled-story/",
        "/api/v1/editions/draft-edition/",
        "/api/v1/publications/draft-publication/",
    ):
        assert get_json(client, path, status=404)["detail"]
    assert live.pk in [item["id"] for item in get_json(client, "/api/v1/events/")["results"]]


def test_links_to_items_the_public_may_not_see_are_left_out(client):
    draft_event = EventFactory(slug="draft-event", status=Status.DRAFT)
    embargoed = BulletinFactory(slug="embargoed", published_at=FUTURE)
    story = StoryFactory(slug="story", bulletin=embargoed, position=3)
    story.events.add(draft_event, EventFactory(slug="live-event"))
    QuoteFactory(story=story, event=draft_event)
    ResultFactory(story=story, event=draft_event)
    EventFactory(slug="side-event", parent=draft_event, follows=draft_event)
    data = get_json(client, "/api/v1/stories/story/")
    assert (data["bulletin"], data["position"]) == (None, None)
    assert [event["slug"] for event in data["events"]] == ["live-event"]
    assert get_json(client, "/api/v1/quotes/")["results"][0]["event"] is None
    assert get_json(client, "/api/v1/figures/")["results"][0]["event"] is None
    side = get_json(client, "/api/v1/events/side-event/")
    assert (side["part_of"], side["follows"]) == (None, None)
    assert "embargoed" not in client.get("/api/v1/stories/").content.decode()


def test_dates_come_with_their_precision(client):
    EventFactory(slug="in-october", start_date=datetime.date(2016, 10, 1), date_precision="month")
    EventFactory(
        slug="two-days",
        start_date=datetime.date(2016, 11, 17),
        end_date=datetime.date(2016, 11, 18),
        date_precision="day",
    )
    EventFactory(slug="unknown", start_date=datetime.date(2016, 12, 1), date_precision="not-stated")
    dates = {item["slug"]: item["date"] for item in get_json(client, "/api/v1/events/")["results"]}
    assert dates["in-october"] == {
        "start": "2016-10-01",
        "end": None,
        "precision": "month",
        "iso": "2016-10",
        "as_shown": "October 2016",
        "listed_under": None,
    }
    assert dates["two-days"] == {
        "start": "2016-11-17",
        "end": "2016-11-18",
        "precision": "day",
        "iso": "2016-11-17",
        "as_shown": "17–18 November 2016",
        "listed_under": None,
    }
    # No day made up where the source gives none: only the month it is listed under.
    assert dates["unknown"] == {
        "start": None,
        "end": None,
        "precision": "not-stated",
        "iso": None,
        "as_shown": "date not stated",
        "listed_under": "2016-12",
    }


def test_amounts_are_given_as_reported(client):
    ContributionFactory(
        amount=Decimal("263000000"), currency="JPY", amount_usd=Decimal("2500000"), amount_usd_qualifier="approximately"
    )
    ContributionFactory(
        amount=None, currency="", amount_usd=None, amount_usd_qualifier="exact", date=datetime.date(2015, 1, 1)
    )
    reported, unnamed = get_json(client, "/api/v1/contributions/")["results"]
    assert reported["amount"] == {"value": "263000000.00", "qualifier": "exact", "currency": "JPY"}
    assert reported["amount_usd"] == {"value": "2500000.00", "qualifier": "approximately", "currency": "USD"}
    assert reported["date"]["iso"] == "2016" and reported["date"]["precision"] == "year"
    assert (unnamed["amount"], unnamed["amount_usd"]) == (None, None)


def test_figures_and_participants_keep_their_qualifiers(client):
    ResultFactory(value=Decimal("150"), value_qualifier="more-than", unit="kg")
    EventFactory(slug="event", participant_count=30, participant_count_qualifier="approximately")
    figure = get_json(client, "/api/v1/figures/")["results"][0]
    assert (figure["value"], figure["value_qualifier"], figure["unit"], figure["currency"]) == (
        "150.00",
        "more-than",
        "kg",
        None,
    )
    assert figure["as_shown"] == "more than 150 kg"
    event = get_json(client, "/api/v1/events/event/")
    assert event["participants"] == {"value": 30, "qualifier": "approximately", "breakdown": None}


def test_russian_texts_come_beside_the_english_and_null_until_translated(client):
    CountryFactory(iso2="uz", name="Uzbekistan", name_ru="Узбекистан")
    CountryFactory(iso2="kz", name="Kazakhstan")
    EventFactory(
        slug="translated",
        title="Training",
        title_ru="Тренинг",
        summary="Summary",
        summary_ru="Резюме",
        city="Tashkent",
        city_ru="Ташкент",
    )
    # An article reaches Russian readers only whole: half translated is not translated.
    EventFactory(slug="half", title="Meeting", title_ru="Встреча", summary="Summary")
    countries = {item["code"]: item["name_ru"] for item in get_json(client, "/api/v1/countries/")["results"]}
    assert countries == {"uz": "Узбекистан", "kz": None}
    events = {item["slug"]: item for item in get_json(client, "/api/v1/events/")["results"]}
    assert (events["translated"]["title"], events["translated"]["title_ru"]) == ("Training", "Тренинг")
    assert events["translated"]["summary_ru"] == "Резюме"
    assert (events["half"]["title_ru"], events["half"]["summary_ru"]) == (None, None)


def test_donors_are_the_organisations_that_fund(client):
    donor = OrganisationFactory(slug="donor")
    OrganisationFactory(slug="partner")
    ContributionFactory(donor=donor)
    assert listed_slugs(client, "/api/v1/donors/") == ["donor"]
    flags = {item["slug"]: item["is_donor"] for item in get_json(client, "/api/v1/organisations/")["results"]}
    assert flags["donor"] is True and flags["partner"] is False


@pytest.mark.parametrize(
    "query",
    [
        "country=xx",
        "kind=no-such-kind",
        "year=1066",
        "date_from=2016-13-01",
        f"q={'x' * 201}",
        "page=abc",
        "page=0",
        "page=-1",
        "page_size=0",
        "page_size=101",
        "page_size=ten",
        "country=uz&country=kz&country=kg&country=tj&country=tm&country=af&country=az&country=ru&country=jp"
        "&country=us&country=es&country=ir&country=de&country=fr&country=it&country=cn&country=in&country=tr"
        "&country=gb&country=ca&country=au",
    ],
)
def test_bad_parameters_are_a_400_that_says_what_is_wrong(client, query):
    CountryFactory(iso2="uz")
    EventFactory()
    data = get_json(client, f"/api/v1/events/?{query}", status=400)
    name = query.partition("=")[0]
    assert list(data) == [name] and data[name][0]


def test_a_refused_value_is_repeated_in_json_without_markup(client):
    """The 400 names the value it refused, as the pages do; <, > and & are JSON escapes, which a
    JSON reader reads back as they were sent."""
    response = client.get("/api/v1/events/?country=%22%3E%3Cb%3Ex%26y")
    assert response.status_code == 400
    assert b"<" not in response.content and b">" not in response.content and b"&" not in response.content
    assert b"\\u003Cb\\u003Ex\\u0026y" in response.content
    assert '"><b>x&y' in response.json()["country"][0]


def test_a_nul_character_is_a_400_in_json(client):
    assert get_json(client, "/api/v1/events/?q=a%00b", status=400)["detail"]


def test_a_page_after_the_last_is_a_404_in_json(client):
    EventFactory()
    assert get_json(client, "/api/v1/events/?page=2", status=404)["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/quotes/abc/", "/api/v1/countries/xx/", "/api/v1/nothing/", "/api/v1/events/a%20b/"]
)
def test_unknown_items_and_addresses_are_a_404_in_json(client, path):
    assert get_json(client, path, status=404)["detail"]


def test_next_and_previous_links_keep_the_filters_in_canonical_order(client):
    uz = CountryFactory(iso2="uz")
    for _ in range(3):
        EventFactory(host_country=uz, kind_id="training")
    data = get_json(client, "/api/v1/events/?kind=training&country=uz&page_size=1&page=2")
    assert data["next"] == "http://testserver/api/v1/events/?country=uz&kind=training&page=3&page_size=1"
    assert data["previous"] == "http://testserver/api/v1/events/?country=uz&kind=training&page_size=1"


def test_api_answers_any_origin_and_the_site_does_not(client):
    EventFactory()
    for headers in ({}, {"HTTP_ORIGIN": "https://partner.example"}):
        assert client.get("/api/v1/events/", **headers)["Access-Control-Allow-Origin"] == "*"
        assert not client.get("/events/", **headers).has_header("Access-Control-Allow-Origin")
    preflight = {"HTTP_ORIGIN": "https://partner.example", "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET"}
    answer = client.options("/api/v1/events/", **preflight)
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "GET" in answer["Access-Control-Allow-Methods"]
    assert "if-none-match" in answer["Access-Control-Allow-Headers"]
    assert not client.options("/events/", **preflight).has_header("Access-Control-Allow-Origin")
    assert not client.get("/api/", HTTP_ORIGIN="https://partner.example").has_header("Access-Control-Allow-Origin")


def test_the_api_takes_no_writes(client):
    assert client.post("/api/v1/events/", {}).status_code == 405
    assert client.delete("/api/v1/events/").status_code == 405
