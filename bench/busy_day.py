"""A busy day (issue 21, item 6): readers, a crawler and an editor at once, on one app server.

    .venv/bin/python bench/busy_day.py                  # 120 s, one gunicorn on the benchmark data
    .venv/bin/python bench/busy_day.py --quick          # 40 s, to try it out
    .venv/bin/python bench/busy_day.py --target http://127.0.0.1:8100   # through a running front

- **Readers** (wrk with bench/busy_day.lua, from a second process): addresses drawn from a Zipf
  distribution over at least 5,000 distinct public addresses of the database (bench/addresses.py:
  home, lists with filter combinations, deep pages, details, feeds, searches, Russian twins).
- **A crawler**, in this process: one connection asking at a steady rate for filter combinations
  no reader asks for, each a page no cache has seen.
- **An editor**: a Django process of its own saving a published story or event every 30 seconds,
  as a save in the admin does: three saves in four correct the text (the standfirst or summary),
  the fourth links or unlinks a theme. Every save starts a new content version; which stored
  pages, counts and cards it ends depends on what it changed and what they read
  (unodc_portal/content_version.py, page_cache.py).

It prints the readers' throughput and p50/p95/p99, the crawler's, where the readers' answers
came from (the front proxy's cache, the portal's page cache, a stored page checked by its rows,
rendered), and the readers' throughput as a ratio to the minimal Django view measured in the
same run.

Without --target it prepares the benchmark database as bench/run.py does (PostgreSQL, the seed and
the generated demo data: 100,000 events) and starts one gunicorn as production would. With
--target it measures whatever answers at that address (the cluster of `make cluster`, say); the
editor then saves into the database that DATABASE_URL and REDIS_URL of this process name.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import run

ROOT = run.ROOT

EDITOR = """
import os, random, time
from milestones.models import Event, Story
from programmes.models import Theme
interval, duration = float(os.environ["BUSY_SAVE_EVERY"]), float(os.environ["BUSY_SECONDS"])
stories = list(Story.objects.published().values_list("pk", flat=True)[:500])
events = list(Event.objects.published().values_list("pk", flat=True)[:500])
themes = list(Theme.objects.all()[:5])
choose = random.Random(7).choice
ends = time.monotonic() + duration
saves = 0
while time.monotonic() + interval < ends:
    time.sleep(interval)
    model, ids = (Story, stories) if saves % 2 == 0 else (Event, events)
    item = model.objects.get(pk=choose(ids))
    if saves % 4 == 3:
        # A change lists count: a theme linked or unlinked.
        theme = choose(themes)
        (item.themes.remove if item.themes.filter(pk=theme.pk).exists() else item.themes.add)(theme)
    else:
        # A correction to the text, as most saves are.
        field = "standfirst" if model is Story else "summary"
        text = getattr(item, field)
        setattr(item, field, text[:-2] if text.endswith("  ") else text + "  ")
    item.save()
    saves += 1
print(f"SAVES {saves}", flush=True)
"""


class Connection:
    """One kept-alive connection, opened again after a failure."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=30)

    def get(self, address):
        """Whether the address was answered without an error."""
        try:
            self.connection.request("GET", address, headers={"Accept-Encoding": "gzip"})
            response = self.connection.getresponse()
            response.read()
            return response.status < 400
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            return False


