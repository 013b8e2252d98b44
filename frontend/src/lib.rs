#![recursion_limit = "256"]

//! The browser entry point: wakes the islands of a server-rendered page (see `app/src/islands.js`).

// The islands are `#[wasm_bindgen]` exports of the app crate, which nothing here names.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages need Rust's formatting code: worth it while developing, not in the
    // bundle every phone downloads.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
