"""Reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), for anonymous readers only.

Which requests: an anonymous reader's GET or HEAD of a public page (ReplicaReadsMiddleware in
middleware.py decides, before the page cache's middleware). Everything else reads and writes
the primary: writes, the admin, signed-in users (staff previews of drafts among them), /healthz,
management commands, background work, tests (unless a test turns the router on), and the body
of a streamed response (a CSV file), which is read after the middleware has finished.

The rule: what a request reads from the replica must hold every change its content version
covers. A page is stored under the tokens of the state taken before rendering (page_cache.py),
and counts under those of the state taken before counting (remembered.py); a replica that has
not yet replayed a change would otherwise keep the old content under the new tokens, until the
next change. So:

- Each content version state records the primary's WAL position when the state was worked
  out (`lsn`, from `pg_current_wal_lsn()`), which is after the commit of every change announced
  before it: the state is worked out only after the announcement, which comes after the commit.
  (Recorded here rather than when a change is announced: two announcements racing on two app
  servers could leave the older position in the cache.) A state worked out while a change was
  committing may record a position before that commit: as without a replica, its generation
  stops it being trusted once the change is announced (content_version.py).
- Every time a replica-reading request takes the current state (content_version.current_version,
  the middleware's first call among them), `reads_cover()` makes sure the replica has replayed
  up to that state's position (`pg_last_wal_replay_lsn()`). If it has not, or cannot say, the
  request reads the primary from there on. A replica's replay position only grows while a
  connection to it lasts, so what a connection was seen to have reached is remembered with that
  connection: a request in a state it has already reached needs no query at all. (Not per
  process: a replica restarted starts from an older position, on new connections.)
- A replica that fails (cannot be reached, or answers that it is not a standby) is left alone
  for REPLICA_REST_SECONDS by the process, so a dead one costs no connection attempt per request;
  a request whose reads fail on the replica midway is answered again from the primary (the
  middleware's process_exception), so stopping the replica fails no reader's request.

A server that is not in recovery (`pg_is_in_recovery()` false) is refused as a replica,
with a warning: it may be the primary itself (harmless) but also a server the primary's writes
no longer reach. In the test suite the replica alias mirrors the primary, so on PostgreSQL the
real check refuses it and the request reads the primary; tests that need a replica that
answers replace `replay_position`.

Assumes the commits are durable before they return (`synchronous_commit` not off), and that
DATABASE_REPLICA_URL names one server, not a pool of replicas behind one address.

What it costs: one `pg_current_wal_lsn()` each time a new state is worked out (after each
change); on the replica, at most one small query per rendered page, and none for a page
rendered in a state the connection has already reached; nothing for a page served from the
page cache, which never reaches Django.
"""

import contextlib
import contextvars
import functools
import logging
import threading
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.dispatch import receiver

logger = logging.getLogger("unodc_portal.replica")

REPLICA = "replica"  # the alias of the replica in DATABASES
ROUTER = "unodc_portal.replica.ReplicaRouter"

REPLICA_REST_SECONDS = 10  # how long a replica that failed is left alone by this process


class ReplicaReads:
    """What one request may read from the replica: while `replica` holds, every read goes there,
    and `covered` is the WAL position the replica was seen to have replayed for it."""

    __slots__ = ("covered", "failed", "replica")

    def __init__(self):
        self.replica = True
        self.covered = -1
        self.failed = False  # a query on the replica's own connection failed


# The request's ReplicaReads; None outside a replica-reading request (management commands,
# background work, a request for the primary). A context variable: each thread of gunicorn's
# threaded worker (and each task, were the site served by ASGI) has its own.
_reads = contextvars.ContextVar("replica_reads", default=None)


def start_replica_reads():
    """Let the current request read the replica; returns the token for end_replica_reads()."""
    return _reads.set(ReplicaReads())


def end_replica_reads(token):
    _reads.reset(token)


def reading_replica():
    reads = _reads.get()
    return reads is not None and reads.replica


def read_primary_from_now():
    """The request reads the primary from here on (the replica failed it)."""
    reads = _reads.get()
    if reads is not None:
        reads.replica = False


