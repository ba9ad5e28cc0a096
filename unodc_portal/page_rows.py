"""Detail pages checked by the rows they show, rather than ended by every change of their topics.

An event's page shows a few stories, quotes, figures and publications and the events next to
it. Stored under the tokens of the topics it reads (page_cache.py), it would end with every
save of any story or event, and a busy day's saves would end thousands of such pages at once.
So a detail view may say which rows of those topics its page shows: before it reads anything,
it calls `shows_rows(find, *args)`, where `find(*args)` returns querysets of those rows, found
from the page's address alone. The page is stored with the *versions* of the rows found then.

When a later state has changed only topics whose rows the page declared (and the page took no
kept value of them: a count or a card reads more than its rows), the page cache finds the rows
again and compares (`still_shown`): a few indexed queries instead of a render. The same rows
with the same versions mean the page would be the same; the stored page is served and stored
again under the new tokens. Anything else and the page is rendered afresh.

Why the check cannot miss a change:

- A row's version is its last change (`updated_at`), which only grows, and which every change to
  the row, its parts (PAGE_CACHE_PARTS) and its links moves (content_version.py and fragments.py
  keep that promise for cards already). A part shown on another item's page (a quote said at an
  event) is versioned by its own last change and its item's.
- The rows are found without the filters the page applies (published, public): every row the
  page could show, whatever its status, with whether it is live (published, its time come).
  A row that is published and unpublished again has a new version; a scheduled row whose time
  comes is live; a row newly linked, or deleted, changes the rows found.
- The versions are taken before the page reads anything, so a change committed while it renders
  shows as a difference afterwards (at worst the page is rendered once more than needed).

What this relies on, and tests/test_page_rows.py checks for every event and story page of the
seed: that `find` returns every row of its topics the page shows. A page whose template or view
starts to show more (a sidebar of other stories) would otherwise outlive their changes.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Exists, OuterRef
from django.utils.module_loading import import_string

from unodc_portal.content_version import topics_of_tables

_declared = contextvars.ContextVar("rows_declared", default=None)


class Declared:
    """What the page being recorded declared: (import path of `find`, its arguments, the topics
    its rows cover, the rows' versions), or None."""

    def __init__(self):
        self.rows = None


@contextmanager
def recording():
    """Collects what the page rendered inside declares (page_cache.py's middleware)."""
    declared = Declared()
    token = _declared.set(declared)
    try:
        yield declared
    finally:
        _declared.reset(token)


def shows_rows(find, *args):
    """Called by a detail view before it reads anything: the page shows, of the topics of the
    querysets `find(*args)` returns, only their rows. Nothing is done unless the page is being
    recorded for the page cache."""
    declared = _declared.get()
    if declared is None:
        return
    if declared.rows is not None:
        raise RuntimeError("a page declares the rows it shows once")
    querysets = find(*args)
    tables = topics_of_tables()
    topics = frozenset(topic for queryset in querysets for topic in tables[queryset.model._meta.db_table])
    declared.rows = (f"{find.__module__}.{find.__qualname__}", args, topics, versions(querysets))


def checks(declared, kept):
    """What a page's entry stores for the check: the declaration, with the topics of values it
    took from the cache (`kept`) left out of those its rows cover; None if nothing is left."""
    if declared.rows is None:
        return None
    path, args, topics, found = declared.rows
    topics = topics - kept
    return (path, args, topics, found) if topics else None


def versions(querysets):
    """(model, id, last change[, its item's last change][, live]) of every row, sorted."""
    found = []
    for queryset in querysets:
        model = queryset.model
        owner = settings.PAGE_CACHE_PARTS.get(model._meta.label)
        fields = ["pk", "updated_at"]
        item, item_id = model, "pk"
        if owner is not None:
            item, item_id = model._meta.get_field(owner).related_model, f"{owner}_id"
            fields.append(f"{owner}__updated_at")
        if item._meta.label in settings.PAGE_CACHE_SCHEDULED_MODELS:
            # The rule of the public pages (`published()`), as of now.
            queryset = queryset.annotate(live=Exists(item.objects.published().filter(pk=OuterRef(item_id))))
            fields.append("live")
        found += [(model._meta.label, *row) for row in queryset.values_list(*fields)]
    return tuple(sorted(found))


def still_shown(checked, read, state):
    """Whether a stored page whose `checks` are `checked` and whose topics' tokens `read` no
    longer all hold in `state` shows what it would show now: only topics its rows cover have
    changed, and its rows are the same, with the same versions. Reads the primary (outside a
    request, the router's default), which holds every change the state covers."""
    if checked is None:
        return False
    path, args, topics, found = checked
    tokens = state["topics"]
    if any(tokens.get(topic) != token and topic not in topics for topic, token in read):
        return False
    try:
        return versions(import_string(path)(*args)) == found
    except DatabaseError:
        # Django answers, and says what went wrong; its next request closes a broken connection.
        return False
