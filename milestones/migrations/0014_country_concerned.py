"""The countries each event is held in or concerns, in one table kept by database triggers
(milestones/concerned_countries.py), filled here from the events as they are."""

import django.db.models.deletion
from django.db import migrations, models

from milestones.concerned_countries import create_triggers, drop_triggers


def create(apps, schema_editor):
    create_triggers(schema_editor)


def drop(apps, schema_editor):
    drop_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0013_result_newest_first'),
        ('programmes', '0003_facility_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='CountryConcerned',
            fields=[
                ('pk', models.CompositePrimaryKey('event', 'country', blank=True, editable=False, primary_key=True, serialize=False)),
                ('country', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.country', verbose_name='country')),
                ('event', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='milestones.event', verbose_name='event')),
            ],
            options={
                'verbose_name': 'country concerned',
                'verbose_name_plural': 'countries concerned',
                'db_table': 'milestones_country_concerned',
                "ordering": ["event_id", "country_id"],
                'indexes': [models.Index(fields=['country', 'event'], name='country_concerned_by_country')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
