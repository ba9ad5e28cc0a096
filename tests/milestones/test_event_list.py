"""/events/: every filter, the counts beside each option, and bad input treated as normal input."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milestones.models import Status
from tests.factories import (
    ContributionFactory,
    CountryFactory,
    EventFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(event.title for event in response.context["events"])


def count_text(response):
    return re.search(r'class="results-count"[^>]*>(\d+) result', response.content.decode()).group(1)


@pytest.fixture
def countries():
    return {code: CountryFactory(iso2=code) for code in ("uz", "kz", "tj", "es")}


def test_country_matches_the_host_country(client, countries):
    EventFactory(title="Forum in Tashkent", host_country=countries["uz"])
    EventFactory(title="Training in Almaty", host_country=countries["kz"])
    assert titles(client.get("/events/?country=uz")) == ["Forum in Tashkent"]


def test_country_matches_a_country_the_event_concerns(client, countries):
    visit = EventFactory(title="Study visit to Spain", host_country=countries["es"], kind_id="study-visit")
    visit.countries.add(countries["kz"])
    assert titles(client.get("/events/?country=kz")) == ["Study visit to Spain"]


def test_event_held_in_and_concerning_a_country_is_listed_once(client, countries):
    event = EventFactory(title="Forum", host_country=countries["uz"])
    event.countries.add(countries["uz"], countries["kz"])
    assert titles(client.get("/events/?country=kz&country=uz")) == ["Forum"]


def test_country_code_is_case_insensitive(client, countries):
    EventFactory(title="Forum in Tashkent", host_country=countries["uz"])
    assert titles(client.get("/events/?country=UZ", follow=True)) == ["Forum in Tashkent"]


def test_several_countries_give_events_of_any_of_them(client, countries):
    EventFactory(title="A", host_country=countries["uz"])
    EventFactory(title="B", host_country=countries["kz"])
    EventFactory(title="C", host_country=countries["tj"])
    assert titles(client.get("/events/?country=kz&country=uz")) == ["A", "B"]


def test_country_and_kind_together(client, countries):
    EventFactory(title="Training in Uzbekistan", host_country=countries["uz"], kind_id="training")
    EventFactory(title="Forum in Uzbekistan", host_country=countries["uz"], kind_id="forum")
    EventFactory(title="Training in Kazakhstan", host_country=countries["kz"], kind_id="training")
    assert titles(client.get("/events/?country=uz&kind=training")) == ["Training in Uzbekistan"]


def test_several_kinds(client, countries):
    EventFactory(title="Signing", kind_id="signing")
    EventFactory(title="Opening", kind_id="opening")
    EventFactory(title="Training", kind_id="training")
    assert titles(client.get("/events/?kind=opening&kind=signing")) == ["Opening", "Signing"]


def test_study_visit_kind_uses_its_hyphenated_code(client):
    EventFactory(title="Visit", kind_id="study-visit")
    assert titles(client.get("/events/?kind=study-visit")) == ["Visit"]


def test_programme_includes_its_sub_programmes(client):
    programme = ProgrammeFactory(slug="programme-for-central-asia")
    sub_programme = ProgrammeFactory(slug="sub-programme-1", parent=programme)
    other = ProgrammeFactory(slug="other")
    EventFactory(title="Opening in Karakol").programmes.add(sub_programme)
    EventFactory(title="Regional meeting").programmes.add(programme)
    EventFactory(title="Elsewhere").programmes.add(other)
    assert titles(client.get("/events/?programme=programme-for-central-asia")) == [
        "Opening in Karakol",
        "Regional meeting",
    ]
    assert titles(client.get("/events/?programme=sub-programme-1")) == ["Opening in Karakol"]


def test_year(client):
    EventFactory(title="2016", start_date=datetime.date(2016, 10, 1))
    EventFactory(title="2014", start_date=datetime.date(2014, 3, 1))
    EventFactory(title="2015", start_date=datetime.date(2015, 10, 1))
    assert titles(client.get("/events/?year=2016")) == ["2016"]
    assert titles(client.get("/events/?year=2014&year=2016")) == ["2014", "2016"]


def test_date_range_keeps_events_under_way_on_the_first_day(client):
    EventFactory(
        title="Forum",
        start_date=datetime.date(2016, 11, 17),
        end_date=datetime.date(2016, 11, 18),
        date_precision="day",
    )
    EventFactory(title="Training", start_date=datetime.date(2016, 9, 1))
    assert titles(client.get("/events/?date_from=2016-11-18&date_to=2016-12-31")) == ["Forum"]
    assert titles(client.get("/events/?date_from=2016-01-01&date_to=2016-10-31")) == ["Training"]


def test_donor_gives_events_of_the_programmes_it_funds_and_below(client):
    japan = OrganisationFactory(slug="government-of-japan", name="Government of Japan")
    funded = ProgrammeFactory(slug="interagency-mobile-teams")
    below = ProgrammeFactory(slug="imt-phase-2", parent=funded)
    ContributionFactory(donor=japan, programme=funded)
    EventFactory(title="Signing").programmes.add(funded)
    EventFactory(title="Team training").programmes.add(below)
    EventFactory(title="Unrelated").programmes.add(ProgrammeFactory())
    assert titles(client.get("/events/?donor=government-of-japan")) == ["Signing", "Team training"]


def test_donor_of_a_component_gives_events_at_the_facility_it_paid_for(client):
    russia = OrganisationFactory(slug="government-of-russia", name="Government of the Russian Federation")
    funding = FacilityFundingFactory()
    funding.component_donors.add(russia)
    EventFactory(title="Opening of the building").facilities.add(funding.facility)
    EventFactory(title="Elsewhere").facilities.add(FacilityFactory())
    assert titles(client.get("/events/?donor=government-of-russia")) == ["Opening of the building"]


def test_words(client):
    EventFactory(title="Intelligence analysis training", summary="Analysts from seven countries")
    EventFactory(title="Opening of a Port Control Unit", summary="Aktau seaport")
    assert titles(client.get("/events/?q=analysis")) == ["Intelligence analysis training"]
    assert titles(client.get("/events/?q=aktau")) == ["Opening of a Port Control Unit"]


def test_drafts_and_scheduled_events_are_not_listed(client):
    EventFactory(title="Public")
    EventFactory(title="Draft", status=Status.DRAFT)
    EventFactory(title="Scheduled", published_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    assert titles(client.get("/events/")) == ["Public"]


# --- What the reader sees around the list ---------------------------------------------------


def test_each_country_option_shows_how_many_events_it_would_give(client, countries):
    for _ in range(3):
        EventFactory(host_country=countries["uz"], kind_id="training")
    EventFactory(host_country=countries["kz"], kind_id="training")
    EventFactory(host_country=countries["kz"], kind_id="forum")
    response = client.get("/events/?kind=training")
    facets = {facet.name: {o.value: o.count for o in facet.options} for facet in response.context["facets"]}
    assert facets["country"] == {"uz": 3, "kz": 1}
    # The kind facet ignores the kind filter itself, so that another kind can be added.
    assert facets["kind"] == {"training": 4, "forum": 1}
    for code, expected in facets["country"].items():
        assert len(client.get(f"/events/?country={code}&kind=training").context["events"]) == expected


def test_every_option_of_every_facet_gives_as_many_events_as_it_says(client, countries, settings):
    """The numbers beside the options are worked out in SQL apart from the filters; they must
    agree with what choosing the option gives, for the tricky cases too: an event linked to
    two programmes of one donor, to a parent and its sub-programme, held in one country and
    concerning another, at a facility paid for by a component's donor."""
    japan = OrganisationFactory(slug="japan", name="Japan")
    russia = OrganisationFactory(slug="russia", name="Russia")
    parent = ProgrammeFactory(slug="parent")
    child = ProgrammeFactory(slug="child", parent=parent)
    other = ProgrammeFactory(slug="other")
    ContributionFactory(donor=japan, programme=parent)
    ContributionFactory(donor=japan, programme=other)
    ContributionFactory(donor=russia, programme=child)
    funding = FacilityFundingFactory()
    funding.component_donors.add(russia)
    both = EventFactory(host_country=countries["uz"], kind_id="training")
    both.programmes.add(parent, child, other)
    both.countries.add(countries["uz"], countries["kz"])
    at_facility = EventFactory(host_country=countries["tj"], kind_id="forum")
    at_facility.facilities.add(funding.facility)
    at_facility.programmes.add(other)
    EventFactory(host_country=countries["kz"], kind_id="training").programmes.add(child)
    EventFactory(host_country=countries["es"], kind_id="signing")
    justice = ThemeFactory(slug="justice")
    both.themes.add(justice)
    at_facility.themes.add(justice, ThemeFactory(slug="prisons"))
    settings.PAGE_CACHE_SECONDS = 0  # each request shows its context
    for query in ("", "kind=training", "country=kz"):
        response = client.get(f"/events/?{query}")
        for facet in response.context["facets"]:
            # A facet's numbers leave out its own filter: an option counts what it gives alone.
            others = "" if query.startswith(f"{facet.name}=") else query
            for option in facet.options:
                # follow: the query is put in the canonical order by a redirect
                chosen = client.get(f"/events/?{others}&{facet.name}={option.value}", follow=True)
                assert option.count == len(chosen.context["events"]), (query, facet.name, option.value)
    unfiltered = client.get("/events/").context["facets"]
    facets = {facet.name: {option.value: option.count for option in facet.options} for facet in unfiltered}
    assert facets["donor"] == {"japan": 3, "russia": 3}
    assert facets["programme"] == {"parent": 2, "child": 2, "other": 2}
    assert facets["theme"] == {"justice": 2, "prisons": 1}


