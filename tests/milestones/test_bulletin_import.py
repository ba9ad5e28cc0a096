"""Importing an edition from its PDF or text (issue 18): the seed round trip, real PDFs, bad files,
the same file twice, and the command."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from reportlab.pdfgen.canvas import Canvas

from milestones.importing import ImportRefused
from milestones.management.commands.load_seed import SEED_FIXTURE
from milestones.models import Bulletin, BulletinImport, ImportedStory, Status, Story
from tests.milestones.bulletin_pdfs import (
    bulletin_pdf,
    deflated_twice,
    handmade_pdf,
    lzw_encoded,
    pages_pdf,
    run_length_encoded,
    scan_pdf,
)
from tests.test_seed import SOURCE, as_printed
from unodc_portal.partial_dates import DatePrecision

pytestmark = pytest.mark.django_db

SOURCE_BYTES = SOURCE.encode()
# The seed's one change to the printed text that its notes do not declare: a full stop at the end
# of the Karakol story, where the print has none ("... the United States of America").
UNDECLARED = [("States of America.", "States of America")]


def seed_stories():
    """The seed's stories as printed (its declared corrections undone), in their order."""
    rows = [row["fields"] for row in json.loads(SEED_FIXTURE.read_text()) if row["model"] == "milestones.story"]
    stories = []
    for fields in sorted(rows, key=lambda fields: fields["position"]):
        body = as_printed(fields["body"])
        for stored, printed in UNDECLARED:
            body = body.replace(stored, printed)
        caption = re.search(r"captioned “(.+?)”", fields["source_note"])
        stories.append(
            {
                "headline": as_printed(fields["title"]),
                "standfirst": as_printed(fields["standfirst"]),
                "paragraphs": body.split("\n\n"),
                "caption": caption.group(1) if caption else "",
            }
        )
    return stories


def counts():
    return (Bulletin.objects.count(), Story.objects.count(), BulletinImport.objects.count())


def paragraph_starts(paragraphs):
    """Where each paragraph after the first starts, counted in words of the whole body."""
    starts, words = set(), 0
    for paragraph in paragraphs[:-1]:
        words += len(paragraph.split())
        starts.add(words)
    return starts


def assert_same_stories(record, expected, source_lines):
    """The imported stories are the expected ones: the same headlines in order, standfirsts,
    captions and words; the paragraphs the same, but where the text cannot show a break: a
    break the import missed is a place it marked as a possible break, or one the seed makes in
    the middle of a printed line; the import makes no break that is not in the seed."""
    imported = list(record.stories.select_related("story").order_by("story__position"))
    assert [item.story.title for item in imported] == [story["headline"] for story in expected]
    for item, story in zip(imported, expected, strict=True):
        paragraphs = item.story.body.split("\n\n")
        assert item.story.standfirst == story["standfirst"]
        assert item.story.image_caption == story["caption"]
        assert " ".join(paragraphs) == " ".join(story["paragraphs"])
        ours, theirs = paragraph_starts(paragraphs), paragraph_starts(story["paragraphs"])
        assert ours <= theirs, f"{item.story.title}: a break the seed does not make"
        words = " ".join(paragraphs).split()
        marked = {mark["text"].split(" | ")[1] for mark in item.unsure if mark["kind"] == "possible_paragraph_break"}
        for start in theirs - ours:
            at = f"{words[start - 1]} {words[start]}"
            assert " ".join(words[start : start + 4]) in marked or any(at in line for line in source_lines), at


# --- The seed round trip -----------------------------------------------------------------


def test_seed_text_gives_the_seven_stories_of_the_seed():
    record = BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt")
    assert_same_stories(record, seed_stories(), SOURCE.splitlines())


def test_seed_text_paragraph_counts():
    record = BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt")
    paragraphs = [len(item.story.body.split("\n\n")) for item in record.stories.order_by("story__position")]
    # The seed's 6, 4, 3, 5, 6, 6 and 3: three breaks fall at the end of full lines (marked), two
    # are the seed's own, in the middle of printed lines.
    assert paragraphs == [5, 3, 2, 5, 6, 6, 1]


