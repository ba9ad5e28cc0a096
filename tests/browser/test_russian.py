"""Issue 17 in a browser: a reader switches a filtered list to Russian and back and keeps the
filters; a publisher translates a published story in the admin and sees its translation's state
follow the English; Russian readers then read it, and find it by a Russian word."""

import re

from django.contrib.auth.models import Group

from tests.browser.conftest import screenshot
from tests.browser.test_editor_journey import PASSWORD, log_in
from tests.factories import CountryFactory, EventFactory, StoryFactory, UserFactory

TRAINING_IN_UZBEKISTAN = "Training for customs officers in Tashkent on precursor control"
TRAINING_IN_UZBEKISTAN_RU = "Тренинг для сотрудников таможни в Ташкенте по контролю над прекурсорами"


def card_links(page):
    """The events listed, as (title, address without the language's prefix), in their order."""
    return [
        (link.inner_text(), re.sub(r"^/ru/", "/", link.get_attribute("href")))
        for link in page.locator(".card__title a").all()
    ]


def test_a_reader_switches_a_filtered_list_to_russian_and_back_and_keeps_the_filters(
    live_server, transactional_db, page
):
    uzbekistan = CountryFactory(iso2="uz", name_ru="Узбекистан")
    kazakhstan = CountryFactory(iso2="kz", name_ru="Казахстан")
    EventFactory(
        title=TRAINING_IN_UZBEKISTAN,
        title_ru=TRAINING_IN_UZBEKISTAN_RU,
        summary="Twenty officers learned to identify precursor chemicals at the border.",
        summary_ru="Двадцать сотрудников научились распознавать прекурсоры на границе.",
        city="Tashkent",
        city_ru="Ташкент",
        host_country=uzbekistan,
        kind_id="training",
    )
    EventFactory(title="Training for customs officers in Almaty", host_country=kazakhstan, kind_id="training")
    EventFactory(title="Expert forum on criminal justice in Tashkent", host_country=uzbekistan, kind_id="forum")

    page.goto(f"{live_server.url}/events/?country=uz&kind=training")
    english = card_links(page)
    assert [title for title, _address in english] == [TRAINING_IN_UZBEKISTAN]

    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("link", name="Русский").click()
    assert page.url == f"{live_server.url}/ru/events/?country=uz&kind=training"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("checkbox", name=re.compile(r"^Узбекистан")).is_checked()
    assert page.get_by_role("checkbox", name=re.compile(r"^Тренинг")).is_checked()
    assert not page.get_by_role("checkbox", name=re.compile(r"^Форум")).is_checked()
    russian = card_links(page)
    assert [address for _title, address in russian] == [address for _title, address in english]
    assert [title for title, _address in russian] == [TRAINING_IN_UZBEKISTAN_RU]
    screenshot(page, "events-filtered-in-russian")

    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("link", name="English").click()
    assert page.url == f"{live_server.url}/events/?country=uz&kind=training"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("checkbox", name=re.compile(r"^Uzbekistan")).is_checked()
    assert page.get_by_role("checkbox", name=re.compile(r"^Training")).is_checked()
    assert card_links(page) == english


STORY = {
    "title": "Port Control Unit opened at the Aktau seaport",
    "slug": "port-control-unit-opened-aktau",
    "standfirst": "A new unit will check containers passing through the port.",
    "body": "The unit was renovated and equipped.\n\nOfficers from customs and the border service work side by side.",
}
STORY_RU = {
    "title": "В морском порту Актау открыто подразделение портового контроля",
    "standfirst": "Новое подразделение будет проверять контейнеры, проходящие через порт.",
    "body": (
        "Подразделение отремонтировано и оснащено.\n\nВ нём вместе работают сотрудники таможни и пограничной службы."
    ),
}


def translation_state(page):
    """The state the Russian fieldset shows, as the editor reads it next to its label."""
    russian = page.get_by_role("group", name="Russian")
    return russian.locator(".form-row", has=page.get_by_text("Translation (ru)")).locator(".readonly").inner_text()


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()


def test_a_publisher_translates_a_story_and_sees_its_state_follow_the_english(
    live_server, transactional_db, roles, chromium
):
    story = StoryFactory(**STORY)
    publisher = UserFactory(username="timur", is_staff=True, password=PASSWORD)
    publisher.groups.add(Group.objects.get(name="Publisher"))

    staff = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = staff.new_page()
    log_in(page, live_server.url, "timur")
    page.goto(f"{live_server.url}/admin/milestones/story/{story.pk}/change/")
    assert translation_state(page) == "missing"
    russian = page.get_by_role("group", name="Russian")
    russian.get_by_label("Title (ru)").fill(STORY_RU["title"])
    russian.get_by_label("Standfirst (ru)").fill(STORY_RU["standfirst"])
    russian.get_by_label("Body (ru)").fill(STORY_RU["body"])
    save_and_continue(page)
    assert translation_state(page) == "up to date"
    screenshot(page, "admin-story-translated")

    page.get_by_label("Title:", exact=True).fill("Port Control Unit opened at the Aktau seaport on the Caspian")
    save_and_continue(page)
    assert translation_state(page) == "out of date"
    staff.close()

    # Out of date is still the best Russian there is: Russian readers get it, not the English.
    reader = chromium.new_context(viewport={"width": 375, "height": 800})
    public = reader.new_page()
    public.goto(f"{live_server.url}/ru/news/{STORY['slug']}/")
    assert public.locator("html").get_attribute("lang") == "ru"
    main = public.get_by_role("main")
    assert main.get_by_role("heading", level=1).inner_text() == STORY_RU["title"]
    assert STORY_RU["standfirst"] in main.inner_text()
    assert "В нём вместе работают сотрудники таможни и пограничной службы." in main.inner_text()
    assert "Port Control Unit" not in main.inner_text()
    assert public.locator("main [lang=en]").count() == 0
    screenshot(public, "story-in-russian")
    reader.close()


def test_a_russian_reader_finds_a_story_by_another_form_of_a_russian_word(live_server, transactional_db, page):
    # "тренинг" is a prefix of "тренинги": a substring match (SQLite) and a Russian stemmer
    # (PostgreSQL, "тренинг" for both) each find it. Lower case on purpose: SQLite's LIKE folds
    # the case of ASCII letters only.
    title_ru = "В Душанбе прошли тренинги для сотрудников пограничных застав"
    StoryFactory(
        title="Border guards trained in Dushanbe",
        title_ru=title_ru,
        standfirst="Officers of the border outposts took three courses.",
        standfirst_ru="Сотрудники пограничных застав прошли три курса.",
        body="The courses covered risk profiling.",
        body_ru="Курсы были посвящены профилированию рисков.",
    )
    StoryFactory(
        title="Port Control Unit opened in Aktau",
        title_ru="В Актау открыто подразделение портового контроля",
        standfirst_ru="Новое подразделение в морском порту.",
        body_ru="Подразделение оснащено.",
    )

    page.goto(f"{live_server.url}/ru/")
    page.get_by_role("banner").get_by_label("Поиск по сайту").fill("тренинг")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("button", name="Поиск").click()
    assert page.url.startswith(f"{live_server.url}/ru/search/?q=")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator(".search-hit__title").all_inner_texts() == [title_ru]
    page.get_by_role("link", name=title_ru).click()
    assert page.get_by_role("heading", level=1).inner_text() == title_ru
