"""Cards kept across changes: each item's card is rendered once and kept under the item's own last
change, so that after a save a list renders only the cards of the items that changed (the page
around them is rendered afresh, as every page that read the changed topic is; content_version.py
explains the words used here). Sections of a page are kept whole under the topics they show
(`kept_section()`: the home, country and programme pages'). The API's lists keep their items the
same way (`kept_for_rows()`, unodc_portal/api.py's KeptItemsList).

A card's key holds everything its text is made from:

- the item's `updated_at`: a save of the item sets it, and so does every change to one of its
  parts or links (settings.PAGE_CACHE_PARTS, the many-to-many links of the item and of its
  parts), through `touch_items()`, a receiver of the same signals as the content version;
- the token of the "reference" topic: the rows a card shows besides the item's own (its kind,
  countries, edition, programme) are all reference data, and a change whose models are not known
  (`bulk_changes()`, `manage.py new_content_version`) changes every topic's token, this one
  included;
- the template and its arguments, the page's language and the language content is read in, and
  the release (code, templates, translations).

Stored in the cache for COUNT_CACHE_SECONDS at most, like remembered values; a list fetches all
its cards in one round trip. A card shows the same to every reader (no request, no user), which
is what makes it shareable; a card template must keep it so.
"""

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from unodc_portal.content_version import (
    REFERENCE,
    REQUEST_STATE,
    current_version,
    guard,
    note_read,
    release,
    topics_of_tables,
)
from unodc_portal.remembered import remembered, remembered_each
from unodc_portal.translations import reading_language


class RequestStateMiddleware:
    """Takes the state a GET or HEAD of a page starts in, before the view reads any row
    (content_version.REQUEST_STATE): what the request works out from those rows is kept under
    it, remembered values (counts, sections, maps) always, cards only while it still holds (a
    change heard during the request makes a later state). Not for the paths the page cache
    leaves alone (the admin, files, /healthz), which keep nothing, nor when nothing is kept
    (COUNT_CACHE_SECONDS 0): working out a new state costs queries."""

    def __init__(self, get_response):
        # Imported here: page_cache is the outermost layer, and reads the settings once.
        from unodc_portal.page_cache import fast_lane_settings

        self.get_response = get_response
        self.uncached_paths = fast_lane_settings().uncached_paths

    def __call__(self, request):
        if not self.keeps_cards(request):
            return self.get_response(request)
        token = REQUEST_STATE.set(current_version())
        try:
            return self.get_response(request)
        finally:
            REQUEST_STATE.reset(token)

    def keeps_cards(self, request):
        return (
            settings.COUNT_CACHE_SECONDS
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(self.uncached_paths)
        )


def row_key(what, model, pk, versions, state):
    """The key of what is made from one row: `what` says how (a card's template, heading and
    languages), `versions` the row's last change and those of the linked rows it shows."""
    parts = (*what, state["topics"][REFERENCE], model._meta.label, pk, *versions)
    return f"row:{release()}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


