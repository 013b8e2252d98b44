//! Areas as shapes: reading GeoJSON (RFC 7946: longitude and latitude in WGS 84), projecting
//! them onto a flat map, simplifying them for the screen, drawing them as SVG paths, finding
//! where a label goes and which area holds a point. Plain functions, no I/O.

use geojson::{GeoJson, GeometryValue, Position};
use serde::{Deserialize, Serialize};

/// The largest GeoJSON file accepted (a city's districts are a few hundred kilobytes).
pub const MAX_GEOJSON_BYTES: usize = 5 * 1024 * 1024;
/// The most points accepted in one file.
pub const MAX_POINTS: usize = 100_000;
/// The most areas a community has.
pub const MAX_AREAS: usize = 200;
/// Maps are drawn in a box this many units wide (the SVG's viewBox), whatever their size on
/// the screen; the height follows from the areas' shape.
pub const MAP_WIDTH: f64 = 1000.0;
/// Room around the areas, in map units, so that their outlines are not cut.
const PAD: f64 = super::view::MAP_PAD;
/// Points nearer than this to the line drawn without them are left out (map units: about a
/// pixel where the map is shown widest).
const TOLERANCE: f64 = 0.7;

/// A ring of [longitude, latitude] points, its last the same as its first.
pub type Ring = Vec<[f64; 2]>;
/// An outer ring and its holes.
pub type Polygon = Vec<Ring>;
/// One or more polygons (a district with an island is two).
pub type Shape = Vec<Polygon>;

/// One area of an uploaded file.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedArea {
    pub name: String,
    pub shape: Shape,
}

/// Why a file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoError {
    TooLarge,
    NotGeoJson,
    NoAreas,
    TooManyAreas,
    /// A feature's geometry is not a Polygon or MultiPolygon.
    NotPolygon,
    /// A ring has fewer than four points or does not end where it starts.
    OpenRing,
    TooManyPoints,
    /// A coordinate is not a longitude and latitude (projected data, such as D96/TM metres).
    NotLonLat,
    /// A feature has no `name` property.
    NoName,
    DuplicateName,
}

/// The properties a district's name is found in, in the order tried (cities' open data use
/// their own language's word).
const NAME_KEYS: [&str; 8] = [
    "name", "Name", "NAME", "ime", "IME", "naziv", "NAZIV", "name_sl",
];

/// Reads a FeatureCollection (or one Feature) of named Polygons and MultiPolygons.
pub fn parse(bytes: &[u8]) -> Result<Vec<ParsedArea>, GeoError> {
    if bytes.len() > MAX_GEOJSON_BYTES {
        return Err(GeoError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| GeoError::NotGeoJson)?;
    let features = match text.parse::<GeoJson>().map_err(|_| GeoError::NotGeoJson)? {
        GeoJson::FeatureCollection(c) => c.features,
        GeoJson::Feature(f) => vec![f],
        // A bare geometry has no name.
        GeoJson::Geometry(_) => return Err(GeoError::NoName),
    };
    if features.is_empty() {
        return Err(GeoError::NoAreas);
    }
    if features.len() > MAX_AREAS {
        return Err(GeoError::TooManyAreas);
    }
    let mut points = 0;
    let mut areas: Vec<ParsedArea> = Vec::with_capacity(features.len());
    for feature in features {
        let name = NAME_KEYS
            .iter()
            .find_map(|k| feature.property(k).and_then(|v| v.as_str()))
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty() && n.chars().count() <= 100)
            .ok_or(GeoError::NoName)?;
        let polygons = match feature.geometry.map(|g| g.value) {
            Some(GeometryValue::Polygon { coordinates }) => vec![coordinates],
            Some(GeometryValue::MultiPolygon { coordinates }) => coordinates,
            _ => return Err(GeoError::NotPolygon),
        };
        let mut shape = Vec::with_capacity(polygons.len());
        for polygon in polygons {
            let mut rings = Vec::with_capacity(polygon.len());
            for ring in polygon {
                points += ring.len();
                if points > MAX_POINTS {
                    return Err(GeoError::TooManyPoints);
                }
                rings.push(ring_of(&ring)?);
            }
            if rings.is_empty() {
                return Err(GeoError::OpenRing);
            }
            shape.push(rings);
        }
        if areas.iter().any(|a| a.name == name) {
            return Err(GeoError::DuplicateName);
        }
        areas.push(ParsedArea { name, shape });
    }
    Ok(areas)
}

