"""The content version and its topics' tokens: what every cached page, remembered value and card
is stored under, and how each process learns that they changed. Words used here and in
page_cache.py, remembered.py and fragments.py:

- *content version*: a random id; a new one starts after any change to content, and when a
  scheduled item's publication time comes.
- *state*: the version with what it was worked out from: the *generation* (a new one is set by
  every announced change, so that a state worked out while a change was committing is not
  trusted afterwards), the *stamp* (the stamp file's time, for per-process caches), the next
  scheduled publication, the *topics* and, with a read replica, the primary's WAL position
  (*lsn*: a page read from the replica is kept under the state only once the replica has
  replayed that far; see replica.py).
- *topic*: a part of the content (settings.PAGE_CACHE_TOPICS: stories, events, publications,
  and "reference" for everything else) with a token of its own, changed only by changes to it
  (and by a change whose models are not known, which changes them all). A page, a remembered
  value or a fragment worked out from some topics only is kept under their tokens rather than
  the version, so that it outlives changes to the others: a story saved leaves every event count
  and events list as it was (page_cache.py, remembered.py, fragments.py).
- *announce*: tell the cache (and through it every process) that content changed.
- *copy*: this process's own copy of the state and of recent pages (LocalCopy), trusted only
  while a *watcher* vouches that no change was announced since it was read; a change heard of is
  *news*.

Which changes are followed: every save and delete of a model of PAGE_CACHE_APPS through Django
(the admin, `Model.save()`, `delete()` and `QuerySet.delete()`), every changed link (many-to-many
`add`, `remove`, `clear`, `set`), `loaddata`, and `restore`. Not followed, because Django sends
no signal for them: `QuerySet.update()`, `bulk_create()`, `bulk_update()` and plain SQL. Run them
inside `bulk_changes()`, or run `manage.py new_content_version` after SQL; otherwise they show
once cached pages and counts expire (DJANGO_PAGE_CACHE_SECONDS, DJANGO_COUNT_CACHE_SECONDS).

Watchers:

- With Redis (production), the state lives in Redis and every app server hears of a change at
  once: each change is published on a Redis channel every worker subscribes to (RedisWatcher),
  so trusting the copy costs no round trip, and a worker that cannot hear Redis asks it on every
  request.
- With the default local-memory cache each gunicorn worker has its own cache, so a change also
  touches a stamp file that every worker on the machine checks (StampWatcher: one `stat` a
  request).

The cache is optional. If it fails (Redis down, say), pages are served from the database, the
failure is logged once, and the cache is tried again after a pause.
"""

import contextvars
import functools
import hashlib
import logging
import os
import re
import threading
import time
import uuid
from contextlib import ExitStack, contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max, Min
from django.dispatch import receiver
from django.utils import timezone

from unodc_portal import replica

logger = logging.getLogger("unodc_portal.cache")


# What a page is made from besides the content: the code, templates, translations and static
# files of this checkout, and the libraries it asks for. Their digest is part of the key of every
# page and remembered value, so that a new release never serves what an earlier one stored (until
# the next change, or for PAGE_CACHE_SECONDS), and two releases side by side during a rolling
# update each keep their own. (Settings read from the environment are not in it: after changing
# one that pages show, run `manage.py new_content_version`.)
RELEASE_FOLDERS = ("milestones", "programmes", "unodc_portal", "templates", "locale", "static")
RELEASE_FILES = ("requirements.txt",)
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".json", ".svg"}


@functools.cache
def release():
    """A short digest of the files pages are made from, worked out once per process."""
    digest = hashlib.sha256()
    files = [settings.BASE_DIR / name for name in RELEASE_FILES]
    for folder in RELEASE_FOLDERS:
        files += sorted(
            path
            for path in (settings.BASE_DIR / folder).rglob("*")
            if path.suffix in RELEASE_SUFFIXES and "__pycache__" not in path.parts
        )
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


STATE_KEY = "page-cache:state"


# Changed with every change to content. A state records the generation it was worked out under,
# so that one worked out while an editor's change was committing (it may have missed a newly
# scheduled item) is not trusted afterwards.
GENERATION_KEY = f"{STATE_KEY}:generation"


