"""Feeds, search, the sitemap, robots.txt and the health check."""

import datetime
import re
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.db import DatabaseError

from milestones.models import Status
from tests.factories import (
    CountryFactory,
    EventFactory,
    FacilityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    PublicationFactory,
    StoryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    return sorted(item.findtext("title") for item in ET.fromstring(response.content).iter("item"))


def atom_titles(response):
    return sorted(entry.findtext(f"{ATOM}title") for entry in ET.fromstring(response.content).iter(f"{ATOM}entry"))


def test_news_feed_lists_published_stories_only(client):
    StoryFactory(title="Published")
    StoryFactory(title="Draft", status=Status.DRAFT)
    StoryFactory(title="Scheduled", published_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
    response = client.get("/news/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["Published"]
    assert atom_titles(client.get("/news/feed/atom/")) == ["Published"]


def test_filtered_event_feed_follows_trainings_in_tajikistan(client):
    tj, uz = CountryFactory(iso2="tj"), CountryFactory(iso2="uz")
    EventFactory(title="Training in Tajikistan", host_country=tj, kind_id="training")
    EventFactory(title="Forum in Tajikistan", host_country=tj, kind_id="forum")
    EventFactory(title="Training in Uzbekistan", host_country=uz, kind_id="training")
    response = client.get("/events/feed/?country=tj&kind=training")
    assert rss_titles(response) == ["Training in Tajikistan"]
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link").endswith("/events/?country=tj&kind=training")
    assert "Tajikistan, Training" in channel.findtext("title")


def test_country_feed_lists_that_countrys_news(client):
    kz = CountryFactory(iso2="kz")
    StoryFactory(title="About Kazakhstan").countries.add(kz)
    StoryFactory(title="About nowhere")
    assert rss_titles(client.get("/countries/kz/feed/")) == ["About Kazakhstan"]
    assert client.get("/countries/xx/feed/").status_code == 404


def test_programme_feed_includes_its_sub_programmes(client):
    parent = ProgrammeFactory(slug="ccp")
    StoryFactory(title="Segment news").programmes.add(ProgrammeFactory(parent=parent))
    assert atom_titles(client.get("/programmes/ccp/feed/atom/")) == ["Segment news"]


def test_feed_with_bad_filters_still_answers(client):
    StoryFactory(title="Published")
    response = client.get("/news/feed/?country=%3Cscript%3E&year=abc")
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_pages_announce_their_feeds(client):
    CountryFactory(iso2="tj")
    page = client.get("/countries/tj/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert 'href="/countries/tj/feed/"' in page


# --- Search ----------------------------------------------------------------------------------


def test_search_finds_every_kind_of_item(client):
    StoryFactory(title="Border story", body="Officers at the border.")
    EventFactory(title="Border training")
    ProgrammeFactory(title="Border Liaison Offices programme")
    FacilityFactory(name="Border Liaison Office at Oybek")
    OrganisationFactory(name="State Border Guard Committee")
    PublicationFactory(title="Border management assessment")
    ThemeFactory(name="Border security", slug="border-security")
    StoryFactory(title="Unrelated", body="Nothing to see.")
    page = client.get("/search/?q=border").content.decode()
    # Themes: this one and the seeded "Border management and drug trafficking".
    assert sorted(set(re.findall(r'<span class="label">([^<]+)</span>', page))) == [
        "Event",
        "Facility",
        "Organisation",
        "Programme",
        "Publication",
        "Story",
        "Theme",
    ]


def test_search_needs_every_word(client):
    StoryFactory(title="Port Control Unit opened in Aktau")
    StoryFactory(title="Port Control Unit opened in Dushanbe")
    results = client.get("/search/?q=port+aktau").context["results"]
    assert len(results) == 1 and "Aktau" in results[0]


def test_search_ranks_a_title_match_above_a_text_match(client):
    StoryFactory(title="A story", body="The methadone programme is mentioned once here.")
    StoryFactory(title="Methadone maintenance therapy", body="Study visits.")
    results = client.get("/search/?q=methadone").context["results"]
    assert "<mark>Methadone</mark> maintenance therapy</a>" in results[0]


def test_search_highlights_the_words(client):
    StoryFactory(title="Port Control Unit opened", standfirst="A new unit at Aktau seaport.")
    page = client.get("/search/?q=aktau").content.decode()
    assert "<mark>Aktau</mark>" in page


def test_search_snippets_read_as_the_story_reads(client):
    StoryFactory(
        title="Units opened",
        standfirst="",
        body="Three new Port Control Units (PCUs) opened, as **the [World Customs Organization](https://wco.example/)**"
        " reports.",
    )
    page = client.get("/search/?q=pcus").content.decode()
    assert "Three new Port Control Units (<mark>PCUs</mark>) opened, as the World Customs Organization reports." in page
    assert "wco.example" not in page


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_search_snippets_of_links_with_parentheses_and_references_keep_only_their_text(client):
    StoryFactory(
        title="Units opened",
        standfirst="",
        body="The [Port Control Unit](https://en.wikipedia.org/wiki/Port_(disambiguation)) and the "
        "[The [CCP] segment](https://x.org/ccp) in the [report][1].\n\n[1]: https://unodc.org/r_2016.pdf",
    )
    page = text(client.get("/search/?q=segment"))
    assert "The Port Control Unit and the The [CCP] <mark>segment</mark> in the report." in page
    assert "wikipedia" not in page and "x.org" not in page and "r_2016" not in page


def test_search_snippets_of_plain_text_keep_every_character(client):
    EventFactory(title="Training", summary="Officers of customs_post_7 learned C# (phase 2) * 3 > 2.")
    page = text(client.get("/search/?q=officers"))
    assert "<mark>Officers</mark> of customs_post_7 learned C# (phase 2) * 3 &gt; 2." in page


def test_search_does_not_reflect_markup(client):
    StoryFactory(title="Anything")
    page = client.get("/search/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_search_without_words_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] == []


def test_search_leaves_out_drafts(client):
    StoryFactory(title="Draft about Aktau", status=Status.DRAFT)
    assert client.get("/search/?q=aktau").context["results"] == []


# A NUL is refused with 400 before any view (tests/test_control_characters.py).
@pytest.mark.parametrize("query", ["&&&", "a" * 5000, "!(border | ", "'; DROP TABLE milestones_story; --", "\x01\x1f"])
def test_search_takes_any_input(client, query):
    StoryFactory(title="Border")
    assert client.get("/search/", {"q": query}, follow=True).status_code == 200


# --- Site files -----------------------------------------------------------------------------------


def test_sitemap_lists_published_items_only(client):
    StoryFactory(slug="public")
    StoryFactory(slug="draft", status=Status.DRAFT)
    CountryFactory(iso2="uz")
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-news.xml" in index
    assert "http://testserver/sitemap-countries.xml" in index
    news = client.get("/sitemap-news.xml").content.decode()
    assert "/news/public/" in news
    assert "/news/draft/" not in news
    assert "/countries/uz/" in client.get("/sitemap-countries.xml").content.decode()


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    page = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in page
    assert "Disallow: /admin/" in page


def test_health_check_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_check_says_which_dependency_failed(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
