"""The funding ledger (issue 20, item 3): US dollars as reported or converted by us and said so,
totals that never add currencies silently, the bar charts and their tables, the donor report."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from milestones.models import Status
from programmes.ledger import Basis, Ledger, RateBook, qualifier_of_sum
from programmes.models import AmountQualifier, ExchangeRate
from tests.factories import (
    ContributionFactory,
    EventFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Q = AmountQualifier


def rate(currency="EUR", usd_per_unit="1.10", date=datetime.date(2016, 1, 1), **fields):
    fields.setdefault("source", "UN Operational Rates of Exchange")
    fields.setdefault("date_precision", "day")
    return ExchangeRate.objects.create(currency=currency, usd_per_unit=Decimal(usd_per_unit), date=date, **fields)


def grant(amount="1000000", currency="EUR", usd=None, *, qualifier=Q.EXACT, usd_qualifier=Q.EXACT, **fields):
    """A contribution as a source gives it: by default 1,000,000 EUR without a USD figure."""
    fields.setdefault("date", datetime.date(2016, 6, 15))
    fields.setdefault("date_precision", "day")
    return ContributionFactory(
        amount=None if amount is None else Decimal(amount),
        currency=currency,
        amount_qualifier=qualifier,
        amount_usd=None if usd is None else Decimal(usd),
        amount_usd_qualifier=usd_qualifier,
        **fields,
    )


def ledger_of(*contributions):
    return Ledger(contributions, RateBook(ExchangeRate.objects.all()))


def text(response):
    """The page's text without tags and with spaces collapsed, to read sentences across markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- Currency rules -----------------------------------------------------------------------


def test_the_usd_the_source_reports_is_used_as_reported_even_when_a_rate_exists():
    rate("JPY", "0.0083")
    line = ledger_of(grant("263000000", "JPY", "2500000", usd_qualifier=Q.APPROXIMATELY)).lines[0]
    assert (line.basis, line.usd, line.usd_qualifier, line.rate) == (
        Basis.REPORTED,
        Decimal("2500000"),
        Q.APPROXIMATELY,
        None,
    )


def test_an_amount_in_usd_is_its_own_usd_figure_with_its_words():
    line = ledger_of(grant("400000", "USD", qualifier=Q.MORE_THAN)).lines[0]
    assert (line.basis, line.usd, line.usd_figure) == (Basis.REPORTED, Decimal("400000"), "more than 400,000")


def test_an_amount_is_converted_at_the_latest_rate_on_or_before_its_date():
    rate(usd_per_unit="1.30", date=datetime.date(2014, 1, 1))
    used = rate(usd_per_unit="1.10", date=datetime.date(2016, 6, 15))
    rate(usd_per_unit="1.05", date=datetime.date(2016, 6, 16))  # the day after: never used
    line = ledger_of(grant("1000000", "EUR")).lines[0]
    assert (line.basis, line.rate, line.usd) == (Basis.CONVERTED, used, Decimal("1100000"))


def test_a_later_rate_is_never_used_for_an_earlier_contribution():
    rate(date=datetime.date(2017, 1, 1))
    assert ledger_of(grant()).lines[0].basis == Basis.NO_RATE


def test_a_conversion_is_rounded_to_whole_dollars_and_keeps_the_amounts_words():
    rate(usd_per_unit="1.1234567")
    line = ledger_of(grant("1000", qualifier=Q.APPROXIMATELY)).lines[0]
    assert (line.usd, line.usd_figure) == (Decimal("1123"), "approximately 1,123")


def test_a_conversion_names_its_rate_source_and_date():
    rate(usd_per_unit="1.1", date=datetime.date(2016, 3, 1), date_precision="month", source="UN operational rate")
    line = ledger_of(grant()).lines[0]
    assert line.conversion_note == "converted by us at 1.1 USD per EUR (UN operational rate, March 2016)"


def test_an_undated_contribution_is_not_converted_and_says_why():
    rate(date=datetime.date(2000, 1, 1))
    line = ledger_of(grant(date=None)).lines[0]
    assert (line.basis, line.why_not_converted) == (Basis.NO_RATE, "not converted: no date to pick a rate by")


