"""Keep each row's search vector in the row itself on PostgreSQL (storage MAIN).

Since stories also store their body as HTML and as text (0015), a story row is often wider than
PostgreSQL's TOAST threshold, and the toaster then moved the search vector out of the row: ranking
10,000 matches read 32,000 buffers instead of 4,700 and took twice as long. With MAIN the bodies,
which ranking does not read, are moved out first. Rows written before this migration keep their
layout until they are rewritten (any save, or VACUUM FULL); the benchmark's database is rewritten.
SQLite has no such storage and no search vectors: nothing to do there.
"""

from django.db import migrations

TABLES = ("milestones_story", "milestones_event")


def keep_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")


def let_move_out(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("milestones", "0015_story_body_renderings")]

    operations = [migrations.RunPython(keep_inline, let_move_out)]
