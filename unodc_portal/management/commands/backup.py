import hashlib
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

# Rebuilt on the target database by `migrate` and `flush`, and what the apps say their database
# rebuilds by itself (settings.BACKUP_LEAVES_OUT); everything else is saved.
REBUILT_BY_MIGRATE = ["contenttypes", "auth.permission", *settings.BACKUP_LEAVES_OUT]


def file_digests(root):
    """{relative path: sha256} of every file below root."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def row_counts():
    """{"app_label.model_name": rows} of every saved model with rows, as the database has them."""
    counts = {}
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        saved = label not in REBUILT_BY_MIGRATE and model._meta.app_label not in REBUILT_BY_MIGRATE
        if saved and (count := model._default_manager.count()):
            counts[label] = count
    return counts


def dumped_counts(data_file):
    """{"app_label.model_name": rows} as a dump holds them."""
    counts = {}
    for item in json.loads(Path(data_file).read_text()):
        counts[item["model"]] = counts.get(item["model"], 0) + 1
    return counts


class Command(BaseCommand):
    help = "Write a complete, restorable snapshot of the database and uploaded media to a new folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Folder to create (default: backups/<date-time>). It must not exist yet.",
        )

    def handle(self, *args, output=None, **options):
        folder = Path(output or settings.BASE_DIR / "backups" / timezone.now().strftime("%Y-%m-%dT%H%M%S"))
        folder.mkdir(parents=True, exist_ok=False)
        # One consistent snapshot even while editors keep working: every table is read as of
        # the same moment.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata",
                exclude=REBUILT_BY_MIGRATE,
                natural_foreign=True,
                natural_primary=False,
                indent=None,
                output=str(folder / "data.json"),
                verbosity=0,
            )
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.copytree(media, folder / "media")
        manifest = {
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "rows": dumped_counts(folder / "data.json"),
            "files": file_digests(folder / "media"),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        self.stdout.write(f"Restore it with: make restore FROM={folder}")
