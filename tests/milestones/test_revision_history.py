"""Revision history (issue 18, item 5): each admin save keeps a version with its user and comment;
editors compare any two and restore one as a draft, which never publishes."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from milestones.models import EventKind, EventPlace, Quote, Status, Story
from programmes.models import Country
from tests.factories import (
    BulletinFactory,
    CountryFactory,
    EventFactory,
    EventPlaceFactory,
    QuoteFactory,
    StoryFactory,
)
from tests.milestones.test_editorial_workflow import edit_form
from unodc_portal.models import PendingRestore
from unodc_portal.revisions import versions_of
from unodc_portal.translations import TranslationState

pytestmark = pytest.mark.django_db

OLD_BODY = "The unit was renovated and equipped with computers.\n\nOfficials attended the opening."
NEW_BODY = "The unit was rebuilt and equipped with scanners.\n\nOfficials attended the opening."


def admin_url(obj, name, *args):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=[obj.pk, *args])


def save_story(client, story, **fields):
    story.refresh_from_db()
    response = client.post(admin_url(story, "change"), edit_form(story, **fields))
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    return story


def restore(client, obj, version, **data):
    obj.refresh_from_db()
    return client.post(
        admin_url(obj, "restore", version.pk), {"version_seen": str(getattr(obj, "version", "")), **data}
    )


def pending_form(pending, **data):
    """What the page's "Publish it" and "Discard it" forms send: the restored draft they were shown."""
    return {"pending_version": str(pending.version_id), "pending_restored_at": pending.restored_at_stamp, **data}


def publish_pending(client, obj, **data):
    obj.refresh_from_db()
    form = pending_form(PendingRestore.objects.get(), action="publish", version_seen=str(getattr(obj, "version", "")))
    return client.post(admin_url(obj, "restored"), {**form, **data})


def public_text(client, story):
    client.logout()
    response = client.get(story.get_absolute_url())
    return response.status_code, response.content.decode()


# --- Versions on every save ----------------------------------------------------------------------


