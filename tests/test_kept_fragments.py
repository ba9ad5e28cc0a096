"""What outlives a change (issue 21, item 5): each item's card is kept under the item's own last
change, and counts under the topics they are read from (unodc_portal/fragments.py,
remembered.py), so that after a save most of a page is not worked out again. And never wrong:
for each kind of change, the next page shows it."""

import datetime
import os
import re
import time
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from milestones.models import Event, Story
from programmes.models import Country
from tests.factories import (
    BulletinFactory,
    ContributionFactory,
    CountryFactory,
    EventFactory,
    EventPlaceFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    ProgrammeFactory,
    PublicationFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
)
from tests.noted import noted_calls
from unodc_portal import content_version, fragments
from unodc_portal.content_version import bulk_changes, new_content_version

pytestmark = pytest.mark.django_db(transaction=True)  # versions start when changes commit


@pytest.fixture(autouse=True)
def _pages_rendered_each_time(settings):
    """The page cache off: every request renders its page, from kept cards and counts."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def cards_rendered(monkeypatch):
    """A function giving the pks of the items whose cards were rendered (not taken from the
    cache) since it was last called."""
    return noted_calls(monkeypatch, fragments, "render_card", lambda item, heading: item.pk)


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def card_of(client, path, title):
    """The card on the page whose heading links `title`."""
    cards_text = re.findall(r'<article class="card">.*?</article>', page(client, path), flags=re.DOTALL)
    return next(card for card in cards_text if f">{title}</a>" in card)


def cards(client, path):
    """The text of the page's cards alone (country names are also in the header and filters)."""
    return "".join(re.findall(r'<article class="card">.*?</article>', page(client, path), flags=re.DOTALL))


def test_a_saved_story_is_the_only_card_rendered_again(client, cards_rendered):
    stories = [StoryFactory(title=f"Story {n}") for n in range(5)]
    page(client, "/news/")
    assert sorted(cards_rendered()) == sorted(story.pk for story in stories)
    page(client, "/news/")
    assert cards_rendered() == []

    stories[2].title = "Story two, corrected"
    stories[2].save()
    text = page(client, "/news/")
    assert cards_rendered() == [stories[2].pk]
    assert "Story two, corrected" in text and "Story 4" in text


def test_cards_of_one_list_come_in_one_round_trip(client, cards_rendered):
    for n in range(5):
        EventFactory(title=f"Event {n}")
    page(client, "/events/")
    assert len(cards_rendered()) == 5
    with mock.patch.object(fragments.cache, "get_many", wraps=fragments.cache.get_many) as get_many:
        page(client, "/events/")
    assert cards_rendered() == []
    assert get_many.call_count == 1 and len(get_many.call_args.args[0]) == 5


# Each kind of change a card can show, made as an editor or code would make it; the card shows it
# on the next page, and the other cards stay kept.


def link_country(story):
    story.countries.add(Country.objects.get(iso2="kg"))


def link_country_from_the_country(story):
    Country.objects.get(iso2="kg").stories.add(story)


def rename_the_country(story):
    country = Country.objects.get(iso2="tj")
    country.name = "Kyrgyz Republic"  # the test looks for "Kyrgyz"
    country.save()


def save_named_fields(story):
    story.title = "Kyrgyzstan story"
    story.save(update_fields=["title"])


def update_in_bulk(story):
    with bulk_changes():
        Story.objects.filter(pk=story.pk).update(title="Kyrgyzstan story")


def update_in_sql_then_announce(story):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE milestones_story SET title = %s WHERE id = %s", ["Kyrgyzstan story", story.pk])
    new_content_version()


@pytest.mark.parametrize(
    "change",
    [
        link_country,
        link_country_from_the_country,
        rename_the_country,
        save_named_fields,
        update_in_bulk,
        update_in_sql_then_announce,
    ],
)
def test_a_story_card_shows_every_kind_of_change(client, cards_rendered, change):
    tajikistan = CountryFactory(iso2="tj", name="Tajikistan")
    CountryFactory(iso2="kg", name="Kyrgyzstan")  # made before the first page: a new country is a change too
    story = StoryFactory(title="Story")
    story.countries.add(tajikistan)
    StoryFactory(title="Another story")
    assert "Kyrgyz" not in cards(client, "/news/")
    cards_rendered()
    change(Story.objects.get(pk=story.pk))
    assert "Kyrgyz" in cards(client, "/news/")
    assert story.pk in cards_rendered()


