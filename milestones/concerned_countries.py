"""Database triggers that keep `CountryConcerned` (milestones.models) equal to each event's host
country plus its countries concerned, however the rows are written: the admin, bulk inserts,
fixtures, `QuerySet.update()` or plain SQL.

Created by milestones/0001_squashed. On SQLite, a migration that changes the events table, its
country links or this table rebuilds the table, and SQLite checks the triggers (which name the
other tables) while it does: such a migration must run `drop_triggers` before its changes and
`create_triggers` after them, each in a RunPython, or it stops with "no such table". A later
change to the triggers themselves needs a migration that runs `create_triggers` again
(0001_squashed runs whatever this module holds when a database is built from scratch).
`manage.py rebuild_concerned_countries` checks the table and the triggers against the events and
repairs them.
"""

import re

# After a country leaves an event (as host or as a country concerned), its row goes only if
# the event has no other reason to concern it.
POSTGRESQL = [
    """
    CREATE FUNCTION milestones_concern_host() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            DELETE FROM milestones_country_concerned c
            WHERE c.event_id = OLD.id AND c.country_id = OLD.host_country_id
              AND NOT EXISTS (
                SELECT 1 FROM milestones_event_countries l
                WHERE l.event_id = OLD.id AND l.country_id = OLD.host_country_id
              );
        END IF;
        INSERT INTO milestones_country_concerned (event_id, country_id) VALUES (NEW.id, NEW.host_country_id)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER milestones_event_concerns_host AFTER INSERT ON milestones_event
    FOR EACH ROW EXECUTE FUNCTION milestones_concern_host()
    """,
    """
    CREATE TRIGGER milestones_event_concerns_new_host AFTER UPDATE OF host_country_id ON milestones_event
    FOR EACH ROW WHEN (OLD.host_country_id IS DISTINCT FROM NEW.host_country_id)
    EXECUTE FUNCTION milestones_concern_host()
    """,
    """
    CREATE FUNCTION milestones_concern_linked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- Wait for a transaction changing the event's host (its UPDATE holds the row) and see
        -- the host it leaves: otherwise a link removed, or added, while the host moves could
        -- leave a row too many, or one too few.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM 1 FROM milestones_event WHERE id = OLD.event_id FOR SHARE;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            PERFORM 1 FROM milestones_event WHERE id = NEW.event_id FOR SHARE;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM milestones_country_concerned c
            WHERE c.event_id = OLD.event_id AND c.country_id = OLD.country_id
              AND NOT EXISTS (
                SELECT 1 FROM milestones_event e WHERE e.id = OLD.event_id AND e.host_country_id = OLD.country_id
              );
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            INSERT INTO milestones_country_concerned (event_id, country_id) VALUES (NEW.event_id, NEW.country_id)
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER milestones_event_link_concerns AFTER INSERT OR UPDATE OR DELETE ON milestones_event_countries
    FOR EACH ROW EXECUTE FUNCTION milestones_concern_linked()
    """,
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS milestones_event_link_concerns ON milestones_event_countries",
    "DROP FUNCTION IF EXISTS milestones_concern_linked()",
    "DROP TRIGGER IF EXISTS milestones_event_concerns_new_host ON milestones_event",
    "DROP TRIGGER IF EXISTS milestones_event_concerns_host ON milestones_event",
    "DROP FUNCTION IF EXISTS milestones_concern_host()",
]

# A link gone (deleted, or changed in place): its row goes unless the country is the host.
_SQLITE_FORGET_OLD_LINK = """
        DELETE FROM milestones_country_concerned
        WHERE event_id = OLD.event_id AND country_id = OLD.country_id
          AND NOT EXISTS (
            SELECT 1 FROM milestones_event WHERE id = OLD.event_id AND host_country_id = OLD.country_id
          );"""

SQLITE = [
    """
    CREATE TRIGGER milestones_event_concerns_host AFTER INSERT ON milestones_event BEGIN
        INSERT OR IGNORE INTO milestones_country_concerned (event_id, country_id)
        VALUES (NEW.id, NEW.host_country_id);
    END
    """,
    """
    CREATE TRIGGER milestones_event_concerns_new_host AFTER UPDATE OF host_country_id ON milestones_event
    WHEN OLD.host_country_id IS NOT NEW.host_country_id BEGIN
        DELETE FROM milestones_country_concerned
        WHERE event_id = OLD.id AND country_id = OLD.host_country_id
          AND NOT EXISTS (
            SELECT 1 FROM milestones_event_countries
            WHERE event_id = OLD.id AND country_id = OLD.host_country_id
          );
        INSERT OR IGNORE INTO milestones_country_concerned (event_id, country_id)
        VALUES (NEW.id, NEW.host_country_id);
    END
    """,
    """
    CREATE TRIGGER milestones_event_link_concerns AFTER INSERT ON milestones_event_countries BEGIN
        INSERT OR IGNORE INTO milestones_country_concerned (event_id, country_id)
        VALUES (NEW.event_id, NEW.country_id);
    END
    """,
    f"""
    CREATE TRIGGER milestones_event_link_removed AFTER DELETE ON milestones_event_countries BEGIN
        {_SQLITE_FORGET_OLD_LINK}
    END
    """,
    f"""
    CREATE TRIGGER milestones_event_link_changed AFTER UPDATE ON milestones_event_countries BEGIN
        {_SQLITE_FORGET_OLD_LINK}
        INSERT OR IGNORE INTO milestones_country_concerned (event_id, country_id)
        VALUES (NEW.event_id, NEW.country_id);
    END
    """,  # noqa: S608 (constant SQL)
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS milestones_event_link_removed",
    "DROP TRIGGER IF EXISTS milestones_event_link_changed",
    "DROP TRIGGER IF EXISTS milestones_event_link_concerns",
    "DROP TRIGGER IF EXISTS milestones_event_concerns_new_host",
    "DROP TRIGGER IF EXISTS milestones_event_concerns_host",
]

