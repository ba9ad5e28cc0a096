"""Benchmark of the portal against the framework's own ceiling, in one run (see README).

    .venv/bin/python bench/run.py                 # everything, default scale (takes ~25 minutes)
    .venv/bin/python bench/run.py --quick         # 5-second runs, for trying it out
    .venv/bin/python bench/run.py --load          # issue 5's load test: 64 connections, 60 s

It prepares a PostgreSQL database with the seed and the generated demo data (100,000 events...),
starts gunicorn as production would (gunicorn.conf.py, DEBUG off, collected static files, Redis
cache), and measures each page with wrk from a second process: a minimal Django view (the
ceiling, bench/minimal_app.py), the issue's reference of a plain template listing 20 rows of
10,000 with pagination (same file), a static file through WhiteNoise, and the portal's pages in
three modes (MODES below: cached, page cache off, nothing cached). It prints requests per
second, p50/p95/p99 latency and each page's throughput as a ratio to the minimal view, plus p95
at 8 connections for pages not served from the page cache, and the workers' memory after a
mixed run in each mode. Results also go to bench/results/<date-time>.json.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DATABASE = "unodc_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/3"
PORTAL_PORT, MINIMAL_PORT = 8301, 8302

PAGES = [
    ("home", "/"),
    ("events by country and kind", "/events/?country=uz&kind=training"),
    ("events, deep page", "/events/?page=4000"),
    ("story", "/news/new-port-control-units-opened-in-tajikistan-and-kazakhstan/"),
    ("programme", "/programmes/programme-for-central-asia/"),
    ("search", "/search/?q=border+training"),
    ("RSS feed", "/news/feed/"),
]
PLAIN_LIST = "/list/?page=3"  # bench/minimal_app.py
LOAD_PATHS = [path for _, path in PAGES] + ["/news/", "/facilities/", "/countries/uz/", "/donors/", "/bulletins/"]


# What is cached in each mode: "cached" is production; "page cache off" renders every page but
# keeps the counts and facet numbers of a list, the filter options and the programme tree (one
# computation per content version, shared by all pages of the list); "nothing cached" works
# everything out on every request, as the first reader after a change, or of a rare combination
# of filters, waits for.
MODES = {
    "cached": {"DJANGO_PAGE_CACHE_SECONDS": "600", "DJANGO_COUNT_CACHE_SECONDS": "600"},
    "page cache off": {"DJANGO_PAGE_CACHE_SECONDS": "0", "DJANGO_COUNT_CACHE_SECONDS": "600"},
    "nothing cached": {"DJANGO_PAGE_CACHE_SECONDS": "0", "DJANGO_COUNT_CACHE_SECONDS": "0"},
}


def environment(mode="cached"):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # no TLS proxy in front of the benchmark
        DJANGO_SERVE_MEDIA="1",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        **MODES[mode],
    )
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    """The benchmark database: migrated, seeded, with the demo data at the default scale."""
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_seed", env=env)
    has_demo = (
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from milestones.models import Event; print(Event.objects.filter(slug__startswith='demo-').count())",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    if has_demo == "0":
        manage("generate_demo_data", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start(app, port, env):
    # A server left over from an earlier run would answer in place of the one started here.
    if port_in_use(port):
        raise SystemExit(f"Port {port} is already in use: stop whatever listens there and run again.")
    if app.startswith("bench.minimal_app"):
        env = {**env, "DJANGO_SETTINGS_MODULE": "bench.minimal_app"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit code {process.returncode}) on port {port}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start on port {port}")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def worker_memory_mb(process):
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def wrk(url, paths, *, connections, seconds, threads=2):
    env = {**os.environ, "WRK_PATHS": ",".join(paths)}
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return {key: float(value) for key, value in (part.split("=") for part in line.split()[1:])}


def warm(port, paths):
    for path in paths:
        for _ in range(2):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()


def static_path(port):
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read().decode()
    return re.search(r'href="(/static/css/portal\.[0-9a-f]+\.css)"', page).group(1)


def benchmark(args):
    seconds, connections = (5, 32) if args.quick else (20, 32)
    prepare(environment())
    subprocess.run(["redis-cli", "-n", "3", "flushdb"], check=False, capture_output=True)
    rows = []

    minimal_base = f"http://127.0.0.1:{MINIMAL_PORT}"
    minimal = start("bench.minimal_app:application", MINIMAL_PORT, environment())
    ceiling = wrk(minimal_base, ["/"], connections=connections, seconds=seconds)
    stop(minimal)
    rows.append(("minimal Django view", "-", ceiling))
    # The issue's reference point for a page rendered from the database: a bare paginated list.
    minimal = start("bench.minimal_app:application", MINIMAL_PORT, environment())
    warm(MINIMAL_PORT, [PLAIN_LIST])
    plain_list = wrk(minimal_base, [PLAIN_LIST], connections=connections, seconds=seconds)
    stop(minimal)
    minimal = start("bench.minimal_app:application", MINIMAL_PORT, environment())
    plain_list["p95_ms_at_8"] = wrk(minimal_base, [PLAIN_LIST], connections=8, seconds=seconds)["p95_ms"]
    stop(minimal)
    rows.append(("plain list, 20 rows of 10,000", "-", plain_list))

    base = f"http://127.0.0.1:{PORTAL_PORT}"
    for mode in MODES:
        env = environment(mode)
        if mode == "cached":
            portal = start("unodc_portal.wsgi:application", PORTAL_PORT, env)
            rows.append(
                (
                    "static file (WhiteNoise)",
                    "-",
                    wrk(base, [static_path(PORTAL_PORT)], connections=connections, seconds=seconds),
                )
            )
            stop(portal)
        memory = []
        for name, path in PAGES:
            # A fresh server for each page: requests still queued from a slow page must not
            # be counted against the next one.
            portal = start("unodc_portal.wsgi:application", PORTAL_PORT, env)
            if mode != "nothing cached":
                warm(PORTAL_PORT, [path])
            result = wrk(base, [path], connections=connections, seconds=seconds)
            stop(portal)
            if mode != "cached":
                portal = start("unodc_portal.wsgi:application", PORTAL_PORT, env)
                result["p95_ms_at_8"] = wrk(base, [path], connections=8, seconds=seconds)["p95_ms"]
                stop(portal)
            rows.append((name, mode, result))
        portal = start("unodc_portal.wsgi:application", PORTAL_PORT, env)
        if mode == "cached":
            warm(PORTAL_PORT, LOAD_PATHS)
        wrk(base, LOAD_PATHS, connections=connections, seconds=seconds)
        memory = worker_memory_mb(portal)
        stop(portal)
        rows.append((f"worker memory after a mixed {mode} run (MB)", mode, {"workers_mb": memory}))
    report(rows, ceiling["rps"])


def load_test(args):
    seconds = 10 if args.quick else 60
    env = environment()
    prepare(env)
    portal = start("unodc_portal.wsgi:application", PORTAL_PORT, env)
    result = wrk(f"http://127.0.0.1:{PORTAL_PORT}", LOAD_PATHS, connections=64, seconds=seconds)
    memory = worker_memory_mb(portal)
    stop(portal)
    print(
        f"Load test: {len(LOAD_PATHS)} public pages in turn, 64 connections, {seconds} s, gunicorn + PostgreSQL + Redis"
    )
    print(
        f"  requests {result['requests']:.0f}, {result['rps']:.0f}/s, p50 {result['p50_ms']:.1f} ms, "
        f"p95 {result['p95_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
    )
    print(
        f"  errors {result['errors']:.0f}, non-2xx/3xx {result['non2xx3xx']:.0f}; "
        f"workers {', '.join(f'{mb:.0f}' for mb in memory)} MB"
    )
    save({"load": result, "workers_mb": memory})
    if result["errors"] or result["non2xx3xx"]:
        raise SystemExit("The load test saw errors.")


def report(rows, ceiling_rps):
    print(
        f"\n{'page':<40} {'cache':<15} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'p95@8':>7} {'errors':>6}"
    )
    for name, mode, result in rows:
        if "workers_mb" in result:
            print(f"{name:<50} {', '.join(f'{mb:.0f}' for mb in result['workers_mb'])}")
            continue
        at8 = f"{result['p95_ms_at_8']:.1f}" if "p95_ms_at_8" in result else "-"
        print(
            f"{name:<40} {mode:<15} {result['rps']:>8.0f} {result['rps'] / ceiling_rps:>6.2f} "
            f"{result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} {result['p99_ms']:>8.1f} {at8:>7} "
            f"{result['errors'] + result['non2xx3xx']:>6.0f}"
        )
    save({"rows": [{"page": name, "cache": mode, **result} for name, mode, result in rows]})


def save(data):
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    path = folder / f"{time.strftime('%Y-%m-%dT%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2))
    print(f"\nSaved to {path.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short runs, to try the script")
    parser.add_argument("--load", action="store_true", help="the load test instead of the benchmark")
    args = parser.parse_args()
    for tool in ("wrk", "psql", "createdb", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (Debian: apt-get install -y wrk postgresql-client redis-tools)")
    load_test(args) if args.load else benchmark(args)


if __name__ == "__main__":
    main()
