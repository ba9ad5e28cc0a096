"""The seed content, checked against the bulletin's own text (fixtures/milestones-2016-source.txt)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from milestones.models import Bulletin, Event, Person, Quote, Result, Status, Story
from programmes.models import Contribution, Country, Facility, FacilityFunding, Organisation, Programme
from unodc_portal.other_names import parse_other_names

pytestmark = pytest.mark.django_db

SOURCE = (Path(__file__).resolve().parent.parent / "fixtures" / "milestones-2016-source.txt").read_text()


def letters(text):
    """Only the letters and digits, lower case: the PDF's line-break hyphens, spacing and
    typographic quotes fall away, so stored text can be compared with the extracted text."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


SOURCE_LETTERS = letters(SOURCE)


def test_loading_twice_creates_no_duplicates(seed):
    counts = {model: model.objects.count() for model in apps.get_models()}
    call_command("load_seed", verbosity=0)
    call_command("load_seed", "--force", verbosity=0)
    assert {model: model.objects.count() for model in apps.get_models()} == counts


def test_load_seed_leaves_editors_changes_alone(seed):
    Story.objects.filter(position=1).update(title="Edited by an editor")
    call_command("load_seed", verbosity=0)
    assert Story.objects.get(position=1).title == "Edited by an editor"


def test_every_seeded_row_passes_model_validation(seed):
    for model in apps.get_models():
        if model._meta.app_label in {"programmes", "milestones"}:
            for obj in model.objects.all():
                obj.full_clean()


def test_one_edition_with_its_seven_articles_in_order(seed):
    bulletin = Bulletin.objects.get()
    titles = list(bulletin.stories.order_by("position").values_list("title", flat=True))
    assert [title.split(":")[0][:40] for title in titles] == [
        "Government of Japan provided 263 million",
        "Sixth Expert Forum on Criminal Justice f",
        "Intelligence analysis training held in C",
        "New Port Control Units opened in Tajikis",
        "New building for the State Service on Dr",
        "New synthetic drugs and psychoactive sub",
        "Studying international experience on pro",
    ]


def test_everything_seeded_is_published(seed):
    for model in (Bulletin, Story, Event):
        assert model.objects.published().count() == model.objects.count() > 0


# Misprints the seed corrects, each declared in its story's source note: (as stored, as printed).
CORRECTIONS = [
    ("Assisting the Uzbek", "Asissting the Uzbek"),
    ("Drugs and Crime and its partners", "Drugs and Crimes and its partners"),
    ("Ms. Ashita Mittal emphasized:", "Ms. Asita Mittal emphasized:"),
    ("DEA Intelligence analyst emphasized", "DEA Intelligence analysts emphasized"),
    ("Dushanbe-2 and Nizhniy", "Dusanbe-2 and Nizhniy"),
    ("Mr. Grigorii Pustovitov", "Mr. Grigoirii Pustovitov"),
    ("dependent on heroin or", "dependent on heroine or"),
    ("Unit of the State Revenues Committee", "Unit of the State revenues Committee"),
]


def as_printed(text):
    for stored, printed in CORRECTIONS:
        text = text.replace(stored, printed)
    return text


def test_story_text_is_the_bulletins_text(seed):
    """Headline, standfirst and every paragraph are the source's words, but for the declared
    corrections; the paragraph breaks are the only thing the seed adds."""
    for story in Story.objects.all():
        for part in (story.title, story.standfirst, *story.body.split("\n\n")):
            assert letters(as_printed(part)) in SOURCE_LETTERS, f"{story.slug}: {part[:60]}"


def test_every_correction_is_declared_in_a_source_note(seed):
    notes = " ".join(Story.objects.values_list("source_note", flat=True))
    for stored, printed in CORRECTIONS:
        misprint = next(word for word in printed.split() if word not in stored.split())
        assert misprint in notes, misprint


def test_stored_text_reads_as_clean_prose(seed):
    texts = [text for story in Story.objects.all() for text in (story.title, story.standfirst, story.body)]
    texts += [quote.text for quote in Quote.objects.all()]
    for text in texts:
        assert "\n" not in text.replace("\n\n", ""), "a line break from the PDF survived"
        assert not re.search(r"[a-z]- [a-z]", text), f"a hyphenated line break survived: {text[:60]}"
        assert "  " not in text


def test_facilities_per_country(seed):
    named = {
        (facility.country.iso2, facility.kind, facility.place)
        for facility in Facility.objects.select_related("country")
    }
    assert named == {
        ("tj", "pcu", "Dushanbe-2"),
        ("tj", "pcu", "Nizhniy Pyanj"),
        ("kz", "pcu", "Aktau"),
        ("kg", "building", "Karakol"),
        ("uz", "blo", "Oybek"),
        ("uz", "blo", "Sariosiyo"),
        ("uz", "blo", "Dustlik"),
        ("uz", "blo", "Ayritom"),
    }


def test_border_liaison_offices_sit_on_the_borders_the_text_names(seed):
    borders = dict(Facility.objects.filter(kind="blo").values_list("place", "border_country__iso2"))
    assert borders == {"Oybek": "tj", "Sariosiyo": "tj", "Dustlik": "kg", "Ayritom": "af"}


def test_port_control_units_are_at_the_ports_the_text_names(seed):
    kinds = dict(Facility.objects.filter(kind="pcu").values_list("place", "place_kind"))
    assert kinds == {"Dushanbe-2": "dry-port", "Nizhniy Pyanj": "dry-port", "Aktau": "seaport"}


