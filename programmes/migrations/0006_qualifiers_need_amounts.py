"""A qualifier of a reported amount ("about", "more than", "up to") needs the amount (issue 16)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_other_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', False), ('amount_qualifier', 'exact'), _connector='OR'), name='programmes_contribution_qualifier_needs_amount', violation_error_message="A qualifier such as 'about' or 'up to' needs an amount."),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('amount_usd__isnull', False), ('amount_usd_qualifier', 'exact'), _connector='OR'), name='programmes_contribution_usd_qualifier_needs_amount', violation_error_message="A qualifier such as 'about' or 'up to' needs a USD amount."),
        ),
        migrations.AddConstraint(
            model_name='facilityfunding',
            constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', False), ('amount_qualifier', 'exact'), _connector='OR'), name='programmes_facilityfunding_qualifier_needs_amount', violation_error_message="A qualifier such as 'about' or 'up to' needs an amount."),
        ),
        migrations.AddConstraint(
            model_name='facilityfunding',
            constraint=models.CheckConstraint(condition=models.Q(('amount_usd__isnull', False), ('amount_usd_qualifier', 'exact'), _connector='OR'), name='programmes_facilityfunding_usd_qualifier_needs_amount', violation_error_message="A qualifier such as 'about' or 'up to' needs a USD amount."),
        ),
    ]
