//! A large synthetic consultation for benchmarks: by default 10 consultations, 10,000 ideas,
//! 100,000 arguments, 1,000,000 idea votes, 50,000 users and 10,000 reported arguments
//! waiting in the moderation queue, which user 1 moderates (`posvet generate`).
//!
//! Deterministic for a given seed. Popularity is skewed (a few ideas collect thousands of
//! votes, most a few dozen), texts are Slovenian Markdown of realistic length, and every
//! stored counter equals the rows it counts, as if the rows had been posted one by one.

use app::ideas::rules::{excerpt, MAX_TITLE_CHARS};
use app::server::db::{Db, DbError, DbResult, Value};
use app::server::markdown::plain_text;
use app::server::password::hash_password;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How much to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub consultations: i64,
    pub users: i64,
    pub ideas: i64,
    pub arguments: i64,
    pub votes: i64,
    /// Arguments reported once each, waiting in the moderation queue.
    pub reports: i64,
}

impl Scale {
    pub const FULL: Scale = Scale {
        consultations: 10,
        users: 50_000,
        ideas: 10_000,
        arguments: 100_000,
        votes: 1_000_000,
        reports: 10_000,
    };

    /// The full scale multiplied by `factor` (at least one consultation, user and idea).
    pub fn times(factor: f64) -> Scale {
        let f = |n: i64| ((n as f64 * factor).round() as i64).max(1);
        Scale {
            consultations: f(Scale::FULL.consultations).min(Scale::FULL.consultations),
            users: f(Scale::FULL.users),
            ideas: f(Scale::FULL.ideas),
            arguments: (Scale::FULL.arguments as f64 * factor).round() as i64,
            votes: (Scale::FULL.votes as f64 * factor).round() as i64,
            reports: (Scale::FULL.reports as f64 * factor).round() as i64,
        }
    }
}

/// Every generated account has this password (one hash, shared: hashing 50,000 passwords
/// with argon2 would take longer than the rest of the load).
pub const GENERATED_PASSWORD: &str = "posvet-bench-2026";
pub const COMMUNITY_SLUG: &str = "obsezna-obravnava";

const FIRST_NAMES: [&str; 16] = [
    "Ana", "Bojan", "Cvetka", "Dejan", "Eva", "Filip", "Gaja", "Han", "Irena", "Jure", "Katja",
    "Luka", "Maja", "Nejc", "Petra", "Žiga",
];
const SURNAME_INITIALS: [&str; 12] = ["K", "M", "P", "R", "Š", "T", "Z", "L", "V", "Č", "B", "D"];
const SUBJECTS: [&str; 12] = [
    "Brezplačen Wi-Fi",
    "Digitalna izkaznica",
    "Spletna prijava",
    "Odprti podatki",
    "Pametna razsvetljava",
    "e-Knjižnica",
    "Tečaji digitalnih veščin",
    "Mobilna aplikacija",
    "Kolesarski števci",
    "Brezstično plačilo",
    "Senzorji kakovosti zraka",
    "Digitalna oglasna deska",
];
const PLACES: [&str; 12] = [
    "v knjižnicah",
    "za starejše",
    "na Prešernovem trgu",
    "v vrtcih",
    "za parkirišča",
    "v četrtnih skupnostih",
    "za turiste",
    "v osnovnih šolah",
    "na avtobusih LPP",
    "za gibalno ovirane",
    "v zdravstvenih domovih",
    "ob Ljubljanici",
];
const SENTENCES: [&str; 12] = [
    "Predlagam, da mesto to uvede postopoma in najprej preizkusi v eni četrtni skupnosti.",
    "Tako bi prebivalci prihranili čas, ki ga danes porabijo za vrste na okencih.",
    "Podobno rešitev že uporabljajo na Dunaju in v Talinu, kjer so izkušnje dobre.",
    "Pomembno je, da storitev deluje tudi na starejših telefonih in brez registracije.",
    "Podatki naj bodo **odprti** in objavljeni v strojno berljivi obliki.",
    "Stroški bi bili majhni v primerjavi s koristmi za vse, ki živijo in delajo v mestu.",
    "Za ljudi brez pametnega telefona naj ostane na voljo tudi klasična pot.",
    "Zasebnost mora biti zagotovljena: zbirajo naj se le nujni podatki.",
    "Predlog bi lahko izvedli skupaj s fakultetami in lokalnimi podjetji.",
    "Rezultate naj mesto vsako leto javno predstavi in jih primerja s cilji.",
    "Najbolj bi pridobili starejši in družine z majhnimi otroki.",
    "Obstoječe sisteme je treba povezati, ne pa graditi še enega ločenega portala.",
];
const CATEGORIES: [(&str, &str); 6] = [
    ("Storitve", "Services"),
    ("Podatki", "Data"),
    ("Promet", "Transport"),
    ("Izobraževanje", "Education"),
    ("Okolje", "Environment"),
    ("Uprava", "Administration"),
];

