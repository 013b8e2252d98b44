//! Results for the strategy team: the ideas, arguments and comments of a consultation or of a
//! whole community, as CSV, XLSX or JSON. Authors appear by display name, never by e-mail;
//! hidden content only when the administrator asks for it, and that choice is audited.

pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod write;
