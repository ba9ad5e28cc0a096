"""The funding ledger (issue 20, item 3): contributions in the currency of the agreement and in
US dollars, and totals that never add amounts of different currencies without saying so.

The rules, one place for every page (donor pages, programme pages, /donors/, the donor report):

- A contribution's US dollars are, in this order of preference: the USD equivalent the source
  reports; the amount itself when it is in USD; or the amount converted by us at the latest
  exchange rate recorded for its currency on or before its date, always shown as ours, with the
  rate, its date and its source. Sources' figures and ours are totalled apart as well as together.
- Without a rate (or without a date to pick one by) an amount stays in its own currency: totals
  leave it out and say so ("plus 263,000,000 JPY not converted: no rate recorded").
- A contribution with no amount is "amount not stated", never 0, and is counted apart.
- The words of the sources carry into the totals: a total of amounts one of which is "more than"
  is "more than"; "approximately", "up to" likewise; a total of amounts that point different ways
  (one "more than", another "up to") can only be approximate, and says why.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unodc_portal.charts import BarChart
from unodc_portal.remembered import remembered
from unodc_portal.translations import ShownText

from .models import AmountQualifier, Contribution, ExchangeRate, reported_figure, written_number

USD = "USD"


class Basis:
    """Where a contribution's US dollars come from."""

    REPORTED = "reported"  # the source gives them
    CONVERTED = "converted"  # we converted the amount at a recorded rate
    NO_RATE = "no-rate"  # an amount we could not convert
    NOT_STATED = "not-stated"  # no amount at all


def qualifier_of_sum(qualifiers):
    """(qualifier, mixed) of a sum of amounts with these qualifiers: exact only when all are;
    "approximately", "more than" or "up to" when the inexact ones all say that ("less than" only
    when all say it, which is also "up to"); otherwise "approximately", and mixed=True when a
    lower bound is among them, since the sum is then neither a floor nor a ceiling."""
    words = set(qualifiers) - {AmountQualifier.EXACT}
    if not words:
        return AmountQualifier.EXACT, False
    if len(words) == 1:
        return words.pop(), False
    if words == {AmountQualifier.UP_TO, AmountQualifier.LESS_THAN}:
        return AmountQualifier.UP_TO, False
    # Only a floor ("more than") beside a ceiling or an estimate needs the page's note, which
    # names the lower bounds; estimates beside ceilings are simply approximate.
    return AmountQualifier.APPROXIMATELY, AmountQualifier.MORE_THAN in words


@dataclass(frozen=True)
class Total:
    """A sum of amounts in one currency, with the words its parts carry."""

    amount: Decimal
    qualifier: str
    currency: str
    mixed: bool = False

    @classmethod
    def of(cls, figures, currency):
        """The total of (amount, qualifier) pairs in `currency`; None when there are none."""
        figures = list(figures)
        if not figures:
            return None
        qualifier, mixed = qualifier_of_sum(qualifier for _, qualifier in figures)
        return cls(sum((amount for amount, _ in figures), Decimal(0)), qualifier, currency, mixed)

    @property
    def figure(self):
        """ "more than 2,500,000": the number with its words, without the currency."""
        return reported_figure(self.amount, self.qualifier, AmountQualifier(self.qualifier).label.__str__)

    def __str__(self):
        return f"{self.figure} {self.currency}"


class RateBook:
    """The recorded exchange rates of each currency, oldest first, to look up by date."""

    def __init__(self, rates):
        self.rates = defaultdict(list)
        for rate in sorted(rates, key=lambda rate: (rate.currency, rate.date)):
            self.rates[rate.currency].append(rate)
        self.dates = {currency: [rate.date for rate in rates] for currency, rates in self.rates.items()}

    def rate_for(self, currency, date):
        """The latest rate of the currency on or before the date; None without one (or without a
        date): a later rate is never used for an earlier payment."""
        if date is None or currency not in self.dates:
            return None
        index = bisect_right(self.dates[currency], date)
        return self.rates[currency][index - 1] if index else None


def rate_book():
    """All recorded rates, read once per content version (a few hundred rows at most)."""
    return remembered(("exchange rates",), lambda: RateBook(ExchangeRate.objects.all()), topics=("reference",))


