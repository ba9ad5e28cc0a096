"""Dates the source does not give (issue 16, item 1): "not stated" is a precision of every
partial date; an event with no date keeps the 1st of the month it is listed under. Altering the
events' constraints rebuilds their table on SQLite, so the concerned-countries triggers are
dropped first and made again last (milestones/concerned_countries.py)."""

from django.conf import settings
from django.db import migrations, models

from milestones.concerned_countries import create_triggers_step, drop_triggers_step




class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0006_stories_first_published'),
        ('programmes', '0004_dates_not_stated'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_triggers_step, create_triggers_step),
        migrations.RemoveConstraint(
            model_name='event',
            name='event_start_date_matches_precision',
        ),
        migrations.AlterField(
            model_name='bulletin',
            name='issue_date_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='issue date known to'),
        ),
        migrations.AlterField(
            model_name='event',
            name='date_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='date known to'),
        ),
        migrations.AlterField(
            model_name='event',
            name='start_date',
            field=models.DateField(help_text="The first day, or the 1st of the month or year if that is all that is known. If the source gives no date, choose 'Not stated' below and give the 1st of the month of the edition or news item that reports it: the event is listed there, and readers see 'date not stated'.", verbose_name='date'),
        ),
        migrations.AlterField(
            model_name='publication',
            name='date_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='date known to'),
        ),
        migrations.AlterField(
            model_name='result',
            name='as_of_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='date known to'),
        ),
        migrations.AlterField(
            model_name='story',
            name='first_published_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='first published, known to'),
        ),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), ('date_precision', 'day'), models.Q(('date_precision', 'month'), ('start_date__day', 1)), models.Q(('date_precision', 'year'), ('start_date__day', 1), ('start_date__month', 1)), models.Q(('date_precision', 'not-stated'), ('start_date__day', 1)), _connector='OR'), name='event_start_date_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.RunPython(create_triggers_step, drop_triggers_step),
    ]
