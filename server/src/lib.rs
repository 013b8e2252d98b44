//! The Posvet server: configuration, the HTTP application (router, layers, page cache,
//! session store) and the command line. Pages, server functions, services and the data
//! layer are in the `app` crate; this crate wires them to the network and the terminal.

#![recursion_limit = "256"]

pub mod api;
pub mod bundle;
pub mod commands;
pub mod config;
pub mod covers;
pub mod demo_survey;
pub mod exports;
pub mod extract;
pub mod feeds;
pub mod form_return;
pub mod generate;
pub mod generate_survey;
pub mod html;
pub mod mailer;
pub mod measures_csv;
pub mod metrics;
pub mod middleware;
pub mod oidc;
pub mod opinion_groups;
pub mod page_cache;
pub mod participation;
pub mod personal_data;
pub mod pictures;
pub mod request_log;
pub mod router;
pub mod seed;
pub mod session_store;
pub mod state;
pub mod surveys;
pub mod upkeep;
