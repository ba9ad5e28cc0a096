"""The editors' workspace: roles, the draft → review → published workflow, scheduling,
unpublishing, previews, editions, stale forms and protected deletes."""

import datetime
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from milestones.models import Bulletin, Result, Status, Story
from milestones.roles import ROLES
from programmes.models import Country
from tests.factories import BulletinFactory, CountryFactory, QuoteFactory, StoryFactory

pytestmark = pytest.mark.django_db

STORY_ADD = "/admin/milestones/story/add/"
STORY_LIST = "/admin/milestones/story/"


def change_url(story):
    return reverse("admin:milestones_story_change", args=[story.pk])


def story_form(**fields):
    """The POST of the story form, with empty quote and figure inlines."""
    data = {
        "title": "New Port Control Unit opened in Aktau",
        "slug": "new-pcu-aktau",
        "standfirst": "A new unit opened at the seaport.",
        "body": "The unit was renovated and equipped.",
        "status": Status.DRAFT,
        "first_published_precision": "day",
        "source_note": "",
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
    }
    for prefix in ("quotes", "results"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


def edit_form(story, **fields):
    current = {
        "title": story.title,
        "slug": story.slug,
        "standfirst": story.standfirst,
        "body": story.body,
        "status": story.status,
        "version_seen": str(story.version),
    }
    if story.published_at:
        local = timezone.localtime(story.published_at)
        current.update(published_at_0=local.strftime("%Y-%m-%d"), published_at_1=local.strftime("%H:%M:%S"))
    return story_form(**{**current, **fields})


# --- Roles ---------------------------------------------------------------------------------------


def test_roles_exist_after_migrate_with_only_publishers_able_to_publish():
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    publisher = set(Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True))
    assert {"add_story", "change_story", "view_story", "change_event", "add_bulletin"} <= editor
    assert not {code for code in editor if code.startswith("publish_")}
    assert {"publish_story", "publish_event", "publish_bulletin"} <= publisher
    assert editor < publisher


def test_roles_hold_exactly_the_grants_of_the_roles_module():
    for name, grants in ROLES.items():
        listed = {(app, f"{action}_{model}") for (app, model), actions in grants.items() for action in actions}
        held = set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename"))
        assert held == listed, name


def test_editor_writes_a_draft(as_editor, editor):
    response = as_editor.post(STORY_ADD, story_form())
    assert response.status_code == 302
    story = Story.objects.get(slug="new-pcu-aktau")
    assert story.status == Status.DRAFT
    assert (story.created_by, story.updated_by) == (editor, editor)


def test_editor_submits_a_draft_for_review(as_editor):
    as_editor.post(STORY_ADD, story_form(status=Status.IN_REVIEW))
    assert Story.objects.get().status == Status.IN_REVIEW


