"""The milestones schema as one migration, with the database rules the models cannot declare.

Squashed in December 2026 from 0001_initial ... 0017_funding_reported_in_stories, while no
production database existed: a database that had all of those applied is taken as migrated
by this one. After the tables come:
- on PostgreSQL, a stored full-text search vector with a GIN index on each table the site search
  covers, kept in its row (storage MAIN: ranking reads the vector, not the wide bodies) and built
  from the fields `milestones.search.SEARCHED_FIELDS` declares (the SQL below is a literal copy, so
  that this migration keeps its meaning whatever the app code becomes;
  tests/milestones/test_searched_fields.py fails if the two differ). SQLite has no full-text type:
  the site searches there with a word match instead;
- on PostgreSQL, finer planner statistics for the programme links: with the default, a programme
  few events belong to is estimated at the average share and its timeline walks the newest events;
- an index on the events' country links by country, then event, so that a country's events are
  read from the index alone;
- the triggers that keep the countries each event concerns (milestones/concerned_countries.py);
- the Editor and Publisher groups (milestones/roles.py).
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from milestones.concerned_countries import create_triggers_step, drop_triggers_step
from milestones.roles import create_roles, remove_roles

SEARCH_VECTORS = {
    "milestones_story": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '') || ' ' || coalesce(body_text, '')), 'B')"
    ),
    "milestones_event": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(summary, '') || ' ' || coalesce(city, '') || ' ' "
        "|| coalesce(venue, '')), 'B')"
    ),
    "programmes_programme": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(short_title, '') || ' ' || coalesce(acronym, '') "
        "|| ' ' || coalesce(summary, '') || ' ' || coalesce(description, '')), 'B')"
    ),
    "programmes_facility": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(place, '') || ' ' || coalesce(description, '')), 'B')"
    ),
    "programmes_organisation": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(acronym, '') || ' ' || coalesce(description, '')), 'B')"
    ),
}
# Rows wide enough to be toasted keep these vectors in the row and move their bodies out instead.
VECTORS_KEPT_INLINE = ("milestones_story", "milestones_event")
# A statistics target above the number of programmes: every programme's own share is known.
PROGRAMME_LINKS = (("milestones_event_programmes", "programme_id"), ("milestones_story_programmes", "programme_id"))


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in SEARCH_VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)")
        if table in VECTORS_KEPT_INLINE:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


def programme_link_statistics(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in PROGRAMME_LINKS:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}")
            # The target counts from the next ANALYZE; link tables change too rarely to wait for
            # autovacuum to run one.
            schema_editor.execute(f"ANALYZE {table} ({column})")

    return run





class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("milestones", "0001_initial"),
        ("milestones", "0002_initial"),
        ("milestones", "0003_search_vectors"),
        ("milestones", "0004_publish_permissions_and_image_size"),
        ("milestones", "0005_editor_and_publisher_groups"),
        ("milestones", "0006_list_indexes"),
        ("milestones", "0007_figures_belong_to_their_story"),
        ("milestones", "0008_editors_keep_to_drafts"),
        ("milestones", "0009_bulletin_order_nulls_last"),
        ("milestones", "0010_published_lists"),
        ("milestones", "0011_programme_link_statistics"),
        ("milestones", "0012_event_countries_by_country"),
        ("milestones", "0013_result_newest_first"),
        ("milestones", "0014_country_concerned"),
        ("milestones", "0015_story_body_renderings"),
        ("milestones", "0016_search_vectors_kept_inline"),
        ("milestones", "0017_funding_reported_in_stories"),
    ]

    dependencies = [
        ('programmes', '0001_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The groups' permissions (create_roles, last step) need the finished auth and
        # contenttypes tables.
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Bulletin',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('slug', models.SlugField(help_text='The last part of the address. Filled in from the title; keep it once published.', max_length=120, unique=True, verbose_name='slug')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', max_length=10, verbose_name='status')),
                ('published_at', models.DateTimeField(blank=True, help_text='Shown on the public site only from this time on, and only if the status is Published.', null=True, verbose_name='publication time')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('number', models.PositiveSmallIntegerField(blank=True, null=True, unique=True, verbose_name='number')),
                ('period_label', models.CharField(blank=True, help_text="As printed, for example 'September–December 2016'.", max_length=100, verbose_name='period covered')),
                ('issue_date', models.DateField(blank=True, null=True, verbose_name='issue date')),
                ('issue_date_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='issue date known to')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'bulletin edition',
                'verbose_name_plural': 'bulletin editions',
                'ordering': [models.OrderBy(models.F('issue_date'), descending=True, nulls_last=True), models.OrderBy(models.F('number'), descending=True, nulls_last=True)],
                'permissions': [('publish_bulletin', 'Can publish, schedule and unpublish editions')],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('slug', models.SlugField(help_text='The last part of the address. Filled in from the title; keep it once published.', max_length=120, unique=True, verbose_name='slug')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', max_length=10, verbose_name='status')),
                ('published_at', models.DateTimeField(blank=True, help_text='Shown on the public site only from this time on, and only if the status is Published.', null=True, verbose_name='publication time')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('kind', models.CharField(choices=[('signing', 'Signing'), ('opening', 'Opening'), ('training', 'Training'), ('forum', 'Forum'), ('side-event', 'Side event'), ('study-visit', 'Study visit'), ('meeting', 'Meeting'), ('accession', 'Joining a programme'), ('other', 'Other')], max_length=20, verbose_name='kind')),
                ('summary', models.TextField(blank=True, help_text='One or two sentences shown in lists.', verbose_name='summary')),
                ('start_date', models.DateField(help_text='The first day, or the 1st of the month or year if that is all that is known.', verbose_name='date')),
                ('end_date', models.DateField(blank=True, help_text='Only for events over several days.', null=True, verbose_name='last day')),
                ('date_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='date known to')),
                ('venue', models.CharField(blank=True, max_length=255, verbose_name='venue')),
                ('city', models.CharField(blank=True, max_length=120, verbose_name='city or place')),
                ('participant_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='number of participants')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('countries', models.ManyToManyField(blank=True, help_text='Countries whose people or institutions the event is for, wherever it was held.', related_name='events', to='programmes.country', verbose_name='countries concerned')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('facilities', models.ManyToManyField(blank=True, related_name='events', to='programmes.facility', verbose_name='facilities')),
                ('host_country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='hosted_events', to='programmes.country', verbose_name='held in')),
                ('parent', models.ForeignKey(blank=True, help_text='For a side event: the event it was held alongside.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='side_events', to='milestones.event', verbose_name='part of')),
                ('programmes', models.ManyToManyField(blank=True, related_name='events', to='programmes.programme', verbose_name='programmes')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'event',
                'verbose_name_plural': 'events',
                'ordering': ['-start_date', '-id'],
                'permissions': [('publish_event', 'Can publish, schedule and unpublish events')],
                'abstract': False,
            },
        ),
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
                'ordering': ['event_id', 'country_id'],
            },
        ),
        migrations.CreateModel(
            name='EventOrganisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('organiser', 'Organiser'), ('partner', 'Partner'), ('signatory', 'Signatory'), ('host', 'Host'), ('participant', 'Participant'), ('guest', 'Guest')], max_length=20, verbose_name='role')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='milestones.event', verbose_name='event')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='programmes.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'organisation at the event',
                'verbose_name_plural': 'organisations at the event',
                'ordering': ['role', 'organisation__name'],
            },
        ),
        migrations.AddField(
            model_name='event',
            name='organisations',
            field=models.ManyToManyField(blank=True, related_name='events', through='milestones.EventOrganisation', to='programmes.organisation', verbose_name='organisations'),
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('honorific', models.CharField(blank=True, help_text='For example Mr., Ms., Dr, H.E.', max_length=30, verbose_name='honorific')),
                ('position', models.CharField(blank=True, max_length=300, verbose_name='position')),
                ('other_names', models.CharField(blank=True, help_text='Other spellings of the name seen in sources, separated by commas. Used by search.', max_length=300, verbose_name='other spellings')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='people', to='programmes.organisation', verbose_name='organisation')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'people',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Story',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('slug', models.SlugField(help_text='The last part of the address. Filled in from the title; keep it once published.', max_length=120, unique=True, verbose_name='slug')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published')], default='draft', max_length=10, verbose_name='status')),
                ('published_at', models.DateTimeField(blank=True, help_text='Shown on the public site only from this time on, and only if the status is Published.', null=True, verbose_name='publication time')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('standfirst', models.TextField(blank=True, help_text='The introduction in bold under the headline: one to three sentences.', verbose_name='standfirst')),
                ('body', models.TextField(help_text='Markdown: blank line between paragraphs, **bold**, *italic*, [link](https://...).', verbose_name='body')),
                ('body_html', models.TextField(blank=True, editable=False, help_text='The body as the public page shows it, cleaned of anything unsafe. Filled in on saving.', verbose_name='body as shown')),
                ('body_text', models.TextField(blank=True, editable=False, help_text='The words of the body without its formatting, for search. Filled in on saving.', verbose_name='body as plain text')),
                ('position', models.PositiveSmallIntegerField(blank=True, help_text='1 is the lead story.', null=True, verbose_name='position in edition')),
                ('image', models.ImageField(blank=True, height_field='image_height', help_text='A JPEG, PNG or WebP photo of up to 10 MB. Its location data and other metadata are removed on upload.', upload_to='stories/%Y/%m/', verbose_name='image', width_field='image_width')),
                ('image_width', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('image_height', models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ('image_alt', models.CharField(blank=True, help_text='What the image shows, for readers who cannot see it. Required with an image.', max_length=300, verbose_name='image description (alt text)')),
                ('image_caption', models.CharField(blank=True, max_length=300, verbose_name='image caption')),
                ('image_credit', models.CharField(blank=True, max_length=150, verbose_name='image credit')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('bulletin', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='stories', to='milestones.bulletin', verbose_name='edition')),
                ('contributions', models.ManyToManyField(blank=True, help_text="Donors' funding this story reports.", related_name='reports', to='programmes.contribution', verbose_name='contributions reported')),
                ('countries', models.ManyToManyField(blank=True, related_name='stories', to='programmes.country', verbose_name='countries')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('events', models.ManyToManyField(blank=True, related_name='stories', to='milestones.event', verbose_name='events')),
                ('facilities', models.ManyToManyField(blank=True, related_name='stories', to='programmes.facility', verbose_name='facilities')),
                ('facility_fundings', models.ManyToManyField(blank=True, help_text="A programme's money for a facility that this story reports.", related_name='reports', to='programmes.facilityfunding', verbose_name='facility funding reported')),
                ('organisations', models.ManyToManyField(blank=True, related_name='stories', to='programmes.organisation', verbose_name='organisations')),
                ('programmes', models.ManyToManyField(blank=True, related_name='stories', to='programmes.programme', verbose_name='programmes')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'story',
                'verbose_name_plural': 'stories',
                'ordering': ['-published_at', 'position', 'id'],
                'permissions': [('publish_story', 'Can publish, schedule and unpublish stories')],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Result',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('label', models.CharField(help_text="Completes the figure and its unit: for '150 kg', 'of narcotic substances seized by BLO officers'.", max_length=300, verbose_name='what was achieved')),
                ('value', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='figure')),
                ('value_qualifier', models.CharField(choices=[('exact', 'exactly'), ('approximately', 'approximately'), ('more-than', 'more than'), ('less-than', 'less than')], default='exact', max_length=20, verbose_name='figure is')),
                ('unit', models.CharField(help_text='For example kg, trainings, officers, % of patients.', max_length=60, verbose_name='unit')),
                ('target', models.DecimalField(blank=True, decimal_places=2, help_text='When the figure is part of a plan, for example 12 of 13 planned offices.', max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='out of (target)')),
                ('as_of', models.DateField(blank=True, null=True, verbose_name='as of')),
                ('as_of_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='date known to')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('countries', models.ManyToManyField(blank=True, related_name='results', to='programmes.country', verbose_name='countries')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='results', to='milestones.event', verbose_name='event')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='results', to='programmes.programme', verbose_name='programme')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='milestones.story', verbose_name='reported in')),
            ],
            options={
                'verbose_name': 'result',
                'verbose_name_plural': 'results',
                'ordering': ['-as_of', 'label'],
            },
        ),
        migrations.CreateModel(
            name='Quote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('text', models.TextField(help_text="The speaker's exact words, without quotation marks.", verbose_name='quotation')),
                ('attribution', models.CharField(blank=True, help_text="Only when the source does not name the speaker, for example 'A participant from the Ministry of Interior'.", max_length=300, verbose_name='unnamed speaker')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='quotes', to='milestones.event', verbose_name='said at')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='quotes', to='milestones.person', verbose_name='speaker')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quotes', to='milestones.story', verbose_name='story')),
            ],
            options={
                'verbose_name': 'quote',
                'verbose_name_plural': 'quotes',
                'ordering': ['story', 'position', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='bulletin',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='milestones_bulletin_published_has_time', violation_error_message='A published item needs a publication time.'),
        ),
        migrations.AddConstraint(
            model_name='bulletin',
            constraint=models.CheckConstraint(condition=models.Q(('issue_date__isnull', True), ('issue_date_precision', 'day'), models.Q(('issue_date__day', 1), ('issue_date_precision', 'month')), models.Q(('issue_date__day', 1), ('issue_date__month', 1), ('issue_date_precision', 'year')), _connector='OR'), name='bulletin_issue_date_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.AddIndex(
            model_name='countryconcerned',
            index=models.Index(fields=['country', 'event'], name='country_concerned_by_country'),
        ),
        migrations.AddConstraint(
            model_name='eventorganisation',
            constraint=models.UniqueConstraint(fields=('event', 'organisation', 'role'), name='event_organisation_role_unique'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['-start_date', '-id'], name='event_newest_first'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['kind', '-start_date'], name='event_kind_newest_first'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['status', 'published_at'], name='event_publication'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['-start_date', '-id', 'published_at'], name='event_published_newest_first'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='milestones_event_published_has_time', violation_error_message='A published item needs a publication time.'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='event_ends_after_it_starts', violation_error_message='The last day cannot be before the first day.'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), ('date_precision', 'day'), models.Q(('date_precision', 'month'), ('start_date__day', 1)), models.Q(('date_precision', 'year'), ('start_date__day', 1), ('start_date__month', 1)), _connector='OR'), name='event_start_date_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('date_precision', 'day'), models.Q(('date_precision', 'month'), ('end_date__day', 1)), models.Q(('date_precision', 'year'), ('end_date__day', 1), ('end_date__month', 1)), _connector='OR'), name='event_end_date_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='event_not_its_own_parent'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['-published_at', 'position'], name='story_newest_first'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['status', 'published_at'], name='story_publication'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['-published_at', 'position', 'id'], name='story_published_newest_first'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='milestones_story_published_has_time', violation_error_message='A published item needs a publication time.'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.UniqueConstraint(fields=('bulletin', 'position'), name='story_position_unique_in_bulletin', violation_error_message='Another story already has this position in the edition.'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(('position__isnull', True), ('bulletin__isnull', False), _connector='OR'), name='story_position_needs_bulletin', violation_error_message='A position only makes sense within an edition.'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(('image', ''), models.Q(('image_alt', ''), _negated=True), _connector='OR'), name='story_image_has_alt_text', violation_error_message='Describe the image for readers who cannot see it.'),
        ),
        migrations.AddIndex(
            model_name='result',
            index=models.Index(fields=['-as_of', 'id'], name='result_newest_first'),
        ),
        migrations.AddConstraint(
            model_name='result',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='result_value_not_negative', violation_error_message='A figure cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='result',
            constraint=models.CheckConstraint(condition=models.Q(('target__isnull', True), ('target__gte', 0), _connector='OR'), name='result_target_not_negative', violation_error_message='A target cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='result',
            constraint=models.CheckConstraint(condition=models.Q(('as_of__isnull', True), ('as_of_precision', 'day'), models.Q(('as_of__day', 1), ('as_of_precision', 'month')), models.Q(('as_of__day', 1), ('as_of__month', 1), ('as_of_precision', 'year')), _connector='OR'), name='result_as_of_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='quote',
            constraint=models.CheckConstraint(condition=models.Q(('person__isnull', False), models.Q(('attribution', ''), _negated=True), _connector='OR'), name='quote_has_speaker', violation_error_message='Choose the speaker, or describe them if the source does not name them.'),
        ),
        migrations.RunSQL(
            "CREATE INDEX event_countries_by_country ON milestones_event_countries (country_id, event_id)",
            reverse_sql="DROP INDEX event_countries_by_country",
        ),
        migrations.RunPython(add_search_vectors, drop_search_vectors),
        migrations.RunPython(programme_link_statistics(1000), programme_link_statistics(-1)),
        migrations.RunPython(create_triggers_step, drop_triggers_step),
        migrations.RunPython(create_roles, remove_roles),
    ]
