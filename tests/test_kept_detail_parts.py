"""Detail pages keep their body (issue 21, item 5; milestones/views.py, ShowsRowsMixin): the body
of a story, event or publication page and its schema.org data are made once and kept under the
versions of the rows the page shows, so that a page rendered while those rows are as they were
(without the page cache here) reads only its item. tests/test_page_rows.py shows each kind of
change to those rows on the next page, and compares every seed page made from its kept body with
one made with nothing kept."""

import re

import pytest
from django.contrib.auth.models import Permission

from milestones.models import Status
from milestones.views import ShowsRowsMixin
from tests.factories import CountryFactory, EventFactory, PublicationFactory, StoryFactory, UserFactory
from tests.noted import noted_calls
from tests.pages import structured_data

pytestmark = pytest.mark.django_db(transaction=True)  # versions start when changes commit


@pytest.fixture(autouse=True)
def _pages_rendered_each_time(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def bodies_made(monkeypatch):
    """A function giving the slugs of the items whose page body was made (not taken from the
    cache) since it was last called."""
    return noted_calls(monkeypatch, ShowsRowsMixin, "make_part", lambda view: view.object.slug)


def body(client, path, **headers):
    """The page's <main> (the body and the page's own heading) as the reader gets it."""
    response = client.get(path, **headers)
    assert response.status_code == 200
    return re.search(r"<main.*</main>", response.content.decode(), flags=re.DOTALL).group(0)


def test_a_body_is_made_once_and_a_save_of_another_story_or_event_leaves_it(client, bodies_made):
    event = EventFactory(title="Expert forum", slug="forum")
    story = StoryFactory(title="Forum held", slug="forum-held")
    story.events.add(event)
    publication = PublicationFactory(title="Forum report", slug="report")
    publication.events.add(event)
    paths = [story.get_absolute_url(), event.get_absolute_url(), publication.get_absolute_url()]
    first = [body(client, path) for path in paths]
    assert bodies_made() == ["forum-held", "forum", "report"]
    assert [body(client, path) for path in paths] == first
    assert bodies_made() == []

    StoryFactory(title="Another story")
    EventFactory(title="Another event")
    assert [body(client, path) for path in paths] == first
    assert bodies_made() == []

    event.title = "Sixth expert forum"
    event.save()
    assert all("Sixth expert forum" in body(client, path) for path in paths)
    assert sorted(bodies_made()) == ["forum", "forum-held", "report"]


@pytest.mark.parametrize(("factory", "queries"), [(StoryFactory, 3), (EventFactory, 8), (PublicationFactory, 3)])
def test_a_kept_body_leaves_the_page_its_item_and_the_rows_versions_to_read(
    client, bodies_made, django_assert_num_queries, factory, queries
):
    """A story: its row with its edition and signatory, the versions of the story and of its
    events. An event: its row with its kind, countries, neighbours and series, its places (in
    the page's description), its id and neighbours' ids, and the versions of the events, stories,
    quotes, figures and publications its page shows. A publication: its row and the versions of
    the publication and its events."""
    item = factory()
    path = item.get_absolute_url()
    client.get(path)
    with django_assert_num_queries(queries):
        client.get(path)
    assert bodies_made() == [item.slug]


def test_two_pages_showing_the_same_rows_keep_their_own_bodies(client):
    """An event and its follow-up: each page shows both events, and nothing else."""
    handover = EventFactory(title="Handover of equipment to the PCU")
    training = EventFactory(title="Training on the new equipment", follows=handover)
    assert "<h1>Training on the new equipment</h1>" in body(client, training.get_absolute_url())
    assert "<h1>Handover of equipment to the PCU</h1>" in body(client, handover.get_absolute_url())


def test_a_renamed_country_shows_in_a_kept_body(client, bodies_made):
    """Countries, kinds, programmes and the like are reference data: the body is kept under their
    token as well."""
    country = CountryFactory(name="Kyrgyzstan")
    story = StoryFactory(title="Forum held", slug="forum-held")
    story.countries.add(country)
    for _ in range(2):
        assert "Kyrgyzstan" in body(client, story.get_absolute_url())
    assert bodies_made() == ["forum-held"]
    country.name = "Kyrgyz Republic"
    country.save()
    shown = body(client, story.get_absolute_url())
    assert "Kyrgyz Republic" in shown and "Kyrgyzstan" not in shown


def test_a_drafts_preview_is_made_each_time(client, bodies_made):
    StoryFactory(slug="draft", status=Status.DRAFT, title="Forum held")
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_story"))
    client.force_login(editor)
    for _ in range(2):
        assert "Preview: this story is not public" in body(client, "/news/draft/")
    assert bodies_made() == ["draft", "draft"]


def test_each_host_gets_structured_data_with_its_own_addresses(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    story = StoryFactory(slug="forum-held")

    def address(**headers):
        return structured_data(client.get(story.get_absolute_url(), **headers).content.decode())["url"]

    assert address() == "http://testserver/news/forum-held/"
    assert address(HTTP_HOST="portal.example.org") == "http://portal.example.org/news/forum-held/"
    assert address(HTTP_HOST="portal.example.org", secure=True) == "https://portal.example.org/news/forum-held/"


@pytest.mark.parametrize(("factory", "queries"), [(StoryFactory, 17), (EventFactory, 21), (PublicationFactory, 14)])
def test_a_body_asks_for_no_link_of_which_the_pages_rows_hold_none(
    client, bodies_made, django_assert_num_queries, factory, queries
):
    """An item linked to nothing: the rows its page shows hold no event (of a story or a
    publication), and for an event no follow-up, side event, story, quote, figure or
    publication, so its body is made without asking for them: 1, 6 and 1 queries fewer than
    with every prefetch run (the rest, on a first visit with nothing kept, is the page's item,
    its rows' versions and the reference data every page shows)."""
    item = factory()
    with django_assert_num_queries(queries):
        client.get(item.get_absolute_url())
    assert bodies_made() == [item.slug]
