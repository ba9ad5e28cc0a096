"""A local cluster of the portal on this machine: `make cluster` and `make cluster-down`.

    nginx (:8100) -> gunicorn app servers (:8101, :8102), each in its own process group
                  -> PostgreSQL primary (the machine's, :5432) and a streaming replica (:5433)
                  -> Redis of its own (:6380), so that restarting it disturbs nothing else
                  -> shared media folder (var/cluster/media)

Everything it starts is recorded in pid files under the state folder (var/cluster/), and `down`
stops exactly those processes. docs/deployment.md describes the layout and its choices;
bench/faults.py and tests/deploy/ drive the same functions to break it on purpose.
"""

import argparse
import contextlib
import grp
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# The app's request limit (MAX_REQUEST_BYTES in unodc_portal/settings.py), for nginx.
MAX_BODY = "12m"
# nginx leaves an app server out for fail_timeout seconds after MAX_FAILS failed requests in that
# time (its passive health check).
MAX_FAILS = 3


@dataclass
class Cluster:
    """Where and on which ports one cluster runs. The defaults are `make cluster`'s."""

    state: Path = ROOT / "var" / "cluster"
    port: int = 8100
    app_ports: tuple = (8101, 8102)
    database: str = "unodc_portal_cluster"
    primary_host: str = "127.0.0.1"
    primary_port: int = 5432
    replica_port: int = 5433
    redis_port: int = 6380
    workers: int = 2
    # Seconds nginx leaves out an app server that failed (its passive health check).
    fail_timeout: int = 5
    micro_cache: bool = True
    # CPUs each app server may use (taskset), one list per app server; None: any.
    cpus: tuple | None = None
    # Share of one CPU each app server may use (a cgroup CPU quota, as root); None: no limit.
    cpu_quota: float | None = None
    static_root: Path | None = None
    extra_env: dict = field(default_factory=dict)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def primary_url(self):
        return f"postgres://postgres@{self.primary_host}:{self.primary_port}/{self.database}"

    @property
    def replica_url(self):
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/{self.database}"

    @property
    def media(self):
        return self.state / "media"

    @property
    def static(self):
        return self.static_root or self.state / "static"

    @property
    def replica_dir(self):
        return self.state / "replica"

    def pid_file(self, name):
        return self.state / "run" / f"{name}.pid"

    def log_file(self, name):
        return self.state / "logs" / f"{name}.log"


def say(message):
    print(f"cluster: {message}", flush=True)


# --- Processes ----------------------------------------------------------------------------


def read_pid(path):
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def running(pid, marker=""):
    """Whether pid is a live process whose command line holds `marker`, something only this
    cluster's own process has (its port, its folder): a pid file can outlive its process, and
    the number be reused by another one, the machine's own Redis or PostgreSQL among them."""
    if not pid:
        return False
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status and marker in command


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def stop_group(pid_file, marker, sig=signal.SIGTERM, timeout=30):
    """Signal the process group led by the pid in pid_file and wait until its leader is gone."""
    pid = read_pid(pid_file)
    if running(pid, marker):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)

        def stopped():
            # Reaped if it is our own child (started by up() in this process), else init does.
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            return not running(pid, marker)

        wait_until(stopped, timeout, f"pid {pid} ({marker}) to stop")
    pid_file.unlink(missing_ok=True)


def start_in_own_group(command, log, env=None):
    """Start a process in a session (and so a process group) of its own: a signal to the
    cluster's shell or to another server never reaches it, and its group can be stopped whole."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def as_postgres(command):
    """PostgreSQL refuses to run as root: CI runs as root, so its commands run as `postgres`."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def http_ok(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own address)
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


# --- Configuration ------------------------------------------------------------------------


