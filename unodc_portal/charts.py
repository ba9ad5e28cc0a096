"""Charts drawn on the server as SVG (issue 20, item 4): no chart library, no script. The
classes here work out the geometry (scales, ticks, positions) in the chart's own units; the
templates in templates/includes/ draw it, with a title, labelled values and a table of the same
numbers, so that a chart is never the only way to read its figures.

Coordinates are in a fixed viewBox; the SVG scales to its container's width."""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

# Multiples of a power of ten that axis steps are made of: 1, 2, 2.5 and 5 read at a glance.
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def nice_scale(maximum, *, most_ticks=5):
    """The top of an axis from 0 that holds `maximum`, and its ticks: at most `most_ticks`
    intervals, each a round step (1, 2, 2.5 or 5 times a power of ten)."""
    maximum = Decimal(maximum)
    if maximum <= 0:
        return Decimal(1), [Decimal(0), Decimal(1)]
    rough = maximum / most_ticks
    power = Decimal(10) ** (rough.adjusted())
    step = next(power * multiple for multiple in NICE_STEPS if power * multiple >= rough)
    intervals = int((maximum / step).to_integral_value(rounding=ROUND_CEILING))
    ticks = [step * index for index in range(intervals + 1)]
    return ticks[-1], ticks


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value_label: str
    date_label: str
    show_date: bool


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


class HistoryChart:
    """A figure over time: a line through its reports, each with its value written above it,
    on an axis from 0 (a figure's rise is never exaggerated by a cut axis), with the target as a
    dashed line where there is one.

    `reports` are (date, value, value_label, date_label) in date order; `format_number` writes
    an axis value as the page writes figures."""

    # Narrow enough that its 13-unit text stays readable when a phone shows it 340 pixels wide.
    width, height = 400, 200
    right, top, bottom = 24, 24, 32
    # Room per character of text 13 units high (the axis' numbers, the dates under it).
    CHARACTER_WIDTH = 7.5
    # The first and last reports stand this far inside the axis, so their dates fit under it.
    INSET = 28

    def __init__(self, reports, *, target=None, target_label="", format_number=str):
        reports = list(reports)
        values = [value for _, value, _, _ in reports]
        self.target = target
        self.target_label = target_label
        self.axis_top, ticks = nice_scale(max([*values, target or 0]))
        labels = [format_number(tick) for tick in ticks]
        self.left = 12 + self.CHARACTER_WIDTH * max(len(label) for label in labels)
        self.ticks = [Tick(self.y_of(tick), label) for tick, label in zip(ticks, labels, strict=True)]
        self.points = self._points(reports)
        self.target_y = None if target is None else self.y_of(target)

    @property
    def tick_label_x(self):
        return self.left - 6

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def plot_bottom(self):
        return self.height - self.bottom

    @property
    def line(self):
        """The polyline's points attribute."""
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    def y_of(self, value):
        span = self.plot_bottom - self.top
        return self.plot_bottom - float(Decimal(value) / self.axis_top) * span

    def _points(self, reports):
        if not reports:
            return []
        days = [date.toordinal() for date, _, _, _ in reports]
        first, last = min(days), max(days)
        start, span = self.left + self.INSET, self.plot_right - self.left - 2 * self.INSET
        xs = [
            # Reports of one date (or one report): spread evenly, in their order.
            start + span * (index + 1) / (len(reports) + 1)
            if last == first
            else start + span * (day - first) / (last - first)
            for index, day in enumerate(days)
        ]
        dates = self._written(xs, [date_label for _, _, _, date_label in reports])
        values = self._written(xs, [value_label for _, _, value_label, _ in reports])
        return [
            ChartPoint(x, self.y_of(value), value_label if show_value else "", date_label, show_date)
            for x, (_, value, value_label, date_label), show_date, show_value in zip(
                xs, reports, dates, values, strict=True
            )
        ]

    def _written(self, xs, labels):
        """Which of these labels, centred on their points, are written: each that does not run
        into the last one written, and always the newest (in place of the one before it, if they
        would meet). Every value and date is in the table under the chart."""
        written = [False] * len(xs)
        last = None
        for index, (x, label) in enumerate(zip(xs, labels, strict=True)):
            if last is None or not self._meet(xs[last], labels[last], x, label):
                written[index], last = True, index
        newest = len(xs) - 1
        if not written[newest]:
            written[last] = False
            written[newest] = True
        return written

    def _meet(self, x1, label1, x2, label2):
        return x2 - x1 < self.CHARACTER_WIDTH * (len(label1) + len(label2)) / 2 + 8
