"""One factory per model, with realistic defaults, so that a test spells out only what it checks."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from milestones.models import (
    Bulletin,
    Event,
    EventOrganisation,
    EventPlace,
    EventSeries,
    Indicator,
    Person,
    Publication,
    Quote,
    Result,
    Status,
    Story,
)
from programmes.models import Contribution, Country, Facility, FacilityFunding, Organisation, Programme, Theme

PAST = timezone.make_aware(datetime.datetime(2016, 12, 1, 9, 0))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"editor{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@unodc.example")
    password = factory.django.Password("correct horse battery staple")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = "uz"
    name = factory.LazyAttribute(
        lambda country: {
            "uz": "Uzbekistan",
            "kz": "Kazakhstan",
            "kg": "Kyrgyzstan",
            "tj": "Tajikistan",
            "tm": "Turkmenistan",
            "af": "Afghanistan",
            "az": "Azerbaijan",
        }.get(country.iso2, country.iso2.upper())
    )
    slug = factory.LazyAttribute(lambda country: country.name.lower())
    region_role = Country.RegionRole.COVERED


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"State Customs Committee {n}")
    slug = factory.Sequence(lambda n: f"state-customs-committee-{n}")
    kind = Organisation.Kind.NATIONAL_AGENCY


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Countering trafficking through border cooperation {n}")
    slug = factory.Sequence(lambda n: f"border-cooperation-{n}")
    kind = Programme.Kind.PROGRAMME
    start_year = 2015
    end_year = 2019
    summary = "Strengthens border crossing points and the agencies that work at them."


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    donor = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.GOVERNMENT)
    programme = factory.SubFactory(ProgrammeFactory)
    amount = Decimal("263000000")
    currency = "JPY"
    amount_usd = Decimal("2500000")
    amount_usd_qualifier = "approximately"
    date = datetime.date(2016, 1, 1)
    date_precision = "year"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Port Control Unit {n}")
    slug = factory.Sequence(lambda n: f"port-control-unit-{n}")
    kind = Facility.Kind.PORT_CONTROL_UNIT
    country = factory.SubFactory(CountryFactory)
    place = "Aktau"
    place_kind = Facility.PlaceKind.SEAPORT
    status = Facility.Status.OPERATIONAL


class FacilityFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilityFunding

    programme = factory.SubFactory(ProgrammeFactory)
    facility = factory.SubFactory(FacilityFactory)
    amount = Decimal("10000000")
    currency = "KGS"
    amount_qualifier = "more-than"
    amount_usd = Decimal("147000")


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    title = factory.Sequence(lambda n: f"Milestones No. {n}")
    slug = factory.Sequence(lambda n: f"milestones-{n}")
    status = Status.PUBLISHED
    published_at = PAST
    issue_date = datetime.date(2016, 12, 1)
    issue_date_precision = "month"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Training for Border Liaison Office officers {n}")
    slug = factory.Sequence(lambda n: f"training-blo-officers-{n}")
    status = Status.PUBLISHED
    published_at = PAST
    kind_id = "training"
    start_date = datetime.date(2016, 9, 1)
    date_precision = "month"
    city = "Tashkent"
    host_country = factory.SubFactory(CountryFactory)
    summary = "Officers learned about new psychoactive substances."


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    title = factory.Sequence(lambda n: f"Expert working group on precursors {n}")
    slug = factory.Sequence(lambda n: f"expert-working-group-{n}")


class EventPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPlace

    event = factory.SubFactory(EventFactory)
    city = "Bishkek"
    country = factory.SubFactory(CountryFactory)


class EventOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventOrganisation

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role_id = "organiser"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"New Port Control Unit opened {n}")
    slug = factory.Sequence(lambda n: f"new-port-control-unit-opened-{n}")
    status = Status.PUBLISHED
    published_at = PAST
    standfirst = "A new Port Control Unit opened at the seaport."
    body = "The unit was renovated and equipped with computers.\n\nOfficials attended the opening."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Aigerim Nurlanovna {n}")
    slug = factory.Sequence(lambda n: f"aigerim-nurlanovna-{n}")
    honorific = "Ms."
    position = "Head of the Customs Checkpoints Unit"


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    text = "The new unit will increase seizures."
    person = factory.SubFactory(PersonFactory)
    story = factory.SubFactory(StoryFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    title = factory.Sequence(lambda n: f"Border Liaison Offices established {n}")
    slug = factory.Sequence(lambda n: f"border-liaison-offices-established-{n}")


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    label = "narcotic substances seized"
    story = factory.SubFactory(StoryFactory)
    value = Decimal("150")
    value_qualifier = "more-than"
    unit = "kg"
    as_of = datetime.date(2016, 12, 1)
    as_of_precision = "month"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Precursor control {n}")
    slug = factory.Sequence(lambda n: f"precursor-control-{n}")
    description = "Stopping the chemicals used to make drugs from reaching illicit laboratories."
    order = factory.Sequence(lambda n: 100 + n)


class PublicationFactory(factory.django.DjangoModelFactory):
    """A published report with an outside link (a PDF upload is what a test spells out)."""

    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"Drug situation in Central Asia: assessment {n}")
    slug = factory.Sequence(lambda n: f"drug-situation-assessment-{n}")
    status = Status.PUBLISHED
    published_at = PAST
    summary = "An assessment of trafficking routes, seizures and the agencies' capacity."
    date = datetime.date(2016, 11, 1)
    date_precision = "month"
    languages = factory.LazyFunction(lambda: ["en", "ru"])
    link = factory.Sequence(lambda n: f"https://www.unodc.example/documents/assessment-{n}.pdf")
