use super::{AreaChoice, AreaFilter, AreaResults, MapArea, MapView, PlaceView};
use crate::i18n::{t, tf, tr, use_lang, Msg};
use leptos::prelude::*;

/// Room around a map's areas in map units (as `geo` draws them).
pub const MAP_PAD: f64 = 8.0;

fn view_box(map: &MapView) -> String {
    format!("0 0 {} {}", map.width, map.height)
}

fn area_class(a: &MapArea) -> String {
    let mut class = String::from("map-area");
    if let Some(s) = a.shade {
        class.push_str(&format!(" shade-{s}"));
    }
    if a.current {
        class.push_str(" current");
    }
    class
}

/// The shape and label of one area (inside its link, or its group).
fn area_shape(a: &MapArea) -> impl IntoView {
    let label = a.label.map(|[x, y]| {
        view! {
            <text x=format!("{x:.1}") y=format!("{y:.1}") class="map-label" aria-hidden="true">
                {a.name.clone()}
            </text>
        }
    });
    view! {
        <path d=a.path.clone() class=area_class(a)/>
        {label}
    }
}

/// A map Posvet draws itself: each area a link (to the consultation's ideas in it), reached
/// with the keyboard like any link and named by its area (and value, on a results map).
#[component]
pub fn AreaMap(map: MapView, caption: String, id: &'static str) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    let areas = map
        .areas
        .iter()
        .map(|a| {
            let name = match &a.value {
                Some(v) => format!("{}: {v}", a.name),
                None => a.name.clone(),
            };
            match &a.href {
                Some(href) => view! {
                    <a href=href.clone() aria-label=name
                        aria-current=a.current.then_some("true")>{area_shape(a)}</a>
                }
                .into_any(),
                None => view! { <g>{area_shape(a)}</g> }.into_any(),
            }
        })
        .collect_view();
    let point = map.point.map(|[x, y]| {
        view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="9" class="map-point"/> }
    });
    view! {
        <figure class="map" id=id>
            <svg viewBox=view_box(&map) role="group" aria-labelledby=caption_id.clone()
                preserveAspectRatio="xMidYMid meet">
                {areas}
                {point}
            </svg>
            <figcaption id=caption_id>{caption}</figcaption>
        </figure>
    }
}

/// The consultation page's areas: the map (areas as links) and the same as a list of links,
/// with the one chosen marked and a link back to all.
#[component]
pub fn AreaFilterView(filter: AreaFilter, base: String) -> impl IntoView {
    let lang = use_lang();
    let current = filter.current.as_ref().map(|a| a.id);
    let links = filter
        .areas
        .iter()
        .map(|a| {
            let here = current == Some(a.id);
            view! {
                <li><a href=format!("{base}?area={}#ideas-heading", a.id)
                    aria-current=here.then_some("true")>{a.name.clone()}</a></li>
            }
        })
        .collect_view();
    let all = view! {
        <li><a href=format!("{base}#ideas-heading") aria-current=current.is_none().then_some("true")>
            {tr(Msg::AllAreas)}</a></li>
    };
    view! {
        <section class="area-filter" aria-labelledby="areas-heading">
            <h2 id="areas-heading">{tr(Msg::IdeasByArea)}</h2>
            <div class="area-filter-body">
                {filter.map.map(|map| view! {
                    <AreaMap map caption=t(lang, Msg::AreaMapCaption).to_string() id="area-map"/>
                })}
                <ul class="area-links">{all}{links}</ul>
            </div>
        </section>
    }
}

/// Where an idea is: its area in words, and on a map when the area has a shape.
#[component]
pub fn PlaceOfIdea(place: PlaceView) -> impl IntoView {
    let lang = use_lang();
    let caption = tf(lang, Msg::PlaceCaption, &[("area", &place.area)]);
    view! {
        <section class="place" aria-labelledby="place-heading">
            <h2 id="place-heading">{tr(Msg::Place)}</h2>
            <p>{place.area.clone()}</p>
            {place.map.map(|map| view! { <AreaMap map caption id="place-map"/> })}
        </section>
    }
}