fn ring_of(ring: &[Position]) -> Result<Ring, GeoError> {
    let points = ring
        .iter()
        .map(|p| match p.as_slice() {
            [lon, lat, ..] if (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat) => {
                Ok([*lon, *lat])
            }
            _ => Err(GeoError::NotLonLat),
        })
        .collect::<Result<Ring, _>>()?;
    if points.len() < 4 || points.first() != points.last() {
        return Err(GeoError::OpenRing);
    }
    Ok(points)
}

/// How longitude and latitude become map units: an equirectangular projection about the
/// areas' middle latitude (a city is small enough for it to keep shapes true), scaled to
/// `MAP_WIDTH`, north up.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub west: f64,
    pub north: f64,
    /// Map units per degree of longitude and of latitude.
    pub kx: f64,
    pub ky: f64,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// The projection that fits every shape given into the map's width; `None` when they
    /// span no area at all.
    pub fn fit<'a>(shapes: impl IntoIterator<Item = &'a Shape>) -> Option<Projection> {
        let (mut west, mut east, mut south, mut north) = (180.0, -180.0, 90.0, -90.0_f64);
        for point in shapes.into_iter().flatten().flatten().flatten() {
            west = point[0].min(west);
            east = point[0].max(east);
            south = point[1].min(south);
            north = point[1].max(north);
        }
        let cos = ((south + north) / 2.0).to_radians().cos();
        let span = (east - west) * cos;
        if span <= 0.0 || north <= south {
            return None;
        }
        let ky = (MAP_WIDTH - 2.0 * PAD) / span;
        Some(Projection {
            west,
            north,
            kx: ky * cos,
            ky,
            width: MAP_WIDTH,
            height: ((north - south) * ky + 2.0 * PAD).ceil(),
        })
    }

    pub fn to_map(&self, [lon, lat]: [f64; 2]) -> [f64; 2] {
        [
            PAD + (lon - self.west) * self.kx,
            PAD + (self.north - lat) * self.ky,
        ]
    }

    pub fn to_lon_lat(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        [
            self.west + (x - PAD) / self.kx,
            self.north - (y - PAD) / self.ky,
        ]
    }
}

/// The points of `line` that keep its course within `tolerance` (Douglas–Peucker): the ends,
/// and recursively the point farthest from the line between the kept ones while it is farther
/// than `tolerance`.
pub fn simplify(line: &[[f64; 2]], tolerance: f64) -> Vec<[f64; 2]> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut spans = vec![(0, line.len() - 1)];
    while let Some((a, b)) = spans.pop() {
        let (mut far, mut at) = (0.0, 0);
        for (i, p) in line.iter().enumerate().take(b).skip(a + 1) {
            let d = distance_to_segment(*p, line[a], line[b]);
            if d > far {
                (far, at) = (d, i);
            }
        }
        if far > tolerance {
            keep[at] = true;
            spans.push((a, at));
            spans.push((at, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

fn distance_to_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = dx * dx + dy * dy;
    let t = match length > 0.0 {
        true => (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length).clamp(0.0, 1.0),
        false => 0.0,
    };
    let (x, y) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - x).powi(2) + (p[1] - y).powi(2)).sqrt()
}

/// A shape as an SVG path in map units: each ring projected and simplified; rings that shrink
/// to less than a triangle (islets smaller than a pixel) are left out. Holes are drawn as rings
/// too: the map fills with `fill-rule: evenodd`.
pub fn svg_path(shape: &Shape, projection: &Projection) -> String {
    let mut path = String::new();
    for ring in shape.iter().flatten() {
        let projected: Vec<[f64; 2]> = ring.iter().map(|p| projection.to_map(*p)).collect();
        let points = simplify(&projected, TOLERANCE);
        if points.len() < 4 {
            continue;
        }
        for (i, [x, y]) in points[..points.len() - 1].iter().enumerate() {
            let command = if i == 0 { 'M' } else { 'L' };
            path.push_str(&format!("{command}{x:.1} {y:.1}"));
        }
        path.push('Z');
    }
    path
}

/// Where a shape's label goes, in map units: the middle of its largest polygon, or, when that
/// middle falls outside it (a crescent), the middle of the widest stretch of the polygon
/// across the middle's height.
pub fn label_point(shape: &Shape, projection: &Projection) -> Option<[f64; 2]> {
    let outer: Vec<[f64; 2]> = shape
        .iter()
        .filter_map(|polygon| polygon.first())
        .map(|ring| {
            ring.iter()
                .map(|p| projection.to_map(*p))
                .collect::<Vec<_>>()
        })
        .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))?;
    let centre = centroid(&outer)?;
    if ring_contains(&outer, centre) {
        return Some(centre);
    }
    let mut crossings: Vec<f64> = outer
        .windows(2)
        .filter_map(|e| {
            let ([x1, y1], [x2, y2]) = (e[0], e[1]);
            ((y1 > centre[1]) != (y2 > centre[1]))
                .then(|| x1 + (centre[1] - y1) * (x2 - x1) / (y2 - y1))
        })
        .collect();
    crossings.sort_by(f64::total_cmp);
    crossings
        .chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map(|s| [(s[0] + s[1]) / 2.0, centre[1]])
        .or(Some(centre))
}

