"""The people list, the quotes list and each quote's own page with its "cite this" line (issue 19,
item 5)."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from milestones.models import Status
from tests.factories import (
    BulletinFactory,
    CountryFactory,
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    QuoteFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def text(response):
    """The page's words, without tags, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def listed_names(response, name):
    return [str(item) for item in response.context[name]]


def draft_story(**fields):
    return StoryFactory(status=Status.DRAFT, published_at=None, **fields)


# --- /people/ ---------------------------------------------------------------------------------------


def test_people_lists_those_quoted_or_signing_published_stories_by_name_with_organisation_and_position(client):
    customs = OrganisationFactory(name="State Customs Committee", slug="customs")
    QuoteFactory(person=PersonFactory(name="Zarina Umarova", organisation=customs, position="Deputy Chair"))
    StoryFactory(signed_by=PersonFactory(name="Ashita Mittal", position="Regional Representative"))
    QuoteFactory(person=PersonFactory(name="Only In A Draft"), story=draft_story())
    PersonFactory(name="Never Quoted")
    response = client.get("/people/")
    assert listed_names(response, "people") == ["Ashita Mittal", "Zarina Umarova"]
    page = text(response)
    assert "Deputy Chair" in page and "State Customs Committee" in page and "Regional Representative" in page
    assert "2 people" in page
    assert 'href="/organisations/customs/"' in response.content.decode()


def test_people_filter_by_organisation_country_and_year_of_the_stories_they_appear_in(client):
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    customs = OrganisationFactory(slug="customs")
    in_uz = StoryFactory(first_published=datetime.date(2016, 10, 1), first_published_precision="month")
    in_uz.countries.add(uz)
    in_kz = StoryFactory(first_published=datetime.date(2015, 3, 1), first_published_precision="month")
    in_kz.countries.add(kz)
    QuoteFactory(person=PersonFactory(name="Aziz", organisation=customs), story=in_uz)
    QuoteFactory(person=PersonFactory(name="Bolat"), story=in_kz)
    in_uz.signed_by = PersonFactory(name="Chingiz")
    in_uz.save()
    assert listed_names(client.get("/people/?organisation=customs"), "people") == ["Aziz"]
    assert listed_names(client.get("/people/?country=uz"), "people") == ["Aziz", "Chingiz"]
    assert listed_names(client.get("/people/?year=2015"), "people") == ["Bolat"]
    facets = {
        facet.name: {o.value: o.count for o in facet.options} for facet in client.get("/people/").context["facets"]
    }
    assert facets["country"] == {"uz": 2, "kz": 1}
    assert facets["year"] == {"2016": 2, "2015": 1}
    assert facets["organisation"] == {"customs": 1}


@pytest.mark.parametrize(
    "query",
    ["country=xx", "organisation=nobody", "year=soon", "year=1066", "&".join(f"year={2000 + n}" for n in range(21))],
)
def test_people_filter_values_that_are_no_option_are_reported_and_ignored(client, query):
    QuoteFactory(person=PersonFactory(name="Aziz"))
    response = client.get(f"/people/?{query}")
    assert response.status_code == 200
    assert "could not be used and were ignored" in text(response)
    assert listed_names(response, "people") == ["Aziz"]
    assert "private" in response["Cache-Control"]  # not stored: such addresses have no end


def test_people_list_is_paginated_keeping_its_filters(client):
    story = StoryFactory()
    story.countries.add(CountryFactory(iso2="uz"))
    for number in range(25):
        QuoteFactory(person=PersonFactory(name=f"Person {number:02}"), story=story)
    response = client.get("/people/?country=uz&page=2")
    assert listed_names(response, "people") == [f"Person {number:02}" for number in range(20, 25)]
    assert 'href="?country=uz&amp;page=1"' in response.content.decode()


# --- /quotes/ ---------------------------------------------------------------------------------------


def test_quotes_lists_published_quotes_newest_first(client):
    older = StoryFactory(first_published=datetime.date(2015, 5, 1), first_published_precision="month")
    newer = StoryFactory(first_published=datetime.date(2016, 11, 17))
    QuoteFactory(text="Older words.", story=older)
    QuoteFactory(text="Newer, first.", story=newer, position=1)
    QuoteFactory(text="Newer, second.", story=newer, position=2)
    QuoteFactory(text="In a draft.", story=draft_story())
    QuoteFactory(text="Scheduled.", story=StoryFactory(published_at=timezone.now() + datetime.timedelta(days=1)))
    response = client.get("/quotes/")
    assert [quote.text for quote in response.context["quotes"]] == ["Newer, first.", "Newer, second.", "Older words."]
    assert "3 quotes" in text(response)


