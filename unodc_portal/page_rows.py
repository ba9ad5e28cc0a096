"""Detail pages checked by the rows they show, rather than ended by every change of their topics.

An event's page shows a few stories, quotes, figures and publications and the events next to
it. Stored under the tokens of the topics it reads (page_cache.py), it would end with every
save of any story or event, and a busy day's saves would end thousands of such pages at once.
So a detail view may say which rows of those topics its page shows: before it reads anything,
it calls `shows_rows(find, *args)`, where `find(*args)` returns querysets of those rows, found
from the page's address alone. The page is stored with the *versions* of the rows found then.

When a later state has changed only topics whose rows the page declared (and the page took no
kept value of them: a count or a card reads more than its rows), the page cache finds again the
rows of each query that reads a changed topic and compares (`still_shown`): a few indexed
queries instead of a render. The same rows with the same versions mean the page would be the
same; the stored page is served and stored again under the new tokens. Anything else and the
page is rendered afresh.

Why the check cannot miss a change:

- A row's version is its last change (`updated_at`), which only grows, and which every change to
  the row, to its parts (PAGE_CACHE_PARTS) and to the links it declares moves (fragments.py
  keeps that promise for cards already), before the change is announced (milestones/apps.py
  connects it first). A part shown on another item's page (a quote said at an event) is
  versioned by its own last change and its item's, which also orders it.
- The rows are found without the filters the page applies (published, public): every row the
  page could show, whatever its status, with whether it is live (published, its time come).
  A row that is published and unpublished again has a new version; a scheduled row whose time
  comes is live (and its topic's token moves); a row newly linked from either side, or deleted,
  changes the rows found.
- A query is run again when a topic of any table it reads has changed (its model's, the link
  tables and the items it joins): nothing else can change what it finds.
- The versions are taken before the page reads anything, so a change committed while it renders
  shows as a difference afterwards (at worst the page is rendered once more than needed).

What this relies on, and tests/test_page_rows.py checks for every event, story and publication
page of the seed: that `find` returns every row of its topics the page shows. A page whose
template or view starts to show more (a sidebar of other stories) would otherwise outlive their
changes.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError
from django.utils.module_loading import import_string

from unodc_portal.content_version import recording_reads, topics_of_tables
from unodc_portal.fragments import key_to_item

logger = logging.getLogger("unodc_portal.cache")

_declared = contextvars.ContextVar("rows_declared", default=None)


class Declared:
    """What the page being recorded declared: (import path of `find`, its arguments, the topics
    its rows cover, and for each query (the topics whose change has it run again, the versions
    of the rows it found)), or None."""

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


def view_run_again():
    """The view is run again from its start (from the primary, after the replica failed it
    midway: middleware.py): what it declared before is void, and it declares again."""
    declared = _declared.get()
    if declared is not None:
        declared.rows = None


def shows_rows(find, *args):
    """Called by a detail view before it reads anything: the page shows, of the topics of the
    querysets `find(*args)` returns, only their rows. Returns the versions of the rows each query
    found, in order, each with its model's label, which the part of the page made of those rows
    is kept under (milestones/views.py, ShowsRowsMixin), and records them for the page cache when
    the page is being recorded. None when neither is the case (COUNT_CACHE_SECONDS 0, not
    recorded)."""
    declared = _declared.get()
    if declared is None and not settings.COUNT_CACHE_SECONDS:
        return None
    if declared is not None and declared.rows is not None:
        # A second declaration would be taken after reads of the page, and each would cover the
        # other's topics with its own rows.
        raise RuntimeError("a page declares the rows it shows once")
    found, labels, topics = [], [], set()
    for query in find(*args):
        labels.append(query.model._meta.label)
        with recording_reads() as read:
            rows = versions(query)
        # Run again after a change of any table it reads (its model's, the link tables and the
        # items it joins), or of its own topics (a query that sends no SQL reads none).
        own = set(topics_of_tables()[query.model._meta.db_table])
        found.append((frozenset(read | own), rows))
        # Covered: the topics whose rows are versioned, not every topic a query reads (a join to
        # reference data to filter by is not).
        topics |= own
    if declared is not None:
        declared.rows = (f"{find.__module__}.{find.__qualname__}", args, frozenset(topics), tuple(found))
    return tuple((label, rows) for label, (_read, rows) in zip(labels, found, strict=True))


def checks(declared, kept):
    """What a page's entry stores for the check: the declaration, with the topics of values it
    took from the cache (`kept`) left out of those its rows cover; None if nothing is left."""
    if declared.rows is None:
        return None
    path, args, topics, found = declared.rows
    topics = topics - kept
    return (path, args, topics, found) if topics else None


def versions(queryset):
    """(id, last change[, its item's last change][, live]) of each row `queryset` finds, sorted:
    live is the item's `is_live` (the rule of the public pages, published(), for one row) on the
    status and publication time read with the row. In no order from the database (a model's
    default order costs a sort, and compiling it). A part's item (settings.PAGE_CACHE_PARTS) has
    the same topic as the part."""
    model = queryset.model
    key = key_to_item(model)
    item, prefix = (model, "") if key is None else (key.related_model, f"{key.name}__")
    fields = ["pk", "updated_at"]
    if prefix:
        fields.append(f"{prefix}updated_at")
    scheduled = item._meta.label in settings.PAGE_CACHE_SCHEDULED_MODELS
    if scheduled:
        fields += [f"{prefix}status", f"{prefix}published_at"]
    rows = queryset.order_by().values_list(*fields)
    if scheduled:
        rows = ((*row[:-2], item(status=row[-2], published_at=row[-1]).is_live) for row in rows)
    return tuple(sorted(rows))


def still_shown(checked, read, state):
    """Whether a stored page whose `checks` are `checked` and whose topics' tokens `read` no
    longer all hold in `state` shows what it would show now: only topics its rows cover have
    changed, and the rows found by each query that reads a changed topic are the same, with the
    same versions. The other queries are not run again: nothing that changes what they find has
    been announced. Reads the primary (outside a request, the router's default), which holds
    every change the state covers."""
    if checked is None:
        return False
    path, args, topics, found = checked
    tokens = state["topics"]
    changed = {topic for topic, token in read if tokens.get(topic) != token}
    if not changed <= topics:
        return False
    try:
        querysets = import_string(path)(*args)
        shown = len(querysets) == len(found) and all(
            versions(queryset) == rows
            for queryset, (read_by_query, rows) in zip(querysets, found, strict=True)
            if not changed.isdisjoint(read_by_query)
        )
    except DatabaseError as error:
        # Django answers, and says what went wrong; its next request closes a broken connection.
        # Said once for each kind of page until its checks work again: a query broken by a change
        # of schema would otherwise have every such page rendered, unnoticed.
        if path not in _failing:
            logger.warning(
                "checking stored pages by their rows failed; rendering them", extra={"rows": path, "error": repr(error)}
            )
        _failing.add(path)
        return False
    _failing.discard(path)
    return shown


_failing = set()  # the finders whose last check failed
