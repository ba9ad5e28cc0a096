"""The editors' workspace. Editors write drafts and submit them for review; publishers publish,
schedule and unpublish. The rules live here, in the admin's own hooks, so that every route
(the form, the bulk actions, a hand-made POST) goes through the same checks."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programmes.admin import AuditedAdmin, SlugFixedOnceSavedMixin, TranslatedInlineMixin, TranslationsAdminMixin
from unodc_portal.history_admin import RevisionHistoryAdmin
from unodc_portal.revisions import record_stored_state

from . import (
    documents,
    images,
    import_admin,  # noqa: F401 (registers the admin of imports: issue 18)
)
from .models import (
    STORY_LINKS,
    Bulletin,
    Event,
    EventKind,
    EventOrganisation,
    EventPlace,
    EventRole,
    EventSeries,
    Indicator,
    Person,
    Publication,
    Quote,
    Result,
    Status,
    Story,
)
from .reference_data import EVENT_KINDS, EVENT_ROLES


class PublishableForm(forms.ModelForm):
    """Refuses a save based on an out-of-date copy, instead of overwriting someone else's work.

    The form carries the version it was opened at; if the row has been saved since, the save is
    refused with the other person's name and time, and everything typed stays in the form.
    """

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_seen"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Status.PUBLISHED
            and "published_at" in self.fields
            and not cleaned.get("published_at")
        ):
            cleaned["published_at"] = timezone.now()  # published with no time given: now
        if self.instance.pk:
            # Lock the row until this save commits, so two saves cannot both pass this check.
            current = (
                type(self.instance)
                .objects.select_for_update(of=("self",))
                .select_related("updated_by")
                .get(pk=self.instance.pk)
            )
            if cleaned.get("version_seen") != current.version:
                who = (
                    current.updated_by.get_full_name() or current.updated_by.username
                    if current.updated_by
                    else _("someone")
                )
                raise forms.ValidationError(
                    _(
                        "%(who)s saved this %(kind)s at %(when)s, after you opened it. Your changes were not saved "
                        "and are still in this form: copy what you need, then open the %(kind)s again to see "
                        "their version."
                    ),
                    code="stale",
                    params={
                        "who": who,
                        "kind": self.instance._meta.verbose_name,
                        "when": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT"),
                    },
                )
        return cleaned


def forget_the_position_of_another_person(form, person_field, position_field):
    """A position at the time belongs to its person: when an editor picks another person (or
    none) and leaves the position as it was, it is emptied, so that saving takes the new person's
    (Quote.save(), Story.save()) rather than keep the previous person's."""
    if person_field in form.changed_data and position_field not in form.changed_data:
        form.cleaned_data[position_field] = ""


class StoryForm(PublishableForm):
    def clean(self):
        cleaned_data = super().clean()
        forget_the_position_of_another_person(self, "signed_by", "signed_by_position")
        return cleaned_data

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            return images.cleaned_upload(image)
        return image


