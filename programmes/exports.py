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
    header = (
        "id",
        "slug",
        "name",
        "kind",
        "kind_name",
        "status",
        "status_name",
        "country",
        "border_country",
        "place",
        "place_kind",
        "latitude",
        "longitude",
        "coordinates_precision",
        "opened",
        "opened_precision",
        "opened_as_shown",
        "programme",
        "url",
    )

    def row(self, facility):
        return [
            facility.pk,
            facility.slug,
            facility.name,
            facility.kind,
            facility.get_kind_display(),
            facility.status,
            facility.get_status_display(),
            facility.country.iso2,
            facility.border_country.iso2 if facility.border_country_id else "",
            facility.place,
            facility.place_kind,
            facility.latitude,
            facility.longitude,
            facility.coordinates_precision if facility.latitude is not None else "",
            *partial_date_cells(facility.opened),
            facility.programme.slug if facility.programme_id else "",
            self.absolute(facility.get_absolute_url()),
        ]


class ProgrammeCsvView(CsvExportMixin, ProgrammeListView):
    """Every programme, each top-level one (in the page's order) followed by everything below
    it, depth first, children in the order the page lists them; `parent` says where each sits.
    The page shows two levels; the file has them all. Programmes are hundreds of rows, read in
    five queries whatever their number, so the tree is walked in memory."""

    export_name = "programmes"
    header = (
        "id",
        "slug",
        "title",
        "short_title",
        "acronym",
        "kind",
        "code",
        "parent",
        "start_year",
        "end_year",
        "countries",
        "themes",
        "url",
        "contribution_id",
        "donor",
        *MONEY_COLUMNS,
    )

    def row(self, pair):
        programme, contribution = pair
        return [
            programme.pk,
            programme.slug,
            programme.title,
            programme.short_title,
            programme.acronym,
            programme.kind,
            programme.code,
            self.slugs[programme.parent_id] if programme.parent_id else "",
            programme.start_year,
            programme.end_year,
            codes(programme.countries.all(), "iso2"),
            codes(programme.themes.all()),
            self.absolute(programme.get_absolute_url()),
            contribution.pk if contribution else "",
            contribution.donor.slug if contribution else "",
            *money_cells(contribution),
        ]

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
    header = (
        "id",
        "slug",
        "name",
        "acronym",
        "kind",
        "country",
        "contribution_count",
        "component_count",
        "url",
        "contribution_id",
        "programme",
        *MONEY_COLUMNS,
    )

    def row(self, pair):
        donor, contribution = pair
        return [
            donor.pk,
            donor.slug,
            donor.name,
            donor.acronym,
            donor.kind,
            donor.country.iso2 if donor.country_id else "",
            donor.contribution_count,
            donor.component_count,
            self.absolute(donor.get_absolute_url()),
            contribution.pk if contribution else "",
            contribution.programme.slug if contribution else "",
            *money_cells(contribution),
        ]

    def export_items(self, queryset):
        contributions = Contribution.objects.select_related("programme").order_by("-date", "pk")
        donors = queryset.prefetch_related(Prefetch("contributions", queryset=contributions))
        return with_each_contribution(donors.iterator(chunk_size=self.chunk_size))
