"""Open data: a list as a CSV file, streamed row by row (issue 19).

An export is the list view itself with another answer: `CsvExportMixin` goes in front of a list
view (`class EventCsvView(CsvExportMixin, EventListView)`), so the file has the very rows of the
page, filtered by the list's own FilterSet from the list's own queryset, in the list's order; only
the pagination is gone. The rows are read with `QuerySet.iterator(chunk_size=...)`, each chunk
with its prefetched relations, and written as they are read: a file of 100,000 events starts at
once and never holds more than a chunk in memory. Such a response is never stored by the page
cache (it stores no streaming response; page_cache.py).

Decisions, written once here:

- UTF-8 with a byte order mark. Excel opens a CSV without one in the computer's legacy code page,
  which turns every Cyrillic or accented name into mojibake; with it, Excel, LibreOffice and
  Python's `encoding="utf-8-sig"` all read UTF-8 (and the plain `utf-8` codec leaves one
  invisible character at the start of the first header).
- Cells a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`, a tab or a
  carriage return; OWASP's "CSV injection") get a leading apostrophe, which spreadsheets read as
  "this is text". Only text: numbers (ints, Decimals) are written as they are, so a negative
  longitude stays a number; a text that happens to look like a negative number ("-5 on last
  year") is text and gets the apostrophe.
- The header row holds field names, not labels: the same in every language, so a script written
  against /events/csv/ reads /ru/events/csv/ too. The values are in the language of the address,
  as the page shows them (names and titles in Russian where they have a Russian version).
"""

import csv

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from unodc_portal.translations import reading_in, reading_language

# Rows read (and their relations prefetched) per database round trip: big enough that the
# queries per row vanish, small enough that a chunk's objects are a few megabytes at most.
CHUNK_SIZE = 1000

BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A cell as written: text a spreadsheet would run as a formula gets a leading apostrophe;
    None is an empty cell; numbers and everything else are written as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class LineBuffer:
    """What csv.writer writes to: it hands each line back instead of keeping it (Django's
    "Streaming large CSV files")."""

    def write(self, line):
        return line


def csv_lines(header, rows, *, lines_per_piece=200):
    """The file as pieces of bytes: the byte order mark and the header, then the rows, a few
    hundred lines per piece (one piece per line would be a write to the socket per line)."""
    writer = csv.writer(LineBuffer())
    yield (BYTE_ORDER_MARK + writer.writerow(header)).encode()
    piece = []
    for row in rows:
        piece.append(writer.writerow([neutralised(cell) for cell in row]))
        if len(piece) >= lines_per_piece:
            yield "".join(piece).encode()
            piece = []
    if piece:
        yield "".join(piece).encode()


def in_language_of_request(pieces):
    """`pieces` produced in the language the view ran in. A streamed body is produced after the
    view has returned, when LanguageFromAddressMiddleware has already put the language back
    (unodc_portal/languages.py): each piece is made inside the view's language again, rows read
    in its content language, and nothing of it leaks to the server between two pieces."""
    language, reading = translation.get_language(), reading_language()

    def produce():
        try:
            while True:
                with translation.override(language), reading_in(reading):
                    piece = next(pieces, None)
                if piece is None:
                    return
                yield piece
        finally:
            # A reader who leaves early closes the file: the rows' cursor closes with it now,
            # not whenever the garbage collector gets to it.
            pieces.close()

    return produce()


def invalid_filters_response(request, messages):
    """400 with what is wrong: the list page reports an unusable filter value and ignores it,
    but a file with more rows than were asked for would go unnoticed. A page, not text: the
    messages repeat the values given, which are escaped there like everything a reader types."""
    response = render(request, "export_bad_filters.html", {"filter_errors": messages}, status=400)
    patch_cache_control(response, private=True)
    return response


class CsvExportMixin:
    """A list view's rows as a CSV download. Put it before the list view in the bases and give
    `export_name` ("events"), `header` (the field names) and `row(item)` (the values in the
    header's order) and, for the relations the row reads, `export_queryset()`.

    A list with a FilterSet (FilteredListView) is filtered exactly as its page; an invalid value
    answers 400. A list without one exports its `get_queryset()`.
    """

    paginate_by = None  # no ?page= (the canonical address drops it, unodc_portal/canonical.py)
    export_name = None
    header = ()
    chunk_size = CHUNK_SIZE

    def get(self, request, *args, **kwargs):
        if getattr(self, "filterset_class", None) is not None:
            self.filterset = self.get_filterset(self.get_filterset_class())
            if self.filterset.is_bound and not self.filterset.is_valid():
                return invalid_filters_response(request, self.filterset.error_messages())
            queryset = self.filterset.qs
        else:
            queryset = self.get_queryset()
        self.site = request.build_absolute_uri("/").rstrip("/")
        rows = (self.row(item) for item in self.export_items(queryset))
        response = StreamingHttpResponse(
            in_language_of_request(csv_lines(self.header, rows)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        return response

    def row(self, item):
        """The values of one row, in the order of `header`."""
        raise NotImplementedError

    def export_queryset(self, queryset):
        """The queryset with what the row reads (select_related, prefetch_related)."""
        return queryset

    def export_items(self, queryset):
        """The rows of the file, read a chunk at a time with their prefetched relations."""
        return self.export_queryset(queryset).iterator(chunk_size=self.chunk_size)

    def filename(self):
        """events-2026-12-06.csv; events-ru-2026-12-06.csv for the Russian version."""
        language = translation.get_language()
        suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
        return f"{self.export_name}{suffix}-{timezone.localdate().isoformat()}.csv"

    def absolute(self, path):
        """The full address of a path of this site, as the request reached it."""
        return f"{self.site}{path}"


def codes(items, attribute="slug"):
    """Several values of one field in one cell, separated by spaces (slugs and codes have none)."""
    return " ".join(getattr(item, attribute) for item in items)


def partial_date_cells(when):
    """A PartialDate as (first day, precision, as shown): the day the period starts in ISO form,
    its precision (day, month, year, not-stated) and the words of the page. A date the source
    does not state has no first day: the one stored is only where lists file it."""
    if not when.stated:
        return "", str(when.precision), when.display
    if when.date is None:
        return "", "", ""
    return when.date.isoformat(), str(when.precision), when.display