def test_japan_contribution_as_reported(seed):
    contribution = Contribution.objects.get(donor__slug="government-of-japan")
    assert (contribution.amount, contribution.currency) == (Decimal("263000000"), "JPY")
    assert (contribution.amount_usd, contribution.amount_usd_qualifier) == (Decimal("2500000"), "approximately")
    assert contribution.programme.slug == "interagency-mobile-teams-uzbekistan"
    assert contribution.programme.parent.slug == "programme-for-central-asia"
    assert contribution.reports.get().position == 1


def test_container_control_segment_is_funded_by_inl_and_exbs_without_amounts(seed):
    contributions = Contribution.objects.filter(programme__slug="container-control-programme-central-asia-azerbaijan")
    assert {c.donor.acronym for c in contributions} == {"INL", "EXBS"}
    assert all(c.amount is None and c.currency == "" for c in contributions)


def test_karakol_building_is_programme_spending_not_a_donor_grant(seed):
    funding = FacilityFunding.objects.get()
    assert funding.facility.place == "Karakol"
    assert funding.programme.code == "Sub-programme 1"
    assert (funding.amount, funding.currency, funding.amount_qualifier) == (Decimal("10000000"), "KGS", "more-than")
    assert funding.amount_usd == Decimal("147000")
    assert {donor.slug for donor in funding.component_donors.all()} == {
        "government-of-russia",
        "government-of-the-united-states",
    }
    assert not Contribution.objects.filter(donor__slug__in=["government-of-russia", "government-of-the-united-states"])


def test_every_quote_is_the_speakers_words_in_the_source(seed):
    for quote in Quote.objects.all():
        assert letters(quote.text) in SOURCE_LETTERS, quote.text[:60]


def test_quotes_speakers(seed):
    speakers = {quote.speaker_name for quote in Quote.objects.select_related("person")}
    assert speakers == {
        "Akhmed Mansurov",
        "Ashita Mittal",
        "Shayunus Gaziev",
        "Damir Sagynbaev",
        "Alan Meltzer",
        "Grigorii Pustovitov",
        "A participant representing the Ministry of Interior of the Republic of Uzbekistan",
    }


def test_every_person_is_named_in_the_source(seed):
    for person in Person.objects.all():
        spellings = [person.name, *(other.name for other in parse_other_names(person.other_names))]
        assert any(letters(name) in SOURCE_LETTERS for name in spellings), person.name
        assert person.position


def test_figures_as_reported(seed):
    figures = {(r.value, r.value_qualifier, r.unit, r.target) for r in Result.objects.all()}
    assert figures == {
        (Decimal("12"), "exact", "Border Liaison Offices", Decimal("13")),
        (Decimal("150"), "more-than", "kg", None),
        (Decimal("32"), "exact", "specialised trainings", None),
        (Decimal("19"), "exact", "officers", None),
        (Decimal("3"), "exact", "Port Control Units", None),
        (Decimal("1"), "less-than", "%", None),
    }


def test_dates_keep_their_precision(seed):
    assert str(Event.objects.get(slug="intelligence-analysis-training-caricc-almaty").when) == "October 2016"
    forum = Event.objects.get(slug="sixth-expert-forum-criminal-justice-central-asia")
    assert str(forum.when) == "17–18 November 2016"
    karakol = Event.objects.get(slug="opening-ssdc-eastern-department-building-karakol")
    assert str(karakol.when) == "December 2016"
    assert "inferred" in karakol.source_note


def test_every_date_the_text_does_not_print_says_it_was_inferred(seed):
    printed = " ".join(SOURCE.split())
    dated = [*Event.objects.all(), *Result.objects.all(), *Contribution.objects.exclude(date=None)]
    dated += [*Facility.objects.exclude(opened_on=None), *Bulletin.objects.all()]
    for item in dated:
        shown = str(item.opened if isinstance(item, Facility) else item.when)
        if shown not in printed:
            assert "inferred" in item.source_note, f"{item}: {shown}"


def test_study_visits_abroad_concern_kazakhstan(seed):
    for visit in Event.objects.filter(kind_id="study-visit"):
        assert visit.host_country.iso2 in {"ir", "es"}
        assert [c.iso2 for c in visit.countries.all()] == ["kz"]


def test_training_reports_its_nineteen_participants(seed):
    training = Event.objects.get(slug="training-new-psychoactive-substances-uzbek-blo-officers")
    assert training.participant_count == 19
    assert training.facilities.count() == 4


def test_region_of_the_office(seed):
    covered = set(Country.objects.filter(region_role="covered").values_list("iso2", flat=True))
    neighbours = set(Country.objects.filter(region_role="neighbour").values_list("iso2", flat=True))
    assert covered == {"kz", "kg", "tj", "tm", "uz"}
    assert neighbours == {"af", "az"}


def test_organisations_the_text_names(seed):
    acronyms = set(Organisation.objects.exclude(acronym="").values_list("acronym", flat=True))
    assert {"UNODC", "NCDC", "INL", "EXBS", "WCO", "CARICC", "ODIHR", "GFATM", "PRI", "ICJ", "DEA", "SSDC"} <= acronyms


def test_sub_programme_belongs_to_the_programme_for_central_asia(seed):
    sub_programme = Programme.objects.get(code="Sub-programme 1")
    assert sub_programme.parent.title.startswith("UNODC Programme for Central Asia")
    assert (sub_programme.parent.start_year, sub_programme.parent.end_year) == (2015, 2019)


def test_seed_statuses_are_published(seed):
    assert set(Story.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
