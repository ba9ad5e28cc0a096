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
class Label:
    """A text centred on `x`, kept inside the chart."""

    text: str
    x: float


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    # None where the label would run into another: the table under the chart has every one.
    value: Label | None
    date: Label | None


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


class HistoryChart:
    """A figure over time: a line through its reports, their values written above them, on an
    axis from 0 (a figure's rise is never exaggerated by a cut axis), with the target as a dashed
    line where there is one (named in the legend under the chart, where it meets no label).

    `reports` are (date, value, value_label, date_label) in date order; `format_number` writes
    an axis value as the page writes figures."""

    # Narrow enough that its 14-unit text stays about 13 pixels high when a phone shows it 340
    # pixels wide (the stylesheet keeps it at most 30rem wide on larger screens).
    width, height = 360, 200
    right, top, bottom = 24, 24, 32
    # Room per character of text 14 units high (the axis' numbers, the labels): Debian's Chromium
    # with its default sans-serif (DejaVu Sans) gives "December 2016" 8.7 per character and
    # digits 8.9.
    CHARACTER_WIDTH = 9
    # The least room between two labels.
    GAP = 8
    # The first and last reports stand this far inside the axis.
    INSET = 28

    def __init__(self, reports, *, target=None, format_number=str):
        reports = list(reports)
        values = [value for _, value, _, _ in reports]
        self.target = target
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
        values = self._labels(xs, [value_label for _, _, value_label, _ in reports], low=self.left)
        dates = self._labels(xs, [date_label for _, _, _, date_label in reports], low=0)
        return [
            ChartPoint(x, self.y_of(value), value_label, date_label)
            for x, (_, value, _, _), value_label, date_label in zip(xs, reports, values, dates, strict=True)
        ]

    def _labels(self, xs, texts, *, low):
        """Labels for these points, centred on them but kept between `low` and the chart's right
        edge, written from the newest back, each one that does not run into the one after it."""
        labels = [None] * len(xs)
        next_start = float("inf")
        for index in range(len(xs) - 1, -1, -1):
            half = self.CHARACTER_WIDTH * len(texts[index]) / 2
            x = min(max(xs[index], low + half + 2), self.width - half - 2)
            if x + half + self.GAP <= next_start:
                labels[index] = Label(texts[index], x)
                next_start = x - half
        return labels


@dataclass(frozen=True)
class BarSegment:
    x: float
    width: float
    kind: str


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    label_y: float
    bar_y: float
    segments: tuple


@dataclass(frozen=True)
class XTick:
    x: float
    label: str
    anchor: str  # the first label starts at its tick and the last ends at it, to stay inside


class BarChart:
    """Figures side by side as horizontal bars, on an axis from 0: each bar's name written above
    it on the left and its value on the right, so that long names (programmes, donors) fit a
    phone's width, and every bar is read by its words as well as by its length. A bar may be
    made of parts of different kinds (money as reported, money converted by us), drawn one after
    the other and told apart by their pattern, not by colour alone.

    `bars` are (label, [(value, kind), ...], value_label); `format_number` writes an axis value
    as the page writes figures."""

    # HistoryChart's width and text (14 units, DejaVu Sans' width per character): both kinds of
    # chart read alike, and stay readable on a phone.
    width = HistoryChart.width
    left, right, top, bottom = 8, 8, 8, 30
    CHARACTER_WIDTH = HistoryChart.CHARACTER_WIDTH
    # A row: the name and value on a line 14 units high, the bar under it, a gap.
    LABEL_HEIGHT, BAR_HEIGHT, GAP = 19, 14, 12
    ROW = LABEL_HEIGHT + BAR_HEIGHT + GAP

    def __init__(self, bars, *, format_number=str):
        bars = list(bars)
        largest = max([sum(value for value, _ in parts) for _, parts, _ in bars] or [0])
        # As many ticks as have room for their numbers side by side (four at most). The end ones
        # are written inside the axis, beside their tick rather than centred on it: the next one
        # in must stand a number and a half away.
        for most_ticks in range(4, 0, -1):
            self.axis_top, ticks = nice_scale(largest, most_ticks=most_ticks)
            labels = [format_number(tick) for tick in ticks]
            room = (self.plot_right - self.left) / (len(ticks) - 1)
            if room >= 1.5 * self.CHARACTER_WIDTH * max(len(label) for label in labels) + 8:
                break
        self.height = self.top + self.ROW * len(bars) + self.bottom
        last = len(ticks) - 1
        self.ticks = [
            XTick(self.x_of(tick), label, "start" if index == 0 else "end" if index == last else "middle")
            for index, (tick, label) in enumerate(zip(ticks, labels, strict=True))
        ]
        self.bars = [self._bar(index, *bar) for index, bar in enumerate(bars)]

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def plot_bottom(self):
        return self.height - self.bottom

    def x_of(self, value):
        return self.left + float(Decimal(value) / self.axis_top) * (self.plot_right - self.left)

    def _bar(self, index, label, parts, value_label):
        label_y = self.top + self.ROW * index + 14
        segments, start = [], Decimal(0)
        for value, kind in parts:
            if value:
                segments.append(BarSegment(self.x_of(start), self.x_of(start + value) - self.x_of(start), kind))
            start += value
        return Bar(self._fitted(label, value_label), value_label, label_y, label_y + 5, tuple(segments))

    def _fitted(self, label, value_label):
        """The name, shortened with an ellipsis where it would run into the value (the table
        under the chart has it in full)."""
        room = int((self.plot_right - self.left) / self.CHARACTER_WIDTH) - len(value_label) - 2
        return label if len(label) <= room else label[: max(room - 1, 1)].rstrip() + "…"
