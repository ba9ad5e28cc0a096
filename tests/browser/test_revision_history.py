"""Issue 18, item 5: a publisher changes a published story; an editor opens its history, compares
two versions and restores the earlier one as a draft; the public page stays as published until a
publisher publishes the restored version, and then readers see the restored text."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from milestones.models import Status, Story
from tests.factories import StoryFactory, UserFactory

PASSWORD = "correct horse battery staple"
# Where the issue asked for the history pages' screenshots, to look at after a run.
SHOTS = Path("/tmp/shots-history")  # noqa: S108
FIRST = "Officers were trained on **field test kits** in Almaty."
SECOND = "Officers were trained on **drug detection dogs** in Bishkek."


def log_in(page, site, username):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")


def shoot(chromium, site, username, path, name):
    """The page at both widths, as the signed-in user sees it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        context = chromium.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
        page = context.new_page()
        log_in(page, site, username)
        page.goto(f"{site}{path}")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()


@pytest.mark.django_db(transaction=True)
def test_an_editor_restores_a_story_and_a_publisher_publishes_it(live_server, roles, chromium):
    site = live_server.url
    editor = UserFactory(username="dilnoza", is_staff=True, password=PASSWORD, first_name="Dilnoza")
    editor.groups.add(Group.objects.get(name="Editor"))
    publisher = UserFactory(username="timur", is_staff=True, password=PASSWORD, first_name="Timur")
    publisher.groups.add(Group.objects.get(name="Publisher"))
    story = StoryFactory(title="Officers trained on drug detection", slug="officers-trained", body=FIRST)
    change = f"/admin/milestones/story/{story.pk}/change/"
    history = f"/admin/milestones/story/{story.pk}/history/"

    # The publisher changes the published story's body: readers see it at once.
    publisher_page = chromium.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(publisher_page, site, "timur")
    publisher_page.goto(f"{site}{change}")
    publisher_page.fill("#id_body", SECOND)
    with publisher_page.expect_navigation():
        publisher_page.click("input[name=_save]")
    reader = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(f"{site}/news/officers-trained/")
    assert "drug detection dogs" in reader.inner_text("main")

    # The editor opens the history, compares the two versions, and restores the first.
    page = chromium.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(page, site, "dilnoza")
    page.goto(f"{site}{change}")
    with page.expect_navigation():
        page.click("a.historylink")
    assert page.locator("#revision-versions tbody tr").count() == 2
    assert "Dilnoza" not in page.inner_text("#revision-versions")  # only the publisher saved
    assert "Timur" in page.inner_text("#revision-versions")
    with page.expect_navigation():
        page.click("text=Compare the chosen versions")
    diff = page.locator(".revision-compare__changes")
    assert diff.locator("th", has_text="Body").count() == 1
    assert "**field test kits**" in diff.locator("del").first.inner_text()
    assert "**drug detection dogs**" in diff.locator("ins").first.inner_text()
    compare_path = page.url.removeprefix(site)
    with page.expect_navigation():
        page.click("text=Restore version 1 as a draft")
    assert "A restored draft of version 1" in page.inner_text("#content-main")
    assert page.locator("#publish-restored").count() == 0  # editors do not publish

    # Readers still see the published text.
    reader.goto(f"{site}/news/officers-trained/")
    assert "drug detection dogs" in reader.inner_text("main")
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED

    shoot(chromium, site, "dilnoza", history, "history")
    shoot(chromium, site, "dilnoza", compare_path, "compare")
    shoot(chromium, site, "timur", change, "change-form-pending")

    # The publisher publishes the restored draft; readers now see the first text.
    publisher_page.goto(f"{site}{change}")
    with publisher_page.expect_navigation():
        publisher_page.click("#publish-restored")
    assert "Published the restored draft of version 1" in publisher_page.inner_text("#main")
    reader.goto(f"{site}/news/officers-trained/")
    text = reader.inner_text("main")
    assert "field test kits" in text and "drug detection dogs" not in text
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED
