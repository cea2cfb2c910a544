"""Turn the vendored world map (TopoJSON) into the SVG paths the portal draws.

Run once after updating `static/vendor/worldmap/countries-110m.json` (from `npm pack
world-atlas@2`; version 2.0.2 now, ISC licence, data from Natural Earth, public domain):

    python -m greentech.worldmap.build_paths

It writes `greentech/worldmap/countries.json`: the view box and, per country, one SVG path
(`d`) keyed by its ISO 3166-1 alpha-2 code. Shapes without an ISO code are kept, unnamed,
under `"other"` so the map has no holes. Antarctica is left out. The projection is the
Natural Earth projection (a pseudo-cylindrical projection close to Robinson's).

Nothing here needs Django settings: the ISO numeric to alpha-2 table comes from the data
module of django-countries.
"""

import json
import math
from pathlib import Path

from django_countries.data import ALT_CODES

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "static" / "vendor" / "worldmap" / "countries-110m.json"
TARGET = Path(__file__).resolve().parent / "countries.json"
WIDTH = 960
LEFT_OUT = {"AQ"}  # Antarctica: a wide band at the bottom, and nobody to cooperate with.


def numeric_to_alpha2() -> dict[int, str]:
    return {numeric: alpha2 for alpha2, (_alpha3, numeric) in ALT_CODES.items() if numeric}


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (Šavrič, Jenny, Patterson, Jenny 2011), in radians."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs in degrees (TopoJSON stores them quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with continuous longitudes: a step across the antimeridian (e.g. 179 to -179)
    becomes a short step (179 to 181) instead of a jump around the globe."""
    unwrapped, offset, previous = [], 0.0, None
    for lon, lat in points:
        if previous is not None:
            if lon + offset - previous > 180:
                offset -= 360
            elif lon + offset - previous < -180:
                offset += 360
        previous = lon + offset
        unwrapped.append((previous, lat))
    return unwrapped


def clip(points, meridian: float, keep_east: bool) -> list[tuple[float, float]]:
    """The part of the ring east (or west) of `meridian` (Sutherland-Hodgman on one edge)."""

    def inside(point):
        return point[0] >= meridian if keep_east else point[0] <= meridian

    clipped = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if inside(current) != inside(previous):
            t = (meridian - previous[0]) / (current[0] - previous[0])
            clipped.append((meridian, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            clipped.append(current)
    return clipped


def split_at_antimeridian(points) -> list[list[tuple[float, float]]]:
    """The ring as one or more rings within -180..180 degrees of longitude."""
    points = unwrap(points)
    lons = [lon for lon, _lat in points]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    edge = 180.0 if max(lons) > 180 else -180.0
    shift = -360.0 if edge > 0 else 360.0
    inner = clip(points, edge, keep_east=edge < 0)
    outer = [(lon + shift, lat) for lon, lat in clip(points, edge, keep_east=edge > 0)]
    return [ring for ring in (inner, outer) if len(ring) >= 3]


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _tenths(value: int) -> str:
    return f"{value / 10:g}"


def ring_path(points: list[tuple[int, int]]) -> str:
    """One closed ring: an absolute move, then relative line steps (a compact `d`)."""
    (x0, y0), steps = points[0], []
    previous = points[0]
    for x, y in points[1:]:
        dx, dy = x - previous[0], y - previous[1]
        steps.append(_tenths(dx) + ("" if dy < 0 else " ") + _tenths(dy))
        previous = (x, y)
    # A negative number starts with its own separator ("-"); others need a space.
    body = "".join(step if step.startswith("-") else f" {step}" for step in steps)
    return f"M{_tenths(x0)} {_tenths(y0)}l{body.lstrip()}z"


def build(source: Path = SOURCE) -> dict:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    # The projected extent of the whole globe: x from the equator's ends, y from the poles.
    half_width = natural_earth(180, 0)[0]
    half_height = natural_earth(0, 90)[1]
    scale = WIDTH / (2 * half_width)
    bottom = -60.0  # Below this latitude there is only Antarctica, which is left out.
    height = (half_height - natural_earth(0, bottom)[1]) * scale

    def svg_point(lon, lat) -> tuple[int, int]:
        """The point in tenths of an SVG unit (whole numbers, so relative steps do not drift)."""
        x, y = natural_earth(lon, lat)
        return round((x + half_width) * scale * 10), round((half_height - y) * scale * 10)

    def path_of(geometry) -> str:
        parts = []
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for piece in split_at_antimeridian(ring_points(ring, arcs)):
                    points = []
                    for lon, lat in piece:
                        point = svg_point(lon, lat)
                        if not points or points[-1] != point:
                            points.append(point)
                    if len(points) >= 3:
                        parts.append(ring_path(points))
        return "".join(parts)

    codes = numeric_to_alpha2()
    countries: dict[str, str] = {}
    other: list[str] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        d = path_of(geometry)
        if not d:
            continue
        alpha2 = codes.get(int(geometry["id"])) if geometry.get("id") else None
        if alpha2 in LEFT_OUT:
            continue
        if alpha2 is None:
            other.append(d)
        else:
            countries[alpha2] = countries.get(alpha2, "") + d
    return {
        "source": "world-atlas 2.0.2 countries-110m (Natural Earth 1:110m), "
        "Natural Earth projection",
        "width": WIDTH,
        "height": math.ceil(height),
        "countries": dict(sorted(countries.items())),
        "other": other,
    }


def main() -> None:
    data = build()
    TARGET.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['countries'])} countries written to {TARGET.name}")


if __name__ == "__main__":
    main()
