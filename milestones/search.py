"""Full-text search: PostgreSQL's own search where we run on it, a plain word match on SQLite.

Both paths take the reader's words as data only (never as query syntax that can fail) and
return the same thing: the matching rows annotated with a `rank`, best first.

What is searched is declared once, in SEARCHED_FIELDS: the site search, the lists' "Words"
filter and the word match on SQLite read it; the migrations that build PostgreSQL's stored
vectors keep their own literal SQL (a migration must not change meaning when this module does),
and tests/milestones/test_searched_fields.py fails when that SQL and `vector_sql()` of this
declaration differ.

Content in Russian (issue 17): on PostgreSQL each searched table has a second stored vector,
`search_vector_ru`, of the Russian columns of the same fields (`searched_fields(model, "ru")`),
built with the Russian configuration, so that "тренинг" finds "тренинги". On a Russian page a row
matches when either vector does, each with its own language's stemming: an item with no Russian
is still found by its English words. English pages search the English vector alone, as before.
On SQLite a Russian page matches the words in the English columns and the Russian ones.

The cost of ranking (issue 21, item 5): `matching()` gives every match, as the lists' "Words"
filter needs, and `ranked()` orders them for the search page. On PostgreSQL, for the stories,
events and publications, `ranked()` ranks only candidates, never every match: for common words
("border training" matches half the stories and a sixth of the events of the benchmark) reading
every match's row and vector cost most of a search. The candidates are the newest
RANKED_CANDIDATES matches whose title has every word (through a stored vector of the title
alone, TITLE_SEARCH_VECTORS) and the newest RANKED_CANDIDATES matches; PostgreSQL finds each set
by reading the newest rows until it has enough, or through the GIN index when the words are rare,
as its statistics say. The trade-off, on purpose: an item is not ranked, so not on the search
page, when more than RANKED_CANDIDATES newer items match and it lacks some of the words in its
title, or when more than RANKED_CANDIDATES newer items have all the words in their titles; its
text could have ranked it higher. It is still found by the lists' "Words" filter, and by a
search with more or rarer words. On SQLite, with little data, every match is ranked; so are the
programmes, facilities, organisations and themes, a few thousand rows at most.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import escape
from django.utils.safestring import mark_safe

from unodc_portal.translations import CONTENT_LANGUAGES, column, reading_language

MAX_TERMS = 8
# How many of the newest matches, and of the newest matches in titles, the search page ranks of
# each model with a stored title vector on PostgreSQL (see the module docstring): four times the
# 25 it shows of each. On the benchmark data (100,000 events), 200 or 500 cost more than ranking
# every match for words that a few thousand events have ("Dushanbe": the newest rows are read
# until enough of them match), and 500 twice as much as 100 for common words.
RANKED_CANDIDATES = 100
MAX_TERM_LENGTH = 40
SNIPPET_WORDS = 40
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchedFields:
    """Where a model's words are searched: its title (ranked higher) and its text."""

    title: str
    text: tuple[str, ...]


# The one list of searched fields, by model label. A story's body is searched in its stored
# plain text (`body_text`), not its Markdown: link addresses and markup are not words a reader
# sees. Changing an entry needs a migration that rebuilds that table's vector with the SQL of
# `vector_sql()` (milestones/0001_squashed builds them all, storage and index included;
# milestones/0009_names_that_vary shows how a later migration rebuilds one, and back).
SEARCHED_FIELDS = {
    "milestones.Story": SearchedFields("title", ("standfirst", "body_text")),
    "milestones.Event": SearchedFields("title", ("summary", "city", "venue")),
    # Other spellings and former names (issue 16, item 7) from milestones/0009_names_that_vary,
    # which rebuilds these three vectors.
    "programmes.Programme": SearchedFields(
        "title", ("short_title", "acronym", "summary", "description", "other_names")
    ),
    "programmes.Facility": SearchedFields("name", ("place", "description", "other_names")),
    "programmes.Organisation": SearchedFields("name", ("acronym", "description", "other_names")),
    # Added by programmes/0002_themes and milestones/0003_themes_and_publications.
    "programmes.Theme": SearchedFields("name", ("description",)),
    "milestones.Publication": SearchedFields("title", ("summary",)),
}


# The models whose tables have a stored vector of the title alone in each language of
# SEARCH_CONFIGS (milestones/0017_title_search_vectors): the content that grows with the office's
# work, whose search page ranking is capped (`ranked()`).
TITLE_SEARCH_VECTORS = ("milestones.Story", "milestones.Event", "milestones.Publication")


# PostgreSQL's text search configuration for each language whose texts have a stored vector:
# the English columns' `search_vector`, and the translations' `search_vector_<code>` (built by
# milestones/0012_search_in_russian). A content language without one here is searched in English
# on PostgreSQL (PostgreSQL has no stemmer for the other languages of the region).
SEARCH_CONFIGS = {None: "english", "ru": "russian"}


