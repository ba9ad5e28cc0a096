from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from milestones.importing import ImportRefused, read_issue_date
from milestones.models import BulletinImport


def issue_date(value):
    try:
        return read_issue_date(value)
    except ValueError as error:
        raise CommandError(f"--date: {error}") from error


class Command(BaseCommand):
    help = (
        "Import an edition from its PDF or its extracted text (.txt, a form feed between pages): a draft "
        "edition with one draft story per article, for editors to review. Nothing is published. The same "
        "file is never imported twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The bulletin's PDF, or its text in a .txt file.")
        parser.add_argument("--title", default="", help="The edition's title (else the file's name).")
        parser.add_argument(
            "--date",
            default="",
            help="The edition's date as far as it is known: 2016-12-01, 2016-12 or 2016 (else 'not stated').",
        )

    def handle(self, *args, path, title="", date="", **options):
        when = issue_date(date) if date else None
        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            record = BulletinImport.import_file(data, file_name=source.name, title=title, issue_date=when)
        except ImportRefused as refusal:
            raise CommandError(refusal.message) from refusal
        self.report(record)

    def report(self, record):
        bulletin = record.bulletin
        date = bulletin.when.display or "date not stated"
        self.stdout.write(f"Draft edition “{bulletin.title}” ({bulletin.slug}; {date}) from {record.file_name}:")
        for imported in record.stories.select_related("story"):
            story = imported.story
            paragraphs = len(story.paragraphs)
            pages = ", ".join(map(str, imported.pages)) or "not marked"
            self.stdout.write(f"{story.position}. {story.title}")
            self.stdout.write(
                f"   page {pages}; standfirst: {'yes' if story.standfirst else 'none found'}; "
                f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''}"
            )
            if story.image_caption:
                self.stdout.write(f"   caption: {story.image_caption}")
            kinds = Counter(mark["kind"] for mark in imported.unsure)
            if kinds:
                self.stdout.write(
                    "   unsure: " + ", ".join(f"{kind} ×{count}" for kind, count in sorted(kinds.items()))
                )
            for mark in imported.unsure:
                if mark["kind"] != "hyphen_joined":
                    self.stdout.write(f"     {mark['kind']}: {mark['text']}")
        count = record.stories.count()
        self.stdout.write(
            self.style.SUCCESS(f"Imported {count} draft {'story' if count == 1 else 'stories'}; nothing was published.")
        )
