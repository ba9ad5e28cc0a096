"""Gunicorn settings for `make run` and production (gunicorn reads ./gunicorn.conf.py by itself).

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import logging
import multiprocessing
import os
import socket
import struct

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unodc_portal.settings")

from unodc_portal.configuration import exit_on_configuration_error

# Stop before forking any worker if the environment is wrong, with one readable line.
exit_on_configuration_error()

wsgi_app = "unodc_portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Threaded workers (gunicorn's gthread), one process per core plus one, 4 threads each. A slow
# or idle connection holds one thread (a silent one for at most 5 s before gunicorn parks it,
# one that stops in the middle of its request until REQUEST_READ_TIMEOUT), and the worker's other
# threads go on serving: with sync workers four such connections held the whole site. As many
# of them as there are threads still would, which is why production runs behind a buffering
# proxy (README, "Deployment"). More threads hold more slow clients but cost pages rendered
# afresh more of their speed (docs/performance.md: 8 threads, 10 to 17 %; 4, 3 to 9 %).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = 30
graceful_timeout = 30
keepalive = 5
# A connection that stops sending in the middle of its request is closed after this many seconds
# of silence, so that it cannot hold a thread for ever (gunicorn has no header timeout of its own).
REQUEST_READ_TIMEOUT = int(os.environ.get("GUNICORN_READ_TIMEOUT", 10))
# Recycle workers now and then so that a slow leak can never grow without bound (not too often:
# a new worker starts with an empty copy of the cached pages).
max_requests = 10000
max_requests_jitter = 1000
preload_app = True
# Gunicorn's control socket is one path per user by default: a second instance took over the
# first one's and removed it on exit. Nothing here uses it.
control_socket_disable = True

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


class SilentConnectionLog(logging.Filter):
    """gunicorn logs a connection closed by the read timeout as an error with a traceback; it is
    a client's doing, so one line of information is enough (and a flood of them stays small)."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], BlockingIOError):
            record.msg, record.args = "closed a connection silent for %s s in its request", (REQUEST_READ_TIMEOUT,)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def post_fork(server, worker):
    logging.getLogger("gunicorn.error").addFilter(SilentConnectionLog())
    # The kernel's receive timeout, set on the listening sockets, is inherited by every accepted
    # connection (Linux); a read that waits longer fails and gunicorn closes the connection.
    # Kept-alive connections wait in gunicorn's poller, where it does not apply.
    timeout = struct.pack("ll", REQUEST_READ_TIMEOUT, 0)
    for listener in worker.sockets:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeout)
