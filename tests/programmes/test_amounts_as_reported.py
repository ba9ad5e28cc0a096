"""An amount as the source reports it, written by one tag ({% amount %}) wherever it shows: the
funding tables of programmes and donors and the funding lines of programmes and facilities."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template

from programmes.models import Contribution
from tests.factories import FacilityFactory, FacilityFundingFactory, ProgrammeFactory


def rendered(reported, column=""):
    """What a template shows: in running text, or in the table column named."""
    argument = f' column="{column}"' if column else ""
    return Template("{% load amounts %}{% amount reported" + argument + " %}").render(Context({"reported": reported}))


def reported(**fields):
    return Contribution(**{"amount": None, "currency": "", "amount_usd": None, **fields})


BOTH = {"amount": Decimal("263000000"), "currency": "JPY", "amount_usd": Decimal("2500000")}


def test_amount_in_its_currency_only():
    amount = reported(amount=Decimal("1500.50"), currency="KGS")
    assert rendered(amount) == "1,500.50 KGS"
    assert rendered(amount, "amount") == "1,500.50 KGS"
    assert rendered(amount, "usd") == "—"


def test_amount_with_only_the_usd_equivalent():
    amount = reported(amount_usd=Decimal("147000"))
    assert rendered(amount) == "147,000 USD"
    assert rendered(amount, "amount") == "not reported"
    assert rendered(amount, "usd") == "147,000"


def test_amount_in_its_currency_and_in_usd():
    amount = reported(**BOTH)
    assert rendered(amount) == "263,000,000 JPY (2,500,000 USD)"
    assert rendered(amount, "amount") == "263,000,000 JPY"
    assert rendered(amount, "usd") == "2,500,000"


def test_amount_said_to_be_approximately_keeps_the_word():
    amount = reported(**BOTH, amount_usd_qualifier="approximately")
    assert rendered(amount) == "263,000,000 JPY (approximately 2,500,000 USD)"
    assert rendered(amount, "usd") == "approximately 2,500,000"


def test_amount_said_to_be_more_than_keeps_the_words():
    amount = reported(amount=Decimal("10000000"), currency="KGS", amount_qualifier="more-than")
    assert rendered(amount) == "more than 10,000,000 KGS"
    assert rendered(amount, "amount") == "more than 10,000,000 KGS"


def test_funding_without_an_amount_shows_nothing_in_text_and_says_so_in_a_table():
    amount = reported()
    assert rendered(amount) == ""
    assert rendered(amount, "amount") == "not reported"
    assert rendered(amount, "usd") == "—"


# --- The funding lines of the pages ---------------------------------------------------------


def funding_lines(page):
    section = page.split("<h2>Funding</h2>")[1].split("</ul>")[0]
    return [re.sub(r"\s+", " ", line) for line in re.findall(r"<li>(.*?)</li>", section, re.S)]


@pytest.mark.django_db
def test_facility_funding_description_keeps_its_case(client):
    facility = FacilityFactory(slug="karakol")
    FacilityFundingFactory(facility=facility, description="Construction of the SSDC building in Karakol")
    [line] = funding_lines(client.get("/facilities/karakol/").content.decode())
    assert line.startswith("More than 10,000,000 KGS (147,000 USD) from <a href=")
    assert line.endswith("</a>. Construction of the SSDC building in Karakol. ")


@pytest.mark.django_db
def test_facility_funding_without_an_amount_says_where_it_came_from_without_a_dangling_from(client):
    facility = FacilityFactory(slug="karakol")
    programme = ProgrammeFactory(title="Programme for Central Asia", short_title="")
    FacilityFundingFactory(
        facility=facility, programme=programme, amount=None, currency="", amount_qualifier="exact", amount_usd=None
    )
    [line] = funding_lines(client.get("/facilities/karakol/").content.decode())
    assert line.startswith(f'From <a href="{programme.get_absolute_url()}">Programme for Central Asia</a>.')
    assert " from " not in line


@pytest.mark.django_db
def test_programme_spending_on_a_facility_without_an_amount_has_no_empty_figure(client):
    programme = ProgrammeFactory(slug="pca")
    facility = FacilityFactory(name="Karakol building")
    FacilityFundingFactory(
        programme=programme,
        facility=facility,
        amount=None,
        currency="",
        amount_qualifier="exact",
        amount_usd=None,
        description="Equipment",
    )
    page = re.sub(r"\s+", " ", client.get("/programmes/pca/").content.decode())
    assert f'<a href="{facility.get_absolute_url()}">Karakol building</a>. Equipment.' in page
