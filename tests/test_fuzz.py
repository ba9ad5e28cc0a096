"""Property-based fuzzing of every public address: whatever the path, query string, headers or
form body, the answer is never a 5xx, never echoes markup from the input unescaped, and comes in
bounded time. A fixed number of examples from a fixed seed, so that CI runs are repeatable."""

import re
import time
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from tests.portal_client import PortalClient as Client

MARKER = "\"'><q9z>"  # appended to every generated value; must never come back unescaped
SECONDS_PER_REQUEST = 5
FILTER_NAMES = [
    "q",
    "country",
    "programme",
    "kind",
    "year",
    "date_from",
    "date_to",
    "donor",
    "bulletin",
    "status",
    "page",
    "format",
]
SEED_SLUGS = {
    "slug": [
        "sixth-expert-forum-criminal-justice-central-asia",
        "programme-for-central-asia",
        "pcu-aktau-seaport",
        "government-of-japan",
        "ashita-mittal",
        "milestones-september-december-2016",
        "caricc",
    ],
    "iso2": ["uz", "kz", "UZ", "xx"],
}


def public_patterns(patterns=None, prefix=""):
    """Every public URL pattern, as (route with placeholders, names of its parameters)."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            found += public_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and not route.startswith("media/"):
            found.append(route)
    return found


ROUTES = public_patterns()
# Control characters (NUL above all: PostgreSQL refuses it in any text) are drawn as often as the
# rest of Unicode, which would otherwise almost never yield one.
CONTROL_CHARACTERS = "".join(chr(code) for code in [*range(0x20), 0x7F])
text = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=["Cs"]), st.sampled_from(CONTROL_CHARACTERS)),
    max_size=40,
)
value = st.one_of(text, st.sampled_from(["uz", "training", "2016", "2016-13-45", "-1", "999999", "0", "", "uz\x00"]))
# What proxies and clients put in X-Forwarded-For: ports, brackets, lists and junk.
forwarded_for = st.one_of(
    value,
    st.sampled_from(
        ["1.2.3.4:80", "[::1]", "[2001:db8::1]:443", "::1", "not-an-ip", "999.999.999.999", "1.2.3.4, 5.6.7.8:9", ""]
    ),
)
PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


@st.composite
def requests(draw):
    route = draw(st.sampled_from(ROUTES)).replace("^", "").replace("$", "")
    path = "/" + route
    # Placeholders of path() routes (<slug:slug>) and named groups of re_path() routes alike.
    while match := PLACEHOLDER.search(path):
        known = SEED_SLUGS.get(match.group(1) or match.group(2), [])
        chosen = draw(st.one_of(st.sampled_from(known or ["x"]), text.filter(lambda t: "/" not in t and "?" not in t)))
        path = path[: match.start()] + (chosen or "x") + path[match.end() :]
    params = draw(st.lists(st.tuples(st.sampled_from(FILTER_NAMES) | text, value), max_size=6))
    query = urlencode([(key, f"{val}{MARKER}") for key, val in params])
    headers = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "HTTP_ACCEPT_LANGUAGE": value,
                "HTTP_USER_AGENT": value,
                "HTTP_REFERER": value,
                "HTTP_X_REQUEST_ID": value,
                "HTTP_X_FORWARDED_FOR": forwarded_for,
                "HTTP_ACCEPT": st.sampled_from(["text/html", "*/*", "application/json", "<script>"]),
            },
        )
    )
    headers = {key: f"{val}{MARKER}".encode("utf-8", "ignore").decode("latin-1") for key, val in headers.items()}
    method = draw(st.sampled_from(["GET", "GET", "GET", "HEAD", "POST"]))
    form = draw(st.dictionaries(st.sampled_from(FILTER_NAMES) | text, value, max_size=5))
    return method, path, query, headers, {k: f"{v}{MARKER}" for k, v in form.items()}


@pytest.mark.django_db
@fuzz_settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_any_request_to_a_public_address_is_answered_safely(seed, request, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # forwarded addresses are read, as in production
    method, path, query, headers, form = request
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    if method == "POST":
        response = client.post(f"{path}?{query}", form, **headers)
    else:
        response = client.generic(method, path, "", QUERY_STRING=query, **headers)
    if response.status_code == 302 and method != "POST":
        # A query string put in its canonical form: the page it leads to is answered as safely,
        # and is itself canonical (no second redirect, so no loop).
        target = client.generic(method, response["Location"], "", **headers)
        assert target.status_code != 302, (method, path, query, response["Location"], target["Location"])
        response = target
    # A streamed file (the lists' CSV) is read to its end: its rows are produced only then.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.monotonic() - started
    assert response.status_code < 500, (method, path, query, response.status_code)
    body = content.decode("utf-8", "replace")
    assert MARKER not in body and "<q9z>" not in body, (method, path, query)
    assert elapsed < SECONDS_PER_REQUEST, (method, path, query, elapsed)