def test_seed_barcelona_caption_is_a_caption_not_body_text():
    BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt")
    story = Story.objects.get(position=7)
    assert story.image_caption.endswith("police officers in Barcelona")
    assert "Barcelona" not in story.body
    assert not story.image
    marks = story.imported_from.unsure
    assert {"kind": "possible_caption", "page": None, "text": story.image_caption} in [
        {key: mark[key] for key in ("kind", "page", "text")} for mark in marks
    ]


def test_import_creates_drafts_only_with_a_date_not_stated():
    record = BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt")
    bulletin = record.bulletin
    assert bulletin.status == Status.DRAFT and bulletin.published_at is None
    assert (bulletin.issue_date, bulletin.issue_date_precision) == (None, DatePrecision.NOT_STATED)
    assert not Story.objects.exclude(status=Status.DRAFT).exists()
    assert not Story.objects.published().exists() and not Bulletin.objects.published().exists()
    assert not Story.objects.exclude(title_ru="", body_ru="").exists()


def test_story_source_note_names_the_file_and_keeps_the_source_blocks():
    record = BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt")
    item = record.stories.get(story__position=2)
    assert item.story.source_note == "Imported from milestones-2016-source.txt (the text marks no pages)."
    roles = [block["role"] for block in item.source]
    assert roles == ["headline", "body", "body", "body", "standfirst"]
    source = "\n".join(block["text"] for block in item.source)
    assert "expert dis-\ncussions" in source  # line ends as printed, spaces made single


# --- Hyphens and paragraphs ----------------------------------------------------------------


def read(text):
    from milestones.importing.text import read_articles

    return read_articles(text.split("\f"), numbered="\f" in text)


LEAD = "A headline of the story\n\nThe officers were trained.\n\n"


def test_line_end_hyphen_is_joined_where_the_word_goes_on():
    (article,) = read(LEAD + "She empha-\nsized the need for cooperation in the region and beyond it.\n")
    assert article.paragraphs[-1] == "She emphasized the need for cooperation in the region and beyond it."
    assert {"kind": "hyphen_joined", "page": None, "text": "empha-|sized", "detail": "emphasized"} in [
        mark.as_dict() for mark in article.unsure
    ]


@pytest.mark.parametrize(
    ("printed", "kept"),
    [
        ("on the Kyrgyz-\nTajik border", "on the Kyrgyz-Tajik border"),
        ("in Dushanbe-\n2 dry port", "in Dushanbe-2 dry port"),
        ("from 2015-\n2019 onwards", "from 2015-2019 onwards"),
        ("two factors -\nthe common border", "two factors - the common border"),
    ],
)
def test_real_hyphens_stay(printed, kept):
    (article,) = read(LEAD + f"They met {printed} of the two countries again.\n")
    assert kept in article.paragraphs[-1]
    assert not [mark for mark in article.unsure if mark.kind == "hyphen_joined"]


def test_capital_after_hyphen_is_joined_only_for_a_word_printed_whole_elsewhere():
    (article,) = read(LEAD + "The UN-\nODC office and the UNODC team met the Kyrgyz-\nUzbek commission.\n")
    assert article.paragraphs[-1] == "The UNODC office and the UNODC team met the Kyrgyz-Uzbek commission."


def test_compound_printed_whole_elsewhere_keeps_its_hyphen():
    (article,) = read(LEAD + "Partners from the non-\nhealth sector and other non-health partners met again.\n")
    assert "non-health sector" in article.paragraphs[-1]


def test_pages_are_counted_by_form_feeds():
    text = "First story headline\n\nIt began here.\n\fSecond story headline\n\nIt went on there.\n"
    first, second = read(text)
    assert (first.headline, first.pages, second.headline, second.pages) == (
        "First story headline",
        [1],
        "Second story headline",
        [2],
    )


@pytest.mark.parametrize(
    ("printed", "html"),
    [
        ("1. In 2016 the office opened.", "<p>1. In 2016 the office opened.</p>"),
        ("2) Next came the training.", "<p>2) Next came the training.</p>"),
        ("10. Ten officers met.", "<p>10. Ten officers met.</p>"),
        ("# 5 of the officers", "<p># 5 of the officers</p>"),
        ("> 300 kg were seized.", "<p>&gt; 300 kg were seized.</p>"),
        ("- a dash first", "<p>- a dash first</p>"),
        ("1.5 million doses", "<p>1.5 million doses</p>"),
    ],
)
def test_paragraph_that_starts_like_markdown_is_shown_as_printed(printed, html):
    from milestones.markdown import render_markdown
    from milestones.models import markdown_paragraph

    assert render_markdown(markdown_paragraph(printed)).strip() == html


