//! The bundle (the wasm, its JS glue and the stylesheet) under names that change with its
//! content: `/pkg/posvet.<hash>.js`, `.wasm`, `.css`. Browsers keep those for a year without
//! asking again (on slow mobile data every revalidation is a round trip); a new release has
//! new names, and pages — always revalidated — name the current ones. Instances serving the
//! same files compute the same names. The plain names (`/pkg/posvet.js`) still work and are
//! revalidated on every use.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Files whose contents make up the fingerprint, by extension.
const EXTENSIONS: [&str; 3] = ["js", "wasm", "css"];

/// The name the pages use for the bundle, e.g. `posvet` and its fingerprint.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The plain file stem, as built (`posvet`).
    stem: String,
    /// 16 hex digits of SHA-256 over the bundle's files.
    hash: String,
}

impl Bundle {
    /// Fingerprints `<pkg_dir>/<stem>.{js,wasm,css}`; `None` if any of them is missing (a
    /// server started without a built bundle serves the plain names).
    pub fn fingerprint(pkg_dir: &Path, stem: &str) -> Option<Bundle> {
        let mut digest = Sha256::new();
        for ext in EXTENSIONS {
            digest.update(std::fs::read(pkg_dir.join(format!("{stem}.{ext}"))).ok()?);
        }
        let hash = digest
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(Bundle {
            stem: stem.to_string(),
            hash,
        })
    }

    /// What pages name the bundle's files by (Leptos' `output_name`).
    pub fn name(&self) -> String {
        format!("{}.{}", self.stem, self.hash)
    }

    /// The file a fingerprinted request path stands for: `/posvet.<hash>.js` → `/posvet.js`.
    /// `Err` for a fingerprint of another build (never the current files under an old name).
    fn plain_path(&self, path: &str) -> Option<Result<String, ()>> {
        let rest = path
            .strip_prefix('/')?
            .strip_prefix(&self.stem)?
            .strip_prefix('.')?;
        let (hash, ext) = rest.split_once('.')?;
        if !EXTENSIONS.contains(&ext.trim_end_matches(".gz")) || hash.len() != self.hash.len() {
            return None;
        }
        Some(if hash == self.hash {
            Ok(format!("/{}.{ext}", self.stem))
        } else {
            Err(())
        })
    }
}

/// Middleware on `/pkg`: serves fingerprinted names from the plain files, cacheable for a year.
pub async fn serve_fingerprinted(
    State(bundle): State<Option<Bundle>>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(plain) = bundle.and_then(|b| b.plain_path(req.uri().path())) else {
        return next.run(req).await;
    };
    let Ok(plain) = plain else {
        return (
            StatusCode::NOT_FOUND,
            "this file belongs to another release",
        )
            .into_response();
    };
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    match format!("{plain}{query}").parse() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_fingerprint_names_the_files() {
        let bundle = Bundle {
            stem: "posvet".into(),
            hash: "0123456789abcdef".into(),
        };
        assert_eq!(bundle.name(), "posvet.0123456789abcdef");
        let plain = |p: &str| bundle.plain_path(p);
        assert_eq!(
            plain("/posvet.0123456789abcdef.js"),
            Some(Ok("/posvet.js".into()))
        );
        assert_eq!(
            plain("/posvet.0123456789abcdef.wasm"),
            Some(Ok("/posvet.wasm".into()))
        );
        assert_eq!(plain("/posvet.fedcba9876543210.css"), Some(Err(())));
        assert_eq!(
            plain("/posvet.js"),
            None,
            "plain names are served as they are"
        );
        assert_eq!(plain("/posvet.0123456789abcdef.txt"), None);
        assert_eq!(plain("/other.0123456789abcdef.js"), None);
    }
}