def test_a_contribution_with_no_amount_is_not_stated_and_never_counted_as_zero():
    ledger = ledger_of(grant(None, ""), grant("100", "USD"))
    assert ledger.lines[0].basis == Basis.NOT_STATED
    assert ledger.not_stated_count == 1
    assert ledger.usd_total.amount == Decimal("100")


def test_only_amounts_without_usd_are_left_out_of_the_total_by_currency():
    rate("EUR", "1.10")
    ledger = ledger_of(
        grant("1000000", "EUR"),
        grant("263000000", "JPY"),
        grant("10000000", "JPY", qualifier=Q.APPROXIMATELY),
        grant("500000", "USD"),
        grant("2000000", "KGS", "30000"),
    )
    assert str(ledger.usd_total) == "1,630,000 USD"
    assert (str(ledger.reported_usd), str(ledger.converted_usd)) == ("530,000 USD", "1,100,000 USD")
    assert [(str(total), why) for total, why in ledger.not_converted] == [
        ("approximately 273,000,000 JPY", "not converted: no rate recorded")
    ]


@pytest.mark.parametrize(
    ("qualifiers", "total"),
    [
        ([Q.EXACT, Q.EXACT], (Q.EXACT, False)),
        ([Q.EXACT, Q.APPROXIMATELY], (Q.APPROXIMATELY, False)),
        ([Q.EXACT, Q.MORE_THAN, Q.MORE_THAN], (Q.MORE_THAN, False)),
        ([Q.UP_TO, Q.EXACT], (Q.UP_TO, False)),
        ([Q.UP_TO, Q.LESS_THAN], (Q.UP_TO, False)),
        ([Q.LESS_THAN], (Q.LESS_THAN, False)),
        # Pointing different ways, the sum is neither a floor nor a ceiling.
        ([Q.MORE_THAN, Q.UP_TO], (Q.APPROXIMATELY, True)),
        ([Q.MORE_THAN, Q.APPROXIMATELY], (Q.APPROXIMATELY, True)),
        ([Q.MORE_THAN, Q.LESS_THAN], (Q.APPROXIMATELY, True)),
        # Estimates beside ceilings: approximate, with no lower bound for the note to name.
        ([Q.APPROXIMATELY, Q.UP_TO], (Q.APPROXIMATELY, False)),
        ([Q.APPROXIMATELY, Q.LESS_THAN], (Q.APPROXIMATELY, False)),
    ],
)
def test_the_words_of_the_amounts_carry_into_their_total(qualifiers, total):
    assert qualifier_of_sum(qualifiers) == total


def test_a_total_with_a_more_than_amount_says_more_than_in_words():
    ledger = ledger_of(grant("100", "USD"), grant("50", "USD", qualifier=Q.MORE_THAN))
    assert str(ledger.usd_total) == "more than 150 USD"


# --- The pages ------------------------------------------------------------------------------


def test_the_donor_page_shows_totals_conversions_and_what_is_left_out(client):
    donor = OrganisationFactory(slug="japan", name="Government of Japan")
    rate("EUR", "1.10", source="UN operational rate")
    grant("1000000", "EUR", donor=donor)
    grant("263000000", "JPY", donor=donor)
    grant("2000000", "USD", donor=donor, qualifier=Q.APPROXIMATELY)
    grant(None, "", donor=donor)
    page = text(client.get("/donors/japan/"))
    assert (
        "Total: approximately 3,100,000 USD : approximately 2,000,000 USD as the sources report it "
        "and 1,100,000 USD converted by us." in page
    )
    assert "plus 263,000,000 JPY (not converted: no rate recorded)" in page
    assert "converted by us at 1.1 USD per EUR (UN operational rate, 1 January 2016)" in page
    assert "1 contribution with no amount stated is not counted." in page
    assert "amount not stated" in page


