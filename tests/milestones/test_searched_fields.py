"""The searched fields are declared once (milestones.search.SEARCHED_FIELDS, issue 15, item 4):
the site search and the lists' "Words" filter read the declaration, and the migrations that
build PostgreSQL's stored vectors, which keep their own literal SQL, must say the same."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection

from milestones.search import SEARCHED_FIELDS, matching, vector_sql
from tests.factories import (
    EventFactory,
    FacilityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    PublicationFactory,
    StoryFactory,
    ThemeFactory,
)

FACTORIES = {
    "milestones.Story": StoryFactory,
    "milestones.Event": EventFactory,
    "programmes.Programme": ProgrammeFactory,
    "programmes.Facility": FacilityFactory,
    "programmes.Organisation": OrganisationFactory,
    "programmes.Theme": ThemeFactory,
    "milestones.Publication": PublicationFactory,
}
# Every migration that builds stored vectors, in the order they run: each for the tables it adds
# (issue 16 added two), or again for tables whose searched fields changed (it then names the
# vectors it replaces as FORMER_SEARCH_VECTORS, which going back restores).
VECTOR_MIGRATIONS = [
    "milestones.migrations.0001_squashed",
    "programmes.migrations.0002_themes",
    "milestones.migrations.0003_themes_and_publications",
    "milestones.migrations.0009_names_that_vary",
]
# Fields derived from another one on saving: the test writes the field they come from.
WRITTEN_AS = {"body_text": "body"}
WORD = "zyzzogeton"


def migrated_vectors():
    """The vector SQL of each table as the migrations leave it: 0001_squashed makes those of the
    first tables, later migrations those of the tables they add, or build one again in place of
    the one they say they replace (so that going back restores exactly that one)."""
    vectors = {}
    for name in VECTOR_MIGRATIONS:
        migration = importlib.import_module(name)
        built = migration.SEARCH_VECTORS
        replaced = getattr(migration, "FORMER_SEARCH_VECTORS", {})
        assert set(replaced) <= set(built), f"{name} restores a vector it does not build"
        assert {table: vectors.get(table) for table in replaced} == replaced, f"{name} replaces other vectors"
        assert not (set(built) - set(replaced)) & set(vectors), f"{name} builds a vector again"
        vectors.update(built)
    return vectors


def declared_vectors():
    return {apps.get_model(label)._meta.db_table: vector_sql(fields) for label, fields in SEARCHED_FIELDS.items()}


def test_the_migrations_build_the_search_vectors_from_the_declared_fields():
    assert migrated_vectors() == declared_vectors()


def test_every_declared_field_is_a_field_of_its_model():
    for label, fields in SEARCHED_FIELDS.items():
        model = apps.get_model(label)
        for name in (fields.title, *fields.text):
            model._meta.get_field(name)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors exist only on PostgreSQL")
def test_the_databases_vectors_read_the_declared_fields():
    for label, fields in SEARCHED_FIELDS.items():
        table = apps.get_model(label)._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                "WHERE d.adrelid = %s::regclass AND a.attname = 'search_vector'",
                [table],
            )
            (expression,) = cursor.fetchone()
        columns = re.findall(r"COALESCE\((\w+),", expression, re.IGNORECASE)
        assert columns == [fields.title, *fields.text], table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "field"),
    [(label, name) for label, fields in SEARCHED_FIELDS.items() for name in (fields.title, *fields.text)],
)
def test_search_finds_a_word_in_each_declared_field(label, field):
    FACTORIES[label]()  # another row, without the word
    item = FACTORIES[label](**{WRITTEN_AS.get(field, field): WORD})
    model = apps.get_model(label)
    assert list(matching(model.objects.all(), WORD)) == [item]


@pytest.mark.django_db
def test_the_words_filter_of_the_story_list_searches_the_stored_text_of_the_body(client):
    StoryFactory(slug="found", body=f"The **{WORD}** programme.")
    StoryFactory(slug="link-only", body=f"[A link](https://example.org/{WORD}-not-a-word-read)")
    stories = client.get(f"/news/?q={WORD}").context["stories"]
    assert [story.slug for story in stories] == ["found"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL's")
@pytest.mark.parametrize("table", ["milestones_story", "milestones_event"])
def test_search_vectors_stay_in_their_rows(table):
    """Ranking reads every match's vector: moved out of the row (TOAST), it cost a fetch each
    (storage MAIN, set by milestones/0001_squashed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'search_vector'",
            [table],
        )
        assert cursor.fetchone() == ("m",)
