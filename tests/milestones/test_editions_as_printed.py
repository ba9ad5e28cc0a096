"""Editions as printed (issue 16, item 9): an edition's number as the edition prints it, unique
within its year and never used to order editions; a story's byline, or the signature of the
person who signs a foreword. Each rule is tried with a bad value; each page shows what a reader
reads."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError

from milestones.models import Bulletin
from tests.factories import BulletinFactory, PersonFactory, StoryFactory

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def edition_of(year, number, **fields):
    return BulletinFactory(issue_date=datetime.date(year, 1, 1), issue_date_precision="year", number=number, **fields)


# --- Numbers: the rules --------------------------------------------------------------------------


def test_a_number_is_unique_within_its_year():
    edition_of(2015, "03(2015)")
    refused(lambda: edition_of(2015, "03(2015)"))


def test_a_month_precise_edition_of_the_same_year_is_refused_too():
    edition_of(2015, "No. 12")
    refused(lambda: BulletinFactory(issue_date=datetime.date(2015, 10, 1), number="No. 12"))


def test_the_same_number_may_come_back_in_another_year():
    edition_of(2015, "No. 1")
    assert edition_of(2016, "No. 1").pk


def test_editions_without_a_number_never_collide():
    edition_of(2015, None)
    assert edition_of(2015, None).pk


def test_no_number_is_stored_as_none_not_as_blank():
    refused(lambda: edition_of(2015, ""))


def test_a_number_taken_that_year_is_explained_to_an_editor_before_saving():
    edition_of(2015, "03(2015)")
    duplicate = BulletinFactory.build(
        issue_date=datetime.date(2015, 6, 1), issue_date_precision="month", number="03(2015)"
    )
    with pytest.raises(ValidationError, match="same year already has this number"):
        duplicate.validate_constraints()


def test_editions_are_ordered_by_date_not_by_their_numbers():
    older = BulletinFactory(number="No. 9", issue_date=datetime.date(2016, 12, 1))
    newer = BulletinFactory(number="No. 10", issue_date=datetime.date(2017, 3, 1))
    undated = BulletinFactory(number="No. 11", issue_date=None)
    assert list(Bulletin.objects.all()) == [newer, older, undated]


# --- Numbers: what readers see -------------------------------------------------------------------


def test_edition_page_shows_its_number_as_printed(client):
    BulletinFactory(slug="edition", number="No. 12")
    assert '<span class="page-header__kicker">Milestones · No. 12</span>' in text(client.get("/bulletins/edition/"))


def test_editions_list_and_home_page_show_a_number_with_brackets_as_printed(client):
    BulletinFactory(slug="edition", number="03(2015)", issue_date=datetime.date(2015, 9, 1))
    listed = text(client.get("/bulletins/"))
    assert '<time datetime="2015-09">September 2015</time> · 03(2015)</p>' in listed
    assert '<span class="kicker">Latest edition · 03(2015)</span>' in text(client.get("/"))


def test_an_edition_without_a_number_shows_none(client):
    BulletinFactory(slug="edition", number=None)
    assert '<span class="page-header__kicker">Milestones</span>' in text(client.get("/bulletins/edition/"))


# --- Bylines and signatures ----------------------------------------------------------------------


def test_story_page_shows_its_byline(client):
    StoryFactory(slug="signing", byline="By the UNODC Regional Office")
    assert '<p class="byline">By the UNODC Regional Office</p>' in text(client.get("/news/signing/"))


def foreword(**fields):
    ashita = PersonFactory(
        name="Ashita Mittal", slug="ashita-mittal", position="UNODC Regional Representative for Central Asia"
    )
    return StoryFactory(slug="foreword", title="Foreword", signed_by=ashita, **fields)


def test_a_foreword_is_signed_with_its_signatorys_name_and_position(client):
    foreword()
    page = text(client.get("/news/foreword/"))
    assert (
        '<p class="signature"><a class="signature__name" href="/people/ashita-mittal/">Ashita Mittal</a>'
        '<span class="signature__position">UNODC Regional Representative for Central Asia</span></p>'
    ) in page


def test_an_edition_page_shows_bylines_and_signatures_of_its_stories(client):
    edition = BulletinFactory(slug="edition")
    foreword(bulletin=edition, position=1)
    StoryFactory(bulletin=edition, position=2, byline="By Dilnoza Karimova")
    page = text(client.get("/bulletins/edition/"))
    assert '<span class="signature__position">UNODC Regional Representative for Central Asia</span>' in page
    assert '<p class="byline">By Dilnoza Karimova</p>' in page


def test_a_foreword_names_its_signatory_as_author_for_search_engines(client):
    foreword()
    page = client.get("/news/foreword/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["author"] == {
        "@type": "Person",
        "name": "Ashita Mittal",
        "url": "http://testserver/people/ashita-mittal/",
        "jobTitle": "UNODC Regional Representative for Central Asia",
    }


def test_a_story_with_a_byline_keeps_the_office_as_author_for_search_engines(client):
    StoryFactory(slug="signing", byline="By the UNODC Regional Office")
    page = client.get("/news/signing/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["author"] == {"@type": "Organization", "name": "UNODC Regional Office for Central Asia"}


def test_a_story_has_a_byline_or_a_signature_not_both():
    refused(lambda: foreword(byline="By the UNODC Regional Office"))


def test_a_person_who_signed_a_story_cannot_be_deleted():
    story = foreword()
    with pytest.raises(ProtectedError):
        story.signed_by.delete()


# --- The migration of the numbers stored before --------------------------------------------------

BEFORE = [("milestones", "0004_counts_as_reported")]
AFTER = [("milestones", "0005_editions_as_printed")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_numbers_stored_before_read_as_they_were_shown_and_go_back():
    old = migrate(BEFORE).get_model("milestones", "Bulletin")
    old.objects.create(title="Twelve", slug="twelve", number=12, issue_date=datetime.date(2016, 1, 1))
    old.objects.create(title="None", slug="none", number=None, issue_date=datetime.date(2016, 1, 1))
    new = migrate(AFTER).get_model("milestones", "Bulletin")
    assert dict(new.objects.values_list("slug", "number")) == {"twelve": "No. 12", "none": None}
    new.objects.create(title="Printed", slug="printed", number="03(2015)", issue_date=datetime.date(2015, 1, 1))
    new.objects.create(title="Again", slug="again", number="No. 12", issue_date=datetime.date(2017, 1, 1))
    # Back to whole numbers unique across editions: what is not one, or repeats one, is left empty.
    old = migrate(BEFORE).get_model("milestones", "Bulletin")
    assert dict(old.objects.values_list("slug", "number")) == {
        "twelve": 12,
        "none": None,
        "printed": None,
        "again": None,
    }
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