class PublishableAdmin(AuditedAdmin):
    """What editions, stories and events share: the workflow, its permissions and locking."""

    form = PublishableForm
    list_filter = ("status",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_at"
    actions = ["submit_for_review", "publish_now", "unpublish"]
    save_as = False

    # --- Permissions -----------------------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm(self.model.publish_permission())

    def has_change_permission(self, request, obj=None):
        # Editors may not change what is published or scheduled: that is a publisher's call.
        if obj is not None and obj.status == Status.PUBLISHED and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("published_at")
        if obj is not None and obj.published_at is not None and obj.status == Status.PUBLISHED:
            # Links to a published item are out in the world; its address must not change.
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "status" in form.base_fields and not self.has_publish_permission(request):
            # An editor's choices stop at "In review"; a forged "published" fails validation.
            form.base_fields["status"].choices = [
                (value, label) for value, label in Status.choices if value != Status.PUBLISHED
            ]
        if "status" in form.base_fields:
            form.base_fields["status"].help_text = _(
                "Draft: being written. In review: ready for a publisher. Published: public from the publication "
                "time on (a time in the future schedules it)."
            )
        return form

    def save_model(self, request, obj, form, change):
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    # --- Restoring an earlier version (unodc_portal/history_admin.py) -------------------------

    def restores_in_place(self, obj):
        # What the public sees stays as it is until a publisher publishes the restored version.
        return obj.status != Status.PUBLISHED

    def has_apply_restore_permission(self, request, obj):
        return self.has_publish_permission(request)

    def mark_restored(self, request, obj, *, in_place):
        super().mark_restored(request, obj, in_place=in_place)
        if in_place:
            obj.status = Status.DRAFT  # a restore is a new draft, never published
        obj.version += 1

    # --- Workflow actions --------------------------------------------------------------------

    def _apply(self, request, queryset, step, history_message, done_message):
        count = 0
        for obj in queryset:
            record_stored_state(obj)
            step(obj)
            obj.version += 1
            obj.updated_by = request.user
            obj.save()
            self.log_change(request, obj, str(history_message))
            count += 1
        self.message_user(request, done_message(count), messages.SUCCESS)

    @admin.action(description=_("Submit selected for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status=Status.DRAFT),
            lambda obj: obj.submit_for_review(),
            _("Submitted for review."),
            lambda n: ngettext("%d item submitted for review.", "%d items submitted for review.", n) % n,
        )

    @admin.action(description=_("Publish selected now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._apply(
            request,
            queryset.exclude(status=Status.PUBLISHED, published_at__lte=timezone.now()),
            lambda obj: obj.publish(),
            _("Published."),
            lambda n: ngettext("%d item published.", "%d items published.", n) % n,
        )

    @admin.action(description=_("Unpublish selected (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status=Status.PUBLISHED),
            lambda obj: obj.unpublish(),
            _("Unpublished: taken off the site, back to draft."),
            lambda n: ngettext("%d item taken off the site.", "%d items taken off the site.", n) % n,
        )

    # --- Columns ---------------------------------------------------------------------------------

    @admin.display(description=_("on the site"))
    def public_state(self, obj):
        if obj.is_live:
            return format_html('<span title="{}">✔ {}</span>', _("Public"), _("Live"))
        if obj.is_scheduled:
            return _("Scheduled for %(when)s") % {
                "when": date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            }
        return obj.get_status_display()


class StoryInline(admin.TabularInline):
    """An edition's stories in order; change the numbers to reorder them (1 is the lead)."""

    model = Story
    fields = ("position", "title", "status")
    readonly_fields = ("title", "status")
    ordering = ("position",)
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("stories in this edition (1 is the lead story)")

    def has_add_permission(self, request, obj=None):
        # Stories are written on their own page and placed in an edition there.
        return False

    def get_readonly_fields(self, request, obj=None):
        # Reordering an edition changes published pages: a publisher's job.
        if not request.user.has_perm(Story.publish_permission()):
            return (*self.readonly_fields, "position")
        return self.readonly_fields


@admin.register(Bulletin)
class BulletinAdmin(PublishableAdmin):
    list_display = ("title", "number", "period_label", Bulletin.when.admin_column(), "public_state", "updated_by")
    list_select_related = ("updated_by",)
    search_fields = ("title", "number")
    ordering = ("-issue_date",)
    inlines = [StoryInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Story:
            # Positions are unique within an edition, so clear the moved ones first: swapping
            # stories 1 and 2 must not trip over the rule halfway through.
            moved = [f.instance.pk for f in formset.forms if "position" in f.changed_data and f.instance.pk]
            Story.objects.filter(pk__in=moved).update(position=None)
        super().save_formset(request, form, formset, change)


class QuoteForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        forget_the_position_of_another_person(self, "person", "position_at_the_time")
        return cleaned_data


class QuoteInline(TranslatedInlineMixin, admin.StackedInline):
    model = Quote
    form = QuoteForm
    fk_name = "story"
    extra = 0
    fields = ("text", "person", "position_at_the_time", "attribution", "event", "position")
    autocomplete_fields = ("person", "event")


class ResultFormSet(forms.BaseInlineFormSet):
    """A story's figures: Result.clean() checks each against the indicator's saved reports; two
    new reports of one indicator in the same form are checked against each other here."""

    def clean(self):
        super().clean()
        units = {}
        for form in self.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("indicator"):
                continue
            result = form.instance
            units.setdefault(result.indicator, {})[tuple(result.unit_fields.values())] = result.unit_shown
        for indicator, shown in units.items():
            if len(shown) > 1:
                raise forms.ValidationError(
                    _(
                        "The reports of the indicator “%(indicator)s” are in different units here (%(units)s): "
                        "give them one unit, or choose another indicator."
                    )
                    % {"indicator": indicator, "units": ", ".join(sorted(shown.values()))}
                )


class ResultInline(TranslatedInlineMixin, admin.StackedInline):
    model = Result
    formset = ResultFormSet
    fk_name = "story"
    extra = 0
    fields = (
        "kind",
        ("value_qualifier", "value", "target", "unit", "currency"),
        "label",
        ("as_of", "period_end", "as_of_precision"),
        "indicator",
        "programme",
        "countries",
        "event",
    )
    autocomplete_fields = ("indicator", "programme", "countries", "event")


@admin.register(Story)
class StoryAdmin(PublishableAdmin):
    form = StoryForm
    list_display = ("title", "bulletin", "position", "public_state", "published_at", "updated_by")
    list_filter = ("status", "bulletin", "countries", "programmes")
    list_select_related = ("bulletin", "updated_by")
    search_fields = ("title", "standfirst", "body")
    ordering = ("-published_at", "position")
    autocomplete_fields = ("bulletin", "signed_by", *STORY_LINKS)
    inlines = [QuoteInline, ResultInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "version_seen"]}),
        (_("Publication"), {"fields": ["status", "published_at", "bulletin", "position"]}),
        (
            _("From the archive"),
            {"fields": ["first_published", "first_published_precision"], "classes": ["collapse"]},
        ),
        (_("Author"), {"fields": ["byline", "signed_by", "signed_by_position"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (
            _("What the story concerns"),
            {"fields": ["countries", "programmes", "events", "facilities", "organisations", "themes"]},
        ),
        (_("Funding reported"), {"fields": ["contributions", "facility_fundings"]}),
        (_("Source"), {"fields": ["source_note"], "classes": ["collapse"]}),
    ]

    # The funding a story reports is named by its donor (or facility) and programme.
    LINKED_WITH = {"contributions": ("donor", "programme"), "facility_fundings": ("programme", "facility")}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.LINKED_WITH:
            kwargs["queryset"] = db_field.related_model.objects.select_related(*self.LINKED_WITH[db_field.name])
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        replaced = None
        if change and "image" in form.changed_data:
            replaced = Story.objects.values_list("image", "image_width").get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            new_image = (obj.image.name, obj.image_width) if obj.image else None

            def after_commit():
                if replaced and replaced[0]:
                    images.delete_image_files(*replaced)
                if new_image:
                    images.make_renditions(new_image[0])

            transaction.on_commit(after_commit)

    def delete_model(self, request, obj):
        files = (obj.image.name, obj.image_width)
        super().delete_model(request, obj)
        transaction.on_commit(lambda: images.delete_image_files(*files))

    def delete_queryset(self, request, queryset):
        files = list(queryset.exclude(image="").values_list("image", "image_width"))
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: [images.delete_image_files(*file) for file in files])


class EventOrganisationInline(admin.TabularInline):
    model = EventOrganisation
    extra = 0
    autocomplete_fields = ("organisation",)


class ReferenceTermAdmin(RevisionHistoryAdmin, TranslationsAdminMixin, SlugFixedOnceSavedMixin, admin.ModelAdmin):
    """Kinds of event and roles at events: publishers add terms; a term in use cannot be
    deleted (the admin lists what uses it), and its slug, which addresses carry, never changes.
    The terms the portal starts with cannot be deleted even when unused: addresses promise
    their slugs (`/events/?kind=forum`) and the site's own code names some of them."""

    list_display = ("name", "slug", "order", "description")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    starting_terms = ()  # (slug, ...) rows of reference_data

    def get_deleted_objects(self, objs, request):
        # The one hook both the delete page and the "delete selected" action ask: a starting
        # term is listed as protected, so the admin explains and deletes nothing.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        starting = {term[0] for term in self.starting_terms}
        kept = [
            format_html(_("{term}: one of the terms the portal starts with"), term=obj)
            for obj in objs
            if obj.slug in starting
        ]
        return deleted, model_count, perms_needed, [*protected, *kept]


@admin.register(EventKind)
class EventKindAdmin(ReferenceTermAdmin):
    starting_terms = EVENT_KINDS
    list_display = ("name", "plural_name", "slug", "order", "description")
    fields = ("name", "plural_name", "slug", "description", "order")


@admin.register(EventRole)
class EventRoleAdmin(ReferenceTermAdmin):
    starting_terms = EVENT_ROLES
    fields = ("name", "slug", "description", "order")


class EventPlaceInline(TranslatedInlineMixin, admin.TabularInline):
    model = EventPlace
    extra = 0
    fields = ("city", "country", "venue", "order")
    autocomplete_fields = ("country",)
    verbose_name_plural = _("other places (after the first, above); their countries join the countries concerned")


class SharedNameAdmin(RevisionHistoryAdmin, TranslationsAdminMixin, admin.ModelAdmin):
    """A name items share (a series' sessions, an indicator's reports), listed with how many
    items have it; one that items have cannot be deleted (PROTECT)."""

    items = None  # the related name of the items that share it
    list_display = ("title", "slug", "item_count")
    search_fields = ("title", "slug")
    ordering = ("title",)
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count(self.items))

    @staticmethod
    def count_column(description):
        """The list's column of how many items share the name, headed `description`."""
        return admin.display(description=description, ordering="item_count")(lambda self, obj: obj.item_count)


@admin.register(EventSeries)
class EventSeriesAdmin(SharedNameAdmin):
    items = "events"
    item_count = SharedNameAdmin.count_column(_("sessions"))


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = (
        "title",
        "kind",
        Event.when.admin_column(),
        "host_country",
        "attendance_mode",
        "public_state",
        "updated_by",
    )
    list_filter = ("status", "kind", "attendance_mode", "host_country", "countries", "programmes", "themes")
    list_select_related = ("kind", "host_country", "updated_by")
    search_fields = ("title", "summary", "city", "venue", "region", "places__city")
    ordering = ("-start_date",)
    date_hierarchy = "start_date"
    autocomplete_fields = (
        "host_country",
        "countries",
        "programmes",
        "facilities",
        "parent",
        "series",
        "follows",
        "themes",
    )
    inlines = [EventPlaceInline, EventOrganisationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the places and the countries concerned are saved: the country filter finds the
        # event in each country it was held in.
        form.instance.concern_place_countries()


class PartOfStoryAdmin(AuditedAdmin):
    """Quotes and figures belong to a story: once it is published, only publishers may change,
    add or remove them, and an editor may attach new ones only to unpublished stories."""

    def story_is_public(self, obj):
        return obj is not None and obj.story_id is not None and obj.story.status == Status.PUBLISHED

    def is_publisher(self, request):
        return request.user.has_perm(Story.publish_permission())

    def has_change_permission(self, request, obj=None):
        if self.story_is_public(obj) and not self.is_publisher(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.story_is_public(obj) and not self.is_publisher(request):
            return False
        return super().has_delete_permission(request, obj)

    # Their history and comparisons stay, but they come back only with their story's version
    # (unodc_portal/revisions.py): a version of one on its own may name a story it has left since,
    # a published one perhaps, and restoring it would move it there without a publisher.
    def has_restore_permission(self, request, obj):
        return False

    def has_apply_restore_permission(self, request, obj):
        return False

    def has_discard_restore_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "story" and not self.is_publisher(request):
            kwargs["queryset"] = Story.objects.exclude(status=Status.PUBLISHED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("name", "position", "organisation")
    list_filter = ("organisation__country",)
    list_select_related = ("organisation",)
    search_fields = ("name", "other_names", "position", "organisation__name")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisation",)


@admin.register(Quote)
class QuoteAdmin(PartOfStoryAdmin):
    form = QuoteForm
    list_display = ("short_text", "speaker", "story")
    list_filter = ("story__bulletin",)
    list_select_related = ("person", "story")
    search_fields = ("text", "person__name", "person__other_names", "position_at_the_time", "attribution")
    ordering = ("story", "position")
    autocomplete_fields = ("person", "story", "event")

    def view_on_site(self, obj):
        """A public quote's own page; a quote of a story not yet public is shown to staff only in
        the story's preview (its own page answers "not found" until the story is published)."""
        if obj.story.is_live:
            return obj.get_absolute_url()
        return f"{obj.story.get_absolute_url()}#quote-{obj.pk}"

    @admin.display(description=_("quotation"))
    def short_text(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description=_("speaker"))
    def speaker(self, obj):
        return obj.speaker_name


@admin.register(Indicator)
class IndicatorAdmin(SharedNameAdmin):
    items = "results"
    item_count = SharedNameAdmin.count_column(_("reports"))


@admin.register(Result)
class ResultAdmin(PartOfStoryAdmin):
    list_display = ("label", "display_value", "target", Result.when.admin_column(), "indicator", "programme")
    list_filter = ("kind", "indicator", "programme", "countries")
    list_select_related = ("programme", "indicator")
    search_fields = ("label", "unit", "indicator__title")
    ordering = ("-as_of",)
    date_hierarchy = "as_of"
    autocomplete_fields = ("indicator", "programme", "countries", "story", "event")

    @admin.display(description=_("figure"))
    def display_value(self, obj):
        return obj.display_value


class PublicationForm(PublishableForm):
    """Languages as ticks; a new upload must be a real PDF within the size limit, said next to
    the file; a PDF or a link, one of them."""

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=documents.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages the document is available in."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            documents.validate_pdf(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        # Said next to the fields, before the database refuses the row.
        has_file = bool(cleaned.get("file")) if "file" in self.fields else bool(self.instance.file)
        has_link = bool(cleaned.get("link"))
        if "file" in self.errors:
            return cleaned
        if has_file and has_link:
            self.add_error("link", _("Give either a PDF file or an outside link, not both."))
        elif not has_file and not has_link:
            self.add_error("file", _("Upload the PDF, or give the outside link where it is published."))
        return cleaned


@admin.register(Publication)
class PublicationAdmin(PublishableAdmin):
    form = PublicationForm
    list_display = ("title", Publication.when.admin_column(), "public_state", "published_at", "updated_by")
    list_filter = ("status", "themes", "countries", "programmes")
    list_select_related = ("updated_by",)
    search_fields = ("title", "summary")
    ordering = ("-date",)
    autocomplete_fields = ("programmes", "events", "themes", "countries")
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", ("date", "date_precision"), "languages", "version_seen"]}),
        (_("The document"), {"fields": ["file", "link"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("What the publication concerns"), {"fields": ["themes", "countries", "programmes", "events"]}),
        (_("Source"), {"fields": ["source_note"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        replaced = None
        if change and "file" in form.changed_data:
            replaced = Publication.objects.values_list("file", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        if replaced:
            # The old file goes once the new row is saved for good, never before.
            transaction.on_commit(lambda: obj.file.storage.delete(replaced))

    def delete_model(self, request, obj):
        name, storage = obj.file.name, obj.file.storage
        super().delete_model(request, obj)
        if name:
            transaction.on_commit(lambda: storage.delete(name))

    def delete_queryset(self, request, queryset):
        # The files go with their rows (the bulk action too), once the deletion is committed.
        files = [(publication.file.storage, publication.file.name) for publication in queryset if publication.file]
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
