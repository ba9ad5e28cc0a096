"""Themes on stories and events; publications (issue 16, items 6 and 10).

After the tables come, as milestones/0001_squashed does for the others:
- on PostgreSQL, the stored search vector of publications with its GIN index (a literal copy of
  `vector_sql()` of milestones.search.SEARCHED_FIELDS; tests/milestones/test_searched_fields.py
  compares them);
- the Editor and Publisher groups again (milestones/roles.py), now with the grants for
  publications and themes. Going back leaves the groups as they are: their grants for the
  removed models go with those models' permissions.

No change to the events table or its country links, so the concerned-countries triggers stay.
"""

import django.db.models.deletion
import milestones.documents
from django.conf import settings
from django.db import migrations, models

from milestones.roles import create_roles

SEARCH_VECTORS = {
    "milestones_publication": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')"
    ),
}


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in SEARCH_VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)")


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0002_event_kinds_and_roles'),
        ('programmes', '0002_themes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='themes',
            field=models.ManyToManyField(blank=True, related_name='events', to='programmes.theme', verbose_name='themes'),
        ),
        migrations.AddField(
            model_name='story',
            name='themes',
            field=models.ManyToManyField(blank=True, related_name='stories', to='programmes.theme', verbose_name='themes'),
        ),
        migrations.CreateModel(
            name='Publication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('slug', models.SlugField(help_text='The last part of the address. Filled in from the title; keep it once published.', max_length=120, unique=True, verbose_name='slug')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', max_length=10, verbose_name='status')),
                ('published_at', models.DateTimeField(blank=True, help_text='Shown on the public site only from this time on, and only if the status is Published.', null=True, verbose_name='publication time')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('summary', models.TextField(blank=True, help_text='One or two sentences shown in lists.', verbose_name='summary')),
                ('date', models.DateField(blank=True, help_text='When the office published it: the 1st of the month or year if that is all that is known.', null=True, verbose_name='date')),
                ('date_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='date known to')),
                ('languages', models.JSONField(blank=True, default=list, help_text='The languages the document is available in.', validators=[milestones.documents.validate_language_codes], verbose_name='languages')),
                ('file', models.FileField(blank=True, help_text='A PDF document of up to 10 MB. Give a PDF file or an outside link, not both.', max_length=200, upload_to=milestones.documents.publication_upload_to, verbose_name='PDF file')),
                ('link', models.URLField(blank=True, help_text='Where the document is published, if not uploaded here: give a PDF file or a link, not both.', max_length=500, verbose_name='outside link')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('countries', models.ManyToManyField(blank=True, related_name='publications', to='programmes.country', verbose_name='countries')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('events', models.ManyToManyField(blank=True, help_text='For example the event where the report was launched.', related_name='publications', to='milestones.event', verbose_name='events')),
                ('programmes', models.ManyToManyField(blank=True, related_name='publications', to='programmes.programme', verbose_name='programmes')),
                ('themes', models.ManyToManyField(blank=True, related_name='publications', to='programmes.theme', verbose_name='themes')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'publication',
                'verbose_name_plural': 'publications',
                'ordering': [models.OrderBy(models.F('date'), descending=True, nulls_last=True), '-id'],
                'permissions': [('publish_publication', 'Can publish, schedule and unpublish publications')],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='milestones_publication_published_has_time', violation_error_message='A published item needs a publication time.'), models.CheckConstraint(condition=models.Q(('date__isnull', True), ('date_precision', 'day'), models.Q(('date__day', 1), ('date_precision', 'month')), models.Q(('date__day', 1), ('date__month', 1), ('date_precision', 'year')), _connector='OR'), name='publication_date_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'), models.CheckConstraint(condition=models.Q(models.Q(('file', ''), models.Q(('link', ''), _negated=True)), models.Q(models.Q(('file', ''), _negated=True), ('link', '')), _connector='OR'), name='publication_file_or_link', violation_error_message='Give either a PDF file or an outside link, not both and not neither.')],
            },
        ),
        migrations.RunPython(add_search_vectors, drop_search_vectors),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
