"""Search highlighting marks words of the text, never pieces of the HTML that escapes it
(issue 14, item 9): the words are found in plain text and each piece is escaped afterwards."""

import html
import re

import pytest

from milestones.search import highlight, snippet
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

# Words that are also the names or numbers of the entities that escape ", &, <, > and '.
ENTITY_WORDS = ["quot", "amp", "lt", "gt", "39", "x27"]
TEXT = "Tom & Jerry's \"quot\" amp <lt> gt 39 x27 report: a < b > c & 'd'"
MARK_INSIDE_ENTITY = re.compile(r"&[#\w]*<mark>")
MARK_BEFORE_ENTITY_END = re.compile(r"<mark>[^<]*</mark>;")


def splits_an_entity(marked):
    return bool(MARK_INSIDE_ENTITY.search(marked) or MARK_BEFORE_ENTITY_END.search(marked))


def reads_as(marked):
    """What a reader reads of highlighted HTML."""
    return html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))


@pytest.mark.parametrize("word", ENTITY_WORDS)
def test_highlight_never_splits_an_entity(word):
    assert not splits_an_entity(highlight(TEXT, f"{word} xssmark"))


@pytest.mark.parametrize("word", ENTITY_WORDS)
def test_highlighted_text_reads_as_the_plain_text(word):
    assert reads_as(highlight(TEXT, word)) == TEXT


@pytest.mark.parametrize("word", ENTITY_WORDS)
def test_highlight_marks_the_word_where_the_text_has_it(word):
    assert f"<mark>{word}</mark>" in highlight(TEXT, word)


def test_highlight_marks_words_next_to_escaped_characters():
    marked = highlight('He said "quot&amp" <gt>', "quot amp gt")
    assert marked == "He said &quot;<mark>quot</mark>&amp;<mark>amp</mark>&quot; &lt;<mark>gt</mark>&gt;"


def test_highlight_escapes_the_matched_text_too():
    assert highlight("<b>x</b>", "b") == "&lt;<mark>b</mark>&gt;x&lt;/<mark>b</mark>&gt;"


def test_highlight_without_words_only_escapes():
    assert highlight("Tom & Jerry", "") == "Tom &amp; Jerry"


def test_snippet_never_splits_an_entity():
    text = " ".join(["filler"] * 30) + ' The "quot" & <amp> report.'
    marked = snippet(text, "quot amp")
    assert not splits_an_entity(marked)
    assert "&quot;<mark>quot</mark>&quot; &amp; &lt;<mark>amp</mark>&gt;" in marked


def hit_html(client, query):
    return client.get("/search/", {"q": query}).content.decode()


@pytest.mark.parametrize("word", ENTITY_WORDS)
def test_search_page_never_splits_an_entity(client, word):
    StoryFactory(title=f'Tom & Jerry\'s "{word}" <{word}> xssmark', standfirst=f"A \"{word}\" & 'x' <b> xssmark")
    page = hit_html(client, f"{word} xssmark")
    assert "<mark>xssmark</mark>" in page  # the story was found
    assert not splits_an_entity(page)


def test_search_page_title_reads_as_the_story_title(client):
    StoryFactory(title='Tom & Jerry\'s "quot" xssmark', standfirst="")
    page = hit_html(client, "quot xssmark")
    assert "Tom &amp; Jerry&#x27;s &quot;<mark>quot</mark>&quot; <mark>xssmark</mark>" in page


def test_story_text_with_tags_is_shown_escaped_with_the_word_highlighted(client):
    StoryFactory(title="Border post opened", standfirst="The <b>x</b> marks the post.")
    page = hit_html(client, "x")
    assert "The &lt;b&gt;<mark>x</mark>&lt;/b&gt; marks the post." in page
    assert "<b>x</b>" not in page
