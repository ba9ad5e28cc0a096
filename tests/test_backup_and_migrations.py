"""Data that survives: a backup restores every row and file, and migrations run both ways."""

import json
import shutil

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from milestones.models import CountryConcerned, Story
from milestones.search import SEARCH_CONFIGS, SEARCHED_FIELDS, vector_column
from tests.factories import ContributionFactory, EventFactory, FacilityFundingFactory, StoryFactory, UserFactory
from unodc_portal.management.commands.backup import REBUILT_BY_MIGRATE, file_digests


def every_row():
    """All saved content, model by model, in a form that compares exactly."""
    snapshot = {}
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label in REBUILT_BY_MIGRATE or model._meta.app_label in REBUILT_BY_MIGRATE:
            continue
        rows = serializers.serialize("json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True)
        snapshot[label] = json.loads(rows)
    return snapshot


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_every_row_and_file(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_seed", verbosity=0)
    editor = UserFactory(username="dilnoza", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    story = Story.objects.get(position=1)
    story.image_alt = "The signing ceremony"
    story.image.save("signing.jpg", ContentFile(b"\xff\xd8 not really a jpeg, only bytes to keep"), save=True)
    before_rows, before_files = every_row(), file_digests(settings.MEDIA_ROOT)
    # Not in the backup: the triggers write them again as the events come back.
    concerned_before = set(CountryConcerned.objects.values_list("event_id", "country_id"))
    assert concerned_before

    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    Story.objects.filter(position=2).update(title="Defaced")
    Story.objects.filter(position=7).delete()
    editor.delete()
    (settings.MEDIA_ROOT / story.image.name).unlink()
    (settings.MEDIA_ROOT / "stray.txt").write_text("not in the backup")

    call_command("restore", str(tmp_path / "snapshot"), yes=True, verbosity=0)
    assert every_row() == before_rows
    assert file_digests(settings.MEDIA_ROOT) == before_files
    assert set(CountryConcerned.objects.values_list("event_id", "country_id")) == concerned_before


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_stored_renderings_restores_stories_with_their_bodies_shown(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    story = StoryFactory(body="A **Port Control Unit** opened in Aktau.")
    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    data_file = tmp_path / "snapshot" / "data.json"
    rows = json.loads(data_file.read_text())
    for row in rows:
        if row["model"] == "milestones.story":  # as an older release wrote them
            del row["fields"]["body_html"], row["fields"]["body_text"]
    data_file.write_text(json.dumps(rows))

    call_command("restore", str(tmp_path / "snapshot"), yes=True, verbosity=0)
    restored = Story.objects.get(pk=story.pk)
    assert restored.body_html == "<p>A <strong>Port Control Unit</strong> opened in Aktau.</p>"
    assert restored.body_text == "A Port Control Unit opened in Aktau."


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_stories_named_their_funding_restores_the_links(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    story = StoryFactory(slug="japan-grant")
    contribution, other = ContributionFactory(), ContributionFactory()
    funding = FacilityFundingFactory()
    story.contributions.add(contribution)
    story.facility_fundings.add(funding)
    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    data_file = tmp_path / "snapshot" / "data.json"
    rows = json.loads(data_file.read_text())
    for row in rows:  # as a release before December 2026 wrote them
        if row["model"] == "milestones.story":
            del row["fields"]["contributions"], row["fields"]["facility_fundings"]
        if row["model"] == "programmes.contribution":
            row["fields"]["reported_in"] = ["japan-grant"] if row["pk"] == contribution.pk else None
        if row["model"] == "programmes.facilityfunding":
            row["fields"]["reported_in"] = ["japan-grant"] if row["pk"] == funding.pk else None
    data_file.write_text(json.dumps(rows))

    call_command("restore", str(tmp_path / "snapshot"), yes=True, verbosity=0)
    restored = Story.objects.get(slug="japan-grant")
    assert list(restored.contributions.all()) == [contribution]
    assert list(restored.facility_fundings.all()) == [funding]
    assert not other.reports.exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_whose_data_cannot_be_read(tmp_path):
    from django.core.management.base import CommandError

    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    (tmp_path / "snapshot" / "data.json").write_text('[{"model": "milestones.story", ')
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore", str(tmp_path / "snapshot"), yes=True)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(tmp_path), yes=True)


# Every migration of every app, twice: the slowest test, well over the suite's 180 s when CI runs
# the two suites at once on two cores. It does not hang; it has more to do.
@pytest.mark.timeout(600)
@pytest.mark.django_db(transaction=True)
def test_every_migration_applies_backwards_and_forwards():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    ours = ["milestones", "programmes", "axes", "admin", "auth", "contenttypes", "sessions"]
    executor.migrate([(app, None) for app in ours])
    tables = connection.introspection.table_names()
    assert "milestones_story" not in tables and "programmes_country" not in tables
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    tables = connection.introspection.table_names()
    assert "milestones_story" in tables and "programmes_country" in tables
    assert Group.objects.filter(name__in=["Editor", "Publisher"]).count() == 2
    # The database rules came back with the tables: the concerned-countries triggers fire,
    # and on PostgreSQL every searched table has its vectors (English, Russian) again.
    event = EventFactory()
    assert set(CountryConcerned.objects.filter(event=event).values_list("country_id", flat=True)) == {
        event.host_country_id
    }
    if connection.vendor == "postgresql":
        for language in SEARCH_CONFIGS:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                    "WHERE a.attname = %s AND c.relkind = 'r' AND NOT a.attisdropped",
                    [vector_column(language)],
                )
                assert {table for (table,) in cursor.fetchall()} == {
                    apps.get_model(label)._meta.db_table for label in SEARCHED_FIELDS
                }


@pytest.mark.django_db
def test_a_database_migrated_before_the_squash_is_taken_as_migrated():
    """The squashed migrations replace the ones a database made before them recorded: such a
    database migrates with nothing to do, not by creating its tables again."""
    executor = MigrationExecutor(connection)
    squashed = [key for key, migration in executor.loader.disk_migrations.items() if migration.replaces]
    assert sorted(squashed) == [("milestones", "0001_squashed"), ("programmes", "0001_squashed")]
    recorder = MigrationRecorder(connection)
    for key in squashed:
        recorder.migration_qs.filter(app=key[0], name=key[1]).delete()
        for app, name in executor.loader.disk_migrations[key].replaces:
            recorder.record_applied(app, name)
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert set(squashed) <= set(executor.loader.applied_migrations)


@pytest.mark.django_db(transaction=True)
def test_a_failed_restore_puts_the_current_media_back(roles, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "stories").mkdir(parents=True)
    (settings.MEDIA_ROOT / "stories" / "uploaded-after-the-backup.jpg").write_bytes(b"new photo")
    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    (settings.MEDIA_ROOT / "stories" / "even-newer.jpg").write_bytes(b"newest photo")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("unodc_portal.management.commands.restore.shutil.copytree", disk_full)
    with pytest.raises(OSError):
        call_command("restore", str(tmp_path / "snapshot"), yes=True, verbosity=0)
    assert (settings.MEDIA_ROOT / "stories" / "even-newer.jpg").read_bytes() == b"newest photo"
    assert not (tmp_path / "media.before-restore").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_editors_work_still_restores(roles, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "stories").mkdir(parents=True)
    call_command("load_seed", verbosity=0)
    real_copytree = shutil.copytree

    def copy_while_someone_saves(*args, **kwargs):
        UserFactory(username="arrived-after-the-dump")  # saved between the dump and the manifest
        return real_copytree(*args, **kwargs)

    monkeypatch.setattr("unodc_portal.management.commands.backup.shutil.copytree", copy_while_someone_saves)
    call_command("backup", output=str(tmp_path / "snapshot"), verbosity=0)
    call_command("restore", str(tmp_path / "snapshot"), yes=True, verbosity=0)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="arrived-after-the-dump").exists()


@pytest.mark.django_db
def test_a_database_migrated_only_part_of_the_way_before_the_squash_is_refused():
    """Such a database (one made before the funding links moved to stories) has some of the
    migrations the squashed ones replace: Django would take it as unmigrated and `migrate` would
    do nothing. The database check stops `migrate` and says what to do."""
    from django.core.management.base import SystemCheckError

    loader = MigrationExecutor(connection).loader
    squashed = loader.disk_migrations[("milestones", "0001_squashed")]
    recorder = MigrationRecorder(connection)
    # Django records the replaced migrations as applied too when it applies a squashed one.
    assert squashed.replaces[-1] == ("milestones", "0017_funding_reported_in_stories")
    recorder.migration_qs.filter(
        app="milestones", name__in=["0001_squashed", "0017_funding_reported_in_stories"]
    ).delete()
    for app, name in squashed.replaces[:-1]:
        recorder.record_applied(app, name)
    with pytest.raises(SystemCheckError, match=r"E001\).*not milestones\.0017_funding_reported_in_stories"):
        call_command("migrate", verbosity=0, skip_checks=False)  # as `manage.py migrate` runs it