def test_unlinking_every_story_from_a_country_shows_on_their_cards(client):
    tajikistan = CountryFactory(iso2="tj", name="Tajikistan")
    story = StoryFactory(title="Story")
    story.countries.add(tajikistan)
    assert "Tajikistan" in cards(client, "/news/")
    tajikistan.stories.clear()
    assert "Tajikistan" not in cards(client, "/news/")


def test_an_event_card_shows_a_new_place_and_a_removed_one(client):
    event = EventFactory(title="Training", city="Tashkent")
    EventFactory(title="Another training")
    kyrgyzstan = CountryFactory(iso2="kg", name="Kyrgyzstan")
    assert "Osh" not in cards(client, "/events/")
    place = EventPlaceFactory(event=event, city="Osh", country=kyrgyzstan)
    assert "Osh" in cards(client, "/events/")
    place.delete()
    assert "Osh" not in cards(client, "/events/")


def test_a_publication_card_shows_a_new_country(client):
    publication = PublicationFactory(title="Report")
    kazakhstan = CountryFactory(iso2="kz", name="Kazakhstan")
    assert "Kazakhstan" not in cards(client, "/publications/")
    publication.countries.add(kazakhstan)
    assert "Kazakhstan" in cards(client, "/publications/")


def test_a_change_to_a_part_of_a_story_counts_as_a_change_to_the_story():
    story = StoryFactory()
    result = ResultFactory(story=story)
    before = Story.objects.get(pk=story.pk).updated_at
    result.countries.add(CountryFactory(iso2="kz"))
    after_link = Story.objects.get(pk=story.pk).updated_at
    assert after_link > before
    result.delete()
    assert Story.objects.get(pk=story.pk).updated_at > after_link


def test_a_card_kept_in_one_language_is_not_shown_in_the_other(client):
    StoryFactory(title="Story")
    assert "Новость" not in page(client, "/news/")
    russian = page(client, "/ru/news/")
    assert "Новость" in russian and "на английском" in russian  # the card's label, and the mark
    assert "на английском" not in page(client, "/news/")


# Counts are kept under the topics they are read from.


def event_counts_run(client, path):
    with CaptureQueriesContext(connection) as queries:
        page(client, path)
    return [q["sql"] for q in queries if "COUNT" in q["sql"] and "milestones_event" in q["sql"]]


def test_a_saved_story_leaves_the_event_counts_and_a_saved_event_ends_them(client):
    first = EventFactory(title="First training")
    story = StoryFactory()
    assert "1 result" in page(client, "/events/")
    assert event_counts_run(client, "/events/") == []

    story.title = "Edited"
    story.save()
    assert event_counts_run(client, "/events/") == []

    EventFactory(title="Second training")
    assert event_counts_run(client, "/events/") != []
    assert "2 results" in page(client, "/events/")
    first.delete()
    assert "1 result" in page(client, "/events/")


def test_a_renamed_country_ends_the_event_counts(client):
    country = CountryFactory(iso2="kg", name="Kyrgyzstan")
    EventFactory(host_country=country)
    page(client, "/events/")
    country.name = "Kyrgyz Republic"
    country.save()
    assert event_counts_run(client, "/events/") != []
    assert "Kyrgyz Republic" in page(client, "/events/")


def test_a_scheduled_event_counts_the_moment_its_time_comes(client):
    EventFactory(title="Now")
    at = timezone.now() + datetime.timedelta(minutes=30)
    EventFactory(title="Scheduled", published_at=at)
    assert "1 result" in page(client, "/events/")
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        text = page(client, "/events/")
    assert "2 results" in text and "Scheduled" in text


def test_a_story_published_by_a_queryset_update_in_bulk_is_counted(client):
    StoryFactory(title="Public")
    draft = StoryFactory(title="Draft", status="draft", published_at=None)
    assert "1 result" in page(client, "/news/")
    with bulk_changes():
        Story.objects.filter(pk=draft.pk).update(status="published", published_at=timezone.now())
    assert "2 results" in page(client, "/news/")


