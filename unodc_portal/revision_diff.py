"""What changed between two versions of an item, for people: each changed field by its name,
its old and new words marked inline (<del>, <ins>), and the item's parts (a story's quotes and
figures) added, removed or changed. Every value is escaped before it is marked."""

import datetime
import re
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .revisions import PARTS, linked_fields, parts_in

# Words with the spaces or line ends after them: a change is marked word by word, and a run of
# changed words reads as one phrase removed and one added.
TOKENS = re.compile(r"\s+|\S+\s*")


def compared_fields(model):
    """What editors enter, by their names: the fields of the form and the links."""
    fields = [field for field in model._meta.concrete_fields if field.editable and not field.primary_key]
    return fields + linked_fields(model)


def inline_diff(old, new):
    """`old` changed into `new`, word by word: removed words in <del>, added ones in <ins>."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    marked = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            marked.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            marked.append(format_html("<del>{}</del>", "".join(before[i1:i2])))
        if j2 > j1:
            marked.append(format_html("<ins>{}</ins>", "".join(after[j1:j2])))
    return format_html_join("", "{}", ((piece,) for piece in marked))  # each piece is safe already


def names_of_related(fields, *field_dicts):
    """{field name: {pk: str(row)}} for the foreign keys and links the versions name: one query
    per field. A row deleted since is missing, and shown by its id."""
    names = {}
    for field in fields:
        if not field.is_relation:
            continue
        pks = set()
        for values in field_dicts:
            value = values.get(field.attname)
            pks.update(value if isinstance(value, list) else [value] if value is not None else [])
        model = field.related_model
        rows = model._base_manager.filter(pk__in=pks) if pks else model._base_manager.none()
        names[field.name] = {str(row.pk): str(row) for row in rows}
    return names


def in_words(field, value, names):
    """A single value as the admin's forms show it."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        return names[field.name].get(str(value)) or _("deleted (id %(id)s)") % {"id": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def links_diff(field, old, new, names):
    """Linked rows kept, removed (<del>) and added (<ins>)."""
    old, new = [str(pk) for pk in old or []], [str(pk) for pk in new or []]
    if set(old) == set(new):
        return None

    def name(pk):
        return names[field.name].get(pk) or _("deleted (id %(id)s)") % {"id": pk}

    items = [("", name(pk)) for pk in old if pk in new]
    items += [("del", name(pk)) for pk in old if pk not in new]
    items += [("ins", name(pk)) for pk in new if pk not in old]
    return format_html_join(
        ", ", "{}", ((format_html("<{0}>{1}</{0}>", tag, text) if tag else text,) for tag, text in items)
    )


def field_changes(model, old, new, *, leave_out=()):
    """[(field's name, marked change)] for the fields whose values differ, in the form's order."""
    fields = [field for field in compared_fields(model) if field.name not in leave_out]
    names = names_of_related(fields, old, new)
    changes = []
    for field in fields:
        before, after = old.get(field.attname), new.get(field.attname)
        if field.many_to_many:
            marked = links_diff(field, before, after, names)
        elif before == after:
            marked = None
        else:
            marked = inline_diff(in_words(field, before, names), in_words(field, after, names))
        if marked is not None:
            changes.append((capfirst(field.verbose_name), marked))
    return changes


def part_changes(older, newer):
    """For each kind of part of the item: [(its name, how: "added", "removed" or "changed",
    field changes)], parts unchanged included (with no changes), in the order they were kept."""
    model = ContentType.objects.get_for_id(older.content_type_id).model_class()
    kinds = []
    for accessor in PARTS.get(model, ()):
        relation = model._meta.get_field(accessor)
        before = {part.object_id: part for part in parts_in(older, accessor)}
        after = {part.object_id: part for part in parts_in(newer, accessor)}
        rows = []
        for object_id in [*before, *(key for key in after if key not in before)]:
            old, new = before.get(object_id), after.get(object_id)
            if old is None:
                rows.append((new.object_repr, _("added"), []))
            elif new is None:
                rows.append((old.object_repr, _("removed"), []))
            else:
                changes = field_changes(
                    relation.related_model, old.field_dict, new.field_dict, leave_out={relation.field.name}
                )
                rows.append((new.object_repr, _("changed") if changes else _("unchanged"), changes))
        kinds.append((capfirst(relation.related_model._meta.verbose_name_plural), rows))
    return kinds
