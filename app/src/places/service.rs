//! A community's areas: setting them (a GeoJSON upload or a list of names), and the maps and
//! lists the pages show. Maps are drawn once, when the areas are set: a page reads the paths.

use super::geo::{self, GeoError, Projection};
use super::{
    AreaChoice, AreaCount, AreaFilter, AreaOption, AreaResults, AreasSettings, MapArea, MapView,
    PlaceView,
};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::moderation::rules::AuditAction;
use crate::moderation::service::{audit_target, AuditTarget};
use crate::server::db::areas::{AreaRow, Drawn, NewArea};
use crate::server::db::{self, Conn};
use std::collections::HashMap;

/// The most characters of a list of names (200 names of 100 characters and their lines).
pub const MAX_NAMES_CHARS: usize = 20_300;

/// The reason a GeoJSON file was refused, as the form's field error.
fn refused(e: GeoError) -> AppError {
    let msg = match e {
        GeoError::TooLarge => Msg::ErrGeoTooLarge,
        GeoError::NotGeoJson => Msg::ErrGeoNotGeoJson,
        GeoError::NoAreas => Msg::ErrGeoNoAreas,
        GeoError::TooManyAreas => Msg::ErrTooManyAreas,
        GeoError::NotPolygon => Msg::ErrGeoNotPolygon,
        GeoError::OpenRing => Msg::ErrGeoOpenRing,
        GeoError::TooManyPoints => Msg::ErrGeoTooManyPoints,
        GeoError::NotLonLat => Msg::ErrGeoNotLonLat,
        GeoError::NoName => Msg::ErrGeoNoName,
        GeoError::DuplicateName => Msg::ErrAreaNameTwice,
    };
    AppError::invalid("geojson", msg)
}

/// The community of `slug`, for one of its administrators.
async fn managed(ctx: &Ctx, c: &mut Conn, slug: &str) -> Result<i64, AppError> {
    let community = db::consultations::community_by_slug(c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community.id),
    )?;
    Ok(community.id)
}

/// Sets a community's areas from a GeoJSON file of named polygons: projected and drawn now.
/// Returns how many areas it has.
pub async fn save_geojson(ctx: &Ctx, slug: &str, file: Vec<u8>) -> Result<usize, AppError> {
    let mut c = ctx.db.conn().await?;
    let community_id = managed(ctx, &mut c, slug).await?;
    if file.is_empty() {
        return Err(AppError::invalid("geojson", Msg::ErrGeoMissing));
    }
    // Parsing and drawing 100,000 points takes a moment: off the async threads.
    let (areas, projection) = tokio::task::spawn_blocking(move || draw(&file))
        .await
        .map_err(|_| AppError::Internal)??;
    let projection = serde_json::to_string(&projection).map_err(|_| AppError::Internal)?;
    store(ctx, &mut c, community_id, &areas, Some(&projection)).await?;
    Ok(areas.len())
}

/// Reads a file and draws its areas.
pub fn draw(file: &[u8]) -> Result<(Vec<NewArea>, Projection), AppError> {
    let parsed = geo::parse(file).map_err(refused)?;
    let projection = Projection::fit(parsed.iter().map(|a| &a.shape))
        .ok_or_else(|| refused(GeoError::OpenRing))?;
    let areas = parsed
        .into_iter()
        .map(|a| {
            let drawn = Drawn {
                shape: serde_json::to_string(&a.shape).unwrap_or_default(),
                path: geo::svg_path(&a.shape, &projection),
                label: geo::label_point(&a.shape, &projection),
            };
            NewArea {
                name: a.name,
                drawn: Some(drawn),
            }
        })
        .collect();
    Ok((areas, projection))
}

/// Sets a community's areas from a list of names, one a line (an empty list removes them).
/// Areas that stay keep their shapes.
pub async fn save_names(ctx: &Ctx, slug: &str, names: &str) -> Result<usize, AppError> {
    let mut c = ctx.db.conn().await?;
    let community_id = managed(ctx, &mut c, slug).await?;
    let areas = parse_names(names)?;
    store(ctx, &mut c, community_id, &areas, None).await?;
    Ok(areas.len())
}

