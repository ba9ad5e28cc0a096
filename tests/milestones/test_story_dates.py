"""A story's date on public pages: its edition's date only once the edition is public
(issue 14, item 8), the story's own publication date until then."""

import datetime

import pytest
from django.utils import timezone

from milestones.models import Status, Story
from tests.factories import BulletinFactory, CountryFactory, StoryFactory

pytestmark = pytest.mark.django_db

EDITION_DATE = datetime.date(2030, 1, 1)
EDITION_DATE_SHOWN = ("1 January 2030", "2030-01-01")
STORY_DATE_SHOWN = "1 December 2016"  # the factory's publication time, 1 December 2016

PUBLIC_PAGES = [
    "/news/",
    "/countries/uz/",
    "/news/embargoed-story/",
    "/news/feed/",
    "/news/feed/atom/",
    "/countries/uz/feed/",
    "/search/?q=zarafshan",
    "/sitemap.xml",
]


def edition(**kwargs):
    return BulletinFactory(
        title="Milestones: the embargoed edition",
        slug="embargoed-edition",
        issue_date=EDITION_DATE,
        issue_date_precision="day",
        **kwargs,
    )


def story_in(bulletin):
    story = StoryFactory(title="Zarafshan border post opened", slug="embargoed-story", bulletin=bulletin, position=1)
    story.countries.add(CountryFactory(iso2="uz"))
    return story


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def shows_edition_date(content):
    return any(shown in content for shown in EDITION_DATE_SHOWN)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_story_in_a_draft_edition_does_not_show_the_edition_date(client, url):
    story_in(edition(status=Status.DRAFT, published_at=None))
    assert not shows_edition_date(page(client, url))


@pytest.mark.parametrize("url", ["/news/", "/countries/uz/", "/news/embargoed-story/", "/search/?q=zarafshan"])
def test_story_in_a_draft_edition_shows_its_own_date(client, url):
    story_in(edition(status=Status.DRAFT, published_at=None))
    assert STORY_DATE_SHOWN in page(client, url)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_story_in_a_draft_edition_does_not_name_or_link_the_edition(client, url):
    story_in(edition(status=Status.DRAFT, published_at=None))
    content = page(client, url)
    assert "the embargoed edition" not in content
    assert "/bulletins/embargoed-edition/" not in content


def test_story_structured_data_does_not_carry_a_draft_editions_date(client):
    story_in(edition(status=Status.DRAFT, published_at=None))
    structured = page(client, "/news/embargoed-story/").split('type="application/ld+json">', 1)[1]
    assert "2016-12-01" in structured.split("</script>", 1)[0]
    assert not shows_edition_date(structured)


@pytest.mark.parametrize("url", ["/news/", "/countries/uz/", "/news/embargoed-story/"])
def test_story_in_an_edition_scheduled_for_tomorrow_shows_its_own_date(client, url):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    story_in(edition(status=Status.PUBLISHED, published_at=tomorrow))
    content = page(client, url)
    assert STORY_DATE_SHOWN in content
    assert not shows_edition_date(content)


def test_story_page_does_not_link_an_edition_scheduled_for_tomorrow(client):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    story_in(edition(status=Status.PUBLISHED, published_at=tomorrow))
    assert "/bulletins/embargoed-edition/" not in page(client, "/news/embargoed-story/")


@pytest.mark.parametrize("url", ["/news/", "/countries/uz/", "/news/embargoed-story/", "/search/?q=zarafshan"])
def test_story_in_a_published_edition_shows_the_edition_date(client, url):
    story_in(edition())
    content = page(client, url)
    assert "1 January 2030" in content
    assert STORY_DATE_SHOWN not in content


def test_story_shows_the_edition_date_once_the_edition_is_published(client, django_capture_on_commit_callbacks):
    bulletin = edition(status=Status.DRAFT, published_at=None)
    story_in(bulletin)
    assert not shows_edition_date(page(client, "/news/embargoed-story/"))
    with django_capture_on_commit_callbacks(execute=True):  # the page cache moves on at commit
        bulletin.publish()
        bulletin.save()
    content = page(client, "/news/embargoed-story/")
    assert '<time datetime="2030-01-01">1 January 2030</time>' in content
    assert '<a href="/bulletins/embargoed-edition/">Milestones: the embargoed edition</a>' in content


def test_story_cards_read_the_editions_state_without_a_query(django_assert_num_queries):
    draft = edition(status=Status.DRAFT, published_at=None)
    for position in range(1, 11):
        StoryFactory(bulletin=draft, position=position)
    stories = list(Story.objects.published().for_cards())
    with django_assert_num_queries(0):
        dates = [(str(story.when), story.when.iso, story.public_bulletin) for story in stories]
    assert dates == [(STORY_DATE_SHOWN, "2016-12-01", None)] * 10
