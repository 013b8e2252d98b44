//! A large synthetic survey for benchmarks (`posvet generate-survey`): a survey of the first
//! consultation (made if the database has none) with questions of every kind on three pages,
//! answered by as many made-up people, all submitted, its results public. Written in bulk,
//! past the services, like `generate`.

use app::i18n::{Lang, Localized};
use app::server::db::{self, surveys::QuestionValues, Db, DbResult, Value};
use app::surveys::{rules, Answer, Kind, Spec};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

fn both(sl: &str, en: &str) -> Localized {
    Localized::new(&[(Lang::Sl, sl), (Lang::En, en)])
}

fn items(prefix: &str, n: usize) -> Vec<Localized> {
    (1..=n)
        .map(|i| both(&format!("{prefix} {i}"), &format!("{prefix} {i}")))
        .collect()
}

/// The kinds in turn: a survey of 30 has each kind three or four times.
const KINDS: [Kind; 8] = [
    Kind::Single,
    Kind::Multiple,
    Kind::Scale,
    Kind::Matrix,
    Kind::Ranking,
    Kind::Number,
    Kind::Single,
    Kind::ShortText,
];

fn spec(kind: Kind) -> Spec {
    match kind {
        Kind::Single => Spec {
            options: items("Možnost", 5),
            other: true,
            ..Spec::default()
        },
        Kind::Multiple => Spec {
            options: items("Izbira", 6),
            max_choices: Some(3),
            ..Spec::default()
        },
        Kind::Scale => Spec {
            min: Some(1),
            max: Some(5),
            low: both("malo", "little"),
            high: both("zelo", "very"),
            ..Spec::default()
        },
        Kind::Matrix => Spec {
            rows: items("Trditev", 4),
            min: Some(1),
            max: Some(5),
            ..Spec::default()
        },
        Kind::Ranking => Spec {
            options: items("Prednost", 4),
            ..Spec::default()
        },
        Kind::Number => Spec {
            min: Some(0),
            max: Some(100),
            ..Spec::default()
        },
        _ => Spec::default(),
    }
}

fn answer(kind: Kind, rng: &mut StdRng) -> Answer {
    match kind {
        Kind::Single if rng.gen_range(0..20) == 0 => Answer::Other("Nekaj drugega".into()),
        Kind::Single => Answer::Choice(rng.gen_range(0..5)),
        Kind::Multiple => {
            let mut c: Vec<usize> = (0..6)
                .filter(|_| rng.gen_range(0..3) == 0)
                .take(3)
                .collect();
            if c.is_empty() {
                c.push(rng.gen_range(0..6));
            }
            Answer::Choices(c, None)
        }
        Kind::Scale => Answer::Value(rng.gen_range(1..=5) as f64),
        Kind::Matrix => Answer::Rows((0..4).map(|_| Some(rng.gen_range(1..=5))).collect()),
        Kind::Ranking => {
            let mut order = vec![0, 1, 2, 3];
            for i in (1..4).rev() {
                order.swap(i, rng.gen_range(0..=i));
            }
            Answer::Order(order)
        }
        Kind::Number => Answer::Value(rng.gen_range(0..=100) as f64),
        _ => Answer::Text(format!("Odgovor številka {}", rng.gen_range(0..1_000_000))),
    }
}

/// Makes the survey; returns its id.
pub async fn generate_survey(
    db: &Db,
    responses: i64,
    questions: usize,
    seed: u64,
) -> DbResult<i64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut c = db.conn().await?;
    let consultation: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM consultations")
        .fetch_one(&mut *c)
        .await?;
    let first_user: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM users")
        .fetch_one(&mut *c)
        .await?;
    drop(c);
    let mut tx = db.begin().await?;
    let consultation = match consultation {
        Some(id) => id,
        None => {
            let text = both("Anketa", "Survey");
            let community =
                db::consultations::create_community(&mut tx, "anketa", &text, &text).await?;
            db::consultations::create_consultation(&mut tx, community, 0, &text, &text).await?
        }
    };
    let title = both("Obsežna anketa", "Large survey").to_json();
    let survey = db::surveys::create(&mut tx, consultation, &title).await?;
    db::surveys::update(
        &mut tx,
        survey,
        &title,
        "{}",
        None,
        None,
        true,
        rules::DEFAULT_MIN_CELL,
    )
    .await?;
    let mut kinds = Vec::new();
    let mut ids = Vec::new();
    for n in 0..questions {
        let kind = KINDS[n % KINDS.len()];
        let text = both(
            &format!("Vprašanje {}", n + 1),
            &format!("Question {}", n + 1),
        )
        .to_json();
        let spec = serde_json::to_string(&spec(kind)).expect("settings serialise");
        let values = QuestionValues {
            page: (n * 3 / questions.max(1)) as i64 + 1,
            kind: kind.as_str(),
            required: false,
            text: &text,
            spec: &spec,
            shown_if: None,
            shown_options: "[]",
        };
        ids.push(db::surveys::add_question(&mut tx, survey, &values).await?);
        kinds.push(kind);
    }
    tx.commit().await?;

    let now = db::now_ms();
    let mut users = db
        .bulk_insert("users", &["id", "email", "display_name", "created_at"])
        .await?;
    for i in 0..responses {
        let id = first_user + i;
        users
            .push(vec![
                Value::Int(id),
                Value::Text(format!("s{id}@survey.bench.posvet.example")),
                Value::Text(format!("Anketiranec {id}")),
                Value::Int(now),
            ])
            .await?;
    }
    users.finish().await?;
    let mut rows = db
        .bulk_insert(
            "survey_responses",
            &[
                "survey_id",
                "user_id",
                "answers",
                "page",
                "submitted_at",
                "shuffle",
                "created_at",
                "updated_at",
            ],
        )
        .await?;
    for i in 0..responses {
        // One question in ten is left unanswered.
        let mut answers = HashMap::new();
        for (id, kind) in ids.iter().zip(&kinds) {
            if rng.gen_range(0..10) != 0 {
                answers.insert(*id, answer(*kind, &mut rng));
            }
        }
        rows.push(vec![
            Value::Int(survey),
            Value::Int(first_user + i),
            Value::Text(rules::encode_all(&answers)),
            Value::Int(4),
            Value::Int(now),
            Value::Int(rng.gen_range(0..i64::from(u32::MAX))),
            Value::Int(now),
            Value::Int(now),
        ])
        .await?;
    }
    rows.finish().await?;
    db.finish_bulk_load(&["users"]).await?;
    Ok(survey)
}
