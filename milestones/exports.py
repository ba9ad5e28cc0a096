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
    start = partial_date_cells(when.start)[0]
    end = partial_date_cells(when.end)[0] if event.end_date and event.end_date != event.start_date else ""
    return [start, end, str(event.date_precision), when.display, ""]


def absolute_url(view, item):
    return view.absolute(item.get_absolute_url())


class EventCsvView(CsvExportMixin, EventListView):
    export_name = "events"

    @property
    def columns(self):
        dates = ("date_start", "date_end", "date_precision", "date_as_shown", "listed_under")
        return [
            ("id", lambda event: event.pk),
            ("slug", lambda event: event.slug),
            ("title", lambda event: event.title),
            ("kind", lambda event: event.kind_id),
            ("kind_name", lambda event: event.kind.name),
            *((name, lambda event, index=index: event_date_cells(event)[index]) for index, name in enumerate(dates)),
            ("attendance_mode", lambda event: event.attendance_mode),
            ("venue", lambda event: event.venue),
            ("city", lambda event: event.city),
            ("host_country", lambda event: event.host_country.iso2),
            ("place", lambda event: str(event.place)),
            ("region", lambda event: event.region),
            ("countries", lambda event: codes(event.countries.all(), "iso2")),
            ("programmes", lambda event: codes(event.programmes.all())),
            ("themes", lambda event: codes(event.themes.all())),
            ("series", lambda event: event.series.slug if event.series_id else ""),
            ("participant_count", lambda event: event.participant_count),
            ("participant_count_qualifier", lambda event: event.participant_count_qualifier),
            ("summary", lambda event: event.summary),
            ("url", lambda event: absolute_url(self, event)),
        ]

    def export_queryset(self, queryset):
        # The list's queryset has the kind, the countries and the places (for_cards()).
        return queryset.select_related("series").prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.only("pk", "slug")),
            "themes",
        )


class StoryCsvView(CsvExportMixin, StoryListView):
    export_name = "news"

    @property
    def columns(self):
        dates = ("date", "date_precision", "date_as_shown")
        return [
            ("id", lambda story: story.pk),
            ("slug", lambda story: story.slug),
            ("title", lambda story: story.title),
            ("standfirst", lambda story: story.standfirst),
            *(
                (name, lambda story, index=index: partial_date_cells(story.when)[index])
                for index, name in enumerate(dates)
            ),
            # Only an edition the public may see (Story.public_bulletin), as on the page.
            ("bulletin", lambda story: story.public_bulletin.slug if story.public_bulletin else ""),
            ("countries", lambda story: codes(story.countries.all(), "iso2")),
            ("programmes", lambda story: codes(story.programmes.all())),
            ("themes", lambda story: codes(story.themes.all())),
            ("url", lambda story: absolute_url(self, story)),
        ]

    def export_queryset(self, queryset):
        return queryset.prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.only("pk", "slug")),
            "themes",
        )
