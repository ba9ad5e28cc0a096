"""The interface in Russian (issue 17, item 2): the catalogue is complete, compiled and what the
Russian pages (/ru/...) say; another language of the region needs only settings and a catalogue.

The catalogue is locale/ru/LC_MESSAGES/django.po, made by `make messages` and translated by hand
(docs/translation-notes.md keeps the choices of terms), with its compiled django.mo beside it.
"""

import gettext
import os
import re
import shutil
from pathlib import Path
from unittest import mock

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory
from tests.portal_client import PortalClient
from unodc_portal import partial_dates

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
RUSSIAN_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


def russian_form(number, forms):
    """The form of a noun Russian counts `number` with: (1 событие, 2 события, 5 событий)."""
    one, few, many = forms
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def described(entries):
    return "\n".join(f"  {entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}" for entry in entries)


# --- The catalogue --------------------------------------------------------------------------------


def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Plural-Forms"] == RUSSIAN_PLURAL_FORMS
    assert catalogue.metadata["Language"] == "ru"
    untranslated = [entry for entry in catalogue if not entry.translated()]
    assert not untranslated, f"Untranslated in {CATALOGUE.name}:\n{described(untranslated)}"
    assert not catalogue.fuzzy_entries(), f"Fuzzy:\n{described(catalogue.fuzzy_entries())}"
    assert not catalogue.obsolete_entries(), "Obsolete entries: run `make messages` (it drops them)"


def test_every_plural_entry_has_the_three_russian_forms():
    plurals = [entry for entry in polib.pofile(str(CATALOGUE)) if entry.msgid_plural]
    assert plurals
    incomplete = [entry for entry in plurals if sorted(entry.msgstr_plural) != [0, 1, 2]]
    assert not incomplete, f"Plural entries without three forms:\n{described(incomplete)}"


def test_the_compiled_catalogue_says_what_the_catalogue_says():
    with COMPILED.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    assert compiled.info()["plural-forms"] == RUSSIAN_PLURAL_FORMS
    differing = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid_plural:
            # 1, 2 and 5 are counted with the first, second and third form.
            if entry.msgctxt:
                said = [compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) for n in (1, 2, 5)]
            else:
                said = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2, 5)]
            meant = [entry.msgstr_plural[form] for form in (0, 1, 2)]
        elif entry.msgctxt:
            said, meant = compiled.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
        else:
            said, meant = compiled.gettext(entry.msgid), entry.msgstr
        if said != meant:
            differing.append(entry)
    assert not differing, (
        f"{COMPILED.name} is not compiled from {CATALOGUE.name} (make messages):\n{described(differing)}"
    )


def messages_ignored():
    """The folders `make messages` leaves out, as the Makefile names them (one list, one place)."""
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    line = re.search(r"^MESSAGES_IGNORE := (.*)$", makefile, re.MULTILINE).group(1)
    return [option.removeprefix("--ignore=") for option in line.split()]


