"""A story's own date (issue 16, item 2): when the office first published it, for the archive, and
the time lists sort by (`listed_at`), filled here from the site's publication time."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def list_by_publication(apps, schema_editor):
    apps.get_model("milestones", "Story").objects.update(listed_at=F("published_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0005_editions_as_printed'),
        ('programmes', '0003_amounts_up_to'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='story',
            options={'ordering': ['-listed_at', 'position', 'id'], 'permissions': [('publish_story', 'Can publish, schedule and unpublish stories')], 'verbose_name': 'story', 'verbose_name_plural': 'stories'},
        ),
        migrations.RemoveIndex(
            model_name='story',
            name='story_newest_first',
        ),
        migrations.RemoveIndex(
            model_name='story',
            name='story_published_newest_first',
        ),
        migrations.AddField(
            model_name='story',
            name='first_published',
            field=models.DateField(blank=True, help_text='For a story from the archive: when the office first published it (the 1st of the month or year if that is all that is known). Readers see this date and lists sort by it. Leave empty for news published here first.', null=True, verbose_name='first published by the office'),
        ),
        migrations.AddField(
            model_name='story',
            name='first_published_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='first published, known to'),
        ),
        migrations.AddField(
            model_name='story',
            name='listed_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='listed at'),
        ),
        migrations.RunPython(list_by_publication, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(fields=['-listed_at', 'position'], name='story_newest_first'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['-listed_at', 'position', 'id', 'published_at'], name='story_published_newest_first'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(('first_published__isnull', True), ('first_published_precision', 'day'), models.Q(('first_published__day', 1), ('first_published_precision', 'month')), models.Q(('first_published__day', 1), ('first_published__month', 1), ('first_published_precision', 'year')), _connector='OR'), name='story_first_published_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
    ]
