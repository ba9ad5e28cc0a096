"""Cached pages for anonymous readers: every change made through Django, or announced by
`bulk_changes()`, shows on the very next request."""

import datetime
import gzip
import logging
import os
import threading
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from milestones.models import Status
from tests import local_redis
from tests.factories import CountryFactory, EventFactory, StoryFactory, UserFactory
from tests.portal_client import PortalClient as Client
from unodc_portal import content_version, page_cache
from unodc_portal.remembered import computed_once, remembered

pytestmark = pytest.mark.django_db(transaction=True)  # pages follow changes when they commit


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def test_second_visit_is_served_from_the_cache_without_the_database(client):
    StoryFactory(title="Aktau unit opened")
    first, _ = get(client, "/news/")
    second, queries = get(client, "/news/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert queries == 0
    assert second.content == first.content


def test_a_new_release_never_serves_the_pages_an_earlier_one_stored(client, monkeypatch):
    """A release changes templates or code without changing content: its first request renders
    the page afresh, and the two releases side by side (a rolling update) each keep their own."""
    StoryFactory(title="Aktau unit opened")
    assert get(client, "/news/")[0]["X-Cache"] == "miss"
    assert get(client, "/news/")[0]["X-Cache"] == "hit"
    earlier = content_version.release()
    monkeypatch.setattr(page_cache, "release", lambda: "next-release")
    assert get(client, "/news/")[0]["X-Cache"] == "miss"
    assert get(client, "/news/")[0]["X-Cache"] == "hit"
    monkeypatch.setattr(page_cache, "release", lambda: earlier)
    assert get(client, "/news/")[0]["X-Cache"] == "hit"


def test_the_release_is_a_digest_of_the_files_pages_are_made_from(settings, tmp_path):
    for folder in content_version.RELEASE_FOLDERS:
        (tmp_path / folder).mkdir()
    template = tmp_path / "templates" / "base.html"
    template.write_text("<main></main>")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==5.2.8\n")
    settings.BASE_DIR = tmp_path
    release = content_version.release
    release.cache_clear()
    try:
        first = release()
        release.cache_clear()
        assert release() == first  # the same files, the same release
        template.write_text("<main class=new></main>")
        release.cache_clear()
        second = release()
        assert second != first
        requirements.write_text("django==5.2.9\n")
        release.cache_clear()
        assert release() not in (first, second)
    finally:
        release.cache_clear()


def test_a_front_proxy_may_keep_a_stored_page_to_the_end_of_the_second_it_was_current(client):
    """X-Accel-Expires (nginx's micro-cache keeps only what carries it): the second in which the
    page was known current, on a page just stored and on one served from the cache; never on a
    page the cache does not keep."""
    StoryFactory(title="Aktau unit opened")
    for expected in ("miss", "hit"):
        before = int(time.time())
        response = client.get("/news/")
        assert response["X-Cache"] == expected
        assert before <= int(response["X-Accel-Expires"].removeprefix("@")) <= int(time.time())
    assert "X-Accel-Expires" not in client.get("/no-such-page/")
    client.cookies["sessionid"] = "someone"
    assert "X-Accel-Expires" not in client.get("/news/")


def test_a_revisit_of_a_page_not_stored_is_rendered_stored_and_answered_304(client):
    """A front proxy revalidates its copy with the page's ETag: when the app no longer holds the
    page (another server stored it, the cache was emptied), the page is rendered whole, stored,
    and answered 304 with a new lifetime for the front cache; otherwise the proxy would ask
    again on every request and the app would render every time."""
    StoryFactory(title="Aktau unit opened")
    first = client.get("/news/")
    cache.clear()
    content_version.local_copy().clear()
    before = int(time.time())
    revisit = client.get("/news/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (revisit.status_code, revisit.content) == (304, b"")
    assert revisit["X-Cache"] == "miss" and revisit["ETag"] == first["ETag"]
    assert before <= int(revisit["X-Accel-Expires"].removeprefix("@")) <= int(time.time())
    assert client.get("/news/")["X-Cache"] == "hit"
    # A revisit of another version of the page gets it whole.
    other = client.get("/news/?page=1", HTTP_IF_NONE_MATCH='"something else"')
    assert other.status_code == 200 and b"Aktau unit opened" in other.content


def test_a_revisit_giving_only_a_date_gets_the_page(client):
    """Stored pages are vouched for by their ETag alone and carry no Last-Modified: a date counts
    whole seconds, and a copy from before a save in the same second would carry the same one. A
    revisit giving only a date (If-Modified-Since) gets the page, stored or rendered afresh."""
    story = StoryFactory(title="Aktau unit opened")
    first = client.get("/news/")
    assert "Last-Modified" not in first
    a_minute_later = http_date(time.time() + 60)
    stored = client.get("/news/", HTTP_IF_MODIFIED_SINCE=a_minute_later)
    assert (stored.status_code, stored["X-Cache"]) == (200, "hit")
    story.title = "Aktau unit opened, corrected"
    story.save()
    rendered = client.get("/news/", HTTP_IF_MODIFIED_SINCE=a_minute_later)
    assert (rendered.status_code, rendered["X-Cache"]) == (200, "miss")
    assert b"Aktau unit opened, corrected" in rendered.content


def test_a_feed_gives_no_date_to_judge_a_revisit_by(client):
    """Django's feeds set Last-Modified to their newest item's date, which does not move when an
    older item is withdrawn: a reader's copy still listing it would be judged current. Answers
    carry no Last-Modified, for anonymous and signed-in readers alike (middleware.ETagOnlyMiddleware)."""
    StoryFactory(title="Newest story")
    older = StoryFactory(title="Older story", published_at=timezone.now() - datetime.timedelta(days=3))
    first = client.get("/news/feed/")
    assert first.status_code == 200 and "Last-Modified" not in first and b"Older story" in first.content
    stored = client.get("/news/feed/")  # as the page cache stored it
    assert stored["X-Cache"] == "hit" and "Last-Modified" not in stored
    older.status = Status.DRAFT
    older.save()
    a_minute_later = http_date(time.time() + 60)
    for reader in (client, Client()):
        if reader is not client:
            reader.force_login(UserFactory(is_staff=True))
        again = reader.get("/news/feed/", HTTP_IF_MODIFIED_SINCE=a_minute_later)
        assert again.status_code == 200 and "Last-Modified" not in again and b"Older story" not in again.content


def test_a_revisit_of_a_page_the_cache_does_not_keep_still_gets_a_304(client):
    """Pages the cache does not keep (here an API query outside its canonical form) are judged
    as Django judges them, with the conditions the middleware set aside."""
    StoryFactory().countries.add(CountryFactory(iso2="uz"))
    address = "/api/v1/stories/?page_size=7&country=uz"
    first = client.get(address)
    assert first.status_code == 200 and "private" in first["Cache-Control"] and "X-Cache" not in first
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("changed_meanwhile", [False, True])
def test_a_page_rendered_slowly_is_kept_by_the_front_proxy_from_when_it_was_known_current(
    client, monkeypatch, changed_meanwhile
):
    """nginx keeps a page to the end of the second given in X-Accel-Expires: taken before a slow
    render, an answer would reach it already expired. The second is the one after rendering,
    unless something the page read changed meanwhile."""
    StoryFactory(title="Aktau unit opened")
    started = int(time.time()) + 0.5
    clock = [started]
    monkeypatch.setattr(page_cache, "time", mock.Mock(time=lambda: clock[0], monotonic=time.monotonic))
    cacheable = page_cache.AnonymousPageCacheMiddleware.cacheable_response

    def render_taking_three_seconds(response):
        clock[0] += 3
        if changed_meanwhile:
            StoryFactory(title="Saved while the page was rendered")
        return cacheable(response)

    monkeypatch.setattr(
        page_cache.AnonymousPageCacheMiddleware, "cacheable_response", staticmethod(render_taking_three_seconds)
    )
    response = client.get("/news/")
    assert response["X-Cache"] == "miss"
    expected = int(started) if changed_meanwhile else int(started + 3)
    assert response["X-Accel-Expires"] == f"@{expected}"


def test_an_edit_shows_on_the_very_next_request(client):
    story = StoryFactory(title="Old headline")
    get(client, "/news/")
    story.title = "New headline"
    story.save()
    response, _ = get(client, "/news/")
    assert "New headline" in response.content.decode()
    assert response["X-Cache"] == "miss"


def test_unpublishing_shows_on_the_very_next_request(client):
    story = StoryFactory(slug="gone", title="To be withdrawn")
    get(client, "/news/")
    assert client.get("/news/gone/").status_code == 200
    story.unpublish()
    story.save()
    assert "To be withdrawn" not in client.get("/news/").content.decode()
    assert client.get("/news/gone/").status_code == 404


def test_a_changed_link_shows_on_the_very_next_request(client):
    country = CountryFactory(iso2="tj")
    story = StoryFactory(title="Newly about Tajikistan")
    get(client, "/countries/tj/")
    story.countries.add(country)
    assert "Newly about Tajikistan" in client.get("/countries/tj/").content.decode()


def test_a_scheduled_story_appears_the_moment_its_time_comes(client):
    at = timezone.now() + datetime.timedelta(minutes=30)
    StoryFactory(title="Scheduled story", published_at=at)
    assert "Scheduled story" not in client.get("/news/").content.decode()
    assert client.get("/news/")["X-Cache"] == "hit"
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        response = client.get("/news/")
    assert "Scheduled story" in response.content.decode()


def test_a_change_made_in_another_worker_is_seen(client, settings):
    """With the per-process cache, another gunicorn worker learns of a change from the stamp file,
    and of what changed from the topics' files beside it (written first, as new_content_version
    does)."""
    StoryFactory(title="Before")
    get(client, "/news/")
    state = cache.get(content_version.STATE_KEY)
    for path in [content_version.topic_stamp_file("stories"), settings.CONTENT_STAMP_FILE]:
        path.write_text("another worker saved something")
        os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    response, _ = get(client, "/news/")
    assert response["X-Cache"] == "miss"
    assert cache.get(content_version.STATE_KEY)["version"] != state["version"]


def test_signed_in_staff_are_never_served_or_stored_in_the_cache(client):
    StoryFactory(slug="draft", status=Status.DRAFT, published_at=None, title="Draft")
    StoryFactory(title="Public")
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    for _ in range(2):
        response = client.get("/news/")
        assert "X-Cache" not in response
    assert client.get("/news/draft/")["Cache-Control"].startswith("max-age=0")
    anonymous = Client()
    assert anonymous.get("/news/draft/").status_code == 404


def test_revisit_with_the_etag_answers_304(client):
    StoryFactory()
    first = client.get("/news/")
    assert first.has_header("ETag") and not first.has_header("Last-Modified")
    assert "must-revalidate" in first["Cache-Control"]
    again = client.get("/news/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_a_compressed_page_keeps_one_etag_and_a_revisit_answers_304(client, settings, page_cache_seconds):
    """Django pads compressed pages with random bytes, so an ETag taken from them would change on
    every request (and differ between workers) and no revisit would ever get a 304."""
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    StoryFactory()
    first = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip")
    second = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"] == second["ETag"]
    again = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    StoryFactory(title="Compressed story")
    response = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Compressed story" in gzip.decompress(response.content).decode()


def test_a_cached_page_keeps_its_encoding_apart_for_each_reader(client):
    """Pages are stored compressed after the compression step: a reader whose client cannot
    unpack gzip must never be served the compressed copy, nor the reverse."""
    StoryFactory(title="Compressed story")
    compressed = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/news/")
    assert plain["X-Cache"] == "miss" and not plain.has_header("Content-Encoding")
    assert "Compressed story" in plain.content.decode()
    compressed_again = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    plain_again = client.get("/news/", HTTP_ACCEPT_ENCODING="identity")
    assert (compressed_again["X-Cache"], plain_again["X-Cache"]) == ("hit", "hit")
    assert compressed_again["Content-Encoding"] == "gzip"
    assert compressed_again.content == compressed.content
    assert not plain_again.has_header("Content-Encoding")
    assert plain_again.content == plain.content


def test_a_cached_page_carries_the_security_headers(client):
    StoryFactory()
    client.get("/news/")
    hit = client.get("/news/")
    assert hit["X-Cache"] == "hit"
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY" and hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Request-ID"]


def test_unreachable_redis_leaves_the_site_serving_and_is_logged_once(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    content_version.guard.down_until = 0.0
    StoryFactory(title="Served without Redis")
    with caplog.at_level(logging.WARNING, logger="unodc_portal.cache"):
        for _ in range(5):
            response = client.get("/news/")
            assert response.status_code == 200
            assert "Served without Redis" in response.content.decode()
    messages = [r.getMessage() for r in caplog.records if r.name == "unodc_portal.cache"]
    # Once the outage, once the story's save that could not be announced to the cache.
    assert sorted(messages) == [
        "a change could not be announced to the cache; trying again every second",
        "cache unavailable, serving without it",
    ]
    content_version.guard.down_until = 0.0
    content_version._undelivered["retry_at"] = None


def test_each_host_name_gets_its_own_cached_pages(client, settings):
    settings.ALLOWED_HOSTS = ["milestones.example.org", "unodc.example.org"]
    StoryFactory()
    client.get("/news/", HTTP_HOST="milestones.example.org")
    other = client.get("/news/", HTTP_HOST="unodc.example.org")
    assert other["X-Cache"] == "miss"
    assert 'href="http://unodc.example.org/news/"' in other.content.decode()


def count_queries(captured):
    return [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]


def test_with_the_page_cache_off_a_lists_counts_are_worked_out_once_and_follow_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(25):
        StoryFactory(slug=f"story-{number}", title=f"Story {number}")
    with CaptureQueriesContext(connection) as first:
        page_one = client.get("/news/")
    with CaptureQueriesContext(connection) as second:
        page_two = client.get("/news/?page=2")
    assert count_queries(first.captured_queries)  # the total and the facets
    assert count_queries(second.captured_queries) == []  # page 2 shares page 1's numbers
    assert "25 results" in page_one.content.decode() and "25 results" in page_two.content.decode()
    StoryFactory(slug="story-new", title="Story new")
    assert "26 results" in client.get("/news/?page=2").content.decode()


def test_filter_options_read_from_the_database_follow_changes(client, settings):
    """The countries, programmes, donors and editions offered as filters are read once per
    content version: a country added by an editor can be chosen on the very next request."""
    settings.PAGE_CACHE_SECONDS = 0
    EventFactory(title="Tashkent training")
    client.get("/events/?country=uz")
    EventFactory(title="Kabul training", host_country=CountryFactory(iso2="af", name="Afghanistan"))
    page = client.get("/events/?country=af").content.decode()
    assert "Kabul training" in page and "Tashkent training" not in page
    assert "Select a valid choice" not in page


def test_with_counts_not_remembered_every_page_counts_afresh(client, settings):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0
    for number in range(25):
        StoryFactory(slug=f"story-{number}", title=f"Story {number}")
    client.get("/news/")
    with CaptureQueriesContext(connection) as second:
        client.get("/news/?page=2")
    assert count_queries(second.captured_queries)


def test_readers_asking_at_once_for_the_same_counts_wait_for_one_computation():
    """After a change, every reader of a big list would otherwise count it at the same time."""
    calls = []

    def slow_count():
        calls.append(1)
        time.sleep(0.3)
        return {"uz": 7}

    results = []
    readers = [
        threading.Thread(target=lambda: results.append(computed_once("data:v1:list", slow_count))) for _ in range(4)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(calls) == 1
    assert results == [{"uz": 7}] * 4
    assert cache.get("data:v1:list:computing") is None  # the next change starts free


def test_a_failed_computation_leaves_the_others_free_to_try():
    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        computed_once("data:v1:other", broken)
    assert computed_once("data:v1:other", lambda: {"kz": 2}) == {"kz": 2}


def wsgi_get(path, **headers):
    """A request to the WSGI application gunicorn serves, as (status, headers, body)."""
    from unodc_portal.wsgi import application

    environ = RequestFactory().get(path, **headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=dict(response_headers))

    result = application(environ, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    return answer["status"], answer["headers"], body


def test_the_served_application_answers_a_stored_page_before_django():
    StoryFactory(title="Fast lane story")
    status, first_headers, first_body = wsgi_get("/news/")
    with CaptureQueriesContext(connection) as queries, mock.patch.object(page_cache, "current_version") as version:
        status, headers, body = wsgi_get("/news/")
    assert queries.captured_queries == [] and not version.called  # Django's middleware never ran
    assert (status, headers["X-Cache"], body) == ("200 OK", "hit", first_body)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["ETag"] == first_headers["ETag"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Request-ID"] != first_headers["X-Request-ID"]


def test_the_served_application_answers_a_revisit_with_304():
    StoryFactory()
    _, first, _ = wsgi_get("/news/")
    status, headers, body = wsgi_get("/news/", HTTP_IF_NONE_MATCH=f'W/{first["ETag"]}, "other"')
    assert (status, body) == ("304 Not Modified", b"")
    assert headers["ETag"] == first["ETag"] and "Content-Type" not in headers
    status, _, _ = wsgi_get("/news/", HTTP_IF_MODIFIED_SINCE=http_date())  # a date alone: the page
    assert status == "200 OK"
    status, _, body = wsgi_get("/news/", HTTP_IF_NONE_MATCH='"something else"')
    assert status == "200 OK" and body


def test_a_reader_with_a_pending_message_is_not_served_a_stored_page(client):
    StoryFactory()
    client.get("/news/")
    client.cookies["messages"] = "anything"
    assert "X-Cache" not in client.get("/news/")  # neither served from nor stored in the cache


@pytest.fixture
def redis_cache(settings):
    """The production cache: Redis (a database of the local server, emptied before and after)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "unodc_portal.redis_cache.ReusedClientRedisCache",
            "LOCATION": local_redis.url(local_redis.PAGE_CACHE),
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_with_redis_hits_come_from_the_workers_copy_and_a_change_shows_on_the_next_request(client, redis_cache):
    story = StoryFactory(title="Old headline")
    news_crosses()
    client.get("/news/")
    assert client.get("/news/")["X-Cache"] == "hit"
    # The worker's own copy answers without asking Redis...
    with mock.patch.object(cache, "get_many", side_effect=AssertionError("asked Redis")):
        assert client.get("/news/")["X-Cache"] == "hit"
    # ...until Redis says the content changed: the very next request is rendered afresh.
    story.title = "New headline"
    story.save()
    response = client.get("/news/")
    assert response["X-Cache"] == "miss" and "New headline" in response.content.decode()


def another_server_changes_content():
    """What another app server's save does in Redis: a new generation, no state, and the news
    published to every worker (this one hears only that)."""
    content_version.announce_change()
    news_crosses()


def news_crosses():
    """Published news of changes reaches a worker's subscription over the loopback a moment
    later; the worker reads it at its next request, which would take it for a later change."""
    time.sleep(0.05)


def test_with_redis_a_change_made_by_another_server_shows_on_the_next_request(client, redis_cache):
    StoryFactory(title="Before")
    client.get("/news/")
    assert client.get("/news/")["X-Cache"] == "hit"
    another_server_changes_content()
    assert client.get("/news/")["X-Cache"] == "miss"


def test_with_redis_a_lists_numbers_come_from_the_worker_until_another_server_changes_content(
    client, redis_cache, settings
):
    """The counts and options a list page needs are kept by the worker for the current version:
    no Redis round trip for them, and none of them used once another server changes content."""
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(3):
        StoryFactory(slug=f"story-{number}")
    news_crosses()  # heard by the first request, not by the one measured
    client.get("/news/")
    with mock.patch.object(cache, "get", wraps=cache.get) as asked_redis:
        assert "3 results" in client.get("/news/?page=1").content.decode()
    assert asked_redis.call_count == 0
    # Another app server adds a story: all this one hears of it is the version state going.
    with mock.patch.object(content_version, "new_content_version"):
        StoryFactory(slug="story-from-elsewhere")
    assert "3 results" in client.get("/news/").content.decode()  # not announced: the old version
    another_server_changes_content()
    assert "4 results" in client.get("/news/").content.decode()


def test_remembered_numbers_last_no_longer_than_the_setting_says_even_in_the_worker(settings):
    """A write that starts no new version (a fix made in SQL, say) shows once the numbers
    expire: the worker's own copy goes when the cache's does."""
    settings.COUNT_CACHE_SECONDS = 600
    computed = []

    def count():
        computed.append(1)
        return len(computed)

    assert remembered(("test",), count) == 1
    assert remembered(("test",), count) == 1
    later = time.time() + 601
    with mock.patch("time.time", return_value=later):
        assert remembered(("test",), count) == 2


def test_with_redis_unwatched_the_workers_copy_is_not_trusted(client, redis_cache):
    StoryFactory()
    client.get("/news/")
    client.get("/news/")
    local_redis.break_change_subscriptions(local_redis.PAGE_CACHE)  # the connection to Redis broke
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as asked:
        assert client.get("/news/")["X-Cache"] == "hit"
    assert asked.called  # the page came from Redis, checked against the current version


class ScriptedWatcher:
    """A watcher whose news the test decides."""

    def __init__(self):
        self.news = False

    def start(self):
        return True

    def unchanged(self, state):
        heard, self.news = self.news, False
        return not heard


def test_a_state_read_before_news_of_a_change_is_not_kept():
    """With threaded workers, one thread may hear of a change while another is still reading
    the state it started reading before: that older state must not become the copy."""
    watcher = ScriptedWatcher()
    copy = content_version.LocalCopy(watcher, max_bytes=10**6)
    old = {"version": "v1", "stamp": 0, "next_change": None, "topics": {"stories": "t1"}}
    page = ((("stories", "t1"),), "200 OK", [], b"page", time.time() + 600, None)
    token = copy.listen()  # this thread starts reading the state...
    watcher.news = True  # ...a change happens and another thread hears of it
    copy.keep(copy.listen(), {"version": "v2", "stamp": 0, "next_change": None, "topics": {"stories": "t2"}})
    copy.keep(token, old, "page:key", page)  # the first thread, done reading, would keep v1
    assert copy.current_state()["version"] == "v2"
    assert copy.page("page:key") is None
    copy.keep(copy.listen(), old, "page:key", page)  # read after the news: kept
    assert copy.page("page:key") == page


def test_a_page_setting_a_cookie_is_never_stored():
    """A page using a CSRF token sets the token's cookie (Django's CSRF middleware does, every
    time the token is used): such a page belongs to one reader, the token would fail for others."""
    personal = HttpResponse("<input name=csrfmiddlewaretoken value=readers-own-token>")
    personal.set_cookie("csrftoken", "readers-own-token")
    assert not page_cache.AnonymousPageCacheMiddleware.cacheable_response(personal)
    assert page_cache.AnonymousPageCacheMiddleware.cacheable_response(HttpResponse("the same for all"))


def test_a_page_that_only_checked_for_a_signed_in_reader_is_stored(client):
    """Checking for staff (previews) adds `Vary: Cookie`, but the page is the same for every
    reader without a session, and those are the only ones served from the cache."""
    StoryFactory(slug="checked")
    first = client.get("/news/checked/")
    assert "Cookie" in first["Vary"] and first["X-Cache"] == "miss"
    assert client.get("/news/checked/")["X-Cache"] == "hit"


class ScriptedSubscription:
    """A subscription whose messages the test gives; a silent one (a network drop) gives none."""

    def __init__(self, *messages):
        self.messages = list(messages)
        self.pings = 0

    def get_message(self, timeout):
        return self.messages.pop(0) if self.messages else None

    def ping(self):
        self.pings += 1


def watching(subscription, *, answered_ago, pinged_ago=None):
    watcher = content_version.RedisWatcher("redis://unused")
    watcher.subscription, watcher.pid = subscription, os.getpid()
    now = time.monotonic()
    watcher.answered_at = now - answered_ago
    watcher.pinged_at = now - (answered_ago if pinged_ago is None else pinged_ago)
    return watcher


STATE = {"version": "v1", "stamp": 0, "next_change": None}


def test_a_recent_pong_vouches_for_the_copy_and_a_ping_goes_out_every_heartbeat():
    subscription = ScriptedSubscription()
    assert watching(subscription, answered_ago=0.1).unchanged(STATE)
    assert subscription.pings == 0
    assert watching(subscription, answered_ago=content_version.HEARTBEAT_SECONDS).unchanged(STATE)
    assert subscription.pings == 1  # pinged; the last pong still vouches for a moment


def test_without_a_pong_for_too_long_the_copy_is_not_trusted():
    """After a quiet spell the first requests read the state from Redis until the pong is back."""
    bound = content_version.HEARTBEAT_SECONDS + content_version.HEARTBEAT_TIMEOUT
    watcher = watching(ScriptedSubscription(), answered_ago=bound + 5, pinged_ago=bound + 5)
    assert not watcher.unchanged(STATE)  # pings, and does not trust the copy meanwhile
    assert watcher.subscription is not None


def test_a_pong_read_late_vouches_only_for_the_time_its_ping_went_out():
    pong = {"type": "pong", "pattern": None, "channel": None, "data": b""}
    bound = content_version.HEARTBEAT_SECONDS + content_version.HEARTBEAT_TIMEOUT
    watcher = watching(ScriptedSubscription(pong), answered_ago=bound + 5, pinged_ago=bound + 4)
    assert not watcher.unchanged(STATE)


def test_a_subscription_that_died_silently_is_given_up_after_the_timeout():
    watcher = watching(ScriptedSubscription(), answered_ago=5, pinged_ago=content_version.HEARTBEAT_TIMEOUT + 0.1)
    assert not watcher.unchanged(STATE)
    assert watcher.subscription is None  # subscribed afresh on the next request


def test_a_live_subscription_answers_the_heartbeat_and_reports_changes(redis_cache):
    watcher = content_version.RedisWatcher(local_redis.url(local_redis.PAGE_CACHE))
    assert watcher.start()
    watcher.pinged_at = watcher.answered_at = time.monotonic() - content_version.HEARTBEAT_SECONDS
    assert watcher.unchanged(STATE)  # pings
    time.sleep(0.05)
    assert watcher.unchanged(STATE)  # the pong and nothing else
    assert watcher.answered_at == watcher.pinged_at
    content_version.announce_change()
    time.sleep(0.05)
    assert not watcher.unchanged(STATE)  # the news
    assert watcher.unchanged(STATE)


def test_a_broken_subscription_is_not_trusted_and_is_subscribed_afresh(redis_cache):
    """What was published while the connection was down is lost: the break must show, and the
    watcher subscribes again, waiting for the confirmation, before it trusts the copy."""
    watcher = content_version.RedisWatcher(local_redis.url(local_redis.PAGE_CACHE))
    assert watcher.start()
    local_redis.break_change_subscriptions(local_redis.PAGE_CACHE)
    time.sleep(0.05)
    assert not watcher.unchanged(STATE)
    assert watcher.subscription is None
    assert watcher.start() and watcher.unchanged(STATE)


def test_a_change_is_announced_even_while_this_worker_counts_the_cache_as_down(client, redis_cache):
    """One failed cache call earlier must not make the next change go unannounced: the other
    app servers would keep the old pages."""
    story = StoryFactory(title="Old headline")
    client.get("/news/")
    assert client.get("/news/")["X-Cache"] == "hit"
    content_version.guard.down_until = time.monotonic() + 30
    story.title = "New headline"
    story.save()
    assert cache.get(content_version.STATE_KEY) is None  # the version is gone for every server


def test_a_copied_page_is_not_served_past_its_time_in_the_cache():
    copy = content_version.LocalCopy(ScriptedWatcher(), max_bytes=10**6)
    state = {"version": "v1", "stamp": 0, "next_change": None, "topics": {"stories": "t1"}}
    read = (("stories", "t1"),)
    copy.keep(copy.listen(), state, "fresh", (read, "200 OK", [], b"page", time.time() + 60, None))
    copy.keep(copy.listen(), state, "expired", (read, "200 OK", [], b"page", time.time() - 1, None))
    assert copy.page("fresh") is not None
    assert copy.page("expired") is None


def test_a_stored_404_is_never_turned_into_a_304():
    wsgi_get("/no-such-page/")
    status, _, _ = wsgi_get("/no-such-page/", HTTP_IF_NONE_MATCH="*")
    assert status.startswith("404")


def test_head_is_answered_from_the_stored_get_with_the_same_etag(client):
    StoryFactory()
    page = client.get("/news/", HTTP_ACCEPT_ENCODING="gzip")
    head = client.head("/news/", HTTP_ACCEPT_ENCODING="gzip")
    assert (head["X-Cache"], head["ETag"], head.content) == ("hit", page["ETag"], b"")
    assert client.head("/news/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def test_an_item_scheduled_while_the_version_was_being_worked_out_still_appears_on_time(client, redis_cache):
    """A worker works out a new version (asking the database for the next scheduled item) while
    an editor commits a newly scheduled story: the version it stores missed that story, and must
    not be trusted after the editor's change."""
    StoryFactory(title="Visible story")
    at = timezone.now() + datetime.timedelta(minutes=30)
    real = content_version.publication_times

    def editor_commits_meanwhile():
        answer = real()
        StoryFactory(title="Scheduled story", published_at=at)
        return answer

    with mock.patch.object(content_version, "publication_times", editor_commits_meanwhile):
        client.get("/news/")
    assert "Scheduled story" not in client.get("/news/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        assert "Scheduled story" in client.get("/news/").content.decode()


def test_a_version_another_thread_stored_meanwhile_is_adopted_after_one_miss():
    """Two threads of a worker that both find no version each make one, and the later write wins
    in the cache; the worker's copy may hold the other, with other tokens (made while the cache
    could not be read, say). It must not store every page under tokens no request reads again
    (with gunicorn's threads, pages were then never served from the cache)."""
    StoryFactory(title="Threaded story")
    assert wsgi_get("/news/")[1]["X-Cache"] == "miss"
    assert wsgi_get("/news/")[1]["X-Cache"] == "hit"
    state = cache.get(content_version.STATE_KEY)
    other_tokens = dict.fromkeys(state["topics"], "made-by-another-thread")
    cache.set(content_version.STATE_KEY, {**state, "version": "made-by-another-thread", "topics": other_tokens}, None)
    content_version.local_copy().pages.clear()  # the other thread's copy: the state only

    assert wsgi_get("/news/")[1]["X-Cache"] == "miss"
    assert wsgi_get("/news/")[1]["X-Cache"] == "hit"