def test_the_donor_page_without_any_usd_says_so_and_draws_no_bars(client):
    donor = OrganisationFactory(slug="japan")
    grant("263000000", "JPY", donor=donor)
    response = client.get("/donors/japan/")
    assert "No amount in US dollars is reported or could be converted." in text(response)
    assert "bar-chart__bar" not in response.content.decode()


def chart_figures(page, chart_id):
    """(value labels of the bars, total column of the table) of one chart on the page."""
    figure = re.search(rf'<figure class="bar-chart">\s*<figcaption[^>]*id="{chart_id}-title".*?</figure>', page, re.S)
    figure = figure.group(0)
    bars = re.findall(
        r'class="bar-chart__label"[^>]*>([^<]*)</text><text class="bar-chart__value"[^>]*>([^<]*)<', figure
    )
    rows = re.findall(
        r'<th scope="row">(?:<a [^>]*>)?([^<]*)(?:</a>)?</th>(?:<td[^>]*>[^<]*</td>){2}<td class="number">([^<]*)</td>',
        figure,
    )
    return bars, [row for row in rows if row[1] != "—"]


def test_a_charts_bars_show_the_same_figures_as_its_table(client):
    donor = OrganisationFactory(slug="japan")
    rate("EUR", "1.10", date=datetime.date(2015, 1, 1))
    grant("1000000", "EUR", donor=donor, date=datetime.date(2015, 3, 1))
    grant("2500000", "USD", donor=donor, date=datetime.date(2016, 3, 1), qualifier=Q.APPROXIMATELY)
    grant("400000", "USD", donor=donor, date=datetime.date(2016, 5, 1))
    grant("263000000", "JPY", donor=donor, date=datetime.date(2017, 1, 1))
    page = client.get("/donors/japan/").content.decode()
    bars, rows = chart_figures(page, "by-year")
    assert bars == rows == [("2015", "1,100,000"), ("2016", "approximately 2,900,000")]
    assert "263,000,000 JPY (not converted: no rate recorded)" in page
    bars, rows = chart_figures(page, "by-programme")
    assert [value for _, value in bars] == [value for _, value in rows]


def test_converted_bars_are_hatched_and_the_legend_says_so(client):
    donor = OrganisationFactory(slug="japan")
    rate("EUR", "1.10", date=datetime.date(2015, 1, 1))
    grant("1000000", "EUR", donor=donor)
    grant("1000000", "USD", donor=donor, date=datetime.date(2015, 6, 1))
    page = client.get("/donors/japan/").content.decode()
    assert 'class="bar-chart__bar bar-chart__bar--converted"' in page
    assert 'fill="url(#by-year-hatch)"' in page
    assert "converted by us (hatched)" in page


def test_the_programme_page_total_of_usd_with_different_words_is_not_exact(client):
    programme = ProgrammeFactory(slug="mobile-teams")
    grant("2500000", "USD", programme=programme, qualifier=Q.APPROXIMATELY)
    grant("1000000", "USD", programme=programme)
    page = text(client.get("/programmes/mobile-teams/"))
    assert "Total: approximately 3,500,000 USD" in page


def test_a_donors_subtotal_on_a_programme_page_says_what_it_holds(client):
    programme = ProgrammeFactory(slug="mobile-teams")
    donor = OrganisationFactory(slug="eu", name="European Union")
    rate("EUR", "1.10")
    grant("1000000", "EUR", programme=programme, donor=donor)
    grant("500000", "USD", programme=programme, donor=donor)
    grant("263000000", "JPY", programme=programme, donor=donor)
    page = text(client.get("/programmes/mobile-teams/"))
    assert "Total: 1,600,000 USD, partly converted by us; amounts not converted are left out" in page


def test_a_chart_of_a_single_year_or_programme_is_left_to_the_total(client):
    grant("100", "USD", donor=OrganisationFactory(slug="japan"))
    assert "bar-chart" not in client.get("/donors/japan/").content.decode()


