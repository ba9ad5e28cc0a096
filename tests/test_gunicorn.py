"""gunicorn as `make run` starts it (gunicorn.conf.py): slow clients cannot hold the site, and each
instance keeps to itself. These start a real gunicorn on a free port with a throwaway SQLite file."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# More than the two sync workers started here, and fewer than one worker's 4 threads, so that
# they cannot hold the site however gunicorn shares them out between its workers.
IDLE_CONNECTIONS, SLOW_CONNECTIONS = 1, 2


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn_server(tmp_path):
    """A gunicorn started with the project's settings; yields (port, home folder)."""
    port = free_port()
    ours = ("DJANGO_", "DATABASE_URL", "GUNICORN")
    env = {key: value for key, value in os.environ.items() if not key.startswith(ours)}
    env.update(
        HOME=str(tmp_path),
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        WEB_CONCURRENCY="2",
        # Long enough that a reader's request on a loaded machine (CI runs the suite beside
        # PostgreSQL and a browser) is still told apart from one that waited for the timeout.
        GUNICORN_READ_TIMEOUT="4",
    )
    env.pop("XDG_RUNTIME_DIR", None)
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield port, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def open_slow_connection(port):
    """A connection that sends its request line and headers, but never the blank line after them."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n")
    return connection


def test_slow_and_idle_connections_do_not_hold_up_other_readers(gunicorn_server):
    port, _ = gunicorn_server
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(IDLE_CONNECTIONS)]
    slow = idle + [open_slow_connection(port) for _ in range(SLOW_CONNECTIONS)]
    try:
        time.sleep(0.5)  # every slow connection has reached a worker by now
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
        # The slow connections' threads would be freed by the read timeout 3.5 s from now.
        assert time.monotonic() - started < 2.5
    finally:
        for connection in slow:
            connection.close()


def test_a_connection_that_stops_sending_is_closed_and_logged_in_one_line(gunicorn_server):
    port, home = gunicorn_server
    connection = open_slow_connection(port)
    connection.settimeout(15)
    started = time.monotonic()
    try:
        answer = connection.recv(1024)
    finally:
        connection.close()
    assert answer == b""  # closed by the server, not answered
    assert time.monotonic() - started < 12  # GUNICORN_READ_TIMEOUT=4 here; gunicorn's own would be never
    time.sleep(0.2)
    log = (home / "gunicorn.log").read_text()
    assert "closed a connection silent for 4 s in its request" in log
    assert "Traceback" not in log


def test_no_control_socket_is_shared_between_instances(gunicorn_server):
    _, home = gunicorn_server
    assert not (home / ".gunicorn").exists()
