"""Filtered lists with facets: django-filter FilterSets that also say how many results each
option would give, which filters are active (with a link that removes each), and fields that take
several values. The apps' own FilterSets (programmes/filters.py, milestones/filters.py) build on it."""

import functools
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Count
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import ngettext_lazy

from unodc_portal.content_version import REFERENCE, WORDS
from unodc_portal.remembered import remembered
from unodc_portal.translations import reading_language

MAX_VALUES_PER_FILTER = 20
# C0 control characters but tab, line feed and carriage return, removed by str.translate().
CONTROL_CHARACTERS = dict.fromkeys(code for code in range(32) if chr(code) not in "\t\n\r")


class LimitedMultipleChoiceField(forms.MultipleChoiceField):
    """Refuses absurdly many values with a message, not a slow query; drops repeats."""

    def to_python(self, value):
        values = [str(item).strip() for item in super().to_python(value)]
        if len(values) > MAX_VALUES_PER_FILTER:
            raise forms.ValidationError(
                ngettext_lazy("Choose at most %(limit)s value here.", "Choose at most %(limit)s values here.", "limit"),
                code="too_many",
                params={"limit": MAX_VALUES_PER_FILTER},
            )
        return list(dict.fromkeys(values))


class LowercaseMultipleChoiceField(LimitedMultipleChoiceField):
    """Accepts 'UZ' for 'uz'."""

    def to_python(self, value):
        return list(dict.fromkeys(item.lower() for item in super().to_python(value)))


class MultipleValueFilter(django_filters.MultipleChoiceFilter):
    """A filter taking several values (?programme=a&programme=b), at most MAX_VALUES_PER_FILTER.

    No DISTINCT: these filters match a column of the row itself or select ids with a subquery
    (`pk__in`), so a row cannot come twice, and DISTINCT over wide rows costs PostgreSQL a sort of
    the whole result."""

    field_class = LimitedMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class CodeFilter(MultipleValueFilter):
    """Several codes (?country=uz&country=KZ), matched case-insensitively."""

    field_class = LowercaseMultipleChoiceField


