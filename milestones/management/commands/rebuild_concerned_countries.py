from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection, transaction

from milestones.concerned_countries import create_triggers, mismatches, missing_triggers, repair_rows
from milestones.models import CountryConcerned
from unodc_portal.content_version import new_content_version


class Command(BaseCommand):
    help = (
        "Check the table of the countries each event concerns (what the country filters read) "
        "against the events, and repair it if it differs: its rows, and its triggers if they are "
        "missing or disabled. Only needed after the table was written by hand or its triggers were "
        "dropped: the triggers keep it current. Readers are never blocked by a repair of the rows; "
        "saves of events wait for it, and it gives up rather than keep them waiting for long."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report; exit with status 1 if the table differs."
        )
        parser.add_argument(
            "--lock-timeout",
            type=float,
            default=5.0,
            help="PostgreSQL: seconds to wait for transactions changing events before giving up (default 5).",
        )

    def handle(self, *args, check=False, lock_timeout=5.0, **options):
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
        try:
            self.repair(rebuild_triggers=bool(triggers), lock_timeout=lock_timeout)
        except OperationalError as error:
            if connection.vendor == "postgresql" and "lock timeout" in str(error):
                raise CommandError(
                    "Events were being changed and the repair did not wait longer: nothing changed, run it again."
                ) from None
            raise
        # Country filters and pages read the table: pages cached before the repair are out of date.
        new_content_version()
        rows = CountryConcerned.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the concerned countries ({report}; {rows:,} rows now)."))

    def repair(self, *, rebuild_triggers, lock_timeout):
        """All of it in one transaction: readers see the old rows until it commits."""
        if rebuild_triggers:
            # Dropping a trigger locks its table against readers too: only when one is missing.
            with connection.schema_editor() as editor:
                wait_at_most(lock_timeout)
                create_triggers(editor)
        else:
            with transaction.atomic():
                wait_at_most(lock_timeout)
                repair_rows(connection)


def wait_at_most(seconds):
    """PostgreSQL: for the rest of the transaction, give up on a lock after this long."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(seconds * 1000)}ms"])
