//! A fresh database per test, on SQLite (a temporary file) or PostgreSQL (a uniquely named
//! database, dropped afterwards). `both_backends!` runs one test body on each. Shared by this
//! crate's tests and the server's (feature `test-support`).

use crate::authz::Role;
use crate::ctx::Ctx;
use crate::i18n::{Lang, Localized};
use crate::server::db::{self, ArgumentRow, Backend, DbResult, IdeaRow};
use crate::server::Db;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Where PostgreSQL tests create their databases (trust auth on these machines).
pub fn pg_admin_url() -> String {
    std::env::var("POSVET_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database of its own for one test, with the schema migrated.
pub struct Fresh {
    pub db: Db,
    pub url: String,
    place: Place,
}

/// An empty database of its own (no tables yet): a temporary SQLite file or a uniquely named
/// PostgreSQL database.
pub struct Place {
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

pub async fn fresh_empty(backend: Backend) -> Place {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
            Place {
                url,
                pg_name: None,
                _dir: Some(dir),
            }
        }
        Backend::Postgres => {
            let name = format!("posvet_test_{}_{}_{}", std::process::id(), n, rand_suffix());
            let admin = pg_admin_url();
            admin_exec(&admin, &format!("CREATE DATABASE {name}")).await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            Place {
                url: format!("{base}/{name}"),
                pg_name: Some(name),
                _dir: None,
            }
        }
    }
}

pub async fn fresh(backend: Backend) -> Fresh {
    let place = fresh_empty(backend).await;
    let db = Db::connect(&place.url)
        .await
        .expect("open the test database");
    Fresh {
        db,
        url: place.url.clone(),
        place,
    }
}

/// A plain pool on `url`, without Posvet's migrations (to build an old schema by hand).
pub async fn raw_pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await
        .expect("connect")
}

impl Fresh {
    /// Closes the pool and drops a PostgreSQL test database.
    pub async fn finish(self) {
        self.db.pool.close().await;
        self.place.finish().await;
    }
}

impl Place {
    /// Drops a PostgreSQL test database (a SQLite file goes with its temporary folder).
    pub async fn finish(self) {
        if let Some(name) = &self.pg_name {
            admin_exec(
                &pg_admin_url(),
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0)
}

async fn admin_exec(admin_url: &str, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is required for the tests: {e}"));
    sqlx::query(sql).execute(&mut conn).await.expect(sql);
}

/// Defines `mod NAME { sqlite(); postgres() }`, each running `BODY(db: Db)` on a fresh database.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let fresh = $crate::testing::fresh($crate::server::db::Backend::Sqlite).await;
                ($body)(fresh.db.clone(), fresh.url.clone()).await;
                fresh.finish().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                let fresh = $crate::testing::fresh($crate::server::db::Backend::Postgres).await;
                ($body)(fresh.db.clone(), fresh.url.clone()).await;
                fresh.finish().await;
            }
        }
    };
}

/// The one number a query returns (`SELECT COUNT(*) …`).
pub async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&db.pool)
        .await
        .expect(sql)
}

/// An idea to post: its title and a short description, no category.
pub fn draft(title: &str) -> crate::ideas::rules::IdeaDraft {
    crate::ideas::rules::IdeaDraft {
        title: title.into(),
        body: "Opis predloga.".into(),
        ..Default::default()
    }
}

/// An idea as stored, with `viewer`'s vote.
pub async fn idea_row(db: &Db, id: i64, viewer: i64) -> DbResult<Option<IdeaRow>> {
    db::ideas::by_id(&mut *db.conn().await?, id, viewer).await
}

/// An idea's arguments, with `viewer`'s helpfulness votes.
pub async fn arguments_of(db: &Db, idea: i64, viewer: i64) -> DbResult<Vec<ArgumentRow>> {
    db::arguments::of_idea(&mut *db.conn().await?, idea, viewer).await
}

/// The first consultation of the first community.
pub async fn first_consultation(db: &Db) -> i64 {
    let mut c = db.conn().await.unwrap();
    let communities = db::consultations::communities(&mut c).await.unwrap();
    db::consultations::of_community(&mut c, communities[0].id)
        .await
        .unwrap()[0]
        .id
}

/// A community with one consultation, and the people in it.
pub struct Demo {
    pub db: Db,
    pub community: i64,
    pub consultation: i64,
    pub resident: Ctx,
    pub other_resident: Ctx,
    pub moderator: Ctx,
    pub admin: Ctx,
    pub anonymous: Ctx,
}

pub async fn user_id(db: &Db, email: &str) -> i64 {
    db::accounts::login_record(&mut db.conn().await.unwrap(), email)
        .await
        .unwrap()
        .expect(email)
        .0
}

pub async fn as_user(db: &Db, email: &str) -> Ctx {
    Ctx::for_user(db.clone(), user_id(db, email).await, Lang::Sl)
        .await
        .unwrap()
}

/// A new resident (no role, no password) as the context services act for.
pub async fn person(db: &Db, email: &str) -> Ctx {
    let mut tx = db.begin().await.unwrap();
    let user = db::NewUser {
        email,
        display_name: email.split('@').next().unwrap_or("oseba"),
        password_hash: None,
    };
    let id = db::accounts::create_user(&mut tx, user).await.unwrap();
    tx.commit().await.unwrap();
    Ctx::for_user(db.clone(), id, Lang::Sl).await.unwrap()
}

pub const SLUG: &str = "testna";
pub const RESIDENT: &str = "ana@example.org";
pub const OTHER_RESIDENT: &str = "bojan@example.org";
/// Moderates another community only.
pub const ELSEWHERE: &str = "cvetka@example.org";
pub const MODERATOR: &str = "dejan@example.org";
pub const ADMIN: &str = "eva@example.org";

