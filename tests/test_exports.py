"""Open data (issue 19, items 3, 4 and 6): the lists as CSV files and the events as iCalendar.

The expected rows always come from the HTML list itself (its context, every page of it), never
from a copy of its filters, so a change to one that the other does not follow fails here."""

import csv
import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from milestones.exports import EventCsvView
from milestones.models import Event
from tests.factories import (
    BulletinFactory,
    ContributionFactory,
    CountryFactory,
    EventFactory,
    EventPlaceFactory,
    EventSeriesFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StoryFactory,
    ThemeFactory,
)
from unodc_portal.exports import neutralised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # The lists' contexts are read: a page answered by the fast lane has none. Counts too are
    # worked out afresh: a test's writes never commit, so they start no new content version.
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body_of(response).decode("utf-8-sig"))))


def in_order_once(values):
    """The values in their order, each once: an item's id over its contribution rows."""
    return list(dict.fromkeys(values))


class World:
    """Events, stories, facilities, programmes and donors that differ in everything the lists
    filter on, more of each than one page of its list holds."""

    def __init__(self):
        self.uz = CountryFactory(iso2="uz", name="Uzbekistan", name_ru="Узбекистан")
        self.kz = CountryFactory(iso2="kz", name="Kazakhstan", name_ru="Казахстан")
        self.tj = CountryFactory(iso2="tj", name="Tajikistan", name_ru="Таджикистан")
        countries = [self.uz, self.kz, self.tj]
        self.programme = ProgrammeFactory(slug="programme", title="Programme for Central Asia")
        self.child = ProgrammeFactory(slug="child", parent=self.programme, title="A sub-programme")
        self.other = ProgrammeFactory(slug="other", title="Border cooperation")
        self.donor = OrganisationFactory(slug="donor", name="Government of Japan")
        ContributionFactory(donor=self.donor, programme=self.programme)
        ContributionFactory(
            donor=self.donor,
            programme=self.child,
            amount=None,
            currency="",
            amount_usd=None,
            amount_usd_qualifier="exact",
        )
        ContributionFactory(programme=self.other)
        FacilityFundingFactory(programme=self.other).component_donors.add(OrganisationFactory(slug="component-donor"))
        self.theme = ThemeFactory(slug="theme")
        self.series = EventSeriesFactory(slug="series")
        self.bulletin = BulletinFactory(slug="edition")
        kinds = ["training", "meeting", "forum"]
        programmes = [self.programme, self.child, self.other]
        for i in range(45):
            day = i % 2 == 0
            start = datetime.date(2015 + i % 3, 1 + i % 12, 1 + (i % 27 if day else 0))
            event = EventFactory(
                title=f"{'Seminar in Dushanbe' if i % 5 == 0 else 'Training'} {i}",
                slug=f"event-{i}",
                kind_id=kinds[i % 3],
                start_date=start,
                end_date=start + datetime.timedelta(days=2) if day and i % 4 == 0 else None,
                date_precision="day" if day else "month",
                host_country=countries[i % 3],
                attendance_mode=("in-person", "online", "hybrid")[i % 3],
                series=self.series if i % 7 == 0 else None,
            )
            event.countries.add(countries[(i + 1) % 3])
            event.programmes.add(programmes[i % 3])
            if i % 4 == 0:
                event.themes.add(self.theme)
        for i in range(30):
            story = StoryFactory(
                slug=f"story-{i}",
                bulletin=self.bulletin if i % 2 else None,
                position=i if i % 2 else None,
                first_published=datetime.date(2015 + i % 3, 1 + i % 12, 1),
                first_published_precision="month",
            )
            story.countries.add(countries[i % 3])
            story.programmes.add(programmes[i % 3])
            if i % 3 == 0:
                story.themes.add(self.theme)
        for i in range(60):
            FacilityFactory(
                slug=f"facility-{i}",
                name=f"Facility {i % 7}",
                country=countries[i % 3],
                kind=("pcu", "blo", "building")[i % 3],
                status=("operational", "planned")[i % 2],
                programme=programmes[i % 3] if i % 4 else None,
            )


