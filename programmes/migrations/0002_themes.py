"""Themes: the office's thematic areas, with the ones it works in seeded, and their search vector.

- The table, and the programmes' links to it.
- On PostgreSQL, the stored search vector of themes with its GIN index, as
  milestones/0001_squashed builds the others (a literal copy of `vector_sql()` of the declaration
  in milestones.search.SEARCHED_FIELDS; tests/milestones/test_searched_fields.py compares them).
- The themes of issue 16, as reference data every site has (the seed bulletin tags nothing with
  them: it does not say which theme its stories belong to). Going back removes only these rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SEARCH_VECTORS = {
    "programmes_theme": (
        "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')"
    ),
}

# (order, slug, name): the areas issue 16 names. Their descriptions are left to editors, from the
# office's own pages: none is written here for it.
THEMES = [
    (10, "border-management", "Border management and drug trafficking"),
    (20, "criminal-justice", "Criminal justice"),
    (30, "drug-prevention-treatment-hiv", "Drug prevention, treatment and HIV"),
    (40, "trafficking-in-persons", "Trafficking in persons and migrant smuggling"),
    (50, "terrorism-prevention", "Terrorism prevention"),
    (60, "anti-corruption", "Anti-corruption"),
    (70, "cybercrime", "Cybercrime"),
]


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in SEARCH_VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)")


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")


def add_themes(apps, schema_editor):
    Theme = apps.get_model("programmes", "Theme")
    for order, slug, name in THEMES:
        Theme.objects.using(schema_editor.connection.alias).get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("programmes", "Theme")
    Theme.objects.using(schema_editor.connection.alias).filter(slug__in=[row[1] for row in THEMES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0001_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Theme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('name', models.CharField(max_length=150, unique=True, verbose_name='name')),
                ('slug', models.SlugField(help_text='Used in addresses and filters: /themes/criminal-justice/, /events/?theme=criminal-justice.', max_length=80, unique=True, verbose_name='slug')),
                ('description', models.TextField(blank=True, help_text='One or two sentences saying what the theme covers.', verbose_name='short description')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Themes are listed by this number, then by name.', verbose_name='order')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'theme',
                'verbose_name_plural': 'themes',
                'ordering': ['order', 'name'],
            },
        ),
        migrations.AddField(
            model_name='programme',
            name='themes',
            field=models.ManyToManyField(blank=True, help_text="The office's thematic areas this programme works in.", related_name='programmes', to='programmes.theme', verbose_name='themes'),
        ),
        migrations.RunPython(add_search_vectors, drop_search_vectors),
        migrations.RunPython(add_themes, remove_themes),
    ]
