"""Kinds of event and roles at events are lists publishers keep (issue 16, item 3): the office's
news needs more of them than the first bulletin did, and editors must not be made to pick a
wrong one."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError

from milestones.models import Event, EventKind, EventOrganisation, EventRole
from tests.factories import CountryFactory, EventFactory, EventOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_publisher(client):
    user = UserFactory(username="publisher", is_staff=True)
    user.groups.add(Group.objects.get(name="Publisher"))
    client.force_login(user)
    return client


@pytest.fixture
def as_editor(client):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


def test_the_kinds_start_with_the_bulletins_terms_and_those_real_news_needs():
    slugs = set(EventKind.objects.values_list("slug", flat=True))
    # The filter values of the first bulletin's kinds stay exactly as they were.
    assert {"signing", "opening", "training", "forum", "study-visit"} <= slugs
    assert {"meeting", "conference", "handover", "launch", "press-briefing"} <= slugs
    roles = set(EventRole.objects.values_list("slug", flat=True))
    assert {"organiser", "partner", "signatory", "host", "participant", "guest"} <= roles
    assert {"recipient", "trainer", "speaker", "observer", "funder"} <= roles


def test_a_kind_a_publisher_adds_is_a_filter_of_the_events_list(as_publisher, client):
    response = as_publisher.post(
        "/admin/milestones/eventkind/add/",
        {"name": "Donor visit", "plural_name": "Donor visits", "slug": "donor-visit", "order": "5"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    uz = CountryFactory(iso2="uz", name="Uzbekistan")
    EventFactory(title="Japanese delegation visits the BLO", kind_id="donor-visit", host_country=uz)
    EventFactory(title="Training in Tashkent", kind_id="training", host_country=uz)
    client.logout()

    page = client.get("/events/?country=uz&kind=donor-visit")
    assert [event.title for event in page.context["events"]] == ["Japanese delegation visits the BLO"]
    facet = {facet.name: facet for facet in page.context["facets"]}["kind"]
    assert [(option.value, option.label, option.count) for option in facet.options] == [
        ("donor-visit", "Donor visit", 1),
        ("training", "Training", 1),
    ]
    assert "Donor visit" in client.get("/events/").content.decode()


def test_a_kind_in_use_cannot_be_deleted(as_publisher):
    EventFactory(kind_id="handover")
    with pytest.raises(ProtectedError):
        EventKind.objects.get(pk="handover").delete()
    page = as_publisher.post("/admin/milestones/eventkind/handover/delete/", {"post": "yes"})
    assert "would require deleting the following protected related objects" in page.content.decode()
    assert EventKind.objects.filter(pk="handover").exists()
    # A kind a publisher added that no event uses goes.
    EventKind.objects.create(slug="donor-visit", name="Donor visit", plural_name="Donor visits")
    as_publisher.post("/admin/milestones/eventkind/donor-visit/delete/", {"post": "yes"})
    assert not EventKind.objects.filter(pk="donor-visit").exists()


@pytest.mark.parametrize("model, slug", [("eventkind", "forum"), ("eventrole", "organiser")])
def test_a_term_the_portal_starts_with_stays_even_when_unused(as_publisher, model, slug):
    """`/events/?kind=forum` is a promised address, and the structured data names the organiser
    by its role: neither may vanish because no event uses it today."""
    page = as_publisher.post(f"/admin/milestones/{model}/{slug}/delete/", {"post": "yes"})
    assert "one of the terms the portal starts with" in page.content.decode()
    bulk = as_publisher.post(
        f"/admin/milestones/{model}/", {"action": "delete_selected", "_selected_action": [slug], "post": "yes"}
    )
    assert "one of the terms the portal starts with" in bulk.content.decode()
    Model = EventKind if model == "eventkind" else EventRole
    assert Model.objects.filter(pk=slug).exists()


def test_a_role_in_use_cannot_be_deleted():
    EventOrganisationFactory(role_id="trainer")
    with pytest.raises(ProtectedError):
        EventRole.objects.get(pk="trainer").delete()


def test_a_saved_slug_cannot_be_changed_in_the_admin(as_publisher):
    """Addresses carry the slug: changing it would break every link to the filtered list."""
    page = as_publisher.get("/admin/milestones/eventkind/training/change/")
    assert 'name="slug"' not in page.content.decode()
    as_publisher.post(
        "/admin/milestones/eventkind/training/change/",
        {"name": "Training course", "plural_name": "Training courses", "slug": "course", "order": "30"},
    )
    kind = EventKind.objects.get(pk="training")
    assert kind.name == "Training course"
    assert not EventKind.objects.filter(pk="course").exists()


def test_editors_read_the_lists_and_only_publishers_change_them(as_editor):
    assert as_editor.get("/admin/milestones/eventkind/").status_code == 200
    assert as_editor.get("/admin/milestones/eventkind/add/").status_code == 403
    assert as_editor.get("/admin/milestones/eventrole/add/").status_code == 403


def test_event_pages_name_the_kind_and_each_organisations_role(client):
    event = EventFactory(title="Handover of scanners to the PCU", kind_id="handover")
    EventOrganisationFactory(event=event, organisation__name="Customs Committee", role_id="recipient")
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<span class="label">Handover</span>' in page
    assert 'Customs Committee</a> <span class="meta">· Recipient</span>' in page


def test_the_structured_data_names_the_organiser_by_its_role():
    event = EventFactory()
    EventOrganisationFactory(event=event, organisation__name="UNODC", role_id=EventOrganisation.ORGANISER)
    EventOrganisationFactory(event=event, organisation__name="OSCE", role_id="trainer")
    event = Event.objects.prefetch_related("participations__organisation").get(pk=event.pk)
    data = event.schema_org(lambda path: f"https://example.org{path}")
    assert data["organizer"] == [{"@type": "Organization", "name": "UNODC"}]
