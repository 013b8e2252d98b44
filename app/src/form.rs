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
    flash: Option<Arc<Flash>>,
}

impl FormState {
    /// `flash` is the page's flash, used only if it was left by this form.
    pub fn new(form: &str, flash: Option<Flash>) -> FormState {
        FormState {
            flash: flash.filter(|f| f.form == form).map(Arc::new),
        }
    }

    pub fn value(&self, field: &str) -> String {
        self.flash
            .as_ref()
            .map(|f| f.value(field))
            .unwrap_or_default()
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

/// The message under a field; `role="alert"` so screen readers hear it.
#[component]
pub fn FieldErrorText(form: &'static str, field: &'static str, state: FormState) -> impl IntoView {
    state.error(field).map(|msg| {
        view! { <p class="field-error" id=error_id(form, field) role="alert">{tr(msg)}</p> }
    })
}

/// A summary at the top of the form, including errors that belong to no single field.
#[component]
pub fn FormErrorSummary(state: FormState) -> impl IntoView {
    state.has_errors().then(|| {
        let msg = state.error("").unwrap_or(Msg::FormHasErrors);
        view! {
            <div class="form-errors" role="alert">
                <p>{tr(msg)}</p>
            </div>
        }
    })
}
