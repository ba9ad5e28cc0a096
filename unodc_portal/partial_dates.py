"""Dates that are only known to the month or the year.

The bulletin often says only "in October" or "in December". We store such a date as the
first day of its month (or year) together with its precision, in two fields, so that lists
can still be sorted and filtered by date, and every page shows only as much as the source said.

A model reads such a pair as one value with `partial_date()`:

    issue_date = models.DateField(...)
    issue_date_precision = models.CharField(..., choices=DatePrecision.choices)
    when = partial_date("issue_date", "issue_date_precision")

`bulletin.when` is then a `PartialDate`: `str()` gives what pages show ("October 2016"),
`.iso` the value of <time datetime> ("2016-10"), and templates write both with
`{{ bulletin.when|time_element }}`. An event's first and last days share one precision and
read as a `PartialDateRange` ("17–18 November 2016").
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Month names in the two forms dates need: Russian writes "октябрь 2016 г." but "17 ноября 2016 г."
# (English has one form). Our own, not Django's MONTHS: its Russian ones are capitalised. Each
# call written out, so that makemessages finds it.
MONTH_ALONE = dict(
    enumerate(
        [
            pgettext_lazy("month on its own, as in 'October 2016'", "January"),
            pgettext_lazy("month on its own, as in 'October 2016'", "February"),
            pgettext_lazy("month on its own, as in 'October 2016'", "March"),
            pgettext_lazy("month on its own, as in 'October 2016'", "April"),
            pgettext_lazy("month on its own, as in 'October 2016'", "May"),
            pgettext_lazy("month on its own, as in 'October 2016'", "June"),
            pgettext_lazy("month on its own, as in 'October 2016'", "July"),
            pgettext_lazy("month on its own, as in 'October 2016'", "August"),
            pgettext_lazy("month on its own, as in 'October 2016'", "September"),
            pgettext_lazy("month on its own, as in 'October 2016'", "October"),
            pgettext_lazy("month on its own, as in 'October 2016'", "November"),
            pgettext_lazy("month on its own, as in 'October 2016'", "December"),
        ],
        start=1,
    )
)

MONTH_AFTER_DAY = dict(
    enumerate(
        [
            pgettext_lazy("month after a day, as in '17 November 2016'", "January"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "February"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "March"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "April"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "May"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "June"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "July"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "August"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "September"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "October"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "November"),
            pgettext_lazy("month after a day, as in '17 November 2016'", "December"),
        ],
        start=1,
    )
)
DAY_PATTERN = pgettext_lazy("a date to the day, as in '17 November 2016'", "{day} {month} {year}")
MONTH_PATTERN = pgettext_lazy("a date to the month, as in 'October 2016'", "{month} {year}")
YEAR_PATTERN = pgettext_lazy("a date to the year, as in '2016'", "{year}")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")
    # The source gives no date. The date field is then empty, or for a model that must be
    # listed somewhere (an event), the 1st of the month it is listed under: never shown as its date.
    NOT_STATED = "not-stated", _("Not stated")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or the year; false when there is no date.

    `date` is the first day of the period (what lists sort and filter by), `precision` says how
    much of it the source gave. Written out rather than with Django's date format ("j F Y" gives
    the same, translated month names included), which is much slower, and every card shows one
    (docs/performance.md).
    """

    date: datetime.date | None
    precision: str = DatePrecision.DAY

    def __bool__(self):
        return self.date is not None

    def __str__(self):
        return self.display

    @property
    def stated(self):
        return self.precision != DatePrecision.NOT_STATED

    @property
    def display(self):
        """'17 November 2016', 'November 2016' or '2016', as the precision allows; 'date not
        stated' when the source gives none; '' without a date."""
        if not self.stated:
            return str(_("date not stated"))
        value = self.date
        if value is None:
            return ""
        year = f"{value.year:04d}"
        if self.precision == DatePrecision.YEAR:
            return str(YEAR_PATTERN).format(year=year)
        if self.precision == DatePrecision.MONTH:
            return str(MONTH_PATTERN).format(month=MONTH_ALONE[value.month], year=year)
        return str(DAY_PATTERN).format(day=value.day, month=MONTH_AFTER_DAY[value.month], year=year)

    @property
    def iso(self):
        """The value for <time datetime>: '2016-11-17', '2016-10' or '2016' (all valid HTML dates);
        '' when there is no date or the source states none."""
        value = self.date
        if value is None or not self.stated:
            return ""
        if self.precision == DatePrecision.YEAR:
            return f"{value.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()