# Where changes are announced to the processes that keep a copy (RedisWatcher).
CHANGES_CHANNEL = "page-cache:changes"


RETRY_AFTER_FAILURE = 30  # seconds without trying the cache after it failed


# How often a worker makes sure its connection to Redis still carries news of changes, and how
# long it waits for the answer: the longest a silently broken connection can go unnoticed.
HEARTBEAT_SECONDS, HEARTBEAT_TIMEOUT = 1.0, 0.5


class CacheGuard:
    """Runs cache calls, turning a failure into "no cache" and logging it once per outage."""

    def __init__(self):
        self.down_until = 0.0

    def call(self, operation, *args, default=None, even_if_down=False):
        if time.monotonic() < self.down_until and not even_if_down:
            return default
        try:
            result = operation(*args)
        except Exception as error:  # any backend error: the cache is optional, never fatal
            if not self.down_until:
                logger.warning("cache unavailable, serving without it", extra={"error": type(error).__name__})
            self.down_until = time.monotonic() + RETRY_AFTER_FAILURE
            return default
        if self.down_until:
            logger.warning("cache available again")
            self.down_until = 0.0
        return result


guard = CacheGuard()


REFERENCE = "reference"  # the topic of every model PAGE_CACHE_TOPICS does not name

# A token changed only by a change whose models are not known (SQL, `bulk_changes()`, `manage.py
# new_content_version`, a row loaded as stored), which changes every topic. Every stored page
# depends on it, also a page that reads no row: after a change of settings that pages show
# (DJANGO_LANGUAGES, say), `new_content_version` ends them all.
ANY_CHANGE = "any-change"

# Each topic but the reference has a second token for its items' *words*: the columns only the
# words filter reads (`words_columns` of the model: title, summary, body...), and the audit
# columns. A save that changes nothing else changes that token alone, so only lists filtered by
# words count again, and the pages that show the topic's rows end (page_cache.py).
WORDS = "-words"

# Columns that every save changes and that no count reads (`version` is the admin's count of
# saves, against two editors overwriting each other).
AUDIT_COLUMNS = {"updated_at", "updated_by_id", "version"}

COLUMNS_BEFORE_SAVE = "_columns_before_save"  # where a row's columns wait for post_save


def topic_of(model):
    """The topic a change to `model` changes. A link table Django made for a many-to-many field
    belongs to the model that declares the field."""
    owner = model._meta.auto_created or model
    return settings.PAGE_CACHE_TOPICS.get(owner._meta.label, REFERENCE)


def all_topics():
    topics = set(settings.PAGE_CACHE_TOPICS.values())
    return sorted({REFERENCE, ANY_CHANGE, *topics, *(topic + WORDS for topic in topics)})


def remember_columns_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save receiver for models with `words_columns`: the row's columns as stored, so that
    post_save can tell which topics the save changes (changed_topics)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    names = [field.attname for field in sender._meta.concrete_fields if not field.primary_key]
    if update_fields is not None:
        names = [field.attname for field in sender._meta.concrete_fields if field.name in update_fields]
    instance.__dict__[COLUMNS_BEFORE_SAVE] = (
        sender._base_manager.using(DEFAULT_DB_ALIAS).filter(pk=instance.pk).values(*names).first()
    )


def changed_topics(sender, kwargs):
    """The topics a save, delete or changed link changes: the model's topic, or after a save of
    a model with `words_columns` whose stored columns were read first, only what changed; None
    (all of them) for a row loaded as stored.

    The words token stands for every column that no count reads but the words filter: the
    searched columns, and the audit columns, which pages show ("last changed", in feeds and
    sitemaps) and no count reads. Every save of an item moves its last change (auto_now, or
    fragments.touch_items() after a save naming its fields), so every save changes a token."""
    if kwargs.get("raw"):
        return None  # loaded as stored, updated_at included: every topic, so no card is kept
    topic = topic_of(sender)
    instance = kwargs.get("instance")
    before = instance.__dict__.pop(COLUMNS_BEFORE_SAVE, None) if "created" in kwargs else None
    if before is None or kwargs["created"]:
        return [topic]
    changed = {name for name, value in before.items() if getattr(instance, name) != value}
    return [topic + WORDS] if changed <= {*sender.words_columns, *AUDIT_COLUMNS} else [topic]


