"""Which story reports a funding moves from `programmes` (Contribution.reported_in and
FacilityFunding.reported_in) to the story, so that `programmes` no longer depends on
`milestones`. The links are copied here; programmes/0004 then drops the old columns."""

from django.db import migrations, models


def copy_links(apps, schema_editor):
    Story = apps.get_model("milestones", "Story")
    for model, field in (("Contribution", "contributions"), ("FacilityFunding", "facility_fundings")):
        rows = apps.get_model("programmes", model).objects.filter(reported_in__isnull=False)
        link = Story._meta.get_field(field).remote_field.through
        link.objects.bulk_create(
            link(story_id=story_id, **{f"{model.lower()}_id": pk})
            for pk, story_id in rows.values_list("pk", "reported_in_id")
        )


def copy_links_back(apps, schema_editor):
    Story = apps.get_model("milestones", "Story")
    for model, field in (("Contribution", "contributions"), ("FacilityFunding", "facility_fundings")):
        rows = apps.get_model("programmes", model).objects
        for pk, story_id in Story._meta.get_field(field).remote_field.through.objects.values_list(f"{model.lower()}_id", "story_id"):
            rows.filter(pk=pk).update(reported_in_id=story_id)


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0016_search_vectors_kept_inline"),
        ("programmes", "0003_facility_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="contributions",
            field=models.ManyToManyField(
                blank=True,
                help_text="Donors' funding this story reports.",
                related_name="reports",
                to="programmes.contribution",
                verbose_name="contributions reported",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="facility_fundings",
            field=models.ManyToManyField(
                blank=True,
                help_text="A programme's money for a facility that this story reports.",
                related_name="reports",
                to="programmes.facilityfunding",
                verbose_name="facility funding reported",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
