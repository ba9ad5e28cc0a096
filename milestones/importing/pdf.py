"""A PDF's text, page by page, with pdfminer.six's layout analysis, within limits.

pdfminer groups the characters of a page into lines and the lines into text boxes (a column of
a two-column page is a box of its own), so a two-column page is read column by column, never line
across line. The text comes back as pdfminer's `extract_text()` writes it: a blank line between
boxes, a form feed between pages (milestones/importing/text.py reads that).

Every check that refuses a file runs before the layout analysis, the heavy part: the signature, the
password, the page count, and the size of every compressed stream once unpacked (a small file can
hold a stream that unpacks to gigabytes: each is unpacked here with a bound, never whole; a
compression that cannot be so measured, such as LZW or one compression inside another, is refused).
The text extracted is bounded too.
"""

import io
import zlib

from django.utils.translation import gettext as _
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTTextBox
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from . import ImportRefused

PDF_SIGNATURE = b"%PDF-"
CHUNK = 1024 * 1024


def pdf_pages(data, *, max_pages, max_unpacked_bytes, max_characters, max_page_characters):
    """The text of each page of the PDF `data`; ImportRefused with a message for the editor when
    the file is not a PDF, is damaged, password-protected, too long, a bomb, or a scan."""
    if not data.startswith(PDF_SIGNATURE):
        raise ImportRefused(_("This file is not a PDF document, whatever its name says."))
    if b"%%EOF" not in data[-2048:]:
        # pdfminer would read what it can of a cut-off file; an edition half read is worse than none.
        raise ImportRefused(_("This PDF is damaged or incomplete: it cannot be read."))
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        page_count = resolve1(document.catalog["Pages"])["Count"]
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ImportRefused(
            _("This PDF is password-protected: save a copy without the password and import that.")
        ) from error
    except Exception as error:
        # pdfminer raises many kinds of error on a damaged file (syntax, missing objects, types).
        raise ImportRefused(_("This PDF is damaged or incomplete: it cannot be read.")) from error
    if not isinstance(page_count, int) or page_count < 1:
        raise ImportRefused(_("This PDF is damaged or incomplete: it cannot be read."))
    if page_count > max_pages:
        raise ImportRefused(
            _("This PDF has %(count)d pages; an edition can be imported with at most %(limit)d.")
            % {"count": page_count, "limit": max_pages}
        )
    check_streams(document, max_unpacked_bytes)
    return layout_text(
        data, max_pages=max_pages, max_characters=max_characters, max_page_characters=max_page_characters
    )


def check_streams(document, budget):
    """Unpack every stream with a bound: refuse the file when the streams together unpack to more
    than `budget` bytes. Memory stays within one stream's bounded output at a time."""
    total = 0
    seen = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = document.getobj(objid)
            except Exception as error:
                raise ImportRefused(_("This PDF is damaged or incomplete: it cannot be read.")) from error
            if isinstance(obj, PDFStream):
                total += unpacked_size(obj, budget - total)
                if total > budget:
                    raise ImportRefused(
                        _(
                            "This PDF unpacks to far more data than a bulletin holds (it may be built to "
                            "exhaust the server); it was not read."
                        )
                    )


# The filters pdfminer unpacks, by their names and abbreviations. Flate is counted here with a
# bound; ASCII85 and ASCIIHex only shrink; the image codecs DCT, JPX and JBIG2 pdfminer leaves as
# they are. LZW, run-length and CCITT fax can expand a small stream enormously (LZW some 2,700
# times) and are rare in a bulletin's text: a stream that needs one is refused (a picture in fax
# code aside), and so is a chain of more than one compression (Flate over Flate), whose inner
# layers only a full unpacking would measure.
FLATE = {"FlateDecode", "Fl"}
SHRINKING = {"ASCII85Decode", "A85", "ASCIIHexDecode", "AHx"}
REFUSED = {"LZWDecode", "LZW", "RunLengthDecode", "RL"}
# CCITT fax: pdfminer unpacks it in a page's text streams, never in a picture's (a scan's).
FAX = {"CCITTFaxDecode", "CCF"}


def refuse_compression():
    raise ImportRefused(
        _(
            "This PDF uses a compression this importer does not read (LZW, run-length, or one "
            "compression inside another): open it, save it again as a standard PDF, and import that copy."
        )
    )


