"""Issue 17: the Russian version of the texts readers see (unodc_portal/translations.py), and the
Russian names of the kinds of event and the roles at events. Adding columns to the events table
rebuilds it on SQLite, so the concerned-countries triggers are dropped first and made again last."""

from django.db import migrations, models

from milestones.concerned_countries import create_triggers_step, drop_triggers_step
from milestones.reference_data import add_russian_names


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0010_archive_dates_not_stated"),
        ("programmes", "0007_content_in_russian"),
    ]

    operations = [
        migrations.RunPython(drop_triggers_step, create_triggers_step),
        migrations.AddField(
            model_name="bulletin",
            name="period_label_ru",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="period covered (ru)"),
        ),
        migrations.AddField(
            model_name="bulletin",
            name="summary_ru",
            field=models.TextField(blank=True, default="", verbose_name="summary (ru)"),
        ),
        migrations.AddField(
            model_name="bulletin",
            name="title_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="title (ru)"),
        ),
        migrations.AddField(
            model_name="bulletin",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="bulletin",
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
            model_name="event",
            name="city_ru",
            field=models.CharField(blank=True, default="", max_length=120, verbose_name="city or place (ru)"),
        ),
        migrations.AddField(
            model_name="event",
            name="participant_breakdown_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="participants by group (ru)"),
        ),
        migrations.AddField(
            model_name="event",
            name="region_ru",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="region concerned (ru)"),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_ru",
            field=models.TextField(blank=True, default="", verbose_name="summary (ru)"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="title (ru)"),
        ),
        migrations.AddField(
            model_name="event",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="event",
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
            model_name="event",
            name="venue_ru",
            field=models.CharField(blank=True, default="", max_length=255, verbose_name="venue (ru)"),
        ),
        migrations.AddField(
            model_name="eventkind",
            name="description_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="what it covers (ru)"),
        ),
        migrations.AddField(
            model_name="eventkind",
            name="name_ru",
            field=models.CharField(blank=True, default="", max_length=80, verbose_name="name (ru)"),
        ),
        migrations.AddField(
            model_name="eventkind",
            name="plural_name_ru",
            field=models.CharField(blank=True, default="", max_length=80, verbose_name="plural name (ru)"),
        ),
        migrations.AddField(
            model_name="eventkind",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="eventkind",
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
            model_name="eventplace",
            name="city_ru",
            field=models.CharField(blank=True, default="", max_length=120, verbose_name="city or place (ru)"),
        ),
        migrations.AddField(
            model_name="eventplace",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="eventplace",
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
            model_name="eventplace",
            name="venue_ru",
            field=models.CharField(blank=True, default="", max_length=255, verbose_name="venue (ru)"),
        ),
        migrations.AddField(
            model_name="eventrole",
            name="description_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="what it covers (ru)"),
        ),
        migrations.AddField(
            model_name="eventrole",
            name="name_ru",
            field=models.CharField(blank=True, default="", max_length=80, verbose_name="name (ru)"),
        ),
        migrations.AddField(
            model_name="eventrole",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="eventrole",
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
            model_name="eventseries",
            name="title_ru",
            field=models.CharField(blank=True, default="", max_length=255, verbose_name="title (ru)"),
        ),
        migrations.AddField(
            model_name="eventseries",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="eventseries",
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
            model_name="person",
            name="position_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="position (ru)"),
        ),
        migrations.AddField(
            model_name="person",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="person",
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
            model_name="publication",
            name="summary_ru",
            field=models.TextField(blank=True, default="", verbose_name="summary (ru)"),
        ),
        migrations.AddField(
            model_name="publication",
            name="title_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="title (ru)"),
        ),
        migrations.AddField(
            model_name="publication",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="publication",
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
            model_name="quote",
            name="position_at_the_time_ru",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="speaker's position at the time (ru)"
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="text_ru",
            field=models.TextField(blank=True, default="", verbose_name="quotation (ru)"),
        ),
        migrations.AddField(
            model_name="quote",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="quote",
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
            model_name="result",
            name="label_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="what was achieved (ru)"),
        ),
        migrations.AddField(
            model_name="result",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="result",
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
            model_name="result",
            name="unit_ru",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="unit (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="body_html_ru",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="body as shown (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="body_ru",
            field=models.TextField(blank=True, default="", verbose_name="body (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="body_text_ru",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="body as plain text (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="image_alt_ru",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="image description (alt text) (ru)"
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="image_caption_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="image caption (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="signed_by_position_ru",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="signer's position at the time (ru)"
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="standfirst_ru",
            field=models.TextField(blank=True, default="", verbose_name="standfirst (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="title_ru",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="title (ru)"),
        ),
        migrations.AddField(
            model_name="story",
            name="translation_source_ru",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="story",
            name="translation_state_ru",
            field=models.CharField(
                choices=[("missing", "missing"), ("up-to-date", "up to date"), ("out-of-date", "out of date")],
                default="missing",
                editable=False,
                max_length=12,
                verbose_name="translation (ru)",
            ),
        ),
        migrations.RunPython(create_triggers_step, drop_triggers_step),
        migrations.RunPython(add_russian_names, migrations.RunPython.noop),
    ]