pub fn parse_names(names: &str) -> Result<Vec<NewArea>, AppError> {
    let invalid = |msg| Err(AppError::invalid("names", msg));
    if names.chars().count() > MAX_NAMES_CHARS {
        return invalid(Msg::ErrTooManyAreas);
    }
    let mut areas: Vec<NewArea> = Vec::new();
    for name in names.lines().map(str::trim).filter(|n| !n.is_empty()) {
        if name.chars().count() > 100 {
            return invalid(Msg::ErrAreaNameTooLong);
        }
        if areas.iter().any(|a| a.name == name) {
            return invalid(Msg::ErrAreaNameTwice);
        }
        areas.push(NewArea {
            name: name.to_string(),
            drawn: None,
        });
    }
    if areas.len() > geo::MAX_AREAS {
        return invalid(Msg::ErrTooManyAreas);
    }
    Ok(areas)
}

async fn store(
    ctx: &Ctx,
    c: &mut db::Pooled,
    community_id: i64,
    areas: &[NewArea],
    projection: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = db::begin(c).await?;
    db::areas::replace(&mut tx, community_id, areas, projection).await?;
    let note = format!("areas: {}", areas.len());
    let target = AuditTarget::Community(community_id);
    let me = ctx.actor.user_id;
    audit_target(
        &mut tx,
        me,
        community_id,
        AuditAction::Settings,
        target,
        None,
        Some(&note),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A community's areas and, when they have shapes, how they were projected.
async fn load(
    c: &mut Conn,
    community_id: i64,
) -> Result<(Vec<AreaRow>, Option<Projection>), AppError> {
    let rows = db::areas::of_community(c, community_id).await?;
    if rows.is_empty() {
        return Ok((rows, None));
    }
    let projection = db::areas::projection(c, community_id)
        .await?
        .and_then(|p| serde_json::from_str(&p).ok());
    Ok((rows, projection))
}

fn options(rows: &[AreaRow]) -> Vec<AreaOption> {
    rows.iter()
        .map(|r| AreaOption {
            id: r.id,
            name: r.name.clone(),
        })
        .collect()
}

/// The map of the areas that have shapes; `area` says how each is shown.
fn map_of(
    rows: &[AreaRow],
    projection: Option<Projection>,
    area: impl Fn(&AreaRow) -> MapArea,
) -> Option<MapView> {
    let projection = projection?;
    let areas: Vec<MapArea> = rows
        .iter()
        .filter(|r| r.path.as_deref().is_some_and(|p| !p.is_empty()))
        .map(area)
        .collect();
    (!areas.is_empty()).then_some(MapView {
        width: projection.width,
        height: projection.height,
        areas,
        point: None,
        projection: None,
    })
}

fn map_area(r: &AreaRow, href: Option<String>) -> MapArea {
    MapArea {
        id: r.id,
        name: r.name.clone(),
        path: r.path.clone().unwrap_or_default(),
        label: r.label_x.zip(r.label_y).map(|(x, y)| [x, y]),
        href,
        shade: None,
        current: false,
        value: None,
    }
}

fn filter_href(consultation_id: i64, area_id: i64) -> String {
    format!("/consultations/{consultation_id}?area={area_id}#ideas-heading")
}

/// The consultation page's areas (`None` when the community has none), `area` the one chosen.
pub async fn filter(
    c: &mut Conn,
    community_id: i64,
    consultation_id: i64,
    area: Option<i64>,
) -> Result<Option<AreaFilter>, AppError> {
    let (rows, projection) = load(c, community_id).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let current = area.and_then(|id| options(&rows).into_iter().find(|a| a.id == id));
    let map = map_of(&rows, projection, |r| MapArea {
        current: Some(r.id) == area,
        ..map_area(r, Some(filter_href(consultation_id, r.id)))
    });
    Ok(Some(AreaFilter {
        areas: options(&rows),
        current,
        map,
    }))
}

/// What the idea form offers.
pub async fn choice(c: &mut Conn, community_id: i64) -> Result<AreaChoice, AppError> {
    let (rows, projection) = load(c, community_id).await?;
    let map = map_of(&rows, projection, |r| map_area(r, None)).map(|mut m| {
        m.projection = projection.map(|p| [p.west, p.north, p.kx, p.ky]);
        m
    });
    Ok(AreaChoice {
        areas: options(&rows),
        map,
    })
}

/// Where an idea is, when it names an area.
pub async fn place(
    c: &mut Conn,
    community_id: i64,
    consultation_id: i64,
    area_id: Option<i64>,
    point: Option<[f64; 2]>,
) -> Result<Option<PlaceView>, AppError> {
    let Some(area_id) = area_id else {
        return Ok(None);
    };
    let (rows, projection) = load(c, community_id).await?;
    let Some(row) = rows.iter().find(|r| r.id == area_id) else {
        return Ok(None);
    };
    let map = map_of(&rows, projection, |r| MapArea {
        current: r.id == area_id,
        ..map_area(r, Some(filter_href(consultation_id, r.id)))
    })
    .map(|mut m| {
        m.point = point.zip(projection).map(|(p, proj)| proj.to_map(p));
        m
    });
    Ok(Some(PlaceView {
        area: row.name.clone(),
        map,
    }))
}

/// Ideas and votes per area of a consultation (`None` when the community has no areas).
pub async fn results(
    ctx: &Ctx,
    c: &mut Conn,
    community_id: i64,
    consultation_id: i64,
) -> Result<Option<AreaResults>, AppError> {
    let (rows, projection) = load(c, community_id).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let counts: HashMap<i64, (i64, i64)> = db::areas::counts(c, consultation_id)
        .await?
        .into_iter()
        .map(|(area, ideas, votes)| (area, (ideas, votes)))
        .collect();
    let of = |id: i64| counts.get(&id).copied().unwrap_or((0, 0));
    let (most_ideas, most_votes) = rows.iter().fold((0, 0), |(i, v), r| {
        let (ideas, votes) = of(r.id);
        (i.max(ideas), v.max(votes))
    });
    let lang = ctx.lang;
    let choropleth = |votes: bool| {
        map_of(&rows, projection, |r| {
            let (ideas, n_votes) = of(r.id);
            let (value, most, msg) = match votes {
                false => (ideas, most_ideas, crate::i18n::Counted::Ideas),
                true => (n_votes, most_votes, crate::i18n::Counted::Votes),
            };
            MapArea {
                shade: Some(super::shade(value, most)),
                value: Some(crate::i18n::count(lang, msg, value)),
                ..map_area(r, Some(filter_href(consultation_id, r.id)))
            }
        })
    };
    Ok(Some(AreaResults {
        rows: rows
            .iter()
            .map(|r| {
                let (ideas, votes) = of(r.id);
                AreaCount {
                    name: r.name.clone(),
                    ideas,
                    votes,
                }
            })
            .collect(),
        ideas_map: choropleth(false),
        votes_map: choropleth(true),
        unplaced: of(0).0,
    }))
}

/// The community settings' areas section.
pub async fn settings(c: &mut Conn, community_id: i64) -> Result<AreasSettings, AppError> {
    let (rows, projection) = load(c, community_id).await?;
    Ok(AreasSettings {
        areas: options(&rows),
        map: map_of(&rows, projection, |r| map_area(r, None)),
    })
}

/// An idea form's place as stored: the area chosen (one of the community's) and the point
/// marked, which must lie in the area when the area has a shape. Without an area, the area
/// whose shape holds the point.
pub async fn check_place(
    c: &mut Conn,
    community_id: i64,
    area: &str,
    point: &str,
) -> Result<(Option<i64>, Option<[f64; 2]>), AppError> {
    let point = match point.trim() {
        "" => None,
        text => Some(
            geo::parse_point(text).ok_or(AppError::invalid("area", Msg::ErrPointOutsideArea))?,
        ),
    };
    let area = match area.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::invalid("area", Msg::ErrUnknownArea))?,
        ),
    };
    let Some(point) = point else {
        if let Some(id) = area {
            let (community, _) = db::areas::shape(c, id)
                .await?
                .ok_or(AppError::invalid("area", Msg::ErrUnknownArea))?;
            if community != community_id {
                return Err(AppError::invalid("area", Msg::ErrUnknownArea));
            }
        }
        return Ok((area, None));
    };
    let shape_of =
        |json: Option<String>| json.and_then(|s| serde_json::from_str::<geo::Shape>(&s).ok());
    match area {
        Some(id) => {
            let (community, shape) = db::areas::shape(c, id)
                .await?
                .ok_or(AppError::invalid("area", Msg::ErrUnknownArea))?;
            if community != community_id {
                return Err(AppError::invalid("area", Msg::ErrUnknownArea));
            }
            match shape_of(shape) {
                Some(s) if !geo::contains(&s, point) => {
                    Err(AppError::invalid("area", Msg::ErrPointOutsideArea))
                }
                _ => Ok((Some(id), Some(point))),
            }
        }
        None => {
            for (id, shape) in db::areas::shapes(c, community_id).await? {
                if shape_of(Some(shape)).is_some_and(|s| geo::contains(&s, point)) {
                    return Ok((Some(id), Some(point)));
                }
            }
            // A point in no area is not kept: a place is an area first.
            Ok((None, None))
        }
    }
}
