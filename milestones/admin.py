from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from programmes.admin import AuditedAdmin

from .models import Bulletin, Event, EventOrganisation, Person, Quote, Result, Story


class PublishableAdmin(AuditedAdmin):
    list_filter = ("status",)
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_at"

    @admin.display(description=_("live on site"), boolean=True)
    def is_live(self, obj):
        return obj.is_live


class StoryInline(admin.TabularInline):
    model = Story
    fields = ("position", "title", "status", "published_at")
    readonly_fields = ("title", "status", "published_at")
    ordering = ("position",)
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Stories are written on their own page and placed in an edition there.
        return False


@admin.register(Bulletin)
class BulletinAdmin(PublishableAdmin):
    list_display = ("title", "period_label", "display_date", "status", "is_live")
    ordering = ("-issue_date",)
    inlines = [StoryInline]

    @admin.display(description=_("issue date"), ordering="issue_date")
    def display_date(self, obj):
        return obj.display_date


class QuoteInline(admin.StackedInline):
    model = Quote
    fk_name = "story"
    extra = 0
    fields = ("text", "person", "attribution", "event", "position")
    autocomplete_fields = ("person", "event")


class ResultInline(admin.StackedInline):
    model = Result
    fk_name = "story"
    extra = 0
    fields = (
        ("value_qualifier", "value", "unit", "target"),
        "label",
        ("as_of", "as_of_precision"),
        "programme",
        "countries",
        "event",
    )
    autocomplete_fields = ("programme", "countries", "event")


@admin.register(Story)
class StoryAdmin(PublishableAdmin):
    list_display = ("title", "bulletin", "position", "status", "published_at", "is_live")
    list_filter = ("status", "bulletin", "countries", "programmes")
    list_select_related = ("bulletin",)
    search_fields = ("title", "standfirst", "body")
    ordering = ("-published_at", "position")
    autocomplete_fields = ("bulletin", "countries", "programmes", "events", "facilities", "organisations")
    inlines = [QuoteInline, ResultInline]


class EventOrganisationInline(admin.TabularInline):
    model = EventOrganisation
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ("title", "kind", "display_date", "host_country", "status", "is_live")
    list_filter = ("status", "kind", "host_country", "countries", "programmes")
    list_select_related = ("host_country",)
    search_fields = ("title", "summary", "city", "venue")
    ordering = ("-start_date",)
    date_hierarchy = "start_date"
    autocomplete_fields = ("host_country", "countries", "programmes", "facilities", "parent")
    inlines = [EventOrganisationInline]

    @admin.display(description=_("date"), ordering="start_date")
    def display_date(self, obj):
        return obj.display_date


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
class QuoteAdmin(AuditedAdmin):
    list_display = ("short_text", "speaker", "story")
    list_filter = ("story__bulletin",)
    list_select_related = ("person", "story")
    search_fields = ("text", "person__name", "attribution")
    ordering = ("story", "position")
    autocomplete_fields = ("person", "story", "event")

    @admin.display(description=_("quotation"))
    def short_text(self, obj):
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description=_("speaker"))
    def speaker(self, obj):
        return obj.speaker_name


@admin.register(Result)
class ResultAdmin(AuditedAdmin):
    list_display = ("label", "display_value", "target", "display_as_of", "programme")
    list_filter = ("programme", "countries")
    list_select_related = ("programme",)
    search_fields = ("label", "unit")
    ordering = ("-as_of",)
    date_hierarchy = "as_of"
    autocomplete_fields = ("programme", "countries", "story", "event")

    @admin.display(description=_("figure"))
    def display_value(self, obj):
        return obj.display_value

    @admin.display(description=_("as of"), ordering="as_of")
    def display_as_of(self, obj):
        return obj.display_as_of