@pytest.fixture
def quoted_world():
    """Three quotes: in Uzbekistan under a sub-programme in 2016, in Kazakhstan in 2015, and one
    by a speaker of another organisation."""
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    programme = ProgrammeFactory(slug="programme")
    child = ProgrammeFactory(slug="child", parent=programme)
    customs = OrganisationFactory(slug="customs")
    aziz = PersonFactory(slug="aziz", organisation=customs)
    story_2016 = StoryFactory(first_published=datetime.date(2016, 10, 1), first_published_precision="month")
    story_2016.countries.add(uz)
    story_2016.programmes.add(child)
    story_2015 = StoryFactory(first_published=datetime.date(2015, 3, 1), first_published_precision="month")
    story_2015.countries.add(kz)
    QuoteFactory(text="Uzbekistan 2016.", person=aziz, story=story_2016)
    QuoteFactory(text="Kazakhstan 2015.", person=aziz, story=story_2015)
    QuoteFactory(text="Another organisation.", person=PersonFactory(slug="bolat"), story=story_2016)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person=aziz", ["Uzbekistan 2016.", "Kazakhstan 2015."]),
        ("organisation=customs", ["Uzbekistan 2016.", "Kazakhstan 2015."]),
        ("country=uz", ["Uzbekistan 2016.", "Another organisation."]),
        ("country=KZ", ["Kazakhstan 2015."]),
        ("programme=programme", ["Uzbekistan 2016.", "Another organisation."]),  # and below it
        ("year=2015", ["Kazakhstan 2015."]),
        ("person=aziz&year=2016", ["Uzbekistan 2016."]),
        ("person=aziz&person=bolat&country=uz", ["Uzbekistan 2016.", "Another organisation."]),
    ],
)
def test_quotes_filter_by_person_organisation_country_programme_and_year(client, quoted_world, query, expected):
    response = client.get(f"/quotes/?{query}", follow=True)
    assert [quote.text for quote in response.context["quotes"]] == expected


def test_quotes_facets_count_what_each_option_would_give(client, quoted_world):
    facets = {f.name: {o.value: o.count for o in f.options} for f in client.get("/quotes/").context["facets"]}
    assert facets["person"] == {"aziz": 2, "bolat": 1}
    assert facets["organisation"] == {"customs": 2}
    assert facets["country"] == {"uz": 2, "kz": 1}
    assert facets["programme"] == {"programme": 2, "child": 2}
    assert facets["year"] == {"2016": 2, "2015": 1}


@pytest.mark.parametrize(
    "query",
    ["person=nobody", "organisation=none", "country=x1", "programme=nothing", "year=abc", "country=uz%1B"],
)
def test_quotes_filter_values_that_are_no_option_are_reported_and_ignored(client, quoted_world, query):
    response = client.get(f"/quotes/?{query}")
    assert response.status_code == 200
    assert "could not be used and were ignored" in text(response)
    assert len(response.context["quotes"]) == 3


def test_quotes_of_an_unnamed_speaker_are_listed_with_the_sources_description(client):
    QuoteFactory(person=None, attribution="A participant from the Ministry of Interior", text="It helped.")
    page = text(client.get("/quotes/"))
    assert "A participant from the Ministry of Interior" in page and "“It helped.”" in page


# --- /quotes/<id>/ ------------------------------------------------------------------------------------


@pytest.fixture
def cited_quote():
    edition = BulletinFactory(title="Milestones: September–December 2016", slug="edition")
    story = StoryFactory(
        title="Interagency Mobile Teams in Uzbekistan",
        slug="mobile-teams",
        bulletin=edition,
        first_published=datetime.date(2016, 12, 1),
        first_published_precision="month",
    )
    event = EventFactory(title="Signing of the Exchange of Notes", slug="signing")
    person = PersonFactory(name="Akhmed Mansurov", slug="akhmed-mansurov", position="Director")
    quote = QuoteFactory(text="A demonstration of joint efforts.", person=person, story=story, event=event)
    # Promoted since: the quote keeps the position he held when he said it.
    person.position = "Minister"
    person.save()
    return quote


