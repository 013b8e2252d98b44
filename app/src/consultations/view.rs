//! The consultation's phase, as its pages and the idea page show it.

use super::rules::Phase;
use crate::i18n::{tf, tr, use_lang};
use crate::time::format_date_time;
use leptos::prelude::*;

/// What residents can do in the consultation now, and until when (in the site's time zone).
#[component]
pub fn PhaseNotice(
    phase: Phase,
    ends: Option<i64>,
    /// A consultation of statements: its own words for what is open.
    #[prop(optional)]
    statements: bool,
) -> impl IntoView {
    let lang = use_lang();
    let date = ends.map(|t| format_date_time(lang, t)).unwrap_or_default();
    let text = tf(
        lang,
        phase.explained(ends.is_some(), statements),
        &[("date", &date)],
    );
    view! {
        <p class=format!("phase phase-{}", phase.as_str())>
            <strong>{tr(phase.label())}</strong> " " {text}
        </p>
    }
}
