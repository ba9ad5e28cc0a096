"""Benchmark of the portal against the framework's own ceiling, in one run (see README).

    .venv/bin/python bench/run.py                 # everything, default scale (takes ~25 minutes)
    .venv/bin/python bench/run.py --quick         # 5-second runs, for trying it out
    .venv/bin/python bench/run.py --load          # issue 5's load test: 64 connections, 60 s
    .venv/bin/python bench/run.py --csv           # the CSV exports alone: rows/s, worker memory
    .venv/bin/python bench/run.py --quick --baseline HEAD~3   # compared with another commit

It prepares a PostgreSQL database with the seed and the generated demo data (100,000 events...),
starts gunicorn as production would (gunicorn.conf.py, DEBUG off, collected static files, Redis
cache), and measures each page with wrk from a second process: a minimal Django view (the
ceiling, bench/minimal_app.py), the issue's reference of a plain template listing 20 rows of
10,000 with pagination (same file), a static file through WhiteNoise, and the portal's pages in
three modes (MODES below: cached, page cache off, nothing cached). It prints requests per
second, p50/p95/p99 latency and each page's throughput as a ratio to the minimal view, plus p95
at 8 connections for pages not served from the page cache, and the workers' memory after a
mixed run in each mode. Results also go to bench/results/<date-time>.json.

Each page is measured side by side with a baseline commit in the same run (--baseline; by default
HEAD when the working tree has uncommitted changes, else HEAD~1). The baseline is checked out
with `git worktree add` under /tmp and runs its own code, migrations, demo data and
gunicorn.conf.py with this tree's virtualenv, on its own database, Redis DB and port. The two
trees take turns, page by page (current, baseline, current, baseline...), and each figure is the
median of the rounds, so that noise from the machine falls on both alike. A page more than 10 %
slower than the baseline is flagged: the team's rule is that it must say why.
"""

import argparse
import csv
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
MINIMAL_PORT = 8302
SLOWER_LIMIT = -10  # % change in requests per second beyond which a page is flagged


@dataclass
class Tree:
    """A checkout to measure, with its own database, Redis DB and gunicorn port."""

    name: str
    root: Path
    database: str
    redis_db: int
    port: int
    commit: str = ""  # the baseline's; the current tree is HEAD plus what is not committed


CURRENT = Tree("current", ROOT, "unodc_bench", 3, 8301)

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
# Russian twins of two pages (issue 17): a commit without Russian pages is measured on the English
# page instead, so that the row reads as "the page in Russian now, against the page before".
RUSSIAN_PAGES = [
    ("events by country and kind, in Russian", "/ru/events/?country=uz&kind=training"),
    ("story, in Russian", "/ru/news/new-port-control-units-opened-in-tajikistan-and-kazakhstan/"),
]
# The JSON API's events list (issue 19) with the filters of the row above; a commit without the
# API is measured on the HTML list it mirrors, so that the row reads "the same events as JSON,
# against the page".
API_PAGES = [
    (
        "API: events by country and kind",
        "/api/v1/events/?country=uz&kind=training",
        "/events/?country=uz&kind=training",
    ),
]
# The CSV export of the events list (issue 19), filtered and whole: rows a second and the worker's
# memory while it streams. A commit without the export is left out of these rows.
CSV_EXPORTS = [
    ("CSV: events by country", "/events/csv/?country=uz"),
    ("CSV: every event", "/events/csv/"),
]
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


def environment(mode="cached", tree=CURRENT):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # no TLS proxy in front of the benchmark
        DJANGO_SERVE_MEDIA="1",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{tree.database}",
        REDIS_URL=f"redis://127.0.0.1:6379/{tree.redis_db}",
        # Every request comes from one address: the open data's limits per address would answer
        # the API row with 429s. The benchmark measures pages, not the limits.
        DJANGO_API_RATE_LIMIT="0",
        DJANGO_EXPORT_RATE_LIMIT="0",
        **MODES[mode],
    )
    return env


def manage(*args, env, tree=CURRENT, capture=False):
    """Run one of the tree's own management commands (with this tree's virtualenv)."""
    try:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=tree.root, env=env, capture_output=capture, text=True, check=True
        )
    except subprocess.CalledProcessError as error:
        raise SystemExit(
            f"{error.stderr or ''}\nmanage.py {' '.join(args)} failed in the {tree.name} tree ({tree.root}), "
            f"exit code {error.returncode}: a command or option may differ there, or a package this virtualenv lacks."
        ) from None
    return done.stdout.strip().splitlines()[-1] if capture else None


