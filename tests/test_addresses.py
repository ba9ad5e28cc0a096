"""Detail page addresses are filled in from a route reversed once; they must be what reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from tests.factories import (
    BulletinFactory,
    CountryFactory,
    EventFactory,
    FacilityFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    StoryFactory,
)
from unodc_portal.addresses import detail_url

pytestmark = pytest.mark.django_db

ITEMS = [
    (lambda: CountryFactory(iso2="tj"), "programmes:country-detail", "iso2"),
    (lambda: OrganisationFactory(slug="border-guard_service-2"), "programmes:organisation-detail", "slug"),
    (lambda: ProgrammeFactory(slug="programme-for-central-asia"), "programmes:programme-detail", "slug"),
    (lambda: FacilityFactory(slug="pcu-aktau"), "programmes:facility-detail", "slug"),
    (lambda: BulletinFactory(slug="milestones-2016"), "milestones:bulletin-detail", "slug"),
    (lambda: EventFactory(slug="training-in-osh"), "milestones:event-detail", "slug"),
    (lambda: StoryFactory(slug="new-pcus"), "milestones:story-detail", "slug"),
    (lambda: PersonFactory(slug="jeremy-douglas"), "milestones:person-detail", "slug"),
]


@pytest.mark.parametrize(("make", "view_name", "key"), ITEMS)
def test_each_detail_address_is_what_reverse_gives(make, view_name, key):
    item = make()
    assert item.get_absolute_url() == reverse(view_name, args=[getattr(item, key)])
    assert getattr(item, key) in item.get_absolute_url()


def test_addresses_follow_the_prefix_the_site_is_served_under():
    """Behind a proxy that serves the portal under /portal/ (SCRIPT_NAME), links carry it."""
    story = StoryFactory(slug="new-pcus")
    assert story.get_absolute_url() == "/news/new-pcus/"
    set_script_prefix("/portal/")
    try:
        assert story.get_absolute_url() == "/portal/news/new-pcus/"
    finally:
        set_script_prefix("/")
    assert story.get_absolute_url() == "/news/new-pcus/"


def test_a_key_that_is_not_a_plain_slug_is_checked_and_quoted_as_reverse_does():
    """Slugs are checked by the admin's forms, not by the database: one written in by hand
    must not make a broken or unescaped link."""
    assert detail_url("programmes:country-detail", "a b?") == "/countries/a%20b%3F/"
    for bad in ("", "a b", "a?b#c", "x/y"):
        with pytest.raises(NoReverseMatch):
            detail_url("milestones:story-detail", bad)
