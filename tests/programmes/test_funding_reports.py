"""The stories that report a funding: named on the donor's page, and what keeps a reported funding
from being deleted while a published story reports it."""

import re

import pytest
from django.contrib.auth.models import Group

from milestones.models import Status
from programmes.models import Contribution
from tests.factories import ContributionFactory, OrganisationFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_publisher(client):
    user = UserFactory(username="publisher", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    client.force_login(user)
    return client


def test_the_donor_page_links_each_public_story_that_reports_a_contribution(client):
    donor = OrganisationFactory(slug="japan", name="Government of Japan")
    grant = ContributionFactory(donor=donor)
    StoryFactory(title="Japan signs a grant for mobile teams").contributions.add(grant)
    StoryFactory(title="Mobile teams: one year on").contributions.add(grant)
    StoryFactory(title="Draft about the grant", status=Status.DRAFT).contributions.add(grant)
    page = client.get("/donors/japan/").content.decode()
    source_cell = re.search(r'<td><a href="/news/.*?</td>', page).group(0)
    linked = re.findall(r">([^<]+)</a>", source_cell)
    assert linked == ["Japan signs a grant for mobile teams", "Mobile teams: one year on"]
    assert "Draft about the grant" not in page


def test_a_contribution_no_public_story_reports_says_so(client):
    donor = OrganisationFactory(slug="japan")
    ContributionFactory(donor=donor)
    page = client.get("/donors/japan/").content.decode()
    assert "<td>—</td>" in page


def test_a_contribution_a_published_story_reports_cannot_be_deleted(as_publisher):
    grant = ContributionFactory()
    StoryFactory(title="Japan signs a grant").contributions.add(grant)
    page = as_publisher.post(f"/admin/programmes/contribution/{grant.pk}/delete/", {"post": "yes"})
    assert "Japan signs a grant" in page.content.decode()
    assert Contribution.objects.filter(pk=grant.pk).exists()


def test_nor_through_its_programmes_inline(as_publisher):
    grant = ContributionFactory()
    StoryFactory(title="Japan signs a grant").contributions.add(grant)
    programme = grant.programme
    form = as_publisher.get(f"/admin/programmes/programme/{programme.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(
        {
            "title": programme.title,
            "slug": programme.slug,
            "kind": programme.kind,
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "contributions-TOTAL_FORMS": "1",
            "contributions-INITIAL_FORMS": "1",
            "contributions-0-id": str(grant.pk),
            "contributions-0-programme": str(programme.pk),
            "contributions-0-donor": str(grant.donor_id),
            "contributions-0-amount_qualifier": grant.amount_qualifier,
            "contributions-0-amount_usd_qualifier": grant.amount_usd_qualifier,
            "contributions-0-date_precision": grant.date_precision,
            "contributions-0-DELETE": "on",
        }
    )
    page = as_publisher.post(f"/admin/programmes/programme/{programme.pk}/change/", data)
    assert page.status_code == 200, "the form should be shown again with the error"
    assert "published items link to it" in page.content.decode()
    assert Contribution.objects.filter(pk=grant.pk).exists()
