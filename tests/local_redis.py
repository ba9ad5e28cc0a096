"""The databases of the machine's Redis (127.0.0.1:6379) that tests use, each emptied by the tests
that use it. TEST_REDIS_FIRST_DATABASE moves all of them, so that two suites can run side by side
without meeting (CI runs the SQLite and PostgreSQL suites at once: .ci/run)."""

import os

import redis

FIRST_DATABASE = int(os.environ.get("TEST_REDIS_FIRST_DATABASE", "9"))

PAGE_CACHE = FIRST_DATABASE
CACHE_ENTRIES = FIRST_DATABASE + 1
RATE_LIMITS = FIRST_DATABASE + 2


def url(database):
    return f"redis://127.0.0.1:6379/{database}"


def break_change_subscriptions(database):
    """Cut the connections this suite's workers listen for changes on, as a broken network
    would; the other suite's, on another database, stay."""
    with redis.Redis.from_url(url(database)) as server:
        for client in server.client_list():
            # "sub": the channels the connection listens on (its last command may be a heartbeat's
            # PING); "db": the database it selected, as text.
            listening = client["name"] == "portal-page-cache-changes" and client["sub"] != "0"
            if listening and client["db"] == str(database):
                server.client_kill_filter(_id=client["id"])