@pytest.fixture
def world():
    return World()


def listed(client, path, name):
    """Every item of a list page, page after page, as the page's context holds them."""
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    items = list(response.context[name])
    page = response.context.get("page_obj")
    address = response.wsgi_request.get_full_path()
    while page is not None and page.has_next():
        joiner = "&" if "?" in address else "?"
        response = client.get(f"{address}{joiner}page={page.next_page_number()}")
        assert response.status_code == 200
        items += list(response.context[name])
        page = response.context["page_obj"]
    return items


def export_of(path):
    """/events/?country=uz -> /events/csv/?country=uz"""
    list_path, _, query = path.partition("?")
    return f"{list_path}csv/" + (f"?{query}" if query else "")


FILTERED_LISTS = [
    ("/events/", "events"),
    ("/events/?country=uz", "events"),
    ("/events/?country=kz&country=uz", "events"),
    ("/events/?kind=training", "events"),
    ("/events/?country=uz&kind=training", "events"),
    ("/events/?year=2016", "events"),
    ("/events/?programme=programme", "events"),
    ("/events/?donor=donor", "events"),
    ("/events/?theme=theme", "events"),
    ("/events/?mode=online", "events"),
    ("/events/?series=series", "events"),
    ("/events/?date_from=2016-03-01&date_to=2016-10-31", "events"),
    ("/events/?q=Dushanbe", "events"),
    ("/events/?country=tj&kind=forum&year=2017", "events"),
    ("/events/?theme=theme&country=uz&mode=hybrid&mode=online", "events"),
    ("/news/", "stories"),
    ("/news/?country=uz", "stories"),
    ("/news/?programme=programme&year=2016", "stories"),
    ("/news/?theme=theme", "stories"),
    ("/news/?bulletin=edition", "stories"),
    ("/facilities/", "facilities"),
    ("/facilities/?country=uz", "facilities"),
    ("/facilities/?kind=pcu&status=operational", "facilities"),
    ("/facilities/?programme=programme", "facilities"),
    ("/ru/events/?country=uz&kind=training", "events"),
]


@pytest.mark.parametrize(("path", "name"), FILTERED_LISTS)
def test_csv_has_the_items_of_the_html_list_in_its_order(client, world, path, name):
    expected = [item.pk for item in listed(client, path, name)]
    rows = csv_rows(client.get(export_of(path), follow=True))
    assert [int(row["id"]) for row in rows] == expected
    assert expected, f"{path} lists nothing: the comparison would prove nothing"


def test_the_combinations_cover_pages_beyond_the_first(client, world):
    # Events (20 a page) and facilities (50 a page) both need the pages after the first.
    assert len(listed(client, "/events/", "events")) == 45
    assert len(listed(client, "/facilities/", "facilities")) > 50


def test_programmes_csv_has_the_programmes_of_the_page_in_its_order(client, world):
    response = client.get("/programmes/")
    expected = [p.pk for root in response.context["programmes"] for p in (root, *root.children.all())]
    rows = csv_rows(client.get("/programmes/csv/"))
    assert in_order_once(int(row["id"]) for row in rows) == expected
    assert {row["parent"] for row in rows if row["slug"] == "child"} == {"programme"}


def test_donors_csv_has_the_donors_of_the_page_in_its_order(client, world):
    expected = [donor.pk for donor in client.get("/donors/").context["donors"]]
    rows = csv_rows(client.get("/donors/csv/"))
    assert in_order_once(int(row["id"]) for row in rows) == expected
    assert len(expected) == 3  # two that fund programmes, one named for a component only