/// Twice the signed area of a closed ring (shoelace formula).
fn ring_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|e| e[0][0] * e[1][1] - e[1][0] * e[0][1])
        .sum()
}

fn centroid(ring: &[[f64; 2]]) -> Option<[f64; 2]> {
    let area = ring_area(ring);
    if area == 0.0 {
        return None;
    }
    let (mut x, mut y) = (0.0, 0.0);
    for e in ring.windows(2) {
        let cross = e[0][0] * e[1][1] - e[1][0] * e[0][1];
        x += (e[0][0] + e[1][0]) * cross;
        y += (e[0][1] + e[1][1]) * cross;
    }
    Some([x / (3.0 * area), y / (3.0 * area)])
}

/// Whether a point lies inside a closed ring (even–odd rule; same units as the ring).
fn ring_contains(ring: &[[f64; 2]], [px, py]: [f64; 2]) -> bool {
    let mut inside = false;
    for e in ring.windows(2) {
        let ([x1, y1], [x2, y2]) = (e[0], e[1]);
        if (y1 > py) != (y2 > py) && px < x1 + (py - y1) * (x2 - x1) / (y2 - y1) {
            inside = !inside;
        }
    }
    inside
}

/// Whether a [longitude, latitude] point lies in a shape (inside an outer ring, not in a hole).
pub fn contains(shape: &Shape, point: [f64; 2]) -> bool {
    shape.iter().any(|polygon| {
        polygon
            .first()
            .is_some_and(|outer| ring_contains(outer, point))
            && !polygon[1..].iter().any(|hole| ring_contains(hole, point))
    })
}