/// Ideas and votes per area: two maps, each with its table of the same numbers.
#[component]
pub fn AreaResultsView(results: AreaResults) -> impl IntoView {
    let lang = use_lang();
    let rows = results
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr><th scope="row">{r.name.clone()}</th><td>{r.ideas}</td><td>{r.votes}</td></tr>
            }
        })
        .collect_view();
    view! {
        <section class="area-results" aria-labelledby="area-results-heading">
            <h2 id="area-results-heading">{tr(Msg::ByArea)}</h2>
            <div class="map-pair">
                {results.ideas_map.map(|map| view! {
                    <AreaMap map caption=t(lang, Msg::IdeasPerAreaCaption).to_string() id="ideas-map"/>
                })}
                {results.votes_map.map(|map| view! {
                    <AreaMap map caption=t(lang, Msg::VotesPerAreaCaption).to_string() id="votes-map"/>
                })}
            </div>
            <p class="map-legend" aria-hidden="true">
                <span>{tr(Msg::LegendFewer)}</span>
                {(0..=5).map(|s| view! { <span class=format!("swatch shade-{s}")></span> }).collect_view()}
                <span>{tr(Msg::LegendMore)}</span>
            </p>
            <div class="table-scroll">
                <table class="data">
                    <caption>{tr(Msg::AreaTableCaption)}</caption>
                    <thead><tr>
                        <th scope="col">{tr(Msg::Area)}</th>
                        <th scope="col">{tr(Msg::Ideas)}</th>
                        <th scope="col">{tr(Msg::VotesCol)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(results.unplaced > 0).then(|| view! {
                <p class="hint">{tf(lang, Msg::UnplacedIdeas, &[("count", &results.unplaced.to_string())])}</p>
            })}
        </section>
    }
}

/// The idea form's place: the area as a list (works without JavaScript) and, with it, a map
/// to click on that sets the point and the area.
#[component]
pub fn AreaField(
    choice: AreaChoice,
    selected: String,
    point: String,
    error: Option<Msg>,
) -> impl IntoView {
    let lang = use_lang();
    if choice.areas.is_empty() {
        return None;
    }
    let options = choice
        .areas
        .iter()
        .map(|a| {
            let value = a.id.to_string();
            let chosen = value == selected;
            view! { <option value=value selected=chosen>{a.name.clone()}</option> }
        })
        .collect_view();
    let invalid = error.is_some().then_some("true");
    let described = match error {
        Some(_) => "idea-area-hint idea-area-error",
        None => "idea-area-hint",
    };
    Some(view! {
        <div class="field">
            <label for="idea-area">{tr(Msg::AreaFieldLabel)}</label>
            <p class="hint" id="idea-area-hint">{tr(Msg::AreaFieldHint)}</p>
            {error.map(|m| view! { <p class="field-error" id="idea-area-error">{t(lang, m)}</p> })}
            <select id="idea-area" name="area" aria-describedby=described aria-invalid=invalid>
                <option value="">{tr(Msg::NoArea)}</option>
                {options}
            </select>
            {choice.map.map(|map| {
                let [west, north, kx, ky] = map.projection.unwrap_or([0.0, 0.0, 1.0, 1.0]);
                // The point kept (an edit, or a form that came back), where it is on the map.
                let mark = point.split_once(',').and_then(|(lon, lat)| {
                    let (lon, lat) = (lon.trim().parse::<f64>().ok()?, lat.trim().parse::<f64>().ok()?);
                    Some([MAP_PAD + (lon - west) * kx, MAP_PAD + (north - lat) * ky])
                });
                let view_box = format!("0 0 {} {}", map.width, map.height);
                // The areas with their names; a click's target is the area's path.
                let paths = map
                    .areas
                    .iter()
                    .map(|a| {
                        let current = selected == a.id.to_string();
                        view! {
                            <path d=a.path.clone() class="map-area" class:current=current
                                data-area=a.id.to_string()/>
                        }
                    })
                    .collect_view();
                let labels = map.areas.iter().filter_map(|a| a.label.map(|[x, y]| view! {
                    <text x=format!("{x:.1}") y=format!("{y:.1}") class="map-label" aria-hidden="true">
                        {a.name.clone()}
                    </text>
                })).collect_view();
                let [cx, cy] = mark.unwrap_or([-100.0, -100.0]);
                let (cx, cy) = (format!("{cx:.1}"), format!("{cy:.1}"));
                // What `pick.js` needs to turn a click into a point: the map's size and how it
                // was projected (`geo::Projection`, with its padding).
                let data_size = format!("{} {}", map.width, map.height);
                let data_projection = format!("{west} {north} {kx} {ky} {MAP_PAD}");
                // The one script of Posvet that is not an island (see `pick.js`).
                let script = include_str!("pick.js");
                view! {
                        <div class="point-picker" hidden data-size=data_size data-projection=data_projection>
                        <p class="hint" id="point-hint">{tr(Msg::PointHint)}</p>
                        <svg viewBox=view_box class="map pick" role="img" aria-labelledby="point-hint">
                            {paths}
                            {labels}
                            <circle cx=cx cy=cy r="9" class="map-point"/>
                        </svg>
                        <input type="hidden" name="point" value=point/>
                        <button type="button" class="link-button" data-clear="1">{tr(Msg::ClearPoint)}</button>
                        </div>
                        <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script>
                }
            })}
        </div>
    })
}

