//! The bundle (the wasm, its JS glue and the stylesheet) under names that change with its
//! content: `/pkg/posvet.<hash>.js`, `.wasm`, `.css`. Browsers keep those for a year without
//! asking again (on slow mobile data every revalidation is a round trip); a new release has
//! new names, and pages — always revalidated — name the current ones. Instances serving the
//! same files compute the same names. The plain names (`/pkg/posvet.js`) still work and are
//! revalidated on every use.
//!
//! The files are held in memory, gzipped once at start-up. A release binary carries them
//! inside itself (feature `embed-site`), so it runs with nothing beside it; other builds read
//! them from the site directory (`target/site/pkg`) when they start.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::Arc;

/// The bundle's files by extension, with the type each is served as.
const FILES: [(&str, &str); 3] = [
    ("js", "text/javascript"),
    ("wasm", "application/wasm"),
    ("css", "text/css"),
];

/// The name the pages use for the bundle, e.g. `posvet` and its fingerprint, and its files.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The plain file stem, as built (`posvet`).
    stem: String,
    /// 16 hex digits of SHA-256 over the bundle's files.
    hash: String,
    files: Arc<[File; 3]>,
}

#[derive(Debug)]
struct File {
    ext: &'static str,
    content_type: &'static str,
    /// Shared, so a response takes a reference count, not a copy of the file.
    plain: Bytes,
    gzip: Bytes,
}

impl Bundle {
    /// Reads `<pkg_dir>/<stem>.{js,wasm,css}`; `None` if any of them is missing (a server
    /// started without a built bundle serves pages without it).
    pub fn load(pkg_dir: &std::path::Path, stem: &str) -> Option<Bundle> {
        let read = |ext: &str| std::fs::read(pkg_dir.join(format!("{stem}.{ext}"))).ok();
        Some(Bundle::new(
            stem,
            [read("js")?, read("wasm")?, read("css")?],
        ))
    }

    /// The files compiled into this binary (`scripts/build.sh --release` puts them there).
    #[cfg(feature = "embed-site")]
    pub fn embedded(stem: &str) -> Bundle {
        macro_rules! site_file {
            ($ext:literal) => {
                include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../target/site/pkg/",
                    env!("LEPTOS_OUTPUT_NAME"),
                    ".",
                    $ext
                ))
                .to_vec()
            };
        }
        Bundle::new(
            stem,
            [site_file!("js"), site_file!("wasm"), site_file!("css")],
        )
    }

    /// The bundle this server serves: its own if it carries one, else the site directory's.
    pub fn for_site(pkg_dir: &std::path::Path, stem: &str) -> Option<Bundle> {
        #[cfg(feature = "embed-site")]
        {
            let _ = pkg_dir;
            Some(Bundle::embedded(stem))
        }
        #[cfg(not(feature = "embed-site"))]
        Bundle::load(pkg_dir, stem)
    }

    /// `contents` in the order of [`FILES`].
    fn new(stem: &str, contents: [Vec<u8>; 3]) -> Bundle {
        let mut digest = Sha256::new();
        for bytes in &contents {
            digest.update(bytes);
        }
        let hash = digest
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let [js, wasm, css] = contents;
        let file = |(ext, content_type): (&'static str, &'static str), plain: Vec<u8>| File {
            ext,
            content_type,
            gzip: gzip(&plain).into(),
            plain: plain.into(),
        };
        Bundle {
            stem: stem.to_string(),
            hash,
            files: Arc::new([
                file(FILES[0], js),
                file(FILES[1], wasm),
                file(FILES[2], css),
            ]),
        }
    }

    /// What pages name the bundle's files by (Leptos' `output_name`).
    pub fn name(&self) -> String {
        format!("{}.{}", self.stem, self.hash)
    }

    /// The file a request names, and whether it named it by the current fingerprint.
    /// `Err` for a fingerprint of another build (never the current files under an old name).
    fn find(&self, name: &str) -> Option<Result<(&File, bool), ()>> {
        let rest = name.strip_prefix(&self.stem)?.strip_prefix('.')?;
        let (fingerprint, ext) = match rest.split_once('.') {
            Some((fingerprint, ext)) => (Some(fingerprint), ext),
            None => (None, rest),
        };
        let file = self.files.iter().find(|f| f.ext == ext)?;
        Some(match fingerprint {
            None => Ok((file, false)),
            Some(f) if f == self.hash => Ok((file, true)),
            Some(f) if f.len() == self.hash.len() => Err(()),
            Some(_) => return None,
        })
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// `GET /pkg/{name}`: fingerprinted names are cacheable for a year; plain names are
/// revalidated on every use (cheap 304s), so a stale bundle never meets a newer server.
pub async fn serve(
    State(bundle): State<Option<Bundle>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((bundle, found)) = bundle.as_ref().and_then(|b| Some((b, b.find(&name)?))) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok((file, fingerprinted)) = found else {
        return (
            StatusCode::NOT_FOUND,
            "this file belongs to another release",
        )
            .into_response();
    };
    let etag = format!("\"{}\"", bundle.hash);
    let cache_control = if fingerprinted {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=0, must-revalidate"
    };
    let mut res = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts_gzip(&headers) {
        let mut res = file.gzip.clone().into_response();
        res.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        res
    } else {
        file.plain.clone().into_response()
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex digits"),
    );
    res
}

/// Whether the client takes gzip (and did not refuse it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            (name == "gzip" || name == "*") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_fingerprint_names_the_files() {
        let bundle = Bundle::new(
            "posvet",
            [b"js".to_vec(), b"wasm".to_vec(), b"css".to_vec()],
        );
        let hash = bundle.hash.clone();
        assert_eq!(hash.len(), 16);
        assert_eq!(bundle.name(), format!("posvet.{hash}"));
        let ext = |name: &str| bundle.find(name).map(|r| r.map(|(f, fp)| (f.ext, fp)));
        assert_eq!(ext(&format!("posvet.{hash}.js")), Some(Ok(("js", true))));
        assert_eq!(
            ext(&format!("posvet.{hash}.wasm")),
            Some(Ok(("wasm", true)))
        );
        assert_eq!(ext("posvet.fedcba9876543210.css"), Some(Err(())));
        assert_eq!(ext("posvet.js"), Some(Ok(("js", false))), "plain names");
        assert_eq!(ext(&format!("posvet.{hash}.txt")), None);
        assert_eq!(ext(&format!("other.{hash}.js")), None);
        assert_eq!(ext("posvet.short.js"), None);
    }

    #[test]
    fn gzip_unless_refused() {
        let with = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap(),
            );
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