class ReadChoices(BaseChoiceIterator):
    """A field's options, read once and kept as they are. Django puts a plain list of options
    through its normalising again for the field and for its widget on every assignment, which for
    the hundreds of programmes, countries and donors of the events list is a large share of the
    page (docs/performance.md); an iterator of choices it leaves alone."""

    def __init__(self, choices):
        self.choices = list(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    # The language the label reaches the reader in, for a label read from content (a ShownText:
    # a programme's or a donor's name); None for the interface's own words (a kind of facility).
    language: str | None = None


@dataclass
class Facet:
    name: str
    label: str
    options: list

    # Longer lists scroll in a box of their own, so that one facet cannot push the others and
    # the submit button a long way down; shorter ones are shown whole.
    SHOWN_WHOLE = 10

    @property
    def scrolls(self):
        return len(self.options) > self.SHOWN_WHOLE


@dataclass
class ActiveFilter:
    label: str
    value_label: str
    remove_query: str


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet that also says how many results each option would give, and which filters
    are active with a link that removes each one.

    Each name in `facets` is counted over the queryset filtered by everything except that
    facet: by the list's tally if it is one of the `tallied_columns` (a column of the row), else by
    a `count_<name>(queryset)` method returning {value: count}, one aggregate query each.
    """

    facets = ()
    # The topics (content_version.py) of every row the list and its counts read, "reference"
    # included: its counts then outlive changes to the other topics. None: any change ends them.
    topics = None
    # Facets left out of the form while they have no option to offer: a vocabulary that most
    # items do not carry yet (themes, added long after the archive) would otherwise show an
    # empty box on every list.
    facets_hidden_when_empty = ()
    # Facets left out while they offer at most one option and none is chosen: they would narrow
    # nothing (a vocabulary whose default every older item carries).
    facets_hidden_when_single = ()
    # {name: lookup} of values each row has one of, in its own columns or in a row it points to
    # ("kind", "start_date__year", "person__organisation__slug"; no link tables): the facets named
    # here need no `count_<name>`, and a page may read the others' counts from the tally too.
    # They are counted with the list's length, grouped by all of them in one query (`tally()`),
    # instead of a pass over the rows each.
    tallied_columns = {}

    @classmethod
    def parameter_order(cls):
        """The filters in the order the filter form sends them, which is the order of canonical
        addresses (unodc_portal/canonical.py): those declared before the first facet (the search
        box), the facets in their order, then the others (the dates)."""
        names = list(cls.base_filters)
        first_facet = min((names.index(facet) for facet in cls.facets), default=len(names))
        others = [name for name in names if name not in cls.facets]
        before = names[:first_facet]
        return [*before, *cls.facets, *(name for name in others if name not in before)]

    @classmethod
    def canonical_values(cls, name, values):
        """`values` of the filter `name` as it reads them (codes in lower case, dates in ISO form,
        no spaces around, no repeats), sorted: the values of the canonical address
        (unodc_portal/canonical.py). A single-valued filter reads the last one given. Values the
        filter cannot read are kept as given: the page says what is wrong and is not stored."""
        field = cls.base_filters[name].field
        several = isinstance(field, forms.MultipleChoiceField)
        try:
            cleaned = field.to_python(values if several else values[-1])
        except forms.ValidationError:
            return sorted(set(values))
        cleaned = cleaned if several else [cleaned]
        return sorted({str(value.isoformat() if hasattr(value, "isoformat") else value) for value in cleaned if value})

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # Options read from the database are read once per request, not again each time the
            # form validates a value, lists its facets or names the active filters.
            for field in form.fields.values():
                if isinstance(field, forms.ChoiceField):
                    field.choices = ReadChoices(field.choices)
        return self._form

    @property
    def valid_values(self):
        """The submitted values that passed validation (invalid ones are left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the values that passed validation
        return self.form.cleaned_data

    def queryset_without(self, skipped_name):
        queryset = self.queryset.all()
        for name, value in self.valid_values.items():
            if name != skipped_name:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def selected_values(self, name):
        value = self.valid_values.get(name)
        if value in (None, "", []):
            return []
        return value if isinstance(value, list) else [value]

    def state(self, *, without=None):
        """The filters in force as a hashable value, for caching what they give: with the
        language content is read in when a filter in force gives other rows in another language
        (`varies_with_reading_language`, as the words filter, which searches the translations)."""
        in_force = self.in_force(without=without)
        per_language = any(getattr(self.filters[name], "varies_with_reading_language", False) for name in in_force)
        return (
            type(self).__name__,
            tuple(sorted((name, repr(self.valid_values[name])) for name in in_force)),
            reading_language() if per_language else None,
        )

    def in_force(self, *, without=None):
        # Empty values count as absent: "?page=2" must share the numbers of the bare list.
        return [name for name, value in self.valid_values.items() if name != without and value not in (None, "", [])]

    def topics_in_force(self, *, without=None):
        """The topics the list's rows and counts are read from (`topics`), with their items'
        words (content_version.WORDS) when a filter in force reads them (`reads_words`)."""
        if self.topics is None:
            return None
        if not any(getattr(self.filters[name], "reads_words", False) for name in self.in_force(without=without)):
            return self.topics
        return (*self.topics, *(topic + WORDS for topic in self.topics if topic != REFERENCE))

    def facet_list(self):
        facets = []
        for name in self.facets:
            if name in self.tallied_columns:
                counts = self.tally(without=name).columns[name]
            else:
                count = getattr(self, f"count_{name}")
                counts = remembered(
                    ("facet", name, self.state(without=name)),
                    lambda count=count, name=name: counts_or_none(count, self.queryset_without(name)),
                    topics=self.topics_in_force(without=name),
                )
            selected = set(self.selected_values(name))
            options = [
                FacetOption(
                    str(value),
                    str(label),
                    counts.get(str(value), 0),
                    str(value) in selected,
                    getattr(label, "shown_in", None),
                )
                for value, label in self.form.fields[name].choices
            ]
            # Offer what would give results, and always what is already chosen.
            options = [option for option in options if option.count or option.selected]
            if name in self.facets_hidden_when_single and len(options) <= 1 and not any(o.selected for o in options):
                continue
            if options or name not in self.facets_hidden_when_empty:
                facets.append(Facet(name, self.filters[name].label, options))
        return facets

    def tally(self, *, without=None):
        """The length of the list and the counts of its `tallied_columns` whose filter is not in
        force, from one query, remembered like the facets' counts. `without` a column facet in
        force: the length of the list without that filter, and the counts of that column alone
        (its options' numbers, shared with any list with the same other filters)."""
        in_force = self.in_force()
        if without in in_force:
            columns = {without: self.tallied_columns[without]}
        else:
            without = None
            columns = {name: lookup for name, lookup in self.tallied_columns.items() if name not in in_force}
        key = (self.state(without=without), tuple(columns))
        if key not in self.tallies:
            # The list itself is the one already filtered (`qs`), whose filters' own lookups (the
            # ids of the countries chosen) have been read.
            rows = self.qs if without is None else self.queryset_without(without)
            self.tallies[key] = remembered(
                ("tally", *key),
                lambda: tally_of(self.listed_rows(rows), columns),
                topics=self.topics_in_force(without=without),
            )
        return self.tallies[key]

    @functools.cached_property
    def tallies(self):
        """The tallies this list has read, by the filters in force: the count, its column facets
        and the calendar's note read the same one, even when nothing is kept (COUNT_CACHE_SECONDS
        0)."""
        return {}

    def listed_rows(self, queryset):
        """What the list shows and counts of the filtered `queryset`: each row here (the
        milestone tracker shows one row per figure)."""
        return queryset

    def active_filters(self):
        """The filters in force, each with the query string that drops it (and the page)."""
        active = []
        for name, field in self.form.fields.items():
            selected = self.selected_values(name)
            if not selected:
                continue
            # Labels read from content keep their language (ShownText), for the chips' marks.
            labels = {str(k): v if isinstance(v, str) else str(v) for k, v in getattr(field, "choices", ())}
            for value in selected:
                value = value.isoformat() if hasattr(value, "isoformat") else str(value)
                remaining = self.data.copy()
                remaining.setlist(name, [v for v in self.data.getlist(name) if v.strip().lower() != value.lower()])
                remaining.pop("page", None)
                active.append(ActiveFilter(str(field.label), labels.get(value, value), remaining.urlencode()))
        return active

    def summary(self):
        """The active filters in a few words, for page and feed titles: 'Tajikistan, Training'.
        Without control characters, which a reader can type into the words filter (%1B) and
        which XML 1.0 and iCalendar forbid: the feed's title would fail with a server error."""
        return ", ".join(item.value_label for item in self.active_filters()).translate(CONTROL_CHARACTERS)

    def error_messages(self):
        if not self.is_bound or self.is_valid():
            return []
        return [
            f"{self.form.fields[name].label}: {' '.join(errors)}" if name in self.form.fields else " ".join(errors)
            for name, errors in self.form.errors.items()
        ]


def counts_or_none(count, queryset):
    """A facet's counts, or none when the filters can match nothing at all (the search words
    were only punctuation, say): SQL cannot even be written for an empty queryset."""
    try:
        return count(queryset)
    except EmptyResultSet:
        return {}


@dataclass
class Tally:
    count: int
    columns: dict  # {name: {value: number of rows}}, values as the options give them (str)


def tally_of(queryset, columns):
    """The rows of `queryset` counted, and counted by each of `columns` ({name: lookup}), in one
    query grouped by all the columns at once: each group's number adds to its value in each
    column, and all of them to the count. Rows without a value (no year, no organisation) count
    only towards the others."""
    if not columns:
        return Tally(queryset.count(), {})
    names = list(columns)
    counts = {name: {} for name in names}
    total = 0
    for *values, n in queryset.order_by().values_list(*columns.values()).annotate(n=Count("pk")):
        total += n
        for name, value in zip(names, values, strict=True):
            if value is not None:
                key = str(value)
                counts[name][key] = counts[name].get(key, 0) + n
    return Tally(total, counts)


def count_by(queryset, field):
    """{value: number of rows} grouped by one column, in one query."""
    return {str(value): n for value, n in queryset.order_by().values_list(field).annotate(n=Count("pk"))}


def reading_cursor(model):
    """A cursor for a facet's raw SQL over `model`'s table, on the database the ORM reads it
    from: the read replica in a request that may read it (unodc_portal/replica.py)."""
    return connections[router.db_for_read(model)].cursor()


def subquery_sql(queryset):
    """SQL and parameters selecting the ids of a queryset, to embed in a larger query."""
    return queryset.order_by().values("pk").query.sql_with_params()


def read_per_content_version(choices=None, *, topics=None):
    """Options read from the database once per content version, like the counts, instead of on
    every request (any change to content reads them afresh; with `topics`, a change to those).
    They come as ReadChoices, which Django takes as they are. Used bare, or with the topics:
    `@read_per_content_version(topics=("reference",))`."""
    if choices is None:
        return functools.partial(read_per_content_version, topics=topics)

    @functools.wraps(choices)
    def read():
        # Their labels are in the reader's language.
        parts = ("choices", choices.__module__, choices.__qualname__, translation.get_language())
        return ReadChoices(remembered(parts, choices, topics=topics))

    return read