/// The community (its moderator and administrator as memberships), built through the data
/// layer: the services under test are not used to set up their own fixture.
pub async fn demo(db: Db) -> Demo {
    let text = |t: &str| Localized::new(&[(Lang::Sl, t), (Lang::En, t)]);
    let mut tx = db.begin().await.unwrap();
    let community = db::consultations::create_community(&mut tx, SLUG, &text("Testna"), &text(""))
        .await
        .unwrap();
    let consultation =
        db::consultations::create_consultation(&mut tx, community, 0, &text("Cilj"), &text(""))
            .await
            .unwrap();
    for email in [RESIDENT, OTHER_RESIDENT, ELSEWHERE, MODERATOR, ADMIN] {
        let user = db::NewUser {
            email,
            display_name: email.split('@').next().unwrap(),
            password_hash: None,
        };
        let id = db::accounts::create_user(&mut tx, user).await.unwrap();
        // Established residents: they get mail and their reports count towards hiding.
        make_trusted(&mut tx, id).await;
        let role = match email {
            MODERATOR => Role::Moderator,
            ADMIN => Role::Admin,
            _ => continue,
        };
        db::accounts::set_role(&mut tx, community, id, role)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    Demo {
        community,
        consultation,
        resident: as_user(&db, RESIDENT).await,
        other_resident: as_user(&db, OTHER_RESIDENT).await,
        moderator: as_user(&db, MODERATOR).await,
        admin: as_user(&db, ADMIN).await,
        anonymous: Ctx::anonymous(db.clone(), Lang::Sl),
        db,
    }
}

/// Makes an account one whose reports count towards auto-hide: its address confirmed and the
/// account 30 days old.
pub async fn make_trusted(tx: &mut db::Tx<'_>, user_id: i64) {
    let month: i64 = 30 * 86_400_000;
    sqlx::query(
        "UPDATE users SET email_verified_at = $2, created_at = created_at - $3 WHERE id = $1",
    )
    .bind(user_id)
    .bind(db::now_ms())
    .bind(month)
    .execute(&mut **tx)
    .await
    .unwrap();
}

/// A second community whose moderator has no rights in the demo community.
pub async fn moderator_elsewhere(d: &Demo) -> Ctx {
    let mut tx = d.db.begin().await.unwrap();
    let name = Localized::new(&[(Lang::Sl, "Drugje"), (Lang::En, "Elsewhere")]);
    let other =
        db::consultations::create_community(&mut tx, "drugje", &name, &Localized::default())
            .await
            .unwrap();
    let user = user_id(&d.db, ELSEWHERE).await;
    db::accounts::set_role(&mut tx, other, user, Role::Moderator)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Ctx::for_user(d.db.clone(), user, Lang::Sl).await.unwrap()
}

/// A JPEG of the given size (a colour ramp, so resizing has something to keep).
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(width, height, |x, _| image::Rgb([(x % 256) as u8, 90, 200]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("encode a JPEG");
    out
}

/// A phone's photo: a JPEG with an EXIF segment saying "turn it right" (orientation 6) and
/// holding a GPS position, as phones write them.
pub fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    let jpeg = jpeg(width, height);
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    // TIFF: header, IFD0 at 8 with Orientation and the GPS IFD's place (38), no next IFD.
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(le32(8));
    tiff.extend(le16(2));
    tiff.extend([le16(0x0112), le16(3)].concat());
    tiff.extend([le32(1), le32(6)].concat());
    tiff.extend([le16(0x8825), le16(4)].concat());
    tiff.extend([le32(1), le32(38), le32(0)].concat());
    // The GPS IFD: GPSLatitudeRef "N", then the position's text for the tests to look for.
    tiff.extend(le16(1));
    tiff.extend([le16(0x0001), le16(2)].concat());
    tiff.extend(le32(2));
    tiff.extend(b"N\0\0\0");
    tiff.extend(le32(0));
    tiff.extend(b"GPS 46.0569N 14.5058E");
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((segment.len() + 2) as u16).to_be_bytes());
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

/// A PNG of a few dozen bytes whose header claims `width` × `height` pixels (a "decompression
/// bomb": decoding it would allocate width × height × 3 bytes).
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        let body = [kind, data].concat();
        c.extend(&body);
        c.extend(crc32(&body).to_be_bytes());
        c
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &header));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// The demo's approximate districts of Ljubljana, as GeoJSON (`scripts/districts.py`).
pub const DISTRICTS: &[u8] = include_bytes!("../data/ljubljana-districts.geojson");

/// Whether `text` holds something shaped like an e-mail address (`name@domain.tld`): what
/// exports and public documents must never carry. A lone "@" ("concerts @ the park", in a
/// resident's words) is not one.
pub fn contains_email_address(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || ",;\"'<>()[]".contains(c))
        .filter_map(|word| word.split_once('@'))
        .any(|(name, domain)| {
            !name.is_empty() && domain.split('.').filter(|p| !p.is_empty()).count() >= 2
        })
}

#[cfg(test)]
mod tests {
    use super::contains_email_address;

    #[test]
    fn an_address_is_found_and_a_lone_at_sign_is_not() {
        assert!(contains_email_address("pišite na ana@example.org, prosim"));
        assert!(contains_email_address("\"Jake@pubbynovo.com\""));
        assert!(!contains_email_address("Free concerts @ Downtown parks"));
        assert!(!contains_email_address(
            "@posvet on social media, or user@localhost"
        ));
    }
}