def test_donors_csv_gives_each_contribution_as_reported(client, world):
    rows = [row for row in csv_rows(client.get("/donors/csv/")) if row["slug"] == "donor"]
    by_programme = {row["programme"]: row for row in rows}
    japan = by_programme["programme"]
    assert (japan["currency"], japan["amount"], japan["amount_qualifier"]) == ("JPY", "263000000.00", "exact")
    assert (japan["amount_usd"], japan["amount_usd_qualifier"]) == ("2500000.00", "approximately")
    assert (japan["contribution_date"], japan["contribution_date_precision"]) == ("2016-01-01", "year")
    # A contribution the source names without an amount: no amount, no currency, no qualifier.
    unnamed = by_programme["child"]
    assert [unnamed[k] for k in ("currency", "amount", "amount_qualifier", "amount_usd")] == ["", "", "", ""]
    component_only = [row for row in csv_rows(client.get("/donors/csv/")) if row["slug"] == "component-donor"]
    assert len(component_only) == 1 and component_only[0]["contribution_id"] == ""
    assert component_only[0]["component_count"] == "1"


def test_programmes_csv_has_a_row_per_contribution_and_one_for_a_programme_without(client, world):
    rows = csv_rows(client.get("/programmes/csv/"))
    assert len([row for row in rows if row["slug"] == "programme"]) == 1
    assert [row["donor"] for row in rows if row["slug"] == "child"] == ["donor"]
    ProgrammeFactory(slug="unfunded")
    unfunded = [row for row in csv_rows(client.get("/programmes/csv/")) if row["slug"] == "unfunded"]
    assert len(unfunded) == 1 and unfunded[0]["currency"] == unfunded[0]["contribution_id"] == ""


def test_csv_is_streamed_as_an_attachment(client, world):
    response = client.get("/events/csv/?country=uz")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="events-')
    assert response["Content-Disposition"].endswith('.csv"')


def test_csv_reads_its_rows_a_chunk_at_a_time_with_their_relations(client, world, monkeypatch):
    # Ten chunks of five: the relations are prefetched per chunk, so a chunk's queries run
    # ten times; read all at once, they would run once.
    def queries_with_chunks_of(size):
        monkeypatch.setattr(EventCsvView, "chunk_size", size)
        response = client.get("/events/csv/")
        with CaptureQueriesContext(connection) as captured:
            rows = body_of(response).decode("utf-8-sig").splitlines()
        assert len(rows) == 1 + 45
        return len(captured)

    whole = queries_with_chunks_of(1000)
    chunked = queries_with_chunks_of(5)
    # The rows' own query runs once either way; the relations' queries once per chunk.
    assert whole > 1
    assert chunked - 1 == 9 * (whole - 1)  # 45 rows: nine chunks of five


@pytest.mark.parametrize(
    "path", ["/events/csv/", "/news/csv/", "/facilities/csv/", "/programmes/csv/", "/donors/csv/", "/events/ical/"]
)
def test_exports_run_the_same_queries_with_5_or_50_rows(client, settings, path):
    settings.COUNT_CACHE_SECONDS = 0

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            body_of(response)
        return len(captured)

    def add(n):
        for _ in range(n):
            programme = ProgrammeFactory()
            ProgrammeFactory(parent=programme)
            ContributionFactory(programme=programme)
            country = CountryFactory(iso2=("uz", "kz", "tj")[Add.count % 3])
            # Known to the day, so that the calendar has them too.
            event = EventFactory(host_country=country, series=EventSeriesFactory(), date_precision="day")
            EventPlaceFactory(event=event, country=country)
            event.programmes.add(programme)
            event.countries.add(country)
            event.themes.add(ThemeFactory())
            story = StoryFactory(bulletin=BulletinFactory())
            story.countries.add(country)
            story.programmes.add(programme)
            FacilityFactory(country=country, programme=programme, border_country=CountryFactory(iso2="af"))
            Add.count += 1

    class Add:
        count = 0

    add(5)
    with_five = queries()
    add(45)
    assert queries() == with_five