# --- Real PDFs -------------------------------------------------------------------------------


def test_two_column_pdf_of_the_seed_gives_the_same_stories():
    stories = seed_stories()
    data = bulletin_pdf(stories)
    record = BulletinImport.import_file(data, file_name="milestones.pdf")
    assert_same_stories(record, stories, [])
    # Each story starts on a page of its own; the pages are in the source notes.
    assert [item.pages[0] for item in record.stories.order_by("story__position")] == list(range(1, 8))
    assert Story.objects.get(position=3).source_note == "Imported from milestones.pdf, page 3."


def test_two_column_pdf_is_read_column_by_column():
    left = "Left column words " * 200  # long enough to fill the left column and go on in the right
    data = bulletin_pdf([{"headline": "Columns", "standfirst": "", "paragraphs": [left.strip() + "."]}])
    record = BulletinImport.import_file(data, file_name="columns.pdf")
    body = record.stories.get().story.body
    assert body == left.strip() + "."


def test_pdf_headline_over_two_lines_and_a_caption():
    story = {
        "headline": "New synthetic drugs and psychoactive substances: investigation methods and interception",
        "standfirst": "",
        "paragraphs": ["The training was held in Tashkent for officers of three services.", "It lasted a week."],
        "caption": "Officers of the Border Liaison Offices at the training in Tashkent",
    }
    record = BulletinImport.import_file(bulletin_pdf([story]), file_name="two-lines.pdf")
    imported = record.stories.get().story
    assert imported.title == story["headline"]
    assert imported.image_caption == story["caption"]
    assert imported.body == "The training was held in Tashkent for officers of three services.\n\nIt lasted a week."


def test_caption_at_the_foot_of_a_page_stays_with_its_story():
    methadone, japan = seed_stories()[6], seed_stories()[0]
    record = BulletinImport.import_file(bulletin_pdf([methadone, japan]), file_name="two.pdf")
    imported = [item.story for item in record.stories.order_by("story__position")]
    assert [story.title for story in imported] == [methadone["headline"], japan["headline"]]
    assert [story.image_caption for story in imported] == [methadone["caption"], ""]
    assert imported[1].standfirst == japan["standfirst"]


def refused(data, file_name, message):
    before = counts()
    with pytest.raises(ImportRefused) as refusal:
        BulletinImport.import_file(data, file_name=file_name)
    assert message in refusal.value.message
    assert counts() == before
    return refusal.value.message


def test_scan_without_text_is_refused_with_a_message():
    refused(scan_pdf(), "scan.pdf", "This PDF is a scan: it has no text to import")


# --- Bad files ------------------------------------------------------------------------------


def test_text_renamed_pdf_is_refused():
    refused(b"Milestones, September 2016: the stories\n", "bulletin.pdf", "not a PDF document")


