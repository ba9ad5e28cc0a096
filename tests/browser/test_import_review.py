"""Issue 18's browser test: an editor imports an edition from its PDF, fixes a headline, merges
two stories and accepts a suggested country link on the review screen, and sends the edition for
review; a publisher publishes it; a reader finds its stories; the editor restores an earlier
version of a story as a draft, and the public page stays as published."""

import pytest
from django.contrib.auth.models import Group

from milestones.models import Bulletin, BulletinImport, Status, Story
from tests.browser.conftest import screenshot
from tests.browser.test_revision_history import PASSWORD, log_in
from tests.factories import CountryFactory, UserFactory
from tests.milestones.bulletin_pdfs import bulletin_pdf
from tests.milestones.test_bulletin_import import seed_stories

FIXED = "Japan funds mobile teams against drug trafficking in Uzbekistan"


def submit_all(page, site, path, action, done):
    """Tick every row of an admin list and run the action."""
    page.goto(f"{site}{path}")
    page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")
    assert done in page.inner_text("#main")


def shoot_both_widths(chromium, site, path, name):
    for width in (1280, 375):
        context = chromium.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
        page = context.new_page()
        log_in(page, site, "dilnoza")
        page.goto(f"{site}{path}")
        page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
        screenshot(page, name)
        context.close()


@pytest.mark.django_db(transaction=True)
def test_an_edition_is_imported_reviewed_published_and_restored(live_server, roles, chromium, tmp_path):
    site = live_server.url
    editor = UserFactory(username="dilnoza", is_staff=True, password=PASSWORD, first_name="Dilnoza")
    editor.groups.add(Group.objects.get(name="Editor"))
    publisher = UserFactory(username="timur", is_staff=True, password=PASSWORD, first_name="Timur")
    publisher.groups.add(Group.objects.get(name="Publisher"))
    uzbekistan = CountryFactory(iso2="uz")
    pdf = tmp_path / "milestones-2016.pdf"
    pdf.write_bytes(bulletin_pdf(seed_stories()[:3]))

    # The editor imports the PDF from the editions list.
    page = chromium.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(page, site, "dilnoza")
    page.goto(f"{site}/admin/milestones/bulletin/")
    with page.expect_navigation():
        page.click("text=Import an edition")
    shoot_both_widths(chromium, site, "/admin/milestones/bulletinimport/add/", "admin-import-form")
    page.set_input_files("#id_file", str(pdf))
    page.fill("#id_title", "Milestones 2016")
    page.fill("#id_date", "2016-12")
    with page.expect_navigation():
        page.click("text=Import as a draft edition")
    assert "Imported 3 draft stories from milestones-2016.pdf; nothing was published." in page.inner_text("#main")
    review = page.url.removeprefix(site)
    record = BulletinImport.objects.get()
    first, second, third = record.bulletin.stories.order_by("position")
    assert page.locator(".import-review__story").count() == 3
    assert "Source text, page 1" in page.inner_text(f"#story-{first.pk}")
    shoot_both_widths(chromium, site, review, "admin-import-review")

    # A headline fixed in the story's own form.
    with page.expect_navigation():
        page.click(f"#story-{first.pk} h2 a")
    page.fill("#id_title", FIXED)
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.goto(f"{site}{review}")
    assert FIXED in page.inner_text(f"#story-{first.pk} h2")

    # The third story merged into the second.
    page.click(f"#story-{second.pk} summary")
    page.select_option(f"#merge-{second.pk}", str(third.pk))
    with page.expect_navigation():
        page.click(f"#story-{second.pk} >> text=Merge (the other story is removed)")
    assert "Merged the story “Intelligence analysis training held in CARICC” into this one." in page.inner_text("#main")
    assert page.locator(".import-review__story").count() == 2
    assert list(record.bulletin.stories.order_by("position").values_list("position", flat=True)) == [1, 2]

    # The country the first story names, linked with one click.
    with page.expect_navigation():
        page.click(f"#story-{first.pk} >> role=button[name='Accept the link to Uzbekistan']")
    assert "Linked Country “Uzbekistan”, as suggested." in page.inner_text("#main")
    assert list(Story.objects.get(pk=first.pk).countries.all()) == [uzbekistan]
    assert {story.status for story in Story.objects.all()} == {Status.DRAFT}

    # Sent for review: the stories and the edition.
    bulletin = record.bulletin
    submit_all(
        page, site, f"/admin/milestones/story/?bulletin__id__exact={bulletin.pk}", "submit_for_review", "2 items"
    )
    submit_all(page, site, "/admin/milestones/bulletin/", "submit_for_review", "1 item submitted")

    # The publisher publishes them.
    publisher_page = chromium.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(publisher_page, site, "timur")
    submit_all(
        publisher_page, site, "/admin/milestones/story/?status__exact=review", "publish_now", "2 items published."
    )
    submit_all(publisher_page, site, "/admin/milestones/bulletin/", "publish_now", "1 item published.")
    assert Bulletin.objects.get().status == Status.PUBLISHED

    # A reader finds the stories, the first under its fixed headline, linked to its country.
    reader = chromium.new_context(viewport={"width": 375, "height": 800}).new_page()
    reader.goto(f"{site}/news/")
    with reader.expect_navigation():
        reader.get_by_role("link", name=FIXED).click()
    assert reader.locator("h1").inner_text() == FIXED
    reader.goto(f"{site}/countries/uz/")
    assert FIXED in reader.inner_text("main")
    reader.goto(f"{site}/news/")
    assert "Sixth Expert Forum on Criminal Justice for Central Asia" in reader.inner_text("main")

    # The editor restores the story as it was imported: a draft waiting for a publisher.
    page.goto(f"{site}/admin/milestones/story/{first.pk}/history/")
    versions = page.locator("#revision-versions tbody tr")
    assert versions.count() >= 3
    with page.expect_navigation():
        page.click("text=Restore version 1 as a draft")
    assert "A restored draft of version 1" in page.inner_text("#content-main")
    story = Story.objects.get(pk=first.pk)
    assert (story.title, story.status) == (FIXED, Status.PUBLISHED)
    reader.goto(f"{site}{story.get_absolute_url()}")
    assert reader.locator("h1").inner_text() == FIXED
