"""Publishers keep the exchange rates, editors read them (issue 20, item 3). The grant lives
here, not in the programmes migration that adds the model: the roles are milestones' (roles.py)."""

from django.db import migrations

from milestones.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0015_indicators"),
        ("programmes", "0010_exchange_rates"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
