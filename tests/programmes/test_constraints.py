"""The database itself refuses values that would make the data wrong, whatever wrote them."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from tests.factories import (
    ContributionFactory,
    CountryFactory,
    EventFactory,
    FacilityFactory,
    FacilityFundingFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_country_code_must_be_an_iso_3166_code():
    refused(lambda: CountryFactory(iso2="xx", name="Nowhere"))


def test_country_code_must_be_lower_case():
    refused(lambda: CountryFactory(iso2="UZ", name="Upper Uzbekistan", slug="upper"))


def test_country_slug_is_unique():
    CountryFactory(iso2="uz", slug="uzbekistan")
    refused(lambda: CountryFactory(iso2="kz", name="Kazakhstan", slug="uzbekistan"))


def test_organisation_slug_is_unique():
    OrganisationFactory(slug="inl")
    refused(lambda: OrganisationFactory(slug="inl"))


def test_contribution_amount_cannot_be_negative():
    refused(lambda: ContributionFactory(amount=Decimal("-1")))


def test_contribution_usd_equivalent_cannot_be_negative():
    refused(lambda: ContributionFactory(amount_usd=Decimal("-0.01")))


def test_contribution_currency_must_be_iso_4217():
    refused(lambda: ContributionFactory(currency="YEN"))


def test_contribution_amount_needs_a_currency():
    refused(lambda: ContributionFactory(currency=""))


def test_contribution_without_amount_may_name_no_currency():
    contribution = ContributionFactory(amount=None, currency="", amount_usd=None, amount_usd_qualifier="exact")
    assert contribution.pk


def test_contribution_date_known_to_the_month_is_stored_as_the_first():
    refused(lambda: ContributionFactory(date=datetime.date(2016, 10, 17), date_precision="month"))


def test_contribution_date_known_to_the_year_is_stored_as_first_of_january():
    refused(lambda: ContributionFactory(date=datetime.date(2016, 3, 1), date_precision="year"))


def test_programme_cannot_end_before_it_starts():
    refused(lambda: ProgrammeFactory(start_year=2019, end_year=2015))


def test_programme_years_must_be_plausible():
    refused(lambda: ProgrammeFactory(start_year=15, end_year=19))


def test_facility_latitude_must_be_in_range():
    refused(lambda: FacilityFactory(latitude=Decimal("91"), longitude=Decimal("60")))


def test_facility_longitude_must_be_in_range():
    refused(lambda: FacilityFactory(latitude=Decimal("41"), longitude=Decimal("-181")))


def test_facility_needs_both_coordinates_or_neither():
    refused(lambda: FacilityFactory(latitude=Decimal("41.3"), longitude=None))


def test_facility_border_is_with_another_country():
    uzbekistan = CountryFactory(iso2="uz")
    refused(lambda: FacilityFactory(country=uzbekistan, border_country=uzbekistan))


def test_facility_funding_amount_cannot_be_negative():
    refused(lambda: FacilityFundingFactory(amount=Decimal("-10")))


def test_programme_with_contributions_cannot_be_deleted():
    contribution = ContributionFactory()
    with pytest.raises(ProtectedError):
        contribution.programme.delete()


def test_donor_with_contributions_cannot_be_deleted():
    contribution = ContributionFactory()
    with pytest.raises(ProtectedError):
        contribution.donor.delete()


def test_country_with_facilities_cannot_be_deleted():
    facility = FacilityFactory()
    with pytest.raises(ProtectedError):
        facility.country.delete()


def test_country_hosting_events_cannot_be_deleted():
    event = EventFactory()
    with pytest.raises(ProtectedError):
        event.host_country.delete()


def test_facility_with_funding_cannot_be_deleted():
    funding = FacilityFundingFactory()
    with pytest.raises(ProtectedError):
        funding.facility.delete()


@pytest.mark.parametrize("qualifier", ["approximately", "more-than", "up-to"])
def test_a_qualifier_needs_an_amount(qualifier):
    refused(lambda: ContributionFactory(amount=None, currency="", amount_qualifier=qualifier))
    refused(lambda: ContributionFactory(amount_usd=None, amount_usd_qualifier=qualifier))
    refused(lambda: FacilityFundingFactory(amount=None, currency="", amount_qualifier=qualifier))
    ContributionFactory(
        amount=None, currency="", amount_qualifier="exact", amount_usd=None, amount_usd_qualifier="exact"
    )
