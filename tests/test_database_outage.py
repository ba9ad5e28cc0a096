"""A real database outage: PostgreSQL is reached through a TCP relay that the test cuts and
restores. Pages answer 503 while it is down, /healthz says the database failed, and the site
recovers by itself when it is back. (SQLite is a file and cannot become unreachable.)"""

import contextlib
import socket
import threading

import pytest
from django.db import close_old_connections, connection

from tests.factories import StoryFactory
from tests.portal_client import PortalClient

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="only a database server can go away")


class Relay:
    """Forwards TCP connections from a local port to the database, until cut."""

    def __init__(self, target):
        self.target = target
        self.server = None
        self.sockets = []
        self.port = None

    def start(self):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port or 0))
        self.port = self.server.getsockname()[1]
        self.server.listen()
        threading.Thread(target=self.accept, args=(self.server,), daemon=True).start()

    def accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()

    def cut(self):
        # Shutting the listening socket down wakes the thread blocked in accept(), so the port
        # is really free for start() to listen on again.
        for end in [self.server, *self.sockets]:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                end.close()
        self.sockets = []


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_down_and_recover_when_it_returns():
    """Pages already in the cache keep being served; anything needing the database gets 503."""
    StoryFactory(slug="story", title="Still here after the outage")
    settings_dict = connection.settings_dict
    relay = Relay((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    relay.start()
    original_port = settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = str(relay.port)
    client = PortalClient(raise_request_exception=False)

    def get(path):
        # A real server drops a broken connection at each request's start (Django's
        # close_old_connections); the test client skips that for its own transactions.
        close_old_connections()
        return client.get(path)

    try:
        assert get("/news/story/").status_code == 200  # now in the page cache

        relay.cut()
        assert get("/news/story/").status_code == 200
        down = get("/events/")
        assert down.status_code == 503
        assert down["Retry-After"] == "30"
        assert "temporarily unavailable" in down.content.decode()
        health = get("/healthz")
        assert health.status_code == 503
        assert health.json()["database"] == "unreachable"

        relay.start()  # the database is back, on the same address
        assert get("/events/").status_code == 200
        assert get("/healthz").json() == {"status": "ok", "database": "ok"}
    finally:
        relay.cut()
        connection.close()
        settings_dict["PORT"] = original_port
