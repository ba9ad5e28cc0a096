"""Gunicorn settings for `make run` and production (gunicorn reads ./gunicorn.conf.py by itself).

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_portal.settings")

from unodc_portal.configuration import exit_on_configuration_error

# Stop before forking any worker if the environment is wrong, with one readable line.
exit_on_configuration_error()

wsgi_app = "unodc_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Sync workers: the pages are short database reads, so one process per core plus one keeps the
# cores busy while a worker waits on PostgreSQL. GUNICORN_THREADS above 1 gives each worker
# threads (gunicorn's gthread worker) for slow clients; memory then grows less than with workers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never grow without bound (not too often:
# a new worker starts with an empty copy of the cached pages).
max_requests = 10000
max_requests_jitter = 1000
preload_app = True

# The app already logs one JSON line per request (unodc_portal/middleware.py). Gunicorn's own
# access log, in the same shape and with the same request id, only if asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
access_log_format = (
    '{"request_id": "%({x-request-id}o)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
)


def pre_fork(server, worker):
    # What the master loaded (preload_app) lives as long as the workers: frozen, the garbage
    # collector leaves it alone, which saves its time and keeps the memory pages shared with the
    # master (a collection touching them would make each worker copy them).
    import gc

    gc.freeze()
