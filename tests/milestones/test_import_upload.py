"""Issue 18: "Import an edition" in the admin: a PDF, a .txt or pasted text goes through the same
BulletinImport.import_file() as the command; each refusal is a form error and creates nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen.canvas import Canvas

from milestones.models import Bulletin, BulletinImport, Status, Story
from tests.factories import UserFactory
from tests.milestones.bulletin_pdfs import bulletin_pdf, scan_pdf
from tests.milestones.test_bulletin_import import SOURCE_BYTES, counts, seed_stories
from unodc_portal.partial_dates import DatePrecision

pytestmark = pytest.mark.django_db

IMPORT = "/admin/milestones/bulletinimport/add/"


def upload(client, data, name, **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data), "text": "", **fields})


def assert_refused(response, message):
    assert response.status_code == 200
    assert "Nothing was imported." in response.content.decode()
    assert message in response.context["form"].non_field_errors()[0]
    assert counts() == (0, 0, 0)


def test_editor_uploads_a_pdf_and_lands_on_the_review_screen(as_editor, editor):
    response = upload(as_editor, bulletin_pdf(seed_stories()[:2]), "milestones.pdf", title="Milestones 2016")
    record = BulletinImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/milestones/bulletinimport/{record.pk}/review/"
    assert record.imported_by == editor
    assert record.bulletin.title == "Milestones 2016"
    assert list(Story.objects.values_list("status", flat=True)) == [Status.DRAFT, Status.DRAFT]
    review = as_editor.get(response["Location"])
    assert "Imported 2 draft stories from milestones.pdf; nothing was published." in review.content.decode()


def test_one_story_is_counted_in_the_singular(as_editor):
    response = upload(as_editor, bulletin_pdf(seed_stories()[:1]), "one.pdf", title="One")
    review = as_editor.get(response["Location"]).content.decode()
    assert "Imported 1 draft story from one.pdf; nothing was published." in review


def test_editor_uploads_a_text_file_with_its_date(as_editor):
    upload(as_editor, SOURCE_BYTES, "milestones-2016.txt", date="2016-12")
    bulletin = Bulletin.objects.get()
    assert (bulletin.issue_date.isoformat(), bulletin.issue_date_precision) == ("2016-12-01", DatePrecision.MONTH)
    assert bulletin.stories.count() == 7
    assert bulletin.status == Status.DRAFT


def test_editor_pastes_the_text(as_editor):
    response = as_editor.post(IMPORT, {"text": SOURCE_BYTES.decode().replace("\n", "\r\n"), "title": "Pasted"})
    assert response.status_code == 302
    record = BulletinImport.objects.get()
    assert (record.file_name, record.bulletin.title, record.stories.count()) == ("pasted-text.txt", "Pasted", 7)
    # The same text uploaded as a file is the same file: refused, naming the edition.
    again = upload(as_editor, SOURCE_BYTES, "milestones.txt")
    assert "as the edition “Pasted”" in again.context["form"].non_field_errors()[0]
    assert BulletinImport.objects.count() == 1


def test_neither_file_nor_text_is_a_form_error(as_editor):
    response = as_editor.post(IMPORT, {"text": "  ", "title": "Empty"})
    assert "Upload a PDF or a .txt file, or paste the text" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_both_file_and_text_is_a_form_error(as_editor):
    response = as_editor.post(IMPORT, {"file": SimpleUploadedFile("a.txt", SOURCE_BYTES), "text": "Some text"})
    assert "one of the two" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_date_that_is_not_one_is_a_field_error(as_editor):
    response = upload(as_editor, SOURCE_BYTES, "m.txt", date="December 2016")
    assert "“December 2016” is not a date" in str(response.context["form"].errors["date"])
    assert counts() == (0, 0, 0)


def test_scan_is_refused(as_editor):
    assert_refused(upload(as_editor, scan_pdf(), "scan.pdf"), "This PDF is a scan")


def test_password_protected_pdf_is_refused(as_editor):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt="secret")
    canvas.drawString(100, 700, "A confidential bulletin")
    canvas.save()
    assert_refused(upload(as_editor, buffer.getvalue(), "secret.pdf"), "password-protected")


def test_text_renamed_pdf_is_refused(as_editor):
    assert_refused(upload(as_editor, b"Milestones: the stories\n", "bulletin.pdf"), "not a PDF document")


def test_file_over_the_import_limit_is_refused_with_a_message(as_editor, settings):
    settings.BULLETIN_IMPORT_MAX_BYTES = 1000
    assert_refused(upload(as_editor, SOURCE_BYTES, "m.txt"), "an edition can be imported from at most")


def test_request_over_the_upload_limit_gets_413_not_500(as_editor, settings):
    settings.MAX_REQUEST_BYTES = 10_000
    response = upload(as_editor, SOURCE_BYTES, "m.txt")
    assert response.status_code == 413
    assert counts() == (0, 0, 0)


def test_same_file_twice_names_the_edition_made_from_it(as_editor):
    upload(as_editor, SOURCE_BYTES, "m.txt", title="Milestones 2016")
    response = upload(as_editor, SOURCE_BYTES, "copy.txt")
    error = response.context["form"].non_field_errors()[0]
    assert "was imported before" in error and "“Milestones 2016” (milestones-2016)" in error
    assert BulletinImport.objects.count() == 1


def test_publisher_may_import(as_publisher):
    assert upload(as_publisher, SOURCE_BYTES, "m.txt").status_code == 302


def test_other_staff_may_not_import_nor_review(client):
    staff = UserFactory(username="clerk", is_staff=True)
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 403
    assert upload(client, SOURCE_BYTES, "m.txt").status_code == 403
    record = BulletinImport.import_file(SOURCE_BYTES, file_name="m.txt")
    assert client.get(f"/admin/milestones/bulletinimport/{record.pk}/review/").status_code == 403


def test_import_record_stays_read_only_for_publishers(as_publisher, publisher):
    record = BulletinImport.import_file(SOURCE_BYTES, file_name="m.txt")
    change = f"/admin/milestones/bulletinimport/{record.pk}/change/"
    assert not publisher.has_perm("milestones.change_bulletinimport")
    assert not publisher.has_perm("milestones.delete_bulletinimport")
    assert as_publisher.post(change, {"file_name": "other.txt"}).status_code == 403
    assert (
        as_publisher.post(f"/admin/milestones/bulletinimport/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert BulletinImport.objects.get().file_name == "m.txt"


def test_editions_list_and_imports_list_offer_the_import(as_editor):
    assert IMPORT in as_editor.get("/admin/milestones/bulletin/").content.decode()
    assert "Import an edition" in as_editor.get("/admin/milestones/bulletinimport/").content.decode()
