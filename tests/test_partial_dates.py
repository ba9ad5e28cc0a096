"""A date known to the day, the month or the year, shown as the source gave it."""

import dataclasses
import datetime
import re

import pytest
from django.urls import reverse

from milestones.models import Bulletin, Event, Result
from programmes.models import Contribution, Facility
from tests.factories import ContributionFactory
from unodc_portal.partial_dates import DatePrecision, PartialDate, PartialDateRange
from unodc_portal.templatetags.portal import time_element

NOV_17 = datetime.date(2016, 11, 17)


def span(start, end, precision=DatePrecision.DAY):
    return PartialDateRange(PartialDate(start, precision), PartialDate(end, precision))


@pytest.mark.parametrize(
    ("date", "precision", "shown", "iso"),
    [
        (NOV_17, DatePrecision.DAY, "17 November 2016", "2016-11-17"),
        (datetime.date(2016, 10, 1), DatePrecision.MONTH, "October 2016", "2016-10"),
        (datetime.date(2016, 1, 1), DatePrecision.YEAR, "2016", "2016"),
        (datetime.date(999, 3, 5), DatePrecision.DAY, "5 March 0999", "0999-03-05"),
    ],
)
def test_a_date_shows_only_what_its_precision_allows(date, precision, shown, iso):
    when = PartialDate(date, precision)
    assert when.display == shown
    assert str(when) == shown
    assert when.iso == iso


def test_a_date_is_known_to_the_day_unless_told_otherwise():
    assert PartialDate(NOV_17) == PartialDate(NOV_17, DatePrecision.DAY)


def test_no_date_is_false_and_shows_nothing():
    when = PartialDate(None, DatePrecision.MONTH)
    assert not when
    assert (str(when), when.iso) == ("", "")


def test_a_date_keeps_its_first_day_for_sorting():
    when = PartialDate(datetime.date(2016, 10, 1), DatePrecision.MONTH)
    assert when
    assert (when.date, when.precision) == (datetime.date(2016, 10, 1), DatePrecision.MONTH)
    assert sorted([PartialDate(NOV_17), when], key=lambda item: item.date) == [when, PartialDate(NOV_17)]


def test_a_date_cannot_be_changed_once_made():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PartialDate(NOV_17).date = datetime.date(2017, 1, 1)


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (NOV_17, datetime.date(2016, 11, 18), DatePrecision.DAY, "17–18 November 2016"),
        (datetime.date(2016, 11, 30), datetime.date(2016, 12, 2), DatePrecision.DAY, "30 November – 2 December 2016"),
        (datetime.date(2016, 12, 30), datetime.date(2017, 1, 2), "day", "30 December 2016 – 2 January 2017"),
        (datetime.date(2016, 10, 1), datetime.date(2016, 12, 1), DatePrecision.MONTH, "October 2016 – December 2016"),
        (datetime.date(2015, 1, 1), datetime.date(2016, 1, 1), DatePrecision.YEAR, "2015 – 2016"),
        (NOV_17, None, DatePrecision.DAY, "17 November 2016"),
        (NOV_17, NOV_17, DatePrecision.DAY, "17 November 2016"),
    ],
)
def test_a_period_names_what_its_ends_share_once(start, end, precision, shown):
    assert span(start, end, precision).display == shown
    assert str(span(start, end, precision)) == shown


def test_a_period_gives_the_iso_value_of_its_first_day_and_of_its_last():
    period = span(datetime.date(2016, 10, 1), datetime.date(2016, 12, 1), DatePrecision.MONTH)
    assert (period.iso, period.last.iso) == ("2016-10", "2016-12")


def test_a_period_of_one_day_ends_on_its_first_day():
    assert span(NOV_17, None).last == PartialDate(NOV_17)


def test_a_period_without_a_start_is_false():
    assert not span(None, None)
    assert span(NOV_17, None)


def test_models_read_their_date_and_precision_fields_as_one_value():
    month = datetime.date(2016, 10, 1)
    assert Bulletin(issue_date=month, issue_date_precision="month").when == PartialDate(month, "month")
    # A figure is as of a date, or over a period from that date (issue 16, item 8).
    assert Result(as_of=month, as_of_precision="month").when == span(month, None, "month")
    december = datetime.date(2016, 12, 1)
    assert Result(as_of=month, period_end=december, as_of_precision="month").when == span(month, december, "month")
    assert Contribution(date=None, date_precision="year").when == PartialDate(None, "year")
    assert Facility(opened_on=NOV_17, opened_on_precision="day").opened == PartialDate(NOV_17)
    event = Event(start_date=NOV_17, end_date=datetime.date(2016, 11, 18), date_precision="day")
    assert event.when == span(NOV_17, datetime.date(2016, 11, 18))


def test_the_admin_heads_the_column_with_the_date_field_and_sorts_by_it():
    for descriptor, heading, field in [
        (Bulletin.when, "issue date", "issue_date"),
        (Event.when, "date", "start_date"),
        (Facility.opened, "opened", "opened_on"),
    ]:
        column = descriptor.admin_column()
        assert (str(column.short_description), column.admin_order_field) == (heading, field)


@pytest.mark.django_db
def test_the_admin_lists_a_missing_date_with_its_empty_value_sign(admin_client):
    """An empty cell reads as a page that failed to fill it; the admin's sign says "no date"."""
    ContributionFactory(date=None, description="Undated grant")
    ContributionFactory(date=datetime.date(2016, 1, 1), date_precision="year")
    page = admin_client.get(reverse("admin:programmes_contribution_changelist")).content.decode()
    cells = re.findall(r'<td class="field-when">(.*?)</td>', page)
    assert sorted(cells) == ["-", "2016"]


def test_time_element_carries_the_iso_value_and_shows_the_date():
    assert time_element(PartialDate(datetime.date(2016, 10, 1), "month")) == (
        '<time datetime="2016-10">October 2016</time>'
    )
    assert time_element(span(NOV_17, datetime.date(2016, 11, 18))) == (
        '<time datetime="2016-11-17">17–18 November 2016</time>'
    )


def test_time_element_writes_nothing_without_a_date():
    assert time_element(PartialDate(None)) == ""


@pytest.mark.django_db
def test_funding_tables_show_a_dash_for_an_undated_contribution(client):
    dated = ContributionFactory(date=datetime.date(2016, 1, 1), date_precision="year")
    ContributionFactory(donor=dated.donor, programme=dated.programme, date=None)
    donor_page = reverse("programmes:donor-detail", args=[dated.donor.slug])
    for address in (donor_page, dated.programme.get_absolute_url()):
        content = client.get(address).content.decode()
        assert '<td><time datetime="2016">2016</time></td>' in content
        assert "<td>—</td>" in content
