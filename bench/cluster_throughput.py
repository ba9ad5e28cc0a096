"""Throughput through the cluster's nginx, with wrk (docs/deployment.md keeps the numbers).

    .venv/bin/python bench/cluster_throughput.py      # stops `make cluster` first if it runs

1. The home page from nginx's micro-cache, against the app's own cached page (one app server
   directly, its page cache's fast lane).
2. Two app servers against one when the app servers are the bottleneck: nginx's micro-cache and
   the app's page cache off, so that every request renders; each app server pinned to one core
   (taskset), then each limited to half a CPU (a cgroup quota; needs root).

Each configuration is a cluster of its own in var/cluster-throughput, on the usual ports.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy import cluster as deploy  # noqa: E402  (after the path is set)

STATE = ROOT / "var" / "cluster-throughput"
RENDERED_PAGE = "/events/?country=uz"


def wrk(url, seconds=10, connections=32):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def measure(name, cluster, url, seconds):
    deploy.up(cluster, prepare=False)
    try:
        wrk(url, seconds=2)  # warm up: workers' copies, connections, the micro-cache
        rate, errors = wrk(url, seconds=seconds)
    finally:
        deploy.down(cluster)
    print(f"{name:<62} {rate:10.0f} req/s  ({errors} errors)", flush=True)
    return rate


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    running = deploy.Cluster()
    if deploy.http_ok(f"{running.url}/healthz"):
        deploy.down(running)
    base = deploy.Cluster(state=STATE)
    deploy.up(base)  # migrate, seed and collect once
    deploy.down(base)
    micro = measure("home page, nginx micro-cache", deploy.Cluster(state=STATE), "http://127.0.0.1:8100/", seconds)
    own = measure(
        "home page, the app's own page cache (one app server, directly)",
        deploy.Cluster(state=STATE, micro_cache=False),
        "http://127.0.0.1:8101/",
        seconds,
    )
    print(f"{'micro-cache / app cache':<62} {micro / own:10.1f} x")
    rendering = {"DJANGO_PAGE_CACHE_SECONDS": "0"}
    one = measure(
        f"{RENDERED_PAGE}, rendered, one app server on CPU 0",
        deploy.Cluster(state=STATE, app_ports=(8101,), cpus=("0",), micro_cache=False, extra_env=rendering),
        f"http://127.0.0.1:8100{RENDERED_PAGE}",
        seconds,
    )
    two = measure(
        f"{RENDERED_PAGE}, rendered, two app servers on CPUs 0 and 1",
        deploy.Cluster(state=STATE, cpus=("0", "1"), micro_cache=False, extra_env=rendering),
        f"http://127.0.0.1:8100{RENDERED_PAGE}",
        seconds,
    )
    print(f"{'two app servers / one (taskset)':<62} {two / one:10.2f} x")
    # The machine's other work (PostgreSQL, nginx, wrk, other users) runs on those same two
    # cores; a CPU quota limits the app servers alone, leaving room for the rest.
    quota = 0.5
    one = measure(
        f"{RENDERED_PAGE}, rendered, one app server, {quota} CPU",
        deploy.Cluster(state=STATE, app_ports=(8101,), cpu_quota=quota, micro_cache=False, extra_env=rendering),
        f"http://127.0.0.1:8100{RENDERED_PAGE}",
        seconds,
    )
    two = measure(
        f"{RENDERED_PAGE}, rendered, two app servers, {quota} CPU each",
        deploy.Cluster(state=STATE, cpu_quota=quota, micro_cache=False, extra_env=rendering),
        f"http://127.0.0.1:8100{RENDERED_PAGE}",
        seconds,
    )
    print(f"{'two app servers / one (CPU quota)':<62} {two / one:10.2f} x")


if __name__ == "__main__":
    main()
