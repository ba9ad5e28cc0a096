"""Editions as printed (issue 16, item 9): an edition's number is text as printed ("03(2015)",
"No. 12"), unique within its year of issue; a story has a byline or is signed by someone.

Numbers stored before were shown as "No. <number>"; they become that text, so pages read the same.
"""

import re

import django.db.models.deletion
import django.db.models.functions.datetime
from django.db import migrations, models


def numbers_as_printed(apps, schema_editor):
    Bulletin = apps.get_model("milestones", "Bulletin")
    for bulletin in Bulletin.objects.exclude(number=None).only("number"):
        bulletin.number = f"No. {bulletin.number}"
        bulletin.save(update_fields=["number"])


def numbers_as_integers(apps, schema_editor):
    """Back to a whole number unique across all editions: "No. 12" and "12" give 12; a number that
    is not one, or one another edition of another year already has, is left empty."""
    Bulletin = apps.get_model("milestones", "Bulletin")
    seen = set()
    for bulletin in Bulletin.objects.exclude(number=None).order_by("issue_date", "pk").only("number"):
        match = re.fullmatch(r"(?:No\. ?)?0*(\d{1,4})", bulletin.number.strip())
        number = match and int(match.group(1))
        bulletin.number = str(number) if number is not None and number not in seen else None
        seen.add(number)
        bulletin.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0004_counts_as_reported"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="bulletin",
            options={
                "ordering": [
                    models.OrderBy(models.F("issue_date"), descending=True, nulls_last=True),
                    models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                    "-id",
                ],
                "permissions": [("publish_bulletin", "Can publish, schedule and unpublish editions")],
                "verbose_name": "bulletin edition",
                "verbose_name_plural": "bulletin editions",
            },
        ),
        migrations.AddField(
            model_name="story",
            name="byline",
            field=models.CharField(
                blank=True,
                help_text="As printed, for example 'By the UNODC Regional Office'. Shown under the headline.",
                max_length=200,
                verbose_name="byline",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="signed_by",
            field=models.ForeignKey(
                blank=True,
                help_text="For a foreword or another text signed by someone: shown under it with their name and position, and given to search engines as its author. A signed text has no byline.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="signed_stories",
                to="milestones.person",
                verbose_name="signed by",
            ),
        ),
        migrations.AlterField(
            model_name="bulletin",
            name="number",
            field=models.CharField(
                blank=True,
                help_text="Exactly as the edition prints it, for example '03(2015)' or 'No. 12'. Unique within the year of issue; leave empty if the edition has none.",
                max_length=30,
                null=True,
                verbose_name="number as printed",
            ),
        ),
        migrations.RunPython(numbers_as_printed, numbers_as_integers),
        migrations.AddConstraint(
            model_name="bulletin",
            constraint=models.UniqueConstraint(
                django.db.models.functions.datetime.ExtractYear("issue_date"),
                models.F("number"),
                name="bulletin_number_unique_in_year",
                violation_error_message="Another edition of the same year already has this number.",
            ),
        ),
        migrations.AddConstraint(
            model_name="bulletin",
            constraint=models.CheckConstraint(
                condition=models.Q(("number", ""), _negated=True),
                name="bulletin_number_not_empty",
                violation_error_message="Leave the number empty rather than blank.",
            ),
        ),
        migrations.AddConstraint(
            model_name="story",
            constraint=models.CheckConstraint(
                condition=models.Q(("byline", ""), ("signed_by__isnull", True), _connector="OR"),
                name="story_byline_or_signature",
                violation_error_message="A story has a byline or a signature, not both.",
            ),
        ),
    ]