/// A point as a form sends it ("longitude,latitude"), when it is one.
pub fn parse_point(text: &str) -> Option<[f64; 2]> {
    let (lon, lat) = text.split_once(',')?;
    let (lon, lat) = (
        lon.trim().parse::<f64>().ok()?,
        lat.trim().parse::<f64>().ok()?,
    );
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(name: &str, x: f64, y: f64, side: f64) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"name":"{name}"}},"geometry":{{"type":"Polygon",
            "coordinates":[[[{x},{y}],[{x2},{y}],[{x2},{y2}],[{x},{y2}],[{x},{y}]]]}}}}"#,
            x2 = x + side,
            y2 = y + side
        )
    }

    fn collection(features: &[String]) -> Vec<u8> {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
        .into_bytes()
    }

    #[test]
    fn named_polygons_are_read() {
        let file = collection(&[
            square("Center", 14.50, 46.04, 0.02),
            square("Šiška", 14.47, 46.06, 0.03),
        ]);
        let areas = parse(&file).unwrap();
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[1].name, "Šiška");
        assert_eq!(areas[0].shape[0][0].len(), 5);
        // "ime" (Slovenian open data) names an area too; a MultiPolygon is one area.
        let multi =
            br#"{"type":"Feature","properties":{"IME":"Sostro"},"geometry":{"type":"MultiPolygon",
            "coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}}"#;
        let areas = parse(multi).unwrap();
        assert_eq!(
            (areas[0].name.as_str(), areas[0].shape.len()),
            ("Sostro", 2)
        );
    }

    #[test]
    fn what_is_not_named_polygons_in_degrees_is_refused_with_its_reason() {
        assert_eq!(parse(b"not json"), Err(GeoError::NotGeoJson));
        assert_eq!(parse(br#"{"type":"Topology"}"#), Err(GeoError::NotGeoJson));
        assert_eq!(
            parse(br#"{"type":"FeatureCollection","features":[]}"#),
            Err(GeoError::NoAreas)
        );
        let line = br#"{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}"#;
        assert_eq!(parse(line), Err(GeoError::NotPolygon));
        let open = br#"{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}"#;
        assert_eq!(parse(open), Err(GeoError::OpenRing));
        // Slovenia's D96/TM coordinates are metres, not degrees.
        let metres = br#"{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[461000,101000],[462000,101000],[462000,102000],[461000,101000]]]}}"#;
        assert_eq!(parse(metres), Err(GeoError::NotLonLat));
        let unnamed = br#"{"type":"Feature","properties":{"area":3},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#;
        assert_eq!(parse(unnamed), Err(GeoError::NoName));
        let twice = collection(&[square("A", 0.0, 0.0, 1.0), square("A", 2.0, 0.0, 1.0)]);
        assert_eq!(parse(&twice), Err(GeoError::DuplicateName));
        assert_eq!(
            parse(&vec![b' '; MAX_GEOJSON_BYTES + 1]),
            Err(GeoError::TooLarge)
        );
    }

    /// A closed ring of `n` points and its closing one, as a named Feature.
    fn circle(n: usize) -> String {
        let mut ring: Vec<String> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                format!("[{:.6},{:.6}]", 14.5 + 0.1 * a.cos(), 46.0 + 0.1 * a.sin())
            })
            .collect();
        ring.push(ring[0].clone());
        format!(
            r#"{{"type":"Feature","properties":{{"name":"A"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}"#,
            ring.join(",")
        )
    }

    #[test]
    fn more_than_a_hundred_thousand_points_are_refused() {
        let over = circle(MAX_POINTS);
        assert!(over.len() < MAX_GEOJSON_BYTES);
        assert_eq!(parse(over.as_bytes()), Err(GeoError::TooManyPoints));
        assert!(parse(circle(MAX_POINTS - 1).as_bytes()).is_ok());
    }

    #[test]
    fn the_projection_fits_the_width_keeps_shapes_and_goes_back() {
        // A square of 0.1° at 46° N is 0.1 × cos 46° ≈ 0.0695 wide in the same units as tall.
        let shape: Shape = vec![vec![vec![
            [14.4, 46.0],
            [14.5, 46.0],
            [14.5, 46.1],
            [14.4, 46.1],
            [14.4, 46.0],
        ]]];
        let p = Projection::fit([&shape]).unwrap();
        let [x0, y0] = p.to_map([14.4, 46.1]);
        let [x1, y1] = p.to_map([14.5, 46.0]);
        assert!(
            (x0 - PAD).abs() < 1e-9 && (y0 - PAD).abs() < 1e-9,
            "north-west is the top left"
        );
        assert!((x1 - (MAP_WIDTH - PAD)).abs() < 1e-9);
        let ratio = (y1 - y0) / (x1 - x0);
        let expected = 1.0 / 46.05_f64.to_radians().cos();
        assert!((ratio - expected).abs() < 1e-3, "{ratio} vs {expected}");
        let back = p.to_lon_lat(p.to_map([14.43, 46.07]));
        assert!((back[0] - 14.43).abs() < 1e-9 && (back[1] - 46.07).abs() < 1e-9);
        assert_eq!(Projection::fit(std::iter::empty()), None);
    }

    #[test]
    fn simplifying_keeps_corners_and_drops_what_does_not_show() {
        // A square's side with a wobble of 0.1 units: gone; a corner: kept.
        let line = [[0.0, 0.0], [5.0, 0.1], [10.0, 0.0], [10.0, 10.0]];
        assert_eq!(
            simplify(&line, 0.7),
            vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]]
        );
        assert_eq!(simplify(&line, 0.05), line.to_vec());
    }

    #[test]
    fn paths_labels_and_points() {
        let shape: Shape = vec![vec![vec![
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [0.0, 0.0],
        ]]];
        let p = Projection::fit([&shape]).unwrap();
        let path = svg_path(&shape, &p);
        assert!(path.starts_with('M') && path.ends_with('Z'));
        assert_eq!(path.matches('L').count(), 3, "{path}");
        let [x, y] = label_point(&shape, &p).unwrap();
        let [cx, cy] = p.to_map([1.0, 1.0]);
        assert!((x - cx).abs() < 1e-6 && (y - cy).abs() < 1e-6);
        assert!(contains(&shape, [1.0, 1.0]));
        assert!(!contains(&shape, [3.0, 1.0]));
        // A "C" shape: its middle is outside, the label goes inside.
        let c: Shape = vec![vec![vec![
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 1.0],
            [1.0, 1.0],
            [1.0, 2.0],
            [3.0, 2.0],
            [3.0, 3.0],
            [0.0, 3.0],
            [0.0, 0.0],
        ]]];
        let p = Projection::fit([&c]).unwrap();
        let at = p.to_lon_lat(label_point(&c, &p).unwrap());
        assert!(contains(&c, at), "{at:?}");
        assert_eq!(parse_point("14.5, 46.05"), Some([14.5, 46.05]));
        assert_eq!(parse_point("200,46"), None);
        assert_eq!(parse_point("x"), None);
    }
}
