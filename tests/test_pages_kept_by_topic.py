"""Pages that outlive a save of what they do not show (issue 21, item 5; unodc_portal/page_cache.py):
each page is stored with the tokens of the topics it read, and served while they hold. A story
saved leaves the events lists as stored; a page that shows a story, a story's title on an event
page say, is rendered afresh. And never wrong: whatever a page read, by a query or from a kept
count or card, is recorded, whichever of the two it came from."""

import itertools
from contextlib import contextmanager
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache

from milestones.models import Event, Publication, Story
from programmes.models import Country
from tests.factories import CountryFactory, EventFactory, PublicationFactory, StoryFactory
from tests.test_fuzz import public_patterns
from tests.test_page_cache import news_crosses, redis_cache  # noqa: F401  (redis_cache: a fixture)
from unodc_portal import content_version, fragments, page_cache
from unodc_portal.content_version import WORDS, all_topics, current_version, recording_reads
from unodc_portal.remembered import remembered

pytestmark = pytest.mark.django_db(transaction=True)  # pages follow changes when they commit


@pytest.fixture(autouse=True)
def _pages_stored(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.COUNT_CACHE_SECONDS = 600


def served(client, path):
    """(where the page came from, its text)."""
    response = client.get(path)
    assert response.status_code == 200, path
    return response["X-Cache"], response.content.decode()


# What readers see.


def test_a_story_saved_leaves_pages_without_stories_and_ends_those_with(client):
    story = StoryFactory(title="Border liaison office opens")
    EventFactory(title="Customs training")
    for path in ["/events/", "/news/", "/"]:
        served(client, path)
    assert [served(client, path)[0] for path in ["/events/", "/news/", "/"]] == ["hit", "hit", "hit"]

    story.title = "Border liaison office opens in Termez"
    story.save()
    news_crosses()

    assert served(client, "/events/")[0] == "hit"
    for path in ["/news/", "/"]:
        where, text = served(client, path)
        assert (where, "Border liaison office opens in Termez" in text) == ("miss", True), path


def test_with_redis_a_saved_story_leaves_the_events_list_and_every_worker_hears_of_the_news(
    client,
    redis_cache,  # noqa: F811
):
    """With Redis, as in production: the worker hears of the save on its subscription, reads the
    new state, and keeps serving the events list, from Redis and then from its own copy."""
    story = StoryFactory(title="Border liaison office opens")
    EventFactory(title="Customs training")
    for path in ["/events/", "/news/"]:
        served(client, path)
    assert [served(client, path)[0] for path in ["/events/", "/news/"]] == ["hit", "hit"]

    story.title = "Border liaison office opens in Termez"
    story.save()
    news_crosses()

    assert served(client, "/events/")[0] == "hit"
    with mock.patch.object(cache, "get_many", side_effect=AssertionError("asked Redis")):
        assert served(client, "/events/")[0] == "hit"  # from the worker's copy, under the new state
    where, text = served(client, "/news/")
    assert (where, "Border liaison office opens in Termez" in text) == ("miss", True)


def test_an_event_renamed_shows_on_the_story_page_that_links_it(client):
    event = EventFactory(title="Expert forum")
    story = StoryFactory(title="Forum held")
    story.events.add(event)
    path = story.get_absolute_url()
    assert "Expert forum" in served(client, path)[1]
    assert served(client, path)[0] == "hit"

    event.title = "Sixth expert forum"
    event.save()

    where, text = served(client, path)
    assert (where, "Sixth expert forum" in text) == ("miss", True)


@pytest.mark.parametrize("from_the_event", [False, True])
def test_a_story_linked_to_an_event_and_unlinked_shows_on_the_event_page(client, from_the_event):
    """Only the link changes (from either side): the page read the link table, whose topic is the
    model declaring the field (stories), whichever side the link was made from."""
    event = EventFactory(title="Expert forum")
    story = StoryFactory(title="What the forum agreed")
    links = event.stories if from_the_event else story.events
    other = story if from_the_event else event
    path = event.get_absolute_url()
    assert "What the forum agreed" not in served(client, path)[1]
    assert served(client, path)[0] == "hit"

    links.add(other)
    where, text = served(client, path)
    assert (where, "What the forum agreed" in text) == ("miss", True)
    assert served(client, path)[0] == "hit"

    links.remove(other)
    where, text = served(client, path)
    assert (where, "What the forum agreed" in text) == ("miss", False)


def test_each_link_table_has_the_topic_of_the_model_declaring_it():
    tables = content_version.topics_of_tables()
    assert tables[Story.events.through._meta.db_table] == ("stories", "stories" + WORDS)
    assert tables[Event.themes.through._meta.db_table] == ("events", "events" + WORDS)
    assert tables[Publication.events.through._meta.db_table] == ("publications", "publications" + WORDS)
    assert tables[Country._meta.db_table] == ("reference",)


def test_a_renamed_country_shows_on_every_list(client):
    country = CountryFactory(name="Uzbekistan")
    EventFactory(host_country=country)
    PublicationFactory()
    for path in ["/events/", "/publications/"]:
        served(client, path)

    Country.objects.filter(pk=country.pk).update(name="Uzbekistan (renamed)")
    content_version.new_content_version(["reference"])

    where, text = served(client, "/events/")
    assert (where, "Uzbekistan (renamed)" in text) == ("miss", True)
    assert served(client, "/publications/")[0] == "miss"  # its country filter lists every country


def test_a_change_of_unknown_models_ends_every_page_even_one_that_reads_no_row(client):
    StoryFactory()
    paths = ["/events/", "/news/", "/api/"]
    for path in paths:
        served(client, path)
    assert [served(client, path)[0] for path in paths] == ["hit"] * 3
    content_version.new_content_version()  # SQL, or a changed setting that pages show: every topic
    assert [served(client, path)[0] for path in paths] == ["miss"] * 3


def test_a_page_that_reads_nothing_outlives_every_save(client):
    served(client, "/api/")
    assert served(client, "/api/")[0] == "hit"
    StoryFactory()
    EventFactory()
    assert served(client, "/api/")[0] == "hit"


# What is recorded: the same whether counts and cards were kept or worked out, and at least every
# topic the page's queries read when nothing is kept.


def recorded(client, path):
    """The topics the page cache recorded while rendering `path` afresh, or None if the page is
    not stored (not a page, not found, personal). Afresh: under a release of its own, which no
    stored page has (counts and cards are kept per release too, but not under this one)."""
    captured = []
    real = page_cache.recording_reads

    @contextmanager
    def capturing():
        with real() as read:
            yield read
        captured.append(read)

    release = f"release-{next(releases)}"
    with (
        mock.patch.object(page_cache, "recording_reads", capturing),
        mock.patch.object(page_cache, "release", lambda: release),
    ):
        response = client.get(path)
    if response.status_code != 200 or response.get("X-Cache") != "miss":
        return None
    return set(captured[0])


releases = itertools.count()


def topics_only(read):
    return {topic.removesuffix(WORDS) for topic in read}


def public_addresses():
    """Every public address without parameters, each detail page of the seed's first published
    item of every model that has one, and Russian twins."""
    paths = ["/" + route for route in public_patterns() if "<" not in route and "(?P" not in route]
    for model in [*apps.get_app_config("milestones").get_models(), *apps.get_app_config("programmes").get_models()]:
        if hasattr(model, "get_absolute_url"):
            manager = getattr(model.objects, "published", model.objects.all)
            item = manager().order_by("pk").first()
            if item is not None:
                paths.append(item.get_absolute_url())
    paths += ["/events/?country=uz&kind=training", "/news/?q=border", "/search/?q=border"]
    return paths + ["/ru" + path for path in paths if not path.startswith(("/api/", "/robots", "/sitemap"))]


def test_every_page_records_the_same_topics_kept_or_worked_out_and_all_its_queries_read(client, seed, settings):
    paths = public_addresses()
    assert len(paths) > 60
    checked = 0
    for path in paths:
        settings.COUNT_CACHE_SECONDS = 0  # nothing kept: every value and card by queries
        cache.clear()
        queried = recorded(client, path)
        if queried is None:
            continue
        settings.COUNT_CACHE_SECONDS = 600
        cache.clear()
        worked_out = recorded(client, path)
        kept = recorded(client, path)
        assert worked_out == kept, path
        # A value kept under topics declared by its caller covers every table it reads.
        assert topics_only(queried) <= topics_only(kept), path
        checked += 1
    assert checked > 50


def test_the_states_own_queries_are_not_the_pages():
    StoryFactory()
    with recording_reads() as read:
        content_version.new_content_version()
        current_version()  # works out the next publication times: queries on every item
    assert read == set()


def test_a_remembered_value_records_the_topics_it_is_kept_under():
    StoryFactory()
    for _ in range(2):  # worked out, then kept
        with recording_reads() as read:
            remembered(("stories counted",), lambda: Story.objects.count(), topics=["stories"])
        assert read == {"stories"}
    with recording_reads() as read:
        remembered(("under the version",), lambda: Event.objects.count())
    assert read == set(all_topics())


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_queries_on_every_database_are_recorded():
    with recording_reads() as read:
        list(Publication.objects.using("replica").all())
    assert read == {"publications", "publications" + WORDS}


def test_each_kept_section_is_kept_under_every_topic_it_reads(client, seed, settings, monkeypatch):
    """A section (fragments.kept_section) is kept under the topics of the models its caller
    names: those must cover every table it reads, its words included, or a save would leave it
    stale while the page around it shows the change. Checked on each page of the seed that keeps
    sections, in both languages."""
    settings.PAGE_CACHE_SECONDS = 0
    sections = []
    real = fragments.remembered

    def remembered(parts, compute, *, topics=None):
        if parts[0] == "section":
            with recording_reads() as read:
                value = compute()
            sections.append((parts[1], set(read), set(topics)))
            return value
        return real(parts, compute, topics=topics)

    monkeypatch.setattr(fragments, "remembered", remembered)
    # The seed's first programme has no figures; this one has.
    with_figures = [
        "/programmes/border-liaison-offices-northern-route/",
        "/ru/programmes/border-liaison-offices-northern-route/",
    ]
    for path in [*public_addresses(), *with_figures]:
        client.get(path)
    assert {name for name, _, _ in sections} >= {
        "milestones/_home_edition.html",
        "milestones/_home_key_figures.html",
        "milestones/_home_recent_events.html",
        "includes/_key_figures.html",
        "programmes/_country_programmes.html",
        "programmes/_country_quotes.html",
        "programmes/_programme_timeline.html",
        "programmes/_programme_funding.html",
        "programmes/_programme_aside.html",
    }
    for name, read, declared in sections:
        assert read, name  # it read something: the recording saw it
        assert read <= declared, (name, read - declared)