def test_active_filters_show_as_removable_chips(client, countries):
    EventFactory(host_country=countries["uz"])
    response = client.get("/events/?country=uz&kind=training")
    chips = {chip.value_label: chip.remove_query for chip in response.context["active_filters"]}
    assert chips == {"Uzbekistan": "kind=training", "Training": "country=uz"}
    assert 'href="?kind=training"' in response.content.decode()


def test_empty_result_says_so_and_offers_to_clear_filters(client, countries):
    EventFactory(host_country=countries["uz"], kind_id="training")
    response = client.get("/events/?country=uz&kind=forum")
    page = response.content.decode()
    assert "Nothing matches these filters." in page
    assert ">clear all filters</a>" in page
    assert count_text(response) == "0"


def test_pagination_keeps_the_filters(client, countries):
    for _ in range(25):
        EventFactory(host_country=countries["uz"])
    EventFactory(host_country=countries["kz"])
    response = client.get("/events/?country=uz")
    assert count_text(response) == "25"
    assert 'href="?country=uz&amp;page=2"' in response.content.decode()
    second = client.get("/events/?country=uz&page=2")
    assert len(second.context["events"]) == 5


def test_list_links_its_filtered_feeds(client, countries):
    page = client.get("/events/?country=tj&kind=training").content.decode()
    assert 'type="application/rss+xml"' in page
    assert 'href="/events/feed/?country=tj&amp;kind=training"' in page
    assert 'href="/events/feed/atom/?country=tj&amp;kind=training"' in page


