//! Server-only code of the app: the request context of server functions, the data layer,
//! Markdown, passwords, rate limits and the page policy. The HTTP plumbing (router, layers,
//! page cache, session store), the demo seed and the command line live in the `server` crate.

pub mod context;
pub mod csp;
pub mod db;
pub mod markdown;
pub mod password;
pub mod rate_limit;
pub mod visibility;

pub use db::Db;
