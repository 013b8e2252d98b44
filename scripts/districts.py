#!/usr/bin/env python3
"""Draws app/data/ljubljana-districts.geojson: APPROXIMATE shapes of Ljubljana's 17 districts
(četrtne skupnosti) for the demo. Not survey data: each district is the part of a rough outline of
the city nearer to an approximate centre of that district than to any other (a Voronoi diagram),
drawn by this project. A city uploads its real districts (from its open data) instead."""
import json, pathlib

CENTRES = [
    ("Bežigrad", 14.515, 46.075), ("Center", 14.505, 46.051), ("Črnuče", 14.545, 46.102),
    ("Dravlje", 14.470, 46.078), ("Golovec", 14.545, 46.040), ("Jarše", 14.555, 46.072),
    ("Moste", 14.540, 46.058), ("Polje", 14.600, 46.062), ("Posavje", 14.520, 46.092),
    ("Rožnik", 14.480, 46.055), ("Rudnik", 14.520, 46.020), ("Sostro", 14.640, 46.040),
    ("Šentvid", 14.455, 46.103), ("Šiška", 14.490, 46.068), ("Šmarna gora", 14.470, 46.130),
    ("Trnovo", 14.500, 46.030), ("Vič", 14.465, 46.040),
]
OUTLINE = [(14.43, 46.14), (14.49, 46.155), (14.54, 46.13), (14.58, 46.11), (14.62, 46.09),
           (14.70, 46.07), (14.72, 46.04), (14.68, 46.01), (14.60, 46.00), (14.55, 45.985),
           (14.50, 45.99), (14.45, 46.01), (14.41, 46.03), (14.40, 46.07), (14.41, 46.11)]
COS = 0.6943  # cos 46.06°: distances in the plane as on the ground

def clip(poly, a, b):
    """The part of poly nearer to a than to b (Sutherland–Hodgman against one half-plane)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = (b[0] - a[0]) * COS * COS, b[1] - a[1]
    side = lambda p: (p[0] - mx) * nx + (p[1] - my) * ny  # < 0: a's side
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp < 0) != (sq < 0) and sp != sq:
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out

features = []
for name, x, y in CENTRES:
    cell = OUTLINE[:]
    for other, ox, oy in CENTRES:
        if other != name:
            cell = clip(cell, (x, y), (ox, oy))
    ring = [[round(px, 5), round(py, 5)] for px, py in cell]
    ring.append(ring[0])
    features.append({"type": "Feature", "properties": {"name": name},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
doc = {"type": "FeatureCollection", "features": features}
out = pathlib.Path(__file__).resolve().parent.parent / "app/data/ljubljana-districts.geojson"
out.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
print(out, len(features))
