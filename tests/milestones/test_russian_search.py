"""Search in Russian (issue 17, item 6).

On PostgreSQL a Russian page looks for the words in the Russian texts with the Russian
configuration (its stemming: "тренинг" finds "тренинги") and in the English with the English
one, so that an item with no Russian is still found by its English words; the Russian vector
also holds other spellings and names, which a Russian query finds in any of their forms.

English pages search the English texts alone, as before issue 17: a Russian text is not what they
show, so a Russian word finds an item there only where the English side has it as written (a
Cyrillic other spelling), never through Russian stemming of the translation.

On SQLite both pages match the words as they are written, a Russian page in the Russian columns
too.
"""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from milestones.models import Story
from milestones.search import SEARCHED_FIELDS, matching
from tests.factories import EventFactory, FacilityFactory, StoryFactory
from unodc_portal.translations import TranslationState, reading_in

pytestmark = pytest.mark.django_db

stemmed = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL's; SQLite matches words as written"
)


def training_story(**fields):
    texts = {
        "title": "Training for border guards",
        "title_ru": "Тренинги для пограничников",
        "standfirst": "Officers of the border service trained in Dushanbe.",
        "standfirst_ru": "Сотрудники пограничной службы прошли обучение в Душанбе.",
        "body": "The course covered risk profiling.",
        "body_ru": "Курс был посвящён профилированию рисков.",
    }
    story = StoryFactory(**{**texts, **fields})
    assert story.translation_state("ru") == TranslationState.UP_TO_DATE
    return story


def border_event(**fields):
    texts = {
        "title": "Expert meeting on the Tajik-Afghan border",
        "title_ru": "Таджикско-афганская граница: совещание экспертов",
        "summary": "Experts discussed cooperation at the border.",
        "summary_ru": "Эксперты обсудили сотрудничество на границе.",
        "city": "Dushanbe",
        "city_ru": "Душанбе",
    }
    event = EventFactory(**{**texts, **fields})
    assert event.translation_state("ru") == TranslationState.UP_TO_DATE
    return event


def result_urls(client, path, query):
    """The addresses the search page links to (a Russian page to the Russian addresses)."""
    return [result_url(result) for result in client.get(path, {"q": query}).context["results"]]


def result_url(result):
    return re.search(r'<h2 class="search-hit__title"[^>]*><a href="([^"]+)">', result).group(1)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- Russian pages on PostgreSQL: Russian stemming ----------------------------------------------


@stemmed
def test_a_russian_query_finds_a_translated_story_by_another_form_of_its_words(client):
    story = training_story()
    assert result_urls(client, "/ru/search/", "тренинг") == [f"/ru{story.get_absolute_url()}"]


@stemmed
def test_the_words_filter_of_the_russian_news_list_finds_other_forms_of_russian_words(client):
    story = training_story(slug="training")
    StoryFactory(slug="other")
    stories = client.get("/ru/news/", {"q": "тренинг"}).context["stories"]
    assert [item.slug for item in stories] == [story.slug]


@stemmed
def test_a_russian_query_finds_an_event_by_another_case_of_a_noun(client):
    event = border_event()
    # The border management theme is found too, by its Russian name.
    assert f"/ru{event.get_absolute_url()}" in result_urls(client, "/ru/search/", "границы")
    events = client.get("/ru/events/", {"q": "границы"}).context["events"]
    assert [item.pk for item in events] == [event.pk]


@stemmed
def test_a_russian_query_finds_a_facility_by_another_case_of_its_cyrillic_other_spelling(client):
    facility = FacilityFactory(name="Nizhny Panj border crossing point", other_names="Нижний Пяндж")
    assert result_urls(client, "/ru/search/", "Нижнем Пяндже") == [f"/ru{facility.get_absolute_url()}"]


@stemmed
def test_english_words_are_still_stemmed_in_english_on_a_russian_page(client):
    story = StoryFactory(title="Dog handlers trained in Termez", standfirst="", body="Text.")
    assert result_urls(client, "/ru/search/", "training") == [f"/ru{story.get_absolute_url()}"]


@stemmed
def test_a_russian_page_highlights_the_query_word_inside_its_other_form(client):
    """The words are marked as the reader typed them: "тренинг" in "Тренинги"; a form that does
    not contain them ("границы" for "граница") is found but not marked."""
    training_story()
    page = text(client.get("/ru/search/", {"q": "тренинг"}))
    assert "<mark>Тренинг</mark>и для пограничников" in page
    border_event()
    page = text(client.get("/ru/search/", {"q": "границы"}))
    assert "Таджикско-афганская граница: совещание экспертов" in page


@stemmed
def test_a_title_match_in_russian_ranks_above_a_text_match(client):
    in_title = training_story(slug="in-title")
    in_text = training_story(
        slug="in-text", title="Courses", title_ru="Курсы", standfirst_ru="Прошли тренинги для сотрудников."
    )
    urls = result_urls(client, "/ru/search/", "тренинг")
    assert urls == [f"/ru{in_title.get_absolute_url()}", f"/ru{in_text.get_absolute_url()}"]


# --- Russian pages, either database ------------------------------------------------------------