class ReplicaRouter:
    """Reads go to the replica only inside a request the middleware allowed and the replica
    caught up with; everything else, and every write and migration, goes to the primary."""

    def db_for_read(self, model, **hints):
        # The primary by name, not None: Django would otherwise follow an instance's own
        # database, and an object read from the replica (kept in the cache, say) would lead
        # later reads there unchecked.
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The two hold the same data: objects read from either may be linked.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


@functools.cache
def configured():
    """Whether reads may go to a replica at all (settings.py installs the router with it)."""
    return REPLICA in settings.DATABASES and ROUTER in settings.DATABASE_ROUTERS


@receiver(setting_changed)
def settings_changed(**kwargs):
    configured.cache_clear()


def parsed_lsn(text):
    """A WAL position as PostgreSQL writes it ("16/B374D848") as a number that compares."""
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def primary_position():
    """The primary's current WAL write position."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return parsed_lsn(cursor.fetchone()[0])


def replay_position(connection):
    """How far the server behind `connection` has replayed the primary's WAL; None if it is not
    a standby now (a primary, or a replica promoted: pg_last_wal_replay_lsn() keeps its last
    value after a promotion or a crash recovery, so recovery is asked about as well)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()")
        in_recovery, position = cursor.fetchone()
    return parsed_lsn(position) if in_recovery and position is not None else None


def position_for_new_state():
    """The WAL position a new content version state records (content_version.checked_state);
    None, and no query, without a replica."""
    return primary_position() if configured() else None


class Health:
    """This process's view of the replica: left alone until `resting_until` after a failure."""

    def __init__(self):
        self.lock = threading.Lock()
        self.resting_until = 0.0
        self.failing = False

    def resting(self):
        return time.monotonic() < self.resting_until

    def failed(self, reason):
        with self.lock:
            if not self.failing:
                logger.warning("replica left alone, reading the primary", extra={"reason": reason})
            self.failing = True
            self.resting_until = time.monotonic() + REPLICA_REST_SECONDS

    def answered(self):
        if self.failing:
            with self.lock:
                if self.failing:
                    logger.warning("replica answering again")
                self.failing = False


health = Health()


# Per thread, as Django's connections are: the replica connection last checked and the position
# it was seen to have replayed.
_seen = threading.local()


def replica_has_reached(position):
    """Whether the replica, through this thread's connection, has replayed up to `position`."""
    if health.resting():
        return False
    connection = connections[REPLICA]
    try:
        # Django's health check runs now rather than at the page's first query, so that a
        # connection made afresh (a replica restarted) is never trusted on an old position.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if connection.connection is getattr(_seen, "connection", None) and position <= _seen.position:
            return True
        replayed = replay_position(connection)
    except DatabaseError as error:
        health.failed(type(error).__name__)
        close_quietly(connection)
        return False
    if replayed is None:
        health.failed("not a standby")
        return False
    health.answered()
    _seen.connection, _seen.position = connection.connection, replayed
    return replayed >= position


def close_quietly(connection):
    with contextlib.suppress(DatabaseError):  # already broken: nothing more to release
        connection.close()


def reads_cover(state):
    """Called with every state a request takes (content_version.current_version): a request
    reading the replica goes on doing so only if the replica holds every change of `state`."""
    reads = _reads.get()
    if reads is None or not reads.replica:
        return
    needed = state.get("lsn")
    if needed is not None and needed <= reads.covered:
        return
    if needed is not None and replica_has_reached(needed):
        reads.covered = needed
    else:
        reads.replica = False


def note_failure(execute, sql, params, many, context):
    """An execute_wrapper of the replica's connection (ReplicaReadsMiddleware): a query of its own
    that fails is the replica's failure; one of the primary's, during a primary's incident, is
    not, and must not rest the replica or run the view again."""
    try:
        return execute(sql, params, many, context)
    except DatabaseError:
        reads = _reads.get()
        if reads is not None:
            reads.failed = True
        raise


def failed_on_replica():
    reads = _reads.get()
    return reads is not None and reads.failed


def replica_failed(error):
    """A replica-reading request's query failed: rest the replica, read the primary from now."""
    health.failed(type(error).__name__)
    close_quietly(connections[REPLICA])
    read_primary_from_now()