def secret_key(cluster):
    key_file = cluster.state / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def app_env(cluster):
    """The environment of every app server: production settings, with what differs on one
    machine without TLS (docs/deployment.md lists it)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    origins = [
        f"http://{host}:{port}" for host in ("127.0.0.1", "localhost") for port in (cluster.port, *cluster.app_ports)
    ]
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secret_key(cluster),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CSRF_TRUSTED_ORIGINS=",".join(origins),
        # Plain HTTP here; in production nginx terminates TLS and says https.
        DJANGO_SECURE_SSL_REDIRECT="off",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_MEDIA_ROOT=str(cluster.media),
        DJANGO_STATIC_ROOT=str(cluster.static),
        DJANGO_SERVE_MEDIA="off",
        DATABASE_URL=cluster.primary_url,
        # Anonymous pages read the replica once it holds their content version (replica.py).
        DATABASE_REPLICA_URL=cluster.replica_url,
        REDIS_URL=f"redis://127.0.0.1:{cluster.redis_port}/0",
        WEB_CONCURRENCY=str(cluster.workers),
    )
    env.update(cluster.extra_env)
    return env


def render_nginx_config(cluster):
    template = (ROOT / "deploy" / "nginx.conf.template").read_text()
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails={MAX_FAILS} fail_timeout={cluster.fail_timeout}s;"
        for port in cluster.app_ports
    )
    languages = [code for code in os.environ.get("DJANGO_LANGUAGES", "en,ru").split(",") if code.strip()][1:]
    admin_path = os.environ.get("DJANGO_ADMIN_PATH", "admin").strip("/")
    # The other languages' prefixes, optional: "(ru/)?" with the default languages.
    language_prefix = "({})?".format("|".join(f"{code.strip()}/" for code in languages)) if languages else ""
    # As root, nginx's workers need a user: nobody, in the app servers' group, so that they can
    # read uploads (which the app writes 0640) and write nothing of the app's.
    user = f"user nobody {grp.getgrgid(os.getgid()).gr_name};" if os.geteuid() == 0 else ""
    values = {
        "user_directive": user,
        "state": str(cluster.state),
        "listen": f"127.0.0.1:{cluster.port}",
        "max_body": MAX_BODY,
        "upstream_servers": servers,
        "proxy_cache": "micro" if cluster.micro_cache else "off",
        "admin_regex": f'"^/{language_prefix}{admin_path}/"',
        "language_prefix": language_prefix,
        "static_root": str(cluster.static).rstrip("/"),
        "media_root": str(cluster.media).rstrip("/"),
    }
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    path = cluster.state / "nginx.conf"
    path.write_text(template)
    return path


# --- PostgreSQL ---------------------------------------------------------------------------


def connect(port, dbname="postgres", host="127.0.0.1"):
    connection = psycopg2.connect(host=host, port=port, user="postgres", dbname=dbname, connect_timeout=3)
    connection.autocommit = True
    return connection


def ensure_database(cluster):
    connection = connect(cluster.primary_port, host=cluster.primary_host)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cluster.database])
        if cursor.fetchone() is None:
            say(f"creating database {cluster.database}")
            cursor.execute(f'CREATE DATABASE "{cluster.database}"')
    connection.close()


def drop_database(cluster):
    connection = connect(cluster.primary_port, host=cluster.primary_host)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{cluster.database}" WITH (FORCE)')
    connection.close()


REPLICATION_RULE = "host replication postgres 127.0.0.1/32 trust  # added by unodc deploy/cluster.py\n"


def check_streaming_possible(cursor):
    cursor.execute("SHOW wal_level")
    (wal_level,) = cursor.fetchone()
    cursor.execute("SHOW max_wal_senders")
    (senders,) = cursor.fetchone()
    if wal_level not in ("replica", "logical") or int(senders) < 1:
        raise RuntimeError(
            f"the primary has wal_level={wal_level}, max_wal_senders={senders}: streaming needs "
            "wal_level=replica and max_wal_senders >= 1 (ALTER SYSTEM, then a restart of PostgreSQL)"
        )


def replication_allowed(cluster):
    """Whether the primary's pg_hba.conf lets postgres make replication connections from
    127.0.0.1 without a password (what pg_basebackup and the replica here use)."""
    connection = connect(cluster.primary_port, host=cluster.primary_host)
    try:
        with connection.cursor() as cursor:
            check_streaming_possible(cursor)
            cursor.execute(
                "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND type = 'host' "
                "AND ('postgres' = ANY(user_name) OR 'all' = ANY(user_name)) "
                "AND (address IN ('127.0.0.1', 'all', '0.0.0.0', 'samehost') OR address IS NULL) "
                "AND auth_method = 'trust' AND error IS NULL"
            )
            return cursor.fetchone()[0] > 0
    finally:
        connection.close()


def allow_replication(cluster):
    """Add REPLICATION_RULE to the primary's pg_hba.conf and reload it, saying so. Debian's
    default allows replication connections only over the local socket. `make cluster` does this
    on a development machine and CI (.ci/run) before the suite; the suite never does."""
    if replication_allowed(cluster):
        return
    connection = connect(cluster.primary_port, host=cluster.primary_host)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW hba_file")
            (hba_file,) = cursor.fetchone()
            try:
                with open(hba_file, "a") as hba:
                    hba.write(REPLICATION_RULE)
            except OSError as exc:
                raise RuntimeError(
                    f"the primary refuses replication from 127.0.0.1; add `{REPLICATION_RULE.strip()}` to "
                    f"{hba_file} and reload PostgreSQL ({exc})"
                ) from None
            cursor.execute("SELECT pg_reload_conf()")
    finally:
        connection.close()
    say(f"added `{REPLICATION_RULE.strip()}` to {hba_file} and reloaded PostgreSQL")
    wait_until(lambda: replication_allowed(cluster), 10, "the primary to allow replication")


def chown_to_postgres(path):
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(path, postgres.pw_uid, postgres.pw_gid)


REPLICA_CONF = """\
# The replica's own settings (Debian keeps the primary's in /etc/postgresql, which a base
# backup does not copy); primary_conninfo is in postgresql.auto.conf, written by -R.
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{socket_dir}'
hot_standby = on
max_connections = 100
shared_buffers = 64MB
hba_file = '{data}/pg_hba.conf'
ident_file = '{data}/pg_ident.conf'
logging_collector = off
"""

REPLICA_HBA = """\
local all all trust
host all all 127.0.0.1/32 trust
"""


def make_replica(cluster):
    """A streaming replica of the whole primary instance, by pg_basebackup -R."""
    data = cluster.replica_dir
    if (data / "PG_VERSION").exists():
        return
    if not replication_allowed(cluster):
        raise RuntimeError(
            f"the primary refuses replication connections from 127.0.0.1: add `{REPLICATION_RULE.strip()}` to "
            "its pg_hba.conf and reload it (`python deploy/cluster.py allow-replication` does both)"
        )
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(mode=0o700)
    chown_to_postgres(data)
    say(f"making the replica in {data} (pg_basebackup)")
    command = [
        str(PG_BIN / "pg_basebackup"),
        *("-h", cluster.primary_host, "-p", str(cluster.primary_port), "-U", "postgres"),
        *("-D", str(data), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
    ]
    subprocess.run(as_postgres(command), check=True)
    for name, text in (
        ("postgresql.conf", REPLICA_CONF.format(port=cluster.replica_port, socket_dir=data, data=data)),
        ("pg_hba.conf", REPLICA_HBA),
        ("pg_ident.conf", ""),
    ):
        (data / name).write_text(text)
        chown_to_postgres(data / name)


def replica_running(cluster):
    pid_file = cluster.replica_dir / "postmaster.pid"
    pid = read_pid_first_line(pid_file)
    return running(pid, str(cluster.replica_dir))


def read_pid_first_line(path):
    try:
        return int(path.read_text().splitlines()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def start_replica(cluster):
    if replica_running(cluster):
        return
    log = cluster.log_file("replica")
    log.touch()
    chown_to_postgres(log)
    command = [str(PG_BIN / "pg_ctl"), "-D", str(cluster.replica_dir), "-l", str(log), "-w", "-t", "60", "start"]
    subprocess.run(as_postgres(command), check=True, stdout=subprocess.DEVNULL)

    def streaming():
        try:
            connection = connect(cluster.replica_port)
        except psycopg2.OperationalError:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM pg_stat_wal_receiver")
            row = cursor.fetchone()
        connection.close()
        return row is not None and row[0] == "streaming"

    wait_until(streaming, 60, "the replica to stream from the primary")


def stop_replica(cluster, mode="fast"):
    if not replica_running(cluster):
        return
    command = [str(PG_BIN / "pg_ctl"), "-D", str(cluster.replica_dir), "-m", mode, "-w", "stop"]
    subprocess.run(as_postgres(command), check=True, stdout=subprocess.DEVNULL)


# --- Redis --------------------------------------------------------------------------------


def redis_marker(cluster):
    """redis-server names itself by its address in its command line."""
    return f"127.0.0.1:{cluster.redis_port}"


def start_redis(cluster):
    pid_file = cluster.pid_file("redis")
    if running(read_pid(pid_file), redis_marker(cluster)):
        return
    # A cache only: nothing is saved to disk, as in production (README, "Deployment").
    command = [
        REDIS_SERVER,
        *("--bind", "127.0.0.1", "--port", str(cluster.redis_port), "--dir", str(cluster.state)),
        *("--save", "", "--appendonly", "no", "--daemonize", "no"),
        *("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"),
    ]
    process = start_in_own_group(command, cluster.log_file("redis"))
    pid_file.write_text(str(process.pid))

    def answers():
        # Ours: another Redis already on the port would answer while ours has exited.
        if process.poll() is not None:
            raise RuntimeError(f"redis-server stopped at start; port {cluster.redis_port} may be taken")
        try:
            info = redis.Redis(port=cluster.redis_port, socket_connect_timeout=0.5).info("server")
        except redis.RedisError:
            return False
        return info["process_id"] == process.pid

    wait_until(answers, 10, "Redis")


def stop_redis(cluster):
    stop_group(cluster.pid_file("redis"), redis_marker(cluster))


# --- App servers --------------------------------------------------------------------------


def manage(cluster, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=app_env(cluster), check=True)


def prepare_database(cluster):
    say("migrating, loading the seed, collecting static files")
    # Static files need no database: collected meanwhile, on the other core.
    collect = subprocess.Popen(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=app_env(cluster)
    )
    try:
        ensure_database(cluster)
        manage(cluster, "migrate", "--noinput", "--verbosity", "0")
        manage(cluster, "load_seed", "--verbosity", "0")
    finally:
        if collect.wait() != 0:
            raise RuntimeError("collectstatic failed")


def app_name(port):
    return f"app-{port}"


def app_marker(port):
    """What only this app server's command line holds (gunicorn_command)."""
    return f"--bind 127.0.0.1:{port}"


