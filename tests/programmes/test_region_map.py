"""The region's map (issue 20, item 1): drawn on the server from Natural Earth's boundaries, one
marker per facility with coordinates, following the list's filters, with the list as its text
alternative."""

import importlib
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from programmes.models import Facility
from programmes.region_map import CAPITALS, FRAME, FacilityMap, albers, boundaries
from tests.factories import CountryFactory, FacilityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def rings(path):
    """The rings of an SVG path of M/L/Z commands, as lists of (x, y)."""
    return [
        [tuple(map(float, pair.split())) for pair in re.findall(r"[ML]([-\d.]+ [-\d.]+)", ring)]
        for ring in path.split("Z")
        if ring
    ]


def inside(point, path):
    """Even-odd rule over all the path's rings (holes included)."""
    x, y = point
    crossings = 0
    for ring in rings(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


class MapParser(HTMLParser):
    """The markers, clusters and subject countries of the map on a page."""

    def __init__(self):
        super().__init__()
        self.markers, self.clusters, self.subjects, self.in_map = [], [], 0, False
        self.naming = None  # the marker whose <title> (its name) or <desc> is being read
        self.reading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "svg" and "region-map__svg" in classes:
            self.in_map = True
        if not self.in_map:
            return
        if tag == "a" and "region-map__marker" in classes:
            self.markers.append(attrs)
            self.naming = self.markers[-1]
        elif tag in ("title", "desc") and self.naming is not None:
            self.reading = "name" if tag == "title" else "description"
            self.naming[self.reading] = ""
        elif tag == "g" and "region-map__cluster" in classes:
            self.clusters.append(attrs)
        elif tag == "path" and "region-map__land--subject" in classes:
            self.subjects += 1

    def handle_data(self, data):
        if self.naming is not None and self.reading:
            self.naming[self.reading] += data

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_map = False
        elif tag in ("title", "desc"):
            self.reading = None
        elif tag == "a":
            self.naming = None


def the_map(response):
    assert response.status_code == 200
    parser = MapParser()
    parser.feed(response.content.decode())
    return parser


def facility(country="tj", latitude="38.5", longitude="68.8", **fields):
    return FacilityFactory(
        country=CountryFactory(iso2=country),
        latitude=Decimal(latitude) if latitude else None,
        longitude=Decimal(longitude) if longitude else None,
        **fields,
    )


def outline(iso2):
    return next(country["d"] for country in boundaries() if country["iso2"] == iso2)


@pytest.mark.parametrize(
    ("iso2", "capital"),
    [("kz", "Astana"), ("kg", "Bishkek"), ("tj", "Dushanbe"), ("tm", "Ashgabat"), ("uz", "Tashkent"), ("af", "Kabul")],
)
def test_each_capital_lands_inside_its_country(iso2, capital):
    """The boundaries were projected at build time and the places are projected now: the same
    projection must put each capital inside its own country's outline, and not in a neighbour's."""
    longitude, latitude = next((lon, lat) for name, lon, lat in CAPITALS if str(name) == capital)
    point = FRAME.point(longitude, latitude)
    assert inside(point, outline(iso2))
    for other in {"kz", "kg", "tj", "tm", "uz", "af"} - {iso2}:
        assert not inside(point, outline(other))


def test_the_projection_gives_snyders_worked_example():
    """Snyder's numerical example for the spherical Albers projection (Map Projections: A Working
    Manual, 1987, p. 291): 35° N 75° W with parallels 29.5° and 45.5°, origin 23° N 96° W, R = 1."""
    x, y = albers(-75, 35, meridian=-96, origin=23, parallels=(29.5, 45.5))
    assert x == pytest.approx(0.2952720, abs=1e-7)
    assert y == pytest.approx(0.2416774, abs=1e-7)


def test_the_view_is_a_thousand_units_wide_and_keeps_the_region_inside():
    assert FRAME.width == 1000
    for longitude, latitude in [
        (46.5, 41.0),
        (87.3, 49.1),
        (61.5, 29.5),
        (53.0, 51.5),
    ]:  # Kazakhstan's and Afghanistan's ends, the Caucasus
        assert FRAME.contains(*FRAME.point(longitude, latitude))


def test_the_region_is_drawn_with_its_sea_and_neighbours():
    drawn = {country["iso2"] for country in boundaries()}
    assert {"kz", "kg", "tj", "tm", "uz", "af", "az", "ir", "cn", "ru"} <= drawn
    # The Caspian is no country's: its middle is on no outline.
    caspian = FRAME.point(50.6, 41.3)
    assert not any(inside(caspian, country["d"]) for country in boundaries())


def test_every_facility_with_coordinates_is_a_marker_linking_to_it(client):
    placed = facility(name="Port Control Unit at Dushanbe-2 dry port", slug="pcu-dushanbe-2")
    approximate = facility(
        country="kz",
        latitude="43.66105",
        longitude="51.17392",
        name="Port Control Unit at Aktau seaport",
        slug="pcu-aktau",
        coordinates_precision=Facility.CoordinatesPrecision.TOWN,
    )
    unplaced = facility(latitude=None, longitude=None, name="Border Liaison Office at Oybek", slug="blo-oybek")

    page = client.get("/facilities/")
    markers = {marker["href"]: (marker["name"], marker["description"]) for marker in the_map(page).markers}

    assert markers == {
        "/facilities/pcu-dushanbe-2/": ("Port Control Unit at Dushanbe-2 dry port", "Port Control Unit, Operational"),
        "/facilities/pcu-aktau/": (
            "Port Control Unit at Aktau seaport",
            "Port Control Unit, Operational, approximate position",
        ),
    }
    html = page.content.decode()
    not_on_map = html[html.index("Not on the map") : html.index("</p>", html.index("Not on the map"))]
    assert f'<a href="{unplaced.get_absolute_url()}">Border Liaison Office at Oybek</a>' in not_on_map
    assert placed.name not in not_on_map and approximate.name not in not_on_map


def test_the_map_follows_the_lists_filters(client):
    facility(slug="tj-pcu")
    facility(slug="tj-blo", latitude="37.2", longitude="68.6", kind=Facility.Kind.BORDER_LIAISON_OFFICE)
    facility(country="kz", latitude="43.6", longitude="51.2", slug="kz-blo", kind=Facility.Kind.BORDER_LIAISON_OFFICE)

    hrefs = lambda address: {marker["href"] for marker in the_map(client.get(address)).markers}  # noqa: E731

    assert hrefs("/facilities/") == {"/facilities/tj-pcu/", "/facilities/tj-blo/", "/facilities/kz-blo/"}
    assert hrefs("/facilities/?kind=blo") == {"/facilities/tj-blo/", "/facilities/kz-blo/"}
    assert hrefs("/facilities/?country=tj&kind=blo") == {"/facilities/tj-blo/"}


def test_every_page_of_a_long_list_maps_the_whole_list(client):
    country = CountryFactory(iso2="kz")
    Facility.objects.bulk_create(
        Facility(
            name=f"Office {n}",
            slug=f"office-{n}",
            kind=Facility.Kind.BORDER_LIAISON_OFFICE,
            country=country,
            place="Somewhere",
            place_kind=Facility.PlaceKind.CITY,
            latitude=Decimal(40 + n // 20 * 3),
            longitude=Decimal(50 + n % 20 * 1.5),
        )
        for n in range(60)
    )
    second_page = the_map(client.get("/facilities/?page=2"))
    assert len(second_page.markers) == 60


def test_the_list_below_is_the_maps_text_alternative(client):
    facility(slug="tj-pcu")
    html = client.get("/facilities/").content.decode()
    assert '<a href="#results">The same facilities as a list</a>' in html
    assert '<ul class="item-list" id="results">' in html


def test_a_facility_outside_the_region_drawn_is_listed_as_such(client):
    facility(country="es", latitude="41.38", longitude="2.17", slug="barcelona-office", name="Office in Barcelona")
    page = client.get("/facilities/")
    assert the_map(page).markers == []
    assert "Office in Barcelona</a> (outside the region the map shows)" in page.content.decode()


def test_crowded_facilities_become_one_numbered_mark():
    for n in range(12):
        facility(slug=f"office-{n:02}", name=f"Office {n:02}", latitude=f"40.{n:03}", longitude="70.0")
    facility(slug="lone", name="Lone", latitude="45", longitude="60")
    drawn = FacilityMap.of(Facility.objects.order_by("name"))
    assert [marker.facility.slug for marker in drawn.markers] == ["lone"]
    assert [cluster.count for cluster in drawn.clusters] == [12]
    assert drawn.clusters[0].description == "12 facilities close together: Office 00, Office 01, Office 02 and 9 more"
    assert drawn.placed_count == 13


def test_many_facilities_without_coordinates_are_named_up_to_twenty(client):
    for n in range(25):
        facility(slug=f"unplaced-{n:02}", name=f"Unplaced {n:02}", latitude=None, longitude=None)
    html = client.get("/facilities/").content.decode()
    not_on_map = html[html.index("Not on the map") : html.index("</p>", html.index("Not on the map"))]
    assert not_on_map.count("<a href=") == 20
    assert "Unplaced 19</a> and 5 more (no coordinates given)." in not_on_map


def test_two_thousand_facilities_make_a_map_under_300_kb(client):
    country = CountryFactory(iso2="kz")
    Facility.objects.bulk_create(
        Facility(
            name=f"Border Liaison Office {n}",
            slug=f"blo-{n}",
            kind=Facility.Kind.BORDER_LIAISON_OFFICE,
            status=Facility.Status.OPERATIONAL,
            country=country,
            place="Somewhere",
            place_kind=Facility.PlaceKind.CITY,
            latitude=Decimal(37 + (n * 7919 % 1500) / 100),
            longitude=Decimal(50 + (n * 104729 % 3000) / 100),
        )
        for n in range(2000)
    )
    html = client.get("/facilities/").content.decode()
    svg = html[
        html.index('<svg class="region-map__svg"') : html.index("</svg>", html.index('<svg class="region-map__svg"'))
    ]
    assert len(svg.encode()) < 300_000
    drawn = the_map(client.get("/facilities/"))
    shown = len(drawn.markers) + sum(int(re.match(r"\d+", cluster["aria-label"]).group()) for cluster in drawn.clusters)
    assert shown == 2000


def test_the_country_page_maps_all_its_facilities_and_fills_the_country(client):
    for n in range(15):
        facility(slug=f"tj-{n}", latitude="38", longitude=str(55 + n * 1.5))
    page = client.get("/countries/tj/")
    drawn = the_map(page)
    assert len(drawn.markers) == 15  # the cards below show the first 12
    assert drawn.subjects == 1


def test_the_programme_page_maps_its_facilities(client):
    programme = ProgrammeFactory(slug="container-control")
    facility(slug="with-programme", programme=programme)
    facility(slug="without-programme")
    drawn = the_map(client.get(programme.get_absolute_url()))
    assert [marker["href"] for marker in drawn.markers] == ["/facilities/with-programme/"]


def test_a_facility_page_has_a_locator_map_only_with_coordinates(client):
    placed = facility(slug="placed", coordinates_precision=Facility.CoordinatesPrecision.TOWN)
    unplaced = facility(slug="unplaced", latitude=None, longitude=None)
    page = client.get(placed.get_absolute_url())
    drawn = the_map(page)
    assert [marker["href"] for marker in drawn.markers] == ["/facilities/placed/"]
    assert drawn.subjects == 1
    assert "(approximate: the town or city)" in page.content.decode()
    assert 'class="region-map__svg"' not in client.get(unplaced.get_absolute_url()).content.decode()


def test_the_facilities_list_reads_the_map_in_one_query_whatever_its_size(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = settings.COUNT_CACHE_SECONDS = 0
    facility(slug="first")
    client.get("/facilities/")  # the filters' options, remembered per content version
    with django_assert_max_num_queries(100) as few:
        client.get("/facilities/?status=operational")
    for n in range(30):
        facility(slug=f"more-{n}", latitude=str(38 + n * 0.1))
    client.get("/facilities/")
    with django_assert_max_num_queries(100) as many:
        client.get("/facilities/?status=operational")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_map_speaks_russian_on_russian_pages(client):
    facility(slug="tj-pcu", name="Port Control Unit at Dushanbe-2 dry port")
    CountryFactory(iso2="kz", name_ru="Республика Казахстан")  # as the portal's pages name it
    html = client.get("/ru/facilities/").content.decode()
    assert '<title lang="en">Port Control Unit at Dushanbe-2 dry port</title>' in html
    assert "<desc>Подразделение портового контроля, Действует</desc>" in html
    assert ">Республика Казахстан</text>" in html
    assert ">Таджикистан</text>" in html  # not translated in the database: the map's own name
    assert ">Каспийское море</text>" in html
    assert ">Душанбе</text>" in html


def test_the_seed_places_its_facilities_with_their_sources(seed):
    placed = Facility.objects.filter(latitude__isnull=False)
    assert placed.count() == 4
    for row in placed:
        assert row.coordinates_precision == Facility.CoordinatesPrecision.TOWN
        assert f"({row.latitude}, {row.longitude}; GeoNames" in row.source_note
    for row in Facility.objects.filter(latitude__isnull=True):
        assert "Not on the map" in row.source_note


def test_the_migration_places_seed_facilities_an_editor_has_not_placed(seed):
    """A database loaded before the map: coordinates only where an editor gave none, the source
    added to the note as the editor left it, never twice, and nothing they wrote taken back."""
    migration = importlib.import_module("programmes.migrations.0009_seed_facilities_on_the_map")
    Facility.objects.filter(slug="pcu-dushanbe-2").update(
        latitude=None, longitude=None, source_note="Renamed by an editor.", coordinates_precision="not-stated"
    )
    Facility.objects.filter(slug="pcu-nizhniy-pyanj").update(latitude=None, longitude=None, source_note="")
    Facility.objects.filter(slug="pcu-aktau-seaport").update(latitude=Decimal("43.6"), longitude=Decimal("51.2"))

    migration.place_seed_facilities(apps, None)
    migration.place_seed_facilities(apps, None)

    dushanbe = Facility.objects.get(slug="pcu-dushanbe-2")
    assert (dushanbe.latitude, dushanbe.longitude) == (Decimal("38.53575"), Decimal("68.77905"))
    assert dushanbe.coordinates_precision == Facility.CoordinatesPrecision.TOWN
    assert dushanbe.source_note == "Renamed by an editor. " + migration.PLACES["pcu-dushanbe-2"][2]
    assert Facility.objects.get(slug="pcu-nizhniy-pyanj").source_note == migration.PLACES["pcu-nizhniy-pyanj"][2]
    aktau = Facility.objects.get(slug="pcu-aktau-seaport")
    assert (aktau.latitude, aktau.longitude) == (Decimal("43.6"), Decimal("51.2"))


def test_the_migrations_sentences_are_the_seeds():
    """The migration carries its own copy of what the seed says (a migration must not change when
    the fixture does): the two must agree."""
    migration = importlib.import_module("programmes.migrations.0009_seed_facilities_on_the_map")
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "seed.json").read_text())
    seed = {row["fields"]["slug"]: row["fields"] for row in rows if row["model"] == "programmes.facility"}
    for slug, (latitude, longitude, sentence) in migration.PLACES.items():
        assert (seed[slug]["latitude"], seed[slug]["longitude"]) == (latitude, longitude)
        assert seed[slug]["source_note"].endswith(sentence)


def test_two_facilities_either_side_of_a_grid_line_are_one_mark():
    facility(slug="west", latitude="37.2", longitude="68.121")
    facility(slug="east", latitude="37.2", longitude="68.1215")
    facility(slug="far", latitude="37.2", longitude="70.5")
    drawn = FacilityMap.of(Facility.objects.all())
    assert [cluster.count for cluster in drawn.clusters] == [2]
    assert [marker.facility.slug for marker in drawn.markers] == ["far"]


def test_the_build_reads_a_topology(tmp_path):
    """A square country around Dushanbe in TopoJSON: arcs delta-encoded, one of them used
    backwards, as world-atlas writes them."""
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [0, 0]},
        "arcs": [[[6800, 3800], [200, 0], [0, 200]], [[6800, 3800], [0, 200], [200, 0]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[0, -2]], "id": "762"}],
            }
        },
    }
    source, output = tmp_path / "countries.json", tmp_path / "map.json"
    source.write_text(json.dumps(topology))
    call_command("build_region_map", str(source), output=str(output), stdout=io.StringIO())
    countries = json.loads(output.read_text())["countries"]
    assert [country["iso2"] for country in countries] == ["tj"]
    assert inside(FRAME.point(69.0, 39.0), countries[0]["d"])
    assert not inside(FRAME.point(71.0, 39.0), countries[0]["d"])


