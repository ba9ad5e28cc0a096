from django import forms
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from unodc_portal.history_admin import RevisionHistoryAdmin
from unodc_portal.translations import CONTENT_LANGUAGES, Translatable, column

from .models import (
    Contribution,
    Country,
    ExchangeRate,
    Facility,
    FacilityFunding,
    GlossaryTerm,
    Organisation,
    Programme,
    Theme,
)

AUDIT_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")


def published_items_linked_to(obj):
    """Published stories, events and editions that name this row in a many-to-many link.

    Deleting the row would silently remove it from their pages, so the admin refuses instead.
    """
    for relation in obj._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many and hasattr(related.objects, "published"):
            yield from getattr(obj, relation.get_accessor_name()).published()


class SlugFixedOnceSavedMixin:
    """A slug that filter addresses carry (?theme=..., ?kind=...): typed once, from the name, and
    read-only after, so that no saved link to a filtered list breaks."""

    def get_readonly_fields(self, request, obj=None):
        return (
            (*super().get_readonly_fields(request, obj), "slug") if obj else super().get_readonly_fields(request, obj)
        )

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else super().get_prepopulated_fields(request, obj)


class ProtectPublishedLinksFormSet(forms.BaseInlineFormSet):
    """The same refusal for rows deleted through an inline (a programme's contributions, a
    facility's funding): Django's own check there sees only the database's protection."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and (items := list(published_items_linked_to(form.instance))):
                raise forms.ValidationError(
                    _("“%(row)s” cannot be deleted: published items link to it (%(items)s).")
                    % {"row": form.instance, "items": "; ".join(str(item) for item in items)}
                )


class ProtectPublishedLinksMixin:
    """Adds published items that link to a row to the "protected" list of the delete page, which
    makes Django refuse the deletion and say what stands in the way."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for obj in objs:
            for item in published_items_linked_to(obj):
                opts = item._meta
                try:
                    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
                    protected.append(format_html('{}: <a href="{}">{}</a>', opts.verbose_name.capitalize(), url, item))
                except NoReverseMatch:
                    protected.append(f"{opts.verbose_name.capitalize()}: {item}")
        return deleted, counts, perms_needed, protected


def translation_columns(model, code):
    return [column(name, code) for name in model.translated_texts]


def glossary_for_editors():
    """The glossary as the translation fieldsets show it."""
    terms = GlossaryTerm.objects.values_list("english", "russian")
    if not terms:
        return ""
    return format_html(
        "<details><summary>{}</summary><ul>{}</ul></details>",
        _("Glossary: the same term translated the same way everywhere"),
        format_html_join("", '<li>{} — <span lang="ru">{}</span></li>', terms),
    )


def confirmed_field(code):
    return column("translation_still_current", code)


class TranslationsAdminMixin:
    """The texts of a Translatable model in each content language, in a fieldset of their own after
    the English: the translation's state, its texts, a box to say it still stands after an English
    change that does not touch its meaning, and the glossary. Lists show and filter the state."""

    def translates(self):
        return issubclass(self.model, Translatable)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.translates():
            return fieldsets
        hidden = {
            column(name, code)
            for code in CONTENT_LANGUAGES
            for name in (*self.model.translated_texts, *self.model.derived_texts, "translation_still_current")
        }

        def shown(fields):
            for field in fields:
                if isinstance(field, (list, tuple)):
                    kept = [name for name in field if name not in hidden]
                    if kept:
                        yield tuple(kept)
                elif field not in hidden:
                    yield field

        fieldsets = [(title, {**options, "fields": list(shown(options["fields"]))}) for title, options in fieldsets]
        for code in CONTENT_LANGUAGES:
            fields = [column("translation_state", code), confirmed_field(code), *translation_columns(self.model, code)]
            fieldsets.append(
                (
                    capfirst(get_language_info(code)["name_translated"]),
                    {"fields": fields, "description": glossary_for_editors()},
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.translates():
            return fields
        return (*fields, *(column("translation_state", code) for code in CONTENT_LANGUAGES))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.translates():
            base = kwargs.get("form", self.form)
            confirmations = {
                confirmed_field(code): forms.BooleanField(
                    label=_("The translation still stands"),
                    required=False,
                    help_text=_(
                        "Tick after an English change that does not alter the meaning (a typo, a link), or "
                        "after bringing the translation up to date text by text: it is then counted up to date."
                    ),
                )
                for code in CONTENT_LANGUAGES
            }
            kwargs["form"] = type(base.__name__, (base,), confirmations)
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        if self.translates():
            obj.confirmed_translations = {
                code for code in CONTENT_LANGUAGES if form.cleaned_data.get(confirmed_field(code))
            }
        super().save_model(request, obj, form, change)

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if not self.translates():
            return fields
        return (*fields, *(column("translation_state", code) for code in CONTENT_LANGUAGES))

    def get_list_filter(self, request):
        fields = super().get_list_filter(request)
        if not self.translates():
            return fields
        return (*fields, *(column("translation_state", code) for code in CONTENT_LANGUAGES))


class TranslatedInlineMixin:
    """An inline row's texts in each content language, after its English fields."""

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not issubclass(self.model, Translatable):
            return fields
        wanted = [name for code in CONTENT_LANGUAGES for name in translation_columns(self.model, code)]
        return [*(field for field in fields if field not in wanted), *wanted]


class AuditedAdmin(RevisionHistoryAdmin, TranslationsAdminMixin, ProtectPublishedLinksMixin, admin.ModelAdmin):
    """Records who created and last changed a row; shows it, read-only, at the foot of the form,
    and keeps a version of each save (unodc_portal/history_admin.py)."""

    # Addresses typed without a scheme are taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *AUDIT_FIELDS)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets is None:
            # Django's default single fieldset lists every field; move the audit ones to their own.
            fields = [f for f in fieldsets[0][1]["fields"] if f not in AUDIT_FIELDS]
            fieldsets = [(None, {"fields": fields}), *fieldsets[1:]]
        return [*fieldsets, (_("History"), {"fields": AUDIT_FIELDS, "classes": ["collapse"]})]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "updated_by_id"):
                if instance.pk is None:
                    instance.created_by = request.user
                instance.updated_by = request.user
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Country)
class CountryAdmin(RevisionHistoryAdmin, TranslationsAdminMixin, ProtectPublishedLinksMixin, admin.ModelAdmin):
    list_display = ("name", "iso2", "region_role")
    list_filter = ("region_role",)
    search_fields = ("name", "iso2")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "kind", "country", "parent")
    list_filter = ("kind", "country")
    list_select_related = ("country", "parent")
    search_fields = ("name", "other_names", "acronym", "description")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "parent")


