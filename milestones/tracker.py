"""The milestone tracker (issue 20, item 2): each figure the office reports, with its target as a
progress bar and, for an indicator reported more than once, its history as a chart and a table.
Shown on /results/ and on each programme's and country's page."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch

from programmes.models import Country, Programme, written_number
from unodc_portal.charts import HistoryChart
from unodc_portal.fragments import kept_section

from .models import Indicator, Result, Story

# A programme's or country's page shows this many figures, the newest first, and links to the
# tracker for the rest.
FIGURES_ON_A_PAGE = 8
# A history this long shows its table only when asked; a shorter one shows it open.
HISTORY_SHOWN_OPEN = 6


def reports_for_tracker(reports):
    """What a tracker row shows of each report: its programme, story and indicator."""
    stories = Story.objects.only("slug", *Story.translations_of("title"), *Story.state_columns())
    return reports.select_related("programme", "indicator").prefetch_related(Prefetch("story", queryset=stories))


@dataclass
class TrackedFigure:
    """One row of the tracker: the newest report of a figure among those the page asks for, and
    the figure's whole public history, oldest first (only itself for a figure reported once)."""

    latest: Result
    history: list

    @property
    def indicator(self):
        return self.latest.indicator

    @property
    def has_history(self):
        return len(self.history) > 1

    @property
    def history_shown_open(self):
        return len(self.history) <= HISTORY_SHOWN_OPEN

    @cached_property
    def chart(self):
        """The history as a chart, when it has reports of two dates or more: reports of one date
        are no change over time, and undated ones have no place on it (the table has them all)."""
        dated = [report for report in self.history if report.as_of]
        if len({report.as_of for report in dated}) < 2:
            return None
        money = self.latest.is_money
        # Under the axis, a year is enough where each report has a year of its own ("2014",
        # not "December 2014", which leaves room for fewer); the table gives every date in full.
        by_year = len({report.as_of.year for report in dated}) == len(dated)
        return HistoryChart(
            [(report.as_of, report.value, report.value_signed, self._date_label(report, by_year)) for report in dated],
            target=self.latest.target,
            format_number=lambda number: written_number(number, grouped=money),
        )

    @staticmethod
    def _date_label(report, by_year):
        return str(report.as_of.year) if by_year and not report.period_end else str(report.when)


def tracked_figures(heads):
    """The rows for `heads` (the newest report of each figure, as latest_of_each_figure() gives
    them, read with reports_for_tracker(), in the order shown), each with its indicator's whole
    public history: one query for the histories of all the rows. The filters of a page choose
    its figures, not what a figure's history holds."""
    heads = list(heads)
    indicator_ids = {head.indicator_id for head in heads if head.indicator_id}
    histories = defaultdict(list)
    if indicator_ids:
        reports = reports_for_tracker(Result.objects.public().filter(indicator__in=indicator_ids)).oldest_first()
        for report in reports:
            histories[report.indicator_id].append(report)
    return [TrackedFigure(head, histories[head.indicator_id] if head.indicator_id else [head]) for head in heads]


@dataclass
class FiguresSection:
    """The key figures of a programme's or country's page: the newest few, whether the tracker
    has more, and the tracker's address for the same figures."""

    figures: list
    more: bool
    tracker_url: str


def figures_section(reports, tracker_url):
    """The section for these reports (read with reports_for_tracker())."""
    heads = reports.newest_figures(FIGURES_ON_A_PAGE + 1)
    return FiguresSection(tracked_figures(heads[:FIGURES_ON_A_PAGE]), len(heads) > FIGURES_ON_A_PAGE, tracker_url)


def kept_figures_section(reports, tracker_url, *, about):
    """A programme's or country's key figures (includes/_key_figures.html) from these reports,
    kept as a section of the page about `about` (fragments.kept_section): a saved event leaves
    it."""
    return kept_section(
        "includes/_key_figures.html",
        lambda: {"section": figures_section(reports_for_tracker(reports), tracker_url)},
        models=[Result, Result.countries.through, Indicator, Programme, Country, Story],
        about=about,
    )