def test_an_event_saved_in_another_worker_ends_the_counts_here(client, settings):
    """Per-process caches learn of a change to a topic from its file beside the stamp file."""
    first = EventFactory()
    assert "1 result" in page(client, "/events/")
    # Another worker's change: the row (written here without a signal), then the files it
    # touches, as new_content_version() does.
    other = EventFactory.build(slug="other", host_country=first.host_country, kind_id=first.kind_id)
    Event.objects.bulk_create([other])
    later = time.time_ns() + 10**9
    for path in [content_version.topic_stamp_file("events"), settings.CONTENT_STAMP_FILE]:
        path.touch()
        os.utime(path, ns=(later, later))
    assert "2 results" in page(client, "/events/")


# A save that changes only an item's words, or only its last change (which every save moves, and
# pages show), leaves the counts of lists not filtered by words.


def test_a_save_that_changes_only_the_last_change_leaves_the_event_counts_and_ends_the_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    event = EventFactory(title="Training")
    page(client, "/events/")
    assert client.get("/events/")["X-Cache"] == "hit"
    Event.objects.get(pk=event.pk).save()  # updated_at, which the page's card and feeds show
    assert event_counts_run(client, "/events/") == []  # rendered afresh (a miss), counts kept


def test_new_words_count_again_only_in_lists_filtered_by_words(client):
    event = EventFactory(title="Training for customs officers", summary="")
    assert "1 result" in page(client, "/events/")
    assert "1 result" not in page(client, "/events/?q=canine")
    event = Event.objects.get(pk=event.pk)
    event.summary = "With canine units."
    event.save()
    assert event_counts_run(client, "/events/") == []
    assert "1 result" in page(client, "/events/?q=canine")
    assert "Training for customs officers" in cards(client, "/events/?q=canine")


def test_a_changed_kind_counts_again(client):
    event = EventFactory(title="Training", kind_id="training")
    assert "1 result" in page(client, "/events/?kind=training")
    event = Event.objects.get(pk=event.pk)
    event.kind_id = "meeting"
    event.save()
    assert event_counts_run(client, "/events/") != []
    assert "1 result" not in page(client, "/events/?kind=training")


def test_a_story_unpublished_with_named_fields_leaves_the_lists(client):
    story = StoryFactory(title="Public")
    StoryFactory(title="Other")
    assert "2 results" in page(client, "/news/")
    story.status = "draft"
    story.save(update_fields=["status"])
    assert "1 result" in page(client, "/news/")


def test_a_new_story_body_counts_again_only_in_lists_filtered_by_words(client):
    story = StoryFactory(title="Story", body="Officers met.")
    assert "1 result" not in page(client, "/news/?q=heroin")
    story = Story.objects.get(pk=story.pk)
    story.body = "Officers seized heroin."
    story.save()
    assert "1 result" in page(client, "/news/?q=heroin")


# Races and failures.


def test_cards_read_before_a_change_heard_during_the_request_are_not_kept(client):
    """A request reads its rows, an editor's change is announced, then the request renders its
    cards: they are from before the change, and must not be kept under the state after it."""
    country = CountryFactory(iso2="tj", name="Tajikistan")
    story = StoryFactory(title="Story")
    story.countries.add(country)
    assert "Tajikistan" in cards(client, "/news/")
    real = fragments.cards

    def renamed_meanwhile(items, heading):
        items = list(items)  # the view's rows, read before the change
        renamed = Country.objects.get(pk=country.pk)
        renamed.name = "Renamed Republic"
        renamed.save()
        return real(items, heading)

    with mock.patch.object(fragments, "cards", renamed_meanwhile):
        assert "Tajikistan" in cards(client, "/news/")  # this request's rows were read before
    assert "Renamed Republic" in cards(client, "/news/")


def test_a_state_stored_by_a_release_without_topics_is_worked_out_again(client):
    EventFactory()
    state = dict(content_version.current_version())
    del state["topics"]  # as the release before topics stored it
    content_version.cache.set(content_version.STATE_KEY, state, None)
    content_version.local_copy().drop()
    assert "1 result" in page(client, "/events/")
    assert "topics" in content_version.cache.get(content_version.STATE_KEY)


