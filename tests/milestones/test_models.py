import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from milestones.models import Quote, Result, Status, Story
from programmes.models import Facility
from tests.factories import (
    BulletinFactory,
    EventFactory,
    PersonFactory,
    QuoteFactory,
    ResultFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- The publication rule ------------------------------------------------------------------


def test_published_story_with_past_time_is_public():
    story = StoryFactory()
    assert list(Story.objects.published()) == [story]


def test_draft_story_is_not_public():
    StoryFactory(status=Status.DRAFT)
    assert not Story.objects.published().exists()


def test_story_in_review_is_not_public():
    StoryFactory(status=Status.IN_REVIEW)
    assert not Story.objects.published().exists()


def test_story_scheduled_for_the_future_is_not_public_yet():
    StoryFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert not Story.objects.published().exists()


def test_published_item_needs_a_publication_time():
    refused(lambda: StoryFactory(published_at=None))


def test_draft_may_have_no_publication_time():
    assert StoryFactory(status=Status.DRAFT, published_at=None).pk


# --- Integrity ----------------------------------------------------------------------------


def test_story_slug_is_unique():
    StoryFactory(slug="same")
    refused(lambda: StoryFactory(slug="same"))


def test_two_stories_cannot_share_a_position_in_an_edition():
    bulletin = BulletinFactory()
    StoryFactory(bulletin=bulletin, position=1)
    refused(lambda: StoryFactory(bulletin=bulletin, position=1))


def test_story_position_needs_an_edition():
    refused(lambda: StoryFactory(bulletin=None, position=3))


def test_story_image_needs_alt_text():
    story = StoryFactory()
    refused(lambda: Story.objects.filter(pk=story.pk).update(image="stories/2016/12/pcu.jpg", image_alt=""))


def test_event_cannot_end_before_it_starts():
    refused(
        lambda: EventFactory(
            start_date=datetime.date(2016, 11, 18), end_date=datetime.date(2016, 11, 17), date_precision="day"
        )
    )


def test_event_known_to_the_month_is_stored_as_the_first():
    refused(lambda: EventFactory(start_date=datetime.date(2016, 10, 12), date_precision="month"))


def test_participant_count_cannot_be_negative():
    refused(lambda: EventFactory(participant_count=-19))


def test_quote_needs_a_speaker_or_a_description_of_one():
    refused(lambda: QuoteFactory(person=None, attribution=""))


def test_unnamed_speaker_may_be_described():
    quote = QuoteFactory(person=None, attribution="A participant from the Ministry of Interior")
    assert quote.speaker_name == "A participant from the Ministry of Interior"


def test_result_cannot_be_negative():
    refused(lambda: ResultFactory(value=Decimal("-150")))


def test_result_target_cannot_be_negative():
    refused(lambda: ResultFactory(value=Decimal("12"), target=Decimal("-13")))


def test_edition_with_stories_cannot_be_deleted():
    story = StoryFactory(bulletin=BulletinFactory(), position=1)
    with pytest.raises(ProtectedError):
        story.bulletin.delete()


def test_person_with_quotes_cannot_be_deleted():
    quote = QuoteFactory()
    with pytest.raises(ProtectedError):
        quote.person.delete()


def test_event_with_side_events_cannot_be_deleted():
    forum = EventFactory(kind_id="forum")
    EventFactory(kind_id="side-event", parent=forum)
    with pytest.raises(ProtectedError):
        forum.delete()


def test_figures_go_with_their_story_so_a_deleted_draft_leaves_nothing_public():
    result = ResultFactory(story=StoryFactory(status=Status.DRAFT, published_at=None))
    result.story.delete()
    assert not Result.objects.filter(pk=result.pk).exists()


# --- What readers see --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown", "iso"),
    [
        (datetime.date(2016, 11, 17), datetime.date(2016, 11, 18), "day", "17–18 November 2016", "2016-11-17"),
        (datetime.date(2016, 11, 30), datetime.date(2016, 12, 2), "day", "30 November – 2 December 2016", "2016-11-30"),
        (datetime.date(2016, 10, 1), None, "month", "October 2016", "2016-10"),
        (datetime.date(2016, 1, 1), None, "year", "2016", "2016"),
        (datetime.date(2016, 11, 17), None, "day", "17 November 2016", "2016-11-17"),
        (
            datetime.date(2016, 12, 30),
            datetime.date(2017, 1, 2),
            "day",
            "30 December 2016 – 2 January 2017",
            "2016-12-30",
        ),
        (datetime.date(2016, 10, 1), datetime.date(2016, 12, 1), "month", "October 2016 – December 2016", "2016-10"),
    ],
)
def test_event_date_shows_only_what_is_known(start, end, precision, shown, iso):
    event = EventFactory(start_date=start, end_date=end, date_precision=precision)
    assert str(event.when) == shown
    assert event.when.iso == iso


def test_dates_are_written_as_djangos_date_format_writes_them():
    from django.utils.dateformat import format as format_date

    from unodc_portal.partial_dates import DatePrecision, PartialDate

    for day in [datetime.date(2016, month, 9) for month in range(1, 13)] + [datetime.date(999, 3, 5)]:
        assert PartialDate(day, DatePrecision.DAY).display == format_date(day, "j F Y")
        assert PartialDate(day.replace(day=1), DatePrecision.MONTH).display == format_date(day, "F Y")


def test_bulletin_story_is_dated_by_its_edition():
    story = StoryFactory(
        bulletin=BulletinFactory(issue_date=datetime.date(2016, 12, 1), issue_date_precision="month"), position=1
    )
    assert str(story.when) == "December 2016"


def test_story_outside_an_edition_is_dated_by_publication():
    story = StoryFactory(published_at=timezone.make_aware(datetime.datetime(2025, 3, 12, 10, 0)))
    assert str(story.when) == "12 March 2025"


def test_result_reads_with_its_qualifier_and_unit():
    assert (
        ResultFactory(value=Decimal("150"), value_qualifier="more-than", unit="kg").display_value == "more than 150 kg"
    )


def test_quotes_of_a_draft_story_are_not_public():
    QuoteFactory(story=StoryFactory(status=Status.DRAFT))
    assert not Quote.objects.public().exists()


def test_figures_of_a_draft_story_are_not_public():
    ResultFactory(story=StoryFactory(status=Status.DRAFT))
    assert not Result.objects.public().exists()


def test_figures_of_a_published_story_are_public():
    ResultFactory(story=StoryFactory())
    assert Result.objects.public().count() == 1


def test_person_is_named_with_position():
    person = PersonFactory(name="Ashita Mittal", position="UNODC Regional Representative for Central Asia")
    assert str(person) == "Ashita Mittal"


def test_every_choice_is_shown_with_the_label_djangos_own_display_gives():
    """get_<field>_display() is answered from a dictionary built once per field; it must give
    what Django's own method gives for every option, and the raw value for an unknown one."""
    from django.apps import apps
    from django.db import models

    checked = 0
    for model in apps.get_models():
        if model._meta.app_label not in {"milestones", "programmes"}:
            continue
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            instance = model()
            for value in [value for value, _ in field.flatchoices] + ["no-such-value"]:
                setattr(instance, field.attname, value)
                shown = getattr(instance, f"get_{field.name}_display")()
                assert shown == models.Model._get_FIELD_display(instance, field), (model, field.name, value)
                assert isinstance(shown, str)
                checked += 1
    assert checked > 50
    assert Facility(kind="pcu").get_kind_display() == "Port Control Unit"