def searched_fields(model, language=None):
    """The columns a model's words are searched in: the declared fields, or, in a content
    `language`, the columns of their translations. A field that is not translated (other names,
    an acronym that is the same in every language) is searched as it is: a reader looks for other
    spellings and names in whatever language they type."""
    fields = SEARCHED_FIELDS[model._meta.label]
    if language is None:
        return fields
    translated = {*model.translated_texts, *model.derived_texts}

    def in_language(name):
        return column(name, language) if name in translated else name

    return SearchedFields(in_language(fields.title), tuple(in_language(name) for name in fields.text))


def words_columns(model):
    """The columns of `model` the words filter and the site search read: its searched fields in
    every content language. A save that changes only these (and what they are made from) changes
    only its topic's words (unodc_portal/content_version.py, WORDS)."""
    columns = set()
    for language in (None, *CONTENT_LANGUAGES):
        fields = searched_fields(model, language)
        columns |= {fields.title, *fields.text}
    return frozenset(columns)


def vector_column(language=None):
    """The stored vector of the texts in `language`: `search_vector` of the English,
    `search_vector_ru` of the Russian."""
    return "search_vector" if language is None else column("search_vector", language)


def _document_vector_sql(columns, language):
    document = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"to_tsvector('{SEARCH_CONFIGS[language]}'::regconfig, {document})"


def vector_sql(fields, language=None):
    """PostgreSQL's expression for the stored vector of these fields, in `language`'s
    configuration: the title weighted A, the text B. Migrations copy its output as a literal."""
    return (
        f"setweight({title_vector_sql(fields, language)}, 'A') || "
        f"setweight({_document_vector_sql(fields.text, language)}, 'B')"
    )


def title_vector_column(language=None):
    """The stored vector of the title alone in `language`: `title_search_vector` of the English,
    `title_search_vector_ru` of the Russian (the models of TITLE_SEARCH_VECTORS only)."""
    return "title_search_vector" if language is None else column("title_search_vector", language)


def title_vector_sql(fields, language=None):
    """PostgreSQL's expression for the stored vector of the title alone (the part of
    `vector_sql()` weighted A). Migrations copy its output as a literal."""
    return _document_vector_sql([fields.title], language)


def search_terms(query):
    """The words of a reader's query, as plain data: no operators, at most a few words."""
    words = [word[:MAX_TERM_LENGTH] for word in WORD.findall(query or "")]
    return list(dict.fromkeys(word.lower() for word in words))[:MAX_TERMS]


def uses_postgres():
    return connection.vendor == "postgresql"


class StoredSearchVector(Expression):
    """The stored, GIN-indexed vector column of the table being queried: `search_vector`, or
    with a `language` that language's (`search_vector_ru`); with `title`, the vector of its
    title alone (`title_search_vector`, `title_search_vector_ru`).

    PostgreSQL generates it from the searched fields (the title weighted above the text) and
    keeps it current by itself (milestones/0001_squashed, 0012_search_in_russian,
    0017_title_search_vectors). It is not a
    model field, since SQLite has no such column, so this names it on whatever alias the table
    has in the query, subqueries included.
    """

    output_field = SearchVectorField()

    def __init__(self, language=None, *, title=False):
        super().__init__()
        self.language = language
        self.title = title

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        name = (title_vector_column if self.title else vector_column)(self.language)
        return f"{table}.{connection.ops.quote_name(name)}", []


def _postgres_queries(terms, language):
    """The reader's words as PostgreSQL queries, read as plain text (plainto_tsquery): the
    English one, and in a content language with a stored vector, that language's (else None)."""
    english = SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIGS[None])
    if language is None or language not in SEARCH_CONFIGS:
        return english, None
    return english, SearchQuery(" ".join(terms), search_type="plain", config=SEARCH_CONFIGS[language])


def matching(queryset, query):
    """Rows of `queryset` matching every word of `query` in the model's SEARCHED_FIELDS,
    annotated with `rank`: through the stored vectors on PostgreSQL, a word match on SQLite.

    On a page in a content language (`reading_language()`), the words are also looked for in
    the translations: on PostgreSQL a row matches when its vector in that language matches them
    stemmed in that language, or its English vector stemmed in English (every word in the one
    or in the other), and ranks by the better of the two."""
    terms = search_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0)).none()
    language = reading_language()
    if uses_postgres():
        search_query, translated_query = _postgres_queries(terms, language)
        queryset = queryset.alias(search_vector=StoredSearchVector())
        if translated_query is None:
            return queryset.filter(search_vector=search_query).annotate(
                rank=SearchRank(StoredSearchVector(), search_query)
            )
        return (
            queryset.alias(translated_vector=StoredSearchVector(language))
            .filter(Q(search_vector=search_query) | Q(translated_vector=translated_query))
            .annotate(
                rank=Greatest(
                    SearchRank(StoredSearchVector(), search_query),
                    SearchRank(StoredSearchVector(language), translated_query),
                )
            )
        )
    searched = [searched_fields(queryset.model)]
    if language is not None:
        searched.append(searched_fields(queryset.model, language))
    # dict.fromkeys: a field that is not translated is searched once.
    titles = dict.fromkeys(fields.title for fields in searched)
    texts = dict.fromkeys(field for fields in searched for field in fields.text)
    condition = Q()
    rank = Value(0)
    for term in terms:
        in_title = Q()
        in_text = Q()
        for spelling in sqlite_spellings(term):
            for field in titles:
                in_title |= Q(**{f"{field}__icontains": spelling})
            for field in texts:
                in_text |= Q(**{f"{field}__icontains": spelling})
        condition &= in_title | in_text
        rank = rank + Case(When(in_title, then=Value(3)), When(in_text, then=Value(1)), default=Value(0))
    return queryset.filter(condition).annotate(rank=Coalesce(rank, Value(0), output_field=IntegerField()))