@dataclass(frozen=True)
class LedgerLine:
    """One contribution as the ledger reads it: its US dollars, and where they come from."""

    contribution: object
    basis: str
    usd: Decimal | None = None
    usd_qualifier: str = AmountQualifier.EXACT
    rate: ExchangeRate | None = None

    @classmethod
    def of(cls, contribution, rates):
        if contribution.amount_usd is not None:
            return cls(contribution, Basis.REPORTED, contribution.amount_usd, contribution.amount_usd_qualifier)
        if contribution.amount is None:
            return cls(contribution, Basis.NOT_STATED)
        if contribution.currency == USD:
            return cls(contribution, Basis.REPORTED, contribution.amount, contribution.amount_qualifier)
        rate = rates.rate_for(contribution.currency, contribution.date)
        if rate is None:
            return cls(contribution, Basis.NO_RATE)
        return cls(contribution, Basis.CONVERTED, rate.in_usd(contribution.amount), contribution.amount_qualifier, rate)

    @property
    def is_converted(self):
        return self.basis == Basis.CONVERTED

    @property
    def usd_figure(self):
        """The US dollars as the ledger column shows them: "approximately 2,500,000"; "" without."""
        if self.usd is None:
            return ""
        return reported_figure(self.usd, self.usd_qualifier, AmountQualifier(self.usd_qualifier).label.__str__)

    @property
    def conversion_note(self):
        """ "converted by us at 0.0083 USD per JPY (UN operational rate, March 2015)"."""
        if not self.is_converted:
            return ""
        return _("converted by us at %(rate)s USD per %(currency)s (%(source)s, %(date)s)") % {
            # All the decimals the source gives, with the reader's decimal mark.
            "rate": number_format(self.rate.usd_per_unit.normalize()),
            "currency": self.rate.currency,
            "source": self.rate.source,
            "date": self.rate.when.display,
        }

    @property
    def why_not_converted(self):
        if self.basis != Basis.NO_RATE:
            return ""
        if self.contribution.date is None:
            return _("not converted: no date to pick a rate by")
        return _("not converted: no rate recorded")


class Ledger:
    """Contributions with their US dollars and the totals the rules allow (see the module)."""

    def __init__(self, contributions=(), rates=None, *, lines=None):
        """The ledger of these contributions, converted with `rates` (a RateBook; the recorded
        ones by default), or of `lines` already read (a part of another ledger)."""
        if lines is None:
            rates = rate_book() if rates is None else rates
            lines = [LedgerLine.of(contribution, rates) for contribution in contributions]
        self.lines = lines

    def __bool__(self):
        return bool(self.lines)

    def __len__(self):
        return len(self.lines)

    def _usd_total(self, bases):
        return Total.of(((line.usd, line.usd_qualifier) for line in self.lines if line.basis in bases), USD)

    @cached_property
    def usd_total(self):
        """Every US dollar figure, reported and converted: None when there is none."""
        return self._usd_total({Basis.REPORTED, Basis.CONVERTED})

    @cached_property
    def reported_usd(self):
        return self._usd_total({Basis.REPORTED})

    @cached_property
    def converted_usd(self):
        return self._usd_total({Basis.CONVERTED})

    @cached_property
    def not_converted(self):
        """[(Total, why)] of the amounts without US dollars, per currency and reason, by code."""
        amounts = defaultdict(list)
        for line in self.lines:
            if line.basis == Basis.NO_RATE:
                amounts[line.contribution.currency, line.why_not_converted].append(
                    (line.contribution.amount, line.contribution.amount_qualifier)
                )
        return [(Total.of(figures, currency), why) for (currency, why), figures in sorted(amounts.items())]

    @cached_property
    def not_stated_count(self):
        return sum(line.basis == Basis.NOT_STATED for line in self.lines)

    @property
    def has_conversions(self):
        return self.converted_usd is not None

    @cached_property
    def years(self):
        """(first, last) year of the dated contributions; None when none is dated."""
        years = [line.contribution.date.year for line in self.lines if line.contribution.date]
        return (min(years), max(years)) if years else None

    def grouped(self, key):
        """[(key, Ledger)] of the lines by key(contribution), in the order first met."""
        groups = {}
        for line in self.lines:
            groups.setdefault(key(line.contribution), []).append(line)
        return [(group_key, Ledger(lines=lines)) for group_key, lines in groups.items()]

    def by_donor(self):
        return self.grouped(lambda contribution: contribution.donor)

    def by_programme(self):
        return self.grouped(lambda contribution: contribution.programme)

    def by_year(self):
        """[(year, Ledger)] oldest first; contributions without a date last, under None."""
        groups = self.grouped(lambda contribution: contribution.date.year if contribution.date else None)
        return sorted(groups, key=lambda group: (group[0] is None, group[0] or 0))


