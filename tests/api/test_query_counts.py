"""Every API endpoint runs the same number of queries with 1 row or 50 of everything it gives,
and the fields read after the prefetch cost no query."""

import pytest

from milestones.models import Quote, Result
from programmes.models import Contribution
from tests.test_query_counts import World, measured, measured_with_1_and_50_rows, queries_for
from unodc_portal.content_version import current_version

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/events/",
    "/api/v1/events/?country=uz&kind=training&year=2016&programme=programme&donor=donor",
    "/api/v1/events/event/",
    "/api/v1/stories/",
    "/api/v1/stories/?theme=theme&country=uz&programme=programme&year=2016",
    "/api/v1/stories/story/",
    "/api/v1/editions/",
    "/api/v1/editions/edition/",
    "/api/v1/publications/",
    "/api/v1/publications/publication/",
    "/api/v1/programmes/",
    "/api/v1/programmes/programme/",
    "/api/v1/facilities/",
    "/api/v1/facilities/?country=uz&kind=pcu&programme=programme",
    "/api/v1/facilities/facility/",
    "/api/v1/organisations/",
    "/api/v1/organisations/donor/",
    "/api/v1/donors/",
    "/api/v1/contributions/",
    "/api/v1/countries/",
    "/api/v1/countries/uz/",
    "/api/v1/themes/",
    "/api/v1/themes/theme/",
    "/api/v1/people/",
    "/api/v1/quotes/",
    "/api/v1/figures/",
    # Each page as large as it gets: the rows of one page are read in the same queries.
    "/api/v1/events/?page_size=100",
    "/api/v1/quotes/?page_size=100",
]


@pytest.fixture(scope="module")
def endpoints_with_1_and_50_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    return measured_with_1_and_50_rows(django_db_blocker, tmp_path_factory.mktemp("stamp"), ENDPOINTS)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_endpoint_runs_the_same_queries_with_1_or_50_rows(endpoints_with_1_and_50_rows, path):
    (status_one, with_one, first), (status_fifty, with_fifty, then) = measured(endpoints_with_1_and_50_rows[path])
    assert (status_one, status_fifty) == (200, 200), (path, first.content[:300], then.content[:300])
    assert with_fifty == with_one, f"{path}: {with_one} queries with 1 row, {with_fifty} with 50"
    first, data = first.json(), then.json()
    if "results" in data and path not in ("/api/v1/editions/", "/api/v1/countries/"):  # one edition, 7 countries
        assert len(data["results"]) > len(first["results"]) or data["count"] > first["count"], path


def test_details_of_items_known_by_number_run_the_same_queries(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world = World()
    world.add(1)
    paths = [
        f"/api/v1/quotes/{Quote.objects.first().pk}/",
        f"/api/v1/figures/{Result.objects.first().pk}/",
        f"/api/v1/contributions/{Contribution.objects.first().pk}/",
    ]
    # The content version state is worked out once per change, by the first request after it
    # (unodc_portal/fragments.py, RequestStateMiddleware): not a cost of the rows counted here.
    current_version()
    with_one = [queries_for(client, path)[:2] for path in paths]
    assert [status for status, _ in with_one] == [200, 200, 200]
    world.add(49)
    assert [queries_for(client, path)[:2] for path in paths] == with_one