# The topics read so far by the page being rendered for the page cache (recording_reads()), or
# None while nothing is recorded.
_topics_read = contextvars.ContextVar("topics_read", default=None)


@functools.cache
def topics_of_tables():
    """{table: the topics a page that reads its rows depends on}, for every table of
    PAGE_CACHE_APPS: the model's topic and, but for the reference, its words (a page shows the
    rows' words and last change, which only the words token follows). Tables of other apps are
    left out: no change to them starts a new version either."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in settings.PAGE_CACHE_APPS:
            topic = topic_of(model)
            found[model._meta.db_table] = (topic,) if topic == REFERENCE else (topic, topic + WORDS)
    return found


SQL_WORD = re.compile(r"\w+")  # table names, quoted by the ORM or not (raw SQL)


def note_tables(execute, sql, params, many, context):
    """Database execute wrapper: notes the topics of the tables a statement reads."""
    read = _topics_read.get()
    if read is not None:
        tables = topics_of_tables()
        for word in set(SQL_WORD.findall(sql)):
            read.update(tables.get(word, ()))
    return execute(sql, params, many, context)


class TopicsRead(set):
    """The topics a page read; `kept` holds those noted by note_read(), of values taken from the
    cache (a page checked by its rows cannot be for those topics: page_rows.py)."""

    def __init__(self):
        super().__init__()
        self.kept = set()


@contextmanager
def recording_reads():
    """Collects, in the set it yields, the topics of everything read inside: the tables of every
    query on every database (the replica's too), and what is noted by note_read(). A page stored
    under the tokens of those topics (page_cache.py) outlives changes to the others. Inside
    another recording, what is read is noted in both (page_rows.py tells the topics of each of
    its queries so)."""
    outer = _topics_read.get()
    read = TopicsRead()
    token = _topics_read.set(read)
    try:
        with ExitStack() as stack:
            if outer is None:  # otherwise the wrappers are in place, noting in the set of the moment
                for alias in connections:
                    stack.enter_context(connections[alias].execute_wrapper(note_tables))
            yield read
    finally:
        _topics_read.reset(token)
        if outer is not None:
            outer.update(read)
            outer.kept.update(read.kept)


def note_read(topics):
    """Notes, for the page being recorded, a value read without a query: one kept under the
    tokens of `topics` (all of them when None: a value kept under the content version)."""
    read = _topics_read.get()
    if read is not None:
        noted = all_topics() if topics is None else topics
        read.update(noted)
        read.kept.update(noted)


@contextmanager
def unrecorded():
    """Reads that are not the page's: the value of `remembered()`, whose topics are noted as
    declared (so a page depends on the same topics whether the value was kept or worked out), and
    the state's own queries."""
    token = _topics_read.set(None)
    try:
        yield
    finally:
        _topics_read.reset(token)


def tokens_of(topics, state):
    """((topic, token), ...) of `topics` in `state`, sorted: what a page or a value read from
    those topics is kept under."""
    return tuple((topic, state["topics"][topic]) for topic in sorted(topics))


def topics_hold(read, state):
    """Whether `read`, ((topic, token), ...) as recorded with a page, still holds in `state`."""
    tokens = state["topics"]
    return all(tokens.get(topic) == token for topic, token in read)


def topic_key(topic):
    return f"{STATE_KEY}:topic:{topic}"


def topic_stamp_file(topic):
    """With per-process caches, each topic's token is the time of a file beside the stamp file."""
    path = settings.CONTENT_STAMP_FILE
    return path.with_name(f"{path.name}.{topic}")


def topic_tokens(latest):
    """{topic: token} as the last announced changes left them, each followed by the time of the
    latest publication that has come among its scheduled models (a scheduled item going live
    changes its topic without any save: `latest`, from publication_times()). Read only when a new
    state is worked out."""
    topics = all_topics()
    if cache_is_per_process():
        tokens = {}
        for topic in topics:
            path = topic_stamp_file(topic)
            if not path.exists():
                # The first time on this machine (or after var/ was emptied): a token of its own,
                # unlike any before.
                path.parent.mkdir(parents=True, exist_ok=True)
                path.touch()
            tokens[topic] = str(path.stat().st_mtime_ns)
    else:
        keys = {topic: topic_key(topic) for topic in topics}
        found = guard.call(cache.get_many, list(keys.values()), default={})
        for key in keys.values():
            if key not in found:
                # Redis restarted, or the key was evicted: a new token, the same for everyone
                # (add() keeps the first one set).
                guard.call(cache.add, key, uuid.uuid4().hex, None)
        missing = [key for key in keys.values() if key not in found]
        if missing:
            found |= guard.call(cache.get_many, missing, default={})
        # Still none (the cache is down): a token of this state's own, shared with no other.
        tokens = {topic: found.get(key) or uuid.uuid4().hex for topic, key in keys.items()}
    for topic, at in latest.items():
        tokens[topic] = f"{tokens[topic]}.{at}"
    return tokens


def publication_times():
    """(when the next scheduled story, event, edition or publication goes live, or None; {topic:
    the latest publication time that has come}). Read from the primary even inside a request
    reading the replica: a lagging replica could miss an item scheduled by the change that
    started this state. Two queries a model, each answered from the index on the publication
    time (one aggregate with both, filtered, read the whole table)."""
    now = timezone.now()
    upcoming, latest = [], {}
    for model in map(apps.get_model, settings.PAGE_CACHE_SCHEDULED_MODELS):
        published = model.objects.using(DEFAULT_DB_ALIAS).filter(status="published")
        next_at = published.filter(published_at__gt=now).aggregate(at=Min("published_at"))["at"]
        last_at = published.filter(published_at__lte=now).aggregate(at=Max("published_at"))["at"]
        if next_at is not None:
            upcoming.append(next_at)
        topic = topic_of(model)
        latest[topic] = max(latest.get(topic, ""), last_at.isoformat() if last_at else "")
    return min(upcoming, default=None), latest


def cache_is_per_process():
    return settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def stamp():
    """When content last changed on this machine (the stamp file's time), for per-process caches."""
    try:
        return os.stat(settings.CONTENT_STAMP_FILE).st_mtime_ns
    except FileNotFoundError:
        return 0


def deliver_undelivered_change():
    retry_at = _undelivered["retry_at"]
    if retry_at is not None and time.monotonic() >= retry_at:
        announce_or_retry()


def announce_or_retry(topics=None):
    """Announce a change; if the cache cannot be told, try again a second later (on a request),
    then as a change of every topic (which topics went unannounced is not kept). While one is
    waiting, every announcement is of every topic: the next may reach the cache first."""
    if _undelivered["retry_at"] is not None:
        topics = None
    if announce_change(topics) is FAILED:
        if _undelivered["retry_at"] is None:
            logger.error("a change could not be announced to the cache; trying again every second")
        _undelivered["retry_at"] = time.monotonic() + UNDELIVERED_RETRY_SECONDS
    elif _undelivered["retry_at"] is not None:
        _undelivered["retry_at"] = None
        logger.warning("a change that could not be announced earlier has been announced")


def announce_change(topics=None):
    """New tokens for the topics changed (all of them when `topics` is None), a new generation,
    then no state (the next request works out a new version), then the news to every process
    that keeps a copy. The tokens come first: a state worked out from now on holds the new
    ones, and one worked out before is not trusted once the generation changes."""
    tokens = {topic_key(topic): uuid.uuid4().hex for topic in (all_topics() if topics is None else topics)}
    if (
        tokens
        and not cache_is_per_process()
        and guard.call(cache.set_many, tokens, None, default=FAILED, even_if_down=True)
    ):
        return FAILED  # set_many() returned the keys it could not set, or failed
    if guard.call(cache.set, GENERATION_KEY, uuid.uuid4().hex, None, default=FAILED, even_if_down=True) is FAILED:
        return FAILED
    if guard.call(cache.delete, STATE_KEY, default=FAILED, even_if_down=True) is FAILED:
        return FAILED
    return guard.call(publish_change, default=FAILED, even_if_down=True)


def current_version():
    """The current state: its version and topics' tokens, which pages, values and cards are kept
    under; a new one starts after any change and when a scheduled item's time has come. This
    process's copy answers while it is known current."""
    deliver_undelivered_change()
    copy = local_copy()
    state = copy.current_state()
    if state is None:
        token, state, _ = fresh_state(copy)
        copy.keep(token, state)
    # What is read from now on and kept under this state must hold all it covers (replica.py).
    replica.reads_cover(state)
    return state


def fresh_state(copy, *keys):
    """(token for copy.keep, the state read afresh, what else was asked for): the watcher
    listens before the state is read, and `keys` come back in the same round trip."""
    token = copy.listen()
    found = guard.call(cache.get_many, [STATE_KEY, GENERATION_KEY, *keys], default={})
    return token, checked_state(found.get(STATE_KEY), found.get(GENERATION_KEY)), found


def checked_state(state, generation):
    """The stored version state if it still holds, otherwise a new one (stored for the others).
    `generation` is the one read with the state."""
    now = timezone.now()
    local_stamp = stamp() if cache_is_per_process() else 0
    if (
        state is None
        or state.get("generation") != generation
        or state["stamp"] != local_stamp
        or (state["next_change"] is not None and now >= state["next_change"])
        # Worked out before a replica was configured: no page could read the replica under it.
        or (state.get("lsn") is None and replica.configured())
        # Worked out by a release with other topics, or none (during a rolling update).
        or set(state.get("topics", ())) != set(all_topics())
    ):
        with unrecorded():
            next_change, latest = publication_times()
        state = {
            "version": uuid.uuid4().hex,
            "generation": generation,
            "stamp": local_stamp,
            "next_change": next_change,
            # Read before the WAL position: the position must come after the change that set them.
            "topics": topic_tokens(latest),
            # Where the primary's WAL stood: after every change announced before this state.
            "lsn": replica.position_for_new_state(),
        }
        guard.call(cache.set, STATE_KEY, state, None)
    return state


FAILED = object()


UNDELIVERED_RETRY_SECONDS = 1.0


# The state a request for a page started in, before it read any row (set by
# fragments.RequestStateMiddleware): what the request works out from the rows it reads, a
# remembered value or a card, is kept under it (remembered.py, fragments.py).
REQUEST_STATE = contextvars.ContextVar("request_state", default=None)

_undelivered = {"retry_at": None}  # when to try again to announce a change the cache missed


def new_content_version(topics=None, **kwargs):
    """Start a new version: every cached page, value and fragment kept under one of `topics` is
    out of date from the next request on (all of them by default: a change whose models are not
    known, such as SQL)."""
    if _local_copy is not None:
        _local_copy.drop()  # this worker at once, without waiting for Redis's message
    # Tried even while the cache counts as down: a skipped announcement would leave every other
    # app server on the old version.
    announce_or_retry(topics)
    if cache_is_per_process():
        # The topics' files before the stamp file: a worker that sees the new stamp reads them.
        for path in [*map(topic_stamp_file, all_topics() if topics is None else topics), settings.CONTENT_STAMP_FILE]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            # Two changes within the file system's clock tick must still differ.
            os.utime(path, ns=(time.time_ns(), time.time_ns()))


_bulk = threading.local()


@contextmanager
def bulk_changes():
    """For code that changes many rows at once: one new version at the end, not one per row.
    Also the way to make QuerySet.update(), bulk_create() and bulk_update() followed, which send
    no signals. The version starts once the transaction around it (if any) has committed."""
    _bulk.active = True
    try:
        yield
    finally:
        _bulk.active = False
        transaction.on_commit(new_content_version)


def invalidate_on_change(sender, **kwargs):
    """Signal receiver for saves, deletes and changed links of anything the pages show."""
    if sender._meta.app_label not in settings.PAGE_CACHE_APPS:
        return
    topics = changed_topics(sender, kwargs)
    if not getattr(_bulk, "active", False):
        # After the commit: a request rendered before it would otherwise keep the old content
        # under the new tokens. (Outside a transaction this runs at once.)
        transaction.on_commit(functools.partial(new_content_version, topics))


PAGE_OVERHEAD_BYTES = 500  # what a copied page costs besides its text (objects, dict slot)


ROW_VERSION_BYTES = 100  # what a version of a row a page shows costs in a copied page (page_rows.py)


def copied_size(key, entry):
    rows = 0 if entry[5] is None else sum(len(versions) for _topics, versions in entry[5][3])
    return (
        PAGE_OVERHEAD_BYTES
        + len(key)
        + len(entry[3])
        + sum(len(n) + len(v) for n, v in entry[2])
        + rows * ROW_VERSION_BYTES
    )


class LocalCopy:
    """This process's copy of the version state and of recent pages, so that most hits cost no
    round trip to the cache. The state is trusted only while the watcher vouches that it has not
    changed since it was read; otherwise it is read again. A page is used only while what it was
    rendered from holds in the state trusted (topics_hold), or once its rows are checked
    (page_cache.current_entry)."""

    def __init__(self, watcher, max_bytes):
        self.watcher = watcher
        self.max_bytes = max_bytes
        self.lock = threading.Lock()  # for gunicorn's threaded workers
        self.news = 0  # how often a change was heard of: a state read before one is not kept
        self.clear()

    def clear(self):
        self.state = None
        self.pages = {}
        self.size = 0

    def forget(self):
        """News of a change: the state is read again. The pages stay, each checked against it."""
        self.news += 1
        self.state = None

    def drop(self):
        """Forget the copy from outside: this process itself made a change."""
        with self.lock:
            self.forget()

    def current_state(self):
        with self.lock:
            state = self.state
            if state is None:
                return None
            if not self.watcher.unchanged(state) or (
                state["next_change"] is not None and timezone.now() >= state["next_change"]
            ):
                self.forget()
                return None
            return state

    def listen(self):
        """Make sure the watcher listens before the state is read afresh. Returns the token
        `keep` needs, or None if the watcher cannot listen (nothing is kept then)."""
        with self.lock:
            if not (self.watcher.start() and self.watcher.unchanged(self.state)):
                self.forget()
            # Asked again: the look may have found the connection dead and dropped it (a new
            # one, or none, must decide whether what is read next can be kept).
            return self.news if self.watcher.start() else None

    def keep(self, token, state, key=None, entry=None):
        """Keep the state read after `listen()` gave `token`, and a page stored under it, unless
        news of a change came in meanwhile (another thread may have heard it)."""
        with self.lock:
            if token is None or token != self.news:
                return
            self.state = state  # the pages copied stay: each is checked against the state
            if key is not None:
                self.copy_page(key, entry)

    def keep_page(self, key, entry):
        """Keep a page: whatever state it was stored under, it is checked against the state
        trusted whenever it is used."""
        with self.lock:
            self.copy_page(key, entry)

    def copy_page(self, key, entry):
        size = copied_size(key, entry)
        replaced = self.pages.pop(key, None)
        if replaced is not None:
            self.size -= copied_size(key, replaced)
        if self.size + size > self.max_bytes:
            self.pages, self.size = {}, 0  # start over rather than track use: pages are cheap to fetch
        self.pages[key] = entry
        self.size += size

    def page(self, key):
        """The copied page, unless it is past its time in the cache; whether what it read holds
        is for the caller to check (page_cache.current_entry)."""
        entry = self.pages.get(key)
        if entry is None or time.time() >= entry[4]:
            return None
        return entry


class StampWatcher:
    """With a per-process cache, changes made by other workers on this machine show in the stamp file."""

    def start(self):
        return True

    def unchanged(self, state):
        return state is None or state["stamp"] == stamp()


class RedisWatcher:
    """With Redis, every change is published on a channel (CHANGES_CHANNEL) that each process
    subscribes to: any message on it means "read the state again". A subscription that stops
    answering means nothing local is trusted until it is back."""

    def __init__(self, location):
        self.location = location
        self.subscription = None
        self.pid = None
        self.retry_at = 0.0

    def start(self):
        """Listen, if this process does not yet; False if Redis cannot be reached."""
        return (self.subscription is not None and self.pid == os.getpid()) or self.connect()

    def connect(self):
        if time.monotonic() < self.retry_at:
            return False
        import redis

        try:
            subscription = changes_client(self.location).pubsub()
            subscription.subscribe(changes_channel(self.location))
            # Redis confirms the subscription: nothing published from then on is missed.
            confirmed = subscription.get_message(timeout=HEARTBEAT_TIMEOUT)
            if not confirmed or confirmed["type"] != "subscribe":
                raise redis.RedisError("the subscription was not confirmed")
        except Exception:  # any failure: a round trip per request, and another try later
            self.subscription = None
            self.retry_at = time.monotonic() + RETRY_AFTER_FAILURE
            return False
        self.subscription, self.pid = subscription, os.getpid()
        self.pinged_at = self.answered_at = time.monotonic()
        return True

    def unchanged(self, state):
        """True if no change was published since the last look (reading what was), and a pong
        vouches that the subscription was alive within the last HEARTBEAT_SECONDS +
        HEARTBEAT_TIMEOUT: one that died without closing (a network drop, a failover) would
        otherwise look like one on which nothing changed. That is the longest a change can go
        unheard. A ping goes out every HEARTBEAT_SECONDS; while its pong is awaited past that
        bound, the copy is not trusted (the state is read from Redis), and a ping unanswered for
        HEARTBEAT_TIMEOUT counts as a lost subscription."""
        if self.subscription is None or self.pid != os.getpid():
            return False
        quiet = True
        try:
            while (message := self.subscription.get_message(timeout=0.0)) is not None:
                if message["type"] == "pong":
                    # Alive when the ping went out, not merely when its pong was read.
                    self.answered_at = self.pinged_at
                else:
                    quiet = False  # a change, or the confirmation of a new subscription
            now = time.monotonic()
            awaiting = self.pinged_at > self.answered_at
            if awaiting and now > self.pinged_at + HEARTBEAT_TIMEOUT:
                raise TimeoutError("no pong from Redis on the subscription")
            if not awaiting and now >= self.answered_at + HEARTBEAT_SECONDS:
                self.subscription.ping()
                self.pinged_at = now
        except Exception:  # closed, failed or silent: changes could go unheard from here on
            self.subscription = None
            return False
        return quiet and now <= self.answered_at + HEARTBEAT_SECONDS + HEARTBEAT_TIMEOUT


@functools.cache
def changes_client(location):
    """The redis-py client that publishes and subscribes to changes (one per process and server)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # No retries: redis-py would otherwise reconnect and subscribe again inside get_message(),
    # and what was published meanwhile would be lost unheard. A broken connection raises, and
    # RedisWatcher.connect() subscribes afresh, waiting for the confirmation before trusting.
    return redis.Redis.from_url(
        location,
        socket_connect_timeout=0.5,
        socket_timeout=0.5,
        client_name="portal-page-cache-changes",
        retry=Retry(NoBackoff(), 0),
    )


def publish_change():
    """Tells every process watching through Redis that content changed (nothing to do without it)."""
    if cache_is_per_process():
        return None
    location = settings.CACHES["default"]["LOCATION"]
    return changes_client(location).publish(changes_channel(location), "")


def changes_channel(location):
    """The channel of one cache: Redis's channels are shared by all its databases."""
    return cache.make_key(f"{CHANGES_CHANNEL}:{hashlib.sha256(location.encode()).hexdigest()[:16]}")


def local_copy():
    """The process's LocalCopy, made on first use (the cache settings are known by then)."""
    global _local_copy
    if _local_copy is None:
        location = settings.CACHES["default"].get("LOCATION")
        watcher = StampWatcher() if cache_is_per_process() else RedisWatcher(location)
        _local_copy = LocalCopy(watcher, settings.PAGE_COPY_BYTES)
    return _local_copy


_local_copy = None


@receiver(setting_changed)
def forget_local_copy(**kwargs):
    """Tests that change the cache settings start with a new copy."""
    global _local_copy
    _local_copy = None
    topics_of_tables.cache_clear()
