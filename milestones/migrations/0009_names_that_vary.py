"""Names that vary (issue 16, item 7).

- A person's other spellings become one name per line, like the other names programmes/0005
  gives facilities, organisations and programmes (the commas that separated them become lines).
- Quotes and signed stories keep the position the person held at the time; existing ones get the
  person's current position, so every page shows the same text as before.
- On PostgreSQL, the stored search vectors of programmes, facilities and organisations are built
  again with their other names (a literal copy of `vector_sql()` of
  milestones.search.SEARCHED_FIELDS; tests/milestones/test_searched_fields.py compares them, and
  checks that FORMER_SEARCH_VECTORS are those milestones/0001_squashed built, which going back
  restores). A generated column cannot change its expression, so it is dropped with its index and
  added again, as 0001_squashed adds it.

Numbered 0009 to leave 0008 to the events' attendance modes and series, made in parallel: when
both are merged, one of them must depend on the other.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

PERSON_HELP_TEXT = (
    "Other spellings and former names seen in sources, one per line; search and the admin's lookups find the "
    "row by them. A note may follow a semicolon. Start a former name with 'formerly:', for example "
    "'formerly: Programme for Central Asia 2015–2019; until 2019'."
)

SEARCH_VECTORS = {
    "programmes_programme": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(short_title, '') || ' ' || coalesce(acronym, '') "
        "|| ' ' || coalesce(summary, '') || ' ' || coalesce(description, '') || ' ' || coalesce(other_names, '')), "
        "'B')"
    ),
    "programmes_facility": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(place, '') || ' ' || coalesce(description, '') "
        "|| ' ' || coalesce(other_names, '')), 'B')"
    ),
    "programmes_organisation": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(acronym, '') || ' ' || coalesce(description, '') "
        "|| ' ' || coalesce(other_names, '')), 'B')"
    ),
}
FORMER_SEARCH_VECTORS = {
    "programmes_programme": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(short_title, '') || ' ' || coalesce(acronym, '') "
        "|| ' ' || coalesce(summary, '') || ' ' || coalesce(description, '')), 'B')"
    ),
    "programmes_facility": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(place, '') || ' ' || coalesce(description, '')), 'B')"
    ),
    "programmes_organisation": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(acronym, '') || ' ' || coalesce(description, '')), 'B')"
    ),
}


def build_search_vectors(vectors):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, expression in vectors.items():
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
            )
            schema_editor.execute(f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)")

    return run


def other_spellings_one_per_line(apps, schema_editor):
    Person = apps.get_model("milestones", "Person")
    people = list(Person.objects.filter(other_names__contains=","))
    for person in people:
        person.other_names = "\n".join(name.strip() for name in person.other_names.split(",") if name.strip())
    Person.objects.bulk_update(people, ["other_names"])


def other_spellings_with_commas(apps, schema_editor):
    Person = apps.get_model("milestones", "Person")
    people = list(Person.objects.exclude(other_names=""))
    for person in people:
        names = [line.strip() for line in person.other_names.splitlines() if line.strip()]
        person.other_names = ", ".join(names)[:300]
    Person.objects.bulk_update(people, ["other_names"])


def positions_held_then(apps, schema_editor):
    """Today's positions, which the pages showed until now."""
    Person = apps.get_model("milestones", "Person")
    Quote = apps.get_model("milestones", "Quote")
    Story = apps.get_model("milestones", "Story")

    def position_of(person_field):
        return Subquery(Person.objects.filter(pk=OuterRef(person_field)).values("position")[:1])

    Quote.objects.filter(person__isnull=False).update(position_at_the_time=position_of("person_id"))
    Story.objects.filter(signed_by__isnull=False).update(signed_by_position=position_of("signed_by_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('milestones', '0008_places_series_and_follow_ups'),
        ('programmes', '0005_other_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='other_names',
            field=models.TextField(blank=True, help_text=PERSON_HELP_TEXT, verbose_name='other names'),
        ),
        migrations.RunPython(other_spellings_one_per_line, other_spellings_with_commas),
        migrations.AddField(
            model_name='quote',
            name='position_at_the_time',
            field=models.CharField(blank=True, help_text="As the source gives it. Leave empty to use the speaker's position when the quote is saved; it is kept when their position later changes, and replaced when you choose another speaker.", max_length=300, verbose_name="speaker's position at the time"),
        ),
        migrations.AddField(
            model_name='story',
            name='signed_by_position',
            field=models.CharField(blank=True, help_text="As printed under the signature. Leave empty to use the signer's position when the story is saved; it is kept when their position later changes.", max_length=300, verbose_name="signer's position at the time"),
        ),
        migrations.RunPython(positions_held_then, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='quote',
            constraint=models.CheckConstraint(condition=models.Q(('position_at_the_time', ''), ('person__isnull', False), _connector='OR'), name='quote_position_needs_speaker', violation_error_message='A position at the time needs the speaker it belongs to.'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(('signed_by_position', ''), ('signed_by__isnull', False), _connector='OR'), name='story_signer_position_needs_signer', violation_error_message='A position at the time of signing needs the person who signed.'),
        ),
        migrations.RunPython(build_search_vectors(SEARCH_VECTORS), build_search_vectors(FORMER_SEARCH_VECTORS)),
    ]