def test_the_donors_overview_charts_who_funds_how_much_largest_first(client):
    small = OrganisationFactory(slug="small", name="Small donor")
    large = OrganisationFactory(slug="large", name="Large donor")
    unknown = OrganisationFactory(slug="unknown", name="Donor in yen")
    grant("100000", "USD", donor=small)
    grant("5000000", "USD", donor=large)
    grant("263000000", "JPY", donor=unknown)
    page = client.get("/donors/").content.decode()
    bars, rows = chart_figures(page, "who-funds")
    assert bars == rows == [("Large donor", "5,000,000"), ("Small donor", "100,000")]
    assert "263,000,000 JPY (not converted: no rate recorded)" in page


# --- The donor report ---------------------------------------------------------------------


@pytest.fixture
def japan():
    return OrganisationFactory(slug="japan", name="Government of Japan")


def test_the_donor_page_links_the_report_of_its_contributions_years_not_for_crawlers(client, japan):
    grant("100", "USD", donor=japan, date=datetime.date(2014, 2, 1))
    grant("100", "USD", donor=japan, date=datetime.date(2016, 2, 1))
    page = client.get("/donors/japan/").content.decode()
    assert '<a href="/donors/japan/report/?from=2014&amp;to=2016" rel="nofollow">' in page


def test_the_report_lists_the_contributions_of_its_years_only(client, japan):
    grant("111", "USD", donor=japan, date=datetime.date(2014, 12, 31))
    grant("222", "USD", donor=japan, date=datetime.date(2015, 1, 1))
    grant("333", "USD", donor=japan, date=datetime.date(2016, 12, 31))
    grant("444", "USD", donor=japan, date=datetime.date(2017, 1, 1))
    grant("555", "USD", donor=japan, date=None)
    response = client.get("/donors/japan/report/?from=2015&to=2016")
    page = text(response)
    assert response.status_code == 200
    assert "Funding from 2015 to 2016" in page
    assert "Total: 555 USD" in page
    assert "111" not in page and "444" not in page
    assert "1 contribution has no date and is only in the report for all years." in page


def test_the_report_without_years_covers_all_of_them(client, japan):
    grant("111", "USD", donor=japan, date=datetime.date(2014, 12, 31))
    grant("555", "USD", donor=japan, date=None)
    page = text(client.get("/donors/japan/report/"))
    assert "Funding in all years" in page and "Total: 666 USD" in page


def test_the_report_lists_the_events_facilities_and_stories_of_what_the_donor_funds(client, japan):
    programme = ProgrammeFactory()
    grant("100", "USD", donor=japan, programme=programme)
    EventFactory(title="Training in Termez", start_date=datetime.date(2016, 3, 1)).programmes.add(programme)
    EventFactory(title="Training of another year", start_date=datetime.date(2012, 3, 1)).programmes.add(programme)
    EventFactory(title="Training of another programme", start_date=datetime.date(2016, 3, 1))
    FacilityFactory(name="Aktau port unit", programme=programme, opened_on=datetime.date(2016, 5, 1))
    funded_unit = FacilityFactory(name="Termez border office", opened_on=datetime.date(2015, 5, 1))
    FacilityFundingFactory(facility=funded_unit).component_donors.add(japan)
    StoryFactory(title="Japan renews its grant").organisations.add(japan)
    StoryFactory(title="A draft about Japan", status=Status.DRAFT).organisations.add(japan)
    page = text(client.get("/donors/japan/report/?from=2015&to=2016"))
    assert "Training in Termez" in page
    assert "Training of another" not in page
    assert "Aktau port unit" in page and "Termez border office" in page
    assert "Japan renews its grant" in page and "A draft about Japan" not in page