# Migrations recorded in the database that the tree has no file for, nor replaces with a squashed
# one: left by another commit.
UNKNOWN_MIGRATIONS = (
    "from django.db import connection; from django.db.migrations.loader import MigrationLoader; "
    "loader = MigrationLoader(connection); "
    "known = set(loader.disk_migrations).union(*(m.replaces for m in loader.disk_migrations.values())); "
    "print(len(set(loader.applied_migrations) - known))"
)


def half_upgraded(env, tree):
    """The database has some, not all, of the migrations a squashed one replaces (made by a commit
    before the squash): the tree's database check says so, and migrate would refuse it."""
    check = subprocess.run(
        [PYTHON, "manage.py", "check", "--database", "default"], cwd=tree.root, env=env, capture_output=True, text=True
    )
    return check.returncode != 0 and "E001" in check.stderr


def prepare(tree):
    """The tree's benchmark database, migrated, seeded, with the demo data at the default scale, and
    its collected static files."""
    env = environment(tree=tree)
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{tree.database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A database migrated by a later commit (an earlier run with another baseline) may have a
    # schema this tree's code cannot read, and migrate only goes forward: start it again.
    if exists and (
        manage("shell", "-c", UNKNOWN_MIGRATIONS, env=env, tree=tree, capture=True) != "0" or half_upgraded(env, tree)
    ):
        print(f"{tree.database} was migrated by another commit: creating it again for the {tree.name} tree")
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", tree.database], check=True)
        exists = False
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", tree.database], check=True)
    manage("migrate", "--noinput", "-v0", env=env, tree=tree)
    manage("load_seed", env=env, tree=tree)
    has_demo = manage(
        "shell",
        "-c",
        "from milestones.models import Event; print(Event.objects.filter(slug__startswith='demo-').count())",
        env=env,
        tree=tree,
        capture=True,
    )
    if has_demo == "0":
        manage("generate_demo_data", env=env, tree=tree)
        # The command vacuums, but a transaction open elsewhere at that moment keeps the new rows
        # from being marked all-visible, and index-only scans then read the table: once more.
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", tree.database, "-q", "-c", "VACUUM ANALYZE"],
            check=True,
        )
    else:
        # A database kept from an earlier run may have had its rows rewritten by a migration since:
        # rewritten again, tables are laid out, and their statistics read, as in a new database.
        # VACUUM FULL leaves the rewritten tables' visibility maps empty, so that index-only scans
        # (the ids of a deep page) would read the table: a plain VACUUM after it fills them.
        subprocess.run(
            [
                *("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", tree.database, "-q", "-v", "ON_ERROR_STOP=1"),
                *("-c", "VACUUM (FULL, ANALYZE)", "-c", "VACUUM"),
            ],
            check=True,
        )
    manage("collectstatic", "--noinput", "-v0", env=env, tree=tree)


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


RUNNING = set()  # servers to stop if the run ends early


def start(app, port, env, root=ROOT):
    """gunicorn from the tree at `root`, with that tree's gunicorn.conf.py."""
    # A server left over from an earlier run would answer in place of the one started here.
    if port_in_use(port):
        raise SystemExit(f"Port {port} is already in use: stop whatever listens there and run again.")
    if app.startswith("bench.minimal_app"):
        env = {**env, "DJANGO_SETTINGS_MODULE": "bench.minimal_app"}
    # gunicorn's own messages, to show if it fails to start (the baseline's settings may differ).
    log = Path(tempfile.gettempdir()) / f"unodc-bench-gunicorn-{port}.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", app],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    RUNNING.add(process)
    for _ in range(100):
        if process.poll() is not None:
            RUNNING.discard(process)
            raise SystemExit(
                f"{log.read_text(errors='replace')[-3000:]}\n"
                f"gunicorn stopped at start (exit code {process.returncode}) on port {port}, in {root}"
            )
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gunicorn did not start on port {port}, in {root}")


def stop(process):
    RUNNING.discard(process)
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


