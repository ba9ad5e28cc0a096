"""Dates that are only known to the month or the year.

The bulletin often says only "in October" or "in December". We store such a date as the
first day of its month (or year) together with its precision, so that lists can still be
sorted and filtered by date, and every page shows only as much as the source said.
"""

from django.db import models
from django.db.models import Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


def format_partial_date(value, precision):
    """'17 November 2016', 'November 2016' or '2016', as the precision allows."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[value.month]} {value.year:04d}"
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"


def format_partial_date_range(start, end, precision):
    """A period such as '17–18 November 2016' or '30 November – 2 December 2016'.

    Written out rather than with Django's date format ("j F Y" gives the same, translated month
    names included): that took 50 us a date, and every card shows one."""
    if end is None or end == start:
        return format_partial_date(start, precision)
    if precision == DatePrecision.DAY and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_partial_date(end, precision)}"
    if precision == DatePrecision.DAY and start.year == end.year:
        return f"{start.day} {MONTHS[start.month]} – {format_partial_date(end, precision)}"
    return f"{format_partial_date(start, precision)} – {format_partial_date(end, precision)}"


def precision_constraint(date_field, precision_field, name):
    """A month-precise date must be the 1st of its month, a year-precise one the 1st of January.

    This keeps one stored form per partial date, so that "October 2016" never hides a
    made-up day that a later page might show.
    """
    return models.CheckConstraint(
        condition=Q(**{f"{date_field}__isnull": True})
        | Q(**{precision_field: DatePrecision.DAY})
        | Q(**{precision_field: DatePrecision.MONTH, f"{date_field}__day": 1})
        | Q(**{precision_field: DatePrecision.YEAR, f"{date_field}__day": 1, f"{date_field}__month": 1}),
        name=name,
        violation_error_message=_(
            "A date known only to the month must be the 1st of that month, and one known only "
            "to the year must be 1 January."
        ),
    )


def partial_date_iso(value, precision):
    """The value for <time datetime>: '2016-11-17', '2016-10' or '2016' (all valid HTML dates)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