def test_editor_cannot_publish_through_the_form(as_editor):
    response = as_editor.post(
        STORY_ADD, story_form(status=Status.PUBLISHED, published_at_0="2016-12-01", published_at_1="09:00")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Story.objects.exists()


def test_editor_cannot_schedule_by_posting_a_publication_time(as_editor):
    as_editor.post(STORY_ADD, story_form(published_at_0="2030-01-01", published_at_1="09:00"))
    assert Story.objects.get().published_at is None


def test_editor_cannot_publish_with_the_bulk_action(as_editor):
    story = StoryFactory(status=Status.IN_REVIEW, published_at=None)
    response = as_editor.post(STORY_LIST, {"action": "publish_now", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert response.status_code in (200, 302)
    assert "publish_now" not in as_editor.get(STORY_LIST).content.decode()


def test_editor_cannot_change_a_published_story(as_editor):
    story = StoryFactory(title="Published title")
    page = as_editor.get(change_url(story)).content.decode()
    assert 'name="_save"' not in page  # shown read-only
    response = as_editor.post(change_url(story), edit_form(story, title="Defaced"))
    story.refresh_from_db()
    assert response.status_code == 403
    assert story.title == "Published title"


def test_editor_cannot_unpublish_or_delete_a_published_story(as_editor):
    story = StoryFactory()
    as_editor.post(STORY_LIST, {"action": "unpublish", "_selected_action": [story.pk]})
    assert as_editor.post(reverse("admin:milestones_story_delete", args=[story.pk]), {"post": "yes"}).status_code == 403
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED


def test_editor_may_delete_their_draft(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    as_editor.post(reverse("admin:milestones_story_delete", args=[story.pk]), {"post": "yes"})
    assert not Story.objects.exists()


# --- Publishing, scheduling, unpublishing -----------------------------------------------------------


def test_publisher_publishes_a_story_in_review(as_publisher, client):
    story = StoryFactory(slug="ready", status=Status.IN_REVIEW, published_at=None)
    as_publisher.post(STORY_LIST, {"action": "publish_now", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_live
    client.logout()
    assert client.get("/news/ready/").status_code == 200


def test_publication_time_in_the_future_schedules_the_story(as_publisher, client):
    at = timezone.now() + datetime.timedelta(hours=2)
    local = timezone.localtime(at)
    as_publisher.post(
        STORY_ADD,
        story_form(
            status=Status.PUBLISHED,
            published_at_0=local.strftime("%Y-%m-%d"),
            published_at_1=local.strftime("%H:%M:%S"),
        ),
    )
    client.logout()
    assert client.get("/news/new-pcu-aktau/").status_code == 404
    assert "new-pcu-aktau" not in client.get("/news/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        assert client.get("/news/new-pcu-aktau/").status_code == 200
        assert "new-pcu-aktau" in client.get("/news/").content.decode()


def test_publishing_without_a_time_publishes_now(as_publisher):
    as_publisher.post(STORY_ADD, story_form(status=Status.PUBLISHED))
    assert Story.objects.get().is_live


def test_unpublishing_takes_the_story_off_every_public_page(as_publisher, client):
    tajikistan = CountryFactory(iso2="tj")
    story = StoryFactory(slug="gone", title="Aktau story to withdraw")
    story.countries.add(tajikistan)
    as_publisher.post(STORY_LIST, {"action": "unpublish", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.status == Status.DRAFT
    client.logout()
    assert client.get("/news/gone/").status_code == 404
    for path in (
        "/news/",
        "/countries/tj/",
        "/news/feed/",
        "/news/feed/atom/",
        "/countries/tj/feed/",
        "/sitemap.xml",
        "/search/?q=aktau",
        "/",
    ):
        assert "Aktau story to withdraw" not in client.get(path).content.decode(), path
        assert "/news/gone/" not in client.get(path).content.decode(), path


def test_every_workflow_change_is_in_the_items_history(as_publisher, publisher):
    story = StoryFactory(status=Status.IN_REVIEW, published_at=None)
    as_publisher.post(STORY_LIST, {"action": "publish_now", "_selected_action": [story.pk]})
    entry = LogEntry.objects.get(object_id=str(story.pk))
    assert entry.user == publisher
    assert entry.get_change_message() == "Published."
    assert as_publisher.get(reverse("admin:milestones_story_history", args=[story.pk])).status_code == 200


def test_slug_is_kept_once_published(as_publisher):
    story = StoryFactory(slug="stable")
    response = as_publisher.post(change_url(story), edit_form(story, slug="changed"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.slug == "stable"


# --- Previews ------------------------------------------------------------------------------------------


def test_staff_preview_a_draft_as_the_public_will_see_it(as_editor):
    StoryFactory(slug="draft", status=Status.DRAFT, published_at=None, title="Draft headline")
    response = as_editor.get("/news/draft/")
    assert response.status_code == 200
    assert "Draft headline" in response.content.decode()
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_anonymous_visitors_get_not_found_for_drafts(client):
    StoryFactory(slug="draft", status=Status.DRAFT, published_at=None)
    StoryFactory(slug="review", status=Status.IN_REVIEW, published_at=None)
    assert client.get("/news/draft/").status_code == 404
    assert client.get("/news/review/").status_code == 404


def test_admin_view_on_site_link_works_for_drafts(as_editor):
    story = StoryFactory(slug="draft", status=Status.DRAFT, published_at=None)
    page = as_editor.get(change_url(story)).content.decode()
    assert "View on site" in page
    redirect = as_editor.get(
        reverse(
            "admin:view_on_site",
            args=[
                __import__("django.contrib.contenttypes.models", fromlist=["ContentType"])
                .ContentType.objects.get_for_model(Story)
                .pk,
                story.pk,
            ],
        )
    )
    assert redirect["Location"].endswith("/news/draft/")


def test_edition_preview_shows_its_unpublished_stories_to_staff_only(as_editor, client):
    edition = BulletinFactory(slug="next", status=Status.DRAFT, published_at=None)
    StoryFactory(bulletin=edition, position=1, title="Ready story")
    StoryFactory(
        bulletin=edition, position=2, title="Story still in review", status=Status.IN_REVIEW, published_at=None
    )
    page = as_editor.get("/bulletins/next/").content.decode()
    assert "Ready story" in page and "Story still in review" in page
    assert "Preview: this story is not public" in page
    client.logout()
    assert client.get("/bulletins/next/").status_code == 404


# --- Editions ----------------------------------------------------------------------------------------


def test_publisher_reorders_an_edition_by_swapping_positions(as_publisher):
    edition = BulletinFactory()
    first = StoryFactory(bulletin=edition, position=1)
    second = StoryFactory(bulletin=edition, position=2)
    data = {
        "title": edition.title,
        "slug": edition.slug,
        "status": edition.status,
        "published_at_0": "2016-12-01",
        "published_at_1": "09:00:00",
        "period_label": "",
        "issue_date": "2016-12-01",
        "issue_date_precision": "month",
        "summary": "",
        "source_note": "",
        "version_seen": str(edition.version),
        "stories-TOTAL_FORMS": "2",
        "stories-INITIAL_FORMS": "2",
        "stories-MIN_NUM_FORMS": "0",
        "stories-MAX_NUM_FORMS": "1000",
        "stories-0-id": str(first.pk),
        "stories-0-bulletin": str(edition.pk),
        "stories-0-position": "2",
        "stories-1-id": str(second.pk),
        "stories-1-bulletin": str(edition.pk),
        "stories-1-position": "1",
    }
    response = as_publisher.post(reverse("admin:milestones_bulletin_change", args=[edition.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)


# --- No lost work ----------------------------------------------------------------------------------------


def test_second_save_of_a_stale_form_is_refused_and_keeps_the_typed_text(client, editor, publisher):
    story = StoryFactory(status=Status.DRAFT, published_at=None, title="Original")
    opened_version = story.version
    client.force_login(publisher)
    client.post(change_url(story), edit_form(story, title="Publisher's title"))
    client.force_login(editor)
    stale = {**edit_form(story, title="Editor's title"), "version_seen": str(opened_version)}
    response = client.post(change_url(story), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Timur Rakhimov saved this story" in page
    assert "Editor&#x27;s title" in page or "Editor's title" in page
    story.refresh_from_db()
    assert story.title == "Publisher's title"


def test_a_fresh_form_saves_and_moves_the_version_on(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    as_editor.post(change_url(story), edit_form(story, title="First edit"))
    story.refresh_from_db()
    as_editor.post(change_url(story), edit_form(story, title="Second edit"))
    story.refresh_from_db()
    assert story.title == "Second edit"
    assert story.version == 3


def test_deleting_a_country_that_published_stories_name_is_refused(as_publisher):
    country = CountryFactory(iso2="tj")
    StoryFactory(title="Story about Tajikistan").countries.add(country)
    url = reverse("admin:programmes_country_delete", args=[country.pk])
    page = as_publisher.get(url).content.decode()
    assert "Story about Tajikistan" in page
    assert "would require deleting the following protected related objects" in page
    as_publisher.post(url, {"post": "yes"})
    assert Country.objects.filter(iso2="tj").exists()


def test_deleting_an_edition_with_stories_is_refused_with_an_explanation(as_publisher):
    edition = BulletinFactory()
    story = StoryFactory(bulletin=edition, position=1, title="Lead story")
    # The confirmation the publisher would send with "Yes, I'm sure".
    response = as_publisher.post(reverse("admin:milestones_bulletin_delete", args=[edition.pk]), {"post": "yes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in page
    assert "Lead story" in page
    assert Bulletin.objects.filter(pk=edition.pk).exists()
    assert Story.objects.filter(pk=story.pk, bulletin=edition).exists()


# --- What belongs to a published story, and reference data ---------------------------------------


def post_quote_text(client, quote, text):
    """Saves the quote's change form in the admin with new words, everything else as it was."""
    form = {"text": text, "person": quote.person_id, "story": quote.story_id, "position": 0, "attribution": ""}
    return client.post(reverse("admin:milestones_quote_change", args=[quote.pk]), form)


def test_editor_cannot_change_or_remove_a_quote_of_a_published_story(as_editor):
    quote = QuoteFactory(story=StoryFactory(), text="Original words")
    response = post_quote_text(as_editor, quote, "Words put in a speaker's mouth")
    assert response.status_code == 403
    assert as_editor.post(reverse("admin:milestones_quote_delete", args=[quote.pk]), {"post": "yes"}).status_code == 403
    quote.refresh_from_db()
    assert quote.text == "Original words"


def test_editor_cannot_attach_a_figure_to_a_published_story(as_editor):
    story = StoryFactory()
    response = as_editor.post(
        reverse("admin:milestones_result_add"),
        {
            "label": "of heroin seized",
            "value": "12",
            "value_qualifier": "exact",
            "unit": "kg",
            "as_of_precision": "day",
            "story": story.pk,
            "source_note": "",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Result.objects.exists()


def test_publisher_may_correct_a_quote_of_a_published_story(as_publisher):
    quote = QuoteFactory(story=StoryFactory(), text="Original words")
    response = post_quote_text(as_publisher, quote, "Corrected words")
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "Corrected words"


@pytest.mark.parametrize("model", ["programme", "organisation", "facility", "contribution"])
def test_editors_read_reference_data_but_only_publishers_change_it(as_editor, model):
    assert as_editor.get(f"/admin/programmes/{model}/").status_code == 200
    assert as_editor.get(f"/admin/programmes/{model}/add/").status_code == 403