def wrk(url, paths, *, connections, seconds, threads=2, script="report.lua", script_env=None):
    """wrk with one of bench/'s Lua scripts, which prints a RESULT line: its figures. The default
    script rotates through `paths`; another reads what it needs from `script_env`."""
    env = {**os.environ, "WRK_PATHS": ",".join(paths), **(script_env or {})}
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / script),
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
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
            except OSError as error:
                raise SystemExit(f"{path} on port {port}: {error}") from None


def static_path(port):
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read().decode()
    return re.search(r'href="(/static/css/portal\.[0-9a-f]+\.css)"', page).group(1)


def git(*args, cwd=ROOT):
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def baseline_tree(rev):
    """The baseline commit checked out in its own worktree under /tmp (reused if it is there)."""
    if rev is None:
        rev = "HEAD" if git("status", "--porcelain") else "HEAD~1"
    if rev == "none":
        return None
    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    path = Path(tempfile.gettempdir()) / f"unodc-bench-{sha[:12]}"
    if not path.exists():
        # --force: a worktree removed by hand stays registered until git prunes it.
        git("worktree", "add", "--force", "--detach", str(path), sha)
    elif git("rev-parse", "HEAD", cwd=path) != sha:
        raise SystemExit(f"{path} is not a checkout of {sha}: remove it (git worktree remove --force {path})")
    print(f"Baseline: {rev} = {git('log', '-1', '--format=%h %s', sha)[:100]}\n  checked out in {path}")
    return Tree("baseline", path, "unodc_bench_base", 4, 8303, commit=sha)


def median(results):
    """Each figure's median over the rounds."""
    return {key: statistics.median(result[key] for result in results) for key in results[0]}


def speaks_russian(tree):
    return (tree.root / "locale" / "ru").is_dir()


def has_api(tree):
    return (tree.root / "milestones" / "api_urls.py").is_file()


def has_csv(tree):
    return (tree.root / "milestones" / "exports.py").is_file()


def peak_memory_mb(process):
    """The highest resident memory any gunicorn worker has reached (VmHWM), in MB."""
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    peaks = [int(re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) for pid in children]
    return max(peaks) / 1024


def csv_export(tree, path):
    """One export read to its end by a single client from a fresh server (page cache off): rows,
    rows a second, the time to the first bytes, and the worker's peak memory before and after."""
    portal = start("unodc_portal.wsgi:application", tree.port, environment("page cache off", tree), tree.root)
    try:
        warm(tree.port, ["/events/"])
        before = peak_memory_mb(portal)
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{tree.port}{path}", timeout=600) as response:
            first = response.read(1)
            first_bytes = time.monotonic() - started
            text = (first + response.read()).decode()
        seconds = time.monotonic() - started
        # Cells may hold line breaks: the csv module counts records; the header is not a row.
        rows = len(list(csv.reader(io.StringIO(text)))) - 1
        return {
            "rows": rows,
            "seconds": seconds,
            "rows_per_s": rows / seconds,
            "first_bytes_ms": first_bytes * 1000,
            "peak_mb_before": before,
            "peak_mb_after": peak_memory_mb(portal),
        }
    finally:
        stop(portal)


def measure_csv_exports(trees):
    rows = []
    for name, path in CSV_EXPORTS:
        print(f"measuring {name}", flush=True)
        rows.append((name, path, {tree.name: csv_export(tree, path) for tree in trees if has_csv(tree)}))
    return rows


def report_csv_exports(rows):
    print(
        f"\n{'export':<24} {'tree':<9} {'rows':>8} {'rows/s':>8} {'first ms':>9} {'worker peak MB':>15} {'before':>7}"
    )
    for name, _path, results in rows:
        for tree, result in results.items():
            print(
                f"{name:<24} {tree:<9} {result['rows']:>8} {result['rows_per_s']:>8.0f} "
                f"{result['first_bytes_ms']:>9.0f} {result['peak_mb_after']:>15.0f} {result['peak_mb_before']:>7.0f}"
            )


