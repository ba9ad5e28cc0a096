import copy

import pytest
from django.core.management import call_command
from django.utils import translation

from milestones.reference_data import add_russian_names, create_reference_terms
from milestones.roles import grant_roles
from tests.factories import UserFactory
from tests.isolation import isolated
from tests.portal_client import PortalClient


@pytest.fixture
def client():
    return PortalClient()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A "replica" alias mirroring the test database (as settings.py makes it with
    DATABASE_REPLICA_URL), for the read replica's tests: tests/test_replica_reads.py turns the
    router on; nothing else reads through the alias. (pytest-django's hook for changing the
    databases before they are set up.)"""
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        primary = settings.DATABASES["default"]
        test = {**primary.get("TEST", {}), "MIRROR": "default", "NAME": None}
        settings.DATABASES["replica"] = {**copy.deepcopy(primary), "TEST": test}


@pytest.fixture(autouse=True)
def _test_settings(tmp_path):
    with isolated(tmp_path):
        yield


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request leaves the language of its address active in the thread (the middleware of
    unodc_portal/languages.py activates it): after a test that asked for /ru/..., the next one
    would read dates and labels in Russian. Each test ends as it began, with none active."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_terms(request):
    """The kinds of event and roles at events, made by the same code as their data migration
    (milestones/reference_data.py). A transactional test empties every table when it ends,
    these with them, and events cannot be saved without their kind."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    create_reference_terms()
    add_russian_names()


@pytest.fixture
def seed(db):
    """The seed bulletin, loaded as `make run` loads it."""
    call_command("load_seed", verbosity=0)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def roles(db):
    """The Editor and Publisher groups, made by the same code as their data migrations
    (milestones/roles.py).

    They exist after `migrate`, but a transactional test (browser tests, backups) empties the
    database afterwards, so those tests make them again with this fixture.
    """
    grant_roles()
