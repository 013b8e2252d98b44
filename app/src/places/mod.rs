//! Places: a community's areas (districts), named or drawn from GeoJSON, an idea's area and
//! point, and the maps Posvet draws itself as SVG on the server (no tiles, nothing fetched from
//! elsewhere): the areas as links, an idea's place, and ideas and votes per area.

#[cfg(feature = "ssr")]
pub mod geo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

use serde::{Deserialize, Serialize};

/// An area as a form's option or a filter's link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaOption {
    pub id: i64,
    pub name: String,
}

/// A map drawn in map units (`width` × `height`, the SVG's viewBox).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub width: f64,
    pub height: f64,
    pub areas: Vec<MapArea>,
    /// A marked point (an idea's), in map units.
    pub point: Option<[f64; 2]>,
    /// How clicks turn back into longitude and latitude (the idea form's map).
    pub projection: Option<[f64; 4]>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapArea {
    pub id: i64,
    pub name: String,
    pub path: String,
    pub label: Option<[f64; 2]>,
    /// Where the area leads (filtering by it), if it is a link.
    pub href: Option<String>,
    /// The choropleth's class, 0 (none) to 5 (most); `None` on a map that shows no values.
    pub shade: Option<u8>,
    /// The area marked (the filter's, or the idea's).
    pub current: bool,
    /// The value the shade stands for, said in words beside the name.
    pub value: Option<String>,
}

/// The consultation page's areas: a map when they have shapes, and links to filter by each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaFilter {
    pub areas: Vec<AreaOption>,
    pub current: Option<AreaOption>,
    pub map: Option<MapView>,
}

/// Where an idea is: its area's name and, when the area has a shape, a map with it marked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceView {
    pub area: String,
    pub map: Option<MapView>,
}

/// Ideas and votes per area on the results page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaResults {
    pub rows: Vec<AreaCount>,
    pub ideas_map: Option<MapView>,
    pub votes_map: Option<MapView>,
    /// Ideas that name no area.
    pub unplaced: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaCount {
    pub name: String,
    pub ideas: i64,
    pub votes: i64,
}

/// What the idea form offers: the areas, and the map to click on when they have shapes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AreaChoice {
    pub areas: Vec<AreaOption>,
    pub map: Option<MapView>,
}

/// The community settings' areas section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreasSettings {
    pub areas: Vec<AreaOption>,
    pub map: Option<MapView>,
}

/// The choropleth's class of `value` among values up to `max`: 0 for none, else 1–5 in equal
/// steps.
pub fn shade(value: i64, max: i64) -> u8 {
    match (value, max) {
        (v, _) if v <= 0 => 0,
        (_, m) if m <= 0 => 0,
        (v, m) => (((v * 5 + m - 1) / m).clamp(1, 5)) as u8,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shades_step_evenly_up_to_the_most() {
        let s = |v| super::shade(v, 10);
        assert_eq!(
            [s(0), s(1), s(2), s(3), s(5), s(8), s(10)],
            [0, 1, 1, 2, 3, 4, 5]
        );
        assert_eq!(super::shade(0, 0), 0);
    }
}