def test_the_report_credits_no_event_or_facility_from_before_the_donors_first_contribution(client, japan):
    programme = ProgrammeFactory()
    grant("100", "USD", donor=japan, programme=programme, date=datetime.date(2011, 6, 1))
    EventFactory(title="Conference of 2010", start_date=datetime.date(2010, 3, 1)).programmes.add(programme)
    EventFactory(title="Training of 2012", start_date=datetime.date(2012, 3, 1)).programmes.add(programme)
    FacilityFactory(name="Unit opened in 2009", programme=programme, opened_on=datetime.date(2009, 5, 1))
    FacilityFactory(name="Unit opened in 2013", programme=programme, opened_on=datetime.date(2013, 5, 1))
    before = text(client.get("/donors/japan/report/?from=2010&to=2010"))
    assert "Conference of 2010" not in before and "Unit opened in 2009" not in before
    everything = text(client.get("/donors/japan/report/"))
    assert "Training of 2012" in everything and "Unit opened in 2013" in everything
    assert "Conference of 2010" not in everything and "Unit opened in 2009" not in everything


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=abc", "Enter a whole number."),
        ("from=2017&to=2015", "The first year must not be after the last year."),
        ("to=99999", "Ensure this value is less than or equal to 2100."),
        ("from=99999999999999999999999", "Ensure this value is less than or equal to 2100."),
        ("from=1200", "Ensure this value is greater than or equal to 1990."),
    ],
)
def test_a_report_of_years_that_are_no_period_is_a_400_with_the_reason(client, japan, query, message):
    grant("100", "USD", donor=japan)
    response = client.get(f"/donors/japan/report/?{query}")
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Total:" not in page


def test_a_report_period_has_one_address(client, japan):
    grant("100", "USD", donor=japan)
    response = client.get("/donors/japan/report/?to=2016&from=02015&utm_source=mail")
    assert response.status_code == 302
    assert response["Location"] == "/donors/japan/report/?from=2015&to=2016"


def test_an_organisation_that_funds_nothing_has_no_report(client):
    OrganisationFactory(slug="partner")
    assert client.get("/donors/partner/report/").status_code == 404


def test_the_russian_report_and_donor_page_have_translated_ledger_words(client, japan):
    rate("EUR", "1.10")
    grant("1000000", "EUR", donor=japan)
    grant("263000000", "JPY", donor=japan)
    donor_page = text(client.get("/ru/donors/japan/"))
    report = text(client.get("/ru/donors/japan/report/?from=2016&to=2016"))
    for page in (donor_page, report):
        assert "Total:" not in page and "converted by us" not in page and "not converted" not in page
        # Numbers as Russian writes them: 1 100 000, 1,1.
        assert re.search(r"Итого: 1\s100\s000 USD", page)
        assert re.search(r"плюс 263\s000\s000 JPY \(не пересчитано: курс не записан\)", page)
        assert "пересчитано нами по курсу 1,1 долл. США за 1 EUR" in page


# --- Exchange rates as reference data --------------------------------------------------------


def test_a_rate_for_the_us_dollar_or_of_nothing_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        rate("USD", "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        rate("EUR", "0")


def test_a_currency_has_one_rate_per_date():
    rate()
    with pytest.raises(IntegrityError), transaction.atomic():
        rate(usd_per_unit="1.2")


def test_publishers_keep_the_rates_and_editors_only_read_them(roles):
    def may(group):
        user = UserFactory(username=group.lower(), is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        return {
            action
            for action in ("view", "add", "change", "delete")
            if user.has_perm(f"programmes.{action}_exchangerate")
        }

    assert may("Editor") == {"view"}
    assert may("Publisher") == {"view", "add", "change", "delete"}


# Transactional: pages end when the change is committed.
@pytest.mark.django_db(transaction=True)
def test_a_new_rate_shows_on_the_very_next_request_to_a_cached_page(client):
    donor = OrganisationFactory(slug="japan")
    grant("1000000", "EUR", donor=donor)
    client.get("/donors/japan/")
    assert client.get("/donors/japan/")["X-Cache"] == "hit"
    rate("EUR", "1.10")
    response = client.get("/donors/japan/")
    assert response["X-Cache"] == "miss"
    assert "converted by us at 1.1 USD per EUR" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2015.0", "Enter a whole number."),
        ("?from=2015&from=2016", "Give each year once."),
    ],
)
def test_a_period_is_written_one_way_only(client, query, message):
    """Each spelling of a period would be an address, and a cache entry, of its own."""
    donor = OrganisationFactory(slug="japan")
    ContributionFactory(donor=donor)
    response = client.get(f"/donors/japan/report/{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
