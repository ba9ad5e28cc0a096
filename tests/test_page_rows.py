"""Detail pages checked by the rows they show (issue 21, item 5; unodc_portal/page_rows.py): a
save of a story or an event leaves every event, story and publication page that does not show it
as stored, checked by a few queries instead of rendered; a page that shows it is rendered afresh.
And never wrong: every such page of the seed is compared, after every row it does not declare
has changed, with the page rendered afresh."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import DatabaseError, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import override_settings
from django.utils import timezone

from milestones.models import Event, Publication, Quote, Result, Status, Story
from milestones.views import ShowsRowsMixin, event_page_rows, publication_page_rows, story_page_rows
from tests.factories import (
    CountryFactory,
    EventFactory,
    EventSeriesFactory,
    PublicationFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
)
from tests.test_page_cache import redis_cache  # noqa: F401  (a fixture)
from tests.test_pages_kept_by_topic import _pages_stored, served  # noqa: F401  (an autouse fixture)
from unodc_portal import content_version, fragments, page_rows
from unodc_portal.content_version import WORDS, TopicsRead, new_content_version, recording_reads

pytestmark = pytest.mark.django_db(transaction=True)  # pages follow changes when they commit


def stored(client, path):
    served(client, path)
    assert served(client, path)[0] == "hit", path


# What readers see.


def test_a_story_saved_leaves_the_event_pages_that_do_not_show_it(client):
    reported, other = EventFactory(title="Expert forum"), EventFactory(title="Customs training")
    story = StoryFactory(title="Forum held")
    story.events.add(reported)
    for event in (reported, other):
        stored(client, event.get_absolute_url())

    StoryFactory(title="Another story").save()
    assert served(client, reported.get_absolute_url())[0] == "checked"
    assert served(client, reported.get_absolute_url())[0] == "hit"  # stored again under the new state
    assert served(client, other.get_absolute_url())[0] == "checked"

    story.title = "Sixth expert forum held"
    story.save()
    where, text = served(client, reported.get_absolute_url())
    assert (where, "Sixth expert forum held" in text) == ("miss", True)
    assert served(client, other.get_absolute_url())[0] == "checked"


def test_an_event_saved_leaves_the_story_pages_that_do_not_show_it(client):
    event = EventFactory(title="Expert forum")
    story, other = StoryFactory(title="Forum held"), StoryFactory(title="Port control unit opens")
    story.events.add(event)
    for item in (story, other):
        stored(client, item.get_absolute_url())

    EventFactory(title="Another event")
    assert served(client, story.get_absolute_url())[0] == "checked"
    assert served(client, other.get_absolute_url())[0] == "checked"

    event.title = "Sixth expert forum"
    event.save()
    where, text = served(client, story.get_absolute_url())
    assert (where, "Sixth expert forum" in text) == ("miss", True)
    assert served(client, other.get_absolute_url())[0] == "checked"


def test_a_story_page_ends_with_its_own_quote(client):
    story = StoryFactory(title="Forum held")
    quote = QuoteFactory(story=story, text="We agreed on a plan.")
    stored(client, story.get_absolute_url())

    quote.text = "We agreed on a joint plan."
    quote.save()
    where, text = served(client, story.get_absolute_url())
    assert (where, "We agreed on a joint plan." in text) == ("miss", True)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED])
def test_a_linked_story_published_or_withdrawn_shows_on_the_event_page(client, status):
    """Rows are found whatever their status: a story published, then withdrawn again (a new
    version each time), is never missed, nor one withdrawn and published again."""
    event = EventFactory(title="Expert forum")
    story = StoryFactory(title="What the forum agreed", status=status)
    story.events.add(event)
    path = event.get_absolute_url()
    shown = status == Status.PUBLISHED
    assert ("What the forum agreed" in served(client, path)[1]) == shown
    for _ in range(2):
        shown = not shown
        story.status = Status.PUBLISHED if shown else Status.DRAFT
        story.save()
        where, text = served(client, path)
        assert (where, "What the forum agreed" in text) == ("miss", shown)


def test_a_linked_story_whose_time_comes_shows_on_the_event_page(client):
    event = EventFactory(title="Expert forum")
    soon = timezone.now() + datetime.timedelta(hours=1)
    story = StoryFactory(title="What the forum agreed", published_at=soon)
    story.events.add(event)
    StoryFactory(title="Already out")  # the stories' token moves when the scheduled one goes live
    path = event.get_absolute_url()
    assert "What the forum agreed" not in served(client, path)[1]
    assert served(client, path)[0] == "hit"

    later = soon + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        where, text = served(client, path)
    assert (where, "What the forum agreed" in text) == ("miss", True)


def test_rows_joining_an_event_page_show_on_it(client):
    """A quote said and a figure reported at the event, a side event and a publication: each
    joins the page without a save of the event itself."""
    event = EventFactory(title="Expert forum")
    path = event.get_absolute_url()
    stored(client, path)

    # Of a story the page does not show, and by no one named: no reference data changes.
    story = StoryFactory(title="Elsewhere")
    Quote.objects.create(story=story, event=event, person=None, attribution="A participant", text="Borders are safer.")
    where, text = served(client, path)
    assert (where, "Borders are safer." in text) == ("miss", True)

    ResultFactory(event=event, label="officers trained")
    where, text = served(client, path)
    assert (where, "Officers trained" in text) == ("miss", True)

    EventFactory(title="Side meeting on precursors", parent=event)
    where, text = served(client, path)
    assert (where, "Side meeting on precursors" in text) == ("miss", True)

    publication = PublicationFactory(title="Forum report")
    publication.events.add(event)
    where, text = served(client, path)
    assert (where, "Forum report" in text) == ("miss", True)


def test_a_neighbouring_event_renamed_shows_on_the_event_page(client):
    series = EventSeriesFactory(title="Working group on precursors")
    parent = EventFactory(title="Regional conference")
    event = EventFactory(title="Expert forum", parent=parent, series=series)
    follow_up = EventFactory(title="Follow-up meeting", follows=event)
    session = EventFactory(title="First session", series=series)
    path = event.get_absolute_url()
    stored(client, path)
    for neighbour, title in [
        (parent, "Third regional conference"),
        (follow_up, "Second follow-up meeting"),
        (session, "First session, in Almaty"),
    ]:
        neighbour.title = title
        neighbour.save()
        where, text = served(client, path)
        assert (where, title in text) == ("miss", True)


def test_the_quotes_said_at_an_event_follow_the_order_of_their_stories(client):
    """Quotes come in the order of their stories, which the page does not show: a story's new
    listing date reorders them (a quote's version holds its story's last change)."""
    event = EventFactory(title="Expert forum")
    earlier, later = (
        StoryFactory(first_published=datetime.date(2016, 3, 1)),
        StoryFactory(first_published=datetime.date(2016, 6, 1)),
    )
    for story, words in [(earlier, "First words."), (later, "Second words.")]:
        Quote.objects.create(story=story, event=event, person=None, attribution="A participant", text=words)
    path = event.get_absolute_url()
    text = served(client, path)[1]
    assert text.index("Second words.") < text.index("First words.")  # the newest story first
    assert served(client, path)[0] == "hit"

    earlier.first_published = datetime.date(2016, 9, 1)
    earlier.save()
    where, text = served(client, path)
    assert (where, text.index("First words.") < text.index("Second words.")) == ("miss", True)


def test_a_part_saved_outside_a_transaction_is_never_found_unchanged(client):
    """Outside a transaction a change is announced as soon as it is saved. The item's last change
    is set before: a reader in between gets the page as stored under the old tokens, never
    stored again under the new ones."""
    story = StoryFactory(title="Forum held")
    quote = QuoteFactory(story=story, text="We agreed on a plan.")
    path = story.get_absolute_url()
    stored(client, path)
    set_last_change = fragments.touch
    in_between = []

    def a_reader_first(model, pks):
        in_between.append(served(client, path)[0])
        set_last_change(model, pks)

    with mock.patch.object(fragments, "touch", a_reader_first):
        quote.text = "We agreed on a joint plan."
        quote.save()
    assert in_between == ["hit"]
    where, text = served(client, path)
    assert (where, "We agreed on a joint plan." in text) == ("miss", True)


def test_a_change_of_reference_data_renders_the_pages_afresh(client):
    """Rows cover their topics only: a country renamed reaches every page that names it."""
    country = CountryFactory(name="Kyrgyzstan")
    event = EventFactory(title="Expert forum", host_country=country)
    path = event.get_absolute_url()
    stored(client, path)
    country.name = "Kyrgyz Republic"
    country.save()
    where, text = served(client, path)
    assert (where, "Kyrgyz Republic" in text) == ("miss", True)


def test_with_redis_a_page_checked_by_one_worker_is_not_checked_again_by_another(client, redis_cache):  # noqa: F811
    """The page checked is stored again in Redis: another worker, whose own copy still holds the
    page under the old tokens, takes it from there."""
    event = EventFactory(title="Expert forum")
    path = event.get_absolute_url()
    stored(client, path)
    copy = content_version.local_copy()
    another_workers_copy = dict(copy.pages)
    StoryFactory(title="Another story")
    assert served(client, path)[0] == "checked"

    for key, entry in another_workers_copy.items():
        copy.keep_page(key, entry)
    with mock.patch.object(page_rows, "still_shown", side_effect=AssertionError("checked again")):
        assert served(client, path)[0] == "hit"
        assert served(client, path)[0] == "hit"  # and now from its own copy


def test_a_page_that_took_a_kept_value_of_a_topic_is_not_checked_for_it():
    """A count or card kept under a topic reads more rows than the page declares."""
    declared = page_rows.Declared()
    declared.rows = ("milestones.views.event_page_rows", ("forum",), frozenset({"events", "stories"}), ())
    read = TopicsRead()
    read.kept.add("stories")
    assert page_rows.checks(declared, read.kept)[2] == {"events"}
    read.kept.add("events")
    assert page_rows.checks(declared, read.kept) is None


def test_a_failing_check_renders_the_page(client):
    event = EventFactory(title="Expert forum")
    path = event.get_absolute_url()
    stored(client, path)
    StoryFactory(title="Another story")
    failing = mock.Mock(side_effect=DatabaseError("the database is gone"))
    with mock.patch.object(page_rows, "import_string", return_value=failing):
        assert served(client, path)[0] == "miss"
    assert failing.called


# Never wrong: each page shows no row of its topics but those it declares.

TEXT_COLUMNS = {Story: "title", Event: "title", Publication: "title", Quote: "text", Result: "label"}


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def changed_topics():
    return [topic + suffix for topic in ("stories", "events", "publications") for suffix in ("", WORDS)]


def test_every_event_story_and_publication_page_shows_only_the_rows_it_declares(client, seed):
    """For every event, story and publication page of the seed, in English and Russian: every row
    of stories, events, publications, quotes and figures the page does not declare is changed;
    the page is served as checked, and it is the page rendered afresh with nothing kept. So is
    the page rendered from its body kept under the versions of the rows it declares."""
    report = PublicationFactory(title="Report of the forum")  # the seed has none
    report.events.add(*Event.objects.published().order_by("pk")[:2])
    pages = [(event.get_absolute_url(), event_page_rows, event.slug) for event in Event.objects.published()]
    pages += [(story.get_absolute_url(), story_page_rows, story.slug) for story in Story.objects.published()]
    pages += [(item.get_absolute_url(), publication_page_rows, item.slug) for item in Publication.objects.published()]
    pages += [("/ru" + path, find, slug) for path, find, slug in pages]
    assert len(pages) >= 30
    shown_elsewhere = 0
    for path, find, slug in pages:
        stored(client, path)
        declared = {queryset.model: set(queryset.values_list("pk", flat=True)) for queryset in find(slug)}
        with rolled_back():
            for model, column in TEXT_COLUMNS.items():
                others = model.objects.exclude(pk__in=declared.get(model, ()))
                if model in (Quote, Result):  # parts of a declared story are the story's
                    others = others.exclude(story__in=declared.get(Story, ()))
                shown_elsewhere += others.update(**{column: Concat(column, Value(" (changed)"))})
            new_content_version(changed_topics())
            where, text = served(client, path)
            # Without the page cache, the page's body kept under its rows' versions; then
            # nothing kept at all.
            with (
                override_settings(PAGE_CACHE_SECONDS=0),
                mock.patch.object(ShowsRowsMixin, "make_part", side_effect=AssertionError("the body was made again")),
            ):
                from_kept_part = client.get(path).content.decode()
            with override_settings(PAGE_CACHE_SECONDS=0, COUNT_CACHE_SECONDS=0):
                fresh = client.get(path).content.decode()
        new_content_version(changed_topics())
        assert where == "checked", path
        assert "(changed)" not in fresh, path
        assert text == fresh, path
        assert from_kept_part == fresh, path
    assert shown_elsewhere > 1000


def test_each_declared_query_is_checked_after_a_change_of_any_table_it_reads():
    """The events a story reports are found through the story's links (the stories' topic): a
    link made is a change of stories, and the query is run again for it."""
    story = StoryFactory()
    with recording_reads() as page, page_rows.recording() as declared:
        page_rows.shows_rows(story_page_rows, story.slug)
    _path, _args, topics, found = declared.rows
    assert [read for read, _rows in found] == [
        {"stories", "stories" + WORDS},
        {"events", "events" + WORDS, "stories", "stories" + WORDS},
    ]
    assert topics == {"events", "events" + WORDS, "stories", "stories" + WORDS} and topics <= page


@pytest.mark.parametrize(
    ("changed", "queries_run_again"),
    [(["publications"], [Publication]), (["stories" + WORDS], [Story, Quote, Result]), (["events"], [Event])],
)
def test_only_the_queries_reading_what_changed_run_again(client, changed, queries_run_again):
    event = EventFactory(title="Expert forum")
    path = event.get_absolute_url()
    stored(client, path)
    new_content_version(changed)
    with mock.patch.object(page_rows, "versions", wraps=page_rows.versions) as versions:
        assert served(client, path)[0] == "checked"
    assert [call.args[0].model for call in versions.call_args_list] == queries_run_again


def test_a_page_declares_its_rows_once_per_run_of_its_view():
    story = StoryFactory()
    with page_rows.recording() as declared:
        page_rows.shows_rows(story_page_rows, story.slug)
        with pytest.raises(RuntimeError):
            page_rows.shows_rows(story_page_rows, story.slug)
        page_rows.view_run_again()
        page_rows.shows_rows(story_page_rows, story.slug)
    assert declared.rows[1] == (story.slug,)


def test_a_query_joining_reference_data_does_not_cover_it():
    """What a query reads has it run again; only its own topic is covered by its rows."""
    event = EventFactory(title="Expert forum")

    def events_of_the_country(pk):
        return [Event.objects.filter(host_country__events=pk)]

    with recording_reads(), page_rows.recording() as declared:
        page_rows.shows_rows(events_of_the_country, event.pk)
    _path, _args, topics, ((read, _rows),) = declared.rows
    assert topics == {"events", "events" + WORDS}
    assert "reference" in read
