"""Reads from the read replica (unodc_portal/replica.py): which requests read it, and the rule
that a page read from a replica that has not replayed the latest change is never kept under the
new content version.

The "replica" alias mirrors the test database (tests/conftest.py), through a connection of its
own, so these tests commit their data (transaction=True). WAL positions are made controllable
by `positions`; on PostgreSQL the last tests also run the real queries."""

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, QuoteFactory, StoryFactory, UserFactory
from tests.isolation import REPLICA_MIDDLEWARE
from tests.test_configuration import manage
from unodc_portal import replica
from unodc_portal.content_version import current_version, publication_times

in_both = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, replica.REPLICA])
only_on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="WAL positions are PostgreSQL's")


class Positions:
    """Stand-ins for the primary's WAL position and the replica's replay position."""

    def __init__(self):
        self.primary = 100
        self.replica = 100
        self.error = None
        self.checks = 0

    def primary_position(self):
        return self.primary

    def replay_position(self, connection):
        self.checks += 1
        if self.error is not None:
            raise self.error
        return self.replica


def forget_replica_health():
    replica.health.resting_until, replica.health.failing = 0.0, False
    replica._seen.__dict__.clear()


@pytest.fixture
def replica_on(settings):
    """The router and the middleware, as settings.py installs them with DATABASE_REPLICA_URL."""
    settings.DATABASE_ROUTERS = [replica.ROUTER]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("unodc_portal.page_cache.AnonymousPageCacheMiddleware"), REPLICA_MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    forget_replica_health()
    yield
    forget_replica_health()
    connections[replica.REPLICA].close()


@pytest.fixture
def positions(replica_on, monkeypatch):
    fake = Positions()
    monkeypatch.setattr(replica, "primary_position", fake.primary_position)
    monkeypatch.setattr(replica, "replay_position", fake.replay_position)
    return fake