def test_quote_page_shows_the_quote_speaker_position_then_date_story_edition_and_event(client, cited_quote):
    response = client.get(f"/quotes/{cited_quote.pk}/")
    page = text(response)
    assert "“A demonstration of joint efforts.”" in page
    assert "Director" in page and "Minister" not in page
    assert "December 2016" in page
    body = response.content.decode()
    for address in ("/people/akhmed-mansurov/", "/news/mobile-teams/", "/bulletins/edition/", "/events/signing/"):
        assert f'href="{address}"' in body


def test_quote_page_cites_it_in_one_line_with_its_address(client, cited_quote):
    response = client.get(f"/quotes/{cited_quote.pk}/")
    citation = re.search(r'<p class="citation__text"[^>]*>(.*?)</p>', response.content.decode(), re.S).group(1)
    assert " ".join(html.unescape(re.sub(r"<[^>]+>", "", citation)).split()) == (
        "Akhmed Mansurov (December 2016). “A demonstration of joint efforts.” In: Interagency Mobile Teams in "
        "Uzbekistan, Milestones: September–December 2016, UNODC Regional Office for Central Asia. "
        f"http://testserver/quotes/{cited_quote.pk}/"
    )
    assert 'data-copy="citation-text"' in response.content.decode()


def citation_of(response):
    citation = re.search(
        r'<p class="citation__text"[^>]*>(.*?) <span class="citation__address"', response.content.decode(), re.S
    )
    return citation.group(1)


def test_a_quote_without_a_closing_full_stop_gets_one_after_the_marks(client):
    statement = QuoteFactory(text="We will keep working", person=PersonFactory(name="Bolat"))
    assert "“We will keep working”. In:" in citation_of(client.get(f"/quotes/{statement.pk}/"))
    question = QuoteFactory(text="Will we keep working?", person=PersonFactory(name="Bolat"))
    assert "“Will we keep working?” In:" in citation_of(client.get(f"/quotes/{question.pk}/"))


def test_a_quote_of_a_story_in_no_public_edition_is_cited_in_milestones_marked_english_on_russian_pages(client):
    edition = BulletinFactory(title="Milestones No. 99", status=Status.DRAFT, published_at=None)
    quote = QuoteFactory(person=PersonFactory(name="Bolat"), story=StoryFactory(bulletin=edition))
    assert ", Milestones, UNODC" in citation_of(client.get(f"/quotes/{quote.pk}/"))
    russian = citation_of(client.get(f"/ru/quotes/{quote.pk}/"))
    assert ', <span lang="en">Milestones</span>, Региональное' in russian and "No. 99" not in russian


def test_a_quote_whose_date_the_source_does_not_give_is_cited_without_one(client):
    story = StoryFactory(first_published=datetime.date(2016, 10, 1), first_published_precision="not-stated")
    quote = QuoteFactory(person=PersonFactory(name="Bolat"), story=story)
    page = text(client.get(f"/quotes/{quote.pk}/"))
    assert "Bolat (n.d.)." in page
    assert "October 2016" not in page and "1 October" not in page


def test_a_quote_known_to_the_year_is_cited_with_the_year_alone(client):
    story = StoryFactory(first_published=datetime.date(2015, 1, 1), first_published_precision="year")
    quote = QuoteFactory(person=PersonFactory(name="Bolat"), story=story)
    page = text(client.get(f"/quotes/{quote.pk}/"))
    assert "Bolat (2015)." in page and "January" not in page


def test_a_quote_at_an_unpublished_event_names_no_event(client):
    event = EventFactory(title="Closed meeting", status=Status.DRAFT, published_at=None)
    quote = QuoteFactory(event=event)
    assert "Closed meeting" not in text(client.get(f"/quotes/{quote.pk}/"))


