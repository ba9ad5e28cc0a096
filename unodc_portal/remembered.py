"""Values worked out once per content version: the number of results and the facet counts of a
filtered list, the filter options, the programme tree, the sections of a page (fragments.py).
Every page of a list shares them, and each worker keeps those it has used (content_version.py
explains the words). A value worked out from some topics only is kept under their tokens
instead, and outlives changes to the others."""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

from unodc_portal.content_version import (
    REQUEST_STATE,
    current_version,
    guard,
    note_read,
    release,
    tokens_of,
    unrecorded,
)


def remembered(parts, compute, *, topics=None):
    """The value of `compute()`, kept under the content version (or the tokens of `topics`) of
    the state a request for a page started in, otherwise the current one: counts and facet
    numbers of a filtered list are worked out once per version, not on every page of it, and
    for COUNT_CACHE_SECONDS at most (a write that starts no new version, a fix made in SQL say,
    shows after that).

    The worker also keeps the values it has used, until the same time: a list page needs about
    ten, and a Redis round trip and unpickling for each would be a noticeable share of the page.
    (Each is kept under its full key, version or topics' tokens included, so one of an earlier
    version is never used; they go when the worker holds too many.) A value is shared by every
    request that asks for it, so callers must not change it.

    `topics`: the topics (content_version.py) of every row `compute()` reads, when the caller
    knows them; the value is then kept under their tokens, so that a change to another topic
    leaves it. None: under the content version, which any change ends."""
    global _remembered_here
    if not settings.COUNT_CACHE_SECONDS:
        return compute()
    # Inside a request for a page, under the state it started in: what `compute()` uses may
    # have been read by the page before (a programme's subtree of ids, say). The value is never
    # older than the state it is kept under, and a request that starts after a change of its
    # topics never finds it: it works the value out again.
    state = REQUEST_STATE.get() or current_version()
    kept = _remembered_here
    if len(kept) > REMEMBERED_HERE_MAX:
        kept = _remembered_here = {}  # one assignment: threads see the old dict or the new one
    key = remembered_key(parts, state, topics)
    until, value = kept.get(key) or (0, None)
    if until <= time.time():
        with unrecorded():
            entry = guard.call(cache.get, key) or computed_once(key, lambda: with_expiry(compute))
        kept[key] = entry
        until, value = entry
    note_read(topics)  # the page showing it depends on what it is kept under, as the value does
    return value


def remembered_each(entries):
    """remembered() of each (parts, compute, topics) of `entries`, in order, asked of the cache in
    one round trip and not kept by the worker: for values that readers ask for in thousands of
    forms, each seldom (the hits of a search), which would push the counts that every list page
    needs out of the worker's copy."""
    if not settings.COUNT_CACHE_SECONDS:
        return [compute() for _, compute, _ in entries]
    state = REQUEST_STATE.get() or current_version()
    keys = [remembered_key(parts, state, topics) for parts, _, topics in entries]
    with unrecorded():
        found = guard.call(cache.get_many, keys, default={})
    values = []
    for key, (_, compute, topics) in zip(keys, entries, strict=True):
        if key not in found:
            with unrecorded():
                found[key] = computed_once(key, functools.partial(with_expiry, compute))
        note_read(topics)
        values.append(found[key][1])
    return values


def remembered_key(parts, state, topics):
    # Under the release too: two releases side by side (a rolling update) may work out a value,
    # or pickle it, differently.
    return f"remembered:{release()}:{kept_under(state, topics)}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def kept_under(state, topics):
    """What a value worked out in `state` from `topics` is kept under: the topics' tokens, or
    the version when the topics are not known."""
    if topics is None:
        return state["version"]
    return hashlib.sha256(repr(tokens_of(topics, state)).encode()).hexdigest()


def with_expiry(compute):
    """(when the value expires, the value): the time goes with the value, so every worker that
    keeps a copy lets it go when the cache does."""
    value = compute()
    return time.time() + settings.COUNT_CACHE_SECONDS, value


REMEMBERED_HERE_MAX = 512  # values a worker keeps (each list page uses about ten)


_remembered_here = {}


@receiver(setting_changed)
def forget_remembered_here(**kwargs):
    """Tests that change settings start with no value kept by the worker, as with its copy of
    pages (content_version.forget_local_copy): values kept by earlier tests would fill it, and
    it starts afresh when full."""
    _remembered_here.clear()


COMPUTE_WAIT_SECONDS = 10


def computed_once(key, compute):
    """`compute()`, stored under `key`. While one request works it out, the others that need the
    same value wait for its result instead of doing the same work: right after a change, every
    reader of a big list would otherwise count 100,000 events at once. A waiter that sees no
    result in COMPUTE_WAIT_SECONDS (the first one failed, say) works it out itself.

    Not the cache framework's get_or_set(): it has no lock, so every reader that misses would
    compute the value at once. The lock is the framework's own `add()`, which sets a key only if
    it is absent, on Redis and the local-memory cache alike."""
    lock = f"{key}:computing"
    # Without a cache (default=True) there is nobody to wait for.
    if guard.call(cache.add, lock, True, COMPUTE_WAIT_SECONDS, default=True):
        try:
            value = compute()
            guard.call(cache.set, key, value, settings.COUNT_CACHE_SECONDS)
            return value
        finally:
            guard.call(cache.delete, lock)
    deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        value = guard.call(cache.get, key)
        if value is not None:
            return value
    return compute()
