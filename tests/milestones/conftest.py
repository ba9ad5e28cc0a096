"""An editor and a publisher of the editors' groups, for the workflow and the revision history."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True, first_name="Dilnoza", last_name="Karimova")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def publisher(db):
    user = UserFactory(username="publisher", is_staff=True, first_name="Timur", last_name="Rakhimov")
    user.groups.add(Group.objects.get(name="Publisher"))
    return user


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_publisher(client, publisher):
    client.force_login(publisher)
    return client
