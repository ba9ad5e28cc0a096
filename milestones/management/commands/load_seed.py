from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from milestones.models import Bulletin, Story, record_positions_at_the_time
from milestones.reference_data import add_russian_names
from programmes.standard_names import add_standard_russian_names

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "seed.json"
# The seed's edition: if it is there, the seed has been loaded before.
SEED_BULLETIN_SLUG = "milestones-september-december-2016"


class Command(BaseCommand):
    help = (
        "Load the seed bulletin (fixtures/seed.json) once. Running it again changes nothing, so that "
        "editors' later changes to seeded items are never overwritten; --force reloads it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload the seed even if it is present, resetting seeded items to the seed's text.",
        )

    def handle(self, *args, force=False, **options):
        if not force and Bulletin.objects.filter(slug=SEED_BULLETIN_SLUG).exists():
            self.stdout.write("Seed content is already loaded; nothing changed.")
            return
        with transaction.atomic():
            call_command("loaddata", SEED_FIXTURE, verbosity=0)
            # loaddata saves rows raw, without Story.save() or Quote.save(): the seeded stories
            # come in without the stored renderings of their bodies and their listing times, and
            # quotes and signatures without the positions people held then (their positions now).
            Story.objects.filter(body_html="").rerender_bodies()
            Story.objects.filter(listed_at__isnull=True).relist()
            record_positions_at_the_time()
            # The seed is in English only (there is no Russian text of the bulletin); the names
            # with a standard Russian form get it.
            add_standard_russian_names()
            add_russian_names()
        self.stdout.write(self.style.SUCCESS(f"Loaded the seed bulletin from {SEED_FIXTURE.name}."))
