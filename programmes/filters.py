"""Filters for the lists of reference data, and the programme tree's facet counts that the other
lists use too (the machinery is in unodc_portal/facets.py)."""

from django.utils.translation import gettext_lazy as _

from unodc_portal.facets import (
    CodeFilter,
    FacetedFilterSet,
    MultipleValueFilter,
    read_per_content_version,
    reading_cursor,
    subquery_sql,
)
from unodc_portal.translations import ShownText, choices_in_reading_language, in_reading_language, language_in_reading

from .models import Country, Facility, Programme, Theme
from .queries import programme_ancestry, programme_ids_with_descendants

PROGRAMME_TREE_COUNT_SQL = """
SELECT p.slug, COUNT(DISTINCT pairs.item_id)
FROM ({pairs}) pairs
JOIN ({closure}) closure ON closure.programme_id = pairs.programme_id
JOIN {programme} p ON p.id = closure.ancestor_id
GROUP BY p.slug
"""


def pairs_sql(pairs, first, second):
    """Pairs of ids as an inline table with columns `first` and `second`.

    Built from integers read from the database, so it is safe to write into the SQL; as an
    inline table PostgreSQL also knows its real size and plans hash joins over it.
    """
    rows = ", ".join(f"({int(a)}, {int(b)})" for a, b in pairs) or "(0, 0)"
    return f"SELECT column1 AS {first}, column2 AS {second} FROM (VALUES {rows}) AS pairs"  # nosec B608


def closure_sql():
    """The programme tree as an inline table (programme_id, ancestor_id), from programme_ancestry()."""
    return pairs_sql(programme_ancestry(), "programme_id", "ancestor_id")


def count_by_programme_tree(item_programmes_sql, params):
    """{programme slug: number of distinct items} where an item counts for its programme and
    every programme above it, in one query. `item_programmes_sql` selects (item_id, programme_id) rows."""
    sql = PROGRAMME_TREE_COUNT_SQL.format(  # nosec B608
        closure=closure_sql(), pairs=item_programmes_sql, programme=Programme._meta.db_table
    )
    with reading_cursor(Programme) as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@read_per_content_version(topics=("reference",))
def programme_choices():
    """Programmes by their short titles: the full ones are too long for a list of options."""
    rows = Programme.objects.order_by(in_reading_language("title")).values_list(
        "slug",
        in_reading_language("short_title"),
        language_in_reading("short_title"),
        in_reading_language("title"),
        language_in_reading("title"),
    )
    choices = [
        (slug, ShownText(short, short_language) if short else ShownText(title, title_language))
        for slug, short, short_language, title, title_language in rows
    ]
    return sorted(choices, key=lambda choice: choice[1])


def programmes_matching(slugs):
    """Ids of the programmes with these slugs and of everything below them."""
    return programme_ids_with_descendants(Programme.objects.filter(slug__in=slugs).values_list("pk", flat=True))


@read_per_content_version(topics=("reference",))
def country_choices():
    return choices_in_reading_language(Country.objects.order_by(in_reading_language("name")), "iso2", "name")


@read_per_content_version(topics=("reference",))
def theme_choices():
    return choices_in_reading_language(Theme.objects.order_by("order", in_reading_language("name")), "slug", "name")


class FacilityFilter(FacetedFilterSet):
    country = CodeFilter(label=_("Country"), choices=country_choices, field_name="country__iso2")
    kind = CodeFilter(label=_("Kind"), choices=Facility.Kind.choices)
    status = CodeFilter(label=_("Status"), choices=Facility.Status.choices)
    programme = MultipleValueFilter(label=_("Programme"), choices=programme_choices, method="filter_programme")

    facets = ("country", "kind", "status", "programme")
    topics = ("reference",)
    tallied_columns = {"country": "country__iso2", "kind": "kind", "status": "status"}

    class Meta:
        model = Facility
        fields = []

    def filter_programme(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(programme__in=programmes_matching(value))

    def count_programme(self, queryset):
        sql, params = subquery_sql(queryset)
        pairs = f"SELECT id AS item_id, programme_id FROM {Facility._meta.db_table} WHERE id IN ({sql})"  # nosec B608
        return count_by_programme_tree(pairs, params)
