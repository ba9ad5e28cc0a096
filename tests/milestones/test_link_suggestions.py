"""Issue 18, item 6: names the portal knows, found in an imported story, are offered as links
that the editor accepts or rejects; nothing is linked without the editor's click."""

import pytest
from django.db import IntegrityError, transaction

from milestones.models import BulletinImport, Decision, LinkKind, LinkSuggestion, Status, Story
from tests.factories import CountryFactory, FacilityFactory, OrganisationFactory, ProgrammeFactory
from unodc_portal.revisions import comment_of, versions_of

pytestmark = pytest.mark.django_db

TEXT = """Border officers trained in Aktau

Officers of the State Customs Committee of kazakhstan and the INL-funded team met in Aktau.
Their unit at Nijniy Pyanj reported to the UNODC Programme for Central Asia, the PCA.
The INLAND revenue office and the Inl team did not attend.
"""


@pytest.fixture
def known():
    return {
        "kazakhstan": CountryFactory(iso2="kz"),
        "uzbekistan": CountryFactory(iso2="uz"),
        "inl": OrganisationFactory(name="Bureau of International Narcotics and Law Enforcement Affairs", acronym="INL"),
        "programme": ProgrammeFactory(title="UNODC Programme for Central Asia", acronym="PCA"),
        "facility": FacilityFactory(
            name="Border crossing point Panji Poyon", other_names="Nijniy Pyanj; spelling of 2010"
        ),
    }


@pytest.fixture
def record(known):
    return BulletinImport.import_file(TEXT.encode(), file_name="aktau.txt")


def suggested(story):
    return {(s.kind, s.name) for s in story.link_suggestions.filter(decision=Decision.PENDING)}


def only_story(record):
    return record.bulletin.stories.get()


def test_known_names_are_suggested_and_nothing_is_linked(record, known):
    story = only_story(record)
    assert suggested(story) == {
        (LinkKind.COUNTRY, "Kazakhstan"),  # a name in any case
        (LinkKind.ORGANISATION, known["inl"].name),  # its acronym, a whole word before a hyphen
        (LinkKind.PROGRAMME, "UNODC Programme for Central Asia"),
        (LinkKind.FACILITY, "Border crossing point Panji Poyon"),  # by its other spelling
    }
    found = dict(story.link_suggestions.values_list("kind", "found"))
    assert found[LinkKind.FACILITY] == "Nijniy Pyanj"
    assert not story.countries.exists() and not story.organisations.exists()
    assert not story.programmes.exists() and not story.facilities.exists()


def test_acronym_inside_another_word_or_in_another_case_is_not_found(known):
    record = BulletinImport.import_file(
        b"Revenue\n\nThe INLAND revenue office and the Inl team met.\n", file_name="r.txt"
    )
    assert not only_story(record).link_suggestions.exists()


def test_link_the_story_already_has_is_not_suggested(record, known):
    story = only_story(record)
    story.countries.add(known["kazakhstan"])
    story.link_suggestions.all().delete()
    LinkSuggestion.suggest_for([story])
    assert (LinkKind.COUNTRY, "Kazakhstan") not in suggested(story)


def test_suggesting_again_makes_no_duplicates(record):
    story = only_story(record)
    before = list(story.link_suggestions.values_list("pk", flat=True))
    LinkSuggestion.suggest_for([story])
    LinkSuggestion.suggest_for([story])
    assert list(story.link_suggestions.values_list("pk", flat=True)) == before


def test_the_database_refuses_a_duplicate_suggestion(record):
    existing = only_story(record).link_suggestions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkSuggestion.objects.create(
            story=existing.story, kind=existing.kind, object_id=existing.object_id, name="x", found="x"
        )


def decide(client, record, suggestion, action):
    return client.post(
        f"/admin/milestones/bulletinimport/{record.pk}/review/{action}/",
        {
            "story": suggestion.story_id,
            "suggestion": suggestion.pk,
            f"version-{suggestion.story_id}": Story.objects.get(pk=suggestion.story_id).version,
        },
    )


def test_accepting_links_the_country_and_records_a_version(as_editor, editor, record, known):
    story = only_story(record)
    suggestion = story.link_suggestions.get(kind=LinkKind.COUNTRY)
    assert decide(as_editor, record, suggestion, "accept").status_code == 302
    assert list(story.countries.all()) == [known["kazakhstan"]]
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_by) == (Decision.ACCEPTED, editor)
    latest = versions_of(story).select_related("revision").last()
    assert comment_of(latest.revision) == "Linked Country “Kazakhstan”, as suggested."
    assert latest.field_dict["countries"] == [known["kazakhstan"].pk]
    assert Story.objects.get(pk=story.pk).status == Status.DRAFT
    page = as_editor.get(f"/admin/milestones/bulletinimport/{record.pk}/review/").content.decode()
    assert "Country: Kazakhstan" not in page


def test_rejected_suggestion_is_not_suggested_again(as_editor, record):
    story = only_story(record)
    suggestion = story.link_suggestions.get(kind=LinkKind.PROGRAMME)
    decide(as_editor, record, suggestion, "reject")
    LinkSuggestion.suggest_for([story])
    assert (LinkKind.PROGRAMME, "UNODC Programme for Central Asia") not in suggested(story)
    assert story.link_suggestions.get(kind=LinkKind.PROGRAMME).decision == Decision.REJECTED
    assert not story.programmes.exists()


def test_accepting_for_a_story_in_review_is_refused(as_editor, record):
    story = only_story(record)
    Story.objects.filter(pk=story.pk).update(status=Status.IN_REVIEW)
    decide(as_editor, record, story.link_suggestions.get(kind=LinkKind.COUNTRY), "accept")
    assert not story.countries.exists()
    assert story.link_suggestions.get(kind=LinkKind.COUNTRY).decision == Decision.PENDING


def test_suggestion_of_another_import_is_404(as_editor, record, known):
    other = BulletinImport.import_file(b"Tashkent\n\nOfficers of Uzbekistan met.\n", file_name="t.txt")
    suggestion = only_story(other).link_suggestions.get()
    assert decide(as_editor, record, suggestion, "accept").status_code == 404
    assert not only_story(other).countries.exists()


def test_a_suggested_country_deleted_since_is_not_linked(as_editor, record, known):
    story = only_story(record)
    suggestion = story.link_suggestions.get(kind=LinkKind.COUNTRY)
    known["kazakhstan"].delete()
    decide(as_editor, record, suggestion, "accept")
    assert (
        "no longer exists: nothing was linked"
        in as_editor.get(f"/admin/milestones/bulletinimport/{record.pk}/review/").content.decode()
    )


def test_a_name_corrected_out_of_the_text_since_is_not_linked_and_the_suggestion_is_withdrawn(as_editor, record):
    story = only_story(record)
    suggestion = story.link_suggestions.get(kind=LinkKind.COUNTRY)
    # On the story's own page, which does not redo the suggestions: "kazakhstan" was a misreading.
    story.body = story.body.replace("kazakhstan", "Kyrgyzstan")
    story.save()
    assert decide(as_editor, record, suggestion, "accept").status_code == 302
    page = as_editor.get(f"/admin/milestones/bulletinimport/{record.pk}/review/").content.decode()
    assert "The story no longer mentions Country “Kazakhstan”: nothing was linked" in page
    assert not story.countries.exists()
    assert not LinkSuggestion.objects.filter(pk=suggestion.pk).exists()
