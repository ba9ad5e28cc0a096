"""Finer planner statistics for the programme links (PostgreSQL only).

With the default statistics a programme that few events belong to is estimated at the average
share, so PostgreSQL walks the newest events looking for its few (0.4 s for a programme's
timeline at 100,000 events). With a statistics target above the number of programmes, every
programme's own share is known and the plan starts from the programme's links (0.2 ms).
"""

from django.db import migrations

COLUMNS = [
    ("milestones_event_programmes", "programme_id"),
    ("milestones_story_programmes", "programme_id"),
]


def set_statistics(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in COLUMNS:
            table, column = schema_editor.quote_name(table), schema_editor.quote_name(column)
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {int(target)}")
            # The new target counts from the next ANALYZE; link tables change too rarely to wait for
            # autovacuum to run one.
            schema_editor.execute(f"ANALYZE {table} ({column})")

    return run


class Migration(migrations.Migration):
    dependencies = [("milestones", "0010_published_lists")]

    operations = [migrations.RunPython(set_statistics(1000), set_statistics(-1))]
