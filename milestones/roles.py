"""The two editorial roles, Django groups with exactly the permissions they need.

Editor: writes and changes drafts of stories, events and editions with their quotes and figures,
uploads images and submits work for review; reads the reference data (programmes, funding,
facilities, organisations, people). Publisher: everything an editor does, plus publishing,
scheduling and unpublishing, deleting, and keeping the reference data, which shows on public pages
the moment it is saved. What an editor may do with an item that is already published is decided
per item in milestones/admin.py.

The grants are written here only. The data migrations run `create_roles` (a migration that changes
the grants runs it again, and a squashed migration needs only it), and the tests' `roles` fixture
runs `grant_roles` for a database that a transactional test emptied. Models are read only through
the `apps` registry given, never imported: a migration passes the models as they were then.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

WRITE = ("view", "add", "change")
EVERYTHING = (*WRITE, "delete")

EDITOR = {
    # Drafts, and what belongs to them. Editions are only ever deleted by publishers.
    ("milestones", "bulletin"): WRITE,
    ("milestones", "story"): EVERYTHING,
    ("milestones", "event"): EVERYTHING,
    ("milestones", "eventorganisation"): EVERYTHING,
    ("milestones", "quote"): EVERYTHING,
    ("milestones", "result"): EVERYTHING,
    # Reference data is public as soon as it is saved, so editors only read it.
    ("milestones", "person"): ("view",),
    ("milestones", "eventkind"): ("view",),
    ("milestones", "eventrole"): ("view",),
    ("programmes", "country"): ("view",),
    ("programmes", "organisation"): ("view",),
    ("programmes", "programme"): ("view",),
    ("programmes", "contribution"): ("view",),
    ("programmes", "facility"): ("view",),
    ("programmes", "facilityfunding"): ("view",),
    # Issue 16: publications are drafted like stories; themes are reference data.
    ("milestones", "publication"): EVERYTHING,
    ("programmes", "theme"): ("view",),
    # Issue 16, items 4 and 5: an event's other places belong to it; a series is only a name
    # its sessions share, shown on their pages, so editors start one for the sessions they enter.
    ("milestones", "eventplace"): EVERYTHING,
    ("milestones", "eventseries"): WRITE,
    # Issue 18: editors import editions and review the draft stories made (the review's changes
    # take the right to change stories); the record of an import is never changed.
    ("milestones", "bulletinimport"): ("view", "add"),
    # Issue 20: like a series of events, an indicator is a name its reports share, which editors
    # start for the figures they enter.
    ("milestones", "indicator"): WRITE,
    # Issue 20, item 3: the rates the funding ledger converts with are reference data.
    ("programmes", "exchangerate"): ("view",),
}
PUBLISHABLE = {
    ("milestones", "bulletin"),
    ("milestones", "story"),
    ("milestones", "event"),
    ("milestones", "publication"),
}
# The same for publishers as for editors: what an import made is reviewed in the stories.
SAME_FOR_PUBLISHERS = {("milestones", "bulletinimport")}
PUBLISHER = {
    key: EDITOR[key] if key in SAME_FOR_PUBLISHERS else (*EVERYTHING, "publish") if key in PUBLISHABLE else EVERYTHING
    for key in EDITOR
}

ROLES = {"Editor": EDITOR, "Publisher": PUBLISHER}


def grant_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Makes the groups in ROLES, each with exactly its permissions (any other it had is taken
    away). A permission the registry's models do not have yet is left out: run by a migration
    against the models as they were then, it is granted by the later migration that adds it and
    runs this again. (A test checks that the groups end with exactly ROLES, so a misspelt grant
    does not go unnoticed.)"""
    # Django creates permissions after all migrations have run; the groups need them now.
    for label in sorted({app_label for grants in ROLES.values() for app_label, _ in grants}):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        listed = Q()
        for (app_label, model), actions in grants.items():
            codenames = [f"{action}_{model}" for action in actions]
            listed |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(Permission.objects.using(using).filter(listed))


def create_roles(apps, schema_editor):
    """`grant_roles` as a migration's RunPython step."""
    grant_roles(apps, schema_editor.connection.alias)


def remove_roles(apps, schema_editor):
    """The reverse of `create_roles`: the groups go, and their members lose what they granted."""
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name__in=ROLES).delete()