def test_truncated_pdf_is_refused():
    data = bulletin_pdf(seed_stories()[:2])
    refused(data[: len(data) // 2], "cut.pdf", "damaged or incomplete")


def test_pdf_over_the_page_limit_is_refused():
    refused(pages_pdf(200), "report.pdf", "This PDF has 200 pages; an edition can be imported with at most 100.")


def test_file_over_the_size_limit_is_refused(settings):
    data = pages_pdf(200)
    settings.BULLETIN_IMPORT_MAX_BYTES = len(data) - 1
    refused(data, "report.pdf", "an edition can be imported from at most")


def test_password_protected_pdf_is_refused():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt="secret")
    canvas.drawString(100, 700, "A confidential bulletin")
    canvas.save()
    refused(buffer.getvalue(), "secret.pdf", "password-protected")


def test_zip_bomb_is_refused_before_it_is_unpacked(settings):
    data = handmade_pdf(b"", deflated_size=400 * 1024 * 1024)
    assert len(data) < 1024 * 1024  # a small file
    refused(data, "bomb.pdf", "unpacks to far more data than a bulletin holds")


COMPRESSION_REFUSED = "This PDF uses a compression this importer does not read"
TEXT_CONTENT = b"BT /F1 18 Tf 72 760 Td (A headline) Tj ET BT /F1 10 Tf 72 700 Td (It is read.) Tj ET"


def test_doubly_compressed_bomb_is_refused():
    # 64 MB of zeros deflated twice: the outer layer unpacks to only some 60 kilobytes.
    data = handmade_pdf(deflated_twice(64 * 1024 * 1024), filters=b"[/FlateDecode /FlateDecode]")
    assert len(data) < 4096
    refused(data, "bomb.pdf", COMPRESSION_REFUSED)


@pytest.mark.parametrize(
    ("encode", "name"),
    [(lzw_encoded, b"/LZWDecode"), (lzw_encoded, b"/LZW"), (run_length_encoded, b"/RunLengthDecode")],
)
def test_lzw_and_run_length_streams_are_refused(encode, name):
    # pdfminer would read these (the check counted them as stored), but LZW can expand a stream
    # some 2,700 times: refused, whatever their size.
    refused(handmade_pdf(encode(TEXT_CONTENT), filters=name), "lzw.pdf", COMPRESSION_REFUSED)


def test_fax_code_is_refused_in_a_text_stream_but_not_in_a_picture():
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    from milestones.importing.pdf import unpacked_size

    # pdfminer unpacks fax code in a page's text streams, never in a picture (a scan's page).
    picture = PDFStream({"Filter": LIT("CCITTFaxDecode"), "Subtype": LIT("Image")}, b"fax code")
    assert unpacked_size(picture, 1024) == len(b"fax code")
    refused(handmade_pdf(b"fax code", filters=b"/CCITTFaxDecode"), "fax.pdf", COMPRESSION_REFUSED)


def test_ascii85_over_flate_is_still_read():
    import base64
    import zlib

    encoded = base64.a85encode(zlib.compress(TEXT_CONTENT)) + b"~>"
    record = BulletinImport.import_file(
        handmade_pdf(encoded, filters=b"[/ASCII85Decode /FlateDecode]"), file_name="a85.pdf"
    )
    assert record.stories.get().story.title == "A headline"


def test_page_with_far_more_text_than_a_bulletin_page_is_refused_before_its_layout():
    # 60,000 characters on one page (a few kilobytes once deflated): their layout would take seconds.
    line = b"(" + b"word " * 20 + b") Tj T* "
    content = b"BT /F1 2 Tf 2 TL 10 830 Td " + line * 600 + b"ET"
    refused(handmade_pdf(content), "dense.pdf", "Page 1 of this PDF holds more text than a bulletin's page")


def test_handmade_pdf_with_text_is_imported():
    content = b"BT /F1 18 Tf 72 760 Td (A handmade headline) Tj ET BT /F1 10 Tf 72 700 Td (It is read.) Tj ET"
    record = BulletinImport.import_file(handmade_pdf(content), file_name="handmade.pdf")
    story = record.stories.get().story
    assert (story.title, story.body) == ("A handmade headline", "It is read.")


def test_pdf_named_txt_is_read_as_a_pdf():
    content = b"BT /F1 18 Tf 72 760 Td (A PDF by another name) Tj ET BT /F1 10 Tf 72 700 Td (It is read.) Tj ET"
    record = BulletinImport.import_file(handmade_pdf(content), file_name="bulletin.txt")
    assert record.stories.get().story.title == "A PDF by another name"


def test_text_file_that_is_not_utf8_is_refused():
    refused("Бюллетень".encode("cp1251"), "bulletin.txt", "not in UTF-8")


def test_failure_while_writing_leaves_nothing_half_created(monkeypatch):
    real_create = ImportedStory.objects.create

    def fail_on_the_third(**fields):
        if ImportedStory.objects.count() == 2:
            raise RuntimeError("the database went away")
        return real_create(**fields)

    monkeypatch.setattr(ImportedStory.objects, "create", fail_on_the_third)
    with pytest.raises(RuntimeError):
        BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt")
    assert counts() == (0, 0, 0) and ImportedStory.objects.count() == 0


# --- The same file twice --------------------------------------------------------------------


def test_same_file_twice_names_the_edition_that_came_from_it():
    first = BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt", title="Milestones 2016")
    message = refused(SOURCE_BYTES, "renamed copy.txt", "This file was imported before")
    assert "“Milestones 2016” (milestones-2016)" in message
    assert first.content_hash == BulletinImport.objects.get().content_hash


@pytest.mark.parametrize(
    "copy",
    [
        SOURCE_BYTES.replace(b"\n", b"\r\n"),
        SOURCE_BYTES + b"\n\n",
        SOURCE_BYTES.rstrip(b"\n") + b" \r\n",
        b"\xef\xbb\xbf" + SOURCE_BYTES,
    ],
    ids=["crlf", "extra-newlines", "no-final-newline", "bom"],
)
def test_same_text_with_other_line_ends_is_the_same_file(copy):
    BulletinImport.import_file(SOURCE_BYTES, file_name="milestones-2016-source.txt", title="Milestones 2016")
    message = refused(copy, "copy.txt", "This file was imported before")
    assert "“Milestones 2016” (milestones-2016)" in message


def test_pdf_bytes_are_hashed_as_they_are():
    content = b"BT /F1 18 Tf 72 760 Td (A headline) Tj ET BT /F1 10 Tf 72 700 Td (It is read.) Tj ET"
    data = handmade_pdf(content)
    BulletinImport.import_file(data, file_name="a.pdf")
    BulletinImport.import_file(data + b"\n", file_name="a.pdf")
    assert BulletinImport.objects.count() == 2


def test_another_file_gets_its_own_edition_and_unique_slugs():
    BulletinImport.import_file(SOURCE_BYTES, file_name="milestones.txt")
    # Another file: a space added inside the text (the stories it gives are the same).
    BulletinImport.import_file(SOURCE_BYTES.replace(b" the ", b" the  ", 1), file_name="milestones.txt")
    assert Bulletin.objects.count() == 2 and Story.objects.count() == 14
    assert Story.objects.filter(slug__endswith="-2").count() == 7
    assert ImportedStory.objects.count() == 14


def test_russian_headline_gives_a_latin_slug():
    text = "Новые подразделения по борьбе с наркотиками\n\nОфицеры прошли обучение в Душанбе.\n"
    BulletinImport.import_file(text.encode(), file_name="ru.txt")
    assert Story.objects.get().slug == "novye-podrazdeleniya-po-borbe-s-narkotikami"
    BulletinImport.import_file(text.encode() + b"\fThe end.\n", file_name="ru.txt")
    assert Story.objects.filter(slug="novye-podrazdeleniya-po-borbe-s-narkotikami-2").exists()


# --- The command -----------------------------------------------------------------------------


def test_command_prints_what_it_created(tmp_path):
    path = tmp_path / "milestones-2016-source.txt"
    path.write_bytes(SOURCE_BYTES)
    out = io.StringIO()
    call_command("import_bulletin", str(path), "--title", "Milestones 2016", "--date", "2016-12", stdout=out)
    output = out.getvalue()
    bulletin = Bulletin.objects.get()
    assert (bulletin.issue_date.isoformat(), bulletin.issue_date_precision) == ("2016-12-01", DatePrecision.MONTH)
    assert "Draft edition “Milestones 2016” (milestones-2016; December 2016)" in output
    assert "6. New synthetic drugs and psychoactive substances: investigation methods" in output
    assert "caption: Discussing public health-centered response to drug use with police officers in Barcelona" in output
    assert "possible_paragraph_break: International Commission of Jurists. | As the UNODC Regional" in output
    assert "Imported 7 draft stories; nothing was published." in output


def test_command_counts_one_story_in_the_singular(tmp_path):
    path = tmp_path / "one.txt"
    path.write_bytes(b"Officers met\n\nOfficers met in Aktau.\n\nA second paragraph.\n")
    out = io.StringIO()
    call_command("import_bulletin", str(path), stdout=out)
    assert "   page not marked; standfirst: yes; 1 paragraph\n" in out.getvalue()
    assert "Imported 1 draft story; nothing was published." in out.getvalue()


def test_command_exits_with_the_message_on_refusal(tmp_path):
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(b"not a pdf")
    with pytest.raises(CommandError, match="not a PDF document"):
        call_command("import_bulletin", str(path))
    assert counts() == (0, 0, 0)


def test_command_refuses_a_date_it_cannot_read(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes(SOURCE_BYTES)
    with pytest.raises(CommandError, match="is not a date"):
        call_command("import_bulletin", str(path), "--date", "December 2016")
    assert counts() == (0, 0, 0)
