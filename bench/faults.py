"""Faults under load: break the running cluster while readers read through nginx, and count
what they saw (issue 21, item 4).

    make cluster && make faults          # or: .venv/bin/python bench/faults.py --seconds 8

While reader threads request a mix of public pages through nginx, it (a) kills one app server
with SIGKILL, (b) starts it again, (c) rolls out a new version one server at a time, (d)
restarts the cluster's Redis, (e) stops the replica, and (f) publishes a changed headline
through the admin of one app server and reads the story on the other and through nginx. For
each fault it prints the requests sent in its window, those that failed (an error status, or no
answer at all) and the latency percentiles. docs/deployment.md keeps the
numbers; tests/deploy/test_cluster_faults.py runs a short version in the suite.
"""

import argparse
import html
import http.client
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.addresses import SEARCH_WORDS  # noqa: E402  (after the path is set)
from deploy import cluster as deploy  # noqa: E402

STORY = "intelligence-analysis-training-held-in-caricc"
READER_PATHS = [
    "/",
    "/events/?country=uz",
    "/news/",
    f"/news/{STORY}/",
    "/facilities/",
    "/search/?q=border",
    "/programmes/",
    "/bulletins/",
    "/events/",
    "/countries/uz/",
    "/ru/news/",
    "/news/feed/",
]
EDITOR = "cluster-editor"


@dataclass
class Sample:
    started: float
    seconds: float
    status: int  # 0: no answer (connection refused, reset, timed out)


class Readers:
    """Reader threads, each with its own kept-alive connection to nginx, requesting pages one
    after another (a closed loop) until stopped: the public pages above, and a share of
    searches never made before."""

    def __init__(self, port, threads, paths=READER_PATHS, fresh_share=0.25, timeout=30):
        self.port, self.threads, self.paths, self.timeout = port, threads, paths, timeout
        self.fresh_share = fresh_share
        self.samples = []
        self.stopping = threading.Event()
        self.workers = [threading.Thread(target=self.read, args=(n,), daemon=True) for n in range(threads)]

    def __enter__(self):
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=self.timeout + 5)

    def read(self, number):
        pick = random.Random(number)  # noqa: S311 (a reader's choice of page, not a secret)
        connection = None
        while not self.stopping.is_set():
            if pick.random() < self.fresh_share:
                path = f"/search/?q={pick.choice(SEARCH_WORDS)}+{number}x{len(self.samples)}"
            else:
                path = pick.choice(self.paths)
            started = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                status = 0
                if connection is not None:
                    connection.close()
                connection = None
            self.samples.append(Sample(started, time.monotonic() - started, status))

    def between(self, start, end):
        return [sample for sample in self.samples if start <= sample.started < end]


@dataclass
class Result:
    fault: str
    seconds: float
    sent: int
    failed: int
    p50: float
    p95: float
    p99: float
    note: str = ""
    wall: tuple = (0.0, 0.0)
    retried: int = 0


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def failed(sample):
    # Every reader address exists and none is rate-limited: any error status is a failure.
    return sample.status == 0 or sample.status >= 400


def measured(readers, fault, start, end, note="", wall=(0.0, 0.0)):
    samples = readers.between(start, end)
    latencies = [sample.seconds * 1000 for sample in samples]
    return Result(
        fault=fault,
        seconds=end - start,
        sent=len(samples),
        failed=sum(1 for sample in samples if failed(sample)),
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        note=note,
        wall=wall,
    )


def count_retries(cluster, results):
    """Requests nginx passed to a second app server, per fault window, from its access log."""
    time.sleep(1.5)  # nginx writes its log buffer out every second
    moments = []
    for line in cluster.log_file("nginx-access").read_text(errors="replace").splitlines():
        found = re.search(r" t=([0-9.]+) .* upstream=\S+, ", line)
        if found:
            moments.append(float(found.group(1)))
    for result in results:
        result.retried = sum(1 for moment in moments if result.wall[0] <= moment < result.wall[1])


# --- An editor in the admin --------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would send from the form with the given id: inputs (checkboxes
    and radio buttons only when checked), selected options, text areas."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select, self.select_multiple, self.select_values, self.first_option = None, False, [], None
        self.textarea, self.text = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select, self.select_multiple, self.select_values, self.first_option = (
                name,
                "multiple" in attrs,
                [],
                None,
            )
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                self.select_values.append(value)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            values = self.select_values
            if not values and not self.select_multiple and self.first_option is not None:
                values = [self.first_option]
            self.fields += [(self.select, value) for value in values]
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The HTML parser drops the newline a browser drops too, after <textarea>.
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


class Browser:
    """An editor's browser on one app server: cookies kept, CSRF token sent back."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, content = cookie.partition("=")
                self.cookies[key.strip()] = content.strip()
        connection.close()
        return response.status, text

    def form(self, path, form_id):
        status, text = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        parser = FormFields(form_id)
        parser.feed(text)
        return parser.fields

    def log_in(self, username, password):
        fields = self.form("/admin/login/", "login-form")
        data = dict(fields) | {"username": username, "password": password}
        status, _ = self.request("POST", "/admin/login/", urlencode(data))
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"could not sign in to the admin on port {self.port} ({status})")

    def change_title(self, story_id, title):
        """Save the story's change form as an editor would, with only the headline changed."""
        path = f"/admin/milestones/story/{story_id}/change/"
        fields = self.form(path, "story_form")
        data = [(name, title if name == "title" else value) for name, value in fields] + [("_save", "Save")]
        status, text = self.request("POST", path, urlencode(data))
        if status != 302:
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S)
            raise RuntimeError(f"the admin did not save the story ({status}): {errors[:3]}")