# --- Bad input is normal input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=xx", "Country: Select a valid choice. xx is not one of the available choices."),
        ("kind=party", "Kind of event: Select a valid choice. party is not one of the available choices."),
        ("year=abc", "Year: Select a valid choice. abc is not one of the available choices."),
        ("year=99999999999999999999", "Year: Select a valid choice."),
        ("date_from=2016-13-45", "From: Enter a valid date."),
        ("date_to=yesterday", "To: Enter a valid date."),
        ("programme=..%2F..%2Fetc%2Fpasswd", "Programme: Select a valid choice."),
    ],
)
def test_malformed_filter_gives_the_page_with_a_message(client, countries, query, message):
    EventFactory(host_country=countries["uz"])
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    # The bad value is ignored; the list still shows what the other filters allow.
    assert len(response.context["events"]) == 1


def test_a_bad_value_does_not_drop_the_good_ones(client, countries):
    EventFactory(title="In Uzbekistan", host_country=countries["uz"])
    EventFactory(title="In Kazakhstan", host_country=countries["kz"])
    response = client.get("/events/?country=uz&date_from=not-a-date")
    assert titles(response) == ["In Uzbekistan"]


def test_too_many_values_are_refused_with_a_message(client, countries):
    EventFactory(host_country=countries["uz"])
    response = client.get("/events/?" + "&".join(f"country=x{number:02}" for number in range(21)))
    assert response.status_code == 200
    assert "Choose at most 20 values here." in response.content.decode()