@pytest.mark.parametrize(
    "story",
    [
        {"status": Status.DRAFT, "published_at": None},
        {"status": Status.IN_REVIEW, "published_at": None},
        {"status": Status.PUBLISHED, "published_at": datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)},
    ],
    ids=["draft", "in review", "scheduled"],
)
def test_a_quote_whose_story_is_not_published_has_no_page_and_is_in_no_list(client, story):
    quote = QuoteFactory(text="Not yet.", person=PersonFactory(slug="waiting"), story=StoryFactory(**story))
    assert client.get(f"/quotes/{quote.pk}/").status_code == 404
    assert "Not yet." not in text(client.get("/quotes/"))
    assert "/people/waiting/" not in client.get("/people/").content.decode()
    sitemaps = client.get("/sitemap-quotes.xml").content.decode() + client.get("/sitemap-people.xml").content.decode()
    assert f"/quotes/{quote.pk}/" not in sitemaps and "/people/waiting/" not in sitemaps


@pytest.mark.parametrize(("published", "address"), [(True, "/quotes/{pk}/"), (False, "/news/draft/#quote-{pk}")])
def test_the_admins_view_on_site_of_a_quote_leads_where_staff_can_see_it(as_editor, published, address):
    fields = {} if published else {"status": Status.DRAFT, "published_at": None}
    quote = QuoteFactory(story=StoryFactory(slug="draft", **fields))
    page = as_editor.get(f"/admin/milestones/quote/{quote.pk}/change/").content.decode()
    assert f'href="{address.format(pk=quote.pk)}"' in page
    target = address.format(pk=quote.pk).split("#")[0]
    assert as_editor.get(target).status_code == 200


@pytest.mark.parametrize(
    "story",
    [{"status": Status.DRAFT, "published_at": None}, {"published_at": timezone.now() + datetime.timedelta(days=3)}],
    ids=["draft", "scheduled"],
)
def test_a_person_named_only_in_unpublished_stories_has_no_page_but_staff_previews_link_to_one(client, editor, story):
    quoted = PersonFactory(slug="quoted-in-draft")
    signing = PersonFactory(slug="signing-draft")
    QuoteFactory(person=quoted, story=StoryFactory(slug="unpublished", signed_by=signing, **story))
    for address in ("/people/quoted-in-draft/", "/people/signing-draft/", "/ru/people/signing-draft/"):
        assert client.get(address).status_code == 404
    client.force_login(editor)
    preview = client.get("/news/unpublished/").content.decode()
    for address in ("/people/quoted-in-draft/", "/people/signing-draft/"):
        assert f'href="{address}"' in preview
        response = client.get(address)
        assert response.status_code == 200 and "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("page", ["/news/unpublished/", "/bulletins/unpublished-edition/"])
def test_a_staff_preview_of_an_unpublished_story_offers_no_quote_page(as_editor, page):
    edition = BulletinFactory(slug="unpublished-edition", status=Status.DRAFT, published_at=None)
    story = StoryFactory(slug="unpublished", bulletin=edition, status=Status.DRAFT, published_at=None)
    unpublished = QuoteFactory(story=story)
    published = QuoteFactory(story=StoryFactory(bulletin=edition))
    body = as_editor.get(page).content.decode()
    assert f'id="quote-{unpublished.pk}"' in body and f'href="/quotes/{unpublished.pk}/"' not in body
    if page.startswith("/bulletins/"):
        assert f'href="/quotes/{published.pk}/"' in body
        assert as_editor.get(f"/quotes/{published.pk}/").status_code == 200


def test_a_quote_address_that_is_not_a_number_is_not_found(client):
    assert client.get("/quotes/abc/").status_code == 404
    assert client.get("/quotes/99999999999999999999999/").status_code == 404


def test_story_person_and_event_pages_link_each_quote_to_its_page(client, cited_quote):
    for address in ("/news/mobile-teams/", "/people/akhmed-mansurov/", "/events/signing/"):
        assert f'href="/quotes/{cited_quote.pk}/"' in client.get(address).content.decode(), address


def test_sitemaps_list_the_people_and_quotes_pages(client, cited_quote):
    assert "http://testserver/quotes/" in client.get("/sitemap-sections.xml").content.decode()
    assert f"http://testserver/quotes/{cited_quote.pk}/" in client.get("/sitemap-quotes.xml").content.decode()
    assert f"http://testserver/ru/quotes/{cited_quote.pk}/" in client.get("/sitemap-quotes.xml").content.decode()
    assert "http://testserver/people/akhmed-mansurov/" in client.get("/sitemap-people.xml").content.decode()


# --- In Russian -----------------------------------------------------------------------------------------