def prepare_editor(cluster):
    """A superuser for the fault run, with a fresh random password (returned)."""
    password = secrets.token_urlsafe(16)
    code = (
        "import os; from django.contrib.auth import get_user_model; User = get_user_model(); "
        f"user, _ = User.objects.get_or_create(username={EDITOR!r}); "
        "user.is_staff = user.is_superuser = True; user.set_password(os.environ['EDITOR_PASSWORD']); user.save()"
    )
    env = deploy.app_env(cluster) | {"EDITOR_PASSWORD": password}
    subprocess.run(
        [str(deploy.PYTHON), "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env, check=True
    )
    return password


def story_row(cluster):
    connection = deploy.connect(cluster.primary_port, cluster.database, host=cluster.primary_host)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM milestones_story WHERE slug = %s", [STORY])
        row = cursor.fetchone()
    connection.close()
    return row


def page_shows(port, path, text):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    return response.status == 200 and html.escape(text, quote=False) in body


def publish_and_read(cluster, password):
    """(f): save a new headline on the first app server; the second one must show it on the
    next request, and nginx within its micro-cache's second. Returns (seconds until nginx showed
    it, whether the other server showed it at once)."""
    story_id, title = story_row(cluster)
    base = re.sub(r" \[edited [^]]*\]$", "", title)
    new_title = f"{base} [edited {time.strftime('%H:%M:%S')}.{secrets.randbelow(1000):03d}]"
    editor = Browser(cluster.app_ports[0])
    editor.log_in(EDITOR, password)
    path = f"/news/{STORY}/"
    # nginx holds the old page when the save lands: the worst case for its micro-cache.
    page_shows(cluster.port, path, title)
    editor.change_title(story_id, new_title)
    saved = time.monotonic()
    other_server = page_shows(cluster.app_ports[1], path, new_title)
    while not page_shows(cluster.port, path, new_title):
        if time.monotonic() - saved > 10:
            return None, other_server
        time.sleep(0.02)
    return time.monotonic() - saved, other_server


# --- The run ------------------------------------------------------------------------------


def run_faults(cluster, seconds=5.0, threads=8, log=print):
    """Run the faults one after another under one reader load; returns a Result per fault."""
    password = prepare_editor(cluster)
    results = []
    with Readers(cluster.port, threads) as readers:

        def window(fault, action, note=""):
            start, wall_start = time.monotonic(), time.time()
            extra = action()
            time.sleep(seconds)
            wall = (wall_start, time.time())
            results.append(measured(readers, fault, start, time.monotonic(), extra or note, wall))

        log(format_header())
        window("none (baseline)", lambda: None)
        window("(a) kill -9 one app server", lambda: deploy.stop_app(cluster, 0, signal.SIGKILL))
        window("(b) start it again", lambda: deploy.start_app(cluster, 0))
        window("(c) roll out, one server at a time", lambda: deploy.rolling_restart(cluster))

        def restart_redis():
            deploy.stop_redis(cluster)
            deploy.start_redis(cluster)

        window("(d) restart Redis", restart_redis)
        window("(e) stop the replica", lambda: deploy.stop_replica(cluster))
        deploy.start_replica(cluster)

        def publish():
            delay, other_server = publish_and_read(cluster, password)
            shown = "never" if delay is None else f"{delay * 1000:.0f} ms"
            return f"other server: {'at once' if other_server else 'NOT SHOWN'}; via nginx after {shown}"

        window("(f) publish on one, read on other", publish)
    count_retries(cluster, results)
    for result in results:
        log(f"  {format_row(result)}")
    return results


def format_header():
    return (
        f"{'fault':<38} {'s':>5} {'sent':>7} {'failed':>6} {'retried':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
        "  note\n" + "-" * 110
    )


def format_row(result):
    return (
        f"{result.fault:<38} {result.seconds:5.1f} {result.sent:7d} {result.failed:6d} {result.retried:7d} "
        f"{result.p50:7.1f} {result.p95:7.1f} {result.p99:7.1f}  {result.note}"
    )


def main():
    parser = argparse.ArgumentParser(description="Faults under load against the running `make cluster`.")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each fault's window")
    parser.add_argument("--readers", type=int, default=8, help="reader threads")
    parser.add_argument("--state", type=Path, default=deploy.Cluster.state)
    args = parser.parse_args()
    cluster = deploy.Cluster(state=args.state.resolve())
    if not deploy.http_ok(f"{cluster.url}/healthz"):
        sys.exit("The cluster is not running: start it with `make cluster`.")
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, {args.readers} readers through nginx")
    results = run_faults(cluster, args.seconds, args.readers)
    sys.exit(1 if any(r.failed for r in results) else 0)


if __name__ == "__main__":
    main()