def measure(trees, mode, paths, *, connections, seconds, rounds, at8):
    """Each tree in turn on a fresh server, round after round, so that the machine's noise falls
    on both alike; paths gives each tree's path (a static file's name differs between commits).
    A fresh server for each run: requests still queued from a slow page must not be counted
    against the next one."""
    runs = {tree.name: [] for tree in trees}
    for _ in range(rounds):
        for tree in trees:
            env, url = environment(mode, tree), f"http://127.0.0.1:{tree.port}"
            portal = start("unodc_portal.wsgi:application", tree.port, env, tree.root)
            if mode != "nothing cached":
                warm(tree.port, [paths[tree.name]])
            result = wrk(url, [paths[tree.name]], connections=connections, seconds=seconds)
            stop(portal)
            if at8:
                portal = start("unodc_portal.wsgi:application", tree.port, env, tree.root)
                result["p95_ms_at_8"] = wrk(url, [paths[tree.name]], connections=8, seconds=seconds)["p95_ms"]
                stop(portal)
            runs[tree.name].append(result)
    return {name: median(results) for name, results in runs.items()}


def benchmark(args):
    seconds, connections = (5, 32) if args.quick else (20, 32)
    # Taken now: others may commit while the benchmark runs.
    current = {"commit": git("rev-parse", "HEAD"), "uncommitted_changes": bool(git("status", "--porcelain"))}
    baseline = baseline_tree(args.baseline)
    trees = [CURRENT, baseline] if baseline else [CURRENT]
    started = time.monotonic()
    try:
        for tree in trees:
            prepare(tree)
            subprocess.run(["redis-cli", "-n", str(tree.redis_db), "flushdb"], check=False, capture_output=True)
        rows = []

        minimal_base = f"http://127.0.0.1:{MINIMAL_PORT}"
        minimal = start("bench.minimal_app:application", MINIMAL_PORT, environment())
        ceiling = wrk(minimal_base, ["/"], connections=connections, seconds=seconds)
        stop(minimal)
        rows.append(("minimal Django view", "-", {"current": ceiling}))
        # The issue's reference point for a page rendered from the database: a bare paginated list.
        minimal = start("bench.minimal_app:application", MINIMAL_PORT, environment())
        warm(MINIMAL_PORT, [PLAIN_LIST])
        plain_list = wrk(minimal_base, [PLAIN_LIST], connections=connections, seconds=seconds)
        stop(minimal)
        minimal = start("bench.minimal_app:application", MINIMAL_PORT, environment())
        plain_list["p95_ms_at_8"] = wrk(minimal_base, [PLAIN_LIST], connections=8, seconds=seconds)["p95_ms"]
        stop(minimal)
        rows.append(("plain list, 20 rows of 10,000", "-", {"current": plain_list}))

        options = {"connections": connections, "seconds": seconds, "rounds": args.rounds}
        for mode in MODES:
            if mode == "cached":
                static = {}
                for tree in trees:
                    portal = start("unodc_portal.wsgi:application", tree.port, environment(mode, tree), tree.root)
                    static[tree.name] = static_path(tree.port)
                    stop(portal)
                print(f"measuring static file ({mode})", flush=True)
                rows.append(("static file (WhiteNoise)", "-", measure(trees, mode, static, at8=False, **options)))
            for name, path in PAGES + RUSSIAN_PAGES:
                print(f"measuring {name} ({mode})", flush=True)
                paths = {tree.name: path if speaks_russian(tree) else path.removeprefix("/ru") for tree in trees}
                rows.append((name, mode, measure(trees, mode, paths, at8=mode != "cached", **options)))
            for name, path, html_twin in API_PAGES:
                print(f"measuring {name} ({mode})", flush=True)
                paths = {tree.name: path if has_api(tree) else html_twin for tree in trees}
                rows.append((name, mode, measure(trees, mode, paths, at8=mode != "cached", **options)))
            memory = {}
            for tree in trees:
                portal = start("unodc_portal.wsgi:application", tree.port, environment(mode, tree), tree.root)
                if mode == "cached":
                    warm(tree.port, LOAD_PATHS)
                wrk(f"http://127.0.0.1:{tree.port}", LOAD_PATHS, connections=connections, seconds=seconds)
                memory[tree.name] = {"workers_mb": worker_memory_mb(portal)}
                stop(portal)
            rows.append((f"worker memory after a mixed {mode} run (MB)", mode, memory))
        exports = measure_csv_exports(trees)
    finally:
        for process in list(RUNNING):
            stop(process)
        if baseline and not args.keep_worktree:
            git("worktree", "remove", "--force", str(baseline.root))
    print(f"\n{len(trees)} trees measured in {(time.monotonic() - started) / 60:.0f} min")
    report(rows, ceiling["rps"], current, baseline, exports)


