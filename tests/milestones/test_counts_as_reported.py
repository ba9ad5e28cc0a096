"""Counts as reported (issue 16, item 8): an event's participants with the words the source uses
("about", "more than", "up to") and its breakdown; figures that are money, in a currency, and
figures over a period. Each rule is tried with a bad value; each page shows what a reader reads."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template

from milestones.models import Event, Result
from tests.factories import EventFactory, ProgrammeFactory, ResultFactory, StoryFactory

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def money(**fields):
    """A figure in US dollars over the years 2015-2019, as a programme reports its spending."""
    return ResultFactory(
        **{
            "kind": Result.Kind.MONEY,
            "currency": "USD",
            "unit": "",
            "value": Decimal("2500000"),
            "value_qualifier": "approximately",
            "label": "spent on equipment for Border Liaison Offices",
            "as_of": datetime.date(2015, 1, 1),
            "period_end": datetime.date(2019, 1, 1),
            "as_of_precision": "year",
            **fields,
        }
    )


# --- Participants: the rules ------------------------------------------------------------------


def test_a_qualifier_needs_the_number_of_participants():
    refused(lambda: EventFactory(participant_count=None, participant_count_qualifier="approximately"))


def test_a_breakdown_needs_the_number_of_participants():
    refused(lambda: EventFactory(participant_count=None, participant_breakdown="15 prosecutors"))


def test_an_event_without_a_number_of_participants_is_stored_as_before():
    event = EventFactory(participant_count=None)
    assert (event.participant_count_qualifier, event.participant_breakdown) == ("exact", "")


def test_the_qualifier_rule_is_explained_to_an_editor_before_saving():
    event = EventFactory.build(participant_count=None, participant_count_qualifier="up-to")
    with pytest.raises(ValidationError, match="needs the number of participants"):
        event.validate_constraints()


# --- Participants: what readers see ------------------------------------------------------------


def participants_on(client, event):
    page = text(client.get(event.get_absolute_url()))
    return re.search(r"<dt>Participants</dt><dd>(.*?)</dd>", page).group(1)


def test_event_page_shows_about_30_participants_with_their_breakdown(client):
    event = EventFactory(
        participant_count=30,
        participant_count_qualifier="approximately",
        participant_breakdown="15 prosecutors and 15 police investigators",
    )
    assert participants_on(client, event) == "about 30: 15 prosecutors and 15 police investigators"


@pytest.mark.parametrize(
    ("qualifier", "shown"), [("exact", "1,200"), ("more-than", "more than 1,200"), ("up-to", "up to 1,200")]
)
def test_event_page_shows_the_number_of_participants_with_the_sources_words(client, qualifier, shown):
    event = EventFactory(participant_count=1200, participant_count_qualifier=qualifier)
    assert participants_on(client, event) == shown


def test_an_exact_number_of_participants_reads_as_it_always_did(client):
    assert participants_on(client, EventFactory(participant_count=19)) == "19"


def test_a_breakdown_is_escaped():
    event = Event(participant_count=2, participant_breakdown="<b>2</b> judges")
    rendered = Template("{% load counts %}{% participants event %}").render(Context({"event": event}))
    assert rendered == "2: &lt;b&gt;2&lt;/b&gt; judges"


# --- Money and periods: the rules ----------------------------------------------------------------


def test_money_needs_a_currency():
    refused(lambda: money(currency=""))


def test_money_needs_an_iso_4217_currency():
    refused(lambda: money(currency="ZZZ"))


def test_money_takes_no_other_unit():
    refused(lambda: money(unit="dollars"))


def test_only_money_has_a_currency():
    refused(lambda: ResultFactory(currency="USD"))


def test_a_quantity_needs_a_unit():
    refused(lambda: ResultFactory(unit=""))


def test_a_period_cannot_end_before_it_starts():
    refused(lambda: money(as_of=datetime.date(2019, 1, 1), period_end=datetime.date(2015, 1, 1)))


def test_a_period_needs_its_first_date():
    refused(lambda: money(as_of=None, period_end=datetime.date(2019, 1, 1)))


def test_the_end_of_a_period_known_to_the_year_is_stored_as_1_january():
    refused(lambda: money(period_end=datetime.date(2019, 6, 30)))


def test_the_money_rule_is_explained_to_an_editor_before_saving():
    figure = ResultFactory.build(kind=Result.Kind.MONEY, currency="", unit="", story=StoryFactory())
    with pytest.raises(ValidationError, match="ISO 4217"):
        figure.validate_constraints()


# --- Money and periods: what readers see ---------------------------------------------------------


def figure_on(page):
    return re.search(r'<li class="figure">(.*?)</li>', page).group(1)


def test_story_page_shows_money_in_its_currency_over_its_period(client):
    story = StoryFactory(slug="funding")
    money(story=story)
    figure = figure_on(text(client.get("/news/funding/")))
    assert (
        '<span class="figure__qualifier">approximately </span>2,500,000 <span class="figure__unit">USD</span>' in figure
    )
    assert '<time datetime="2015">2015 – 2019</time>' in figure


def test_a_figure_over_months_shows_both_months(client):
    story = StoryFactory(slug="seizures")
    ResultFactory(
        story=story, as_of=datetime.date(2016, 9, 1), period_end=datetime.date(2016, 12, 1), as_of_precision="month"
    )
    assert '<time datetime="2016-09">September 2016 – December 2016</time>' in text(client.get("/news/seizures/"))


def test_money_with_a_target_writes_both_amounts_alike(client):
    story = StoryFactory(slug="budget")
    money(story=story, value_qualifier="exact", target=Decimal("3000000"))
    figure = figure_on(text(client.get("/news/budget/")))
    assert (
        '2,500,000<span class="figure__qualifier"> of 3,000,000</span> <span class="figure__unit">USD</span>' in figure
    )


def test_money_shows_on_the_event_programme_and_home_pages(client):
    event = EventFactory(slug="handover")
    programme = ProgrammeFactory(slug="border-programme")
    money(event=event, programme=programme)
    for path in ("/events/handover/", "/"):
        assert '2,500,000 <span class="figure__unit">USD</span>' in text(client.get(path)), path
    # The programme's page shows it on its milestone tracker (issue 20).
    assert '<span class="tracked-figure__value">approximately 2,500,000</span> USD' in text(
        client.get("/programmes/border-programme/")
    )


def test_a_money_figure_reads_in_the_admin_as_on_the_page():
    assert money(value_qualifier="up-to").display_value == "up to 2,500,000 USD"
    assert str(money(value=Decimal("1500.50"), value_qualifier="exact")).startswith("1,500.50 USD ")


def test_event_structured_data_keeps_to_what_schema_org_defines(client):
    """schema.org has no property for how many attended (maximumAttendeeCapacity is the room's
    size, not the audience), so the count is not given to machines rather than given wrongly."""
    EventFactory(slug="workshop", participant_count=30, participant_count_qualifier="approximately")
    page = client.get("/events/workshop/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Event"
    assert "maximumAttendeeCapacity" not in data