def test_each_admin_save_of_a_story_keeps_a_version_with_user_and_comment(as_editor, editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    save_story(as_editor, story, title="A renamed story")
    versions = list(versions_of(story).select_related("revision__user"))
    # The stored row before the first change, then one per save.
    assert len(versions) == 3
    assert [v.revision.user for v in versions[1:]] == [editor, editor]
    assert "Changed Body." in versions[1].revision.get_comment()
    assert "Changed Title." in versions[2].revision.get_comment()
    assert versions[0].field_dict["body"] == OLD_BODY
    assert versions[2].field_dict["title"] == "A renamed story"


def test_a_story_version_holds_its_quotes(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    quote = QuoteFactory(story=story, text="Seizures will rise.")
    save_story(as_editor, story, title="With its quote")
    latest = versions_of(story).last()
    quotes = Version.objects.get_for_model(Quote).filter(revision=latest.revision)
    assert [v.object_id for v in quotes] == [str(quote.pk)]


def test_adding_a_story_keeps_its_first_version(as_editor):
    from tests.milestones.test_editorial_workflow import story_form

    as_editor.post("/admin/milestones/story/add/", story_form())
    story = Story.objects.get()
    assert versions_of(story).count() == 1


def test_an_event_version_holds_its_other_places(admin_client):
    event = EventFactory()
    place = EventPlaceFactory(event=event)
    admin_client.post("/admin/milestones/event/", {"action": "unpublish", "_selected_action": [event.pk]})
    latest = versions_of(event).last()
    assert latest.field_dict["status"] == Status.DRAFT
    places = Version.objects.get_for_model(EventPlace).filter(revision=latest.revision)
    assert [v.object_id for v in places] == [str(place.pk)]


def test_deleting_an_item_deletes_its_restored_draft(as_publisher):
    story = StoryFactory()
    save_story(as_publisher, story, body=NEW_BODY)
    restore(as_publisher, story, versions_of(story).first())
    as_publisher.post(admin_url(story, "delete"), {"post": "yes"})
    assert not Story.objects.exists()
    assert not PendingRestore.objects.exists()


def test_saving_an_edition_keeps_a_version(admin_client):
    bulletin = BulletinFactory()
    data = {
        "title": "Milestones renamed",
        "slug": bulletin.slug,
        "status": bulletin.status,
        "issue_date": "2016-12-01",
        "issue_date_precision": "month",
        "published_at_0": "2016-12-01",
        "published_at_1": "09:00:00",
        "version_seen": str(bulletin.version),
        "stories-TOTAL_FORMS": "0",
        "stories-INITIAL_FORMS": "0",
        "stories-MIN_NUM_FORMS": "0",
        "stories-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(admin_url(bulletin, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert versions_of(bulletin).last().field_dict["title"] == "Milestones renamed"


def test_saving_reference_data_keeps_a_version(admin_client, superuser):
    country = CountryFactory()
    kind = EventKind.objects.get(slug="training")
    response = admin_client.post(
        admin_url(kind, "change"),
        {"name": "Training course", "plural_name": "Trainings", "description": "", "order": "3"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = versions_of(kind).select_related("revision").last()
    assert latest.field_dict["name"] == "Training course"
    assert latest.revision.user == superuser
    assert versions_of(country).count() == 0  # nothing is kept without a save in the admin


def test_workflow_actions_keep_versions_and_the_log(as_publisher, publisher):
    story = StoryFactory(status=Status.IN_REVIEW, published_at=None)
    response = as_publisher.post("/admin/milestones/story/", {"action": "publish_now", "_selected_action": [story.pk]})
    assert response.status_code == 302
    latest = versions_of(story).select_related("revision__user").last()
    assert latest.field_dict["status"] == Status.PUBLISHED
    assert latest.revision.user == publisher
    assert latest.revision.get_comment() == "Published."
    assert LogEntry.objects.filter(object_id=str(story.pk), change_message="Published.").exists()


def test_commands_that_load_rows_keep_no_versions(seed):
    assert Story.objects.exists()
    assert not Version.objects.exists()


# --- The history page ------------------------------------------------------------------------


def test_history_lists_versions_beside_the_workflow_log(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    page = as_editor.get(admin_url(story, "history")).content.decode()
    assert "Saved versions" in page
    assert "Dilnoza Karimova" in page
    assert "Changed Body." in page
    assert "Workflow log" in page
    assert 'name="from"' in page and 'name="to"' in page


def test_history_page_queries_do_not_grow_with_versions(as_editor, django_assert_num_queries):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    url = admin_url(story, "history")
    as_editor.get(url)  # content types cached, as on a running site
    with django_assert_num_queries(10):
        assert as_editor.get(url).status_code == 200
    for number in range(10):
        save_story(as_editor, story, title=f"Title {number}")
    with django_assert_num_queries(10):
        assert as_editor.get(url).status_code == 200


# --- Compare ---------------------------------------------------------------------------------------


def compare(client, obj, older, newer):
    return client.get(admin_url(obj, "compare"), {"from": older.pk, "to": newer.pk})


def test_compare_marks_the_changed_words_of_changed_fields_only(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    first, second = versions_of(story)
    page = compare(as_editor, story, first, second).content.decode()
    assert "<del>renovated </del><ins>rebuilt </ins>" in page
    assert "<del>computers.\n\n</del><ins>scanners.\n\n</ins>" in page
    changed = re.findall(r'<th scope="row">([^<]+)</th><td class="revision-diff">', page)
    assert changed == ["Body"]  # the title and standfirst did not change


def test_compare_escapes_html(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, standfirst='<script>alert("x")</script> & more')
    first, second = versions_of(story)
    page = compare(as_editor, story, first, second).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_compare_lists_the_parts(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    QuoteFactory(story=story, text="Seizures will rise.")
    save_story(as_editor, story, title="Renamed")
    QuoteFactory(story=story, text="Borders will be safer.")
    save_story(as_editor, story, title="Renamed again")
    versions = list(versions_of(story))
    page = compare(as_editor, story, versions[0], versions[-1]).content.decode()
    assert "Quotes" in page
    assert "Borders will be safer" in page and "(added)" in page


@pytest.mark.parametrize(
    "query",
    [{"from": "x", "to": "1"}, {"from": "999999", "to": "999998"}, {"from": "99999999999999999999", "to": "1"}, {}],
)
def test_bad_version_ids_are_not_found(as_editor, query):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    assert as_editor.get(admin_url(story, "compare"), query).status_code == 404


def test_another_items_version_is_not_found(as_editor):
    story, other = (StoryFactory(status=Status.DRAFT, published_at=None) for _ in range(2))
    save_story(as_editor, story, body=NEW_BODY)
    save_story(as_editor, other, body=NEW_BODY)
    mine, theirs = versions_of(story).first(), versions_of(other).first()
    assert compare(as_editor, story, mine, theirs).status_code == 404
    assert restore(as_editor, story, theirs).status_code == 404
    assert as_editor.post(admin_url(story, "restore", 999999)).status_code == 404
    assert as_editor.post(admin_url(story, "restore", 99999999999999999999)).status_code == 404


# --- Restore ---------------------------------------------------------------------------------------


def test_restoring_a_draft_brings_back_its_text_as_a_draft(as_editor):
    story = StoryFactory(status=Status.IN_REVIEW, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    first = versions_of(story).first()
    version_before = story.version
    response = restore(as_editor, story, first)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == OLD_BODY
    assert "renovated" in story.body_html  # rendered again by Story.save()
    assert story.status == Status.DRAFT
    assert story.version == version_before + 1
    latest = versions_of(story).select_related("revision").last()
    assert latest.revision.get_comment().startswith("Restored version 1 of")
    assert LogEntry.objects.filter(object_id=str(story.pk), change_message__startswith="Restored version 1").exists()


def test_restoring_brings_back_the_quotes(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    quote = QuoteFactory(story=story, text="Seizures will rise.")
    save_story(as_editor, story, title="Renamed")
    Quote.objects.filter(pk=quote.pk).delete()
    QuoteFactory(story=story, text="A quote added later.")
    save_story(as_editor, story, title="Renamed again")
    restore(as_editor, story, versions_of(story)[1])
    assert list(story.quotes.values_list("text", flat=True)) == ["Seizures will rise."]


def test_restoring_a_published_story_leaves_the_public_page_until_published(
    client, editor, publisher, django_capture_on_commit_callbacks
):
    story = StoryFactory(body=OLD_BODY)
    client.force_login(publisher)
    save_story(client, story, body=NEW_BODY)
    first = versions_of(story).first()
    client.force_login(editor)
    response = restore(client, story, first)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.body == NEW_BODY
    assert PendingRestore.objects.get().version == first
    status, page = public_text(client, story)
    assert status == 200 and "rebuilt" in page and "renovated" not in page

    # The editor sees it waiting, and cannot publish it.
    client.force_login(editor)
    form = client.get(admin_url(story, "change")).content.decode()
    assert "A restored draft of version 1" in form
    assert "Publish it" not in form
    response = publish_pending(client, story)
    assert response.status_code == 403
    assert Story.objects.get().body == NEW_BODY

    # A publisher publishes it: the public page shows the restored text, still published.
    client.force_login(publisher)
    assert "Publish it" in client.get(admin_url(story, "change")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it on commit
        response = publish_pending(client, story)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.body == OLD_BODY
    assert not PendingRestore.objects.exists()
    status, page = public_text(client, story)
    assert status == 200 and "renovated" in page and "rebuilt" not in page


def test_a_restore_never_publishes(as_publisher):
    story = StoryFactory()  # published
    as_publisher.post("/admin/milestones/story/", {"action": "unpublish", "_selected_action": [story.pk]})
    published_version = versions_of(story).first()
    assert published_version.field_dict["status"] == Status.PUBLISHED
    restore(as_publisher, story, published_version)
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_a_stale_restore_is_refused(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    first = versions_of(story).first()
    response = as_editor.post(admin_url(story, "restore", first.pk), {"version_seen": str(story.version - 1)})
    assert response.status_code == 302
    assert Story.objects.get().body == NEW_BODY


def test_restore_needs_a_post(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, body=NEW_BODY)
    assert as_editor.get(admin_url(story, "restore", versions_of(story).first().pk)).status_code == 405


def test_editors_cannot_restore_reference_data(client, superuser, editor):
    kind = EventKind.objects.get(slug="training")
    client.force_login(superuser)
    client.post(
        admin_url(kind, "change"),
        {"name": "Training course", "plural_name": "Trainings", "description": "", "order": "3"},
    )
    first = versions_of(kind).first()
    client.force_login(editor)
    response = client.post(admin_url(kind, "restore", first.pk))
    assert response.status_code == 403


def test_reference_data_restore_waits_for_a_publisher(as_publisher):
    country = Country.objects.create(name="Kazakhstan", slug="kazakhstan", iso2="kz", region_role="covered")
    data = {"name": "Kazakhstan", "slug": "kazakhstan", "iso2": "kz", "region_role": "covered", "name_ru": ""}
    response = as_publisher.post(admin_url(country, "change"), {**data, "name": "Republic of Kazakhstan"})
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
    first = versions_of(country).first()
    assert restore(as_publisher, country, first).status_code == 302
    assert Country.objects.get().name == "Republic of Kazakhstan"  # public pages unchanged
    publish_pending(as_publisher, country)
    assert Country.objects.get().name == "Kazakhstan"


def test_discarding_a_pending_restore(as_publisher):
    story = StoryFactory()
    save_story(as_publisher, story, body=NEW_BODY)
    restore(as_publisher, story, versions_of(story).first())
    response = as_publisher.post(
        admin_url(story, "restored"), pending_form(PendingRestore.objects.get(), action="discard")
    )
    assert response.status_code == 302
    assert not PendingRestore.objects.exists()
    assert Story.objects.get().body == NEW_BODY


def test_a_restored_draft_replaced_after_the_page_was_opened_is_not_published(client, editor, publisher):
    story = StoryFactory(body=OLD_BODY)
    client.force_login(publisher)
    save_story(client, story, body=NEW_BODY)
    save_story(client, story, body="A third body, reviewed.")
    first, second, _ = versions_of(story)
    client.force_login(editor)
    restore(client, story, second)
    # The publisher opens the page and reviews version 2 ...
    client.force_login(publisher)
    page = client.get(admin_url(story, "change")).content.decode()
    assert "A restored draft of version 2" in page
    shown = pending_form(PendingRestore.objects.get(), version_seen=str(Story.objects.get().version))
    assert f'name="pending_version" value="{shown["pending_version"]}"' in page
    assert f'name="pending_restored_at" value="{shown["pending_restored_at"]}"' in page
    # ... while the editor replaces it with version 1.
    client.force_login(editor)
    restore(client, story, first)
    client.force_login(publisher)
    response = client.post(admin_url(story, "restored"), {**shown, "action": "publish"})
    assert response.status_code == 302
    assert Story.objects.get().body == "A third body, reviewed."
    assert PendingRestore.objects.get().version == first
    assert any("replaced after you opened the page" in str(m) for m in response.wsgi_request._messages)
    # Nor is the one waiting now discarded on the strength of the old page.
    client.post(admin_url(story, "restored"), {**shown, "action": "discard"})
    assert PendingRestore.objects.get().version == first
    # Shown again, it is published.
    assert publish_pending(client, story).status_code == 302
    assert Story.objects.get().body == OLD_BODY


def test_restoring_english_keeps_the_translation_state_true(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None, title="Old title")
    # Version 2: Russian written for the old English (up to date).
    save_story(as_editor, story, title_ru="Старый заголовок", standfirst_ru="Вводка.", body_ru="Текст.")
    assert story.translation_state_ru == TranslationState.UP_TO_DATE
    # Version 3: the English changes; the Russian is now out of date.
    save_story(as_editor, story, title="New title")
    assert story.translation_state_ru == TranslationState.OUT_OF_DATE
    # Back to version 2: the English and the Russian it was translated from, up to date again.
    restore(as_editor, story, versions_of(story)[1])
    story.refresh_from_db()
    assert story.title == "Old title"
    assert story.translation_state_ru == TranslationState.UP_TO_DATE
    # Back to version 1: no Russian at all.
    restore(as_editor, story, versions_of(story)[0])
    story.refresh_from_db()
    assert story.title_ru == ""
    assert story.translation_state_ru == TranslationState.MISSING


def test_restoring_an_out_of_date_translation_keeps_it_out_of_date(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None, title="Old title")
    save_story(as_editor, story, title_ru="Старый заголовок", standfirst_ru="Вводка.", body_ru="Текст.")
    save_story(as_editor, story, title="New title")  # version 3: out of date
    out_of_date = versions_of(story).last()
    # Version 4: the Russian rewritten for the new English.
    save_story(as_editor, story, title_ru="Новый заголовок", standfirst_ru="Новая вводка.", body_ru="Новый текст.")
    assert story.translation_state_ru == TranslationState.UP_TO_DATE
    restore(as_editor, story, out_of_date)
    story.refresh_from_db()
    assert story.title_ru == "Старый заголовок"
    assert story.translation_state_ru == TranslationState.OUT_OF_DATE


def test_a_change_made_without_the_admin_is_kept_before_the_next_save(as_editor):
    story = StoryFactory(status=Status.DRAFT, published_at=None)
    save_story(as_editor, story, title="Saved in the admin")
    Story.objects.filter(pk=story.pk).update(title="Changed by a script", updated_at=timezone.now())
    save_story(as_editor, story, title="Saved again")
    titles = [v.field_dict["title"] for v in versions_of(story)]
    assert titles[1:] == ["Saved in the admin", "Changed by a script", "Saved again"]


# --- Parts (quotes, figures) come back with their item only ---------------------------------------


def quote_form(quote, **fields):
    from django.forms.models import model_to_dict

    data = {name: "" if value is None else value for name, value in model_to_dict(quote).items() if name != "id"}
    return {**data, **fields}


def test_restoring_a_story_leaves_a_quote_that_has_moved_to_another_story(client, superuser, editor):
    draft = StoryFactory(status=Status.DRAFT, published_at=None)
    published = StoryFactory()
    quote = QuoteFactory(story=draft, text="A quote that moved.")
    client.force_login(superuser)
    save_story(client, draft, title="With its quote")  # this version holds the quote
    Quote.objects.filter(pk=quote.pk).update(story=published)  # moved since, by a publisher
    client.force_login(editor)
    response = restore(client, draft, versions_of(draft).last())
    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).story == published
    draft.refresh_from_db()
    assert draft.title == "With its quote"  # the rest of the version is restored
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("A quote that moved." in m for m in shown)
    status, page = public_text(client, published)
    assert status == 200 and "A quote that moved." in page


def test_quotes_and_figures_are_not_restored_on_their_own(client, superuser, editor):
    published = StoryFactory()
    draft = StoryFactory(status=Status.DRAFT, published_at=None)
    quote = QuoteFactory(story=published, text="A quote never approved for the draft.")
    client.force_login(superuser)
    data = quote_form(quote)
    assert client.post(admin_url(quote, "change"), data).status_code == 302
    assert client.post(admin_url(quote, "change"), {**data, "story": draft.pk}).status_code == 302
    on_published = next(v for v in versions_of(quote) if v.field_dict["story_id"] == published.pk)

    # The history and the comparison stay; restoring is not offered, to anyone.
    for user in (editor, superuser):
        client.force_login(user)
        page = client.get(admin_url(quote, "history")).content.decode()
        assert "Saved versions" in page and "as a draft" not in page
        assert "as a draft" not in compare(client, quote, *versions_of(quote)[:2]).content.decode()
        assert restore(client, quote, on_published).status_code == 403
    assert not PendingRestore.objects.exists()

    # A restored draft of a quote left waiting is not applied either.
    pending = PendingRestore.objects.create(
        content_type=ContentType.objects.get_for_model(Quote), object_id=str(quote.pk), version=on_published
    )
    client.force_login(editor)
    assert "Publish it" not in client.get(admin_url(quote, "change")).content.decode()
    response = client.post(admin_url(quote, "restored"), pending_form(pending, action="publish"))
    assert response.status_code == 403
    assert Quote.objects.get(pk=quote.pk).story == draft
