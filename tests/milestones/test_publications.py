"""Publications (issue 16, item 10): a PDF kept here (checked to be one, size-limited, served as a
download) or an outside link, never both and never neither; the /publications/ list with the
events list's filter conventions, its feed, detail pages, and publications on the pages of
what they are linked to."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from milestones.models import Publication, Status
from milestones.roles import EDITOR
from tests.factories import (
    CountryFactory,
    EventFactory,
    ProgrammeFactory,
    PublicationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ADD = "/admin/milestones/publication/add/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def with_pdf(**fields):
    publication = PublicationFactory.build(**{"link": "", **fields})
    publication.file.save("assessment.pdf", ContentFile(PDF), save=False)
    publication.save()
    return publication


def add_form(**fields):
    data = {
        "title": "Drug situation in Central Asia",
        "slug": "drug-situation-central-asia",
        "summary": "An assessment of trafficking routes.",
        "date": "2016-11-01",
        "date_precision": "month",
        "languages": ["en", "ru"],
        "link": "",
        "status": Status.DRAFT,
        "source_note": "",
    }
    data.update(fields)
    return data


# --- The database's rules ----------------------------------------------------------------------


def test_a_publication_with_both_a_file_and_a_link_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        with_pdf(link="https://www.unodc.example/report.pdf")


def test_a_publication_with_neither_a_file_nor_a_link_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(link="")


def test_a_month_precise_publication_date_must_be_the_first():
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(date=datetime.date(2016, 11, 17), date_precision="month")


def test_a_published_publication_needs_a_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationFactory(status=Status.PUBLISHED, published_at=None)


def test_languages_outside_the_list_are_refused_by_validation():
    publication = PublicationFactory.build(languages=["en", "xx"])
    with pytest.raises(Exception, match="Choose languages"):
        publication.full_clean()


# --- Uploads in the admin ------------------------------------------------------------------------


def test_publisher_uploads_a_pdf(admin_client):
    upload = SimpleUploadedFile("Drug situation 2016.PDF", PDF, content_type="application/pdf")
    response = admin_client.post(ADD, add_form(file=upload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication = Publication.objects.get()
    assert publication.file.name.startswith("publications/drug-situation-2016")
    assert publication.file.name.endswith(".pdf")
    assert publication.languages == ["en", "ru"]


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(admin_client):
    upload = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = admin_client.post(ADD, add_form(file=upload))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "not a PDF document" in str(errors["file"])
    assert not Publication.objects.exists()


def test_an_oversize_pdf_is_refused_with_a_message(admin_client, settings):
    settings.PUBLICATION_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("report.pdf", PDF + b"0" * 200, content_type="application/pdf")
    response = admin_client.post(ADD, add_form(file=upload))
    assert response.status_code == 200
    assert "can be at most 100" in str(response.context["adminform"].form.errors["file"])
    assert not Publication.objects.exists()


def test_the_form_asks_for_a_file_or_a_link(admin_client):
    response = admin_client.post(ADD, add_form())
    assert response.status_code == 200
    assert "Upload the PDF, or give the outside link" in str(response.context["adminform"].form.errors)


def test_the_form_refuses_both_a_file_and_a_link(admin_client):
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    response = admin_client.post(ADD, add_form(file=upload, link="https://www.unodc.example/report.pdf"))
    assert response.status_code == 200
    assert "not both" in str(response.context["adminform"].form.errors["link"])


def test_editors_draft_publications_and_read_themes():
    assert EDITOR[("milestones", "publication")] == ("view", "add", "change", "delete")
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    assert editor.has_perm("milestones.add_publication")
    assert editor.has_perm("programmes.view_theme")
    assert not editor.has_perm("milestones.publish_publication")
    assert not editor.has_perm("programmes.change_theme")
    publisher = UserFactory(username="publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name="Publisher"))
    assert publisher.has_perm("milestones.publish_publication")


# --- Downloads -----------------------------------------------------------------------------------


def test_the_pdf_is_served_as_a_download(client):
    publication = with_pdf(slug="assessment")
    response = client.get("/publications/assessment/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="assessment.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert publication.download_url == "/publications/assessment/download/"


def test_the_pdf_of_a_draft_is_not_found_for_the_public(client):
    with_pdf(slug="draft-report", status=Status.DRAFT, published_at=None)
    assert client.get("/publications/draft-report/download/").status_code == 404


def test_a_link_only_publication_has_no_download(client):
    publication = PublicationFactory(slug="elsewhere", link="https://www.unodc.example/report.pdf")
    assert client.get("/publications/elsewhere/download/").status_code == 404
    assert publication.download_url == "https://www.unodc.example/report.pdf"


def test_a_pdf_is_never_served_from_media_where_a_drafts_file_would_be_public(client, settings):
    settings.SERVE_MEDIA = True
    publication = with_pdf()
    assert client.get(f"/media/{publication.file.name}").status_code == 404
    assert client.get(f"/publications/{publication.slug}/download/").status_code == 200
    publication.unpublish()
    publication.save()
    assert client.get(f"/publications/{publication.slug}/download/").status_code == 404


def test_deleting_publications_in_bulk_deletes_their_files(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = with_pdf(), with_pdf()
    paths = [Path(first.file.path), Path(second.file.path)]
    assert all(path.exists() for path in paths)
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(
            "/admin/milestones/publication/",
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )
    assert not Publication.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert not any(path.exists() for path in paths)


# --- The list, its filters, counts and feed -------------------------------------------------------


def test_the_list_shows_published_publications_newest_first(client):
    PublicationFactory(slug="older", date=datetime.date(2015, 1, 1), date_precision="year")
    PublicationFactory(slug="newer", date=datetime.date(2017, 3, 1), date_precision="month")
    PublicationFactory(slug="draft", status=Status.DRAFT, published_at=None)
    publications = client.get("/publications/").context["publications"]
    assert [p.slug for p in publications] == ["newer", "older"]


def test_the_list_filters_by_theme_country_programme_year_and_words(client):
    uz = CountryFactory(iso2="uz")
    theme = ThemeFactory(slug="justice")
    programme = ProgrammeFactory(slug="programme")
    child = ProgrammeFactory(slug="child", parent=programme)
    match = PublicationFactory(slug="match", title="Prison zyzzogeton review", date=datetime.date(2016, 1, 1))
    match.countries.add(uz)
    match.themes.add(theme)
    match.programmes.add(child)
    PublicationFactory(slug="other", date=datetime.date(2016, 1, 1))
    for query in ("theme=justice", "country=uz", "programme=programme", "q=zyzzogeton"):
        publications = client.get(f"/publications/?{query}").context["publications"]
        assert [p.slug for p in publications] == ["match"], query
    publications = client.get("/publications/?year=2016").context["publications"]
    assert {p.slug for p in publications} == {"match", "other"}


def test_the_list_counts_each_facet(client):
    uz, kz = CountryFactory(iso2="uz"), CountryFactory(iso2="kz")
    theme = ThemeFactory(slug="justice")
    first = PublicationFactory(date=datetime.date(2016, 1, 1), date_precision="year")
    first.countries.add(uz, kz)
    first.themes.add(theme)
    PublicationFactory(date=datetime.date(2017, 1, 1), date_precision="year").countries.add(uz)
    facets = {
        facet.name: {o.value: o.count for o in facet.options}
        for facet in client.get("/publications/").context["facets"]
    }
    assert facets["country"] == {"uz": 2, "kz": 1}
    assert facets["theme"] == {"justice": 1}
    assert facets["year"] == {"2016": 1, "2017": 1}


def test_the_feed_follows_the_filtered_list(client):
    PublicationFactory(title="About Uzbekistan").countries.add(CountryFactory(iso2="uz"))
    PublicationFactory(title="About elsewhere")
    feed = client.get("/publications/feed/?country=uz").content.decode()
    assert "About Uzbekistan" in feed and "About elsewhere" not in feed
    atom = client.get("/publications/feed/atom/").content.decode()
    assert "About Uzbekistan" in atom and "About elsewhere" in atom


def test_a_draft_is_in_no_list_feed_or_sitemap(client):
    PublicationFactory(slug="draft-report", title="A draft report", status=Status.DRAFT, published_at=None)
    for path in ("/publications/", "/publications/feed/", "/sitemap-publications.xml", "/search/?q=draft"):
        assert "draft-report" not in client.get(path).content.decode(), path
    assert client.get("/publications/draft-report/").status_code == 404


# --- Detail and linked pages ---------------------------------------------------------------------


def test_the_detail_page_links_the_download_and_what_it_concerns(client):
    publication = with_pdf(slug="assessment", title="Drug situation assessment")
    theme = ThemeFactory(slug="justice", name="Justice for all")
    publication.themes.add(theme)
    publication.countries.add(CountryFactory(iso2="tj"))
    page = client.get("/publications/assessment/").content.decode()
    assert 'href="/publications/assessment/download/"' in page
    assert 'href="/themes/justice/"' in page and 'href="/countries/tj/"' in page
    assert "English, Russian" in page


@pytest.mark.parametrize("page", ["programme", "country", "event", "theme"])
def test_publications_show_on_the_pages_they_are_linked_to(client, page):
    publication = PublicationFactory(title="A linked report")
    target = {
        "programme": ProgrammeFactory,
        "country": lambda: CountryFactory(iso2="kg"),
        "event": EventFactory,
        "theme": ThemeFactory,
    }[page]()
    getattr(publication, f"{page}s" if page != "country" else "countries").add(target)
    assert "A linked report" in client.get(target.get_absolute_url()).content.decode()


def test_search_finds_a_publication(client):
    PublicationFactory(slug="found", title="Zyzzogeton trafficking report")
    page = client.get("/search/?q=zyzzogeton").content.decode()
    assert reverse("milestones:publication-detail", args=["found"]) in page


def test_the_sitemap_lists_publications(client):
    PublicationFactory(slug="listed")
    assert "/publications/listed/" in client.get("/sitemap-publications.xml").content.decode()
