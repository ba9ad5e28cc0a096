"""Importing an edition from the admin and reviewing the draft stories it made (issue 18, items
1, 3 and 6). The import runs `BulletinImport.import_file()`, as `manage.py import_bulletin` does;
the review's changes (merge, split, move a paragraph, accept or reject a suggested link) are the
models' (ImportedStory, LinkSuggestion), each run here in one transaction and recorded in the
revision history with a message, and only while every story concerned is a draft. Nothing here
publishes anything: the stories go on through the usual workflow.

Permissions: importing takes `add_bulletinimport`, the review screen `view_bulletinimport`, and
its changes the right to change (and, for a merge, delete) the stories concerned. The record of
an import itself is never changed."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion import create_revision, set_comment, set_user

from unodc_portal.revisions import record_stored_state

from .importing import ImportRefused, read_issue_date
from .importing.text import (
    BODY,
    CAPTION,
    HEADLINE,
    HEADLINE_GUESSED,
    HYPHEN_JOINED,
    POSSIBLE_CAPTION,
    POSSIBLE_PARAGRAPH_BREAK,
    STANDFIRST,
)
from .models import BulletinImport, Decision, ImportedStory, LinkSuggestion, Status, Story

UNSURE_WORDS = {
    HEADLINE_GUESSED: _("Headline guessed"),
    HYPHEN_JOINED: _("Hyphen taken out at a line end"),
    POSSIBLE_CAPTION: _("Possibly a photo caption"),
    POSSIBLE_PARAGRAPH_BREAK: _("Possibly a new paragraph here"),
}
ROLE_WORDS = {HEADLINE: _("headline"), STANDFIRST: _("standfirst"), BODY: _("text"), CAPTION: _("caption")}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("PDF or text file"),
        required=False,
        help_text=_("The edition's PDF, or its text as a .txt file (UTF-8, a form feed between pages)."),
    )
    text = forms.CharField(
        label=_("Or paste the edition's text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Pasted text does not say which page anything was printed on."),
    )
    title = forms.CharField(
        label=_("Title of the edition"), required=False, max_length=300, help_text=_("Else the file's name.")
    )
    date = forms.CharField(
        label=_("Date of issue"),
        required=False,
        max_length=30,
        help_text=_("As far as it is known: 2016-12-01, 2016-12 or 2016. Leave empty if the edition does not say."),
    )

    def clean_date(self):
        value = self.cleaned_data["date"].strip()
        if not value:
            return None
        try:
            return read_issue_date(value)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def clean(self):
        cleaned_data = super().clean()
        if bool(cleaned_data.get("file")) == bool(cleaned_data.get("text", "").strip()):
            raise ValidationError(_("Upload a PDF or a .txt file, or paste the text: one of the two."))
        return cleaned_data

    def source(self):
        """The bytes to import and the name they go by."""
        upload = self.cleaned_data["file"]
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode(), "pasted-text.txt"


class ImportedStoryInline(admin.TabularInline):
    model = ImportedStory
    fields = ("story", "pages", "unsure_count")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("unsure places"))
    def unsure_count(self, obj):
        return len(obj.unsure)


def posted_number(request, name):
    """A positive whole number the form posted; 400 for anything else."""
    value = request.POST.get(name, "")
    # The length first: int() refuses more than 4300 digits with an error (a 500).
    if len(value) > 19 or not value.isascii() or not value.isdigit() or not 0 < int(value) < 2**63:
        raise BadRequest(f"{name} is not a number.")
    return int(value)


def described(mark):
    """An unsure mark as the review screen shows it: in words, with its page."""
    return {**mark, "words": UNSURE_WORDS.get(mark["kind"], mark["kind"])}


@admin.register(BulletinImport)
class BulletinImportAdmin(admin.ModelAdmin):
    """What each import read, for the record (never changed), the form that imports an edition
    (the admin's add page) and the review screen of the draft stories it made."""

    list_display = ("file_name", "bulletin", "imported_at", "imported_by", "review_link")
    list_filter = ("imported_at",)
    list_select_related = ("bulletin", "imported_by")
    search_fields = ("file_name", "content_hash", "bulletin__title")
    ordering = ("-imported_at",)
    date_hierarchy = "imported_at"
    fields = ("bulletin", "file_name", "content_hash", "imported_at", "imported_by", "pages_numbered")
    readonly_fields = fields
    inlines = [ImportedStoryInline]
    change_list_template = "admin/milestones/bulletinimport/change_list.html"

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("review"))
    def review_link(self, obj):
        return format_html('<a href="{}">{}</a>', self.url("review", obj), gettext("Review the stories"))

    def url(self, name, obj):
        return reverse(f"{self.admin_site.name}:milestones_bulletinimport_{name}", args=[obj.pk])

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/review/", wrap(self.review_view), name="milestones_bulletinimport_review"),
            path(
                "<int:object_id>/review/<slug:action>/",
                wrap(self.review_action_view),
                name="milestones_bulletinimport_review_action",
            ),
            *super().get_urls(),
        ]

    # --- Importing ---------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data, file_name = form.source()
            try:
                record = BulletinImport.import_file(
                    data,
                    file_name=file_name,
                    title=form.cleaned_data["title"].strip(),
                    issue_date=form.cleaned_data["date"],
                    user=request.user,
                )
            except ImportRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                count = record.stories.count()
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)d draft story from %(file)s; nothing was published.",
                        "Imported %(count)d draft stories from %(file)s; nothing was published.",
                        count,
                    )
                    % {"count": count, "file": record.file_name},
                )
                return redirect(self.url("review", record))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import an edition"),
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            # Larger requests are refused whole, with a 413 page (unodc_portal/middleware.py).
            "max_bytes": min(settings.BULLETIN_IMPORT_MAX_BYTES, settings.MAX_REQUEST_BYTES),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/milestones/bulletinimport/import.html", context)

    # --- Reviewing -----------------------------------------------------------------------------

    def record_or_404(self, request, object_id, lock=False):
        records = BulletinImport.objects.select_related("bulletin")
        if lock:
            records = records.select_for_update(of=("self",))
        record = get_object_or_404(records, pk=object_id)
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        return record

    def review_view(self, request, object_id):
        record = self.record_or_404(request, object_id)
        pending = LinkSuggestion.objects.filter(decision=Decision.PENDING)
        items = list(
            record.stories.select_related("story")
            .prefetch_related(Prefetch("story__link_suggestions", queryset=pending, to_attr="pending_suggestions"))
            .order_by("story__position", "id")
        )
        for item in items:
            item.paragraph_rows = [
                (number, text, [described(m) for m in marks]) for number, text, marks in item.review_paragraphs()
            ]
            item.marks = [described(mark) for mark in item.unsure]
            item.blocks = [
                {**block, "role_words": ROLE_WORDS.get(block["role"], block["role"])} for block in item.source
            ]
            item.others = [other for other in items if other is not item]
        story_admin = self.admin_site.get_model_admin(Story)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Review the imported edition “%(edition)s”") % {"edition": record.bulletin.title},
            "subtitle": None,
            "opts": self.opts,
            "record": record,
            "items": items,
            "can_change": story_admin.has_change_permission(request),
            "unsure_words": UNSURE_WORDS,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/milestones/bulletinimport/review.html", context)

    def review_action_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        actions = {
            "merge": self.merge,
            "split": self.split,
            "move": self.move,
            "accept": self.decide,
            "reject": self.decide,
        }
        if action not in actions:
            raise BadRequest("No such action.")
        story_admin = self.admin_site.get_model_admin(Story)
        with transaction.atomic(), create_revision():
            # The import is locked first: the actions on one import run one at a time, and lock
            # their stories in turn without deadlocking (PostgreSQL).
            record = self.record_or_404(request, object_id, lock=True)
            set_user(request.user)
            message = actions[action](request, record, story_admin, action)
            if message:
                set_comment(message)
        return redirect(self.url("review", record))

    def imported_story(self, request, record, story_admin, name):
        """The posted story of this import, locked for the change; 404 if it is not one of its
        stories, 403 if the user may not change it."""
        imported = get_object_or_404(
            ImportedStory.objects.select_related("story", "bulletin_import").select_for_update(of=("self", "story")),
            bulletin_import=record,
            story_id=posted_number(request, name),
        )
        if not story_admin.has_change_permission(request, imported.story):
            raise PermissionDenied
        return imported

    def refused(self, request, *items):
        """True, with a message, unless every story is as the page showed it (the form posts the
        version of each story it concerns: paragraph numbers are those of that version) and a
        draft placed in the edition (an editor may have taken one out of it on its own page)."""
        for item in items:
            if item.story.version != posted_number(request, f"version-{item.story.pk}"):
                messages.error(
                    request,
                    gettext("“%(story)s” was changed since the page was loaded: nothing was changed. Check it below.")
                    % {"story": item.story.title},
                )
                return True
            if item.story.bulletin_id != item.bulletin_import.bulletin_id or item.story.position is None:
                messages.error(
                    request,
                    gettext("“%(story)s” is no longer placed in this edition: nothing was changed.")
                    % {"story": item.story.title},
                )
                return True
            if item.story.status != Status.DRAFT:
                messages.error(
                    request,
                    gettext("“%(story)s” is no longer a draft: nothing was changed.") % {"story": item.story.title},
                )
                return True
        return False

    def refused_renumbering(self, request, record, after):
        """True, with a message, if the stories after position `after` (which a merge or split
        renumbers) are not all drafts: reordering what is in review or public is not the review's."""
        if record.bulletin.stories.filter(position__gt=after).exclude(status=Status.DRAFT).exists():
            messages.error(
                request,
                gettext(
                    "A later story of this edition is no longer a draft, and would be renumbered: nothing was changed."
                ),
            )
            return True
        return False

    def changing(self, items):
        for item in items:
            record_stored_state(item.story)

    def merge(self, request, record, story_admin, action):
        first = self.imported_story(request, record, story_admin, "story")
        second = self.imported_story(request, record, story_admin, "other")
        if first.pk == second.pk:
            raise BadRequest("A story cannot be merged with itself.")
        if not story_admin.has_delete_permission(request, second.story):
            raise PermissionDenied
        if self.refused(request, first, second) or self.refused_renumbering(request, record, second.story.position):
            return None
        added = second.added_since_import()
        if added:
            messages.error(
                request,
                gettext(
                    "“%(story)s” has %(added)s besides its imported text, which merging would delete: "
                    "nothing was changed. Move them to the other story on its page first."
                )
                % {"story": second.story.title, "added": ", ".join(added)},
            )
            return None
        self.changing([first, second])
        message = gettext("Merged the story “%(other)s” into this one.") % {"other": second.story.title}
        first.merge(second, user=request.user)
        story_admin.log_change(request, first.story, message)
        story_admin.log_deletions(request, Story.objects.filter(pk=second.story.pk))
        story_admin.delete_model(request, second.story)
        record.bulletin.shift_stories_after(second.story.position, -1)
        LinkSuggestion.suggest_for([first.story])
        messages.success(request, message)
        return message

    def split(self, request, record, story_admin, action):
        item = self.imported_story(request, record, story_admin, "story")
        number = posted_number(request, "paragraph")
        headline = " ".join(request.POST.get("headline", "").split())
        if not 2 <= number <= len(item.story.paragraphs):
            raise BadRequest("No such paragraph to split at.")
        if self.refused(request, item) or self.refused_renumbering(request, record, item.story.position):
            return None
        if not headline:
            messages.error(request, gettext("Give the new story a headline: nothing was split."))
            return None
        self.changing([item])
        new = item.split(number, headline, user=request.user)
        message = gettext("Split at paragraph %(number)d: the new story “%(headline)s” begins there.") % {
            "number": number,
            "headline": new.story.title,
        }
        story_admin.log_change(request, item.story, message)
        story_admin.log_addition(request, new.story, message)
        LinkSuggestion.suggest_for([item.story, new.story])
        messages.success(request, message)
        return message

    def move(self, request, record, story_admin, action):
        item = self.imported_story(request, record, story_admin, "story")
        other = self.imported_story(request, record, story_admin, "other")
        number = posted_number(request, "paragraph")
        if item.pk == other.pk or not 1 <= number <= len(item.story.paragraphs):
            raise BadRequest("No such paragraph to move.")
        if self.refused(request, item, other):
            return None
        if len(item.story.paragraphs) == 1:
            messages.error(request, gettext("A story keeps at least one paragraph: merge it instead."))
            return None
        self.changing([item, other])
        message = gettext("Moved paragraph %(number)d of “%(story)s” to the end of “%(other)s”.") % {
            "number": number,
            "story": item.story.title,
            "other": other.story.title,
        }
        item.move_paragraph(number, other, user=request.user)
        story_admin.log_change(request, item.story, message)
        story_admin.log_change(request, other.story, message)
        LinkSuggestion.suggest_for([item.story, other.story])
        messages.success(request, message)
        return message

    def decide(self, request, record, story_admin, action):
        suggestion = get_object_or_404(
            LinkSuggestion.objects.select_related("story").select_for_update(of=("self",)),
            story__imported_from__bulletin_import=record,
            pk=posted_number(request, "suggestion"),
        )
        item = self.imported_story(request, record, story_admin, "story")
        if item.story.pk != suggestion.story.pk:
            raise BadRequest("The suggestion is another story's.")
        if self.refused(request, item) or suggestion.decision != Decision.PENDING:
            return None
        words = {"kind": suggestion.get_kind_display(), "name": suggestion.name}
        if action == "reject":
            suggestion.reject(user=request.user)
            messages.success(request, gettext("Rejected the link to %(kind)s “%(name)s”.") % words)
            return None
        if not suggestion.row_exists():
            messages.error(request, gettext("%(kind)s “%(name)s” no longer exists: nothing was linked.") % words)
            return None
        if not suggestion.still_mentioned():
            suggestion.delete()
            messages.error(
                request,
                gettext(
                    "The story no longer mentions %(kind)s “%(name)s”: nothing was linked, and the suggestion "
                    "was withdrawn."
                )
                % words,
            )
            return None
        self.changing([item])
        suggestion.accept(user=request.user)
        item.save_story(request.user)
        message = gettext("Linked %(kind)s “%(name)s”, as suggested.") % words
        story_admin.log_change(request, item.story, message)
        messages.success(request, message)
        return message