def test_a_russian_page_finds_a_translated_story_by_a_word_of_its_russian_title(client):
    story = training_story()
    StoryFactory()
    assert result_urls(client, "/ru/search/", "пограничников") == [f"/ru{story.get_absolute_url()}"]
    stories = client.get("/ru/news/", {"q": "пограничников"}).context["stories"]
    assert [item.pk for item in stories] == [story.pk]


def test_a_russian_page_finds_the_first_word_of_a_russian_title_whatever_its_case(client):
    """SQLite's LIKE ignores the case of ASCII letters only: the word match also looks for a
    Cyrillic word capitalised."""
    story = training_story()
    assert result_urls(client, "/ru/search/", "тренинги") == [f"/ru{story.get_absolute_url()}"]
    assert result_urls(client, "/ru/search/", "ТРЕНИНГИ") == [f"/ru{story.get_absolute_url()}"]


def test_a_russian_page_finds_a_facility_by_its_cyrillic_other_spelling_as_written(client):
    facility = FacilityFactory(name="Nizhny Panj border crossing point", other_names="Нижний Пяндж")
    assert result_urls(client, "/ru/search/", "нижний пяндж") == [f"/ru{facility.get_absolute_url()}"]


def test_a_russian_page_finds_an_english_only_story_by_its_english_words(client):
    story = StoryFactory(title="Dog handlers trained in Termez", standfirst="", body="Text.")
    assert story.translation_state("ru") == TranslationState.MISSING
    assert result_urls(client, "/ru/search/", "handlers termez") == [f"/ru{story.get_absolute_url()}"]
    stories = client.get("/ru/news/", {"q": "handlers"}).context["stories"]
    assert [item.pk for item in stories] == [story.pk]


def test_a_russian_page_finds_a_translated_story_by_its_english_words_too(client):
    story = training_story()
    assert result_urls(client, "/ru/search/", "guards") == [f"/ru{story.get_absolute_url()}"]


def test_russian_search_snippets_read_the_russian_text(client):
    training_story()
    page = text(client.get("/ru/search/", {"q": "пограничников"}))
    assert "Сотрудники пограничной службы прошли обучение в Душанбе." in page
    assert "Officers of the border service" not in page


# --- English pages: the English texts alone ----------------------------------------------------


def test_english_pages_do_not_search_the_russian_texts(client):
    training_story()
    assert result_urls(client, "/search/", "пограничников") == []
    assert result_urls(client, "/search/", "тренинг") == []
    assert list(client.get("/news/", {"q": "тренинг"}).context["stories"]) == []


def test_english_pages_find_a_cyrillic_other_spelling_as_written_but_not_in_other_forms(client):
    facility = FacilityFactory(name="Nizhny Panj border crossing point", other_names="Нижний Пяндж")
    assert result_urls(client, "/search/", "Нижний Пяндж") == [facility.get_absolute_url()]
    assert result_urls(client, "/search/", "Нижнем Пяндже") == []


# --- What the pages cost and remember -----------------------------------------------------------


def queries_for(client, path, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"q": query})
    assert response.status_code == 200, path
    return [query["sql"] for query in captured]


def test_the_search_page_runs_as_many_queries_in_russian_as_in_english(client, settings):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0
    training_story()
    border_event()
    FacilityFactory(name="Training centre", description="Training rooms.")
    StoryFactory(title="Training in Termez")
    english = queries_for(client, "/search/", "training")
    russian = queries_for(client, "/ru/search/", "training")
    assert len(russian) == len(english)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vectors are PostgreSQL's")
def test_a_russian_search_reads_the_stored_vectors_and_makes_none(client, settings):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0
    training_story()
    searches = [sql for sql in queries_for(client, "/ru/search/", "тренинг") if "@@" in sql]
    assert len(searches) == 7  # one per kind of item
    assert all('."search_vector_ru" @@' in sql for sql in searches)
    assert not any("to_tsvector" in sql for sql in searches)


def test_a_list_filtered_by_words_counts_each_language_on_its_own(client, settings):
    """The count and facets of a filtered list are remembered (unodc_portal/remembered.py): the
    same words give other rows on a Russian page."""
    settings.PAGE_CACHE_SECONDS = 0
    training_story()
    assert "0 results" in text(client.get("/news/", {"q": "пограничников"}))
    russian = text(client.get("/ru/news/", {"q": "пограничников"}))
    assert re.search(r'class="results-count"[^>]*>1 ', russian)


# --- The migration ------------------------------------------------------------------------------


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def russian_vector_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE a.attname = 'search_vector_ru' AND c.relkind = 'r' AND NOT a.attisdropped"
        )
        return {table for (table,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vectors are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_russian_of_existing_rows_and_goes_back():
    old = migrate([("milestones", "0011_content_in_russian")])
    assert russian_vector_columns() == set()
    old.get_model("milestones", "Story").objects.create(
        title="Training for border guards", title_ru="Тренинги для пограничников", slug="training", body="Text."
    )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert len(russian_vector_columns()) == len(SEARCHED_FIELDS)
    with reading_in("ru"):
        assert [story.slug for story in matching(Story.objects.all(), "тренинг")] == ["training"]