def test_text_that_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not():
    assert neutralised('=HYPERLINK("http://evil.example")') == '\'=HYPERLINK("http://evil.example")'
    for text in ("+1", "-5 kg", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralised(text) == f"'{text}"
    assert neutralised("Training 5-6 May") == "Training 5-6 May"
    assert neutralised(-5) == -5
    assert neutralised(Decimal("-75.5")) == Decimal("-75.5")
    assert neutralised(None) == ""


def test_csv_neutralises_formulas_in_text_but_keeps_negative_coordinates_numbers(client):
    EventFactory(title="=1+1", summary="@SUM(A1:A9)", city="-Aktau", slug="formula")
    FacilityFactory(slug="west", name="+Facility", latitude=Decimal("-33.5"), longitude=Decimal("-70.25"))
    event = csv_rows(client.get("/events/csv/"))[0]
    assert (event["title"], event["summary"], event["city"]) == ("'=1+1", "'@SUM(A1:A9)", "'-Aktau")
    facility = csv_rows(client.get("/facilities/csv/"))[0]
    assert facility["name"] == "'+Facility"
    assert (facility["latitude"], facility["longitude"]) == ("-33.50000", "-70.25000")
    assert facility["coordinates_precision"] == "not-stated"


CYRILLIC_AND_ACCENTED = "Семинар «Граница» in Nurafshon, Türkmenbaşy and Škofja Loka"


def test_cyrillic_and_accented_names_round_trip_through_the_csv_module(client):
    EventFactory(title=CYRILLIC_AND_ACCENTED, city="Хорог", slug="names")
    FacilityFactory(name="Пункт «Достык»", place="Türkmenbaşy")
    response = client.get("/events/csv/")
    body = body_of(response)
    assert body.startswith("\ufeff".encode())  # for Excel: see unodc_portal/exports.py
    event = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert (event["title"], event["city"]) == (CYRILLIC_AND_ACCENTED, "Хорог")
    facility = csv_rows(client.get("/facilities/csv/"))[0]
    assert (facility["name"], facility["place"]) == ("Пункт «Достык»", "Türkmenbaşy")


def test_csv_dates_keep_their_precision(client):
    EventFactory(
        slug="range", start_date=datetime.date(2016, 11, 30), end_date=datetime.date(2016, 12, 2), date_precision="day"
    )
    EventFactory(slug="month", start_date=datetime.date(2016, 10, 1), date_precision="month")
    EventFactory(slug="year", start_date=datetime.date(2015, 1, 1), date_precision="year")
    EventFactory(slug="unstated", start_date=datetime.date(2014, 12, 1), date_precision="not-stated")
    rows = {row["slug"]: row for row in csv_rows(client.get("/events/csv/"))}
    dates = ("date_start", "date_end", "date_precision", "date_as_shown", "listed_under")

    def cells(slug):
        return tuple(rows[slug][name] for name in dates)

    assert cells("range") == ("2016-11-30", "2016-12-02", "day", "30 November – 2 December 2016", "")
    assert cells("month") == ("2016-10-01", "", "month", "October 2016", "")
    assert cells("year") == ("2015-01-01", "", "year", "2015", "")
    # No day is invented for a date the source does not give: only the month it is listed under.
    assert cells("unstated") == ("", "", "not-stated", "date not stated", "2014-12")


@pytest.mark.skipif(
    shutil.which("libreoffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
)
def test_libreoffice_reads_the_csv_with_its_names_intact(client, tmp_path):
    EventFactory(title=CYRILLIC_AND_ACCENTED, slug="names", start_date=datetime.date(2016, 10, 1))
    EventFactory(title="=1+1", slug="formula", start_date=datetime.date(2016, 9, 1))
    (tmp_path / "events.csv").write_bytes(body_of(client.get("/events/csv/")))

    def convert(source, target_format, infilter=None):
        # Its own profile, so that a LibreOffice running elsewhere (or a crashed one) is no matter.
        subprocess.run(
            [
                shutil.which("libreoffice"),
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                target_format,
                "--outdir",
                str(tmp_path / target_format.split(":")[0]),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )

    # As a spreadsheet, then back to CSV (UTF-8, comma, quoted text) to read what it holds.
    # Headless, LibreOffice takes the character set it is told (its import dialog detects it).
    convert(tmp_path / "events.csv", "xlsx", infilter="CSV:44,34,76")
    convert(tmp_path / "xlsx" / "events.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true")
    text = (tmp_path / "csv" / "events.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["slug"] for row in rows] == ["names", "formula"]
    assert rows[0]["title"] == CYRILLIC_AND_ACCENTED
    # Text, not a formula: a formula would have come back as its result, 2.
    assert rows[1]["title"] in ("'=1+1", "=1+1")


# --- iCalendar ------------------------------------------------------------------------------


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    calendar.validate()
    return calendar


def test_calendar_is_valid_icalendar_with_all_day_events(client):
    EventFactory(
        slug="range",
        title="Forum across two months",
        start_date=datetime.date(2016, 11, 30),
        end_date=datetime.date(2016, 12, 2),
        date_precision="day",
        venue="Hotel Uzbekistan",
    )
    EventFactory(slug="one-day", start_date=datetime.date(2016, 10, 5), date_precision="day")
    calendar = calendar_of(client.get("/events/ical/"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//UNODC")
    events = {str(event["URL"]).rsplit("/", 2)[-2]: event for event in calendar.walk("VEVENT")}
    forum = events["range"]
    # All day, and the end exclusive: the day after the last.
    assert forum.decoded("DTSTART") == datetime.date(2016, 11, 30)
    assert forum.decoded("DTEND") == datetime.date(2016, 12, 3)
    assert forum["DTSTART"].params["VALUE"] == "DATE"
    assert events["one-day"].decoded("DTEND") == datetime.date(2016, 10, 6)
    assert str(forum["SUMMARY"]) == "Forum across two months"
    assert str(forum["LOCATION"]).startswith("Hotel Uzbekistan, Tashkent")
    assert forum["CATEGORIES"].cats == ["Training"]
    assert str(forum["URL"]) == "http://testserver/events/range/"
    for event in events.values():
        assert event["UID"].endswith("@testserver") and event["UID"].startswith("event-")
        assert "DTSTAMP" in event
    assert len({str(event["UID"]) for event in events.values()}) == 2


def test_calendar_leaves_out_events_without_a_day_and_says_how_many(client):
    EventFactory(slug="day", start_date=datetime.date(2016, 10, 5), date_precision="day")
    EventFactory(slug="month", start_date=datetime.date(2016, 10, 1), date_precision="month")
    EventFactory(slug="year", start_date=datetime.date(2016, 1, 1), date_precision="year")
    EventFactory(slug="unstated", start_date=datetime.date(2016, 12, 1), date_precision="not-stated")
    calendar = calendar_of(client.get("/events/ical/"))
    assert [str(event["URL"]) for event in calendar.walk("VEVENT")] == ["http://testserver/events/day/"]
    assert "3 events known only to the month or year are not in this calendar" in str(calendar["X-WR-CALDESC"])
    page = client.get("/events/").content.decode()
    assert "3 events without a day left out" in page


def test_calendar_takes_the_list_filters_and_names_them(client):
    uz = CountryFactory(iso2="uz", name="Uzbekistan")
    EventFactory(slug="in-uz", host_country=uz, kind_id="training", date_precision="day")
    EventFactory(slug="meeting-in-uz", host_country=uz, kind_id="meeting", date_precision="day")
    EventFactory(slug="elsewhere", kind_id="training", date_precision="day", host_country=CountryFactory(iso2="kz"))
    calendar = calendar_of(client.get("/events/ical/?country=uz&kind=training"))
    assert [str(event["URL"]).rsplit("/", 2)[-2] for event in calendar.walk("VEVENT")] == ["in-uz"]
    assert str(calendar["X-WR-CALNAME"]) == "Milestones: events — Uzbekistan, Training"


def test_calendar_is_cut_at_its_length_keeping_the_latest(client, monkeypatch):
    monkeypatch.setattr("milestones.calendars.CALENDAR_LENGTH", 3)
    for day in range(1, 6):
        EventFactory(slug=f"day-{day}", start_date=datetime.date(2016, 10, day), date_precision="day")
    calendar = calendar_of(client.get("/events/ical/"))
    assert [event.decoded("DTSTART").day for event in calendar.walk("VEVENT")] == [5, 4, 3]
    assert "Only the 3 latest events" in str(calendar["X-WR-CALDESC"])


def test_one_event_calendar_for_a_day_event_linked_from_its_page(client):
    EventFactory(slug="day", start_date=datetime.date(2016, 10, 5), date_precision="day")
    EventFactory(slug="month", start_date=datetime.date(2016, 10, 1), date_precision="month")
    page = client.get("/events/day/").content.decode()
    assert 'href="/events/day/ical/"' in page and "Add to calendar" in page
    calendar = calendar_of(client.get("/events/day/ical/"))
    assert [event.decoded("DTSTART") for event in calendar.walk("VEVENT")] == [datetime.date(2016, 10, 5)]
    assert client.get("/events/day/ical/")["Content-Disposition"] == 'attachment; filename="day.ics"'
    # A month is no day: no link, and no calendar.
    assert "/ical/" not in client.get("/events/month/").content.decode()
    assert client.get("/events/month/ical/").status_code == 404
    EventFactory(slug="draft", status="draft", date_precision="day")
    assert client.get("/events/draft/ical/").status_code == 404


# --- Bad parameters, the page cache, links ------------------------------------------------------


EVENT_QUERIES = ["country=zz", "date_from=not-a-date", "year=1066", "kind=no-such-kind", "programme=nothing", "theme=x"]
BAD_QUERIES = [
    *((export, query) for export in ("/events/csv/", "/events/ical/", "/ru/events/csv/") for query in EVENT_QUERIES),
    *(("/news/csv/", query) for query in ("country=zz", "year=1066", "programme=nothing", "bulletin=none")),
    *(("/facilities/csv/", query) for query in ("country=zz", "kind=castle", "status=gone", "programme=nothing")),
]


@pytest.mark.parametrize(("export", "query"), BAD_QUERIES)
def test_a_bad_filter_value_answers_400_saying_why(client, export, query):
    response = client.get(f"{export}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    russian = export.startswith("/ru/")
    assert ("Некоторые фильтры не удалось применить" if russian else "Some filters could not be used") in (
        response.content.decode()
    )
    assert "private" in response["Cache-Control"]


def test_the_400_page_escapes_the_values_it_repeats(client):
    response = client.get("/events/csv/", {"country": "<b>x</b>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<b>x</b>" not in body and "&lt;b&gt;x&lt;/b&gt;" in body


def test_too_many_values_and_a_nul_answer_400(client):
    many = "&".join(f"country=c{i}" for i in range(30))
    assert client.get(f"/events/csv/?{many}", follow=True).status_code == 400
    assert client.get("/events/csv/?country=uz%00").status_code == 400


def test_csv_addresses_drop_what_they_do_not_read(client):
    response = client.get("/events/csv/?page=2&utm_source=x&country=UZ")
    assert response.status_code == 302
    assert response["Location"] == "/events/csv/?country=uz"


def test_streamed_csv_is_never_stored_by_the_page_cache_but_the_calendar_is(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    EventFactory(date_precision="day")
    for _ in range(2):
        response = client.get("/events/csv/")
        assert response.streaming and "X-Cache" not in response
        body_of(response)
    client.get("/events/ical/")
    assert client.get("/events/ical/")["X-Cache"] == "hit"


def test_each_list_links_its_csv_with_the_number_it_shows(client, world):
    for path, noun in [
        ("/events/?country=uz", "events"),
        ("/news/?country=uz", "stories"),
        ("/facilities/?country=uz", "facilities"),
        ("/donors/", "donors"),
    ]:
        response = client.get(path)
        count = len(response.context["donors"]) if noun == "donors" else response.context["paginator"].count
        assert count > 1
        page = response.content.decode()
        export = export_of(path).replace("&", "&amp;")
        assert f'<a href="{export}" type="text/csv">Download these {count} {noun} as CSV</a>' in page, path
        assert client.get(export_of(path)).status_code == 200
    assert "Download all 3 programmes as CSV" in client.get("/programmes/").content.decode()
    events = client.get("/events/?country=uz").content.decode()
    assert '<a href="/events/ical/?country=uz" type="text/calendar">Subscribe to this calendar</a>' in events


def test_an_empty_list_offers_no_file(client, world):
    page = client.get("/events/?country=uz&year=1990").content.decode()
    assert "/events/csv/" not in page and "/events/ical/" not in page


# --- Russian ---------------------------------------------------------------------------------


def test_russian_csv_has_the_same_header_and_the_russian_texts(client):
    uz = CountryFactory(iso2="uz", name="Uzbekistan", name_ru="Узбекистан")
    EventFactory(
        slug="translated",
        title="Training in Tashkent",
        title_ru="Тренинг в Ташкенте",
        summary="Officers were trained.",
        summary_ru="Сотрудники прошли обучение.",
        city="Tashkent",
        city_ru="Ташкент",
        host_country=uz,
        start_date=datetime.date(2016, 11, 17),
        end_date=datetime.date(2016, 11, 18),
        date_precision="day",
    )
    english = client.get("/events/csv/")
    russian = client.get("/ru/events/csv/")
    assert russian["Content-Disposition"].startswith('attachment; filename="events-ru-')
    english_rows, russian_rows = csv_rows(english), csv_rows(russian)
    assert list(russian_rows[0]) == list(english_rows[0])  # the same field names
    row = russian_rows[0]
    assert (row["title"], row["city"], row["kind_name"]) == ("Тренинг в Ташкенте", "Ташкент", "Тренинг")
    assert row["place"] == "Ташкент, Узбекистан"
    assert row["date_as_shown"] == "17–18 ноября 2016 г."
    assert row["url"] == "http://testserver/ru/events/translated/"
    assert english_rows[0]["title"] == "Training in Tashkent"


def test_russian_csv_keeps_the_english_of_an_untranslated_item(client):
    EventFactory(slug="english-only", title="Handover in Osh")
    assert csv_rows(client.get("/ru/events/csv/"))[0]["title"] == "Handover in Osh"


def test_russian_calendar_is_in_russian(client):
    EventFactory(slug="day", start_date=datetime.date(2016, 10, 5), date_precision="day")
    EventFactory(slug="month", start_date=datetime.date(2016, 10, 1), date_precision="month")
    calendar = calendar_of(client.get("/ru/events/ical/?kind=training"))
    assert str(calendar["X-WR-CALNAME"]) == "Milestones: мероприятия — Тренинг"
    assert "не вошло" in str(calendar["X-WR-CALDESC"])
    (event,) = calendar.walk("VEVENT")
    assert event["CATEGORIES"].cats == ["Тренинг"]
    assert str(event["URL"]) == "http://testserver/ru/events/day/"
    assert calendar_of(client.get("/ru/events/day/ical/"))


def test_russian_lists_link_their_files_in_russian_with_russian_plurals(client):
    words = {
        1: "Скачать 1 событие в формате CSV",
        3: "Скачать 3 события в формате CSV",
        5: "Скачать 5 событий в формате CSV",
    }
    for n, text in words.items():
        EventFactory.create_batch(n - Event.objects.count(), date_precision="day")
        page = client.get("/ru/events/").content.decode()
        assert text in page, n
        assert 'href="/ru/events/csv/"' in page and 'href="/ru/events/ical/"' in page
    assert client.get("/ru/events/csv/").status_code == 200


def test_a_reader_who_leaves_early_closes_the_rows(client):
    EventFactory.create_batch(3)
    response = client.get("/events/csv/")
    pieces = iter(response.streaming_content)
    assert next(pieces).startswith("\ufeffid,slug,".encode())
    response.close()  # what the server does when the connection goes
    assert next(pieces, None) is None
