"""Not stated becomes a precision of every partial date (issue 16, item 1): choices only."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0003_amounts_up_to'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contribution',
            name='date_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='date known to'),
        ),
        migrations.AlterField(
            model_name='facility',
            name='opened_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only'), ('not-stated', 'Not stated')], default='day', max_length=10, verbose_name='opening date known to'),
        ),
    ]
