"""Issue 17: the Russian version of the texts readers see (unodc_portal/translations.py), the
glossary, and the standard Russian names of countries, UN bodies and the themes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from programmes.standard_names import add_standard_russian_names


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0006_qualifiers_need_amounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="description_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="description (ru)"),
        ),
        migrations.AddField(
            model_name="contribution",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="contribution",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="name_ru",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="name (ru)"),
        ),
        migrations.AddField(
            model_name="country",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="country",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.AddField(
            model_name="facility",
            name="description_ru",
            field=models.TextField(blank=True, default="", verbose_name="description (ru)"),
        ),
        migrations.AddField(
            model_name="facility",
            name="equipment_ru",
            field=models.TextField(blank=True, default="", verbose_name="equipment (ru)"),
        ),
        migrations.AddField(
            model_name="facility",
            name="name_ru",
            field=models.CharField(blank=True, default="", max_length=255, verbose_name="name (ru)"),
        ),
        migrations.AddField(
            model_name="facility",
            name="place_ru",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="place (ru)"),
        ),
        migrations.AddField(
            model_name="facility",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="facility",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.AddField(
            model_name="facilityfunding",
            name="description_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="what it paid for (ru)"),
        ),
        migrations.AddField(
            model_name="facilityfunding",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="facilityfunding",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="acronym_ru",
            field=models.CharField(blank=True, default="", max_length=30, verbose_name="acronym (ru)"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="description_ru",
            field=models.TextField(blank=True, default="", verbose_name="description (ru)"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="name_ru",
            field=models.CharField(blank=True, default="", max_length=255, verbose_name="name (ru)"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="organisation",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="description_ru",
            field=models.TextField(blank=True, default="", verbose_name="description (ru)"),
        ),
        migrations.AddField(
            model_name="programme",
            name="short_title_ru",
            field=models.CharField(blank=True, default="", max_length=120, verbose_name="short title (ru)"),
        ),
        migrations.AddField(
            model_name="programme",
            name="summary_ru",
            field=models.TextField(blank=True, default="", verbose_name="summary (ru)"),
        ),
        migrations.AddField(
            model_name="programme",
            name="title_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="title (ru)"),
        ),
        migrations.AddField(
            model_name="programme",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="programme",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.AddField(
            model_name="theme",
            name="description_ru",
            field=models.TextField(blank=True, default="", verbose_name="short description (ru)"),
        ),
        migrations.AddField(
            model_name="theme",
            name="name_ru",
            field=models.CharField(blank=True, default="", max_length=150, verbose_name="name (ru)"),
        ),
        migrations.AddField(
            model_name="theme",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="theme",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.CreateModel(
            name="GlossaryTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                ("english", models.CharField(max_length=200, unique=True, verbose_name="English")),
                ("russian", models.CharField(max_length=200, verbose_name="Russian")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Where it applies, an abbreviation, a source.",
                        max_length=300,
                        verbose_name="note",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "glossary term",
                "verbose_name_plural": "glossary",
                "ordering": ["english"],
            },
        ),
        migrations.RunPython(add_standard_russian_names, migrations.RunPython.noop),
    ]
