"""Themes (issue 16, item 6): reference data that programmes, stories, events and publications
carry; a `theme` filter with counts on the news and events lists; theme pages and their feeds;
themes in the sitemap, the search and the admin."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from milestones.filters import EventFilter, StoryFilter
from milestones.models import Event, Story
from programmes.models import Theme
from tests.factories import (
    CountryFactory,
    EventFactory,
    ProgrammeFactory,
    PublicationFactory,
    StoryFactory,
    ThemeFactory,
)
from tests.pages import structured_data

pytestmark = pytest.mark.django_db

ISSUE_THEMES = {
    "border-management",
    "criminal-justice",
    "drug-prevention-treatment-hiv",
    "trafficking-in-persons",
    "terrorism-prevention",
    "anti-corruption",
    "cybercrime",
}


@pytest.fixture
def justice():
    return ThemeFactory(slug="justice", name="Justice for all")


@pytest.fixture
def prisons():
    return ThemeFactory(slug="prisons", name="Prison reform")


# --- The reference data --------------------------------------------------------------------------


def test_migrations_seed_the_themes_the_issue_names():
    assert set(Theme.objects.values_list("slug", flat=True)) >= ISSUE_THEMES


def test_a_theme_slug_is_unique(justice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(slug="justice", name="Another name")


def test_a_theme_name_is_unique(justice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(slug="other-slug", name="Justice for all")


def test_seed_items_carry_no_theme(seed):
    """The seed bulletin does not say which theme its stories belong to: nothing is tagged."""
    assert not Theme.objects.filter(stories__isnull=False).exists()
    assert not Theme.objects.filter(events__isnull=False).exists()
    assert not Theme.objects.filter(programmes__isnull=False).exists()


# --- The filter ----------------------------------------------------------------------------------


def test_theme_filter_on_events_keeps_the_events_of_any_chosen_theme(client, justice, prisons):
    EventFactory(slug="on-justice").themes.add(justice)
    EventFactory(slug="on-prisons").themes.add(prisons)
    EventFactory(slug="untagged")
    events = client.get("/events/?theme=justice&theme=prisons").context["events"]
    assert {event.slug for event in events} == {"on-justice", "on-prisons"}
    events = client.get("/events/?theme=justice").context["events"]
    assert [event.slug for event in events] == ["on-justice"]


def test_theme_filter_on_news_keeps_the_stories_of_the_theme(client, justice):
    StoryFactory(slug="tagged").themes.add(justice)
    StoryFactory(slug="untagged")
    stories = client.get("/news/?theme=justice").context["stories"]
    assert [story.slug for story in stories] == ["tagged"]


def test_theme_and_country_filters_combine_on_the_canonical_address(client, justice):
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    in_uz = EventFactory(slug="justice-uz", host_country=uz)
    in_uz.themes.add(justice)
    EventFactory(slug="justice-kz", host_country=kz).themes.add(justice)
    EventFactory(slug="other-uz", host_country=uz)
    response = client.get("/events/?theme=justice&country=uz")
    assert response.status_code == 200  # canonical as the issue writes it: not redirected
    assert [event.slug for event in response.context["events"]] == ["justice-uz"]


def test_a_theme_filter_in_another_order_is_redirected_to_the_canonical_address(client, justice):
    CountryFactory(iso2="uz")
    response = client.get("/events/?country=uz&theme=justice")
    assert (response.status_code, response["Location"]) == (302, "/events/?theme=justice&country=uz")


def test_theme_facet_counts_each_item_once_per_theme(justice, prisons):
    both = EventFactory()
    both.themes.add(justice, prisons)
    EventFactory().themes.add(justice)
    EventFactory()

    filterset = EventFilter({}, queryset=Event.objects.published())
    (facet,) = [facet for facet in filterset.facet_list() if facet.name == "theme"]
    assert {option.value: option.count for option in facet.options} == {"justice": 2, "prisons": 1}


def test_theme_facet_counts_follow_the_other_filters(justice):
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    EventFactory(host_country=uz).themes.add(justice)
    EventFactory(host_country=kz).themes.add(justice)

    filterset = EventFilter({"country": ["kz"]}, queryset=Event.objects.published())
    (facet,) = [facet for facet in filterset.facet_list() if facet.name == "theme"]
    assert [(option.value, option.count) for option in facet.options] == [("justice", 1)]


def test_theme_facet_is_left_out_while_no_listed_item_has_a_theme(client):
    StoryFactory()

    filterset = StoryFilter({}, queryset=Story.objects.published())
    assert "theme" not in [facet.name for facet in filterset.facet_list()]
    assert "<legend>Theme</legend>" not in client.get("/news/").content.decode()


def test_theme_facet_shows_in_the_form_with_its_counts(client, justice):
    StoryFactory().themes.add(justice)
    page = client.get("/news/").content.decode()
    assert "<legend>Theme</legend>" in page
    assert 'value="justice"' in page


def test_an_unknown_theme_is_reported_and_not_stored(client):
    response = client.get("/events/?theme=no-such-theme")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


# --- Pages and feeds ---------------------------------------------------------------------------


def test_theme_list_names_every_theme(client, justice):
    page = client.get("/themes/").content.decode()
    assert "Justice for all" in page
    assert reverse("programmes:theme-detail", args=["justice"]) in page


def test_theme_page_shows_its_news_events_programmes_and_publications(client, justice):
    StoryFactory(title="A tagged story").themes.add(justice)
    EventFactory(title="A tagged event").themes.add(justice)
    ProgrammeFactory(title="A tagged programme").themes.add(justice)
    PublicationFactory(title="A tagged report").themes.add(justice)
    StoryFactory(title="An untagged story")
    page = client.get("/themes/justice/").content.decode()
    for title in ("A tagged story", "A tagged event", "A tagged programme", "A tagged report"):
        assert title in page
    assert "An untagged story" not in page
    assert "/news/?theme=justice" in page and "/events/?theme=justice" in page


def test_theme_page_leaves_out_drafts(client, justice):
    StoryFactory(title="A draft story", status="draft").themes.add(justice)
    PublicationFactory(title="A draft report", status="draft").themes.add(justice)
    page = client.get("/themes/justice/").content.decode()
    assert "A draft story" not in page and "A draft report" not in page


def test_unknown_theme_page_is_not_found(client):
    assert client.get("/themes/no-such-theme/").status_code == 404
    assert client.get("/themes/no-such-theme/feed/").status_code == 404


def test_theme_feed_follows_the_themes_news(client, justice):
    StoryFactory(title="A tagged story").themes.add(justice)
    StoryFactory(title="An untagged story")
    for path in ("/themes/justice/feed/", "/themes/justice/feed/atom/"):
        feed = client.get(path).content.decode()
        assert "A tagged story" in feed and "An untagged story" not in feed
        assert "/themes/justice/" in feed


def test_story_and_event_pages_link_their_themes(client, justice):
    story = StoryFactory()
    story.themes.add(justice)
    event = EventFactory()
    event.themes.add(justice)
    for item in (story, event):
        assert 'href="/themes/justice/"' in client.get(item.get_absolute_url()).content.decode()


def test_programme_page_links_its_themes(client, justice):
    programme = ProgrammeFactory()
    programme.themes.add(justice)
    assert 'href="/themes/justice/"' in client.get(programme.get_absolute_url()).content.decode()


def test_sitemap_lists_the_theme_pages(client, justice):
    assert "/themes/justice/" in client.get("/sitemap-themes.xml").content.decode()
    assert "/themes/" in client.get("/sitemap-sections.xml").content.decode()


def test_search_finds_a_theme_by_its_name_and_description(client, justice):
    page = client.get("/search/?q=justice").content.decode()
    assert "/themes/justice/" in page
    justice.description = "Covers zyzzogeton work."
    justice.save()
    assert "/themes/justice/" in client.get("/search/?q=zyzzogeton").content.decode()


def test_main_navigation_links_the_themes_and_publications(client):
    page = client.get("/").content.decode()
    assert 'href="/themes/"' in page and 'href="/publications/"' in page


def test_deleting_a_theme_that_published_stories_carry_is_refused(admin_client, justice):
    StoryFactory().themes.add(justice)
    url = reverse("admin:programmes_theme_delete", args=[justice.pk])
    admin_client.post(url, {"post": "yes"})
    assert Theme.objects.filter(pk=justice.pk).exists()


def test_admin_autocomplete_finds_themes(admin_client, justice):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "justice", "app_label": "milestones", "model_name": "story", "field_name": "themes"},
    )
    assert response.status_code == 200
    assert "Justice for all" in [row["text"] for row in response.json()["results"]]


def test_structured_data_of_stories_and_events_names_their_themes(client, justice):
    story, event = StoryFactory(), EventFactory()
    for item in (story, event):
        item.themes.add(justice)
        assert structured_data(client.get(item.get_absolute_url()).content.decode())["keywords"] == ["Justice for all"]
    assert "keywords" not in structured_data(client.get(StoryFactory().get_absolute_url()).content.decode())


def test_a_themes_slug_cannot_be_changed_once_saved(admin_client):
    """Addresses carry it: /themes/<slug>/ and ?theme=<slug> would break."""
    from programmes.models import Theme

    theme = Theme.objects.get(slug="border-management")
    page = admin_client.get(f"/admin/programmes/theme/{theme.pk}/change/").content.decode()
    assert 'name="slug"' not in page
    assert 'name="slug"' in admin_client.get("/admin/programmes/theme/add/").content.decode()
