"""The two editorial roles, with exactly the permissions they need.

Editor: writes and changes drafts of everything the bulletin reports, uploads images and submits
work for review. Publisher: everything an editor does, plus publishing, scheduling and
unpublishing, deleting, and keeping the list of countries. (What an editor may do with an item
that is already published is decided per item in milestones/admin.py.)
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITE = ["view", "add", "change"]
EDITOR = {
    ("milestones", "bulletin"): WRITE,
    ("milestones", "story"): [*WRITE, "delete"],
    ("milestones", "event"): [*WRITE, "delete"],
    ("milestones", "eventorganisation"): [*WRITE, "delete"],
    ("milestones", "person"): WRITE,
    ("milestones", "quote"): [*WRITE, "delete"],
    ("milestones", "result"): [*WRITE, "delete"],
    ("programmes", "country"): ["view"],
    ("programmes", "organisation"): WRITE,
    ("programmes", "programme"): WRITE,
    ("programmes", "contribution"): WRITE,
    ("programmes", "facility"): WRITE,
    ("programmes", "facilityfunding"): WRITE,
}
PUBLISHER = {key: ["view", "add", "change", "delete"] for key in EDITOR}
PUBLISHER[("milestones", "bulletin")] = ["view", "add", "change", "delete", "publish"]
PUBLISHER[("milestones", "story")] = ["view", "add", "change", "delete", "publish"]
PUBLISHER[("milestones", "event")] = ["view", "add", "change", "delete", "publish"]


def permissions_for(apps, grants):
    Permission = apps.get_model("auth", "Permission")
    wanted = []
    for (app_label, model), actions in grants.items():
        for action in actions:
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, content_type__model=model,
                                       codename=f"{action}_{model}")
            )
    return wanted


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for label in ("milestones", "programmes"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0,
                           using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    for name, grants in (("Editor", EDITOR), ("Publisher", PUBLISHER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(apps, grants))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0004_publish_permissions_and_image_size"),
        ("programmes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