def ranked(queryset, query, *, candidates=None):
    """The matches of `query` in `queryset` (`matching()`), best first: by rank, then in the
    model's own order (the newest first for dated content), then by id, so that equal ranks
    always come in the same order. For the search page: a list filtered by words needs every
    match, which `matching()` gives.

    On PostgreSQL, of the models with a stored title vector (TITLE_SEARCH_VECTORS), only
    candidates are ranked (see the module docstring): the newest `candidates` matches whose
    title has every word, and the newest `candidates` matches (RANKED_CANDIDATES by default).
    The other models' matches are all ranked: they are the office's reference data, a few
    thousand rows at most."""
    order = [*queryset.model._meta.ordering, "pk"]
    matches = matching(queryset, query)
    if not uses_postgres() or queryset.model._meta.label not in TITLE_SEARCH_VECTORS or not search_terms(query):
        return matches.order_by("-rank", *order)
    language = reading_language()
    candidates = RANKED_CANDIDATES if candidates is None else candidates
    search_query, translated_query = _postgres_queries(search_terms(query), language)
    # The candidates start from the queryset as the caller gave it (published() and the like),
    # without the ranking and the related rows of `matches`.
    base = queryset.order_by().select_related(None)
    in_titles = base.alias(title_vector=StoredSearchVector(title=True))
    in_title = Q(title_vector=search_query)
    if translated_query is not None:
        in_titles = in_titles.alias(translated_title_vector=StoredSearchVector(language, title=True))
        in_title |= Q(translated_title_vector=translated_query)
    newest_in_title = in_titles.filter(in_title).order_by(*order).values("pk")[:candidates]
    newest = matching(base, query).order_by(*order).values("pk")[:candidates]
    return matches.filter(pk__in=newest_in_title.union(newest)).order_by("-rank", *order)


def sqlite_spellings(term):
    """The forms SQLite's word match looks for a (lower-case) word in. Its LIKE ignores the case
    of ASCII letters only: a word in another script is also looked for capitalised, as it stands
    at the start of a title or sentence and in names ("Тренинги для пограничников", "Нижний
    Пяндж")."""
    if term.isascii():
        return [term]
    return list(dict.fromkeys([term, term.capitalize()]))


def highlight(text, query):
    """Plain `text` as safe HTML, with the query's words wrapped in <mark>.

    The words are found in the plain text and each piece is escaped on its own: looking for
    them in escaped text found "quot" inside "&quot;" and split the entity (issue 14, item 9).
    """
    text = text or ""
    terms = search_terms(query)
    if not terms:
        return mark_safe(escape(text))  # noqa: S308  # nosec B308 B703
    # One capturing group: split() then alternates text between matches (even places) and
    # matches (odd places).
    pattern = re.compile(
        "(" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)) + ")", re.IGNORECASE
    )
    pieces = [
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pattern.split(text))
    ]
    # Every piece of the text was escaped above; the only markup is our own <mark> tags.
    return mark_safe("".join(pieces))  # noqa: S308  # nosec B308 B703


def snippet(text, query, *, words=SNIPPET_WORDS):
    """A short passage of plain `text` around the first word of the query it contains, highlighted."""
    tokens = (text or "").split()
    terms = search_terms(query)
    start = 0
    for index, token in enumerate(tokens):
        if any(term in token.lower() for term in terms):
            start = max(0, index - words // 4)
            break
    passage = " ".join(tokens[start : start + words])
    if start > 0:
        passage = "… " + passage
    if start + words < len(tokens):
        passage += " …"
    return highlight(passage, query)


@dataclass
class SearchHit:
    kind: str
    title: str
    url: str
    snippet: str
    rank: float
    meta: str = ""
    # The item found and the name of the text its snippet is taken from: the page marks the
    # title and the snippet with the languages they reach the reader in (`lang_attr`).
    item: object = None
    snippet_text: str = ""


__all__ = [
    "SEARCHED_FIELDS",
    "SEARCH_CONFIGS",
    "TITLE_SEARCH_VECTORS",
    "SearchHit",
    "SearchedFields",
    "highlight",
    "matching",
    "ranked",
    "search_terms",
    "searched_fields",
    "snippet",
    "title_vector_column",
    "title_vector_sql",
    "vector_column",
    "vector_sql",
    "words_columns",
]
