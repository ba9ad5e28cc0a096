"""Editors write drafts only. Reference data (programmes, organisations, facilities, people,
funding) shows on public pages the moment it is saved, so from now on publishers keep it and
editors only read it; quotes and figures stay with the story they belong to (the admin lets an
editor change them only while that story is unpublished)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = {
    ("milestones", "bulletin"): ["view", "add", "change"],
    ("milestones", "story"): ["view", "add", "change", "delete"],
    ("milestones", "event"): ["view", "add", "change", "delete"],
    ("milestones", "eventorganisation"): ["view", "add", "change", "delete"],
    ("milestones", "quote"): ["view", "add", "change", "delete"],
    ("milestones", "result"): ["view", "add", "change", "delete"],
    ("milestones", "person"): ["view"],
    ("programmes", "country"): ["view"],
    ("programmes", "organisation"): ["view"],
    ("programmes", "programme"): ["view"],
    ("programmes", "contribution"): ["view"],
    ("programmes", "facility"): ["view"],
    ("programmes", "facilityfunding"): ["view"],
}
PUBLISHER = {key: ["view", "add", "change", "delete"] for key in EDITOR}
for model in ("bulletin", "story", "event"):
    PUBLISHER[("milestones", model)].append("publish")


def set_groups(apps, schema_editor):
    for label in ("milestones", "programmes"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0,
                           using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Editor", EDITOR), ("Publisher", PUBLISHER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([
            Permission.objects.get(content_type__app_label=app_label, content_type__model=model,
                                   codename=f"{action}_{model}")
            for (app_label, model), actions in grants.items()
            for action in actions
        ])


class Migration(migrations.Migration):
    dependencies = [("milestones", "0007_figures_belong_to_their_story")]

    operations = [migrations.RunPython(set_groups, migrations.RunPython.noop)]
