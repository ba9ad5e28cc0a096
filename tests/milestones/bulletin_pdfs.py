"""PDFs for the import tests, built with reportlab: a bulletin set in two columns under each
story's headline and standfirst, a scan (a picture of a page, no text), and hand-written files."""

import io
import zlib
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import lightgrey
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Spacer

HEADLINE = ParagraphStyle("headline", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=10)
STANDFIRST = ParagraphStyle("standfirst", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceAfter=8)
# Paragraphs follow one another with no space between, as in the printed bulletin: pdfminer reads
# each column as one text box, and a paragraph ends where a short line ends a sentence.
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12)
CAPTION = ParagraphStyle("caption", fontName="Helvetica-Oblique", fontSize=8, leading=10, spaceBefore=3)
WIDTH, HEIGHT = A4
MARGIN, GUTTER = 18 * mm, 8 * mm
COLUMN = (WIDTH - 2 * MARGIN - GUTTER) / 2
NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


def photo():
    drawing = Drawing(COLUMN, 40 * mm)
    drawing.add(Rect(0, 0, COLUMN, 38 * mm, fillColor=lightgrey, strokeColor=None))
    return drawing


def bulletin_pdf(stories, **canvas_options):
    """A bulletin of `stories` (dicts: headline, standfirst, paragraphs, caption), each starting on
    a new page: headline and standfirst across the page, the body in two columns below, flowing on
    to further pages, and a photo (a grey box) with its caption after the text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, **canvas_options)
    for story in stories:
        top = [Paragraph(escape(story["headline"]), HEADLINE)]
        if story.get("standfirst"):
            top.append(Paragraph(escape(story["standfirst"]), STANDFIRST))
        body = [Paragraph(escape(paragraph), BODY) for paragraph in story["paragraphs"]]
        if story.get("caption"):
            body += [Spacer(COLUMN, 8), photo(), Paragraph(escape(story["caption"]), CAPTION)]
        top_height = sum(item.wrap(WIDTH - 2 * MARGIN, HEIGHT)[1] + item.getSpaceAfter() for item in top) + 24
        Frame(MARGIN, HEIGHT - MARGIN - top_height, WIDTH - 2 * MARGIN, top_height, **NO_PADDING).addFromList(
            top, canvas
        )
        assert not top, "the headline and standfirst must fit above the columns"
        column_top = HEIGHT - MARGIN - top_height
        while body:
            for left in (MARGIN, MARGIN + COLUMN + GUTTER):
                fill(Frame(left, MARGIN, COLUMN, column_top - MARGIN, **NO_PADDING), body, canvas)
            canvas.showPage()
            column_top = HEIGHT - MARGIN
    canvas.save()
    return buffer.getvalue()


def fill(frame, flowables, canvas):
    """Set as much of `flowables` in the frame as fits, a paragraph split at the foot of it to go
    on in the next column (Frame.addFromList never splits)."""
    while flowables:
        if frame.add(flowables[0], canvas):
            flowables.pop(0)
            continue
        parts = frame.split(flowables[0], canvas)
        if len(parts) > 1 and frame.add(parts[0], canvas):
            flowables[0:1] = parts[1:]
        return


def pages_pdf(count, **canvas_options):
    """`count` pages with a line of text each."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, **canvas_options)
    for number in range(1, count + 1):
        canvas.drawString(MARGIN, HEIGHT / 2, f"Page {number} of a long report.")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scan_pdf():
    """A scanned page: a picture, and no text."""
    picture = Image.new("L", (400, 560), 255)
    for y in range(40, 520, 14):
        for x in range(40, 360):
            if (x // 6 + y) % 5:
                picture.putpixel((x, y), 30)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawImage(ImageReader(picture), MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def handmade_pdf(content, *, deflated_size=None, filters=b""):
    """A one-page PDF written by hand around the content stream `content` (already encoded by
    `filters`, a PDF name or array: b"/LZWDecode"); with `deflated_size`, the page's stream is
    instead that many zero bytes, deflated (a "zip bomb": a few hundred kilobytes that unpack to
    hundreds of megabytes), compressed a megabyte at a time."""
    if filters:
        stream, extra = content, b" /Filter " + filters
    elif deflated_size is None:
        stream, extra = content, b""
    else:
        packer = zlib.compressobj(9)
        megabyte = bytes(1024 * 1024)
        stream = b"".join(packer.compress(megabyte) for _ in range(deflated_size // len(megabyte)))
        stream += packer.flush()
        extra = b" /Filter /FlateDecode"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), extra) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def deflated_twice(size):
    """`size` zero bytes deflated, and the result deflated again: each layer a few hundred times
    smaller than what it unpacks to."""
    packer = zlib.compressobj(9)
    megabyte = bytes(1024 * 1024)
    inner = b"".join(packer.compress(megabyte) for _ in range(size // len(megabyte))) + packer.flush()
    return zlib.compress(inner, 9)


def lzw_encoded(data):
    """`data` in LZW code as a PDF reads it (/LZWDecode), the plainest way: each byte a 9-bit code
    of its own, the table cleared every 200 codes (before the codes would widen to 10 bits)."""
    codes = []
    for start in range(0, len(data), 200):
        codes += [256, *data[start : start + 200]]  # 256: clear the table
    codes.append(257)  # end of data
    bits = "".join(format(code, "09b") for code in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def run_length_encoded(data):
    """`data` in run-length code (/RunLengthDecode), as literal runs of up to 128 bytes."""
    out = b""
    for start in range(0, len(data), 128):
        run = data[start : start + 128]
        out += bytes([len(run) - 1]) + run
    return out + bytes([128])  # end of data