def test_a_translated_quote_reads_in_russian_with_russian_marks_and_citation(client, cited_quote):
    cited_quote.text_ru = "Демонстрация совместных усилий."
    cited_quote.position_at_the_time_ru = "Директор"
    cited_quote.save()
    response = client.get(f"/ru/quotes/{cited_quote.pk}/")
    body, page = response.content.decode(), text(response)
    assert "«Демонстрация совместных усилий.»" in page and "joint efforts" not in page
    assert "Директор" in page
    assert "декабрь 2016 г." in page
    assert "Источник:" in page and "Региональное представительство УНП ООН для Центральной Азии" in page
    assert f"http://testserver/ru/quotes/{cited_quote.pk}/" in page
    # The name and the untranslated story title are English, and marked so; the quote is not.
    assert '<span lang="en">Akhmed Mansurov</span>' in body
    assert '<span lang="en">Interagency Mobile Teams in Uzbekistan</span>' in body
    assert "<blockquote><p>«Демонстрация" in body
    assert "<span>«Демонстрация совместных усилий.»</span> Источник:" not in body  # marked only if English
    assert "«Демонстрация совместных усилий.» Источник:" in body and "усилий.»." not in body


def test_an_untranslated_quote_shows_its_english_marked_on_the_russian_page(client, cited_quote):
    body = client.get(f"/ru/quotes/{cited_quote.pk}/").content.decode()
    assert '<blockquote lang="en"><p>“A demonstration of joint efforts.”</p></blockquote>' in body


def test_people_and_quotes_lists_are_in_russian_under_ru(client, cited_quote):
    people, quotes = text(client.get("/ru/people/")), text(client.get("/ru/quotes/"))
    assert "Люди" in people and "1 человек" in people
    assert "Цитаты" in quotes and "1 цитата" in quotes
    assert "Cite this quote" not in quotes and "Процитировать" in quotes


# --- Query budgets --------------------------------------------------------------------------------------


def add_quotes(n, *, story, country, programme, organisation):
    for _ in range(n):
        person = PersonFactory(organisation=organisation)
        QuoteFactory(person=person, story=story, event=EventFactory())
        signed = StoryFactory(signed_by=PersonFactory(organisation=OrganisationFactory()))
        signed.countries.add(country)
        signed.programmes.add(programme)


def queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/people/",
        "/people/?organisation=customs&country=uz&year=2016",
        "/quotes/",
        "/quotes/?person=aziz&organisation=customs&country=uz&programme=programme&year=2016",
        "/ru/quotes/",
        "/quotes/first/",
        "/ru/quotes/first/",
        "/sitemap-quotes.xml",
        "/sitemap-people.xml",
    ],
)
def test_people_and_quotes_pages_run_the_same_queries_with_5_or_50_rows(client, settings, path):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0
    country = CountryFactory(iso2="uz")
    programme = ProgrammeFactory(slug="programme")
    organisation = OrganisationFactory(slug="customs")
    story = StoryFactory(bulletin=BulletinFactory())
    story.countries.add(country)
    story.programmes.add(programme)
    first = QuoteFactory(
        person=PersonFactory(slug="aziz", organisation=organisation), story=story, event=EventFactory()
    )
    path = path.replace("first", str(first.pk))
    rows = {"story": story, "country": country, "programme": programme, "organisation": organisation}
    add_quotes(4, **rows)
    with_five = queries_for(client, path)
    add_quotes(45, **rows)
    with_fifty = queries_for(client, path)
    assert with_fifty == with_five, f"{path}: {with_five} queries with 5 rows, {with_fifty} with 50"


def test_quote_cards_read_no_story_body_and_join_only_what_they_show(client, settings):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0
    QuoteFactory(
        person=PersonFactory(organisation=OrganisationFactory()),
        story=StoryFactory(bulletin=BulletinFactory()),
        event=EventFactory(),
    )
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/quotes/").status_code == 200
    cards = [query["sql"] for query in captured if query["sql"].startswith('SELECT "milestones_quote"."id", ')]
    [rows] = [sql for sql in cards if '"milestones_story"."title"' in sql]  # the page's quotes, by id
    assert '"milestones_bulletin"."title"' in rows
    assert "body" not in rows
    assert "programmes_organisation" not in rows and "milestones_event" not in rows
