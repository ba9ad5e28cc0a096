"""Cards kept across changes: each item's card is rendered once and kept under the item's own last
change, so that after a save a list renders only the cards of the items that changed (the page
around them is rendered afresh, as every page that read the changed topic is; content_version.py
explains the words used here).

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

import contextvars
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from unodc_portal.content_version import REFERENCE, current_version, guard, note_read, release, topics_of_tables
from unodc_portal.translations import reading_language

# The content version state a request started in, before it read any row (RequestStateMiddleware).
_state_of_request = contextvars.ContextVar("state_of_request", default=None)


class RequestStateMiddleware:
    """Takes the state a GET or HEAD of a page starts in, before the view reads any row: cards
    rendered from those rows may be kept under it, and under a later state only if it is the
    same one (a change heard during the request makes a later state). Not for the paths the page
    cache leaves alone (the admin, files, /healthz), which show no cards, nor when nothing is
    kept (COUNT_CACHE_SECONDS 0): working out a new state costs queries."""

    def __init__(self, get_response):
        # Imported here: page_cache is the outermost layer, and reads the settings once.
        from unodc_portal.page_cache import fast_lane_settings

        self.get_response = get_response
        self.uncached_paths = fast_lane_settings().uncached_paths

    def __call__(self, request):
        if not self.keeps_cards(request):
            return self.get_response(request)
        token = _state_of_request.set(current_version())
        try:
            return self.get_response(request)
        finally:
            _state_of_request.reset(token)

    def keeps_cards(self, request):
        return (
            settings.COUNT_CACHE_SECONDS
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(self.uncached_paths)
        )


def card_key(model, pk, updated_at, heading, state):
    parts = (
        model.card_template,
        heading,
        translation.get_language(),
        reading_language(),
        state["topics"][REFERENCE],
        model._meta.label,
        pk,
        updated_at.isoformat(),
    )
    return f"card:{release()}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


class PageRows(Sequence):
    """A page of a list known by its rows' ids (unodc_portal/lists.py), read only when needed:
    `cards()` asks for the rows' last changes and reads only the rows whose cards are not kept;
    anything else that goes through the page reads every row, in the page's order, once."""

    def __init__(self, ids, rows, versions=None):
        self.ids = ids
        self.rows = rows  # the list's queryset, with what its rows show; filtered here by pk
        self.known_versions = versions

    @classmethod
    def first(cls, rows, limit=None):
        """The first `limit` rows of the queryset `rows` in its order (all of them without a
        limit), known by id and last change in one query: a page's section of cards."""
        versions = list(rows.values_list("pk", "updated_at")[:limit])
        return cls([pk for pk, _ in versions], rows, versions)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self.all[index]

    @cached_property
    def all(self):
        return self.read(self.ids)

    def read(self, ids):
        found = {row.pk: row for row in self.rows.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def versions(self):
        """(pk, updated_at) of each row, in the page's order: one small query, the rows' own
        columns only."""
        if self.known_versions is not None:
            return self.known_versions
        if "all" in self.__dict__:
            return [(row.pk, row.updated_at) for row in self.all]
        changed = dict(self.rows.model._base_manager.filter(pk__in=self.ids).values_list("pk", "updated_at"))
        return [(pk, changed[pk]) for pk in self.ids if pk in changed]


def cards(items, heading):
    """Each item's card (`model.card_template`) as an <li>, the kept ones from the cache and the
    others rendered and kept. `items` holds rows of one model: rows already read, or a PageRows,
    whose rows are read only for the cards not kept."""
    if not isinstance(items, PageRows):
        items = list(items)
    if not items:
        return ""
    model = items.rows.model if isinstance(items, PageRows) else type(items[0])
    # What a kept card was rendered from, for the page showing it (its key says the same).
    note_read({REFERENCE, *topics_of_tables().get(model._meta.db_table, ())})
    # The rows were read in the state the request started in; if a change has been heard since,
    # they may be older than the current state: render them, keep nothing.
    state = _state_of_request.get()
    if not settings.COUNT_CACHE_SECONDS or state is None or current_version()["version"] != state["version"]:
        return list_items(render_card(item, heading) for item in items)
    if isinstance(items, PageRows):
        versions, read = items.versions(), items.read
    else:
        versions = [(item.pk, item.updated_at) for item in items]
        read = lambda pks: [item for item in items if item.pk in pks]  # noqa: E731
    keys = [card_key(model, pk, updated_at, heading, state) for pk, updated_at in versions]
    found = guard.call(cache.get_many, keys, default={})
    texts = {pk: found.get(key) for key, (pk, _) in zip(keys, versions, strict=True)}
    missing = {pk for pk, text in texts.items() if text is None}
    if missing:
        rendered = {}
        for row in read([pk for pk in texts if pk in missing]):
            # Kept under the last change of the row as read: a row changed since its version
            # was read is shown as it now is, under its new key.
            key = card_key(model, row.pk, row.updated_at, heading, state)
            texts[row.pk] = rendered[key] = render_card(row, heading)
        guard.call(cache.set_many, rendered, settings.COUNT_CACHE_SECONDS)
    # A row deleted since the page's ids were read has no card.
    return list_items(text for text in texts.values() if text is not None)


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
