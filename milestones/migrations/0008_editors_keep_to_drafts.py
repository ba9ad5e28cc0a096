"""Editors write drafts only. Reference data (programmes, organisations, facilities, people,
funding) shows on public pages the moment it is saved, so from now on publishers keep it and
editors only read it; quotes and figures stay with the story they belong to (the admin lets an
editor change them only while that story is unpublished). The grants are in
milestones/roles.py, which 0005 now runs too; this step stays for databases migrated before."""

from django.db import migrations

from milestones.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [("milestones", "0007_figures_belong_to_their_story")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
