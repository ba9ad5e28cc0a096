"""The admin's side of revision history (unodc_portal/revisions.py says what is kept): versions
recorded on every save, the history page listing them beside the workflow log, the comparison of
any two, and restoring one as a draft.

Permissions: whoever may see an item sees its history and compares its versions. Whoever may
change items of its kind restores a version: in place, as a draft, when the public cannot see
the item (and they may change it); as a pending draft otherwise. Applying a pending draft takes
the right to publish the item (`has_apply_restore_permission`, which milestones' admin sets to
the workflow's publish permission), and the page's form must name the restored draft waiting
now (a later restore replaces it). Quotes and figures are not restored on their own
(milestones.admin.PartOfStoryAdmin): they come back with their story.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion import RevertError, create_revision, is_active, is_registered, set_comment, set_user

from .models import PendingRestore
from .revision_diff import field_changes, part_changes
from .revisions import (
    comment_of,
    pending_restore_of,
    pending_restores_of,
    put_back,
    record_stored_state,
    save_restored,
    version_numbers,
    versions_of,
)

# The largest id a version can have (a 64-bit integer): a larger number names none, and SQLite
# cannot even be asked about it.
LARGEST_VERSION_ID = 2**63 - 1


def parsed_version_id(value):
    """The version id a request names; ValueError if it names none."""
    number = int(value)
    if not 0 < number <= LARGEST_VERSION_ID:
        raise ValueError(value)
    return number


def when(version):
    return date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")


class RevisionHistoryAdmin:
    """Mixed into the ModelAdmin of every model registered with `keep_history()`."""

    object_history_template = "admin/revisions/object_history.html"
    change_form_template = "admin/revisions/change_form.html"

    # --- Hooks for the workflow (milestones' PublishableAdmin sets them) --------------------

    def restores_in_place(self, obj):
        """Whether a restore may write the item's row now: only when the public cannot see it.
        Reference data has no draft, so it always waits for someone who may publish it."""
        return False

    def has_restore_permission(self, request, obj):
        return self.has_change_permission(request, obj if self.restores_in_place(obj) else None)

    def has_apply_restore_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    def has_discard_restore_permission(self, request, obj):
        return self.has_restore_permission(request, obj)

    def mark_restored(self, request, obj, *, in_place):
        """What else a restore changes in the row: who changed it (and the workflow's draft)."""
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = request.user

    # --- Versions on every save ------------------------------------------------------------

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if is_active():
            set_comment(entry.change_message)  # its JSON: shown in the reader's language
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if is_active():
            set_comment(entry.change_message)
        return entry

    def add_view(self, request, form_url="", extra_context=None):
        if request.method != "POST":
            return super().add_view(request, form_url, extra_context)
        with create_revision():
            set_user(request.user)
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "POST":
            return super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            record_stored_state(obj)
        with create_revision():
            set_user(request.user)
            return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and is_registered(self.model):
            pending = self.pending_restore(obj)
            context.update(
                pending_restore=pending,
                can_apply_restore=pending is not None and self.has_apply_restore_permission(request, obj),
                can_discard_restore=pending is not None and self.has_discard_restore_permission(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        # Bulk actions and edits in the list keep versions too (the workflow's actions record the
        # stored state of each item first: milestones.admin.PublishableAdmin._apply).
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with create_revision():
            set_user(request.user)
            return super().changelist_view(request, extra_context)

    def delete_model(self, request, obj):
        # A restored draft waits for its item only: none is left for a row that might take its key.
        pending_restores_of([obj]).delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        pending_restores_of(queryset).delete()
        super().delete_queryset(request, queryset)

    def pending_restore(self, obj):
        """The restored draft waiting, for the change form: with the number of its version and
        the latest version to compare it with (two more queries, only when there is one)."""
        pending = pending_restore_of(obj)
        if pending is not None:
            numbers = version_numbers(obj)
            pending.number = numbers.get(pending.version_id)
            pending.latest_id = max(numbers)
        return pending

    # --- Pages -------------------------------------------------------------------------------

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{info}_compare"),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                wrap(self.restore_view),
                name=f"{info}_restore",
            ),
            path("<path:object_id>/history/restored/", wrap(self.pending_restore_view), name=f"{info}_restored"),
            *super().get_urls(),
        ]

    def url(self, name, obj):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[quote(obj.pk)]
        )

    def item_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not is_registered(self.model):
            raise Http404(_("No such item."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not is_registered(self.model):
            return super().history_view(request, object_id, extra_context)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = list(versions_of(obj).select_related("revision__user").defer("serialized_data"))
        numbers = {}
        for number, version in enumerate(versions, 1):
            version.number = numbers[version.pk] = number
            version.comment = comment_of(version.revision)
        pending = pending_restore_of(obj)
        if pending is not None:
            pending.number = numbers.get(pending.version_id)
            pending.latest_id = versions[-1].pk
        context = {
            "versions": versions[::-1],
            "pending_restore": pending,
            "can_restore": self.has_restore_permission(request, obj),
            "can_apply_restore": pending is not None and self.has_apply_restore_permission(request, obj),
            "can_discard_restore": pending is not None and self.has_discard_restore_permission(request, obj),
            "restores_in_place": self.restores_in_place(obj),
            "version_seen": getattr(obj, "version", ""),
            "compare_url": self.url("compare", obj),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        obj = self.item_or_404(request, object_id)
        try:
            chosen = {parsed_version_id(request.GET["from"]), parsed_version_id(request.GET["to"])}
        except (KeyError, ValueError):
            raise Http404(_("Choose two versions to compare.")) from None
        versions = list(versions_of(obj).filter(pk__in=chosen).select_related("revision__user"))
        if len(versions) != 2:
            if len(versions) == 1 and len(chosen) == 1:
                messages.warning(request, _("Choose two different versions to compare."))
                return redirect(self.url("history", obj))
            raise Http404(_("No such version of this item."))
        older, newer = versions
        numbers = version_numbers(obj)
        for version in versions:
            version.number, version.comment = numbers[version.pk], comment_of(version.revision)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions %(older)s and %(newer)s of “%(item)s”")
            % {"older": older.number, "newer": newer.number, "item": obj},
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "older": older,
            "newer": newer,
            "changes": field_changes(self.model, older.field_dict, newer.field_dict),
            "parts": part_changes(older, newer),
            "can_restore": self.has_restore_permission(request, obj),
            "restores_in_place": self.restores_in_place(obj),
            "version_seen": getattr(obj, "version", ""),
            "history_url": self.url("history", obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def refused_as_stale(self, request, obj):
        """The optimistic lock of publishable items: the page was shown at another version."""
        if hasattr(obj, "version") and request.POST.get("version_seen") != str(obj.version):
            messages.error(
                request,
                _("This %(kind)s was saved after you opened the page. Nothing was restored: look at its history again.")
                % {"kind": self.opts.verbose_name},
            )
            return True
        return False

    def refused_as_replaced(self, request, pending):
        """The restored draft waiting is not the one the page showed: another restore replaced
        it since (its version, or the time it was made, differs)."""
        shown = (request.POST.get("pending_version"), request.POST.get("pending_restored_at"))
        if shown != (str(pending.version_id), pending.restored_at_stamp):
            messages.error(
                request,
                _(
                    "The restored draft waiting for this %(kind)s was replaced after you opened the page. "
                    "Nothing was published or discarded: look at it again."
                )
                % {"kind": self.opts.verbose_name},
            )
            return True
        return False

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.item_or_404(request, object_id)
        if not 0 < version_id <= LARGEST_VERSION_ID:
            raise Http404(_("No such version of this item."))
        version = get_object_or_404(versions_of(obj).select_related("revision"), pk=version_id)
        if not self.has_restore_permission(request, obj):
            raise PermissionDenied
        if self.refused_as_stale(request, obj):
            return redirect(self.url("history", obj))
        number = version_numbers(obj)[version.pk]
        words = {"number": number, "date": when(version)}
        if not self.restores_in_place(obj):
            PendingRestore.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                defaults={"version": version, "restored_by": request.user, "restored_at": timezone.now()},
            )
            message = (
                _(
                    "Restored version %(number)s of %(date)s as a draft; the public sees the item unchanged "
                    "until it is published."
                )
                % words
            )
            self.log_change(request, obj, message)
            messages.success(request, message)
            return redirect(self.url("change", obj))
        message = _("Restored version %(number)s of %(date)s as a draft.") % words
        if self.write_restored(request, obj, version, message, in_place=True):
            PendingRestore.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
            ).delete()
            messages.success(request, message)
            return redirect(self.url("change", obj))
        return redirect(self.url("history", obj))

    def pending_restore_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.item_or_404(request, object_id)
        pending = pending_restore_of(obj)
        if pending is None:
            raise Http404(_("No restored draft is waiting for this item."))
        words = {"number": version_numbers(obj).get(pending.version_id), "date": when(pending.version)}
        if request.POST.get("action") == "discard":
            if not self.has_discard_restore_permission(request, obj):
                raise PermissionDenied
            if self.refused_as_replaced(request, pending):
                return redirect(self.url("change", obj))
            pending.delete()
            message = _("Discarded the restored draft of version %(number)s of %(date)s.") % words
            self.log_change(request, obj, message)
            messages.success(request, message)
            return redirect(self.url("change", obj))
        if not self.has_apply_restore_permission(request, obj):
            raise PermissionDenied
        if self.refused_as_stale(request, obj) or self.refused_as_replaced(request, pending):
            return redirect(self.url("change", obj))
        message = _("Published the restored draft of version %(number)s of %(date)s.") % words
        if self.write_restored(request, obj, pending.version, message, in_place=False):
            pending.delete()
            messages.success(request, message)
        return redirect(self.url("change", obj))

    def write_restored(self, request, obj, version, message, *, in_place):
        """Write the version into the item's row, as a revision of its own with the message as
        its comment and in the workflow log; False, with the reason shown, if it cannot be."""
        record_stored_state(obj)
        try:
            with transaction.atomic(), create_revision():
                set_user(request.user)
                # Locked until saved, as the change form locks it (PublishableForm).
                obj = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
                put_back(obj, version)
                self.mark_restored(request, obj, in_place=in_place)
                left = save_restored(obj, version)
                self.log_change(request, obj, message)
                set_comment(message)
        except (ValidationError, IntegrityError, RevertError) as error:
            reasons = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, _("This version cannot be restored: %(reasons)s") % {"reasons": reasons})
            return False
        if left:
            messages.warning(
                request,
                _("Left where they are now, as they belong to another item since this version: %(parts)s")
                % {"parts": "; ".join(part.object_repr for part in left)},
            )
        return True
