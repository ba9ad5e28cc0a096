"""Full-text search: PostgreSQL's own search where we run on it, a plain word match on SQLite.

Both paths take the reader's words as data only (never as query syntax that can fail) and
return the same thing: the matching rows annotated with a `rank`, best first.

What is searched is declared once, in SEARCHED_FIELDS: the site search, the lists' "Words"
filter and the word match on SQLite read it; the migrations that build PostgreSQL's stored
vectors keep their own literal SQL (a migration must not change meaning when this module does),
and tests/milestones/test_searched_fields.py fails when that SQL and `vector_sql()` of this
declaration differ.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_TERMS = 8
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


def searched_fields(model):
    return SEARCHED_FIELDS[model._meta.label]


def vector_sql(fields):
    """PostgreSQL's expression for the stored vector of these fields: the title weighted A,
    the text B. Migrations copy its output as a literal."""

    def document(columns):
        return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)

    return (
        f"setweight(to_tsvector('english'::regconfig, {document([fields.title])}), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, {document(fields.text)}), 'B')"
    )


def search_terms(query):
    """The words of a reader's query, as plain data: no operators, at most a few words."""
    words = [word[:MAX_TERM_LENGTH] for word in WORD.findall(query or "")]
    return list(dict.fromkeys(word.lower() for word in words))[:MAX_TERMS]


def uses_postgres():
    return connection.vendor == "postgresql"


class StoredSearchVector(Expression):
    """The stored, GIN-indexed `search_vector` column of the table being queried.

    PostgreSQL generates it from the searched fields (the title weighted above the text) and
    keeps it current by itself (milestones/0001_squashed). It is not a model field,
    since SQLite has no such column, so this names it on whatever alias the table has in the
    query, subqueries included.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_vector')}", []


def matching(queryset, query):
    """Rows of `queryset` matching every word of `query` in the model's SEARCHED_FIELDS,
    annotated with `rank`: through the stored vector on PostgreSQL, a word match on SQLite."""
    terms = search_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0)).none()
    if uses_postgres():
        search_query = SearchQuery(" ".join(terms), search_type="plain", config="english")
        return (
            queryset.alias(search_vector=StoredSearchVector())
            .filter(search_vector=search_query)
            .annotate(rank=SearchRank(StoredSearchVector(), search_query))
        )
    fields = searched_fields(queryset.model)
    condition = Q()
    rank = Value(0)
    for term in terms:
        in_title = Q(**{f"{fields.title}__icontains": term})
        in_text = Q()
        for field in fields.text:
            in_text |= Q(**{f"{field}__icontains": term})
        condition &= in_title | in_text
        rank = rank + Case(When(in_title, then=Value(3)), When(in_text, then=Value(1)), default=Value(0))
    return queryset.filter(condition).annotate(rank=Coalesce(rank, Value(0), output_field=IntegerField()))


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


__all__ = [
    "SEARCHED_FIELDS",
    "SearchHit",
    "SearchedFields",
    "highlight",
    "matching",
    "search_terms",
    "searched_fields",
    "snippet",
    "vector_sql",
]
