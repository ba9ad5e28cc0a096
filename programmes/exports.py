"""The facilities, programmes and donors lists as CSV files (/facilities/csv/, /programmes/csv/,
/donors/csv/): the lists' own views with a CSV answer (unodc_portal/exports.py).

Programmes and donors carry money, which a source reports per contribution, each in its own
currency, with the USD equivalent and words such as "approximately" as the source gives them.
Adding them up would invent a figure no source gave (2,500,000 USD "approximately" plus 1,000,000
"more than" is no number at all), so these files have one row per contribution, the item's own
columns repeated on each, and one row with empty money columns for an item without any. The
items come in the order of their page; a program reads an item's rows as the rows that share its
`id`.
"""

from collections import defaultdict

from django.db.models import Prefetch

from unodc_portal.exports import CsvExportMixin, codes, partial_date_cells

from .models import Contribution, Programme
from .views import DonorListView, FacilityListView, ProgrammeListView

MONEY_COLUMNS = (
    "contribution_date",
    "contribution_date_precision",
    "currency",
    "amount",
    "amount_qualifier",
    "amount_usd",
    "amount_usd_qualifier",
)


def money_cells(contribution):
    """A contribution as reported: its date, the amount in its currency and the USD equivalent,
    each with the source's qualifier; empty cells for no contribution, and for an amount or USD
    equivalent the source does not give."""
    if contribution is None:
        return [""] * len(MONEY_COLUMNS)
    date, precision, _shown = partial_date_cells(contribution.when)
    amount = contribution.amount
    usd = contribution.amount_usd
    return [
        date,
        precision,
        contribution.currency,
        amount,
        contribution.amount_qualifier if amount is not None else "",
        usd,
        contribution.amount_usd_qualifier if usd is not None else "",
    ]


def with_each_contribution(items):
    """(item, contribution) for each contribution of each item; (item, None) for one without."""
    for item in items:
        contributions = item.contributions.all()
        if not contributions:
            yield item, None
        for contribution in contributions:
            yield item, contribution


class FacilityCsvView(CsvExportMixin, FacilityListView):
    export_name = "facilities"

    @property
    def columns(self):
        dates = ("opened", "opened_precision", "opened_as_shown")
        return [
            ("id", lambda facility: facility.pk),
            ("slug", lambda facility: facility.slug),
            ("name", lambda facility: facility.name),
            ("kind", lambda facility: facility.kind),
            ("kind_name", lambda facility: facility.get_kind_display()),
            ("status", lambda facility: facility.status),
            ("status_name", lambda facility: facility.get_status_display()),
            ("country", lambda facility: facility.country.iso2),
            ("border_country", lambda facility: facility.border_country.iso2 if facility.border_country_id else ""),
            ("place", lambda facility: facility.place),
            ("place_kind", lambda facility: facility.place_kind),
            ("latitude", lambda facility: facility.latitude),
            ("longitude", lambda facility: facility.longitude),
            *(
                (name, lambda facility, index=index: partial_date_cells(facility.opened)[index])
                for index, name in enumerate(dates)
            ),
            ("programme", lambda facility: facility.programme.slug if facility.programme_id else ""),
            ("url", lambda facility: self.absolute(facility.get_absolute_url())),
        ]


class ProgrammeCsvView(CsvExportMixin, ProgrammeListView):
    """Every programme, each top-level one (in the page's order) followed by everything below
    it, depth first, children in the order the page lists them; `parent` says where each sits.
    The page shows two levels; the file has them all. Programmes are hundreds of rows, read in
    three queries whatever their number, so the tree is walked in memory."""

    export_name = "programmes"

    @property
    def columns(self):
        item = [
            ("id", lambda pair: pair[0].pk),
            ("slug", lambda pair: pair[0].slug),
            ("title", lambda pair: pair[0].title),
            ("short_title", lambda pair: pair[0].short_title),
            ("acronym", lambda pair: pair[0].acronym),
            ("kind", lambda pair: pair[0].kind),
            ("code", lambda pair: pair[0].code),
            ("parent", lambda pair: self.slugs[pair[0].parent_id] if pair[0].parent_id else ""),
            ("start_year", lambda pair: pair[0].start_year),
            ("end_year", lambda pair: pair[0].end_year),
            ("countries", lambda pair: codes(pair[0].countries.all(), "iso2")),
            ("themes", lambda pair: codes(pair[0].themes.all())),
            ("url", lambda pair: self.absolute(pair[0].get_absolute_url())),
            ("contribution_id", lambda pair: pair[1].pk if pair[1] else ""),
            ("donor", lambda pair: pair[1].donor.slug if pair[1] else ""),
        ]
        money = [
            (name, lambda pair, index=index: money_cells(pair[1])[index]) for index, name in enumerate(MONEY_COLUMNS)
        ]
        return item + money

    def export_items(self, queryset):
        roots = queryset.prefetch_related(None).values_list("pk", flat=True)
        everything = Programme.objects.prefetch_related(
            "countries",
            "themes",
            Prefetch("contributions", queryset=Contribution.objects.select_related("donor").order_by("-date", "pk")),
        )
        by_id, children = {}, defaultdict(list)
        for programme in everything:  # by title, as the page lists a programme's children
            by_id[programme.pk] = programme
            children[programme.parent_id].append(programme)
        self.slugs = {pk: programme.slug for pk, programme in by_id.items()}

        def below(programme):
            yield programme
            for child in children[programme.pk]:
                yield from below(child)

        return with_each_contribution(programme for pk in roots for programme in below(by_id[pk]))


class DonorCsvView(CsvExportMixin, DonorListView):
    """The donors of the page in its order, one row per contribution (newest first, as on a
    donor's page); `component_count` counts the programme components it is named as funding."""

    export_name = "donors"

    @property
    def columns(self):
        item = [
            ("id", lambda pair: pair[0].pk),
            ("slug", lambda pair: pair[0].slug),
            ("name", lambda pair: pair[0].name),
            ("acronym", lambda pair: pair[0].acronym),
            ("kind", lambda pair: pair[0].kind),
            ("country", lambda pair: pair[0].country.iso2 if pair[0].country_id else ""),
            ("contribution_count", lambda pair: pair[0].contribution_count),
            ("component_count", lambda pair: pair[0].component_count),
            ("url", lambda pair: self.absolute(pair[0].get_absolute_url())),
            ("contribution_id", lambda pair: pair[1].pk if pair[1] else ""),
            ("programme", lambda pair: pair[1].programme.slug if pair[1] else ""),
        ]
        money = [
            (name, lambda pair, index=index: money_cells(pair[1])[index]) for index, name in enumerate(MONEY_COLUMNS)
        ]
        return item + money

    def export_items(self, queryset):
        contributions = Contribution.objects.select_related("programme").order_by("-date", "pk")
        donors = queryset.prefetch_related(Prefetch("contributions", queryset=contributions))
        return with_each_contribution(donors.iterator(chunk_size=self.chunk_size))