/// What was written, for the command's report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Generated {
    pub users: u64,
    pub consultations: u64,
    pub ideas: u64,
    pub arguments: u64,
    pub votes: u64,
    pub reports: u64,
    pub measures: u64,
}

/// Fills an empty database. Refuses a database that already holds a community, so it never
/// mixes synthetic rows into real ones.
pub async fn generate(db: &Db, scale: Scale, seed: u64) -> DbResult<Generated> {
    if !db.is_empty().await? {
        return Err(DbError::Other(sqlx::Error::Protocol(
            "the database is not empty; generate into a new one".into(),
        )));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let now = app::server::db::now_ms();
    let day = 86_400_000;
    let mut out = Generated {
        users: users(db, scale, now).await?,
        ..Generated::default()
    };
    let mut community = db
        .bulk_insert(
            "communities",
            &["id", "slug", "name", "description", "created_at"],
        )
        .await?;
    community
        .push(vec![
            Value::Int(1),
            text(COMMUNITY_SLUG),
            localized("Obsežna obravnava", "Large consultation"),
            localized(
                "Sintetična obravnava za meritve zmogljivosti.",
                "A synthetic consultation for performance measurements.",
            ),
            Value::Int(now - 120 * day),
        ])
        .await?;
    community.finish().await?;

    let mut categories = db
        .bulk_insert("categories", &["id", "community_id", "name"])
        .await?;
    for (i, (sl, en)) in CATEGORIES.iter().enumerate() {
        categories
            .push(vec![
                Value::Int(i as i64 + 1),
                Value::Int(1),
                localized(sl, en),
            ])
            .await?;
    }
    categories.finish().await?;

    // Decide every idea's votes and arguments first: the counters are written with the idea.
    let ideas_n = scale.ideas as usize;
    let votes_per_idea = spread(&mut rng, scale.votes, ideas_n, scale.users);
    let mut arguments_per_idea = vec![0i64; ideas_n];
    for _ in 0..scale.arguments {
        // Popular ideas draw more arguments: pick the larger of two random draws' vote counts.
        let (a, b) = (rng.gen_range(0..ideas_n), rng.gen_range(0..ideas_n));
        let pick = if votes_per_idea[a].0 + votes_per_idea[a].1
            >= votes_per_idea[b].0 + votes_per_idea[b].1
        {
            a
        } else {
            b
        };
        arguments_per_idea[pick] += 1;
    }
    let mut ideas_per_group = vec![0i64; scale.consultations as usize];
    for i in 0..ideas_n {
        ideas_per_group[i % scale.consultations as usize] += 1;
    }

    let mut consultations = db
        .bulk_insert(
            "consultations",
            &[
                "id",
                "community_id",
                "position",
                "name",
                "description",
                "idea_count",
                "created_at",
            ],
        )
        .await?;
    for (g, count) in ideas_per_group.iter().enumerate() {
        let n = g as i64 + 1;
        consultations
            .push(vec![
                Value::Int(n),
                Value::Int(1),
                Value::Int(n),
                localized(
                    &format!("Skupina {n}: {}", SUBJECTS[g % SUBJECTS.len()]),
                    &format!("Consultation {n}"),
                ),
                localized(
                    SENTENCES[g % SENTENCES.len()],
                    "Ideas of residents on one goal of the strategy.",
                ),
                Value::Int(*count),
                Value::Int(now - 120 * day),
            ])
            .await?;
    }
    out.consultations = consultations.finish().await?;

    let mut ideas = db
        .bulk_insert(
            "ideas",
            &[
                "id",
                "consultation_id",
                "author_id",
                "category_id",
                "title",
                "body",
                "excerpt",
                "status",
                "up_count",
                "down_count",
                "argument_count",
                "created_at",
                "updated_at",
            ],
        )
        .await?;
    for i in 0..ideas_n {
        let id = i as i64 + 1;
        let title = idea_title(&mut rng, id);
        let body = markdown_body(&mut rng);
        let excerpt_text = excerpt(&plain_text(&body), 180);
        let created = now - rng.gen_range(1..90) * day - rng.gen_range(0..day);
        let category = match rng.gen_range(0..8) {
            0 | 1 => Value::Null,
            c => Value::Int(c - 1),
        };
        let status = [
            "open",
            "open",
            "open",
            "open",
            "in_progress",
            "adopted",
            "rejected",
        ][rng.gen_range(0..7)];
        ideas
            .push(vec![
                Value::Int(id),
                Value::Int((i % scale.consultations as usize) as i64 + 1),
                Value::Int(rng.gen_range(1..=scale.users)),
                category,
                Value::Text(title),
                Value::Text(body),
                Value::Text(excerpt_text),
                text(status),
                Value::Int(votes_per_idea[i].0),
                Value::Int(votes_per_idea[i].1),
                Value::Int(arguments_per_idea[i]),
                Value::Int(created),
                Value::Int(created),
            ])
            .await?;
    }
    out.ideas = ideas.finish().await?;

    let mut arguments = db
        .bulk_insert(
            "arguments",
            &["id", "idea_id", "author_id", "side", "body", "created_at"],
        )
        .await?;
    let mut argument_id = 0;
    for (i, n) in arguments_per_idea.iter().enumerate() {
        for _ in 0..*n {
            argument_id += 1;
            let side = if rng.gen_bool(0.6) { "for" } else { "against" };
            let sentences = rng.gen_range(1..=3);
            let body = (0..sentences)
                .map(|_| SENTENCES[rng.gen_range(0..SENTENCES.len())].replace("**", ""))
                .collect::<Vec<_>>()
                .join(" ");
            arguments
                .push(vec![
                    Value::Int(argument_id),
                    Value::Int(i as i64 + 1),
                    Value::Int(rng.gen_range(1..=scale.users)),
                    text(side),
                    Value::Text(body),
                    Value::Int(now - rng.gen_range(0..60) * day),
                ])
                .await?;
        }
    }
    out.arguments = arguments.finish().await?;

    let mut votes = db
        .bulk_insert("idea_votes", &["idea_id", "user_id", "value", "created_at"])
        .await?;
    let stride = coprime_stride(scale.users);
    for (i, (up, down)) in votes_per_idea.iter().enumerate() {
        // Distinct voters per idea: start anywhere and step by a stride coprime to the
        // number of users, so no user is visited twice before all have been.
        let start = rng.gen_range(0..scale.users);
        for k in 0..(up + down) {
            let user = (start + k * stride) % scale.users + 1;
            let value = if k < *up { 1 } else { -1 };
            votes
                .push(vec![
                    Value::Int(i as i64 + 1),
                    Value::Int(user),
                    Value::Int(value),
                    Value::Int(now - rng.gen_range(0..60) * day),
                ])
                .await?;
        }
    }
    out.votes = votes.finish().await?;
    out.reports = reports(db, scale, &mut rng, argument_id, now).await?;

    db.finish_bulk_load(&[
        "users",
        "communities",
        "categories",
        "consultations",
        "ideas",
        "arguments",
    ])
    .await?;
    out.measures = measures(db, scale, &mut rng).await?;
    // The rows above were written in bulk, past the data layer that keeps the days.
    let mut tx = db.begin().await?;
    app::server::db::activity::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(out)
}

/// Measures per consultation: the first is the parent of the others (a strategy's goal has
/// about ten).
pub const MEASURES_PER_CONSULTATION: i64 = 10;

/// The first ideas of each consultation become the city's measures (ids 1 to 10 × the number
/// of consultations), each from the three ideas after it, with two indicators of twelve
/// monthly readings and one progress update: what the implementation page and a measure's
/// page read under load.
async fn measures(db: &Db, scale: Scale, rng: &mut StdRng) -> DbResult<u64> {
    use app::server::db::measures::{self as m, IndicatorFields, NewMeasure, ReadingFields};
    let groups = scale.consultations;
    let per = MEASURES_PER_CONSULTATION.min(scale.ideas / groups.max(1) / 4);
    let mut tx = db.begin().await?;
    let mut made = 0;
    for g in 0..groups {
        let id_of = |k: i64| g + 1 + k * groups;
        let parent = id_of(0);
        for k in 0..per {
            let id = id_of(k);
            m::create(
                &mut tx,
                NewMeasure {
                    idea_id: id,
                    parent_id: (k > 0).then_some(parent),
                    responsible: "Služba za digitalizacijo",
                    starts_on: Some("2024-01-01"),
                    ends_on: Some("2027-12-31"),
                    status: ["planned", "in_progress", "in_progress", "done"][rng.gen_range(0..4)],
                    progress_set: None,
                },
            )
            .await?;
            let sources: Vec<i64> = (1..=3)
                .map(|s| id_of(per * s + k))
                .filter(|i| *i <= scale.ideas)
                .collect();
            m::set_sources(&mut tx, id, &sources).await?;
            for n in 0..2 {
                let target = rng.gen_range(10..100) as f64;
                let fields = IndicatorFields {
                    name: ["Izvedene aktivnosti", "Vključeni prebivalci"][n],
                    unit: ["aktivnosti", "oseb"][n],
                    baseline: 0.0,
                    target,
                    due_on: Some("2027-12-31"),
                };
                let indicator = m::add_indicator(&mut tx, id, fields).await?;
                let mut value = 0.0;
                for month in 1..=12 {
                    value += rng.gen_range(0.0..target / 12.0);
                    let taken_on = format!("2025-{month:02}-28");
                    let f = ReadingFields {
                        taken_on: &taken_on,
                        value: (value * 10.0).round() / 10.0,
                        note: "",
                        source: "Mesečno poročilo",
                    };
                    m::add_reading(&mut tx, indicator, f, None).await?;
                }
            }
            m::save_version(&mut tx, id, 1, None).await?;
            let update = SENTENCES[rng.gen_range(0..SENTENCES.len())];
            m::add_update(&mut tx, id, None, update).await?;
            made += 1;
        }
    }
    tx.commit().await?;
    Ok(made)
}

/// User 1 moderates the community; the first `scale.reports` arguments are reported once
/// each (by other users, for varied reasons) and wait in the queue, oldest first.
async fn reports(
    db: &Db,
    scale: Scale,
    rng: &mut StdRng,
    arguments: i64,
    now: i64,
) -> DbResult<u64> {
    let mut members = db
        .bulk_insert(
            "memberships",
            &["community_id", "user_id", "role", "created_at"],
        )
        .await?;
    members
        .push(vec![
            Value::Int(1),
            Value::Int(1),
            text("moderator"),
            Value::Int(now),
        ])
        .await?;
    members.finish().await?;
    // Decided first, then written table by table: each bulk insert holds SQLite's write lock.
    let reasons = ["spam", "offensive", "off_topic", "personal_data"];
    let rows: Vec<(i64, i64, i64, &str)> = (1..=scale.reports.min(arguments))
        .map(|id| {
            let at = now - rng.gen_range(0..30 * 86_400_000);
            let reporter = 2 + id % (scale.users - 1).max(1);
            (id, at, reporter, reasons[rng.gen_range(0..reasons.len())])
        })
        .collect();
    let mut reports = db
        .bulk_insert(
            "reports",
            &[
                "target_kind",
                "target_id",
                "community_id",
                "reporter_id",
                "reason",
                "created_at",
            ],
        )
        .await?;
    for (id, at, reporter, reason) in &rows {
        reports
            .push(vec![
                text("argument"),
                Value::Int(*id),
                Value::Int(1),
                Value::Int(*reporter),
                text(reason),
                Value::Int(*at),
            ])
            .await?;
    }
    reports.finish().await?;
    let mut queue = db
        .bulk_insert(
            "queue_items",
            &[
                "target_kind",
                "target_id",
                "community_id",
                "report_count",
                "opened_at",
            ],
        )
        .await?;
    for (id, at, _, _) in &rows {
        queue
            .push(vec![
                text("argument"),
                Value::Int(*id),
                Value::Int(1),
                Value::Int(1),
                Value::Int(*at),
            ])
            .await?;
    }
    queue.finish().await
}

async fn users(db: &Db, scale: Scale, now: i64) -> DbResult<u64> {
    let hash = hash_password(GENERATED_PASSWORD);
    let mut users = db
        .bulk_insert(
            "users",
            &[
                "id",
                "email",
                "display_name",
                "password_hash",
                "created_at",
                "email_verified_at",
            ],
        )
        .await?;
    for id in 1..=scale.users {
        let first = FIRST_NAMES[id as usize % FIRST_NAMES.len()];
        let initial = SURNAME_INITIALS[(id as usize / FIRST_NAMES.len()) % SURNAME_INITIALS.len()];
        users
            .push(vec![
                Value::Int(id),
                Value::Text(generated_email(id)),
                Value::Text(format!("{first} {initial}.")),
                Value::Text(hash.clone()),
                Value::Int(now - 100 * 86_400_000),
                // Established residents: confirmed addresses, so they get mail.
                Value::Int(now - 100 * 86_400_000),
            ])
            .await?;
    }
    users.finish().await
}

/// The login of generated user `id` (password: `GENERATED_PASSWORD`).
pub fn generated_email(id: i64) -> String {
    format!("u{id}@bench.posvet.example")
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A name or description in Slovenian and English, as the database stores it.
fn localized(sl: &str, en: &str) -> Value {
    use app::i18n::{Lang, Localized};
    Value::Text(Localized::new(&[(Lang::Sl, sl), (Lang::En, en)]).to_json())
}

fn idea_title(rng: &mut StdRng, id: i64) -> String {
    let title = format!(
        "{} {} ({id})",
        SUBJECTS[rng.gen_range(0..SUBJECTS.len())],
        PLACES[rng.gen_range(0..PLACES.len())]
    );
    title.chars().take(MAX_TITLE_CHARS).collect()
}

/// Two to four paragraphs, sometimes with a list, as residents write them.
fn markdown_body(rng: &mut StdRng) -> String {
    let paragraphs = rng.gen_range(2..=4);
    let mut body = Vec::new();
    for p in 0..paragraphs {
        if p == 1 && rng.gen_bool(0.3) {
            body.push("- hitreje do storitve\n- manj papirja\n- dostopno za vse".to_string());
        }
        let sentences = (0..rng.gen_range(2..=4))
            .map(|_| SENTENCES[rng.gen_range(0..SENTENCES.len())])
            .collect::<Vec<_>>();
        body.push(sentences.join(" "));
    }
    body.join("\n\n")
}

/// Shares `total` votes over `ideas` with a skewed popularity (weight u³ for uniform u),
/// at most `users` per idea; returns (up, down) per idea, about 70 % up.
fn spread(rng: &mut StdRng, total: i64, ideas: usize, users: i64) -> Vec<(i64, i64)> {
    let weights: Vec<f64> = (0..ideas)
        .map(|_| rng.gen::<f64>().powi(3) + 0.02)
        .collect();
    let sum: f64 = weights.iter().sum();
    let total = total.min(users * ideas as i64);
    let mut counts: Vec<i64> = weights
        .iter()
        .map(|w| ((total as f64 * w / sum) as i64).min(users))
        .collect();
    let mut missing = total - counts.iter().sum::<i64>();
    let mut i = 0;
    while missing > 0 {
        if counts[i % ideas] < users {
            counts[i % ideas] += 1;
            missing -= 1;
        }
        i += 1;
    }
    counts
        .into_iter()
        .map(|n| {
            let up = (n as f64 * rng.gen_range(0.55..0.85)).round() as i64;
            (up, n - up)
        })
        .collect()
}

/// A prime step that visits every one of `n` users before repeating.
fn coprime_stride(n: i64) -> i64 {
    [7_919, 104_729, 1_299_709, 15_485_863]
        .into_iter()
        .find(|p| n % p != 0)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_are_shared_exactly_and_skewed() {
        let mut rng = StdRng::seed_from_u64(1);
        let votes = spread(&mut rng, 1_000_000, 10_000, 50_000);
        let total: i64 = votes.iter().map(|(u, d)| u + d).sum();
        assert_eq!(total, 1_000_000);
        let mut sizes: Vec<i64> = votes.iter().map(|(u, d)| u + d).collect();
        sizes.sort_unstable();
        // Skewed: the top 1 % of ideas hold far more than 1 % of the votes.
        let top: i64 = sizes[9_900..].iter().sum();
        assert!(top > 25_000, "top 1% hold {top}");
        assert!(sizes.iter().all(|n| *n <= 50_000));
    }

    #[test]
    fn no_idea_gets_more_votes_than_there_are_users() {
        let mut rng = StdRng::seed_from_u64(2);
        let votes = spread(&mut rng, 1_000, 10, 30);
        assert_eq!(votes.iter().map(|(u, d)| u + d).sum::<i64>(), 300);
    }

    #[test]
    fn the_stride_visits_every_user_once() {
        for n in [1, 7, 50, 7_919 * 2, 50_000] {
            let stride = coprime_stride(n);
            let mut seen = std::collections::HashSet::new();
            for k in 0..n {
                assert!(seen.insert((k * stride) % n), "n={n} k={k}");
            }
        }
    }

    #[test]
    fn titles_fit_the_schema() {
        let mut rng = StdRng::seed_from_u64(3);
        for id in [1, 9_999, 10_000_000] {
            assert!(idea_title(&mut rng, id).chars().count() <= MAX_TITLE_CHARS);
        }
    }
}
