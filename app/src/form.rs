//! What a failed form keeps: the typed values and the errors, per form.
//!
//! Forms are plain HTML forms rendered on the server, with or without JavaScript: a failed
//! post stores a `Flash` in the session and the browser is redirected back; the page's loader
//! takes the flash and the form renders filled in, each error next to its field.

use crate::error::FieldError;
use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    /// Which form on the page it belongs to, e.g. "idea" or "argument-for".
    pub form: String,
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

impl Flash {
    pub fn value(&self, field: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// The state of one form on a page: values to pre-fill and errors to show.
#[derive(Clone, Default)]
pub struct FormState {
    /// The form's key, also the prefix of its fields' ids (`{form}-{field}`).
    form: String,
    flash: Option<Arc<Flash>>,
}

impl FormState {
    /// `flash` is the page's flash, used only if it was left by this form.
    pub fn new(form: &str, flash: Option<Flash>) -> FormState {
        FormState {
            form: form.to_string(),
            flash: flash.filter(|f| f.form == form).map(Arc::new),
        }
    }

    /// For a form whose key says more than its fields' ids do (the idea form is keyed by the
    /// idea or consultation, its fields are `idea-title`, …): the ids' prefix.
    pub fn with_ids(mut self, prefix: &str) -> FormState {
        self.form = prefix.to_string();
        self
    }

    pub fn value(&self, field: &str) -> String {
        self.flash
            .as_ref()
            .map(|f| f.value(field))
            .unwrap_or_default()
    }

    /// Every value a failed post sent for `field` (ticked checkboxes send one each).
    pub fn values(&self, field: &str) -> Vec<String> {
        self.flash.as_ref().map_or_else(Vec::new, |f| {
            f.values
                .iter()
                .filter(|(k, _)| k == field)
                .map(|(_, v)| v.clone())
                .collect()
        })
    }

    /// The value typed in a failed post, else `default` (what is stored).
    pub fn value_or(&self, field: &str, default: String) -> String {
        match &self.flash {
            Some(f) => f.value(field),
            None => default,
        }
    }

    pub fn error(&self, field: &str) -> Option<Msg> {
        let flash = self.flash.as_ref()?;
        flash
            .errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.msg)
    }

    pub fn has_errors(&self) -> bool {
        self.flash.as_ref().is_some_and(|f| !f.errors.is_empty())
    }
}

/// The id of a field's error message, for `aria-describedby`.
pub fn error_id(form: &str, field: &str) -> String {
    format!("{form}-{field}-error")
}

/// The message under a field, tied to it by `aria-describedby`; the summary at the top of the
/// form is what is announced (an alert per field would read every error twice).
#[component]
pub fn FieldErrorText(form: &'static str, field: &'static str, state: FormState) -> impl IntoView {
    state.error(field).map(|msg| {
        view! { <p class="field-error" id=error_id(form, field)>{tr(msg)}</p> }
    })
}

/// The id a failed post's address leads to (`#error-summary`, see the server's `form_return`):
/// the summary of the form that failed, or the refusal at the top of the page.
pub const ERROR_SUMMARY_ID: &str = "error-summary";

/// "There is a problem" at the top of a form that came back with errors, as the GOV.UK design
/// system does it: each error a link to its field (an error of the whole form as text). The
/// browser lands on it (the address ends in `#error-summary`); `role="alert"` has it read out.
#[component]
pub fn FormErrorSummary(state: FormState) -> impl IntoView {
    let flash = state.flash.clone().filter(|f| !f.errors.is_empty())?;
    let form = state.form.clone();
    let items = flash
        .errors
        .iter()
        .map(|e| match e.field.as_str() {
            "" => view! { <li>{tr(e.msg)}</li> }.into_any(),
            field => {
                let href = format!("#{form}-{field}");
                view! { <li><a href=href>{tr(e.msg)}</a></li> }.into_any()
            }
        })
        .collect_view();
    Some(view! {
        <div class="error-summary" id=ERROR_SUMMARY_ID role="alert" tabindex="-1"
            aria-labelledby="error-summary-title">
            <h2 class="error-summary-title" id="error-summary-title">{tr(Msg::ErrorSummaryTitle)}</h2>
            <ul class="error-summary-list">{items}</ul>
        </div>
    })
}
