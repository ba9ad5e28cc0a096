"""English content on Russian pages is marked lang="en" (issue 17, item 3), and nothing else is.

Where an item has no Russian version, a Russian page shows its English text; screen readers read
it with an English voice, and the site audit's language checks find it, only if an element around
it says lang="en". These tests walk the seeded site in Russian the way a reader can (every page
its links reach from /ru/, each list with each of its filters, a search, a missing page) and look
at every piece of text with the language in force there: the nearest `lang` attribute above it.

What counts as English: two or more Latin words in a row ("Government of Japan"), which no
Russian interface string has; a single Latin word (a city, an acronym, the bulletin's name
"Milestones", which Russian writes in Latin letters) is not told apart from Russian here.
Not looked at: <title> (it cannot hold markup), attribute values (aria-label, alt, content), and
script and style elements.
"""

import pickle
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template import Context, Template
from django.utils import translation

from milestones.models import Story
from unodc_portal.facets import Facet, FacetOption
from unodc_portal.translations import ShownText

pytestmark = pytest.mark.django_db

# Words with what may stand between them in a name or a title ("Milestones: September–December").
LATIN_WORDS = re.compile(r"[A-Za-z][a-z]+(?:[\s\-–—:;,.'’&/()]+[A-Za-z][a-z]+)+")
CYRILLIC_WORDS = re.compile(r"[А-Яа-яЁё]+(?:[\s-]+[А-Яа-яЁё]+)+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_READ = {"script", "style", "title"}
NOT_FOLLOWED = ("/feed/", "/rss/", "/atom/", "/ical/", ".xml", ".pdf", "/download/")
# Pages the links of the site do not reach: searches and a missing page. One word each: the
# results line repeats the reader's own words, which are in no known language.
ALSO_VISITED = ("search/?q=border", "search/?q=customs", "no-such-page/")


class PageText(HTMLParser):
    """A page's text with the language in force at each piece, its links, the checkboxes of its
    filter form, and the elements that carry a `lang` attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, language, not read, in the language switch)
        self.texts = []  # (tag, language, text)
        self.links = []
        self.checkboxes = []
        self.marked = []  # (tag, language, in the language switch)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        parent = self.open[-1] if self.open else (None, None, False, False)
        in_switch = parent[3] or "language-switch" in (attrs.get("class") or "")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("type") == "checkbox":
            self.checkboxes.append((attrs["name"], attrs["value"]))
        if "lang" in attrs and tag != "html":
            self.marked.append((tag, attrs["lang"], in_switch))
        if tag not in VOID:
            self.open.append((tag, attrs.get("lang", parent[1]), parent[2] or tag in NOT_READ, in_switch))

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, *_rest in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self.open and not self.open[-1][2] and data.strip():
            tag, language, *_rest = self.open[-1]
            self.texts.append((tag, language or "", " ".join(data.split())))


def read(response):
    page = PageText()
    page.feed(response.content.decode())
    page.close()
    return page


def walk(client, start):
    """{address: PageText} of the HTML pages reachable from `start` by the links that stay in
    its language, and the pages of ALSO_VISITED; missing pages are read too (the 404 page).
    Links with a query string (a list filtered another way, its next page) show the same kinds of
    text as the list: instead, each filterable list is read filtered by the first option of each
    of its filters, which shows the filter's chip as well."""
    prefix = start
    queue = [start, *(start + address for address in ALSO_VISITED)]
    pages = {}
    while queue:
        address = queue.pop(0)
        if address in pages:
            continue
        response = client.get(address)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages[address] = page = read(response)
        if response.status_code != 200:
            continue
        path = urlsplit(address).path
        options = dict(reversed(page.checkboxes)) if "?" not in address else {}
        filtered = [f"{path}?{name}={value}" for name, value in options.items()]
        links = [link.split("#")[0] for link in page.links if "?" not in link]
        for link in [*links, *filtered]:
            if not link.startswith(prefix) or link.startswith(("/static/", "/media/", "/admin/")):
                continue
            if prefix == "/" and link.startswith("/ru/"):
                continue
            if any(part in link for part in NOT_FOLLOWED) or link in pages:
                continue
            queue.append(link)
    return pages


def described(problems):
    return "\n".join(f"  {address}  <{tag}> {words!r} in {text!r}" for address, tag, words, text in problems)


def assert_every_kind_of_page_is_read(russian_site):
    """The walk covers what it should: every kind of page, lists filtered, the errors."""
    paths = {urlsplit(address).path for address in russian_site}
    for expected in (
        "/ru/",
        "/ru/news/",
        "/ru/events/",
        "/ru/publications/",
        "/ru/facilities/",
        "/ru/programmes/",
        "/ru/donors/",
        "/ru/organisations/",
        "/ru/countries/",
        "/ru/themes/",
        "/ru/bulletins/",
        "/ru/search/",
        "/ru/no-such-page/",
    ):
        assert expected in paths
    for kind in ("news", "events", "bulletins", "facilities", "programmes", "donors", "organisations", "people"):
        assert any(re.fullmatch(rf"/ru/{kind}/[^/?]+/", path) for path in paths), kind
    assert any(re.fullmatch(r"/ru/countries/[a-z]{2}/", path) for path in paths)
    for name in ("country", "programme", "donor", "year", "kind", "bulletin"):
        assert any(f"?{name}=" in address for address in russian_site), name
    assert len(russian_site) > 120


def test_russian_pages_mark_every_english_text_and_nothing_russian(client, seed):
    russian_site = walk(client, "/ru/")
    assert_every_kind_of_page_is_read(russian_site)
    unmarked, overmarked = [], []
    for address, page in russian_site.items():
        for tag, language, text in page.texts:
            if language.startswith("en"):
                overmarked += [(address, tag, words, text) for words in CYRILLIC_WORDS.findall(text)]
            else:
                unmarked += [(address, tag, words, text) for words in LATIN_WORDS.findall(text)]
    assert not unmarked, f'English text not marked lang="en" on Russian pages:\n{described(unmarked)}'
    assert not overmarked, f'Russian text marked lang="en":\n{described(overmarked)}'


def test_english_pages_carry_no_language_marks(client, seed):
    """English pages are as they were: only <html lang="en"> and the language switch (which names
    each language in itself) say a language; no lang="en" on content, no lang="ru" anywhere."""
    pages = walk(client, "/")
    assert len(pages) > 100
    marked = [
        (address, tag, language)
        for address, page in pages.items()
        for tag, language, in_switch in page.marked
        if not in_switch
    ]
    assert not marked, "\n".join(f"  {address}  <{tag} lang={language!r}>" for address, tag, language in marked)


def test_a_story_given_its_russian_version_is_not_marked_english(client, seed):
    story = Story.objects.published().filter(bulletin__isnull=False).first()
    for name in Story.translated_texts:
        if getattr(story, name):
            setattr(story, f"{name}_ru", f"Русский текст: {name}, {story.pk}")
    story.save()
    title = f"Русский текст: title, {story.pk}"

    for address in (f"/ru{story.get_absolute_url()}", "/ru/news/", f"/ru{story.bulletin.get_absolute_url()}"):
        response = client.get(address)
        assert title in response.content.decode(), address
        own_texts = [(tag, language) for tag, language, text in read(response).texts if "Русский текст" in text]
        assert own_texts, address
        assert all(language == "ru" for _tag, language in own_texts), (address, own_texts)
    # Its card in the list says nothing of English: neither the mark nor the "in English" label.
    cards = client.get("/ru/news/").content.decode().split('<article class="card">')
    card = next(part for part in cards if title in part).split("</article>")[0]
    assert 'lang="en"' not in card
    assert "label--language" not in card
    page = client.get(f"/ru{story.get_absolute_url()}").content.decode()
    assert "note--language" not in page
    assert f"<h1>{title}</h1>" in page


def test_a_filter_option_in_english_is_marked_on_a_russian_page_and_its_count_is_not():
    facet = Facet("donor", "Donor", [FacetOption("japan", "Government of <Japan>", 2, False, "en")])
    template = Template("{% load portal %}{% facet_options facet %}")
    with translation.override("ru"):
        russian = template.render(Context({"facet": facet}))
    assert (
        '<label for="filter-donor-1"><span lang="en">Government of &lt;Japan&gt;</span>'
        ' <span class="filters__count">(2)</span></label>' in russian
    )
    with translation.override("en"):
        assert 'lang="en"' not in template.render(Context({"facet": facet}))


def test_a_text_keeps_its_language_through_the_cache_of_filter_options():
    """Filter options are kept in the cache (Redis in production), pickled."""
    label = pickle.loads(pickle.dumps(ShownText("Government of Japan", "en")))  # noqa: S301  # our own bytes
    assert (label, label.shown_in) == ("Government of Japan", "en")


def test_lang_span_wraps_escaped_text_only_when_its_language_is_not_the_pages():
    template = Template(
        "{% load i18n languages %}"
        "{% blocktranslate with parent=label|lang_span %}Part of {{ parent }}{% endblocktranslate %}"
    )
    context = {"label": ShownText("A & B", "en")}
    with translation.override("ru"):
        assert template.render(Context(context)) == 'Входит в <span lang="en">A &amp; B</span>'
    with translation.override("en"):
        assert template.render(Context(context)) == "Part of A &amp; B"


@pytest.mark.django_db
def test_an_events_place_marks_each_name_left_in_english_on_a_russian_page(client):
    from milestones.models import AttendanceMode
    from tests.factories import CountryFactory, EventFactory, EventPlaceFactory

    uzbekistan = CountryFactory(iso2="uz", name="Uzbekistan", name_ru="Узбекистан")
    kyrgyzstan = CountryFactory(iso2="kg", name="Kyrgyz <Republic>", name_ru="")
    event = EventFactory(city="Tashkent", host_country=uzbekistan, attendance_mode=AttendanceMode.HYBRID)
    EventPlaceFactory(event=event, city="Jalal-Abad", country=kyrgyzstan)

    russian = client.get("/ru/events/").content.decode()
    assert (
        '<span lang="en">Tashkent</span>, Узбекистан и '
        '<span lang="en">Jalal-Abad</span>, <span lang="en">Kyrgyz &lt;Republic&gt;</span> и онлайн'
    ) in russian
    english = client.get("/events/").content.decode()
    assert "Tashkent, Uzbekistan and Jalal-Abad, Kyrgyz &lt;Republic&gt; and online" in english
    assert '<span lang="en">' not in english
    # The plain text (feeds, calendars, CSV) carries no markup in either language.
    with translation.override("ru"):
        assert "<span" not in event.place
