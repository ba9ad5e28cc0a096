"""The cluster of deploy/ (nginx, two gunicorn app servers, PostgreSQL with a streaming replica,
Redis) started on this machine, broken under a small reader load as bench/faults.py does at full
size. It runs on its own ports, folder and database, and stops everything it started even when a
test fails. Skipped where nginx, PostgreSQL's server binaries or Redis are missing, or where no
PostgreSQL answers on 127.0.0.1:5432."""

import http.client
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest

from bench import faults
from deploy import cluster as deploy

NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def primary_answers():
    try:
        psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=2).close()
    except psycopg2.OperationalError:
        return False
    return True


missing = [
    name
    for name, found in [
        ("nginx", NGINX),
        ("pg_basebackup", (deploy.PG_BIN / "pg_basebackup").exists()),
        ("redis-server", shutil.which("redis-server")),
    ]
    if not found
]
pytestmark = pytest.mark.skipif(
    bool(missing) or not primary_answers(),
    reason=f"the cluster needs {', '.join(missing)}" if missing else "no PostgreSQL on 127.0.0.1:5432",
)


def free_ports(count):
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@pytest.fixture(scope="module")
def cluster():
    # Not pytest's tmp_path: its folders are private to this user, and PostgreSQL (as postgres)
    # and nginx's workers (as nobody) must reach theirs inside.
    state = Path(tempfile.mkdtemp(prefix="unodc-cluster-test-"))
    port, app_1, app_2, replica, redis = free_ports(5)
    test_cluster = deploy.Cluster(
        state=state,
        port=port,
        app_ports=(app_1, app_2),
        database=f"unodc_portal_cluster_test_{os.getpid()}",
        replica_port=replica,
        redis_port=redis,
        workers=1,
        fail_timeout=2,
    )
    if not deploy.replication_allowed(test_cluster):
        pytest.skip("the primary allows no replication from 127.0.0.1 (python deploy/cluster.py allow-replication)")
    try:
        deploy.up(test_cluster)
        yield test_cluster
    finally:
        try:
            deploy.down(test_cluster)
        finally:
            deploy.drop_database(test_cluster)
            shutil.rmtree(state, ignore_errors=True)


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_readers_lose_no_request_while_servers_fail_restart_and_change(cluster):
    results = {result.fault[:3]: result for result in faults.run_faults(cluster, seconds=2, threads=3, log=print)}
    for fault in ("(a)", "(b)", "(c)", "(d)", "(e)"):
        assert results[fault].sent > 0
        assert results[fault].failed == 0, results[fault]
    assert "other server: at once" in results["(f)"].note


def test_a_published_change_shows_through_nginx_within_the_micro_cache_second(cluster):
    password = faults.prepare_editor(cluster)
    delay, other_server = faults.publish_and_read(cluster, password)
    assert other_server
    # One second of micro-cache, then one render of the page (generous for a busy machine).
    assert delay is not None and delay < 2.0


def test_anonymous_pages_come_from_the_micro_cache_personal_ones_never(cluster):
    page = "/themes/"  # a page neither this module's tests nor bench/faults.py ask for
    get(cluster.port, page)
    # A change of every topic: the app's stored pages no longer hold, nginx's copy of the page
    # still has the page's ETag, and the app, asked to revalidate it, renders it again.
    deploy.manage(cluster, "new_content_version")
    # nginx keeps a page to the end of the second in which the app last knew it current: at the
    # start of the next second it revalidates it (a 304, rendered or stored), which keeps it to
    # the end of that second, so the request after is nginx's.
    pairs = []
    for _ in range(10):
        time.sleep(1.01 - time.time() % 1)
        started = time.time()
        answers = tuple(get(cluster.port, page).getheader("X-Front-Cache") for _ in range(2))
        if int(time.time()) == int(started):
            pairs.append(answers)
        if len(pairs) == 3:
            break
    assert pairs == [("REVALIDATED", "HIT")] * 3
    signed_in = get(cluster.port, "/news/", {"Cookie": "theme=dark; sessionid=abc"})
    assert signed_in.getheader("X-Front-Cache") == "BYPASS"
    with_message = get(cluster.port, "/news/", {"Cookie": "messages=abc"})
    assert with_message.getheader("X-Front-Cache") == "BYPASS"
    admin = get(cluster.port, "/ru/admin/login/")
    assert admin.status == 200 and admin.getheader("X-Front-Cache") is None


def test_rate_limited_open_data_always_reaches_the_app(cluster):
    for path in ("/api/v1/events/", "/events/ical/"):
        get(cluster.port, path)
        assert get(cluster.port, path).getheader("X-Front-Cache") == "BYPASS"


def test_nginx_refuses_a_chunked_body_over_the_apps_limit(cluster):
    chunk = b"x" * (1024 * 1024)
    with socket.create_connection(("127.0.0.1", cluster.port), timeout=30) as connection:
        connection.sendall(
            b"POST /news/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n"
        )
        try:
            for _ in range(13):  # 13 MB, over the 12 MB limit
                connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            connection.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # nginx answered and closed before the whole body was sent
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")


def test_static_files_with_hashed_names_are_kept_for_a_year(cluster):
    hashed = next(path for path in (cluster.static / "css").glob("portal.*.css") if path.suffixes[-1] == ".css")
    response = get(cluster.port, f"/static/css/{hashed.name}", {"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Encoding") == "gzip"


def test_only_uploaded_images_are_served_from_media(cluster):
    (cluster.media / "stories").mkdir(exist_ok=True)
    (cluster.media / "publications").mkdir(exist_ok=True)
    (cluster.media / "stories" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (cluster.media / "stories" / "page.html").write_text("<script>alert(1)</script>")
    (cluster.media / "publications" / "draft.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    image = get(cluster.port, "/media/stories/photo.png")
    assert image.status == 200
    assert image.getheader("Content-Type") == "image/png"
    assert image.getheader("Content-Security-Policy") == "default-src 'none'; sandbox"
    assert get(cluster.port, "/media/stories/page.html").status == 404
    assert get(cluster.port, "/media/publications/draft.png").status == 404
