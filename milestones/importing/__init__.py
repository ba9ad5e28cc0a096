"""Importing an edition from its PDF or its extracted text (issue 18).

`read_source()` turns the file's bytes into the text of its pages, or refuses the file with a
message for the editor (`ImportRefused`); `text.read_articles()` reads the articles from that
text; `BulletinImport.import_file()` (milestones/models.py) writes the draft edition and its draft
stories in one transaction, and remembers the file by its content hash.
"""

import datetime
import hashlib
import re
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from unodc_portal.partial_dates import DatePrecision, PartialDate


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, for the editor. Raised before anything
    is written."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


DATE_FORMS = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d", DatePrecision.DAY),
    (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m", DatePrecision.MONTH),
    (re.compile(r"^\d{4}$"), "%Y", DatePrecision.YEAR),
]


def read_issue_date(value):
    """'2016-12-01', '2016-12' or '2016': the edition's date, known to the day, month or year, as
    the command and the admin's import form take it. ValueError, with a message, for anything else."""
    for pattern, form, precision in DATE_FORMS:
        if pattern.match(value):
            try:
                return PartialDate(datetime.datetime.strptime(value, form).date(), precision)
            except ValueError:
                break
    raise ValueError(_("“%(value)s” is not a date: give 2016-12-01, 2016-12 or 2016.") % {"value": value})


def content_hash(data, file_name):
    """The SHA-256 the file is known by. A text file's is that of its text with line ends made
    LF and the white space at its end (and a UTF-8 byte order mark) left out: a copy saved with
    CRLF line ends or an extra newline is the same text. A PDF's is that of its bytes as they are."""
    if is_text_file(data, file_name):
        data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n").rstrip(b" \t\n")
    return hashlib.sha256(data).hexdigest()


def is_text_file(data, file_name):
    """A name ending in .txt, and not a PDF by its content."""
    return PurePath(file_name).suffix.lower() == ".txt" and not data.startswith(b"%PDF-")


def read_source(data, file_name):
    """The text of each page of the file, and whether the pages are the printed ones: a PDF (by
    its content, whatever its name) or, for a name ending in .txt, UTF-8 text with a form feed
    between pages (a text without form feeds does not say which page anything was on)."""
    limit = settings.BULLETIN_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportRefused(
            _("The file is %(size)s; an edition can be imported from at most %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    if is_text_file(data, file_name):
        pages = text_pages(data)
        return pages, len(pages) > 1
    from .pdf import pdf_pages  # pdfminer is loaded only for PDFs

    pages = pdf_pages(
        data,
        max_pages=settings.BULLETIN_IMPORT_MAX_PAGES,
        max_unpacked_bytes=settings.BULLETIN_IMPORT_MAX_UNPACKED_BYTES,
        max_characters=settings.BULLETIN_IMPORT_MAX_CHARACTERS,
        max_page_characters=settings.BULLETIN_IMPORT_MAX_PAGE_CHARACTERS,
    )
    return pages, True


def text_pages(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(_("This text file is not in UTF-8; save it as UTF-8 text and import it again.")) from error
    if "\x00" in text:
        raise ImportRefused(_("This file is not text, whatever its name says."))
    if len(text) > settings.BULLETIN_IMPORT_MAX_CHARACTERS:
        raise ImportRefused(
            _("This file holds more text than an edition (over %(limit)d characters); it was not imported.")
            % {"limit": settings.BULLETIN_IMPORT_MAX_CHARACTERS}
        )
    pages = text.split("\f")
    if len(pages) > settings.BULLETIN_IMPORT_MAX_PAGES:
        raise ImportRefused(
            _("This file has %(count)d pages; an edition can be imported with at most %(limit)d.")
            % {"count": len(pages), "limit": settings.BULLETIN_IMPORT_MAX_PAGES}
        )
    return pages