@dataclass(frozen=True)
class LedgerRow:
    """One bar of a ledger chart and the row of its table: a year, a programme or a donor."""

    label: str  # a ShownText for a programme's or a donor's name
    ledger: Ledger
    url: str = ""


class LedgerChart:
    """US dollars per year, programme or donor as a bar chart, with the table of the same
    figures. A bar is the US dollars the sources report, then those we converted (hatched);
    what has no US dollars is in the table only, with the reason."""

    NOT_DATED = gettext_lazy("Date not stated")

    def __init__(self, chart_id, title, label_heading, rows):
        self.id = chart_id
        self.title = title
        self.label_heading = label_heading
        self.rows = list(rows)

    @classmethod
    def by_year(cls, chart_id, title, ledger):
        rows = [LedgerRow(str(year) if year else str(cls.NOT_DATED), group) for year, group in ledger.by_year()]
        return cls(chart_id, title, _("Year"), rows)

    @classmethod
    def by_programme(cls, chart_id, title, ledger):
        rows = [
            LedgerRow(ShownText.of(programme, "display_name"), group, programme.get_absolute_url())
            for programme, group in ledger.by_programme()
        ]
        return cls(chart_id, title, _("Programme"), cls.largest_first(rows))

    @classmethod
    def by_donor(cls, chart_id, title, ledger):
        rows = [
            LedgerRow(ShownText.of(donor, "short_name"), group, donor.get_donor_url())
            for donor, group in ledger.by_donor()
        ]
        return cls(chart_id, title, _("Donor"), cls.largest_first(rows))

    @staticmethod
    def largest_first(rows):
        """The most US dollars first; rows without any last, in their order."""
        return sorted(rows, key=lambda row: -row.ledger.usd_total.amount if row.ledger.usd_total else 1)

    @property
    def worth_drawing(self):
        """A chart of one year or one programme says no more than the total above it."""
        return len(self.rows) > 1

    @cached_property
    def charted_rows(self):
        return [row for row in self.rows if row.ledger.usd_total]

    @cached_property
    def geometry(self):
        """None when no row has US dollars: the table says what there is."""
        if not self.charted_rows:
            return None
        bars = [
            (
                row.label,
                [
                    (row.ledger.reported_usd.amount if row.ledger.reported_usd else Decimal(0), Basis.REPORTED),
                    (row.ledger.converted_usd.amount if row.ledger.converted_usd else Decimal(0), Basis.CONVERTED),
                ],
                row.ledger.usd_total.figure,
            )
            for row in self.charted_rows
        ]
        return BarChart(bars, format_number=written_number)

    @property
    def drawn(self):
        """(bar, row) of each bar drawn: the row's label knows its language (lang="en" on a
        Russian page for a name not yet translated)."""
        return list(zip(self.geometry.bars, self.charted_rows, strict=True)) if self.geometry else []

    @cached_property
    def has_conversions(self):
        return any(row.ledger.has_conversions for row in self.rows)

    @property
    def table_open(self):
        """The table is open under a short chart, closed under a long one."""
        return len(self.rows) <= 6


def funding_overview():
    """Who funds what (/donors/): the ledger of every contribution, in one query, and its chart
    by donor."""
    ledger = Ledger(Contribution.objects.select_related("donor").order_by("pk"))
    return ledger, LedgerChart.by_donor("who-funds", _("US dollars by donor, all programmes"), ledger)
