"""An editor writes a story with an image and a quote and submits it; a publisher publishes it;
readers find it on the news list, its country page and the feed."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from PIL import Image

from tests.browser.conftest import screenshot
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
HEADLINE = "Border Liaison Office officers in Kazakhstan trained on synthetic drugs"


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "training.jpg"
    image = Image.new("RGB", (1600, 1000), (0, 110, 180))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page, site, username):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_editor_writes_publisher_publishes_readers_find_it(
    seeded_site, roles, chromium, photo_file, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = UserFactory(username="dilnoza", is_staff=True, password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editor"))
    publisher = UserFactory(username="timur", is_staff=True, password=PASSWORD)
    publisher.groups.add(Group.objects.get(name="Publisher"))

    staff = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = staff.new_page()
    log_in(page, seeded_site, "dilnoza")
    page.goto(f"{seeded_site}/admin/milestones/story/add/")
    page.locator("#id_title").press_sequentially(HEADLINE)
    assert page.input_value("#id_slug").startswith("border-liaison-office-officers")  # prefilled from the title
    page.fill("#id_standfirst", "Nineteen officers learned to recognise new psychoactive substances.")
    page.fill("#id_body", "The course ran for **three days** in Almaty.\n\nOfficers practised with field test kits.")
    page.select_option("#id_status", "review")
    assert "published" not in [o.get_attribute("value") for o in page.locator("#id_status option").all()]
    page.set_input_files("#id_image", str(photo_file))
    page.fill("#id_image_alt", "Officers examine a field test kit at a training table")
    # Countries: the autocomplete widget, used as an editor would, by typing.
    page.locator("#id_countries").locator("xpath=following-sibling::span[1]").click()
    page.keyboard.type("Kazakh")
    page.locator(".select2-results__option", has_text="Kazakhstan").click()
    page.click("text=Add another Quote")
    page.fill("#id_quotes-0-text", "Now we know what to look for at the crossing.")
    page.fill("#id_quotes-0-attribution", "A participant from the State Revenues Committee")
    screenshot(page, "admin-story-form")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "was added successfully" in page.content()
    page.context.clear_cookies()  # sign out

    log_in(page, seeded_site, "timur")
    page.goto(f"{seeded_site}/admin/milestones/story/?status__exact=review")
    row = page.locator("tr", has_text=HEADLINE)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "publish_now")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "1 item published." in page.content()
    screenshot(page, "admin-published")
    staff.close()

    reader = chromium.new_context(viewport={"width": 375, "height": 800})
    public = reader.new_page()
    public.goto(f"{seeded_site}/news/")
    public.get_by_role("link", name=HEADLINE).click()
    assert public.locator("h1").inner_text() == HEADLINE
    assert public.locator(".quote").inner_text().startswith("“Now we know what to look for")
    image = public.locator("picture img")
    assert image.get_attribute("alt") == "Officers examine a field test kit at a training table"
    # The click returns once the new page's HTML is in, when the photograph may still be on its way
    # on a busy machine: wait for it to load (or fail after the timeout) rather than look mid-flight.
    public.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15_000)
    screenshot(public, "published-story")
    public.goto(f"{seeded_site}/countries/kz/")
    assert HEADLINE in public.content()
    feed = public.request.get(f"{seeded_site}/news/feed/")
    assert re.search(re.escape(HEADLINE), feed.text())
    reader.close()
