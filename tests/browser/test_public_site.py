"""What a reader does with a keyboard, a phone or a desk: checked in a real browser."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from programmes.models import Country
from tests.browser.conftest import screenshot
from tests.factories import EventFactory

PAGES = {
    "home": "/",
    "news": "/news/",
    "story": "/news/new-port-control-units-opened-in-tajikistan-and-kazakhstan/",
    "bulletin": "/bulletins/milestones-september-december-2016/",
    "bulletins": "/bulletins/",
    "events": "/events/",
    "events-filtered": "/events/?country=uz&kind=training",
    "event": "/events/sixth-expert-forum-criminal-justice-central-asia/",
    "facilities": "/facilities/",
    "facility": "/facilities/ssdc-eastern-department-karakol/",
    "programmes": "/programmes/",
    "programme": "/programmes/programme-for-central-asia/",
    "donors": "/donors/",
    "donor": "/donors/government-of-japan/",
    "countries": "/countries/",
    "country": "/countries/uz/",
    "organisations": "/organisations/",
    "organisation": "/organisations/caricc/",
    "person": "/people/ashita-mittal/",
    "people": "/people/",
    "quotes": "/quotes/",
    "quote": "/quotes/1/",
    "key-figures": "/results/",
    "key-figures-of-a-programme": "/programmes/border-liaison-offices-northern-route/",
    "search": "/search/?q=border+liaison",
    "not-found": "/no-such-page/",
}


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement; return {tag: e.tagName, text: e.innerText || e.value || '', "
        "name: e.getAttribute('name'), value: e.getAttribute('value'), id: e.id}; }"
    )


def has_visible_focus(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); "
        "return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none'; }"
    )


def test_every_page_fits_the_phone_and_the_desk(seeded_site, page, phone_page, narrow_page):
    """Each page at 320, 375 and 1280 px: it loads and nothing scrolls sideways; screenshots at
    375 and 1280 px are kept for people to look at."""
    problems = []
    for name, path in PAGES.items():
        for current in (narrow_page, phone_page, page):
            width = current.viewport_size["width"]
            response = current.goto(seeded_site + path)
            if response.status != (404 if name == "not-found" else 200):
                problems.append(f"{name} answered {response.status}")
            # Against the width asked for: a phone browser widens its window to fit wide content
            # (and shrinks the text to match), so window.innerWidth would hide the overflow.
            overflow = current.evaluate("() => document.documentElement.scrollWidth") - width
            if overflow > 0:
                problems.append(f"{name} scrolls sideways by {overflow}px at {width}px")
            if width != 320:
                screenshot(current, name)
    assert not problems


def test_skip_link_is_the_first_stop_and_lands_in_main(seeded_site, page):
    page.goto(seeded_site + "/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    assert has_visible_focus(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"


def test_filter_events_by_keyboard_and_remove_the_filter(seeded_site, page):
    page.goto(seeded_site + "/events/")
    total = int(re.match(r"\d+", page.locator(".results-count").inner_text()).group())
    # Tab through the page until the Uzbekistan checkbox has focus, checking focus shows at each stop.
    for _ in range(80):
        page.keyboard.press("Tab")
        assert has_visible_focus(page), f"focus not visible on {focused(page)}"
        state = focused(page)
        if state["name"] == "country" and state["value"] == "uz":
            break
    else:
        pytest.fail("the Uzbekistan option is not reachable by keyboard")
    page.keyboard.press("Space")
    while focused(page)["text"] != "Apply filters":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Fields left empty stay out of the address: it reads as one would write it.
    assert page.url == seeded_site + "/events/?country=uz"
    filtered = int(re.match(r"\d+", page.locator(".results-count").inner_text()).group())
    assert 0 < filtered < total
    cards = page.locator(".item-list .card")
    assert cards.count() == filtered
    screenshot(page, "events-by-keyboard")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Remove filter Country: Uzbekistan")).click()
    assert "country" not in page.url
    assert int(re.match(r"\d+", page.locator(".results-count").inner_text()).group()) == total


def test_empty_filter_fields_work_again_when_the_reader_comes_back(seeded_site, page):
    """Submitting leaves empty fields out of the address by disabling them; a browser that keeps
    the page for the back button shows it again as it was, so they must be enabled again then."""
    page.goto(seeded_site + "/events/")
    words = page.locator("form.filters input[name=q]")
    # The form's submit handlers, without leaving the page (a synthetic event submits nothing).
    page.evaluate("document.querySelector('form.filters').dispatchEvent(new Event('submit'))")
    assert words.is_disabled()
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert words.is_enabled()


def test_follow_the_lead_story_from_the_home_page(seeded_site, page):
    page.goto(seeded_site + "/")
    lead = page.locator(".lead-story__title a")
    headline = lead.inner_text()
    lead.click()
    assert page.locator("h1").inner_text() == headline
    assert page.locator(".quote").count() >= 1
    screenshot(page, "lead-story")


def test_pagination_keeps_the_filters(seeded_site, page):
    # The seed's events fit on one page: enough more in Uzbekistan for three pages of 20, and
    # some elsewhere that the filter must keep out.
    uzbekistan, kazakhstan = Country.objects.get(iso2="uz"), Country.objects.get(iso2="kz")
    EventFactory.create_batch(45, host_country=uzbekistan)
    EventFactory.create_batch(25, host_country=kazakhstan)
    page.goto(seeded_site + "/events/?country=uz")
    links = [urlsplit(link.get_attribute("href")) for link in page.locator(".pagination a").all()]
    assert {parse_qs(link.query)["page"][0] for link in links} == {"2", "3"}
    for link in links:
        assert parse_qs(link.query)["country"] == ["uz"], link
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url("**/events/?country=uz&page=2")
    assert page.locator("input[name=country][value=uz]").is_checked()
    assert page.locator(".pagination a[rel=prev]").get_attribute("href") == "?country=uz&page=1"


def test_on_a_phone_the_filters_fold_away_and_open_with_one_tap(seeded_site, page, phone_page):
    phone_page.goto(seeded_site + "/events/?country=uz")
    summary = phone_page.locator("summary.filters__summary")
    assert "1 active" in summary.inner_text()
    country_box = phone_page.locator("input[name=country][value=uz]")
    assert not country_box.is_visible()
    # With the form folded, the first result is on the first screen.
    first_card_top = phone_page.locator(".item-list .card").first.bounding_box()["y"]
    assert first_card_top < phone_page.viewport_size["height"]
    summary.click()
    assert country_box.is_visible() and country_box.is_checked()
    screenshot(phone_page, "events-filters-opened")
    # On a desk there is room: the form stays open beside the results.
    page.goto(seeded_site + "/events/?country=uz")
    assert page.locator("input[name=country][value=uz]").is_visible()


def test_copy_a_quotes_citation_by_keyboard(seeded_site, page):
    """From a story, the quote's page; its "cite this" line is copied with the keyboard, and the
    page says so."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=seeded_site)
    page.goto(seeded_site + "/news/sixth-expert-forum-criminal-justice-central-asia/")
    page.get_by_role("link", name="Cite this quote").first.click()
    assert re.fullmatch(r"/quotes/\d+/", urlsplit(page.url).path)
    citation = " ".join(page.locator("#citation-text").inner_text().split())
    button = page.get_by_role("button", name="Copy")
    button.focus()
    assert has_visible_focus(page)
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Copied.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == citation
    assert citation.endswith(page.url) and "Sixth Expert Forum" in citation


def test_folded_data_tables_print_open_and_fold_again(seeded_site, page):
    """A ledger's or a figure history's table folded on the screen is open on paper in every
    browser (the page's script opens it before printing) and folded again afterwards; other
    folded parts stay as they are. The seed has no table long enough to be folded, so the page
    is given one of each."""
    page.goto(seeded_site + "/donors/government-of-japan/")
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML("beforeend",
            '<details class="bar-chart__data"><summary>Rows</summary><table></table></details>' +
            '<details class="history-chart__data"><summary>History</summary><table></table></details>' +
            '<details class="other"><summary>Other</summary></details>')"""
    )
    opened = "() => [...document.querySelectorAll('main details')].map(details => details.open)"
    assert page.evaluate(opened)[-3:] == [False, False, False]
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(opened)[-3:] == [True, True, False]
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(opened)[-3:] == [False, False, False]