def test_a_change_the_cache_missed_is_announced_as_every_topic_by_the_next(monkeypatch):
    announced = []
    answers = iter([content_version.FAILED, None, None])

    def announce_change(topics=None):
        announced.append(topics)
        return next(answers)

    monkeypatch.setattr(content_version, "announce_change", announce_change)
    content_version.announce_or_retry(["reference"])  # a renamed country: the cache missed it
    content_version.announce_or_retry(["stories"])  # the next save, the cache back
    assert announced == [["reference"], None]


def test_a_place_moved_to_another_event_leaves_the_first_ones_card(client):
    first = EventFactory(title="First")
    second = EventFactory(title="Second")
    place = EventPlaceFactory(event=first, city="Osh", country=CountryFactory(iso2="kg"))
    assert "Osh" in card_of(client, "/events/", "First")
    place.event = second
    place.save()
    assert "Osh" not in card_of(client, "/events/", "First")
    assert "Osh" in card_of(client, "/events/", "Second")


@pytest.fixture
def rows_read(monkeypatch):
    """A function giving the ids each read of a list page's rows asked for since it was last
    called (fragments.PageRows)."""
    return noted_calls(monkeypatch, fragments.PageRows, "read", lambda rows, ids: list(ids))


def titles_in_order(text):
    return re.findall(r'<h2 class="card__title"[^>]*><a [^>]*>([^<]*)</a>', text)


def test_a_list_reads_only_the_rows_of_the_cards_it_renders(client, cards_rendered, rows_read):
    events = [
        EventFactory(title=f"Event {n}", start_date=datetime.date(2016, 1, n + 1), date_precision="day")
        for n in range(5)
    ]
    first = page(client, "/events/")
    order = titles_in_order(first)
    assert sorted(order) == sorted(event.title for event in events)
    assert len(rows_read()) == 1 and len(cards_rendered()) == 5
    with CaptureQueriesContext(connection) as kept:
        assert titles_in_order(page(client, "/events/")) == order
    assert rows_read() == [] and cards_rendered() == []
    assert not [query for query in kept.captured_queries if "milestones_eventplace" in query["sql"]]

    events[3].title = "Event three, corrected"
    events[3].save()
    text = page(client, "/events/")
    assert rows_read() == [[events[3].pk]] and cards_rendered() == [events[3].pk]
    assert titles_in_order(text) == [title.replace("Event 3", "Event three, corrected") for title in order]


@pytest.mark.parametrize(
    "when", ["before its last change is read", "before its row is read", "withdrawn before its last change is read"]
)
def test_a_row_deleted_after_the_pages_ids_were_read_has_no_card(client, monkeypatch, when):
    events = [EventFactory(title=f"Event {n}") for n in range(3)]
    page(client, "/events/")
    if not when.startswith("withdrawn"):
        events[1].title = "Event one, corrected"  # its card is not kept: its row is read
        events[1].save()
    step = "read" if when == "before its row is read" else "last_changes"
    real = getattr(fragments.PageRows, step)

    def deleted_meanwhile(self, *args):
        if when.startswith("withdrawn"):  # its card is kept: only the list's filters leave it out
            with bulk_changes():
                Event.objects.filter(pk=events[1].pk).update(status="draft")
        else:
            Event.objects.filter(pk=events[1].pk).delete()
        return real(self, *args)

    monkeypatch.setattr(fragments.PageRows, step, deleted_meanwhile)
    text = cards(client, "/events/")
    assert "Event 0" in text and "Event 2" in text and "Event one" not in text and "Event 1" not in text
    assert text.count('<article class="card">') == 2


def test_a_row_changed_after_its_last_change_was_read_shows_the_change(client, cards_rendered, monkeypatch):
    events = [EventFactory(title=f"Event {n}") for n in range(3)]
    page(client, "/events/")
    events[1].title = "Event one, corrected"
    events[1].save()
    cards_rendered()
    real = fragments.PageRows.read

    def changed_meanwhile(self, ids):
        Event.objects.filter(pk=events[1].pk).update(title="Event one, corrected again", updated_at=timezone.now())
        return real(self, ids)

    monkeypatch.setattr(fragments.PageRows, "read", changed_meanwhile)
    assert "Event one, corrected again" in cards(client, "/events/")
    monkeypatch.setattr(fragments.PageRows, "read", real)
    # Kept under the row's own last change as read: found there by the next page.
    assert "Event one, corrected again" in cards(client, "/events/")
    assert cards_rendered() == [events[1].pk]


