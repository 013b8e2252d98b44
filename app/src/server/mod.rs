//! Server-only code: configuration, data layer, sessions, HTTP plumbing, the demo seed.

pub mod config;
pub mod context;
pub mod db;
pub mod generate;
pub mod http;
pub mod markdown;
pub mod page_cache;
pub mod password;
pub mod rate_limit;
pub mod seed;
pub mod session_store;

pub use config::Config;
pub use db::Db;
pub use http::build_router;
