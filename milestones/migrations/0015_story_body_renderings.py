"""A story's body stored twice more, as its sanitised HTML and as plain text, so that pages and
search read them instead of converting Markdown on every render and search hit. Existing rows
are filled here; on PostgreSQL the story's search vector then reads the plain text, not the
Markdown (link addresses and markup are not words a reader sees).

The vector SQL is a literal copy of `milestones.search.vector_sql()` for the searched fields
declared in `milestones.search.SEARCHED_FIELDS`: a migration must keep its meaning whatever the
app code becomes. tests/milestones/test_searched_fields.py fails if the two differ.
"""

from django.db import migrations, models

STORY_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '') || ' ' || coalesce(body_text, '')), 'B')"
)
# What 0003_search_vectors made, put back when this migration is reversed.
PREVIOUS_STORY_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '') || ' ' || coalesce(body, '')), 'B')"
)
BATCH = 500


def fill_renderings(apps, schema_editor):
    # The conversion of today's app code, on purpose: it is what `manage.py rerender_bodies`
    # would store, and the rows must match it.
    from milestones.models import body_renderings

    Story = apps.get_model("milestones", "Story")
    last_pk = 0
    while stories := list(Story.objects.filter(pk__gt=last_pk).order_by("pk").only("pk", "body")[:BATCH]):
        for story in stories:
            story.body_html, story.body_text = body_renderings(story.body)
        Story.objects.bulk_update(stories, ["body_html", "body_text"])
        last_pk = stories[-1].pk


def replace_story_vector(schema_editor, expression):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Checks of deferred foreign keys still pending in this transaction would refuse the
    # ALTER TABLE: run them now. Dropping the column drops its index with it.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("ALTER TABLE milestones_story DROP COLUMN search_vector")
    schema_editor.execute(
        f"ALTER TABLE milestones_story ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX milestones_story_search_vector ON milestones_story USING GIN (search_vector)"
    )


def search_plain_text(apps, schema_editor):
    replace_story_vector(schema_editor, STORY_VECTOR)


def search_markdown(apps, schema_editor):
    replace_story_vector(schema_editor, PREVIOUS_STORY_VECTOR)


class Migration(migrations.Migration):
    dependencies = [("milestones", "0014_country_concerned")]

    operations = [
        migrations.AddField(
            model_name="story",
            name="body_html",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The body as the public page shows it, cleaned of anything unsafe. Filled in on saving.",
                verbose_name="body as shown",
            ),
        ),
        migrations.AddField(
            model_name="story",
            name="body_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The words of the body without its formatting, for search. Filled in on saving.",
                verbose_name="body as plain text",
            ),
        ),
        migrations.RunPython(fill_renderings, migrations.RunPython.noop),
        migrations.RunPython(search_plain_text, search_markdown),
    ]
