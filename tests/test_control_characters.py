"""A NUL character in an address is bad input, not a server error: PostgreSQL refuses it in any text
it is given, so it must never reach a query (issue 14, item 5). Run on both databases."""

import pytest

from tests.portal_client import PortalClient as Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/countries/uz%00/", "/countries/uz%00/feed/", "/countries/uz%00/feed/atom/"])
def test_a_nul_in_a_country_code_is_no_such_page(client, seed, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/countries/u%00/", "/countries/%00/", "/news/a%00b/", "/media/photo%00.jpg"])
def test_a_nul_anywhere_in_a_path_is_no_such_page(client, seed, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["country=uz%00", "kind=training%00", "q=border%00", "programme=%00", "year=2016%00", "page=%002", "x%00=1"],
)
@pytest.mark.parametrize("path", ["/events/", "/news/", "/search/", "/news/feed/"])
def test_a_nul_in_a_query_string_is_a_bad_request_that_says_so(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_other_control_characters_in_a_search_are_answered(client, seed):
    assert client.get("/search/?q=border%01%1F%7F", follow=True).status_code == 200


@pytest.mark.parametrize("path", ["/news/feed/", "/events/feed/atom/", "/events/ical/", "/events/"])
def test_a_control_character_in_the_words_is_left_out_of_titles(client, seed, path):
    # Found by test_fuzz: the feed's title repeats the words, and XML 1.0 forbids %1B.
    response = client.get(f"{path}?q=border%1B")
    assert response.status_code == 200
    body = response.content.decode()
    # A page keeps the words as typed in its search box; its title, like the files', has none.
    title = body.partition("<title>")[2].partition("</title>")[0] if path == "/events/" else body
    assert "border" in title and "\x1b" not in title