def needs_xgettext():
    if shutil.which("xgettext") is None:
        message = "GNU gettext's xgettext is not installed (apt-get install -y gettext); makemessages needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_the_catalogue_has_every_string_of_the_code_translated(tmp_path, settings, monkeypatch):
    """makemessages, as `make messages` runs it, on a copy of the code: a string of the code that
    the committed catalogue lacks or leaves untranslated fails, and so does one it keeps that the
    code no longer has. The copy keeps the committed catalogue out of reach of the command."""
    needs_xgettext()
    ignored = messages_ignored()
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns(".*", "locale", "__pycache__", "*.pyc", "media", *ignored),
    )
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ru"], ignore_patterns=ignored, verbosity=0)
    made = {key(entry): entry for entry in polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"))}
    committed = {key(entry): entry for entry in polib.pofile(str(CATALOGUE))}
    missing = [entry for found, entry in made.items() if found not in committed]
    untranslated = [committed[found] for found in made if found in committed and not committed[found].translated()]
    gone = [entry for found, entry in committed.items() if found not in made]
    assert not missing, f"Strings of the code missing from {CATALOGUE.name} (make messages):\n{described(missing)}"
    assert not untranslated, f"Strings of the code left untranslated:\n{described(untranslated)}"
    assert not gone, f"Entries the code no longer has (make messages drops them):\n{described(gone)}"


@pytest.mark.parametrize("month", range(1, 13))
def test_russian_months_take_the_form_their_date_needs(month):
    with translation.override("ru"):
        alone, after_a_day = str(partial_dates.MONTH_ALONE[month]), str(partial_dates.MONTH_AFTER_DAY[month])
    assert alone.islower() and after_a_day.islower()
    assert alone != after_a_day  # "май 2016 г.", "17 мая 2016 г."
    with translation.override("en"):
        assert str(partial_dates.MONTH_ALONE[month]) == str(partial_dates.MONTH_AFTER_DAY[month])


@pytest.mark.parametrize(
    ("number", "said"),
    [(1, "1 событие"), (2, "2 события"), (5, "5 событий"), (11, "11 событий"), (21, "21 событие"), (22, "22 события")],
)
def test_counts_take_the_russian_form_of_the_number(number, said):
    with translation.override("ru"):
        count = translation.npgettext("number of events in a list", "%(count)s result", "%(count)s results", number)
    assert count % {"count": number} == said
    assert said.endswith(russian_form(number, ("событие", "события", "событий")))


# --- What a reader of the Russian pages sees -------------------------------------------------------


@pytest.mark.django_db
def test_the_russian_navigation_names_the_sections_in_russian(client, seed):
    page = client.get("/ru/").content.decode()
    assert '<html lang="ru">' in page
    nav = page[page.index('class="site-nav"') : page.index("</nav>", page.index('class="site-nav"'))]
    for section in ("Новости", "Бюллетени", "Мероприятия", "Публикации", "Объекты", "Программы", "Доноры", "Страны"):
        assert section in nav
    assert '<meta property="og:locale" content="ru_RU">' in page
    assert "Перейти к основному содержанию" in page  # the skip link


@pytest.mark.django_db
def test_the_russian_events_list_counts_its_events_in_russian(client, seed):
    page = client.get("/ru/events/").content.decode()
    number, word = re.search(r'class="results-count"[^>]*>(\d+) (\w+)', page).groups()
    assert word == russian_form(int(number), ("событие", "события", "событий"))
    assert (number, word) == ("13", "событий")  # the seed's thirteen events
    english = client.get("/events/").content.decode()
    assert f'class="results-count" role="status">{number} results' in english


@pytest.mark.django_db
def test_russian_dates_have_the_month_in_the_form_the_day_needs(client, seed):
    event = client.get("/ru/events/sixth-expert-forum-criminal-justice-central-asia/").content.decode()
    assert '<time datetime="2016-11-17">17–18 ноября 2016 г.</time>' in event
    events = client.get("/ru/events/").content.decode()
    assert '<time datetime="2016-10">октябрь 2016 г.</time>' in events


@pytest.mark.django_db
def test_russian_pages_link_to_russian_pages_and_english_ones_to_english(client, seed):
    """Detail addresses are worked out once per worker and kept (unodc_portal/addresses.py): kept
    per language, whichever language asks first."""
    slug = "sixth-expert-forum-criminal-justice-central-asia"
    russian = client.get("/ru/events/").content.decode()
    english = client.get("/events/").content.decode()
    assert f'href="/ru/events/{slug}/"' in russian
    assert f'href="/events/{slug}/"' in english
    assert 'href="/ru/' not in english.split("<main", 1)[1]  # the language switch is above it


@pytest.mark.django_db
def test_the_sitemap_lists_each_page_in_russian_at_its_russian_address(client, seed):
    sitemap = client.get("/sitemap-news.xml").content.decode()
    slug = "sixth-expert-forum-criminal-justice-central-asia"
    assert f"<loc>http://testserver/news/{slug}/</loc>" in sitemap
    assert f"<loc>http://testserver/ru/news/{slug}/</loc>" in sitemap
    assert f'hreflang="ru" href="http://testserver/ru/news/{slug}/"' in sitemap


@pytest.mark.django_db
def test_the_admin_speaks_russian_under_ru(admin_client):
    index = admin_client.get("/ru/admin/").content.decode()
    assert "Редакция Milestones" in index
    assert "Бюллетень, новости и данные о программах" in index
    assert "Программы" in index  # the app's name
    form = admin_client.get("/ru/admin/milestones/event/add/").content.decode()
    assert "Страна проведения" in form
    assert "Выберите новость для изменения" in admin_client.get("/ru/admin/milestones/story/").content.decode()


@pytest.mark.django_db
def test_a_russian_feed_has_a_russian_title(client, seed):
    feed = client.get("/ru/news/feed/").content.decode()
    assert "<title>Milestones: новости</title>" in feed
    assert "<language>ru</language>" in feed
    assert "<title>Milestones: news</title>" in client.get("/news/feed/").content.decode()


@pytest.fixture
def failing_client():
    return PortalClient(raise_request_exception=False)


@pytest.mark.django_db
def test_the_bad_request_page_is_in_russian(failing_client):
    response = failing_client.get("/ru/news/?q=border%00")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "Запрос не удалось обработать" in page
    assert 'href="/ru/"' in page  # home in the reader's language


@pytest.mark.django_db
def test_the_not_found_page_is_in_russian(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_the_access_denied_page_is_in_russian(client):
    client.force_login(UserFactory(is_staff=True))  # staff, but with no permission
    response = client.get("/ru/admin/milestones/story/add/")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


@pytest.mark.django_db
def test_the_too_large_page_is_in_russian(client, settings):
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post("/ru/search/", {"q": "x" * 5000})
    assert response.status_code == 413
    assert "Отправленные данные слишком велики" in response.content.decode()


@pytest.mark.django_db
def test_the_server_error_page_is_in_russian(failing_client):
    with mock.patch("milestones.views.queries.latest_edition", side_effect=RuntimeError("bug")):
        response = failing_client.get("/ru/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "На нашей стороне произошла ошибка" in page
    assert "Мероприятия" in page  # the error page's own navigation


@pytest.mark.django_db
def test_the_unavailable_page_is_in_russian(failing_client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("no route")):
        response = failing_client.get("/ru/news/")
    assert response.status_code == 503
    assert "Сайт временно недоступен" in response.content.decode()


@pytest.mark.django_db
def test_the_lockout_page_is_in_russian_with_the_number_of_attempts(client):
    for _ in range(5):
        response = client.post("/ru/admin/login/?next=/ru/admin/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Слишком много неудачных попыток входа" in page
    assert "После 5 неудачных попыток" in page


# --- Another language of the region -----------------------------------------------------------------


@pytest.mark.django_db
def test_another_language_is_switched_on_by_settings_and_a_catalogue_alone(client, seed, tmp_path):
    """Kazakh with a catalogue of one string: its pages say that string in Kazakh and the rest in
    English. Django resets its catalogues and language lists when the settings change back
    (django.test.signals), and the detail addresses are kept per language, so nothing stays."""
    folder = tmp_path / "kk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    kazakh = polib.POFile()
    kazakh.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "kk",
        "Plural-Forms": "nplurals=2; plural=(n!=1);",
    }
    kazakh.append(polib.POEntry(msgid="News", msgstr="Жаңалықтар"))
    kazakh.save(str(folder / "django.po"))
    kazakh.save_as_mofile(str(folder / "django.mo"))

    languages = [("en", "English"), ("ru", "Russian"), ("kk", "Kazakh")]
    with override_settings(LANGUAGES=languages, LOCALE_PATHS=[tmp_path]):
        response = client.get("/kk/news/")
        page = response.content.decode()
        assert response.status_code == 200
        assert response["Content-Language"] == "kk"
        assert '<html lang="kk">' in page
        assert ">Жаңалықтар</a>" in page  # in the navigation
        assert ">Events</a>" in page  # not in the catalogue: English
        assert 'href="/kk/news/new-port-control-units-opened-in-tajikistan-and-kazakhstan/"' in page
        assert 'hreflang="kk"' in client.get("/news/").content.decode()
        assert "Жаңалықтар" not in client.get("/news/").content.decode()

    cache.clear()  # the pages stored under /kk/ addresses
    assert client.get("/kk/news/").status_code == 404
    english = client.get("/news/").content.decode()
    assert "Жаңалықтар" not in english and 'hreflang="kk"' not in english
    assert 'href="/news/new-port-control-units-opened-in-tajikistan-and-kazakhstan/"' in english
    assert "Новости" in client.get("/ru/news/").content.decode()
