"""The cost of search ranking (issue 21, item 5): on PostgreSQL, the stories, events and
publications get a stored vector of their title alone in each language that has a search vector,
`title_search_vector` (English) and `title_search_vector_ru` (Russian), each with a GIN index, so
that the search page finds the newest matches in titles cheaply (milestones.search, `ranked()`):
through the index when few titles have the words, and by reading the newest rows' small title
vector when many do; PostgreSQL's statistics of the column tell the planner which. The
expressions are literal copies of `title_vector_sql(searched_fields(model, language), language)`
of milestones.search (the part of the search vector weighted A);
tests/milestones/test_searched_fields.py compares them.

The column is added with its expression in one statement: the table is rewritten once.
PostgreSQL only: SQLite, with no stored vectors, ranks every match of its word match.
"""

from django.db import migrations

# Column, then expression, of each table's title vectors.
TITLE_SEARCH_VECTORS = {
    table: {
        "title_search_vector": "to_tsvector('english'::regconfig, coalesce(title, ''))",
        "title_search_vector_ru": "to_tsvector('russian'::regconfig, coalesce(title_ru, ''))",
    }
    for table in ("milestones_story", "milestones_event", "milestones_publication")
}


def add_title_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, vectors in TITLE_SEARCH_VECTORS.items():
        columns = ", ".join(
            f"ADD COLUMN {name} tsvector GENERATED ALWAYS AS ({expression}) STORED"
            for name, expression in vectors.items()
        )
        schema_editor.execute(f"ALTER TABLE {table} {columns}")
        for name in vectors:
            schema_editor.execute(f"CREATE INDEX {table}_{name} ON {table} USING GIN ({name})")
        # The planner's choice between the index and the newest rows needs the columns' statistics.
        schema_editor.execute(f"ANALYZE {table}")


def drop_title_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, vectors in TITLE_SEARCH_VECTORS.items():
        # The indexes go with their columns.
        schema_editor.execute(f"ALTER TABLE {table} " + ", ".join(f"DROP COLUMN {name}" for name in vectors))


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0016_exchange_rate_roles"),
    ]

    operations = [
        migrations.RunPython(add_title_search_vectors, drop_title_search_vectors),
    ]
