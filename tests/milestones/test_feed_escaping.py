"""Editors' plain text reaches feed readers as text, never as live markup (issue 14, item 2).

A feed reader takes an item's description out of the XML (unescaping it once) and, since
the feed declares it HTML, renders it: these tests read each feed the same way.
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from tests.factories import CountryFactory, EventFactory, ProgrammeFactory, StoryFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOAD = "<img src=x onerror=alert(1)>"


class HtmlReading(HTMLParser):
    """The elements and the text a browser would find in a piece of HTML."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = ""
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def item_descriptions(response):
    """Each item's description as a reader gets it: RSS <description>, Atom <summary type="html">."""
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        summaries = list(root.iter(f"{ATOM}summary"))
        assert all(summary.get("type") == "html" for summary in summaries)
        return [summary.text or "" for summary in summaries]
    return [item.findtext("description") for item in root.iter("item")]


def assert_reads_as_text(html):
    reading = HtmlReading(html)
    assert "img" not in reading.tags
    assert PAYLOAD in reading.text


@pytest.mark.parametrize("url", ["/events/feed/", "/events/feed/atom/"])
@pytest.mark.parametrize("field", ["city", "venue", "summary"])
def test_an_events_city_venue_and_summary_reach_the_event_feeds_as_text(client, url, field):
    EventFactory(**{field: PAYLOAD})
    [description] = item_descriptions(client.get(url))
    assert_reads_as_text(description)


@pytest.mark.parametrize(
    "url",
    [
        "/news/feed/",
        "/news/feed/atom/",
        "/countries/kz/feed/",
        "/countries/kz/feed/atom/",
        "/programmes/ccp/feed/",
        "/programmes/ccp/feed/atom/",
    ],
)
def test_a_storys_standfirst_reaches_the_news_country_and_programme_feeds_as_text(client, url):
    story = StoryFactory(standfirst=PAYLOAD)
    story.countries.add(CountryFactory(iso2="kz"))
    story.programmes.add(ProgrammeFactory(slug="ccp"))
    [description] = item_descriptions(client.get(url))
    assert_reads_as_text(description)


def test_search_words_reach_the_feed_descriptions_as_text(client):
    # The channel's title carries the search words; RSS readers render its description as HTML
    # and Atom sends its subtitle as text.
    rss = ET.fromstring(client.get("/news/feed/", {"q": PAYLOAD}).content)
    assert_reads_as_text(rss.find("channel").findtext("description"))
    atom = ET.fromstring(client.get("/news/feed/atom/", {"q": PAYLOAD}).content)
    subtitle = atom.find(f"{ATOM}subtitle")
    assert subtitle.get("type") in (None, "text")
    assert PAYLOAD in subtitle.text


def test_the_feeds_keep_ordinary_punctuation_readable(client):
    EventFactory(venue="Hotel “Navruz” & Spa", city="Dushanbe", summary="Officers' training <2 days>.")
    [description] = item_descriptions(client.get("/events/feed/atom/"))
    assert "Hotel “Navruz” & Spa, Dushanbe" in HtmlReading(description).text
    assert "Officers' training <2 days>." in HtmlReading(description).text