class PageRows(Sequence):
    """Rows of one model shown as cards, read only when needed: a page of a list known by its
    rows' ids (unodc_portal/lists.py), or a page's section (`first()`). `cards()` asks for the
    rows' last changes and reads only the rows whose cards are not kept; anything else that goes
    through it reads every row, in order, once. Its length is the number of ids: a row deleted
    or withdrawn between the two reads is left out of the rows, not of the length."""

    def __init__(self, ids, rows, last_changes=None):
        self.ids = ids
        self.rows = rows  # the queryset, with what its rows show; filtered here by pk
        self.known_last_changes = last_changes

    @classmethod
    def first(cls, rows, limit=None):
        """The first `limit` rows of the queryset `rows` in its order (all of them without a
        limit), known by id and last change in one query: a page's section of cards. When no card
        is kept (COUNT_CACHE_SECONDS 0), the rows themselves at once."""
        if not settings.COUNT_CACHE_SECONDS:
            return cls.of(list(rows[:limit]))
        last_changes = list(rows.values_list("pk", "updated_at")[:limit])
        return cls([pk for pk, _ in last_changes], rows, last_changes)

    @classmethod
    def of(cls, rows):
        """Rows already read."""
        page = cls([row.pk for row in rows], None)
        page.all = rows
        return page

    @property
    def model(self):
        return self.rows.model if self.rows is not None else type(self.all[0])

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self.all[index]

    def __iter__(self):
        return iter(self.all)

    def __reversed__(self):
        return reversed(self.all)

    @cached_property
    def all(self):
        return self.read(self.ids)

    def read(self, ids):
        """The rows with these ids, in their order."""
        if "all" in self.__dict__:
            found = {row.pk: row for row in self.all}
        else:
            found = {row.pk: row for row in self.rows.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def last_changes(self, linked=()):
        """(pk, versions) of each row, in order, where versions are its last change and, for each
        key of `linked`, the linked row's (versions_of()): one small query of the rows'
        own columns and the linked rows', through the queryset's filters (a row withdrawn since
        its id was read is left out)."""
        if "all" in self.__dict__:
            return [(row.pk, versions_of(row, linked)) for row in self.all]
        if self.known_last_changes is not None and not linked:
            return [(pk, (updated_at.isoformat(),)) for pk, updated_at in self.known_last_changes]
        columns = [f"{name}__{column}" for name in linked for column in LINKED_COLUMNS]
        rows = self.rows.filter(pk__in=self.ids).values_list("pk", "updated_at", *columns)
        found = {pk: versions_read(self.model, values, linked) for pk, *values in rows}
        return [(pk, found[pk]) for pk in self.ids if pk in found]


# What is read of each linked row: whether it is shown (live) depends on the clock, not only on
# the row, so its status and publication time are read and judged when the key is made.
LINKED_COLUMNS = ("updated_at", "status", "published_at")


def versions_of(row, linked=()):
    """The versions of a row read whole, its linked rows with it (select_related): its last
    change, and linked_version() of each linked row."""
    return (row.updated_at.isoformat(), *(linked_version(getattr(row, name)) for name in linked))


def versions_read(model, values, linked):
    """versions_of() from the columns PageRows.last_changes() read: the row's last change, then
    LINKED_COLUMNS of each linked row."""
    updated_at, *columns = values
    linked_rows = []
    for index, name in enumerate(linked):
        linked_updated_at, status, published_at = columns[index * 3 : index * 3 + 3]
        item_model = model._meta.get_field(name).related_model
        linked_rows.append(
            None
            if linked_updated_at is None
            else item_model(updated_at=linked_updated_at, status=status, published_at=published_at)
        )
    return (updated_at.isoformat(), *map(linked_version, linked_rows))


def linked_version(item):
    """A linked row's last change and whether it is live, or None for no row."""
    return None if item is None else (item.updated_at.isoformat(), item.is_live)


def cards(items, heading):
    """Each item's card (`model.card_template`) as an <li>, the kept ones from the cache and the
    others rendered and kept. `items` holds rows of one model: a PageRows, whose rows are read
    only for the cards not kept, or rows already read."""
    page = items if isinstance(items, PageRows) else PageRows.of(list(items))
    if not page:
        return ""
    what = (page.model.card_template, heading, translation.get_language(), reading_language())
    return list_items(kept_for_rows(page, what, lambda row: render_card(row, heading)))


def kept_for_rows(page, what, make, *, linked=()):
    """`make(row)` for each row of the PageRows `page`, in order: the values kept from the
    cache, the others made and kept, each under `what` (everything else the value is made with),
    the row's last change, the "reference" token and, for each of the keys `linked` to rows of a
    scheduled model that the value shows while they are live (an event's main event), the linked
    row's last change and whether it is live. A row deleted or withdrawn since the page's ids
    were read has none. `make` reads nothing but the row, its parts and links, the rows of
    `linked` and reference data: those are what the key holds."""
    model = page.model
    # What a kept value was made from, for the page showing it (its key says the same).
    note_read({REFERENCE, *topics_of_tables().get(model._meta.db_table, ())})
    # Kept under the reference token of the state the request started in. A change heard since
    # may have come before or after the rows were read: make them, keep nothing.
    state = REQUEST_STATE.get()
    if not settings.COUNT_CACHE_SECONDS or state is None or current_version()["version"] != state["version"]:
        return [make(row) for row in page]
    last_changes = page.last_changes(linked)
    keys = [row_key(what, model, pk, versions, state) for pk, versions in last_changes]
    found = guard.call(cache.get_many, keys, default={})
    values = [found.get(key) for key in keys]
    missing = [pk for (pk, _), value in zip(last_changes, values, strict=True) if value is None]
    if missing:
        made, kept = {}, {}
        for row in page.read(missing):
            # Kept under the versions of the row as read, which may be later than the ones asked
            # for before: the value shows the row as it now is, under its own key. Not kept if a
            # linked row's time came while it was made: it may show the row either way.
            versions = versions_of(row, linked)
            made[row.pk] = make(row)
            if versions_of(row, linked) == versions:
                kept[row_key(what, model, row.pk, versions, state)] = made[row.pk]
        guard.call(cache.set_many, kept, settings.COUNT_CACHE_SECONDS)
        values = [made.get(pk) if value is None else value for (pk, _), value in zip(last_changes, values, strict=True)]
    return [value for value in values if value is not None]


def kept_section(template_name, context, *, models, about=()):
    """A section of a page, rendered from its own template and kept, as a remembered value, under
    the tokens of the topics of `models` (their words included): a change to any row of those
    topics, or an item of them going live, ends it, and nothing else does. After a save of a
    story, the home page's events by country are not worked out again. `models` must name the
    model of every row the section shows, link tables included (tests/test_pages_kept_by_topic.py
    checks the seed's sections). `context()` gives the template's context; it runs, and the
    template reads, after the state the request started in was taken, and what it takes from
    the page (the object the page is about, ids the view read) was read after it too: the
    section is kept under that state (remembered() takes it), so what is kept is never older
    than what it is kept under. A section is keyed by its template, `about` (what the page is
    about, such as ("country", pk), when one template serves many pages) and the languages. It
    shows the same to every reader, like a card: its template reads no request."""
    return remembered(
        ("section", template_name, *about, translation.get_language(), reading_language()),
        lambda: render_to_string(template_name, context()),
        topics=topics_of_models(models),
    )


def kept_part_of_rows(what, make, *, shown):
    """`make()`, a detail page's part made only of the rows the page shows and of reference data,
    kept under `shown` (the versions of those rows, page_rows.shows_rows()), the "reference"
    token and `what` (the item the page is about and everything else the part is made with:
    its template, the languages, the scheme, host and script prefix of its addresses). A save of
    any other story or event leaves it, a change to a row it shows ends it. The page cache's
    check of a stored page by its rows (page_rows.py) relies on the same, and
    tests/test_page_rows.py checks that each page shows no row of its topics but those it
    declares. As with kept_section(), what is made after the versions were read is never older
    than they are (at worst newer: a row whose time came meanwhile is shown, by a request that
    started before). Not kept by the worker: readers ask for thousands of pages, each seldom.
    Made and not kept outside a request's state, or with `shown` None."""
    if shown is None or REQUEST_STATE.get() is None:
        return make()
    # Kept under the reference token only: the page's other topics are read by the rows' own
    # queries, and stay covered by the rows for the page cache's check.
    (part,) = remembered_each([((*what, shown), make, [REFERENCE])])
    return part


def topics_of_models(models):
    """The topics a value showing rows of `models` is kept under (their words included)."""
    tables = topics_of_tables()
    return sorted({topic for model in models for topic in tables[model._meta.db_table]})


def render_card(item, heading):
    return get_template(item.card_template).render({"item": item, "heading": heading})


def list_items(texts):
    # Every text is a rendered template (autoescaped); the only markup added is the <li>.
    return format_html_join("", "<li>{}</li>", ((mark_safe(text),) for text in texts))  # noqa: S308  # nosec B308 B703


def touch_items(sender, instance, **kwargs):
    """Signal receiver (saves, deletes, changed links): a change to an item's part or link is a
    change to the item, so its `updated_at` is set to now, in the same transaction. So is a save
    of the item that names its fields (`save(update_fields=...)`) without `updated_at`."""
    if kwargs.get("raw"):
        # A row loaded as stored (loaddata: `restore`, `load_seed`; a part put back by a revision
        # restore), its updated_at included, and the links loaded with it: left as stored. What
        # loads them starts a new version of every topic (changed_topics), which ends every card.
        instance.__dict__[LOADED_AS_STORED] = True
        return
    if "action" in kwargs:
        if not instance.__dict__.get(LOADED_AS_STORED):
            touch(*linked_items(sender, instance, **kwargs))
        return
    model, pks = item_of(sender, instance)
    pks.append(instance.__dict__.pop(ITEM_BEFORE_SAVE, None))  # a part moved: its former item too
    fields = kwargs.get("update_fields")
    if model is sender and (kwargs.get("signal") is not post_save or fields is None or "updated_at" in fields):
        return  # deleted, or saved whole: auto_now has set it
    touch(model, pks)


LOADED_AS_STORED = "_loaded_as_stored"  # set on an instance saved raw, for its links' signals
ITEM_BEFORE_SAVE = "_item_before_save"  # the item a saved part belonged to, for post_save


def remember_item_before_save(sender, instance, raw=False, **kwargs):
    """pre_save receiver for parts (settings.PAGE_CACHE_PARTS): the item the stored row belongs
    to, so that a part moved to another item changes both."""
    if raw or instance._state.adding or instance.pk is None:
        return
    field = key_to_item(sender)
    stored = sender._base_manager.filter(pk=instance.pk).values_list(field.attname, flat=True)
    instance.__dict__[ITEM_BEFORE_SAVE] = stored.first()


def key_to_item(model):
    """A part's key to its item (settings.PAGE_CACHE_PARTS), or None for other models."""
    name = settings.PAGE_CACHE_PARTS.get(model._meta.label)
    return None if name is None else model._meta.get_field(name)


def item_of(model, row):
    """(the model whose card shows this row, [its pk]), or (None, []) for reference rows."""
    return items_of(model, [row.pk], row=row)


def items_of(model, pks, *, row=None):
    """item_of() for the rows of `model` with these pks (a part's item read from `row` if given,
    else in one query)."""
    field = key_to_item(model)
    if field is not None:
        if row is not None:
            return field.related_model, [getattr(row, field.attname)]
        return field.related_model, list(model._base_manager.filter(pk__in=pks).values_list(field.attname, flat=True))
    if model._meta.label in settings.PAGE_CACHE_TOPICS:
        return model, list(pks)
    return None, []


def linked_items(through, instance, *, action, reverse, model, pk_set, **kwargs):
    """(model, pks) of the items whose links changed, from m2m_changed's arguments: the row on
    the side that declares the field (an item, or a part of one) is the instance, or with
    `reverse` the rows of `pk_set`, or of the links about to be cleared."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return None, []
    if not reverse:
        return item_of(type(instance), instance)
    if action == "pre_clear":
        source = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
        target = next(f for f in through._meta.fields if f.is_relation and f.related_model is type(instance))
        pk_set = through._base_manager.filter(**{target.name: instance}).values_list(source.attname, flat=True)
    return items_of(model, pk_set or ())


def touch(model, pks):
    pks = [pk for pk in pks if pk is not None]
    if model is not None and pks:
        model._base_manager.filter(pk__in=pks).update(updated_at=timezone.now())
