"""Names that vary (issue 16, item 7): other spellings and former names of facilities,
organisations, programmes and people, shown on their pages and found by search and by the admin's
autocomplete; and the position a person held when quoted or when signing, kept through promotions."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from milestones.models import Quote, Story, record_positions_at_the_time
from milestones.search import matching
from programmes.models import Facility
from tests.factories import (
    FacilityFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    QuoteFactory,
    StoryFactory,
)
from tests.milestones.test_editorial_workflow import edit_form
from unodc_portal.other_names import OtherName, parse_other_names

pytestmark = pytest.mark.django_db

PYANJ = "Nijniy Pyanj\nNizhny Panj; Russian transliteration\nformerly: BLO Panji Poyon; until 2018"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Other names: what the text says -----------------------------------------------------------


def test_other_names_are_one_per_line_with_an_optional_note_and_former_names_marked():
    assert parse_other_names(PYANJ + "\n\n  ") == [
        OtherName("Nijniy Pyanj"),
        OtherName("Nizhny Panj", "Russian transliteration"),
        OtherName("BLO Panji Poyon", "until 2018", former=True),
    ]


def test_a_line_is_a_former_name_only_with_the_word_and_a_colon():
    assert parse_other_names("Formerly : Old name\nFormerly Bank of Asia") == [
        OtherName("Old name", former=True),
        OtherName("Formerly Bank of Asia"),
    ]


def test_a_facility_splits_its_other_names_into_spellings_and_former_names():
    facility = FacilityFactory.build(other_names=PYANJ)
    assert [str(name) for name in facility.also_written] == ["Nijniy Pyanj", "Nizhny Panj (Russian transliteration)"]
    assert [str(name) for name in facility.former_names] == ["BLO Panji Poyon (until 2018)"]


# --- Shown on their pages ----------------------------------------------------------------------


@pytest.mark.parametrize("factory", [FacilityFactory, OrganisationFactory, ProgrammeFactory, PersonFactory])
def test_a_page_shows_also_written_and_formerly(client, factory):
    item = factory(other_names=PYANJ)
    if factory is PersonFactory:
        QuoteFactory(person=item)  # a person has a page once named in a published story
    page = text(client.get(item.get_absolute_url()))
    assert "Also written: Nijniy Pyanj; Nizhny Panj (Russian transliteration)" in page
    assert "Formerly: BLO Panji Poyon (until 2018)" in page


def test_a_programme_renamed_when_extended_shows_its_former_title(client):
    programme = ProgrammeFactory(
        title="Programme for Central Asia 2015–2021",
        other_names="formerly: Programme for Central Asia 2015–2019; until its extension in 2019",
    )
    page = text(client.get(programme.get_absolute_url()))
    assert "Formerly: Programme for Central Asia 2015–2019 (until its extension in 2019)" in page
    assert "Also written" not in page


@pytest.mark.parametrize("factory", [FacilityFactory, OrganisationFactory, ProgrammeFactory, PersonFactory])
def test_a_page_without_other_names_says_nothing_of_them(client, factory):
    page = text(client.get(factory().get_absolute_url()))
    assert "Also written" not in page and "Formerly" not in page


def test_other_names_are_escaped_on_the_page(client):
    facility = FacilityFactory(other_names="<script>x</script>")
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


# --- Found by search and by the admin's autocomplete -------------------------------------------


def test_search_finds_a_facility_by_its_other_spelling():
    FacilityFactory(name="BLO Nizhniy Pyanj")
    found = FacilityFactory(name="BLO Nizhniy Pyanj (Tajikistan)", other_names=PYANJ)
    assert list(matching(Facility.objects.all(), "Nijniy")) == [found]


def test_site_search_finds_a_facility_by_its_former_name(client):
    facility = FacilityFactory(name="Border Liaison Office Shir Khan", other_names=PYANJ)
    page = text(client.get("/search/?q=Poyon"))
    assert facility.get_absolute_url() in page


@pytest.mark.parametrize(
    ("field_name", "factory"),
    [("facilities", FacilityFactory), ("organisations", OrganisationFactory), ("programmes", ProgrammeFactory)],
)
def test_the_admins_autocomplete_finds_by_other_names(admin_client, field_name, factory):
    factory()
    item = factory(other_names="Nijniy Pyanj")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "milestones", "model_name": "story", "field_name": field_name, "term": "nijniy"},
    )
    assert [result["id"] for result in json.loads(response.content)["results"]] == [str(item.pk)]


def test_the_admins_autocomplete_finds_a_person_by_another_spelling(admin_client):
    PersonFactory()
    person = PersonFactory(name="Ashita Mittal", other_names="Asita Mittal")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "milestones", "model_name": "quote", "field_name": "person", "term": "asita"},
    )
    assert [result["id"] for result in json.loads(response.content)["results"]] == [str(person.pk)]


# --- Positions held at the time ----------------------------------------------------------------


def promote(person, position="UNODC Regional Representative for Central Asia"):
    person.position = position
    person.save()


def test_a_quote_takes_the_speakers_position_when_left_empty():
    quote = QuoteFactory(person=PersonFactory(position="Deputy Representative"))
    assert quote.position_at_the_time == "Deputy Representative"


def test_a_quote_keeps_the_position_given_for_it():
    quote = QuoteFactory(person=PersonFactory(position="Representative"), position_at_the_time="Deputy Representative")
    assert quote.position_at_the_time == "Deputy Representative"


def test_a_promoted_speakers_old_quote_keeps_the_old_position(client):
    quote = QuoteFactory(person=PersonFactory(position="Deputy Representative"))
    promote(quote.person)
    quote.text = "A corrected quotation."
    quote.save()
    page = text(client.get(quote.story.get_absolute_url()))
    assert Quote.objects.get().position_at_the_time == "Deputy Representative"
    assert "Deputy Representative" in page and "Regional Representative" not in page


def test_choosing_another_speaker_in_the_admin_takes_their_position(admin_client):
    quote = QuoteFactory(person=PersonFactory(position="Deputy Representative"))
    minister = PersonFactory(position="Minister of Interior")
    fields = {"text": quote.text, "attribution": "", "story": quote.story.pk, "event": "", "position": 0}
    url = reverse("admin:milestones_quote_change", args=[quote.pk])
    response = admin_client.post(
        url, {**fields, "person": minister.pk, "position_at_the_time": "Deputy Representative"}
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.position_at_the_time == "Minister of Interior"
    # A position typed with the new speaker is theirs.
    admin_client.post(url, {**fields, "person": quote.person.pk, "position_at_the_time": "Deputy Minister"})
    quote.refresh_from_db()
    assert quote.position_at_the_time == "Deputy Minister"


def test_a_position_at_the_time_needs_a_speaker():
    story = StoryFactory()
    refused(lambda: Quote.objects.create(story=story, attribution="A participant", position_at_the_time="Officer"))


def test_a_signature_takes_the_signers_position_and_keeps_it_after_a_promotion(client):
    person = PersonFactory(position="Deputy Representative")
    story = StoryFactory(signed_by=person)
    promote(person)
    story.save(update_fields=["title"])
    assert Story.objects.get().signed_by_position == "Deputy Representative"
    page = text(client.get(story.get_absolute_url()))
    assert '<span class="signature__position">Deputy Representative</span>' in page
    assert "Regional Representative" not in page
    assert '"jobTitle": "Deputy Representative"' in page


def test_choosing_another_signer_in_the_admin_takes_their_position(admin_client):
    story = StoryFactory(signed_by=PersonFactory(position="Deputy Representative"))
    minister = PersonFactory(position="Minister of Interior")
    form = edit_form(story, signed_by=minister.pk, signed_by_position="Deputy Representative")
    form["first_published_precision"] = "day"  # as the form offers it
    response = admin_client.post(reverse("admin:milestones_story_change", args=[story.pk]), form)
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.signed_by, story.signed_by_position) == (minister, "Minister of Interior")


def test_a_signers_position_needs_a_signer():
    refused(lambda: StoryFactory(signed_by_position="Deputy Representative"))


def test_quotes_and_signatures_written_without_save_get_the_positions_of_today():
    person = PersonFactory(position="Head of Unit")
    story = StoryFactory()
    Story.objects.filter(pk=story.pk).update(signed_by=person)
    Quote.objects.bulk_create([Quote(text="Words.", person=person, story=story)])
    Quote.objects.bulk_create([Quote(text="Others.", attribution="A participant", story=story)])
    record_positions_at_the_time()
    assert sorted(Quote.objects.values_list("position_at_the_time", flat=True)) == ["", "Head of Unit"]
    assert Story.objects.get().signed_by_position == "Head of Unit"


def test_seeded_quotes_show_the_positions_the_seed_gives(seed):
    quotes = Quote.objects.filter(person__isnull=False).select_related("person")
    assert quotes and all(quote.position_at_the_time == quote.person.position for quote in quotes)
    assert not Quote.objects.filter(person__isnull=True).exclude(position_at_the_time="").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_positions_were_kept_restores_the_positions_of_today(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    QuoteFactory(person=PersonFactory(position="Head of Unit"))
    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    data_file = tmp_path / "snapshot" / "data.json"
    rows = json.loads(data_file.read_text())
    for row in rows:
        if row["model"] == "milestones.quote":  # as an older release wrote them
            del row["fields"]["position_at_the_time"]
    data_file.write_text(json.dumps(rows))

    call_command("restore", str(tmp_path / "snapshot"), yes=True, verbosity=0)
    assert Quote.objects.get().position_at_the_time == "Head of Unit"


# --- Migrations --------------------------------------------------------------------------------

BEFORE = [("milestones", "0008_places_series_and_follow_ups"), ("programmes", "0004_dates_not_stated")]
AFTER = [("milestones", "0009_names_that_vary")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_todays_positions_and_puts_one_spelling_per_line_and_goes_back():
    old = migrate(BEFORE)
    person = old.get_model("milestones", "Person").objects.create(
        name="Ashita Mittal", slug="ashita", position="Representative", other_names="Asita Mittal, A. Mittal"
    )
    story = old.get_model("milestones", "Story").objects.create(
        title="Foreword", slug="foreword", body="Text.", signed_by_id=person.pk
    )
    old.get_model("milestones", "Quote").objects.create(text="Words.", person_id=person.pk, story_id=story.pk)
    old.get_model("milestones", "Quote").objects.create(text="Others.", attribution="Someone", story_id=story.pk)

    new = migrate(AFTER)
    assert new.get_model("milestones", "Person").objects.get().other_names == "Asita Mittal\nA. Mittal"
    assert sorted(new.get_model("milestones", "Quote").objects.values_list("position_at_the_time", flat=True)) == [
        "",
        "Representative",
    ]
    assert new.get_model("milestones", "Story").objects.get().signed_by_position == "Representative"

    old = migrate(BEFORE)
    assert old.get_model("milestones", "Person").objects.get().other_names == "Asita Mittal, A. Mittal"
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