@dataclass(frozen=True, slots=True)
class PartialDateRange:
    """A period from `start` to `end`, known to the same precision; `end` is empty for a period of
    one day (or one month, or one year). Shown as '17–18 November 2016', '30 November – 2 December
    2016' or 'October 2016 – December 2016'; `iso` is the first day's, for <time datetime>."""

    start: PartialDate
    end: PartialDate

    def __bool__(self):
        return bool(self.start)

    def __str__(self):
        return self.display

    @property
    def display(self):
        start, end = self.start.date, self.end.date
        if end is None or end == start:
            return self.start.display
        if self.start.precision == DatePrecision.DAY and start.year == end.year:
            if start.month == end.month:
                return f"{start.day}–{self.end.display}"
            return f"{start.day} {MONTH_AFTER_DAY[start.month]} – {self.end.display}"
        return f"{self.start.display} – {self.end.display}"

    @property
    def iso(self):
        return self.start.iso

    @property
    def stated(self):
        return self.start.stated

    @property
    def listed_under(self):
        """For a period the source gives no date for: the month it is listed under."""
        return None if self.stated else PartialDate(self.start.date, DatePrecision.MONTH)

    @property
    def last(self):
        """The last day (month, year) of the period: the end, or the start when it has none."""
        return self.end or self.start


class partial_date:
    """A model's date field and its precision field read as one `PartialDate`, or with
    `end_field` a start, an end and their precision as one `PartialDateRange`. Read-only: forms,
    filters and queries keep using the fields themselves.

    The admin lists it with `admin_column()`.
    """

    def __init__(self, date_field, precision_field, *, end_field=None):
        self.date_field = date_field
        self.precision_field = precision_field
        self.end_field = end_field

    def __set_name__(self, owner, name):
        self.model = owner
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        precision = getattr(instance, self.precision_field)
        start = PartialDate(getattr(instance, self.date_field), precision)
        if self.end_field is None:
            return start
        return PartialDateRange(start, PartialDate(getattr(instance, self.end_field), precision))

    @property
    def short_description(self):
        """The admin's column heading."""
        return self.model._meta.get_field(self.date_field).verbose_name

    def admin_column(self):
        """A column for a ModelAdmin's `list_display`: the date as pages write it, headed and sorted
        like the date field, and the admin's empty-value sign when there is no date (listed by its
        name instead, a missing date would be an empty cell: the admin shows its sign only for None).
        """
        name = self.name

        def column(obj):
            return getattr(obj, name) or None

        column.__name__ = name
        column.short_description = self.short_description
        column.admin_order_field = self.date_field
        return column


def precision_constraint(date_field, precision_field, name, *, listed_when_not_stated=False):
    """A month-precise date must be the 1st of its month, a year-precise one the 1st of January,
    and a date the source does not state is empty; with `listed_when_not_stated` (a field that
    cannot be empty), it is instead the 1st of the month the row is listed under.

    This keeps one stored form per partial date, so that "October 2016" never hides a
    made-up day that a later page might show.
    """
    condition = (
        Q(**{f"{date_field}__isnull": True})
        | Q(**{precision_field: DatePrecision.DAY})
        | Q(**{precision_field: DatePrecision.MONTH, f"{date_field}__day": 1})
        | Q(**{precision_field: DatePrecision.YEAR, f"{date_field}__day": 1, f"{date_field}__month": 1})
    )
    if listed_when_not_stated:
        condition |= Q(**{precision_field: DatePrecision.NOT_STATED, f"{date_field}__day": 1})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=_(
            "A date known only to the month must be the 1st of that month, and one known only "
            "to the year must be 1 January."
        ),
    )
