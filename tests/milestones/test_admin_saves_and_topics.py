"""What an editor's save in the admin ends (unodc_portal/content_version.py, changed_topics): a
correction to a story's words ends only the counts of lists filtered by words, and so does a save
that changes nothing but the story's last change (pages show it); one that changes what lists
count ends the story topic."""

from unittest import mock

import pytest

from milestones.models import Status
from tests.factories import StoryFactory, ThemeFactory
from tests.milestones.test_editorial_workflow import change_url, edit_form
from unodc_portal import content_version

pytestmark = pytest.mark.django_db


def announced(client, story, django_capture_on_commit_callbacks, **fields):
    with (
        mock.patch.object(content_version, "announce_or_retry") as announce,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(change_url(story), edit_form(story, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return [call.args[0] for call in announce.call_args_list]


@pytest.fixture
def story(client, publisher):
    client.force_login(publisher)
    return StoryFactory(title="Original headline", status=Status.PUBLISHED)


def test_a_corrected_headline_ends_only_the_stories_words(client, story, django_capture_on_commit_callbacks):
    assert announced(client, story, django_capture_on_commit_callbacks, title="Corrected headline") == [
        ["stories-words"]
    ]


def test_a_save_that_changes_only_the_last_change_ends_only_the_stories_words(
    client, story, django_capture_on_commit_callbacks
):
    assert announced(client, story, django_capture_on_commit_callbacks) == [["stories-words"]]


def test_a_story_taken_back_to_draft_ends_the_stories(client, story, django_capture_on_commit_callbacks):
    assert ["stories"] in announced(client, story, django_capture_on_commit_callbacks, status=Status.DRAFT)


def test_a_linked_theme_ends_the_stories(client, story, django_capture_on_commit_callbacks):
    theme = ThemeFactory()
    assert ["stories"] in announced(client, story, django_capture_on_commit_callbacks, themes=[theme.pk])
