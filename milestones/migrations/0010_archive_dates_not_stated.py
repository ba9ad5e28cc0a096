"""An archive story whose date is not stated is listed under a month, as events are (issue 16, item 1)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0009_names_that_vary'),
        ('programmes', '0005_other_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='story',
            name='story_first_published_matches_precision',
        ),
        migrations.AlterField(
            model_name='story',
            name='first_published',
            field=models.DateField(blank=True, help_text="For a story from the archive: when the office first published it (the 1st of the month or year if that is all that is known). Readers see this date and lists sort by it. If the source gives no date, choose 'Not stated' and give the 1st of the month it is listed under. Leave empty for news published here first.", null=True, verbose_name='first published by the office'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(('first_published__isnull', True), ('first_published_precision', 'day'), models.Q(('first_published__day', 1), ('first_published_precision', 'month')), models.Q(('first_published__day', 1), ('first_published__month', 1), ('first_published_precision', 'year')), models.Q(('first_published__day', 1), ('first_published_precision', 'not-stated')), _connector='OR'), name='story_first_published_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('first_published_precision', 'not-stated'), _negated=True), ('first_published__isnull', False), _connector='OR'), name='story_not_stated_has_listing_month', violation_error_message='For a date not stated, give the 1st of the month the story is listed under.'),
        ),
    ]
