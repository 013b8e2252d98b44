//! Server-only code of the app below the services: the data layer, Markdown, passwords, rate
//! limits and the page policy. What a server function finds in its request is `crate::request`;
//! the HTTP plumbing (router, layers, page cache, session store), the demo seed and the command
//! line live in the `server` crate.

pub mod csp;
pub mod db;
pub mod markdown;
pub mod password;
pub mod rate_limit;
pub mod visibility;

pub use db::Db;