def unpacked_size(stream, limit):
    """The stream's size once unpacked, counted a megabyte at a time and only up to just over
    `limit`: nothing of it is kept. ImportRefused for a compression that cannot be so bounded."""
    data = stream.rawdata if stream.rawdata is not None else stream.data or b""
    size = None  # once a Flate layer is counted; only layers that unpack nothing may follow it
    for name, _params in stream.get_filters():
        name = getattr(name, "name", name)
        fax_in_text = name in FAX and getattr(resolve1(stream.get("Subtype")), "name", None) != "Image"
        if name in REFUSED or fax_in_text or (name in FLATE and size is not None):
            refuse_compression()
        if name in FLATE:
            size = flate_size(data, limit)
        elif name in SHRINKING and size is None:  # after a Flate layer, they shrink what it counted
            data = ascii85decode(data) if name in ("ASCII85Decode", "A85") else asciihexdecode(data)
        # Image codecs (and filters pdfminer does not know, which it refuses to read): as stored.
    return len(data) if size is None else size


def flate_size(data, limit):
    unpacker = zlib.decompressobj()
    size = 0
    try:
        chunk = unpacker.decompress(data, CHUNK)
        while chunk:
            size += len(chunk)
            if size > limit:
                break
            chunk = unpacker.decompress(unpacker.unconsumed_tail, CHUNK)
    except zlib.error as error:
        raise ImportRefused(_("This PDF is damaged or incomplete: it cannot be read.")) from error
    return size


def reading_order(boxes):
    """A page's text boxes in reading order: from the top down, a box across the columns (a
    headline, a standfirst) between the bands of columns, and within a band each column from top
    to bottom, left to right. (pdfminer's own order, by its `boxes_flow` grouping, can put a
    column's last paragraph first.)"""
    if not boxes:
        return []
    span = max(box.x1 for box in boxes) - min(box.x0 for box in boxes)
    ordered, band = [], []
    for box in sorted(boxes, key=lambda box: -box.y1):
        if box.width > 0.6 * span:
            ordered += by_columns(band)
            band = []
            ordered.append(box)
        else:
            band.append(box)
    return ordered + by_columns(band)


def by_columns(boxes):
    """Boxes grouped into columns (those that overlap side to side), read one column after another."""
    columns = []  # [left, right, boxes]
    for box in sorted(boxes, key=lambda box: box.x0):
        column = next((c for c in columns if box.x0 < c[1] and box.x1 > c[0]), None)
        if column is None:
            columns.append([box.x0, box.x1, [box]])
        else:
            column[0], column[1] = min(column[0], box.x0), max(column[1], box.x1)
            column[2].append(box)
    return [box for _left, _right, column in columns for box in sorted(column, key=lambda box: -box.y1)]


def layout_text(data, *, max_pages, max_characters, max_page_characters):
    """Each page's text. A page's characters are counted before its layout is analysed: the
    analysis takes time that grows faster than the number of characters (80,000 on a page take
    about ten seconds), and a small file can draw that many."""
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)  # characters only; analysed below, once counted
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    characters = 0
    images = 0
    try:
        for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data), maxpages=max_pages), start=1):
            interpreter.process_page(page)
            layout = device.get_result()
            if characters_in(layout) > max_page_characters:
                raise ImportRefused(
                    _(
                        "Page %(page)d of this PDF holds more text than a bulletin's page (over %(limit)d "
                        "characters); it was not read."
                    )
                    % {"page": number, "limit": max_page_characters}
                )
            layout.analyze(LAParams())
            boxes = reading_order([element for element in layout if isinstance(element, LTTextBox)])
            text = "\n".join(box.get_text() for box in boxes)
            images += sum(1 for element in layout if isinstance(element, LTFigure | LTImage))
            characters += len(text)
            if characters > max_characters:
                raise ImportRefused(
                    _("This PDF holds more text than an edition (over %(limit)d characters); it was not imported.")
                    % {"limit": max_characters}
                )
            pages.append(text)
    except ImportRefused:
        raise
    except Exception as error:
        raise ImportRefused(_("This PDF is damaged or incomplete: it cannot be read.")) from error
    if not any(page.strip() for page in pages):
        if images:
            raise ImportRefused(_("This PDF is a scan: it has no text to import, and scans are not read (no OCR)."))
        raise ImportRefused(_("This PDF has no text to import."))
    return pages


def characters_in(container):
    """The characters drawn on a page, those in its figures included."""
    count = 0
    for element in container:
        if isinstance(element, LTChar):
            count += 1
        elif isinstance(element, LTFigure):
            count += characters_in(element)
    return count