def visit_all(target, addresses, connections=4):
    """Every address once, on a few connections: a site that has been up all day has each page
    in its cache (until it expires, or a change it read ends it)."""
    parts = urllib.parse.urlsplit(target)

    def visit(share):
        connection = Connection(parts.hostname, parts.port or 80)
        for address in share:
            connection.get(address)

    threads = [threading.Thread(target=visit, args=(addresses[n::connections],)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Crawler(threading.Thread):
    """Asks for one new address after another at a steady rate, on one kept-alive connection."""

    def __init__(self, target, addresses, rate, duration):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(target)
        self.host, self.port = parts.hostname, parts.port or 80
        self.addresses, self.rate, self.duration = addresses, rate, duration
        self.latencies, self.failed = [], 0

    def run(self):
        connection = Connection(self.host, self.port)
        started = time.monotonic()
        for number, address in enumerate(self.addresses):
            due = started + number / self.rate
            if due - started >= self.duration:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            asked = time.monotonic()
            if not connection.get(address):
                self.failed += 1
            self.latencies.append((time.monotonic() - asked) * 1000)

    def summary(self):
        latencies = sorted(self.latencies) or [0.0]
        return {
            "requests": len(self.latencies),
            "rps": len(self.latencies) / self.duration,
            "p50_ms": statistics.median(latencies),
            "p95_ms": latencies[int(len(latencies) * 0.95) - 1] if len(latencies) > 1 else latencies[0],
            "failed": self.failed,
        }


def readers(target, addresses_file, *, connections, seconds, zipf):
    script_env = {"BUSY_ADDRESSES": str(addresses_file), "BUSY_ZIPF_S": str(zipf)}
    return run.wrk(target, [], connections=connections, seconds=seconds, script="busy_day.lua", script_env=script_env)


def write_addresses(env, folder):
    """The reader addresses (one a line, for wrk) and the crawler's (a list), from the database."""
    out = folder / "addresses.json"
    subprocess.run([sys.executable, "-m", "bench.addresses", str(out)], cwd=ROOT, env=env, check=True)
    found = json.loads(out.read_text())
    readers_file = folder / "readers.txt"
    readers_file.write_text("\n".join(found["readers"]) + "\n")
    return readers_file, found["readers"], found["crawler"]


def busy_day(args):
    seconds = 40 if args.quick else args.seconds
    own_server = args.target is None
    env = run.environment("cached") if own_server else dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "unodc_portal.settings")
    if own_server:
        run.prepare(run.CURRENT)
        subprocess.run(["redis-cli", "-n", str(run.CURRENT.redis_db), "flushdb"], check=False, capture_output=True)
    folder = Path(tempfile.mkdtemp(prefix="unodc-busy-day-"))
    readers_file, reader_addresses, crawler_addresses = write_addresses(env, folder)

    minimal = run.start("bench.minimal_app:application", run.MINIMAL_PORT, run.environment())
    ceiling = run.wrk(f"http://127.0.0.1:{run.MINIMAL_PORT}", ["/"], connections=args.connections, seconds=10)
    run.stop(minimal)

    target = args.target or f"http://127.0.0.1:{run.CURRENT.port}"
    portal = run.start("unodc_portal.wsgi:application", run.CURRENT.port, env) if own_server else None
    try:
        if args.warm_all:
            visit_all(target, reader_addresses)
        # The morning before the measurement: the popular pages are in the cache, as on any day.
        readers(target, readers_file, connections=args.connections, seconds=15, zipf=args.zipf)
        editor = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", EDITOR],
            cwd=ROOT,
            env={**env, "BUSY_SAVE_EVERY": str(args.save_every), "BUSY_SECONDS": str(seconds)},
            stdout=subprocess.PIPE,
            text=True,
        )
        crawler = Crawler(target, crawler_addresses, args.crawler_rate, seconds)
        crawler.start()
        result = readers(target, readers_file, connections=args.connections, seconds=seconds, zipf=args.zipf)
        crawler.join()
        saves = editor.communicate(timeout=120)[0].strip().splitlines()[-1].split()[-1]
    finally:
        if portal:
            run.stop(portal)
    report(args, result, crawler.summary(), ceiling, saves, len(reader_addresses), seconds, target)


def report(args, result, crawler, ceiling, saves, distinct, seconds, target):
    answered = sum(result[name] for name in ("front_hits", "revalidated", "page_hits", "page_checked", "rendered")) or 1
    print(
        f"\nBusy day at {target}: {seconds} s, {distinct} reader addresses (Zipf s={args.zipf}), "
        f"{args.connections} reader connections, a crawler at {args.crawler_rate}/s, "
        f"an editor saving every {args.save_every:.0f} s ({saves} saves)"
        + (", every reader address asked once before" if args.warm_all else "")
    )
    print(f"{'':<22} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'failed':>7}")
    print(
        f"{'readers':<22} {result['rps']:>8.0f} {result['rps'] / ceiling['rps']:>6.2f} {result['p50_ms']:>8.1f} "
        f"{result['p95_ms']:>8.1f} {result['p99_ms']:>8.1f} {result['errors'] + result['failed']:>7.0f}"
    )
    print(
        f"{'crawler':<22} {crawler['rps']:>8.1f} {'':>6} {crawler['p50_ms']:>8.1f} {crawler['p95_ms']:>8.1f} "
        f"{'':>8} {crawler['failed']:>7}"
    )
    print(
        f"{'minimal Django view':<22} {ceiling['rps']:>8.0f} {1:>6.2f} {ceiling['p50_ms']:>8.1f} "
        f"{ceiling['p95_ms']:>8.1f}"
    )
    print(
        f"readers' answers: front cache {result['front_hits'] / answered:.1%}, front cache revalidated (a 304 "
        f"from the app) {result['revalidated'] / answered:.1%}, page cache {result['page_hits'] / answered:.1%}, "
        f"page cache checked by its rows {result['page_checked'] / answered:.1%}, "
        f"rendered {result['rendered'] / answered:.1%}"
    )
    run.save(
        {
            "busy_day": {
                "target": target,
                "seconds": seconds,
                "distinct_reader_addresses": distinct,
                "zipf": args.zipf,
                "connections": args.connections,
                "crawler_rate": args.crawler_rate,
                "save_every": args.save_every,
                "saves": int(saves),
                "warm_all": args.warm_all,
                "readers": result,
                "crawler": crawler,
                "minimal_view": ceiling,
            }
        }
    )
    if result["errors"] + result["failed"] or crawler["failed"]:
        raise SystemExit("The busy day saw failed requests.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="40 s instead of --seconds")
    parser.add_argument("--seconds", type=int, default=120, help="length of the measured run (default 120)")
    parser.add_argument("--target", metavar="URL", help="measure a server already running there")
    parser.add_argument("--connections", type=int, default=16, help="reader connections (default 16)")
    parser.add_argument("--zipf", type=float, default=1.0, help="exponent of the readers' Zipf law (default 1)")
    parser.add_argument("--crawler-rate", type=float, default=2.0, help="crawler requests a second (default 2)")
    parser.add_argument("--save-every", type=float, default=30.0, help="seconds between the editor's saves")
    parser.add_argument(
        "--warm-all",
        action="store_true",
        help="ask for every reader address once before the run: what is rendered then is what saves "
        "and the crawler cost, not first visits",
    )
    busy_day(parser.parse_args())


if __name__ == "__main__":
    main()
