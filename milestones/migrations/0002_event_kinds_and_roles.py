"""Kinds of event and roles at events become lists that publishers keep (issue 16, item 3).

The events' `kind` and the participations' `role` columns keep their names and values (the
slugs), now foreign keys to the new tables, which start with the terms of
milestones/reference_data.py. On SQLite, altering the events table rebuilds it, so the
concerned-countries triggers are dropped first and made again last (milestones/concerned_countries.py).
"""

import django.db.models.deletion
from django.db import migrations, models

from milestones.concerned_countries import create_triggers_step, drop_triggers_step
from milestones.reference_data import create_reference_terms
from milestones.roles import create_roles




class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0001_squashed'),
    ]

    operations = [
        migrations.RunPython(drop_triggers_step, create_triggers_step),
        migrations.CreateModel(
            name='EventKind',
            fields=[
                ('slug', models.SlugField(help_text='Its name in addresses and exports: lower-case letters, digits and hyphens. It cannot be changed once saved.', max_length=20, primary_key=True, serialize=False, verbose_name='slug')),
                ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                ('description', models.CharField(blank=True, help_text='For editors choosing a term.', max_length=300, verbose_name='what it covers')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Lower numbers are listed first.', verbose_name='order')),
                ('plural_name', models.CharField(help_text="For example 'Trainings'.", max_length=80, verbose_name='plural name')),
            ],
            options={
                'verbose_name': 'kind of event',
                'verbose_name_plural': 'kinds of event',
                'ordering': ['order', 'name'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='EventRole',
            fields=[
                ('slug', models.SlugField(help_text='Its name in addresses and exports: lower-case letters, digits and hyphens. It cannot be changed once saved.', max_length=20, primary_key=True, serialize=False, verbose_name='slug')),
                ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                ('description', models.CharField(blank=True, help_text='For editors choosing a term.', max_length=300, verbose_name='what it covers')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Lower numbers are listed first.', verbose_name='order')),
            ],
            options={
                'verbose_name': 'role at an event',
                'verbose_name_plural': 'roles at events',
                'ordering': ['order', 'name'],
                'abstract': False,
            },
        ),
        migrations.RunPython(create_reference_terms, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='eventorganisation',
            options={'ordering': ['role_id', 'organisation__name'], 'verbose_name': 'organisation at the event', 'verbose_name_plural': 'organisations at the event'},
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.ForeignKey(db_column='kind', db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='milestones.eventkind', verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='eventorganisation',
            name='role',
            field=models.ForeignKey(db_column='role', db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='milestones.eventrole', verbose_name='role'),
        ),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_triggers_step, drop_triggers_step),
    ]
