"""The reporting story is now kept on the story (milestones/0017 copied the links)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_facility_order"),
        ("milestones", "0017_funding_reported_in_stories"),
    ]

    operations = [
        migrations.RemoveField(model_name="contribution", name="reported_in"),
        migrations.RemoveField(model_name="facilityfunding", name="reported_in"),
    ]
