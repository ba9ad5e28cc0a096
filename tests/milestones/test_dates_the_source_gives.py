"""Dates as the office's news gives them (issue 16, items 1 and 2): an event whose date the source
never states, and archive stories that keep the date the office first published them, so that
adding the archive does not make it "latest"."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from milestones.models import Event, Story
from programmes.models import Contribution
from tests.factories import ContributionFactory, CountryFactory, EventFactory, StoryFactory

pytestmark = pytest.mark.django_db

DEC_2016 = datetime.date(2016, 12, 1)


def undated_event(**fields):
    return EventFactory(date_precision="not-stated", start_date=DEC_2016, end_date=None, **fields)


def list_titles(response, name):
    return [item.title for item in response.context[name]]


# --- Item 1: an event the source gives no date for ------------------------------------------------


def test_an_undated_event_says_so_and_where_it_is_listed(client):
    event = undated_event(title="Opening of the BLO at Karamyk")
    card = client.get("/events/").content.decode()
    assert '<span class="date-not-stated">date not stated</span>' in card
    page = client.get(event.get_absolute_url()).content.decode()
    assert (
        'Not stated by the source; listed under <time datetime="2016-12">December 2016</time>, when it was reported.'
        in page
    )
    assert "1 December 2016" not in page  # the day it is listed under is not a date of the event


def test_an_undated_event_is_sorted_and_filtered_by_the_month_it_is_listed_under(client):
    undated_event(title="Handover, date not stated")
    EventFactory(title="Training in November", start_date=datetime.date(2016, 11, 17), date_precision="day")
    EventFactory(title="Forum of 2015", start_date=datetime.date(2015, 6, 1), date_precision="month")
    assert list_titles(client.get("/events/"), "events") == [
        "Handover, date not stated",
        "Training in November",
        "Forum of 2015",
    ]
    assert "Handover, date not stated" in list_titles(client.get("/events/?year=2016"), "events")
    assert "Handover, date not stated" not in list_titles(client.get("/events/?year=2015"), "events")


def test_search_engines_get_no_date_for_an_undated_event():
    event = undated_event()
    data = event.schema_org(lambda path: f"https://example.org{path}")
    assert "startDate" not in data and "endDate" not in data
    dated = EventFactory(start_date=datetime.date(2016, 11, 17), date_precision="day")
    assert dated.schema_org(lambda path: path)["startDate"] == "2016-11-17"


def test_the_feed_says_the_date_is_not_stated(client):
    undated_event(title="Handover of scanners", city="Dushanbe", host_country=CountryFactory(iso2="tj"))
    feed = client.get("/events/feed/").content.decode()
    assert "Training, date not stated, Dushanbe" in feed


@pytest.mark.parametrize(
    "fields",
    [
        {"end_date": datetime.date(2016, 12, 2)},  # a range needs dates
        {"start_date": datetime.date(2016, 12, 17)},  # listed under a month: its 1st
    ],
)
def test_the_database_refuses_an_undated_event_with_an_invented_day(fields):
    values = {"date_precision": "not-stated", "start_date": DEC_2016, "end_date": None, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(**values)


def test_other_dates_not_stated_are_empty():
    ContributionFactory(date=None, date_precision="not-stated")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionFactory(date=DEC_2016, date_precision="not-stated")
    assert Contribution.objects.get(date_precision="not-stated").when.display == "date not stated"


def test_day_ranges_across_months_and_years_keep_their_dates():
    across_months = Event(start_date=datetime.date(2016, 11, 30), end_date=datetime.date(2016, 12, 2))
    across_years = Event(start_date=datetime.date(2016, 12, 30), end_date=datetime.date(2017, 1, 2))
    assert str(across_months.when) == "30 November – 2 December 2016"
    assert str(across_years.when) == "30 December 2016 – 2 January 2017"


# --- Item 2: a story's own date, and the archive ---------------------------------------------------


def archive_story(n, **fields):
    """A story the office published in March 2015, added to this site a minute ago."""
    values = {
        "title": f"Archive story {n}",
        "first_published": datetime.date(2015, 3, 1),
        "first_published_precision": "month",
        "published_at": timezone.now() - datetime.timedelta(minutes=1),
    }
    return StoryFactory(**{**values, **fields})


def test_an_archive_story_shows_the_date_the_office_first_published_it(client):
    story = archive_story(1, first_published=datetime.date(2015, 3, 17), first_published_precision="day")
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<time datetime="2015-03-17">17 March 2015</time>' in page
    assert story.schema_org(lambda path: path)["datePublished"] == "2015-03-17"


def test_adding_the_archive_does_not_make_it_the_latest_news(client):
    latest = StoryFactory(title="New Port Control Unit", published_at=timezone.now() - datetime.timedelta(days=2))
    for n in range(30):
        archive_story(n)
    assert list_titles(client.get("/news/"), "stories")[0] == latest.title
    channel = ET.fromstring(client.get("/news/feed/").content).find("channel")
    assert channel.find("item/title").text == latest.title
    assert latest.title in client.get("/").content.decode()
    # The archive is where its own year puts it.
    assert client.get("/news/?year=2015").context["paginator"].count == 30


def test_the_feed_gives_an_archive_story_no_day_the_office_did_not_give(client):
    archive_story(1, slug="known-to-the-month")
    day = {"first_published": datetime.date(2015, 3, 17), "first_published_precision": "day"}
    archive_story(2, slug="known-to-the-day", **day)
    items = {
        item.find("link").text.rstrip("/").rsplit("/", 1)[-1]: item
        for item in ET.fromstring(client.get("/news/feed/").content).iter("item")
    }
    assert items["known-to-the-month"].find("pubDate") is None
    assert items["known-to-the-day"].find("pubDate").text == "Tue, 17 Mar 2015 00:00:00 +0500"


def test_the_database_refuses_a_first_publication_with_an_invented_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(first_published=datetime.date(2015, 3, 17), first_published_precision="month")


def test_the_listing_time_follows_whatever_writes_the_dates(seed):
    """Saved, loaded raw (the seed) or changed with update() and then relisted."""
    assert not Story.objects.filter(listed_at__isnull=True, published_at__isnull=False).exists()
    story = Story.objects.first()
    assert story.listed_at == story.published_at
    year_only = {"first_published": datetime.date(2015, 1, 1), "first_published_precision": "year"}
    Story.objects.filter(pk=story.pk).update(**year_only)
    Story.objects.filter(pk=story.pk).relist()
    story.refresh_from_db()
    assert timezone.localtime(story.listed_at).date() == datetime.date(2015, 1, 1)


def test_an_archive_story_without_a_date_says_so_and_stays_out_of_the_latest(client):
    latest = StoryFactory(title="New Port Control Unit", published_at=timezone.now() - datetime.timedelta(days=2))
    undated = archive_story(1, slug="undated", first_published=DEC_2016, first_published_precision="not-stated")
    page = client.get(undated.get_absolute_url()).content.decode()
    assert '<span class="date-not-stated">date not stated</span>' in page
    assert timezone.localdate().strftime("%-d %B %Y") not in page  # not the day it was added here
    assert "datePublished" not in undated.schema_org(lambda path: path)
    assert list_titles(client.get("/news/"), "stories")[0] == latest.title
    items = {
        item.find("link").text.rstrip("/").rsplit("/", 1)[-1]: item
        for item in ET.fromstring(client.get("/news/feed/").content).iter("item")
    }
    assert items["undated"].find("pubDate") is None


def test_the_database_refuses_an_undated_archive_story_without_a_month_to_list_it_under():
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(first_published=None, first_published_precision="not-stated")


def test_a_report_added_today_keeps_its_own_date_in_the_feed(client):
    from tests.factories import PublicationFactory

    PublicationFactory(slug="dated", date=datetime.date(2015, 3, 17), date_precision="day")
    PublicationFactory(slug="month-only", date=datetime.date(2015, 3, 1), date_precision="month")
    items = {
        item.find("link").text.rstrip("/").rsplit("/", 1)[-1]: item
        for item in ET.fromstring(client.get("/publications/feed/").content).iter("item")
    }
    assert items["dated"].find("pubDate").text.startswith("Tue, 17 Mar 2015")
    assert items["month-only"].find("pubDate") is None
