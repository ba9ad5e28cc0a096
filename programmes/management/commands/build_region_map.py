"""Write programmes/region_map.json, the region's country outlines, from Natural Earth's boundaries
as world-atlas on npm publishes them (TopoJSON, public domain). Run by `make region-map`, which
fetches the pinned world-atlas with npm first; the portal itself never needs npm: the result is
committed, and the map is drawn from it on the server."""

import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes.region_map import FRAME, MAP_DATA

DEFAULT_SOURCE = Path("node_modules/world-atlas/countries-50m.json")

# Points beyond this box are pulled onto its edge before projecting: the parts of Russia and
# China far outside the view collapse onto a line outside it, while every border inside the view
# keeps its shape.
CLAMP_LONGITUDE = (25.0, 110.0)
CLAMP_LATITUDE = (15.0, 70.0)
# Douglas-Peucker tolerance and the smallest ring kept, in view-box units (the view is 1,000 wide).
TOLERANCE = 0.7
SMALLEST_RING_AREA = 3.0

# ISO 3166-1 numeric codes (world-atlas's ids) of the countries in or near the view.
NUMERIC_TO_ISO2 = {
    "004": "af", "031": "az", "051": "am", "156": "cn", "268": "ge", "356": "in", "364": "ir",
    "368": "iq", "398": "kz", "417": "kg", "496": "mn", "586": "pk", "643": "ru", "762": "tj",
    "792": "tr", "795": "tm", "860": "uz",
}  # fmt: skip


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def project(points):
    projected = []
    for longitude, latitude in points:
        longitude = min(max(longitude, CLAMP_LONGITUDE[0]), CLAMP_LONGITUDE[1])
        latitude = min(max(latitude, CLAMP_LATITUDE[0]), CLAMP_LATITUDE[1])
        projected.append(FRAME.point(longitude, latitude))
    return projected


def simplify(points, tolerance):
    """Douglas-Peucker, ends kept: shared borders are simplified alike on both sides."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x0, y0 = points[index]
            if length:
                off = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            else:
                off = math.hypot(x0 - x1, y0 - y1)
            if off > distance:
                farthest, distance = index, off
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def in_view(points):
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return max(xs) >= 0 and min(xs) <= FRAME.width and max(ys) >= 0 and min(ys) <= FRAME.height


def path(rings):
    parts = []
    for ring in rings:
        head, *rest = ring
        parts.append(f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest) + "Z")
    return "".join(parts)


class Command(BaseCommand):
    help = "Write programmes/region_map.json from world-atlas's countries-50m.json (make region-map)."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE), help="world-atlas's countries-50m.json")
        parser.add_argument("--output", default=str(MAP_DATA), help="where to write (default: %(default)s)")

    def handle(self, *args, source, output, **options):
        try:
            topology = json.loads(Path(source).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}. Run `make region-map`, which installs it.") from error
        arcs = [simplify(project(arc), TOLERANCE) for arc in decode_arcs(topology)]
        countries = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
                geometry["type"], []
            )
            rings = [ring_points(ring, arcs) for polygon in polygons for ring in polygon]
            rings = [ring for ring in rings if len(ring) > 3 and area(ring) >= SMALLEST_RING_AREA and in_view(ring)]
            if rings:
                countries.append({"iso2": NUMERIC_TO_ISO2.get(geometry.get("id"), ""), "d": path(rings)})
        countries.sort(key=lambda country: country["iso2"])
        output = Path(output)
        output.write_text(
            json.dumps(
                {
                    "source": "Natural Earth 1:50m Admin 0 boundaries (public domain), world-atlas 2.0.2 on npm",
                    "view_box": [0, 0, FRAME.width, FRAME.height],
                    "countries": countries,
                },
                indent=0,
            )
            + "\n"
        )
        self.stdout.write(f"Wrote {output}: {len(countries)} countries, {output.stat().st_size:,} bytes.")
