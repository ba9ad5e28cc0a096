"""Store again the sanitised HTML and plain text of every story's body.

`Story.save()` stores them whenever a body is saved, so this is needed only when they were not
or may be out of date:

- after a change to how bodies are converted (the Markdown extensions or the sanitiser's rules
  in milestones/markdown.py): every stored rendering is then old;
- after any write of bodies that skips `save()`: `QuerySet.update(body=...)`,
  `bulk_create()` of stories, `loaddata` (raw saves; `load_seed` runs this itself) or SQL.

`--check` changes nothing and exits with status 1 if any stored rendering differs.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from milestones.models import Story
from unodc_portal.content_version import new_content_version


class Command(BaseCommand):
    help = (
        "Store again the HTML and plain text of each story's body, wherever they differ from its "
        "Markdown: needed after the sanitiser's rules change, or after bodies were written without "
        "Story.save() (QuerySet.update(), bulk_create(), loaddata, SQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report; exit with status 1 if any stored rendering differs."
        )

    def handle(self, *args, check=False, **options):
        if check:
            stale = Story.objects.rerender_bodies(check=True)
            if stale:
                raise CommandError(
                    f"{stale:,} stories have a stored body that differs from their Markdown; "
                    "run this command without --check to store them again."
                )
            self.stdout.write("Every story's stored body matches its Markdown.")
            return
        with transaction.atomic():
            stale = Story.objects.rerender_bodies()
        if not stale:
            self.stdout.write("Every story's stored body matches its Markdown; nothing to do.")
            return
        # bulk_update() announces no change: pages cached before it show the old bodies.
        new_content_version()
        self.stdout.write(self.style.SUCCESS(f"Stored the body of {stale:,} stories again."))
