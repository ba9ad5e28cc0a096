"""Issue 16 in a browser: an editor enters events as the office's news reports them (a facility
opening whose date the article never gives, an online training run with a partner's agency as
trainer, a series of working group meetings held in Almaty and in Bishkek); a publisher
publishes them; a reader finds each on the events list, filtered by theme and by country."""

import re

from django.contrib.auth.models import Group

from programmes.models import Theme
from tests.browser.conftest import screenshot
from tests.browser.test_editor_journey import PASSWORD, log_in
from tests.factories import UserFactory

OPENING = "SSDC Eastern Department building opened in Karakol"
TRAINING = "Online training on controlled deliveries with Kazakhstan's State Revenues Committee"
FIRST_MEETING = "Expert working group on precursors: first meeting"
SECOND_MEETING = "Expert working group on precursors: second meeting"
SERIES = "Expert working group on precursors"
THEME = "border-management"


def choose(page, select, typed, option=None):
    """Picks an option of an autocomplete field (select2) by typing, as an editor does."""
    page.locator(select).locator("xpath=following-sibling::span[1]").click()
    # Type into select2's own search box once it is open: keys typed before it has the focus
    # are lost, and the wanted option then never comes.
    search = page.locator(".select2-container--open .select2-search__field").last
    search.wait_for()
    search.press_sequentially(typed)
    page.locator(".select2-results__option", has_text=option or typed).first.click()


def new_event(page, site, title, *, kind, date, host, city="", precision="day", mode="in-person"):
    page.goto(f"{site}/admin/milestones/event/add/")
    page.locator("#id_title").press_sequentially(title)
    page.select_option("#id_kind", kind)
    page.fill("#id_start_date", date)
    page.select_option("#id_date_precision", precision)
    page.select_option("#id_attendance_mode", mode)
    page.fill("#id_city", city)
    choose(page, "#id_host_country", host)
    choose(page, "#id_themes", "Border management")
    page.select_option("#id_status", "review")


def save(page):
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "was added successfully" in page.content(), page.locator(".errorlist").all_inner_texts()


def test_editor_enters_the_offices_kinds_of_event_and_readers_find_them(seeded_site, roles, chromium):
    # Themes are reference data publishers keep; the seed bulletin names none.
    Theme.objects.get_or_create(slug=THEME, defaults={"name": "Border management and drug trafficking", "order": 1})
    editor = UserFactory(username="aigerim", is_staff=True, password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editor"))
    publisher = UserFactory(username="timur", is_staff=True, password=PASSWORD)
    publisher.groups.add(Group.objects.get(name="Publisher"))

    staff = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = staff.new_page()
    log_in(page, seeded_site, "aigerim")

    # An opening the article gives no date for: listed under the month of the edition reporting it.
    new_event(
        page,
        seeded_site,
        OPENING,
        kind="opening",
        date="2016-12-01",
        precision="not-stated",
        host="Kyrgyz",
        city="Karakol",
    )
    choose(page, "#id_facilities", "Karakol")
    save(page)

    # Online, run from Kazakhstan for Kyrgyz officers: no city, a partner's agency as trainer.
    new_event(page, seeded_site, TRAINING, kind="training", date="2016-10-05", host="Kazakh", mode="online")
    choose(page, "#id_countries", "Kyrgyz")
    page.click("#participations-group .add-row a")
    choose(page, "#id_participations-0-organisation", "State Revenues")
    page.select_option("#id_participations-0-role", "trainer")
    save(page)

    # A series of two meetings: the first in Almaty and in Bishkek, the second in Bishkek.
    page.goto(f"{seeded_site}/admin/milestones/eventseries/add/")
    page.locator("#id_title").press_sequentially(SERIES)
    save(page)
    new_event(page, seeded_site, FIRST_MEETING, kind="meeting", date="2016-05-12", host="Kazakh", city="Almaty")
    choose(page, "#id_series", "precursors")
    page.click("#places-group .add-row a")
    page.fill("#id_places-0-city", "Bishkek")
    choose(page, "#id_places-0-country", "Kyrgyz")
    screenshot(page, "admin-event-in-two-cities")
    save(page)
    new_event(page, seeded_site, SECOND_MEETING, kind="meeting", date="2016-11-17", host="Kyrgyz", city="Bishkek")
    choose(page, "#id_series", "precursors")
    save(page)
    page.context.clear_cookies()  # sign out

    log_in(page, seeded_site, "timur")
    page.goto(f"{seeded_site}/admin/milestones/event/?status__exact=review")
    for title in (OPENING, TRAINING, FIRST_MEETING, SECOND_MEETING):
        page.locator("tr", has_text=title).locator("input.action-select").check()
    page.select_option("select[name=action]", "publish_now")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "4 items published." in page.content()
    staff.close()

    reader = chromium.new_context(viewport={"width": 1280, "height": 900})
    public = reader.new_page()
    public.goto(f"{seeded_site}/events/?theme={THEME}")
    cards = public.locator(".card__title").all_inner_texts()
    assert sorted(cards) == sorted([OPENING, TRAINING, FIRST_MEETING, SECOND_MEETING])

    # By country, with the filter form: Kyrgyzstan hosts two, the training concerns it, and the
    # first meeting was also held there.
    public.goto(f"{seeded_site}/events/")
    public.get_by_role("checkbox", name=re.compile(r"^Kyrgyzstan")).check()
    with public.expect_navigation():
        public.get_by_role("button", name="Apply filters").click()
    assert "country=kg" in public.url
    titles = public.locator(".card__title").all_inner_texts()
    assert {OPENING, TRAINING, FIRST_MEETING, SECOND_MEETING} <= set(titles)
    assert public.locator(".card", has_text=FIRST_MEETING).locator(".card__meta").nth(1).inner_text() == (
        "Almaty, Kazakhstan and Bishkek, Kyrgyzstan"
    )
    assert "Online, from Kazakhstan" in public.locator(".card", has_text=TRAINING).inner_text()
    screenshot(public, "events-in-kyrgyzstan")

    public.get_by_role("link", name=OPENING).click()
    assert "Not stated by the source; listed under December 2016" in public.locator(".facts").inner_text()
    assert "Administrative building of the SSDC Eastern Department in Karakol" in public.content()

    public.goto(f"{seeded_site}/events/?mode=online")
    public.get_by_role("link", name=TRAINING).click()
    facts = public.locator(".facts").inner_text()
    assert "Online, from Kazakhstan" in facts and "Online" in facts
    assert re.search(r"State Revenues Committee.*· Trainer", public.locator("main").inner_text())

    public.goto(f"{seeded_site}/events/?country=kg&theme={THEME}")
    public.get_by_role("link", name=FIRST_MEETING).click()
    assert public.locator("h2", has_text="Other sessions of this series").is_visible()
    public.get_by_role("link", name=SECOND_MEETING).click()
    assert public.locator("h1").inner_text() == SECOND_MEETING
    assert public.get_by_role("link", name=FIRST_MEETING).is_visible()
    reader.close()
