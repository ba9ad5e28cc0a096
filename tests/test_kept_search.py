"""The search page keeps each kind's results (issue 21, item 5): stories, events, publications and
the reference data are ranked once and kept under the topics of what their results show
(milestones.queries.kept_search_results), so that after a saved story only the stories are
ranked again. And never wrong: each kind of change shows on the next search."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import set_script_prefix
from django.utils import timezone

from milestones import queries
from milestones.models import EventKind, Story
from tests.factories import (
    BulletinFactory,
    CountryFactory,
    EventFactory,
    EventPlaceFactory,
    FacilityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    PublicationFactory,
    StoryFactory,
    ThemeFactory,
)
from tests.noted import noted_calls
from unodc_portal import remembered
from unodc_portal.content_version import bulk_changes

pytestmark = pytest.mark.django_db(transaction=True)  # versions start when changes commit

EVERY_KIND = [
    "milestones.Story",
    "milestones.Event",
    "milestones.Publication",
    "programmes.Programme",
    "programmes.Facility",
    "programmes.Organisation",
    "programmes.Theme",
]
REFERENCE_KINDS = ["programmes.Programme", "programmes.Facility", "programmes.Organisation", "programmes.Theme"]


@pytest.fixture(autouse=True)
def _pages_rendered_each_time(settings):
    """The page cache off: every search renders its page, from the kept results."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def kinds_ranked(monkeypatch):
    """A function giving the models whose rows were ranked (not taken from the cache) since it
    was last called, in the order they were ranked."""
    return noted_calls(monkeypatch, queries, "hits_of", lambda rows, **search: rows.model._meta.label)