class Reads:
    """The queries each database ran while the block ran."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        self.replica = CaptureQueriesContext(connections[replica.REPLICA])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @staticmethod
    def of_stories(captured):
        return [q["sql"] for q in captured.captured_queries if "milestones_story" in q["sql"]]

    @property
    def stories_from_replica(self):
        return self.of_stories(self.replica)

    @property
    def stories_from_primary(self):
        return self.of_stories(self.primary)


def warm_state():
    """The version state worked out before the request, as a reader before this one would have."""
    current_version()


# --- The router's decisions --------------------------------------------------------------------


def test_reads_go_to_the_replica_only_inside_a_request_allowed_to_read_it():
    router = replica.ReplicaRouter()
    assert router.db_for_read(None) == DEFAULT_DB_ALIAS
    token = replica.start_replica_reads()
    try:
        assert router.db_for_read(None) == replica.REPLICA
        assert router.db_for_write(None) == DEFAULT_DB_ALIAS
        replica.read_primary_from_now()
        assert router.db_for_read(None) == DEFAULT_DB_ALIAS
    finally:
        replica.end_replica_reads(token)
    assert router.db_for_read(None) == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only():
    router = replica.ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "milestones") is True
    assert router.allow_migrate(replica.REPLICA, "milestones") is False


def test_without_the_setting_there_is_no_replica_alias_router_or_middleware():
    show = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        f"{REPLICA_MIDDLEWARE!r} in settings.MIDDLEWARE)"
    )
    result = manage("shell", "-c", show, DATABASE_REPLICA_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['default'] [] False"


def test_with_the_setting_the_replica_is_a_test_mirror_read_before_the_page_cache():
    show = (
        "from django.conf import settings; r = settings.DATABASES['replica']; "
        "print(r['PORT'], r['TEST']['MIRROR'], r['OPTIONS']['connect_timeout'], settings.DATABASE_ROUTERS, "
        f"settings.MIDDLEWARE.index({REPLICA_MIDDLEWARE!r}) + 1 "
        "== settings.MIDDLEWARE.index('unodc_portal.page_cache.AnonymousPageCacheMiddleware'))"
    )
    result = manage(
        "shell",
        "-c",
        show,
        DATABASE_URL="postgres://portal@db.example.org/portal",
        DATABASE_REPLICA_URL="postgres://portal@replica.example.org:5433/portal",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "5433 default 2 ['unodc_portal.replica.ReplicaRouter'] True"


def test_a_replica_of_sqlite_stops_start_up_with_one_line():
    result = manage("check", DATABASE_REPLICA_URL="postgres://portal@replica.example.org/portal")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Configuration error: DATABASE_REPLICA_URL")


@pytest.mark.django_db
def test_without_a_replica_a_new_state_costs_no_extra_query(django_assert_num_queries, settings):
    # The next and the latest publication time of each scheduled model (publication_times).
    with django_assert_num_queries(2 * len(settings.PAGE_CACHE_SCHEDULED_MODELS)):
        state = current_version()
    assert state["lsn"] is None


# --- Which requests read the replica ----------------------------------------------------------


@in_both
def test_an_anonymous_readers_page_is_read_from_the_replica(client, positions):
    StoryFactory(title="Read from the replica")
    warm_state()
    with Reads() as reads:
        response = client.get("/news/")
    assert response.status_code == 200
    assert "Read from the replica" in response.content.decode()
    assert reads.stories_from_replica
    assert reads.primary.captured_queries == []


@in_both
def test_a_head_request_reads_the_replica_too(client, positions):
    StoryFactory()
    warm_state()
    with Reads() as reads:
        assert client.head("/news/").status_code == 200
    assert reads.stories_from_replica
    assert not reads.stories_from_primary


@in_both
def test_a_signed_in_reader_reads_the_primary(client, positions):
    StoryFactory(title="Seen by staff")
    client.force_login(UserFactory(is_staff=True))
    with Reads() as reads:
        response = client.get("/news/")
    assert "Seen by staff" in response.content.decode()
    assert reads.stories_from_primary
    assert reads.replica.captured_queries == []
    assert positions.checks == 0


@in_both
def test_a_staff_preview_of_a_draft_reads_the_primary(client, positions):
    draft = StoryFactory(title="Draft in preview", status="draft")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with Reads() as reads:
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft in preview" in response.content.decode()
    assert reads.replica.captured_queries == []


@in_both
@pytest.mark.parametrize("path", ["/admin/login/", "/ru/admin/login/", "/healthz"])
def test_the_admin_and_the_health_check_read_the_primary(client, positions, path):
    with Reads() as reads:
        assert client.get(path).status_code == 200
    assert reads.replica.captured_queries == []
    assert positions.checks == 0


@in_both
def test_a_post_reads_the_primary(client, positions):
    StoryFactory()
    with Reads() as reads:
        client.post("/news/")
    assert reads.replica.captured_queries == []
    assert positions.checks == 0


@in_both
def test_a_reader_with_a_pending_message_reads_the_primary(client, positions):
    StoryFactory()
    client.cookies["messages"] = "pending"
    with Reads() as reads:
        client.get("/news/")
    assert reads.stories_from_primary
    assert reads.replica.captured_queries == []


@in_both
def test_the_publication_times_are_read_from_the_primary(positions):
    token = replica.start_replica_reads()
    try:
        with Reads() as reads:
            publication_times()
    finally:
        replica.end_replica_reads(token)
    assert reads.replica.captured_queries == []
    assert reads.stories_from_primary


# --- The lag rule ------------------------------------------------------------------------------


@in_both
def test_a_replica_behind_the_latest_change_is_not_read_and_the_stored_page_is_current(client, positions):
    StoryFactory(title="First story")
    warm_state()
    assert "First story" in client.get("/news/").content.decode()

    # An editor publishes; the primary's WAL moves on, the replica has not replayed it yet.
    positions.primary = 200
    StoryFactory(title="Second story")
    with Reads() as reads:
        response = client.get("/news/")
    assert response["X-Cache"] == "miss"
    assert "Second story" in response.content.decode()
    assert reads.stories_from_primary
    assert not reads.stories_from_replica

    # What was stored under the new version is the page read from the primary.
    again = client.get("/news/")
    assert again["X-Cache"] == "hit"
    assert "Second story" in again.content.decode()


@in_both
def test_once_caught_up_the_replica_is_checked_once_per_state(client, positions):
    StoryFactory(title="Story")
    warm_state()
    positions.replica = 50  # behind the state (100)
    with Reads() as reads:
        client.get("/news/")
    assert not reads.stories_from_replica
    assert positions.checks == 1

    positions.replica = 100  # caught up
    with Reads() as reads:
        client.get("/events/")
    assert positions.checks == 2
    with Reads() as reads:
        response = client.get("/news/?year=2015")
    assert response.status_code == 200
    assert reads.stories_from_replica
    assert positions.checks == 2  # remembered with the connection: no second check


@in_both
def test_a_state_taken_during_the_request_is_checked_too(positions):
    """The page cache and cards take the state again during the request; a newer state than the
    one checked at the start must be held by the replica as well, or the request reads the primary."""
    token = replica.start_replica_reads()
    try:
        replica.reads_cover({"lsn": 100})
        assert replica.reading_replica()
        replica.reads_cover({"lsn": 150})  # announced meanwhile; the replica is at 100
        assert not replica.reading_replica()
    finally:
        replica.end_replica_reads(token)


@in_both
def test_a_state_without_a_position_is_not_read_from_the_replica(positions):
    token = replica.start_replica_reads()
    try:
        replica.reads_cover({"lsn": None})
        assert not replica.reading_replica()
    finally:
        replica.end_replica_reads(token)


@in_both
def test_a_state_made_before_the_replica_was_configured_is_replaced(positions, settings):
    settings.DATABASE_ROUTERS = []
    old = current_version()
    assert old["lsn"] is None
    settings.DATABASE_ROUTERS = [replica.ROUTER]
    new = current_version()
    assert new["lsn"] == 100
    assert new["version"] != old["version"]


# --- A replica that fails ----------------------------------------------------------------------


@in_both
def test_an_unreachable_replica_leaves_pages_answering_from_the_primary(client, positions, caplog):
    StoryFactory(title="Still served")
    warm_state()
    positions.error = OperationalError("connection refused")
    with Reads() as reads:
        response = client.get("/news/")
    assert response.status_code == 200
    assert "Still served" in response.content.decode()
    assert reads.stories_from_primary
    assert positions.checks == 1
    assert [r.getMessage() for r in caplog.records if r.name == "unodc_portal.replica"] == [
        "replica left alone, reading the primary"
    ]

    # Left alone for a while: the next pages do not try it again.
    assert client.get("/events/").status_code == 200
    assert positions.checks == 1

    # After the pause, it is tried again, and read once it answers.
    positions.error = None
    replica.health.resting_until = 0.0
    with Reads() as reads:
        client.get("/news/?year=2015")
    assert positions.checks == 2
    assert reads.stories_from_replica


@in_both
def test_a_replica_failing_in_the_middle_of_a_page_is_answered_from_the_primary(client, positions, monkeypatch):
    StoryFactory(title="Answered all the same")
    warm_state()
    noticing = replica.note_failure

    def stopped(execute, sql, params, many, context):
        """The replica's own query fails, where the middleware's wrapper sees it."""

        def closed(*args):
            raise OperationalError("server closed the connection unexpectedly")

        return noticing(closed, sql, params, many, context)

    monkeypatch.setattr(replica, "note_failure", stopped)
    with Reads() as reads:
        response = client.get("/news/")
    assert response.status_code == 200
    assert "Answered all the same" in response.content.decode()
    assert reads.stories_from_primary
    assert replica.health.resting()


@in_both
def test_a_replica_failing_midway_through_an_event_page_is_answered_from_the_primary(
    client, positions, monkeypatch, settings
):
    """Rendered for the page cache, the event page is run again on the primary, and declares the
    rows it shows again (unodc_portal/page_rows.py)."""
    settings.PAGE_CACHE_SECONDS = 600
    event = EventFactory(title="Expert forum")
    QuoteFactory(event=event, text="Answered all the same")
    warm_state()
    noticing = replica.note_failure

    def stopped_at_the_quotes(execute, sql, params, many, context):
        def closed(*args):
            raise OperationalError("server closed the connection unexpectedly")

        # The page's own query of its quotes (with their speakers), after it declared its rows.
        quotes = "milestones_quote" in sql and "milestones_person" in sql
        return noticing(closed if quotes else execute, sql, params, many, context)

    monkeypatch.setattr(replica, "note_failure", stopped_at_the_quotes)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Answered all the same" in response.content.decode()
    assert replica.health.resting()
    # Stored with the rows the second run declared: a story it does not show leaves it.
    assert client.get(event.get_absolute_url())["X-Cache"] == "hit"
    StoryFactory(title="Elsewhere")
    assert client.get(event.get_absolute_url())["X-Cache"] == "checked"


# --- On PostgreSQL, the real positions ---------------------------------------------------------


@only_on_postgresql
@in_both
def test_a_state_records_the_primarys_wal_position(replica_on):
    state = current_version()
    assert isinstance(state["lsn"], int)
    assert state["lsn"] > 0


@only_on_postgresql
@in_both
def test_a_replica_alias_that_is_not_a_standby_is_refused(client, replica_on):
    """In tests the alias is the primary itself, not in recovery."""
    StoryFactory(title="From the primary")
    warm_state()
    assert replica.replay_position(connections[replica.REPLICA]) is None
    with Reads() as reads:
        response = client.get("/news/")
    assert response.status_code == 200
    assert "From the primary" in response.content.decode()
    assert reads.stories_from_primary
    assert [q["sql"] for q in reads.replica.captured_queries] == [
        "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()"
    ]
    assert replica.health.failing


@only_on_postgresql
@in_both
def test_a_replica_whose_server_is_down_fails_no_request(client, replica_on, monkeypatch):
    StoryFactory(title="Served while the replica is down")
    warm_state()
    replica_connection = connections[replica.REPLICA]
    replica_connection.close()
    monkeypatch.setitem(replica_connection.settings_dict, "PORT", str(free_port()))
    try:
        response = client.get("/news/")
    finally:
        replica_connection.close()
    assert response.status_code == 200
    assert "Served while the replica is down" in response.content.decode()
    assert replica.health.failing


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_wal_positions_compare_as_postgresql_orders_them():
    assert replica.parsed_lsn("0/16B3748") < replica.parsed_lsn("0/16B3750") < replica.parsed_lsn("1/0")
    assert replica.parsed_lsn("16/B374D848") == (0x16 << 32) | 0xB374D848
