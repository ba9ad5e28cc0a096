"""The events and news lists as CSV files (/events/csv/, /news/csv/): the lists' own views with a
CSV answer (unodc_portal/exports.py), so the files take the same filters and give the same rows
in the same order as the pages."""

from django.db.models import Prefetch

from programmes.models import Programme
from unodc_portal.exports import CsvExportMixin, codes, partial_date_cells

from .views import EventListView, StoryListView


def event_date_cells(event):
    """date_start, date_end, date_precision, date_as_shown, listed_under. An event whose date the
    source does not give has no start or end here: only the month it is listed under."""
    when = event.when
    if not when.stated:
        return ["", "", str(event.date_precision), when.display, event.start_date.strftime("%Y-%m")]
    end = event.end_date.isoformat() if event.end_date and event.end_date != event.start_date else ""
    return [event.start_date.isoformat(), end, str(event.date_precision), when.display, ""]


class EventCsvView(CsvExportMixin, EventListView):
    export_name = "events"
    header = (
        "id",
        "slug",
        "title",
        "kind",
        "kind_name",
        "date_start",
        "date_end",
        "date_precision",
        "date_as_shown",
        "listed_under",
        "attendance_mode",
        "venue",
        "city",
        "host_country",
        "place",
        "region",
        "countries",
        "programmes",
        "themes",
        "series",
        "participant_count",
        "participant_count_qualifier",
        "summary",
        "url",
    )

    def row(self, event):
        return [
            event.pk,
            event.slug,
            event.title,
            event.kind_id,
            event.kind.name,
            *event_date_cells(event),
            event.attendance_mode,
            event.venue,
            event.city,
            event.host_country.iso2,
            str(event.place),
            event.region,
            codes(event.countries.all(), "iso2"),
            codes(event.programmes.all()),
            codes(event.themes.all()),
            event.series.slug if event.series_id else "",
            event.participant_count,
            event.participant_count_qualifier,
            event.summary,
            self.absolute(event.get_absolute_url()),
        ]

    def export_queryset(self, queryset):
        # The list's queryset has the kind, the countries and the places (for_cards()).
        return queryset.select_related("series").prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.only("pk", "slug")),
            "themes",
        )


class StoryCsvView(CsvExportMixin, StoryListView):
    export_name = "news"
    header = (
        "id",
        "slug",
        "title",
        "standfirst",
        "date",
        "date_precision",
        "date_as_shown",
        "bulletin",
        "countries",
        "programmes",
        "themes",
        "url",
    )

    def row(self, story):
        # Only an edition the public may see (Story.public_bulletin), as on the page.
        edition = story.public_bulletin
        return [
            story.pk,
            story.slug,
            story.title,
            story.standfirst,
            *partial_date_cells(story.when),
            edition.slug if edition else "",
            codes(story.countries.all(), "iso2"),
            codes(story.programmes.all()),
            codes(story.themes.all()),
            self.absolute(story.get_absolute_url()),
        ]

    def export_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.only("pk", "slug")),
            "themes",
        )
