"""The milestone tracker (issue 20, item 2): each figure the office reports, with its target as a
progress bar and, for an indicator reported more than once, its history as a chart. Shown on
/results/ and on each programme's and country's page."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from programmes.models import written_number
from unodc_portal.charts import HistoryChart

from .models import Result, Story

# A programme's or country's page shows this many figures, the newest first, and links to the
# tracker for the rest.
FIGURES_ON_A_PAGE = 8


def reports_for_tracker(reports):
    """What a tracker row shows of each report: its programme, story and indicator, one query each."""
    stories = Story.objects.only("slug", *Story.translations_of("title"), *Story.state_columns())
    return reports.select_related("programme", "indicator").prefetch_related(Prefetch("story", queryset=stories))


@dataclass
class TrackedFigure:
    """One row of the tracker: the newest report of a figure, and all its reports oldest first
    (only the newest for a figure reported once)."""

    latest: Result
    history: list = field(default_factory=list)

    @property
    def indicator(self):
        return self.latest.indicator

    @cached_property
    def chart(self):
        """The history as a chart, when there is a history: two reports or more."""
        if len(self.history) < 2:
            return None
        money = self.latest.is_money
        dated = [report for report in self.history if report.as_of]
        reports = [(report.as_of, report.value, report.value_shown, str(report.when)) for report in dated]
        if len(reports) < 2:
            return None
        target = self.latest.target
        return HistoryChart(
            reports,
            target=target,
            target_label=_("Target: %(target)s") % {"target": self.latest.target_shown} if target is not None else "",
            format_number=lambda number: written_number(number, grouped=money),
        )


def tracked_figures(reports, *, heads=None):
    """The rows for `heads` (the newest report of each figure, as latest_of_each_figure() gives
    them, in the order shown; by default all of them), each with its history among `reports`
    (read with reports_for_tracker()): one query for the histories of all the rows."""
    heads = list(reports.latest_of_each_figure().newest_first() if heads is None else heads)
    indicator_ids = {head.indicator_id for head in heads if head.indicator_id}
    histories = defaultdict(list)
    if indicator_ids:
        earlier = reports.filter(indicator__in=indicator_ids).order_by(F("as_of").asc(nulls_first=True), "pk")
        for report in earlier:
            histories[report.indicator_id].append(report)
    return [TrackedFigure(head, histories[head.indicator_id] if head.indicator_id else [head]) for head in heads]


@dataclass
class FiguresSection:
    """The key figures of a programme's or country's page: the newest few, and whether the
    tracker has more."""

    figures: list
    more: bool


def figures_section(reports):
    """The section for these reports (read with reports_for_tracker())."""
    heads = list(reports.latest_of_each_figure().newest_first()[: FIGURES_ON_A_PAGE + 1])
    return FiguresSection(tracked_figures(reports, heads=heads[:FIGURES_ON_A_PAGE]), len(heads) > FIGURES_ON_A_PAGE)
