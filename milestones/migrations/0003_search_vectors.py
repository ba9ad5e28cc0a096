"""On PostgreSQL, a stored full-text search vector with a GIN index on each table the site
search covers: stories, events, programmes, facilities and organisations.

The vector is a generated column, so PostgreSQL keeps it current on every insert and update by
itself. SQLite has no full-text type; there the site searches with a plain word match instead
(milestones/search.py), and this migration does nothing.
"""

from django.db import migrations

VECTORS = {
    "milestones_story": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '') || ' ' || coalesce(body, '')), 'B')"
    ),
    "milestones_event": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(summary, '') || ' ' || coalesce(city, '') || ' ' "
        "|| coalesce(venue, '')), 'B')"
    ),
    "programmes_programme": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(short_title, '') || ' ' || coalesce(acronym, '') "
        "|| ' ' || coalesce(summary, '') || ' ' || coalesce(description, '')), 'B')"
    ),
    "programmes_facility": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(place, '') || ' ' || coalesce(description, '')), 'B')"
    ),
    "programmes_organisation": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(acronym, '') || ' ' || coalesce(description, '')), 'B')"
    ),
}


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)")


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("milestones", "0002_initial")]

    operations = [migrations.RunPython(add_vectors, drop_vectors)]
