"""Project-wide guards: every public page answers with one <h1>, every admin page loads,
and no model change is left without its migration."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from milestones.models import Result
from tests.factories import BulletinFactory, EventFactory, PersonFactory, ResultFactory, StoryFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/news/",
    "/news/sixth-expert-forum-criminal-justice-central-asia/",
    "/bulletins/",
    "/bulletins/milestones-september-december-2016/",
    "/events/",
    "/events/?country=uz&kind=training",
    "/events/intelligence-analysis-training-caricc-almaty/",
    "/facilities/",
    "/facilities/pcu-aktau-seaport/",
    "/programmes/",
    "/programmes/programme-for-central-asia/",
    "/donors/",
    "/donors/government-of-japan/",
    "/countries/",
    "/countries/tj/",
    "/organisations/",
    "/organisations/caricc/",
    "/people/",
    "/people/ashita-mittal/",
    "/quotes/",
    "/quotes/?person=ashita-mittal",
    "/results/",
    "/results/?country=uz",
    "/quotes/1/",
    "/search/?q=border",
    "/themes/",
    "/themes/border-management/",
    "/publications/",
    "/api/",
    "/ru/api/",
]


def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_answers_with_exactly_one_h1(client, seed, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/news/feed/",
        "/news/feed/atom/",
        "/events/feed/",
        "/publications/feed/",
        "/themes/border-management/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/events/csv/?country=uz&kind=training",
        "/events/ical/",
        "/events/sixth-expert-forum-criminal-justice-central-asia/ical/",
        "/ru/news/csv/",
        "/facilities/csv/",
        "/programmes/csv/",
        "/donors/csv/",
        "/api/v1/events/?country=uz&kind=training",
        "/api/v1/openapi.json",
    ],
)
def test_machine_readable_page_answers(client, seed, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_admin_changelist_and_add_page_load_for_a_superuser(admin_client, superuser, rf, seed, model):
    opts = model._meta
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    request = rf.get("/")
    request.user = superuser
    if admin.site._registry[model].has_add_permission(request):  # sign-in attempts are only recorded
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_admin_change_page_loads_for_a_seeded_row(admin_client, seed, model):
    obj = model.objects.first()
    if obj is None:
        pytest.skip(f"the seed has no {model._meta.verbose_name}")
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client.get(url).status_code == 200


def test_every_model_of_the_portal_is_in_the_admin():
    from django.apps import apps

    ours = {m for m in apps.get_models() if m._meta.app_label in {"programmes", "milestones"}}
    # The event-organisation link and an event's other places are edited inside their event, as
    # inlines; the countries an event concerns are written by database triggers from the
    # event's own fields. An imported story's record is shown inside its import, and its link
    # suggestions are decided on the import's review screen.
    assert ours - set(admin.site._registry) == {
        apps.get_model("milestones", "ImportedStory"),
        apps.get_model("milestones", "LinkSuggestion"),
        apps.get_model("milestones", "EventOrganisation"),
        apps.get_model("milestones", "EventPlace"),
        apps.get_model("milestones", "CountryConcerned"),
    }


def test_admin_change_pages_load_for_counts_money_printed_numbers_and_signatures(admin_client):
    rows = [
        EventFactory(
            participant_count=30,
            participant_count_qualifier="approximately",
            participant_breakdown="15 prosecutors and 15 police investigators",
        ),
        ResultFactory(
            kind=Result.Kind.MONEY,
            currency="USD",
            unit="",
            as_of=datetime.date(2015, 1, 1),
            period_end=datetime.date(2019, 1, 1),
            as_of_precision="year",
        ),
        BulletinFactory(number="03(2015)"),
        StoryFactory(signed_by=PersonFactory()),
        StoryFactory(byline="By the UNODC Regional Office"),
    ]
    for obj in rows:
        opts = obj._meta
        page = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert page.status_code == 200, obj
    page = admin_client.get(reverse("admin:milestones_result_changelist"))
    assert "more than 150 USD" in page.content.decode()


def test_admin_explains_a_money_figure_without_its_currency(admin_client):
    data = {
        "label": "spent on equipment",
        "value": "2500000",
        "value_qualifier": "exact",
        "unit": "",
        "kind": "money",
        "currency": "",
        "as_of_precision": "day",
        "story": StoryFactory().pk,
    }
    page = admin_client.post(reverse("admin:milestones_result_add"), data)
    assert page.status_code == 200
    assert "Money needs its ISO 4217 currency" in page.content.decode()
