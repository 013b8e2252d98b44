//! What a failed form keeps: the typed values and the errors, per form.
//!
//! With JavaScript, the inputs keep their values and the action's error carries the field
//! errors. Without it, the server function stores a `Flash` in the session and the browser is
//! redirected back; the page's loader takes the flash and the form renders filled in.

use crate::error::{AppError, FieldError};
use crate::i18n::{tr, Msg};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    /// Which form on the page it belongs to, e.g. "idea" or "argument-for-12".
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

/// What the last submission of `action` on this page returned.
///
/// A server action also starts out with an error decoded from the URL after a failed plain
/// form post (`?__err=`), and every action of the same server function on the page would
/// show it. The session flash already says which form failed, so only results of
/// submissions made on this page count (version > 0).
pub fn outcome<S>(action: ServerAction<S>) -> Signal<Option<Result<S::Output, S::Error>>>
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        if action.version().get() == 0 {
            None
        } else {
            action.value().get()
        }
    })
}

/// The state of one form on a page: values to pre-fill and errors to show.
#[derive(Clone, Copy)]
pub struct FormState {
    flash: StoredValue<Option<Flash>>,
    errors: Signal<Vec<FieldError>>,
}

impl FormState {
    /// `flash` is the page's flash, used only if it was left by this form.
    pub fn new<T: Clone + Send + Sync + 'static>(
        form: &str,
        flash: Option<Flash>,
        result: Signal<Option<Result<T, AppError>>>,
    ) -> FormState {
        let flash = flash.filter(|f| f.form == form);
        let flash_errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
        let errors = Signal::derive(move || match result.get() {
            Some(Err(e)) => e.form_errors(),
            Some(Ok(_)) => Vec::new(),
            None => flash_errors.clone(),
        });
        FormState {
            flash: StoredValue::new(flash),
            errors,
        }
    }

    pub fn value(&self, field: &str) -> String {
        self.flash
            .with_value(|f| f.as_ref().map(|f| f.value(field)))
            .unwrap_or_default()
    }

    pub fn value_or(&self, field: &str, default: String) -> String {
        let has = self.flash.with_value(|f| f.is_some());
        if has {
            self.value(field)
        } else {
            default
        }
    }

    pub fn error(&self, field: &'static str) -> Signal<Option<Msg>> {
        let errors = self.errors;
        Signal::derive(move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| e.msg)
        })
    }

    pub fn has_errors(&self) -> Signal<bool> {
        let errors = self.errors;
        Signal::derive(move || !errors.get().is_empty())
    }
}

/// The id of a field's error message, for `aria-describedby`.
pub fn error_id(form: &str, field: &str) -> String {
    format!("{form}-{field}-error")
}

/// The message under a field; `role="alert"` so screen readers hear it when it appears.
#[component]
pub fn FieldErrorText(form: String, field: &'static str, state: FormState) -> impl IntoView {
    let error = state.error(field);
    let id = error_id(&form, field);
    view! {
        <Show when=move || error.get().is_some()>
            <p class="field-error" id=id.clone() role="alert">
                {move || error.get().map(tr)}
            </p>
        </Show>
    }
}

/// A summary at the top of the form, including errors that belong to no single field.
#[component]
pub fn FormErrorSummary(state: FormState) -> impl IntoView {
    let general = state.error("");
    let has = state.has_errors();
    view! {
        <Show when=move || has.get()>
            <div class="form-errors" role="alert">
                <p>{move || tr(general.get().unwrap_or(Msg::FormHasErrors))}</p>
            </div>
        </Show>
    }
}