def test_a_countrys_sections_read_only_the_rows_of_the_cards_they_render(client, cards_rendered, rows_read):
    country = CountryFactory(iso2="kg", name="Kyrgyzstan")
    stories = [StoryFactory(title=f"Story {n}") for n in range(3)]
    events = [EventFactory(title=f"Event {n}", host_country=country) for n in range(3)]
    for item in stories + events:
        item.countries.add(country)
    first = page(client, "/countries/kg/")
    assert all(item.title in first for item in stories + events)
    cards_rendered(), rows_read()
    assert page(client, "/countries/kg/") == first
    assert rows_read() == [] and cards_rendered() == []

    stories[0].title = "Story zero, corrected"
    stories[0].save()
    text = page(client, "/countries/kg/")
    assert rows_read() == [[stories[0].pk]] and cards_rendered() == [stories[0].pk]
    assert "Story zero, corrected" in text and "Event 2" in text and "Story 2" in text


# The sections of the home, country and programme pages (fragments.kept_section): each kept apart
# while what it shows does not change, each showing every change on the next page.


def section_name(template_name, *args, **kwargs):
    return template_name.rsplit("/", 1)[-1].removeprefix("_").removeprefix("home_").removesuffix(".html")


@pytest.fixture
def sections_rendered(monkeypatch):
    """A function giving the templates of the sections rendered (not taken from the cache) since
    it was last called, sorted."""
    since_last = noted_calls(monkeypatch, fragments, "render_to_string", section_name)
    return lambda: sorted(since_last())


def test_the_home_pages_sections_are_kept_apart_and_show_each_change(client, sections_rendered):
    bulletin = BulletinFactory(title="Milestones No. 9")
    lead = StoryFactory(title="Lead story", bulletin=bulletin, position=1)
    StoryFactory(title="Second story", bulletin=bulletin, position=2)
    ResultFactory(story=lead, label="kilograms of heroin seized")
    uzbekistan = CountryFactory(iso2="uz")
    event = EventFactory(title="Training in Tashkent", host_country=uzbekistan)
    event.countries.add(uzbekistan)  # the home page lists events by the countries they concern
    text = page(client, "/")
    for words in ["Lead story", "Second story", "Kilograms of heroin seized", "Training in Tashkent"]:
        assert words in text
    assert sections_rendered() == ["edition", "key_figures", "recent_events"]
    assert page(client, "/") == text
    assert sections_rendered() == []

    lead.standfirst = "A corrected standfirst."  # the story's words alone
    lead.save()
    text = page(client, "/")
    assert "A corrected standfirst." in text and "Training in Tashkent" in text
    assert sections_rendered() == ["edition", "key_figures"]

    event.title = "Training in Tashkent, corrected"
    event.save()
    text = page(client, "/")
    assert "Training in Tashkent, corrected" in text and "A corrected standfirst." in text
    assert sections_rendered() == ["recent_events"]

    bulletin.title = "Milestones No. 9, corrected"  # reference data: every section is kept under it
    bulletin.save()
    assert "Milestones No. 9, corrected" in page(client, "/")
    assert sections_rendered() == ["edition", "key_figures", "recent_events"]


def test_the_home_pages_sections_are_kept_in_each_language(client, sections_rendered):
    ResultFactory(label="kilograms of heroin seized")
    uzbekistan = CountryFactory(iso2="uz")
    EventFactory(host_country=uzbekistan).countries.add(uzbekistan)
    assert "Key figures" in page(client, "/")
    sections_rendered()
    russian = page(client, "/ru/")
    assert "Ключевые показатели" in russian and "Последние мероприятия по странам" in russian
    assert "Key figures" not in russian
    assert sections_rendered() == ["edition", "key_figures", "recent_events"]


def test_the_home_pages_sections_show_an_item_the_moment_its_time_comes(client):
    uzbekistan = CountryFactory(iso2="uz")
    bulletin = BulletinFactory(title="Milestones No. 9")
    StoryFactory(title="Lead story", bulletin=bulletin, position=1)
    at = timezone.now() + datetime.timedelta(minutes=30)
    StoryFactory(title="Scheduled story", bulletin=bulletin, position=2, published_at=at)
    ResultFactory(story=StoryFactory(title="Scheduled figures", published_at=at), label="tonnes of precursors seized")
    EventFactory(title="Scheduled event", host_country=uzbekistan, published_at=at).countries.add(uzbekistan)
    EventFactory(title="Earlier event", host_country=uzbekistan).countries.add(uzbekistan)
    text = page(client, "/")
    assert "Lead story" in text and "Earlier event" in text
    assert "Scheduled" not in text and "Tonnes of precursors seized" not in text
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        text = page(client, "/")
    for words in ["Scheduled story", "Tonnes of precursors seized", "Scheduled event", "Earlier event"]:
        assert words in text