def search(client, words, language=""):
    response = client.get(f"{language}/search/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cargo():
    """Something of every kind with the word "cargo"."""
    uzbekistan = CountryFactory(iso2="uz", name="Uzbekistan")
    return {
        "story": StoryFactory(title="Cargo profiling course"),
        "event": EventFactory(title="Cargo profiling training", host_country=uzbekistan),
        "publication": PublicationFactory(title="Cargo risk handbook"),
        "programme": ProgrammeFactory(title="Container and cargo programme"),
        "facility": FacilityFactory(name="Cargo control unit at Tashkent airport", country=uzbekistan),
        "organisation": OrganisationFactory(name="Cargo carriers' association"),
        "theme": ThemeFactory(name="Cargo security"),
    }


def test_a_search_is_ranked_once_and_then_kept(client, cargo, kinds_ranked):
    text = search(client, "cargo")
    assert "7 results" in text
    assert kinds_ranked() == EVERY_KIND
    assert search(client, "cargo") == text
    assert kinds_ranked() == []


def test_a_search_takes_its_kept_results_in_one_round_trip(client, cargo, kinds_ranked):
    search(client, "cargo")
    kinds_ranked()
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        search(client, "cargo")
    assert kinds_ranked() == []
    assert [len(call.args[0]) for call in get_many.call_args_list] == [7]


def test_the_same_words_spelled_otherwise_share_the_kept_results(client, cargo, kinds_ranked):
    search(client, "cargo profiling")
    kinds_ranked()
    text = search(client, "CARGO Profiling")
    assert kinds_ranked() == []
    assert "<mark>Cargo</mark> <mark>profiling</mark> course" in text
    assert "for “CARGO Profiling”" in text  # the count names the words as the reader wrote them


def test_other_words_are_ranked_apart(client, cargo, kinds_ranked):
    search(client, "cargo")
    kinds_ranked()
    text = search(client, "profiling")
    assert kinds_ranked() == EVERY_KIND
    assert "2 results" in text


@pytest.mark.parametrize(
    ("item", "model", "title"),
    [
        ("story", "milestones.Story", "Cargo profiling course in Aktau"),
        ("event", "milestones.Event", "Cargo profiling training, second round"),
        ("publication", "milestones.Publication", "Cargo risk handbook, second edition"),
    ],
)
def test_a_saved_item_ranks_only_its_kind_again_and_shows(client, cargo, kinds_ranked, item, model, title):
    search(client, "cargo")
    kinds_ranked()
    cargo[item].title = title
    cargo[item].save()
    text = search(client, "cargo")
    assert kinds_ranked() == [model]
    assert title.replace("Cargo", "<mark>Cargo</mark>", 1) in text


# Each change a result can show, made as an editor or code would make it: the next search shows
# it. Reference data (a programme, a kind of event, a country) is what every kind but the
# publications shows, or is: a change to it ranks them again.


def withdraw(item):
    item.status = "draft"
    item.save()


def rename_the_programme(cargo):
    cargo["programme"].title = "Container, cargo and passenger programme"
    cargo["programme"].save()
    return "Container, <mark>cargo</mark> and passenger programme"


def rename_the_kind_of_event(cargo):
    kind = EventKind.objects.get(pk="training")
    kind.name = "Course"
    kind.save()
    return "Course · "


def rename_the_facilitys_country(cargo):
    country = cargo["facility"].country
    country.name = "Republic of Uzbekistan"
    country.save()
    return "Republic of Uzbekistan"


def add_a_place_to_the_event(cargo):
    EventPlaceFactory(event=cargo["event"], city="Termez", country=cargo["event"].host_country)
    return "Termez"


@pytest.mark.parametrize(
    ("change", "ranked_again"),
    [
        (rename_the_programme, ["milestones.Story", "milestones.Event", *REFERENCE_KINDS]),
        (rename_the_kind_of_event, ["milestones.Story", "milestones.Event", *REFERENCE_KINDS]),
        (rename_the_facilitys_country, ["milestones.Story", "milestones.Event", *REFERENCE_KINDS]),
        (add_a_place_to_the_event, ["milestones.Event"]),
    ],
)
def test_each_change_a_result_shows_is_on_the_next_search(client, cargo, kinds_ranked, change, ranked_again):
    before = search(client, "cargo")
    kinds_ranked()
    shown = change(cargo)
    assert shown not in before
    assert shown in search(client, "cargo")
    assert kinds_ranked() == ranked_again


def test_a_withdrawn_story_is_no_longer_found(client, cargo):
    assert "profiling course" in search(client, "cargo")
    withdraw(cargo["story"])
    text = search(client, "cargo")
    assert "6 results" in text and "profiling course" not in text


def test_a_story_published_in_bulk_is_found(client, cargo):
    draft = StoryFactory(title="Cargo scanners delivered", status="draft", published_at=None)
    assert "scanners delivered" not in search(client, "cargo")
    with bulk_changes():
        Story.objects.filter(pk=draft.pk).update(status="published", published_at=timezone.now())
    assert "<mark>Cargo</mark> scanners delivered" in search(client, "cargo")


def test_a_scheduled_story_and_event_are_found_the_moment_their_time_comes(client, cargo):
    at = timezone.now() + datetime.timedelta(minutes=30)
    StoryFactory(title="Cargo scanners delivered", published_at=at)
    EventFactory(title="Cargo scanner training", published_at=at)
    text = search(client, "cargo")
    assert "7 results" in text and "scanner" not in text
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        text = search(client, "cargo")
    assert "9 results" in text
    assert "<mark>Cargo</mark> scanners delivered" in text and "<mark>Cargo</mark> scanner training" in text


def test_each_language_keeps_its_own_results(client, cargo, kinds_ranked):
    programme = cargo["programme"]
    programme.title_ru = "Программа по контейнерам и грузам"
    programme.save()
    english = search(client, "cargo")
    russian = search(client, "cargo", language="/ru")
    assert kinds_ranked() == EVERY_KIND * 2
    assert 'href="/ru/news/' in russian and 'href="/news/' not in russian
    assert "Программа по контейнерам и грузам" in russian and "Программа по" not in english
    assert '<span class="label">Новость</span>' in russian and '<span class="label">Story</span>' in english
    assert search(client, "cargo") == english and search(client, "cargo", language="/ru") == russian
    assert kinds_ranked() == []


def test_a_storys_date_becomes_its_editions_the_moment_the_edition_goes_live(client, cargo):
    at = timezone.now() + datetime.timedelta(minutes=30)
    edition = BulletinFactory(issue_date=datetime.date(2016, 3, 1), published_at=at)
    StoryFactory(title="Cargo scanners delivered", bulletin=edition, position=1)
    assert "March 2016" not in search(client, "cargo")  # dated the day this site published it
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        text = search(client, "cargo")
    assert re.search(r"Story</span> · March 2016</p>\s*<h2[^>]*><a [^>]*><mark>Cargo</mark> scanners", text)


def test_a_translation_added_after_a_search_was_kept_is_on_the_next_one(client, cargo):
    assert "Программа по контейнерам и грузам" not in search(client, "cargo", language="/ru")
    programme = cargo["programme"]
    programme.title_ru = "Программа по контейнерам и грузам"
    programme.save()
    assert "Программа по контейнерам и грузам" in search(client, "cargo", language="/ru")


def test_results_are_kept_for_each_script_prefix_they_link_to(client, cargo):
    """Behind a proxy that serves the portal under /portal/ (SCRIPT_NAME), which sets the prefix
    (Django's WSGI handler; the test client does not)."""
    assert 'href="/news/' in search(client, "cargo")
    set_script_prefix("/portal/")
    try:
        under_a_prefix = search(client, "cargo")
    finally:
        set_script_prefix("/")
    assert 'href="/portal/news/' in under_a_prefix and 'href="/news/' not in under_a_prefix


def test_a_search_is_answered_with_the_cache_down(client, cargo, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert "7 results" in search(client, "cargo")


def test_the_worker_does_not_keep_a_searchs_results(client, cargo):
    """Readers ask for thousands of searches, each seldom: kept by the worker, they would push out
    the counts every list page needs (REMEMBERED_HERE_MAX)."""
    search(client, "cargo")
    before = set(remembered._remembered_here)
    search(client, "profiling")
    search(client, "cargo risk")
    assert set(remembered._remembered_here) == before