def test_the_map_is_kept_per_content_version_and_never_stale(client, django_capture_on_commit_callbacks):
    """Every page of a list shows the same map, worked out once per content version; a facility
    saved (a new version once the save commits) is on the next page asked for."""
    facility(slug="first")
    first = the_map(client.get("/facilities/?status=operational"))
    assert [marker["href"] for marker in first.markers] == ["/facilities/first/"]
    with django_capture_on_commit_callbacks(execute=True):
        added = facility(slug="second", latitude="42.5", longitude="78.4")
    assert {marker["href"] for marker in the_map(client.get("/facilities/?status=operational")).markers} == {
        "/facilities/first/",
        "/facilities/second/",
    }
    with django_capture_on_commit_callbacks(execute=True):
        added.latitude = added.longitude = None
        added.save()
    again = client.get("/facilities/?status=operational")
    assert [marker["href"] for marker in the_map(again).markers] == ["/facilities/first/"]
    assert "/facilities/second/" in again.content.decode().split("Not on the map")[1]


def test_the_outlines_are_path_data_and_nothing_else(tmp_path, monkeypatch):
    """The outlines go into pages unescaped: a map file holding anything but path commands and
    numbers is refused, not served."""
    from programmes import region_map

    assert all(region_map.PATH_DATA.fullmatch(country["d"]) for country in boundaries())
    tampered = tmp_path / "region_map.json"
    tampered.write_text(json.dumps({"countries": [{"iso2": "tj", "d": 'M0 0L1 1Z"/><script>alert(1)</script>'}]}))
    monkeypatch.setattr(region_map, "MAP_DATA", tampered)
    region_map.boundaries.cache_clear()
    try:
        with pytest.raises(ValueError, match="not path data"):
            region_map.boundaries()
    finally:
        region_map.boundaries.cache_clear()