def test_a_countrys_sections_are_kept_apart_and_show_each_change(client, sections_rendered):
    kyrgyzstan, uzbekistan = CountryFactory(iso2="kg", name="Kyrgyzstan"), CountryFactory(iso2="uz")
    programme = ProgrammeFactory(title="Border programme")
    programme.countries.add(kyrgyzstan)
    story = StoryFactory(title="Story about Kyrgyzstan")
    story.countries.add(kyrgyzstan)
    quote = QuoteFactory(story=story, text="Borders are safer now.")
    ResultFactory(story=story, label="kilograms of heroin seized").countries.add(kyrgyzstan)
    event = EventFactory(title="Training in Bishkek", host_country=kyrgyzstan)
    event.countries.add(kyrgyzstan)
    text = page(client, "/countries/kg/")
    for words in ["Border programme", "Borders are safer now.", "kilograms of heroin seized", "Training in Bishkek"]:
        assert words in text
    assert sections_rendered() == ["country_programmes", "country_quotes", "key_figures"]
    assert page(client, "/countries/kg/") == text
    assert sections_rendered() == []

    event.title = "Training in Bishkek, corrected"  # an event: no section shows events
    event.save()
    text = page(client, "/countries/kg/")
    assert "Training in Bishkek, corrected" in text and "Borders are safer now." in text
    assert sections_rendered() == []

    quote.text = "Borders are much safer now."  # a story's part: the quotes and the figures
    quote.save()
    text = page(client, "/countries/kg/")
    assert "Borders are much safer now." in text and "Border programme" in text
    assert sections_rendered() == ["country_quotes", "key_figures"]

    programme.title = "Border programme, corrected"  # reference data: every section
    programme.save()
    assert "Border programme, corrected" in page(client, "/countries/kg/")
    assert sections_rendered() == ["country_programmes", "country_quotes", "key_figures"]

    # Another country's page has sections of its own.
    other = page(client, "/countries/uz/")
    assert "Borders are much safer now." not in other and "Border programme" not in other
    assert sections_rendered() == ["country_programmes", "country_quotes", "key_figures"]
    story.countries.add(uzbekistan)  # a link changed
    assert "Borders are much safer now." in page(client, "/countries/uz/")
    assert sections_rendered() == ["country_quotes", "key_figures"]


def programme_aside(text):
    return re.search(r'<aside aria-label="Programme details">.*</aside>', text, re.DOTALL)[0]


