"""The searched fields are declared once (milestones.search.SEARCHED_FIELDS, issue 15, item 4):
the site search and the lists' "Words" filter read the declaration, and the migrations that
build PostgreSQL's stored vectors, which keep their own literal SQL, must say the same: those of
the English texts (`search_vector`) and those of their Russian columns (`search_vector_ru`,
issue 17)."""

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection

from milestones.search import (
    SEARCH_CONFIGS,
    SEARCHED_FIELDS,
    TITLE_SEARCH_VECTORS,
    matching,
    searched_fields,
    title_vector_column,
    title_vector_sql,
    vector_column,
    vector_sql,
)
from tests.factories import (
    EventFactory,
    FacilityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    PublicationFactory,
    StoryFactory,
    ThemeFactory,
)
from unodc_portal.translations import CONTENT_LANGUAGES, reading_in

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
# The same for the vectors of the translations, by language: the module's name for them.
TRANSLATED_VECTOR_MIGRATIONS = {
    "ru": ("RUSSIAN_SEARCH_VECTORS", ["milestones.migrations.0012_search_in_russian"]),
}
# Fields derived from another one on saving: the test writes the field they come from.
WRITTEN_AS = {"body_text": "body", "body_text_ru": "body_ru"}
WORD = "zyzzogeton"


def migrated_vectors(language=None):
    """The vector SQL of each table as the migrations leave it: 0001_squashed makes those of the
    first tables, later migrations those of the tables they add, or build one again in place of
    the one they say they replace (so that going back restores exactly that one)."""
    attribute, names = (
        ("SEARCH_VECTORS", VECTOR_MIGRATIONS) if language is None else TRANSLATED_VECTOR_MIGRATIONS[language]
    )
    vectors = {}
    for name in names:
        migration = importlib.import_module(name)
        built = getattr(migration, attribute)
        replaced = getattr(migration, f"FORMER_{attribute}", {})
        assert set(replaced) <= set(built), f"{name} restores a vector it does not build"
        assert {table: vectors.get(table) for table in replaced} == replaced, f"{name} replaces other vectors"
        assert not (set(built) - set(replaced)) & set(vectors), f"{name} builds a vector again"
        vectors.update(built)
    return vectors


# Every language with a stored vector, None for the English texts'.
LANGUAGES = list(SEARCH_CONFIGS)


def declared_vectors(language=None):
    return {
        apps.get_model(label)._meta.db_table: vector_sql(searched_fields(apps.get_model(label), language), language)
        for label in SEARCHED_FIELDS
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_migrations_build_the_search_vectors_from_the_declared_fields(language):
    assert migrated_vectors(language) == declared_vectors(language)


def test_the_migration_builds_the_title_vectors_from_the_declared_titles():
    """The stored vectors of titles alone (issue 21, item 5), which the search page's ranking
    finds its candidates in."""
    migration = importlib.import_module("milestones.migrations.0017_title_search_vectors")
    declared = {
        apps.get_model(label)._meta.db_table: {
            title_vector_column(language): title_vector_sql(searched_fields(apps.get_model(label), language), language)
            for language in LANGUAGES
        }
        for label in TITLE_SEARCH_VECTORS
    }
    assert declared == migration.TITLE_SEARCH_VECTORS


def test_the_title_vectors_are_the_part_of_the_search_vectors_weighted_a():
    for label in TITLE_SEARCH_VECTORS:
        for language in LANGUAGES:
            fields = searched_fields(apps.get_model(label), language)
            assert vector_sql(fields, language).startswith(f"setweight({title_vector_sql(fields, language)}, 'A') || ")


def test_the_vectors_of_translations_are_of_content_languages():
    assert set(TRANSLATED_VECTOR_MIGRATIONS) == set(SEARCH_CONFIGS) - {None}
    assert set(TRANSLATED_VECTOR_MIGRATIONS) <= set(CONTENT_LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_declared_field_is_a_field_of_its_model(language):
    for label in SEARCHED_FIELDS:
        model = apps.get_model(label)
        fields = searched_fields(model, language)
        for name in (fields.title, *fields.text):
            model._meta.get_field(name)


def test_the_russian_vectors_read_the_russian_columns_and_the_untranslated_fields():
    """Other spellings and names are in no language: a Russian query finds them too."""
    assert searched_fields(apps.get_model("milestones.Story"), "ru").text == ("standfirst_ru", "body_text_ru")
    assert searched_fields(apps.get_model("programmes.Facility"), "ru").text == (
        "place_ru",
        "description_ru",
        "other_names",
    )


def stored_expression(table, column):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = %s::regclass AND a.attname = %s",
            [table, column],
        )
        (expression,) = cursor.fetchone()
    return expression


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors exist only on PostgreSQL")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("labels", "vector", "declared"),
    [
        (SEARCHED_FIELDS, vector_column, lambda fields: [fields.title, *fields.text]),
        (TITLE_SEARCH_VECTORS, title_vector_column, lambda fields: [fields.title]),
    ],
    ids=["all", "title"],
)
def test_the_databases_stored_vectors_read_the_declared_fields(language, labels, vector, declared):
    for label in labels:
        model = apps.get_model(label)
        expression = stored_expression(model._meta.db_table, vector(language))
        columns = re.findall(r"COALESCE\((\w+),", expression, re.IGNORECASE)
        assert columns == declared(searched_fields(model, language)), model._meta.db_table
        assert set(re.findall(r"'(\w+)'::regconfig", expression)) == {SEARCH_CONFIGS[language]}


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


def russian_fields():
    for label in SEARCHED_FIELDS:
        fields = searched_fields(apps.get_model(label), "ru")
        for name in (fields.title, *fields.text):
            yield label, name


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "field"), list(russian_fields()))
def test_search_on_a_russian_page_finds_a_word_in_each_declared_russian_column(label, field):
    FACTORIES[label]()  # another row, without the word
    item = FACTORIES[label](**{WRITTEN_AS.get(field, field): WORD})
    model = apps.get_model(label)
    with reading_in("ru"):
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
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_vectors_stay_in_their_rows(table, language):
    """Ranking reads every match's vector: moved out of the row (TOAST), it cost a fetch each
    (storage MAIN, set by milestones/0001_squashed and 0012_search_in_russian)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
            [table, vector_column(language)],
        )
        assert cursor.fetchone() == ("m",)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL's")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("labels", "vector"),
    [(SEARCHED_FIELDS, vector_column), (TITLE_SEARCH_VECTORS, title_vector_column)],
    ids=["all", "title"],
)
def test_every_stored_vector_has_its_gin_index(language, labels, vector):
    tables = [apps.get_model(label)._meta.db_table for label in labels]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE %s",
            [tables, f"%USING gin ({vector(language)})"],
        )
        assert sorted(table for (table,) in cursor.fetchall()) == sorted(tables)