class ContributionInline(TranslatedInlineMixin, admin.TabularInline):
    model = Contribution
    formset = ProtectPublishedLinksFormSet
    fk_name = "programme"
    extra = 0
    fields = (
        "donor",
        "amount",
        "currency",
        "amount_qualifier",
        "amount_usd",
        "amount_usd_qualifier",
        "date",
        "date_precision",
    )
    autocomplete_fields = ("donor",)


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("title", "acronym", "kind", "parent", "period")
    list_filter = ("kind", "countries", "themes")
    list_select_related = ("parent",)
    search_fields = ("title", "other_names", "short_title", "acronym", "summary")
    ordering = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("parent", "countries", "partners", "themes")
    inlines = [ContributionInline]

    @admin.display(description=_("period"))
    def period(self, obj):
        return obj.period


@admin.register(Contribution)
class ContributionAdmin(AuditedAdmin):
    list_display = ("donor", "programme", "amount", "currency", "amount_usd", Contribution.when.admin_column())
    list_filter = ("currency", "donor", "programme")
    list_select_related = ("donor", "programme")
    search_fields = ("donor__name", "donor__acronym", "programme__title", "description")
    ordering = ("-date",)
    date_hierarchy = "date"
    autocomplete_fields = ("donor", "programme")

    def get_queryset(self, request):
        # The autocomplete of a story's "contributions reported" names each one by them.
        return super().get_queryset(request).select_related("donor", "programme")


class FacilityFundingInline(TranslatedInlineMixin, admin.StackedInline):
    model = FacilityFunding
    formset = ProtectPublishedLinksFormSet
    extra = 0
    autocomplete_fields = ("programme", "component_donors")


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ("name", "kind", "country", "place", "status", Facility.opened.admin_column(), "programme")
    list_filter = ("kind", "status", "country", "programme")
    list_select_related = ("country", "programme")
    search_fields = ("name", "other_names", "place", "description")
    ordering = ("country__name", "name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country", "border_country", "programme", "operator")
    inlines = [FacilityFundingInline]


@admin.register(FacilityFunding)
class FacilityFundingAdmin(AuditedAdmin):
    list_display = ("facility", "programme", "amount", "currency", "amount_usd")
    list_filter = ("programme",)
    list_select_related = ("facility", "programme")
    search_fields = ("facility__name", "programme__title", "description")
    ordering = ("facility__name",)
    autocomplete_fields = ("programme", "facility", "component_donors")

    def get_queryset(self, request):
        # The autocomplete of a story's "facility funding reported" names each one by them.
        return super().get_queryset(request).select_related("programme", "facility")


@admin.register(Theme)
class ThemeAdmin(SlugFixedOnceSavedMixin, AuditedAdmin):
    """The office's thematic areas; programmes, stories, events and publications pick them with
    an autocomplete. A theme that published items carry cannot be deleted."""

    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    list_filter = ()
    search_fields = ("name", "slug", "description")
    ordering = ("order", "name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedAdmin):
    """Rates the funding ledger converts with, where a source gives no USD equivalent: kept by
    publishers, each with its source, and shown beside every conversion made with it."""

    list_display = ("currency", "usd_per_unit", ExchangeRate.when.admin_column(), "source")
    list_filter = ("currency", "source")
    search_fields = ("currency", "source", "note")
    ordering = ("currency", "-date")
    date_hierarchy = "date"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(AuditedAdmin):
    list_display = ("english", "russian", "note")
    search_fields = ("english", "russian", "note")