def test_a_programmes_sections_are_kept_apart_and_show_each_change(client, sections_rendered):
    programme = ProgrammeFactory(slug="blo", title="Border Liaison Offices")
    story = StoryFactory(title="Offices opened")
    story.programmes.add(programme)
    ResultFactory(story=story, programme=programme, label="offices opened")
    event = EventFactory(title="Training in Termez")
    event.programmes.add(programme)
    ContributionFactory(programme=programme, donor=OrganisationFactory(name="Government of Japan"))
    FacilityFundingFactory(programme=programme, facility=FacilityFactory(name="Termez border crossing"))
    text = page(client, "/programmes/blo/")
    assert "Training in Termez" in text and "offices opened" in text
    assert "Government of Japan" in text and "Termez border crossing" in text
    assert sections_rendered() == ["key_figures", "programme_aside", "programme_funding", "programme_timeline"]

    story.title = "Offices opened, corrected"
    story.save()
    text = page(client, "/programmes/blo/")  # the figure names the story reporting it
    assert re.search(r"Reported in <a [^>]*>Offices opened, corrected</a>", text)
    assert sections_rendered() == ["key_figures"]

    event.title = "Training in Termez, corrected"
    event.save()
    assert "Training in Termez, corrected" in page(client, "/programmes/blo/")
    assert sections_rendered() == ["programme_timeline"]

    # Funding is reference data, which every section may show: a new contribution ends them all.
    ContributionFactory(programme=programme, donor=OrganisationFactory(name="Government of Norway"))
    text = page(client, "/programmes/blo/")
    assert re.search(r'<th scope="row" rowspan="1"><a [^>]*>Government of Norway</a>', text)  # the ledger's row
    assert sections_rendered() == ["key_figures", "programme_aside", "programme_funding", "programme_timeline"]

    # The side section: its countries, themes, partners and sub-programmes, all reference data.
    for change, shown in [
        (lambda: programme.countries.add(CountryFactory(iso2="tm", name="Turkmenistan")), "Turkmenistan"),
        (lambda: programme.partners.add(OrganisationFactory(name="OSCE")), "OSCE"),
        (lambda: ProgrammeFactory(parent=programme, title="Northern route offices"), "Northern route offices"),
    ]:
        change()
        assert shown in programme_aside(page(client, "/programmes/blo/"))
        assert sections_rendered() == ["key_figures", "programme_aside", "programme_funding", "programme_timeline"]
        page(client, "/programmes/blo/")
        assert sections_rendered() == []

    # Each programme's sections are its own.
    other = ProgrammeFactory(slug="pcu", title="Port Control Units")
    ContributionFactory(programme=other, donor=OrganisationFactory(name="European Union"))
    page(client, "/programmes/blo/")
    text = page(client, "/programmes/pcu/")
    assert "European Union" in text and "Government of Japan" not in text and "Training in Termez" not in text
    assert "European Union" not in page(client, "/programmes/blo/")
    assert "Turkmenistan" not in programme_aside(text)


def save_once_the_subtree_is_read(monkeypatch, module, save):
    """Has `save()` run once, right after `module` next reads a programme's subtree of ids: a
    change made while a page is rendered, after it read the subtree."""
    subtree_as_read = module.programme_ids_with_descendants

    def read_then_save(ids):
        subtree = subtree_as_read(ids)
        monkeypatch.setattr(module, "programme_ids_with_descendants", subtree_as_read)
        save()
        return subtree

    monkeypatch.setattr(module, "programme_ids_with_descendants", read_then_save)


def test_nothing_made_from_what_a_page_read_is_kept_when_a_change_came_during_the_request(client, monkeypatch):
    """A programme page reads its subtree of programmes, then builds its timeline, figures and
    facility map from it. A child programme saved in between must not leave those kept without
    the child's events, facilities and figures (kept under the state after the save)."""
    from milestones import reference_views

    programme = ProgrammeFactory(slug="blo", title="Border Liaison Offices")

    def save_a_child():
        child = ProgrammeFactory(slug="blo-north", parent=programme)
        EventFactory(title="Training on the northern route").programmes.add(child)
        story = StoryFactory(title="Northern offices opened")
        ResultFactory(story=story, programme=child, label="northern offices opened")
        FacilityFactory(name="Northern border office", programme=child)

    save_once_the_subtree_is_read(monkeypatch, reference_views, save_a_child)
    page(client, "/programmes/blo/")  # rendered from the subtree as it was before the save
    text = page(client, "/programmes/blo/")
    for words in ["Training on the northern route", "northern offices opened"]:
        assert words in text
    # The facility map (its list of facilities without coordinates), not only the cards.
    assert re.search(r'region-map__missing">(?:(?!</p>).)*Northern border office', text, flags=re.DOTALL)


def test_a_lists_count_is_not_kept_from_a_subtree_read_before_a_change(client, monkeypatch):
    """/events/?programme= counts the events of the programme and every programme below it, read
    when the filters are built: a child saved before the count is worked out must not leave the
    count kept without the child's events."""
    from programmes import filters

    programme = ProgrammeFactory(slug="blo")
    EventFactory(title="Training in Termez").programmes.add(programme)

    def save_a_child():
        child = ProgrammeFactory(slug="blo-north", parent=programme)
        EventFactory(title="Training on the northern route").programmes.add(child)

    save_once_the_subtree_is_read(monkeypatch, filters, save_a_child)
    page(client, "/events/?programme=blo")
    text = page(client, "/events/?programme=blo")
    assert "Training on the northern route" in text and "Training in Termez" in text
    assert 'results-count" role="status">2 results' in text
