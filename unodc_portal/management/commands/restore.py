import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from unodc_portal.content_version import bulk_changes
from unodc_portal.signals import loading_backup, restored

from .backup import file_digests, row_counts


class Command(BaseCommand):
    help = (
        "Replace the database content and uploaded media with a snapshot made by `backup`. "
        "The database must be migrated to the same code first (make restore does that)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing everything.")

    def handle(self, *args, folder, yes=False, **options):
        folder = Path(folder)
        manifest_file = folder / "manifest.json"
        if not (folder / "data.json").exists() or not manifest_file.exists():
            raise CommandError(f"{folder} is not a backup: data.json or manifest.json is missing.")
        manifest = json.loads(manifest_file.read_text())
        if file_digests(folder / "media") != manifest["files"]:
            raise CommandError(f"The media files in {folder} do not match its manifest; nothing was changed.")
        if not yes and input("This replaces all content and media. Type 'yes' to go on: ").strip() != "yes":
            raise CommandError("Nothing was changed.")

        # The media goes back first (loading an image row reads its file). The current media is
        # kept aside until the database has loaded, and put back if anything fails or stops.
        media = Path(settings.MEDIA_ROOT)
        aside = media.with_name(media.name + ".before-restore")
        if aside.exists():
            raise CommandError(
                f"{aside} exists: an earlier restore did not finish. Check it, move it away, then try again."
            )
        if media.exists():
            media.rename(aside)
        try:
            if (folder / "media").exists():
                shutil.copytree(folder / "media", media)
            try:
                rows = json.loads((folder / "data.json").read_text())
            except ValueError as error:
                raise CommandError(f"{folder / 'data.json'} cannot be read ({error}); nothing was changed.") from None
            loading_backup.send(sender=self.__class__, rows=rows)
            # One new content version when the load is done, not one per row it loads.
            with bulk_changes(), transaction.atomic(), tempfile.TemporaryDirectory() as scratch:
                data_file = Path(scratch) / "data.json"
                data_file.write_text(json.dumps(rows))
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_file), verbosity=0)
                if row_counts() != manifest["rows"]:
                    raise CommandError("The restored rows do not match the backup's manifest; nothing was changed.")
                # The apps fill in what a backup made by an older release lacks.
                restored.send(sender=self.__class__)
        except BaseException:
            if media.exists():
                shutil.rmtree(media)
            if aside.exists():
                aside.rename(media)
            raise
        if aside.exists():
            shutil.rmtree(aside)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['rows'].values())} rows and {len(manifest['files'])} files from {folder}"
            )
        )