# What the table must hold: each event's countries concerned and its host country.
EXPECTED = """
    SELECT event_id, country_id FROM milestones_event_countries
    UNION
    SELECT id, host_country_id FROM milestones_event
"""
FILL = f"INSERT INTO milestones_country_concerned (event_id, country_id) {EXPECTED}"
ACTUAL = "SELECT event_id, country_id FROM milestones_country_concerned"
# EXPECTED is a UNION, wrapped in a subquery so that EXCEPT applies to the whole of it.
MISMATCHES = (
    f"SELECT (SELECT COUNT(*) FROM (SELECT * FROM ({EXPECTED}) AS e EXCEPT {ACTUAL}) AS missing), "  # noqa: S608  # nosec B608 (constant SQL)
    f"(SELECT COUNT(*) FROM ({ACTUAL} EXCEPT SELECT * FROM ({EXPECTED}) AS e) AS extra)"
)
# A repair of the rows only, for when the triggers are in place: what is missing goes in, what
# no event explains goes out, and rows that are right are left alone.
REPAIR = [
    f"DELETE FROM milestones_country_concerned WHERE NOT EXISTS (SELECT 1 FROM ({EXPECTED}) AS e "  # noqa: S608  # nosec B608 (constant SQL)
    "WHERE e.event_id = milestones_country_concerned.event_id "
    "AND e.country_id = milestones_country_concerned.country_id)",
    f"INSERT INTO milestones_country_concerned (event_id, country_id) SELECT * FROM ({EXPECTED}) AS e EXCEPT {ACTUAL}",  # noqa: S608  # nosec B608 (constant SQL)
]
# The tables whose triggers keep the table current.
TRIGGER_TABLES = ("milestones_event", "milestones_event_countries")

TRIGGER_NAME = re.compile(r"CREATE TRIGGER (\w+)")


def _statements(connection, *, postgresql, sqlite):
    vendor = connection.vendor
    if vendor == "postgresql":
        return postgresql
    if vendor == "sqlite":
        return sqlite
    raise NotImplementedError(f"No triggers for concerned countries on {vendor}")


def create_triggers(schema_editor):
    """(Re)create the triggers and fill the table from the events as they are now."""
    drop_triggers(schema_editor)
    for statement in _statements(schema_editor.connection, postgresql=POSTGRESQL, sqlite=SQLITE):
        schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM milestones_country_concerned")
    schema_editor.execute(FILL)


def create_triggers_step(apps, schema_editor):
    """`create_triggers` as a migration's RunPython step."""
    create_triggers(schema_editor)


def drop_triggers_step(apps, schema_editor):
    """`drop_triggers` as a migration's RunPython step."""
    drop_triggers(schema_editor)


def missing_triggers(connection):
    """The names of the triggers above that the database does not have on their tables, or has
    but disabled (PostgreSQL's ALTER TABLE ... DISABLE TRIGGER)."""
    statements = _statements(connection, postgresql=POSTGRESQL, sqlite=SQLITE)
    expected = {name for statement in statements for name in TRIGGER_NAME.findall(statement)}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgrelid IN (%s::regclass, %s::regclass)",
                TRIGGER_TABLES,
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)", TRIGGER_TABLES
            )
        present = {name for (name,) in cursor.fetchall()}
    return sorted(expected - present)


def repair_rows(connection):
    """Make the table equal to the events, with the triggers in place. PostgreSQL: call inside a
    transaction; writers to the events wait until it commits (readers do not)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Events first, as a save takes its event before its links: no deadlock with a save.
            cursor.execute(f"LOCK TABLE {', '.join(TRIGGER_TABLES)} IN SHARE MODE")
        for statement in REPAIR:
            cursor.execute(statement)


def mismatches(connection):
    """(rows missing from the table, rows it holds that no event explains), as counts."""
    with connection.cursor() as cursor:
        cursor.execute(MISMATCHES)
        return cursor.fetchone()


def drop_triggers(schema_editor):
    for statement in _statements(schema_editor.connection, postgresql=POSTGRESQL_DROP, sqlite=SQLITE_DROP):
        schema_editor.execute(statement)
