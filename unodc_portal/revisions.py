"""Revision history (issue 18, item 5): every save made through the admin keeps a version of the
item, which editors compare with any other and restore as a new draft. django-reversion stores
the versions (a `Revision` per save: who, when, a comment; a `Version` per row in it, the row
serialised as JSON); this module says what is kept and how a version comes back.

- **What**: each app registers its models in its `ready()` with `keep_history()`: stories with
  their quotes and figures, events with their other places and organisations (the *parts*, rows
  that belong wholly to their item, kept in the item's every version and restored with it), and
  editions, publications and the reference data on their own.
- **When**: the admin's add and change forms, its bulk actions (submit, publish, unpublish),
  list edits and restores (unodc_portal/history_admin.py). Nothing else records versions:
  `load_seed`, `generate_demo_data`, `restore`, `loaddata`, scripts and migrations write rows
  without any, so that loading thousands of rows records nothing. Instead, before the admin
  changes an item whose stored row is not its latest version (it has none yet, or was written
  since without the admin), `record_stored_state()` keeps the row as it is first, so that no
  state it was in is missing from its history.
- **Restore as a draft, never publishing**: an item the public cannot see (a draft, an item in
  review) gets the old version's texts and links back in its own row, and becomes a draft. An
  item the public sees keeps its row as it is: the restore waits as a `PendingRestore` until
  someone allowed to publish it applies it. Either way a restore leaves the workflow (status and
  publication time), the address (slug) and uploaded files as they are now: the admin deletes a
  replaced file when it is replaced, so an old version may name a file that is gone. The row is
  saved the model's own way (`save()`: a story's body is rendered again, the translation's state
  worked out) after `full_clean()`, so a version that no longer fits the rules is refused with
  the reason rather than half restored.
"""

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, router
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from reversion import register
from reversion.models import Revision, Version

from .models import PendingRestore
from .translations import CONTENT_LANGUAGES, column

# Restores leave these as they are now (see the module's docstring).
KEPT_ON_RESTORE = {"status", "published_at", "slug", "version"}

# Rows that belong to an item and come back with it: {model: (reverse accessor, ...)}.
PARTS = {}

# The comment of a version recorded from the stored row (translated when shown).
STORED_STATE_COMMENT = gettext_noop(
    "As stored before the next change (written without the admin, or before history was kept)."
)


def keep_history(model, *, parts=(), part_of=None):
    """Register `model` for versions. `parts`: its reverse relations whose rows each version
    includes (a story's "quotes"); `part_of`: for such a row, the foreign key to its item, so
    that saving the row alone (its own admin page) keeps a version of the item too."""
    register(model, follow=(*parts, *([part_of] if part_of else [])))
    PARTS[model] = tuple(parts)


def comment_of(revision):
    """The revision's comment in the reader's language: the admin log's messages are stored as
    its JSON, translated when shown; the stored state's comment is ours."""
    if revision.comment == STORED_STATE_COMMENT:
        return gettext(STORED_STATE_COMMENT)
    return revision.get_comment()


def versions_of(obj):
    """The item's versions, oldest first."""
    return Version.objects.get_for_object(obj).order_by("pk")


def version_numbers(obj):
    """{version id: its number in the item's history, 1 for the oldest}."""
    return {pk: number for number, pk in enumerate(versions_of(obj).values_list("pk", flat=True), 1)}


def pending_restore_of(obj):
    """The restored version waiting for a publisher, or None."""
    return (
        PendingRestore.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
        .select_related("version__revision", "restored_by")
        .first()
    )


def pending_restores_of(objs):
    """The restored drafts waiting for any of these items (of one model)."""
    objs = list(objs)
    if not objs:
        return PendingRestore.objects.none()
    return PendingRestore.objects.filter(
        content_type=ContentType.objects.get_for_model(objs[0]), object_id__in=[str(obj.pk) for obj in objs]
    )


def serialised(row):
    """The row as django-reversion serialises it (every model here is registered with its
    defaults: all local fields and many-to-many links, JSON)."""
    opts = row._meta.concrete_model._meta
    return serializers.serialize("json", (row,), fields=[f.name for f in opts.local_fields + opts.local_many_to_many])


def compared(field_dict):
    """A version's values as compared: links in any order are the same links."""
    return {name: sorted(map(str, value)) if isinstance(value, list) else value for name, value in field_dict.items()}


