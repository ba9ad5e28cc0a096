"""The API's page for people, /api/ (and /ru/api/ in Russian)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_page_explains_the_api_with_working_examples(client):
    page = client.get("/api/").content.decode()
    assert page.count("<h1") == 1 and "Open data API" in page
    assert "curl 'http://testserver/api/v1/events/?country=uz&amp;kind=training&amp;year=2016'" in page
    for address in ("/api/v1/openapi.json", "/events/csv/", "/events/ical/", "/donors/csv/"):
        assert f'href="{address}"' in page, address
    # Every list the table names answers, and the OpenAPI document has each one.
    document = client.get("/api/v1/openapi.json").json()
    listed = re.findall(r'<a href="(/api/v1/[a-z]+/)">', page)
    assert len(listed) == 14
    for address in listed:
        assert client.get(address).status_code == 200, address
        assert address in document["paths"], address


def test_the_page_names_each_lists_filters_from_its_filterset(client):
    page = client.get("/api/").content.decode()
    assert "q, theme, country, kind, mode, year, programme, donor, series, date_from, date_to" in page


def test_the_page_is_in_russian_under_ru_with_its_code_marked_english(client):
    page = client.get("/ru/api/").content.decode()
    assert "<h1>API открытых данных</h1>" in page
    assert '<pre class="code" lang="en">' in page
    assert 'href="http://testserver/ru/events/?country=uz&amp;kind=training&amp;year=2016"' in page
    english = client.get("/api/").content.decode()
    assert '<pre class="code">' in english and 'lang="en"' not in english.split("<body>")[1].split("language-switch")[0]


def test_every_page_links_to_the_api_page(client):
    assert 'href="/api/"' in client.get("/").content.decode()
    assert 'href="/ru/api/"' in client.get("/ru/").content.decode()


def test_until_the_office_chooses_a_licence_none_is_named(client):
    assert "The office has not yet chosen a licence for this data" in client.get("/api/").content.decode()
    assert "license" not in client.get("/api/v1/openapi.json").json()["info"]


def test_the_licence_the_office_chose_is_named_on_the_page_and_in_the_document(client, settings):
    settings.OPEN_DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International"
    settings.OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    page = client.get("/api/").content.decode()
    assert (
        'published under the licence <a href="https://creativecommons.org/licenses/by/4.0/">'
        "Creative Commons Attribution 4.0 International</a>." in page
    )
    assert "not yet chosen" not in page
    assert client.get("/api/v1/openapi.json").json()["info"]["license"] == {
        "name": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "Creative Commons Attribution 4.0 International" in client.get("/ru/api/").content.decode()
