"""Search in Russian (issue 17, item 6): on PostgreSQL, every searched table gets a second stored
vector, `search_vector_ru`, of the Russian columns of its searched fields, built with the Russian
configuration (its stemming: "тренинг" finds "тренинги"). A searched field with no Russian column
(other names, a programme's acronym) goes in as it is, so that a Russian query finds an item by
its other spellings. The SQL is a literal copy of `vector_sql(searched_fields(model, "ru"), "ru")`
of milestones.search; tests/milestones/test_searched_fields.py compares them.

Each vector gets a GIN index like `search_vector`, and the stories' and events' vectors stay in
their rows (storage MAIN, as milestones/0001_squashed sets for theirs). The storage is set in the
statement that adds the column: the table is rewritten then, and a storage set afterwards would
apply only to rows written later, leaving every existing row's vector out of line.

PostgreSQL only: SQLite, with no such column, searches the Russian columns with its word match.
Nothing runs on SQLite, so the events table is not rebuilt and its concerned-countries triggers
stay as they are.
"""

from django.db import migrations

RUSSIAN_SEARCH_VECTORS = {
    "milestones_story": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(title_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(standfirst_ru, '') || ' ' "
        "|| coalesce(body_text_ru, '')), 'B')"
    ),
    "milestones_event": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(title_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(summary_ru, '') || ' ' || coalesce(city_ru, '') "
        "|| ' ' || coalesce(venue_ru, '')), 'B')"
    ),
    "programmes_programme": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(title_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(short_title_ru, '') || ' ' || coalesce(acronym, '') "
        "|| ' ' || coalesce(summary_ru, '') || ' ' || coalesce(description_ru, '') || ' ' "
        "|| coalesce(other_names, '')), 'B')"
    ),
    "programmes_facility": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(name_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(place_ru, '') || ' ' || coalesce(description_ru, '') "
        "|| ' ' || coalesce(other_names, '')), 'B')"
    ),
    "programmes_organisation": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(name_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(acronym_ru, '') || ' ' "
        "|| coalesce(description_ru, '') || ' ' || coalesce(other_names, '')), 'B')"
    ),
    "programmes_theme": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(name_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(description_ru, '')), 'B')"
    ),
    "milestones_publication": (
        "setweight(to_tsvector('russian'::regconfig, coalesce(title_ru, '')), 'A') || "
        "setweight(to_tsvector('russian'::regconfig, coalesce(summary_ru, '')), 'B')"
    ),
}
# As milestones/0001_squashed: rows wide enough to be toasted keep their vectors in the row.
VECTORS_KEPT_INLINE = ("milestones_story", "milestones_event")


def add_russian_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in RUSSIAN_SEARCH_VECTORS.items():
        storage = ", ALTER COLUMN search_vector_ru SET STORAGE MAIN" if table in VECTORS_KEPT_INLINE else ""
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector_ru tsvector GENERATED ALWAYS AS ({expression}) STORED"
            f"{storage}"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_vector_ru ON {table} USING GIN (search_vector_ru)")


def drop_russian_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in RUSSIAN_SEARCH_VECTORS:
        # The index goes with its column.
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector_ru")


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0011_content_in_russian"),
        ("programmes", "0007_content_in_russian"),
    ]

    operations = [
        migrations.RunPython(add_russian_search_vectors, drop_russian_search_vectors),
    ]