def gunicorn_command(cluster, index, port, pid_file):
    command = [
        str(GUNICORN),
        *("--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "--pid", str(pid_file)),
        # Lets a new version bind the same port before the old one stops (rolling_restart).
        "--reuse-port",
    ]
    if cluster.cpus:
        command = ["taskset", "-c", cluster.cpus[index], *command]
    return command


def cpu_cgroup(name):
    """The cgroup folder that limits one app server's CPU time (cgroup v2, else v1's cpu)."""
    unified = Path("/sys/fs/cgroup")
    if (unified / "cgroup.controllers").exists():
        return unified / f"unodc-{name}"
    return unified / "cpu" / f"unodc-{name}"


def limit_cpu(pid, name, quota):
    """Put a just-started gunicorn master in a cgroup with a CPU quota; the workers it forks
    later (after loading the app) are born in it too."""
    group = cpu_cgroup(name)
    group.mkdir(exist_ok=True)
    period = 100_000
    if (group / "cpu.max").exists():
        (group / "cpu.max").write_text(f"{int(quota * period)} {period}")
    else:
        (group / "cpu.cfs_period_us").write_text(str(period))
        (group / "cpu.cfs_quota_us").write_text(str(int(quota * period)))
    (group / "cgroup.procs").write_text(str(pid))


def release_cpu_limit(name):
    """Remove the server's cgroup once its last worker has exited (it cannot be removed before)."""
    group = cpu_cgroup(name)
    if not group.exists():
        return
    with contextlib.suppress(RuntimeError):
        wait_until(lambda: not (group / "cgroup.procs").read_text().strip(), 10, f"{name}'s processes to exit")
    with contextlib.suppress(OSError):
        group.rmdir()


def workers_booted(log, start_offset, count):
    text = log.read_bytes()[start_offset:].decode(errors="replace")
    return text.count("Booting worker with pid") >= count


def start_app(cluster, index, pid_name=None):
    """Start app server number index (if not running) and wait until its workers are up."""
    port = cluster.app_ports[index]
    pid_file = cluster.pid_file(pid_name or app_name(port))
    if running(read_pid(pid_file), app_marker(port)):
        return
    log = cluster.log_file(app_name(port))
    offset = log.stat().st_size if log.exists() else 0
    process = start_in_own_group(gunicorn_command(cluster, index, port, pid_file), log, env=app_env(cluster))
    if cluster.cpu_quota:
        limit_cpu(process.pid, pid_name or app_name(port), cluster.cpu_quota)
    wait_until(lambda: workers_booted(log, offset, cluster.workers), 60, f"app server {port}")
    wait_until(lambda: read_pid(pid_file) is not None, 10, f"app server {port}'s pid file")


def stop_app(cluster, index, sig=signal.SIGTERM):
    """Stop app server number index: TERM lets requests in progress finish, KILL does not."""
    name = app_name(cluster.app_ports[index])
    stop_group(cluster.pid_file(name), app_marker(cluster.app_ports[index]), sig)
    release_cpu_limit(name)


def rolling_restart(cluster):
    """Roll out a new version one server at a time: a new gunicorn starts beside the old one
    on the same port (SO_REUSEPORT), and once its workers are up the old one stops gracefully.
    Requests keep a server to go to throughout; nginx retries one refused in the hand-over. The
    pause between servers outlasts nginx's fail_timeout, so that a server nginx left out after
    such a refusal is back in before the next one changes hands."""
    for index, port in enumerate(cluster.app_ports):
        if index:
            time.sleep(cluster.fail_timeout + 1)
        name = app_name(port)
        start_app(cluster, index, pid_name=f"{name}-next")
        stop_app(cluster, index)
        cluster.pid_file(f"{name}-next").rename(cluster.pid_file(name))


def stop_next(cluster, port):
    """A new version left half-started by an interrupted rolling_restart."""
    name = f"{app_name(port)}-next"
    stop_group(cluster.pid_file(name), app_marker(port))
    release_cpu_limit(name)


# --- nginx --------------------------------------------------------------------------------


def nginx_marker(cluster):
    """nginx's master keeps its command line, with this cluster's configuration file."""
    return str(cluster.state / "nginx.conf")


def nginx_command(cluster, *args):
    return [NGINX, "-p", str(cluster.state / "nginx"), "-c", str(cluster.state / "nginx.conf"), *args]


def start_nginx(cluster):
    # nginx makes its temporary and cache folders itself, owned by its workers' user.
    render_nginx_config(cluster)
    subprocess.run(nginx_command(cluster, "-t", "-q"), check=True)
    pid = read_pid(cluster.state / "nginx.pid")
    if running(pid, nginx_marker(cluster)):
        subprocess.run(nginx_command(cluster, "-s", "reload"), check=True)
    else:
        subprocess.run(nginx_command(cluster), check=True)


def stop_nginx(cluster):
    pid_file = cluster.state / "nginx.pid"
    pid = read_pid(pid_file)
    if running(pid, nginx_marker(cluster)):
        os.kill(pid, signal.SIGQUIT)  # graceful: finish requests in progress
        wait_until(lambda: not running(pid, nginx_marker(cluster)), 30, "nginx to stop")
    pid_file.unlink(missing_ok=True)


# --- The whole cluster --------------------------------------------------------------------


def up(cluster, prepare=True):
    for folder in ("run", "logs", "media", "nginx"):
        (cluster.state / folder).mkdir(parents=True, exist_ok=True)
    # PostgreSQL (as postgres) and nginx's workers (as nobody) need to pass through it.
    cluster.state.chmod(0o755)
    start_redis(cluster)
    # The replica streams whatever the migrations write after its base backup: both at once.
    with ThreadPoolExecutor(max_workers=1) as background:
        replica = background.submit(lambda: (make_replica(cluster), start_replica(cluster)))
        if prepare:
            prepare_database(cluster)
        replica.result()
    for index in range(len(cluster.app_ports)):
        start_app(cluster, index)
    start_nginx(cluster)
    wait_until(lambda: http_ok(f"{cluster.url}/healthz"), 30, "/healthz through nginx")


def down(cluster, remove_replica=True):
    """Stop what up() started. The database, media and logs stay; the replica's data is removed
    (a new one takes seconds, and an old one may have fallen too far behind to catch up)."""
    errors = []
    steps = [("nginx", stop_nginx)]
    steps += [(f"app server {port}", lambda c, i=i: stop_app(c, i)) for i, port in enumerate(cluster.app_ports)]
    steps += [(f"app server {port} (next)", lambda c, p=port: stop_next(c, p)) for port in cluster.app_ports]
    steps += [("redis", stop_redis), ("replica", stop_replica)]
    for name, step in steps:
        try:
            step(cluster)
        except Exception as exc:  # stop the rest all the same
            errors.append(f"{name}: {exc}")
    if remove_replica and not replica_running(cluster):
        shutil.rmtree(cluster.replica_dir, ignore_errors=True)
    if errors:
        raise RuntimeError("; ".join(errors))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["up", "down", "allow-replication"])
    parser.add_argument("--state", type=Path, default=Cluster.state, help="folder for the cluster's files")
    parser.add_argument("--no-micro-cache", action="store_true", help="nginx passes every request on")
    parser.add_argument(
        "--database",
        default=Cluster.database,
        help="the primary's database (created, migrated and seeded if need be); unodc_bench is the benchmark's",
    )
    args = parser.parse_args()
    cluster = Cluster(state=args.state.resolve(), micro_cache=not args.no_micro_cache, database=args.database)
    if args.action == "allow-replication":
        allow_replication(cluster)
        say("the primary allows replication from 127.0.0.1")
    elif args.action == "up":
        allow_replication(cluster)
        up(cluster)
        say("up")
        print(f"  Portal through nginx:  {cluster.url}/  (admin: {cluster.url}/admin/)")
        for port in cluster.app_ports:
            print(f"  App server:            http://127.0.0.1:{port}/")
        print(f"  Primary database:      {cluster.primary_url}")
        print(f"  Streaming replica:     {cluster.replica_url}")
        print(f"  Redis:                 redis://127.0.0.1:{cluster.redis_port}/0")
        print(f"  Shared media:          {cluster.media}")
        print(f"  Logs:                  {cluster.state / 'logs'}/")
        print("  Stop with: make cluster-down")
    else:
        down(cluster)
        say(f"stopped; the database {cluster.database} and {cluster.state} (media, logs) are kept")


if __name__ == "__main__":
    main()
