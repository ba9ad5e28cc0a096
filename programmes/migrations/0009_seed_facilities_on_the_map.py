"""The seed's facilities placed on the map (issue 20) in databases loaded before it: the same
coordinates and source notes as fixtures/seed.json, written only where an editor has not given
coordinates of their own. New databases get them from the fixture."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations


def seed_facilities():
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "seed.json").read_text())
    return [row["fields"] for row in rows if row["model"] == "programmes.facility"]


def place_seed_facilities(apps, schema_editor):
    Facility = apps.get_model("programmes", "Facility")
    for fields in seed_facilities():
        facility = Facility.objects.filter(slug=fields["slug"], latitude__isnull=True).first()
        if facility is None or not fields.get("latitude"):
            continue
        facility.latitude = fields["latitude"]
        facility.longitude = fields["longitude"]
        facility.coordinates_precision = fields["coordinates_precision"]
        if fields["source_note"].startswith(facility.source_note):
            facility.source_note = fields["source_note"]
        facility.save(update_fields=["latitude", "longitude", "coordinates_precision", "source_note"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0008_facility_coordinates_precision")]

    operations = [migrations.RunPython(place_seed_facilities, migrations.RunPython.noop)]
