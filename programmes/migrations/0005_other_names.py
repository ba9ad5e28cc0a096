"""Names that vary (issue 16, item 7): other spellings and former names of facilities,
organisations and programmes, one per line. milestones/0009_names_that_vary adds them to these
tables' PostgreSQL search vectors, which milestones/0001_squashed builds."""

from django.db import migrations, models

HELP_TEXT = (
    "Other spellings and former names seen in sources, one per line; search and the admin's lookups find the "
    "row by them. A note may follow a semicolon. Start a former name with 'formerly:', for example "
    "'formerly: Programme for Central Asia 2015–2019; until 2019'."
)


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0004_dates_not_stated'),
    ]

    operations = [
        migrations.AddField(
            model_name='facility',
            name='other_names',
            field=models.TextField(blank=True, help_text=HELP_TEXT, verbose_name='other names'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='other_names',
            field=models.TextField(blank=True, help_text=HELP_TEXT, verbose_name='other names'),
        ),
        migrations.AddField(
            model_name='programme',
            name='other_names',
            field=models.TextField(blank=True, help_text=HELP_TEXT, verbose_name='other names'),
        ),
    ]
