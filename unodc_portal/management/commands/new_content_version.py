from django.core.management.base import BaseCommand

from unodc_portal.content_version import new_content_version


class Command(BaseCommand):
    help = (
        "Starts a new content version, so that no cached page or count outlives a change the page "
        "cache did not see: plain SQL, or QuerySet.update() and bulk_create() outside bulk_changes()."
    )

    def handle(self, **options):
        new_content_version()
        self.stdout.write("A new content version has started: every cached page is renewed on its next request.")