/// The community settings' areas: the map of those drawn, their names, and two ways to set
/// them (each replaces the list; areas whose names stay keep their ideas).
#[component]
pub fn AreasSection(
    slug: String,
    areas: super::AreasSettings,
    flash: Option<crate::form::Flash>,
) -> impl IntoView {
    use crate::form::{FormErrorSummary, FormState};
    use crate::ui::Field;
    let lang = use_lang();
    let file_state = FormState::new("areas-file", flash.clone()).with_ids("areas");
    let names_state = FormState::new("areas-names", flash).with_ids("areas");
    let action = format!("/communities/{slug}/areas");
    let names: Vec<String> = areas.areas.iter().map(|a| a.name.clone()).collect();
    let listed = names.join("\n");
    let count = names.len();
    view! {
        <section id="areas" class="area-settings" aria-labelledby="areas-settings-heading">
            <h2 id="areas-settings-heading">{tr(Msg::AreasHeading)}</h2>
            <p>{tr(Msg::AreasIntro)}</p>
            {areas.map.map(|map| view! {
                <AreaMap map caption=tf(lang, Msg::AreasNow, &[("count", &count.to_string())]) id="areas-map"/>
            })}
            <form method="post" action=action.clone() enctype="multipart/form-data" class="stack"
                novalidate>
                <h3>{tr(Msg::AreasUploadHeading)}</h3>
                <FormErrorSummary state=file_state.clone()/>
                <input type="hidden" name="mode" value="file"/>
                <Field form="areas" name="geojson" label=Msg::AreasFile hint=Msg::AreasFileHint
                    kind="file" accept=".geojson,.json,application/geo+json,application/json"
                    state=file_state.clone() value=""/>
                <button type="submit" class="primary">{tr(Msg::AreasUpload)}</button>
            </form>
            <form method="post" action=action enctype="multipart/form-data" class="stack" novalidate>
                <h3>{tr(Msg::AreasNamesHeading)}</h3>
                <FormErrorSummary state=names_state.clone()/>
                <input type="hidden" name="mode" value="names"/>
                <Field form="areas" name="names" label=Msg::AreasNames hint=Msg::AreasNamesHint
                    multiline=true rows=8 state=names_state.clone()
                    value=names_state.value_or("names", listed)/>
                <button type="submit">{tr(Msg::AreasSaveNames)}</button>
            </form>
        </section>
    }
}
