"""The page cache keeps one page per language (issue 17): the address alone says the language, so
a Russian reader never gets an English page from the cache, nor the reverse, whatever their
browser asks for."""

import pytest

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pages are stored when their changes commit


def html_lang(response):
    return response.content.decode().split("<html", 1)[1].split(">", 1)[0].strip()


def test_each_language_is_stored_and_served_as_its_own_page(client):
    StoryFactory(title="Aktau unit opened", title_ru="В Актау открыто подразделение", body="", standfirst="")
    english, russian = client.get("/news/"), client.get("/ru/news/")
    assert (english["X-Cache"], russian["X-Cache"]) == ("miss", "miss")
    english_again, russian_again = client.get("/news/"), client.get("/ru/news/")
    assert (english_again["X-Cache"], russian_again["X-Cache"]) == ("hit", "hit")
    assert html_lang(english_again) == 'lang="en"' and "Aktau unit opened" in english_again.content.decode()
    assert html_lang(russian_again) == 'lang="ru"' and "В Актау открыто подразделение" in russian_again.content.decode()
    assert english_again.content == english.content and russian_again.content == russian.content


@pytest.mark.parametrize("accept", ["ru", "ru-RU,ru;q=0.9,en;q=0.5", "kk, ru;q=0.8"])
def test_the_browsers_language_changes_nothing(client, accept):
    client.get("/news/")  # stored in English
    page = client.get("/news/", HTTP_ACCEPT_LANGUAGE=accept)
    assert page["X-Cache"] == "hit" and html_lang(page) == 'lang="en"'
    russian = client.get("/ru/news/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(russian) == 'lang="ru"'
    assert "Accept-Language" not in page.get("Vary", "") and "Accept-Language" not in russian.get("Vary", "")
    assert (page["Content-Language"], russian["Content-Language"]) == ("en", "ru")


def test_a_change_ends_the_stored_pages_of_every_language(client):
    story = StoryFactory(title="Aktau unit opened")
    client.get("/news/"), client.get("/ru/news/")
    story.title = "Aktau unit renovated"
    story.save()
    english, russian = client.get("/news/"), client.get("/ru/news/")
    assert (english["X-Cache"], russian["X-Cache"]) == ("miss", "miss")
    assert "Aktau unit renovated" in english.content.decode() and "Aktau unit renovated" in russian.content.decode()
