"""Checks Django runs before `migrate` (and `manage.py check --database default`)."""

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader


@register(Tags.database)
def squashed_migrations_fully_replaced(app_configs=None, databases=None, **kwargs):
    """A database that has some, not all, of the migrations a squashed one replaces was left by a
    release older than the squash: Django would take it as not migrated at all, and `migrate`
    would apply nothing to it. Say so instead of leaving it half upgraded."""
    errors = []
    for alias in databases or ():
        loader = MigrationLoader(connections[alias])
        for key, migration in loader.disk_migrations.items():
            if not migration.replaces or key in loader.applied_migrations:
                continue
            applied = [name for name in migration.replaces if name in loader.applied_migrations]
            if applied:
                missing = [f"{app}.{name}" for app, name in migration.replaces if (app, name) not in applied]
                errors.append(
                    Error(
                        f"The database '{alias}' was migrated by a release older than {key[0]}.{key[1]}: it "
                        f"has some of the migrations that one replaces, not {', '.join(missing)}.",
                        hint="Migrate it with the release named in the README's 'Upgrading an older "
                        "database' first, or restore a backup into a new database.",
                        id="unodc_portal.E001",
                    )
                )
    return errors