@pytest.mark.parametrize("page", ["999999", "0", "-1", "abc", "1e9"])
def test_page_out_of_range_is_not_found(client, countries, page):
    EventFactory(host_country=countries["uz"])
    assert client.get(f"/events/?page={page}").status_code == 404


def test_markup_in_the_words_is_not_reflected(client):
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response = client.get("/events/", {"q": payload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_huge_words_are_cut_not_fatal(client):
    response = client.get("/events/", {"q": "border " * 2000}, follow=True)
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


@pytest.mark.parametrize("words", ["!!!", "-", "«»", "?!"])
def test_words_of_punctuation_only_give_an_empty_list_not_an_error(client, countries, words):
    EventFactory(host_country=countries["uz"])
    response = client.get("/events/", {"q": words})
    assert response.status_code == 200
    assert count_text(response) == "0"
    assert client.get("/news/", {"q": words}).status_code == 200


def test_a_programme_slug_with_capitals_still_filters(client):
    programme = ProgrammeFactory(slug="UNODC-Prog")
    EventFactory(title="Of the programme").programmes.add(programme)
    EventFactory(title="Of another")
    assert titles(client.get("/events/?programme=UNODC-Prog")) == ["Of the programme"]


def test_the_checkboxes_show_each_option_with_its_count_and_the_chosen_one_ticked(client, countries):
    donor = OrganisationFactory(name="Ministry of <Foreign> Affairs & Trade", slug="mofat")
    programme = ProgrammeFactory()
    ContributionFactory(donor=donor, programme=programme)
    for _ in range(2):
        EventFactory(host_country=countries["uz"], kind_id="training").programmes.add(programme)
    EventFactory(host_country=countries["kz"], kind_id="forum")
    html = client.get("/events/?country=uz").content.decode()
    assert re.search(
        r'<input type="checkbox" name="country" value="uz" id="filter-country-(\d+)" checked>'
        r' <label for="filter-country-\1">',
        html,
    )
    assert re.search(r'value="kz" id="filter-country-\d+">', html), "an option not chosen is not ticked"
    assert re.search(r'Training <span class="filters__count">\(2\)</span>', html)
    # Names are escaped, never taken for markup.
    assert "Ministry of &lt;Foreign&gt; Affairs &amp; Trade <span" in html
    assert "<Foreign>" not in html


def test_a_long_list_of_options_scrolls_in_its_own_box_and_a_short_one_is_shown_whole(client):
    for index, code in enumerate(("uz", "kz", "kg", "tj", "tm", "af", "az", "ru", "cn", "ir", "pk")):
        country = CountryFactory(iso2=code, name=f"Country {index}", slug=f"country-{index}")
        EventFactory(host_country=country, kind_id="training")
    html = client.get("/events/").content.decode()
    country = html.split("<legend>Country</legend>")[1].split("</fieldset>")[0]
    kind = html.split("<legend>Kind of event</legend>")[1].split("</fieldset>")[0]
    assert '<ul class="filters__options filters__options--scrolling">' in country
    assert '<ul class="filters__options">' in kind


# --- The list's length and its column facets, counted together -----------------------------


@pytest.fixture
def varied_events(countries):
    """Events of several kinds, attendances, years and precisions of date."""
    for country, kind, mode, year, precision in [
        ("uz", "training", "in-person", 2015, "day"),
        ("uz", "training", "online", 2016, "month"),
        ("uz", "forum", "hybrid", 2016, "year"),
        ("kz", "training", "in-person", 2016, "day"),
        ("kz", "forum", "online", 2017, "not-stated"),
        ("tj", "signing", "in-person", 2015, "day"),
        ("tj", "training", "online", 2017, "not-stated"),
    ]:
        EventFactory(
            host_country=countries[country],
            kind_id=kind,
            attendance_mode=mode,
            start_date=datetime.date(year, 1, 1),
            date_precision=precision,
        )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=uz",
        "kind=training&year=2016",
        "kind=forum&kind=training&mode=online",
        "country=kz&country=uz&year=2015&year=2016",
        "mode=in-person&year=2015",
    ],
)
def test_the_length_the_calendar_note_and_each_column_facet_agree_with_the_list(client, settings, varied_events, query):
    """The list's length, its events without a day and the kind, attendance and year options are
    counted in one query per filter of theirs in force and one for the rest (facets.tally_of,
    grouped by several columns at once): each number must be what the list itself gives."""
    settings.PAGE_CACHE_SECONDS = 0  # each request shows its context
    response = client.get(f"/events/?{query}", follow=True)
    events = list(response.context["events"])
    assert response.context["paginator"].count == len(events) and count_text(response) == str(len(events))
    without_day = sum(event.date_precision != "day" for event in events)
    note = f"{without_day} event{'s' if without_day != 1 else ''} without a day left out"
    assert (note in response.content.decode()) == bool(without_day), query
    facets = {facet.name: facet for facet in response.context["facets"]}
    for name in ("kind", "mode", "year"):
        others = "&".join(part for part in query.split("&") if part and not part.startswith(f"{name}="))
        assert facets[name].options, (query, name)
        for option in facets[name].options:
            chosen = client.get(f"/events/?{others}&{name}={option.value}", follow=True)
            assert option.count == len(chosen.context["events"]), (query, name, option.value)