def unsaved_version(row):
    return Version(
        content_type=ContentType.objects.get_for_model(row),
        object_id=str(row.pk),
        db=router.db_for_write(type(row)),
        format="json",
        serialized_data=serialised(row),
        object_repr=str(row)[:1000],
    )


def record_stored_state(obj):
    """Before the admin changes `obj`: if its stored row differs from its latest version, or it
    has none, keep the stored row (with its parts) as a version first, dated and signed as the
    row says it was last changed. Written directly, not through an open revision, so that it is
    its own entry even inside the revision of the change."""
    model = type(obj)
    stored = model._base_manager.get(pk=obj.pk)
    version = unsaved_version(stored)
    latest = versions_of(stored).last()
    if latest is not None and compared(latest.field_dict) == compared(version.field_dict):
        return
    rows = [version]
    for accessor in PARTS.get(model, ()):
        rows += [unsaved_version(part) for part in getattr(stored, accessor).all()]
    revision = Revision.objects.create(
        date_created=getattr(stored, "updated_at", None) or timezone.now(),
        user_id=getattr(stored, "updated_by_id", None),
        comment=STORED_STATE_COMMENT,
    )
    for row in rows:
        row.revision = revision
    Version.objects.bulk_create(rows)


def restored_fields(model):
    """The fields a restore writes back: what editors enter and the record of the English each
    translation was made from (so that a restored translation keeps its true state)."""
    sources = {column("translation_source", code) for code in CONTENT_LANGUAGES}
    return [
        field
        for field in model._meta.concrete_fields
        if (field.editable or field.name in sources)
        and not field.primary_key
        and field.name not in KEPT_ON_RESTORE
        and not isinstance(field, models.FileField)
    ]


def linked_fields(model):
    """Many-to-many links a version holds (a link with a model of its own is a part)."""
    return [field for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created]


def parts_in(version, accessor):
    """The versions of the parts (`accessor`) that belong to the version's item, in its revision."""
    relation = ContentType.objects.get_for_id(version.content_type_id).model_class()._meta.get_field(accessor)
    in_revision = Version.objects.get_for_model(relation.related_model).filter(revision_id=version.revision_id)
    return [
        part
        for part in in_revision.order_by("pk")
        if str(part.field_dict.get(relation.field.attname)) == str(version.object_id)
    ]


def put_back(obj, version):
    """Put the version's values into `obj` (not saved yet)."""
    values = version.field_dict
    for field in restored_fields(type(obj)):
        if field.attname in values:
            setattr(obj, field.attname, values[field.attname])
    # The translations come back with the record of the English they were made from: the state
    # follows from the two, not from the restore itself (Translatable.note_new_translations).
    obj.restored_translations = True


def parts_elsewhere(obj, accessor, parts):
    """Of these part versions, those whose row belongs to another item now (or to none)."""
    relation = type(obj)._meta.get_field(accessor)
    rows = relation.related_model._base_manager.filter(pk__in=[part.object_id for part in parts])
    moved = {str(pk) for pk in rows.exclude(**{relation.field.attname: obj.pk}).values_list("pk", flat=True)}
    return [part for part in parts if part.object_id in moved]


def save_restored(obj, version):
    """Save `obj` with the version's values put back, then its parts and links; return the part
    versions left out, whose rows belong to another item now. Raises ValidationError (the row no
    longer fits the rules) or IntegrityError (a row it names is gone); the caller's transaction
    then rolls back."""
    obj.full_clean()
    obj.save()
    left = []
    for accessor in PARTS.get(type(obj), ()):
        parts = parts_in(version, accessor)
        getattr(obj, accessor).exclude(pk__in=[part.object_id for part in parts]).delete()
        # A quote moved to another story since stays there: a restore of this item must not take
        # it from that one (which may be published, and only publishers change its quotes).
        elsewhere = parts_elsewhere(obj, accessor, parts)
        left += elsewhere
        for part in parts:
            if part not in elsewhere:
                part.revert()
    values = version.field_dict
    for field in linked_fields(type(obj)):
        if field.attname in values:
            # A linked row deleted since cannot be linked again.
            existing = field.related_model._base_manager.filter(pk__in=values[field.attname])
            getattr(obj, field.name).set(existing.values_list("pk", flat=True))
    return left
