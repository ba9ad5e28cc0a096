import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("milestones", "0006_list_indexes")]

    operations = [
        # Every figure so far came with a story (the seed's and the demo data's all do); one
        # without would stop this migration instead of being made public or deleted unseen.
        migrations.AlterField(
            model_name="result",
            name="story",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="results",
                to="milestones.story",
                verbose_name="reported in",
            ),
        ),
    ]
