import pytest
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed static files need `collectstatic`; tests use the plain storage instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