def csv_only(args):
    """The CSV rows alone (--csv), on the current tree."""
    prepare(CURRENT)
    exports = measure_csv_exports([CURRENT])
    report_csv_exports(exports)
    save({"csv_exports": [{"export": name, "path": path, **results} for name, path, results in exports]})


def load_test(args):
    seconds = 10 if args.quick else 60
    prepare(CURRENT)
    portal = start("unodc_portal.wsgi:application", CURRENT.port, environment())
    result = wrk(f"http://127.0.0.1:{CURRENT.port}", LOAD_PATHS, connections=64, seconds=seconds)
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


def report(rows, ceiling_rps, current, baseline, exports):
    """The table: the current tree's figures, with the baseline's requests per second beside them."""
    print(
        f"\n{'page':<40} {'cache':<15} {'req/s':>8} {'base':>8} {'change':>7} {'ratio':>6} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'p95@8':>7} {'errors':>6}"
    )
    slower, saved = [], []
    for name, mode, results in rows:
        result, base = results["current"], results.get("baseline")
        change = None
        if "workers_mb" in result:
            line = f"{name:<50} {', '.join(f'{mb:.0f}' for mb in result['workers_mb'])}"
            if base:
                line += f"   baseline: {', '.join(f'{mb:.0f}' for mb in base['workers_mb'])}"
            print(line)
        else:
            at8 = f"{result['p95_ms_at_8']:.1f}" if "p95_ms_at_8" in result else "-"
            base_rps, change_text, flag = "-", "-", ""
            if base and base["rps"]:
                change = (result["rps"] / base["rps"] - 1) * 100
                base_rps, change_text = f"{base['rps']:.0f}", f"{change:+.1f}%"
                if change < SLOWER_LIMIT:
                    flag = f"  << more than {-SLOWER_LIMIT} % slower"
                    slower.append(f"{name} ({mode}, {change:+.1f} %)")
            if base and base["errors"] + base["non2xx3xx"]:
                flag += f"  (baseline errors: {base['errors'] + base['non2xx3xx']:.0f})"
            print(
                f"{name:<40} {mode:<15} {result['rps']:>8.0f} {base_rps:>8} {change_text:>7} "
                f"{result['rps'] / ceiling_rps:>6.2f} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
                f"{result['p99_ms']:>8.1f} {at8:>7} {result['errors'] + result['non2xx3xx']:>6.0f}{flag}"
            )
        saved.append({"page": name, "cache": mode, **result, "baseline": base, "change_pct": change})
    if baseline:
        print(f"\nbase: baseline {git('log', '-1', '--format=%h %s', baseline.commit)[:90]}")
        print("change: requests per second against the baseline; latencies, ratio and errors are the current tree's")
    report_csv_exports(exports)
    if slower:
        print(
            f"\nMore than {-SLOWER_LIMIT} % slower than the baseline: {'; '.join(slower)}.\n"
            "Run again to rule out noise; if it holds, say why in the commit."
        )
    save(
        {
            "current": current,
            "baseline": {"commit": baseline.commit} if baseline else None,
            "rows": saved,
            "csv_exports": [{"export": name, "path": path, **results} for name, path, results in exports],
        }
    )


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
    parser.add_argument("--csv", action="store_true", help="the CSV exports' rows alone, on the current tree")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="commit to measure side by side (default: HEAD if the working tree has uncommitted changes, "
        "else HEAD~1; 'none' for the current tree alone)",
    )
    parser.add_argument("--rounds", type=int, default=2, help="runs of each page per tree, median kept (default 2)")
    parser.add_argument("--keep-worktree", action="store_true", help="leave the baseline's checkout in /tmp")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    for tool in ("wrk", "psql", "createdb", "dropdb", "redis-cli"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (Debian: apt-get install -y wrk postgresql-client redis-tools)")
    if args.load:
        load_test(args)
    elif args.csv:
        csv_only(args)
    else:
        benchmark(args)


if __name__ == "__main__":
    main()
