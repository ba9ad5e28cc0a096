"""Issue 18, item 3: the review screen of an imported edition, and its merge, split and move,
each one transaction recorded in the revision history, refused unless the stories are drafts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from milestones.models import BulletinImport, ImportedStory, Status, Story
from tests.factories import (
    ContributionFactory,
    CountryFactory,
    EventFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
    ThemeFactory,
    UserFactory,
)
from tests.milestones.bulletin_pdfs import bulletin_pdf
from tests.milestones.test_bulletin_import import SOURCE_BYTES, seed_stories
from unodc_portal.revisions import comment_of, versions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016.txt", title="Milestones 2016")


def review_url(record):
    return f"/admin/milestones/bulletinimport/{record.pk}/review/"


def act(client, record, action, **data):
    """Post an action as the page loaded now would: with the version of each story it concerns."""
    ids = [str(data[name]) for name in ("story", "other") if name in data]
    ids = [value for value in ids if value.isdigit() and len(value) < 10]
    versions = {
        f"version-{pk}": version for pk, version in Story.objects.filter(pk__in=ids).values_list("pk", "version")
    }
    return client.post(f"{review_url(record)}{action}/", {**versions, **data})


def stories(record):
    return list(record.bulletin.stories.order_by("position"))


def at(record, position):
    return record.bulletin.stories.get(position=position)


def latest_comment(story):
    return comment_of(versions_of(story).select_related("revision").last().revision)


# --- The screen ------------------------------------------------------------------------------


def test_review_shows_each_story_beside_its_source_with_page_numbers(as_editor):
    record = BulletinImport.import_file(bulletin_pdf(seed_stories()[:2]), file_name="m.pdf")
    page = as_editor.get(review_url(record)).content.decode()
    first, second = stories(record)
    assert f'href="/admin/milestones/story/{first.pk}/change/"' in page
    assert f'href="/admin/milestones/story/{second.pk}/change/"' in page
    assert "Source text, page 1" in page and "Source text, page 2" in page
    assert "Page 1, read as headline" in page
    assert "Read as" not in page  # every block of a PDF has its page


def test_unsure_places_are_named_in_words(as_editor, record):
    page = as_editor.get(review_url(record)).content.decode()
    assert "⚠ Possibly a new paragraph here: “International Commission of Jurists. | As the UNODC Regional" in page
    assert "<strong>Possibly a photo caption</strong>" in page
    assert "Hyphen taken out at a line end" in page
    assert "places to check" in page


def test_review_queries_do_not_grow_with_the_stories(as_editor, record):
    small = BulletinImport.import_file(bulletin_pdf(seed_stories()[:2]), file_name="small.pdf")
    assert small.stories.count() == 2 and record.stories.count() == 7
    counted = []
    for each in (small, record):
        with CaptureQueriesContext(connection) as queries:
            assert as_editor.get(review_url(each)).status_code == 200
        counted.append(len(queries))
    # The session and user, the import, the permissions (user's, groups'), the stories, their
    # open suggestions: the same for two stories as for seven.
    assert counted == [7, 7]


def test_missing_import_is_404(as_editor):
    assert as_editor.get("/admin/milestones/bulletinimport/999999/review/").status_code == 404


# --- Merge -----------------------------------------------------------------------------------


def test_merge_appends_the_second_story_and_removes_it(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    # The second story's headline is kept too, as a paragraph: no printed word is lost.
    expected = [*first.paragraphs, second.title, second.standfirst, *second.paragraphs]
    sources = ImportedStory.objects.get(story=first).source + ImportedStory.objects.get(story=second).source
    response = act(as_editor, record, "merge", story=first.pk, other=second.pk)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.paragraphs == expected
    assert not Story.objects.filter(pk=second.pk).exists()
    assert ImportedStory.objects.get(story=first).source == sources
    assert [story.position for story in stories(record)] == [1, 2, 3, 4, 5, 6]
    assert {story.status for story in stories(record)} == {Status.DRAFT}
    assert "Merged the story “Sixth Expert Forum on Criminal Justice for Central Asia” into this one." in (
        latest_comment(first)
    )


def add_quote(story):
    QuoteFactory(story=story)


def add_figure(story):
    ResultFactory(story=story)


def link(field, factory):
    return lambda story: getattr(story, field).add(factory())


def set_fields(**values):
    def change(story):
        Story.objects.filter(pk=story.pk).update(**values)

    return change


def add_image(story):
    Story.objects.filter(pk=story.pk).update(
        image="stories/2016/01/photo.jpg", image_width=800, image_height=600, image_alt="A photo"
    )


def add_signature(story):
    Story.objects.filter(pk=story.pk).update(signed_by=PersonFactory())


@pytest.mark.parametrize(
    ("addition", "words"),
    [
        (add_quote, "quotes"),
        (add_figure, "figures"),
        (link("countries", CountryFactory), "links"),
        (link("programmes", ProgrammeFactory), "links"),
        (link("organisations", OrganisationFactory), "links"),
        (link("facilities", FacilityFactory), "links"),
        (link("events", EventFactory), "links"),
        (link("themes", ThemeFactory), "links"),
        (link("contributions", ContributionFactory), "links"),
        (link("facility_fundings", FacilityFundingFactory), "links"),
        (set_fields(title_ru="Заголовок"), "a translation"),
        (set_fields(body_ru="Русский текст."), "a translation"),
        (add_image, "an image"),
        (set_fields(byline="By the Regional Office"), "a byline or signature"),
        (add_signature, "a byline or signature"),
        (set_fields(first_published=datetime.date(2016, 12, 1)), "a date of first publication"),
    ],
)
def test_merge_is_refused_when_the_second_story_has_more_than_its_imported_text(as_editor, record, addition, words):
    first, second = at(record, 1), at(record, 2)
    addition(second)
    response = act(as_editor, record, "merge", story=first.pk, other=second.pk)
    assert response.status_code == 302
    page = as_editor.get(review_url(record)).content.decode()
    assert f"has {words} besides its imported text, which merging would delete: nothing was changed." in page
    assert Story.objects.filter(pk=second.pk).exists()
    assert Story.objects.get(pk=first.pk).body == first.body
    assert [story.position for story in stories(record)] == [1, 2, 3, 4, 5, 6, 7]


def test_merge_of_a_story_in_review_is_refused_and_changes_nothing(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    Story.objects.filter(pk=second.pk).update(status=Status.IN_REVIEW)
    response = act(as_editor, record, "merge", story=first.pk, other=second.pk, follow=True)
    assert response.status_code == 302
    page = as_editor.get(review_url(record)).content.decode()
    assert "is no longer a draft: nothing was changed." in page
    assert Story.objects.filter(pk=second.pk).exists()
    assert Story.objects.get(pk=first.pk).body == first.body
    assert not versions_of(first).exists()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"story": "abc", "other": "1"}, 400),
        ({"story": "", "other": "1"}, 400),
        ({"story": "99999999999999999999999", "other": "1"}, 400),
        ({"story": "1" * 5000, "other": "1"}, 400),
        ({"story": "<the first story>", "other": "9" * 5000}, 400),
        ({"story": "999999", "other": "999998"}, 404),
    ],
)
def test_bad_ids_are_400_or_404(as_editor, record, data, status):
    data = {name: at(record, 1).pk if value == "<the first story>" else value for name, value in data.items()}
    assert act(as_editor, record, "merge", **data).status_code == status
    assert record.stories.count() == 7


def test_a_story_of_another_edition_is_404(as_editor, record):
    other = StoryFactory(status=Status.DRAFT, published_at=None)
    assert act(as_editor, record, "merge", story=at(record, 1).pk, other=other.pk).status_code == 404
    assert Story.objects.filter(pk=other.pk).exists()


def test_merging_a_story_with_itself_is_400(as_editor, record):
    first = at(record, 1)
    assert act(as_editor, record, "merge", story=first.pk, other=first.pk).status_code == 400


def test_unknown_action_is_400_and_get_is_405(as_editor, record):
    assert act(as_editor, record, "publish", story=at(record, 1).pk).status_code == 400
    assert as_editor.get(f"{review_url(record)}merge/").status_code == 405


def test_staff_without_a_role_may_not_merge(client, record):
    client.force_login(UserFactory(username="clerk", is_staff=True))
    assert act(client, record, "merge", story=at(record, 1).pk, other=at(record, 2).pk).status_code == 403
    assert record.stories.count() == 7


def test_merge_that_would_renumber_a_published_story_is_refused(as_editor, record):
    last = at(record, 7)
    last.publish()
    last.save()
    act(as_editor, record, "merge", story=at(record, 1).pk, other=at(record, 2).pk)
    assert "would be renumbered: nothing was changed." in as_editor.get(review_url(record)).content.decode()
    assert [s.position for s in stories(record)] == [1, 2, 3, 4, 5, 6, 7]


def test_merge_moves_only_the_stories_after_the_second_and_gives_them_a_new_version(as_editor, record):
    # An editor took story 2 out of the edition on its own page, and story 3 was published: a
    # merge of 6 and 7 must not close the gap at 2 by moving the published story.
    Story.objects.filter(pk=at(record, 2).pk).update(bulletin=None, position=None)
    published = at(record, 3)
    published.publish()
    published.save()
    published.refresh_from_db()
    assert act(as_editor, record, "merge", story=at(record, 5).pk, other=at(record, 6).pk).status_code == 302
    published.refresh_from_db()
    assert published.position == 3 and published.status == Status.PUBLISHED
    assert [story.position for story in stories(record)] == [1, 3, 4, 5, 6]
    assert at(record, 6).version == 2  # was 7, moved up


def test_split_gives_the_stories_it_moves_a_new_version(as_editor, record):
    last = at(record, 7)
    assert act(as_editor, record, "split", story=at(record, 1).pk, paragraph=2, headline="New").status_code == 302
    last.refresh_from_db()
    assert (last.position, last.version) == (8, 2)


def test_story_taken_out_of_the_edition_is_refused(as_editor, record):
    second = at(record, 2)
    Story.objects.filter(pk=second.pk).update(bulletin=None, position=None)
    act(as_editor, record, "split", story=second.pk, paragraph="2", headline="New")
    assert "is no longer placed in this edition" in as_editor.get(review_url(record)).content.decode()
    assert Story.objects.get(pk=second.pk).body == second.body


# --- Split -----------------------------------------------------------------------------------


def test_split_makes_a_new_draft_story_from_that_paragraph_on(as_editor, record):
    story = at(record, 5)
    paragraphs = story.paragraphs
    assert len(paragraphs) == 6
    response = act(as_editor, record, "split", story=story.pk, paragraph="3", headline="  The new  building  ")
    assert response.status_code == 302
    story.refresh_from_db()
    new = at(record, 6)
    assert story.paragraphs == paragraphs[:2]
    assert (new.title, new.status, new.paragraphs) == ("The new building", Status.DRAFT, paragraphs[2:])
    assert [s.position for s in stories(record)] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert at(record, 7).title.startswith("New synthetic drugs")
    # The new story takes the source from the block its first paragraph was printed in.
    taken = ImportedStory.objects.get(story=new).source
    assert taken and " ".join(paragraphs[2].split()[:4]) in " ".join(taken[0]["text"].replace("-\n", "").split())
    assert "Split at paragraph 3" in latest_comment(story)


def test_split_needs_a_headline(as_editor, record):
    story = at(record, 5)
    act(as_editor, record, "split", story=story.pk, paragraph="3", headline=" ")
    assert "Give the new story a headline" in as_editor.get(review_url(record)).content.decode()
    assert record.stories.count() == 7 and Story.objects.get(pk=story.pk).body == story.body


@pytest.mark.parametrize("paragraph", ["1", "7", "0", "x"])
def test_split_at_no_such_paragraph_is_400(as_editor, record, paragraph):
    response = act(as_editor, record, "split", story=at(record, 5).pk, paragraph=paragraph, headline="New")
    assert response.status_code == 400
    assert record.stories.count() == 7


def test_split_of_a_published_story_is_refused(as_publisher, record):
    story = at(record, 5)
    story.publish()
    story.save()
    act(as_publisher, record, "split", story=story.pk, paragraph="3", headline="New")
    assert record.stories.count() == 7 and Story.objects.get(pk=story.pk).body == story.body


# --- Move ------------------------------------------------------------------------------------


def test_move_puts_a_paragraph_at_the_end_of_another_story(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    moved = first.paragraphs[0]
    before = (first.paragraphs, second.paragraphs)
    assert act(as_editor, record, "move", story=first.pk, other=second.pk, paragraph="1").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.paragraphs == before[0][1:]
    assert second.paragraphs == [*before[1], moved]
    assert [s.position for s in stories(record)] == [1, 2, 3, 4, 5, 6, 7]
    source = ImportedStory.objects.get(story=second).source
    assert any("Government of Japan provided" in block["text"] for block in source)
    assert "Moved paragraph 1" in latest_comment(second)


def test_the_last_paragraph_of_a_story_is_not_moved(as_editor, record):
    single, other = at(record, 7), at(record, 1)
    assert len(single.paragraphs) == 1
    act(as_editor, record, "move", story=single.pk, other=other.pk, paragraph="1")
    assert "A story keeps at least one paragraph" in as_editor.get(review_url(record)).content.decode()
    assert Story.objects.get(pk=single.pk).body == single.body


def test_move_to_a_story_in_review_is_refused(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    Story.objects.filter(pk=second.pk).update(status=Status.IN_REVIEW)
    act(as_editor, record, "move", story=first.pk, other=second.pk, paragraph="1")
    assert Story.objects.get(pk=first.pk).body == first.body
    assert Story.objects.get(pk=second.pk).body == second.body


# --- The public source note follows the source ------------------------------------------------


def test_merge_rewrites_the_source_note_with_the_pages_of_both(as_editor):
    record = BulletinImport.import_file(bulletin_pdf(seed_stories()[:2]), file_name="m.pdf")
    first, second = stories(record)
    assert first.source_note == "Imported from m.pdf, page 1."
    act(as_editor, record, "merge", story=first.pk, other=second.pk)
    first.refresh_from_db()
    assert first.source_note == "Imported from m.pdf, pages 1–2."


def test_split_takes_the_caption_and_its_sentence_with_the_caption_block(as_editor, record):
    sixth, seventh = at(record, 6), at(record, 7)
    caption = seventh.image_caption
    assert caption and not sixth.image_caption
    act(as_editor, record, "merge", story=sixth.pk, other=seventh.pk)
    sixth.refresh_from_db()
    assert sixth.image_caption == caption and "The photo caption was printed" in sixth.source_note
    number = len(sixth.paragraphs) - len(seventh.paragraphs)  # where the seventh's headline is now
    act(as_editor, record, "split", story=sixth.pk, paragraph=number, headline=seventh.title)
    sixth.refresh_from_db()
    new = at(record, 7)
    assert (new.image_caption, sixth.image_caption) == (caption, "")
    assert "The photo caption was printed" in new.source_note
    assert "caption" not in sixth.source_note


@pytest.mark.skipif(not connection.features.has_select_for_update_of, reason="locks rows on PostgreSQL only")
def test_an_action_locks_its_import_first_then_only_its_stories(as_editor, record):
    with CaptureQueriesContext(connection) as queries:
        act(as_editor, record, "merge", story=at(record, 1).pk, other=at(record, 2).pk)
    locks = [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]
    # Two actions on one import then run one after the other, and never lock each other's
    # stories in the opposite order (a deadlock).
    assert locks[0].startswith('SELECT "milestones_bulletinimport"')
    assert locks[0].endswith('FOR UPDATE OF "milestones_bulletinimport"')
    assert [lock.split("FOR UPDATE")[1] for lock in locks[1:]] == [
        ' OF "milestones_importedstory", "milestones_story"'
    ] * 2


# --- A page loaded before a change ------------------------------------------------------------


def test_an_action_from_a_page_loaded_before_a_change_is_refused(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    page = {"story": first.pk, "other": second.pk, "paragraph": "1", f"version-{first.pk}": first.version}
    page[f"version-{second.pk}"] = second.version
    # Another editor moves paragraph 1 away; the same form, posted again, meant that paragraph.
    assert as_editor.post(f"{review_url(record)}move/", page).status_code == 302
    moved = Story.objects.get(pk=first.pk).paragraphs
    assert as_editor.post(f"{review_url(record)}move/", page).status_code == 302
    assert (
        "was changed since the page was loaded: nothing was changed."
        in as_editor.get(review_url(record)).content.decode()
    )
    assert Story.objects.get(pk=first.pk).paragraphs == moved


def test_the_forms_post_the_versions_of_the_stories(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    Story.objects.filter(pk=second.pk).update(version=5)
    page = as_editor.get(review_url(record)).content.decode()
    assert f'name="version-{first.pk}" value="1"' in page
    assert f'name="version-{second.pk}" value="5"' in page


def test_an_action_without_the_versions_is_400(as_editor, record):
    first, second = at(record, 1), at(record, 2)
    response = as_editor.post(f"{review_url(record)}merge/", {"story": first.pk, "other": second.pk})
    assert response.status_code == 400
    assert Story.objects.filter(pk=second.pk).exists()
