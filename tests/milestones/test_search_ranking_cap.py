"""The cost of search ranking (issue 21, item 5): on PostgreSQL the search page ranks only
candidates of the stories, events and publications (milestones.search, `ranked()`): the newest
RANKED_CANDIDATES matches whose title has every word and the newest RANKED_CANDIDATES matches.
An item matching in its title is ranked however many newer items match in their text; an older
item matching in its text only is left out, on purpose; the lists' "Words" filter still gives
every match. The tests set the cap to 2.

Equal ranks come in the model's own order (the newest first) on both databases."""

import datetime
import re

import pytest
from django.db import connection

from milestones.models import Event, Story
from milestones.search import ranked
from tests.factories import PAST, EventFactory, ProgrammeFactory, StoryFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL's ranking is capped; SQLite ranks every match"
)
CAP = 2
WORDS = "quokka lantern"


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr("milestones.search.RANKED_CANDIDATES", CAP)


EVENT_DAY = datetime.date(2016, 9, 1)


def days_before(day, days):
    return day - datetime.timedelta(days=days)


def story(slug, days_old, **texts):
    return StoryFactory(slug=slug, published_at=days_before(PAST, days_old), **texts)


def newer_stories_with_the_words_in_their_text(count=CAP + 2):
    return [
        story(f"newer-{n}", n, title=f"Field visit {n}", standfirst=f"Officers saw the {WORDS} unit.")
        for n in range(count)
    ]


def event(slug, days_old):
    return EventFactory(
        slug=slug, summary=f"The {WORDS} unit.", start_date=days_before(EVENT_DAY, days_old), date_precision="day"
    )


def result_slugs(client, query, path="/search/"):
    """The slugs of the items the search page lists, best first."""
    results = client.get(path, {"q": query}).context["results"]
    return [
        re.search(r'<h2 class="search-hit__title"[^>]*><a href="[^"]*/([^/"]+)/">', result).group(1)
        for result in results
    ]


@postgres_only
def test_an_old_story_with_the_words_in_its_title_is_ranked_among_many_newer_matches(client, small_cap):
    newer_stories_with_the_words_in_their_text()
    story("old-title", 400, title=f"The {WORDS} project", standfirst="Opened in Aktau.")
    assert result_slugs(client, WORDS)[0] == "old-title"


@postgres_only
def test_an_old_story_with_the_words_in_its_text_only_is_left_out_beyond_the_cap(client, small_cap):
    newer_stories_with_the_words_in_their_text()
    story("old-text", 400, title="Field visit to Aktau", standfirst=f"The {WORDS} unit, twice: {WORDS}.")
    assert result_slugs(client, WORDS) == ["newer-0", "newer-1"]


@postgres_only
def test_only_the_newest_title_matches_are_ranked_beyond_the_cap(client, small_cap):
    for n in range(CAP + 1):
        story(f"title-{n}", n, title=f"The {WORDS} project {n}", standfirst="Opened in Aktau.")
    assert result_slugs(client, WORDS) == ["title-0", "title-1"]


@postgres_only
def test_the_cap_counts_the_rows_of_the_queryset_it_is_given(small_cap):
    """The candidates are the newest of the published matches: drafts do not take their places."""
    newer_stories_with_the_words_in_their_text()
    Story.objects.filter(slug__in=["newer-0", "newer-1"]).update(status="draft")
    assert [item.slug for item in ranked(Story.objects.published(), WORDS)] == ["newer-2", "newer-3"]


@postgres_only
def test_a_russian_page_ranks_an_old_story_with_the_words_in_its_russian_title(client, small_cap):
    for n in range(CAP + 2):
        story(f"newer-{n}", n, title=f"Field visit {n}", standfirst_ru="Прошли тренинги для офицеров.")
    story("old-title", 400, title="Field visit", title_ru="Тренинги для пограничников", standfirst_ru="В Душанбе.")
    slugs = result_slugs(client, "тренинг", path="/ru/search/")
    assert slugs[0] == "old-title"
    assert len(slugs) == 1 + CAP


@postgres_only
def test_a_russian_page_finds_the_english_title_matches_too(client, small_cap):
    newer_stories_with_the_words_in_their_text()
    story("old-title", 400, title=f"The {WORDS} project", standfirst="Opened in Aktau.")
    assert result_slugs(client, WORDS, path="/ru/search/")[0] == "old-title"


@postgres_only
def test_the_words_filter_of_the_lists_gives_every_match_beyond_the_cap(client, small_cap):
    newer_stories_with_the_words_in_their_text()
    story("old-text", 400, title="Field visit to Aktau", standfirst=f"The {WORDS} unit.")
    for n in range(CAP + 2):
        event(f"event-{n}", n)
    assert len(client.get("/news/", {"q": WORDS}).context["stories"]) == CAP + 3
    assert len(client.get("/events/", {"q": WORDS}).context["events"]) == CAP + 2


@postgres_only
def test_the_search_ranks_every_match_of_programmes(client, small_cap):
    """Reference data is small: its ranking is not capped."""
    for n in range(CAP + 2):
        ProgrammeFactory(summary=f"The {WORDS} programme {n}.")
    assert len(result_slugs(client, WORDS)) == CAP + 2


def test_equal_ranks_come_newest_first(client):
    for n in (2, 0, 3, 1):
        story(f"story-{n}", n, title=f"Field visit {n}", standfirst=f"Officers saw the {WORDS} unit.")
    assert result_slugs(client, WORDS) == ["story-0", "story-1", "story-2", "story-3"]


def test_the_search_page_lists_the_better_ranked_story_first(client):
    story("in-text", 0, title="Field visit", standfirst=f"Officers saw the {WORDS} unit.")
    story("in-title", 30, title=f"The {WORDS} unit", standfirst="Opened in Aktau.")
    assert result_slugs(client, WORDS) == ["in-title", "in-text"]


def test_events_of_equal_rank_come_newest_first():
    for n in (1, 0, 2):
        event(f"event-{n}", n)
    assert [event.slug for event in ranked(Event.objects.published(), WORDS)] == ["event-0", "event-1", "event-2"]
