from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from milestones.concerned_countries import create_triggers, mismatches, missing_triggers
from milestones.models import CountryConcerned
from milestones.page_cache import new_content_version


class Command(BaseCommand):
    help = (
        "Check the table of the countries each event concerns (what the country filters read) "
        "against the events, and rebuild it with its triggers if it differs. Only needed after "
        "the table was written by hand or its triggers were dropped: the triggers keep it current."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report; exit with status 1 if the table differs."
        )

    def handle(self, *args, check=False, **options):
        triggers = missing_triggers(connection)
        missing, extra = mismatches(connection)
        if not triggers and not missing and not extra:
            rows = CountryConcerned.objects.count()
            self.stdout.write(f"The concerned countries match the events ({rows:,} rows); nothing to do.")
            return
        report = f"rows missing: {missing:,}, rows no event explains: {extra:,}"
        if triggers:
            report += f", triggers missing: {', '.join(triggers)}"
        if check:
            raise CommandError(
                f"The concerned countries differ from the events ({report}); "
                "run this command without --check to rebuild them."
            )
        with connection.schema_editor() as editor:
            create_triggers(editor)
        # Country filters and pages read the table: pages cached before the repair are out of date.
        new_content_version()
        rows = CountryConcerned.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the concerned countries ({report}; {rows:,} rows now)."))