def aggregates_of_events(captured):
    """The queries that count events in their own table (not in a link table, by their ids): their
    SQL up to the first subquery counts and reads from it (PostgreSQL writes a year as
    EXTRACT(YEAR FROM "milestones_event"."start_date"), so the table name is matched whole)."""
    counting = []
    for query in captured:
        head = re.split(r"\(\s*SELECT", query["sql"], maxsplit=1)[0]
        if "COUNT(" in head and re.search(r'FROM "milestones_event"(\s|$)', head):
            counting.append(query["sql"])
    return counting


def test_a_list_counts_its_length_and_column_facets_in_one_query_and_one_per_column_filter(
    client, settings, varied_events
):
    """Its length, the events without a day and the attendance options of /events/?kind=…&year=…
    in one query; the kind options (the list without its kind filter) and the year options in
    one each. Another kind with the same year reads the kind options the first page counted
    (kept in the cache: COUNT_CACHE_SECONDS is not 0 here)."""
    assert settings.COUNT_CACHE_SECONDS
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as first:
        client.get("/events/?kind=training&year=2016")
    assert len(aggregates_of_events(first.captured_queries)) == 3
    with CaptureQueriesContext(connection) as second:
        client.get("/events/?kind=forum&year=2016")
    assert len(aggregates_of_events(second.captured_queries)) == 2
