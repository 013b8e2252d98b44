//! The demo's survey, in the consultation that welcomes guests: the strategy's own questions
//! (which of the city's digital services people know and use, what worries them about their
//! data), with invented responses shaped after the figures the strategy quotes from its 1ka
//! survey (about 63 % did not know Prominfo, 86 % feared misuse of personal data), so that
//! its results page and breakdowns show something. The respondents are pseudonymous guests
//! who cannot log in.

use app::i18n::{Lang, Localized};
use app::server::db::{self, surveys::QuestionValues, DbResult, NewUser, Tx};
use app::surveys::{rules, Answer, Kind, Spec};
use std::collections::HashMap;

fn both(sl: &str, en: &str) -> Localized {
    Localized::new(&[(Lang::Sl, sl), (Lang::En, en)])
}

fn list(items: &[(&str, &str)]) -> Vec<Localized> {
    items.iter().map(|(sl, en)| both(sl, en)).collect()
}

/// How many invented respondents answer.
const RESPONDENTS: u64 = 64;

/// A small deterministic generator, so every demo has the same figures.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    /// Index `i` with probability `weights[i] / sum`.
    fn pick(&mut self, weights: &[u64]) -> usize {
        let mut r = self.next(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        0
    }
}

struct Q {
    page: i64,
    kind: Kind,
    required: bool,
    text: Localized,
    spec: Spec,
    shown_if: Option<(usize, Vec<usize>)>,
}

fn questions() -> Vec<Q> {
    let q = |page, kind, required, text: Localized, spec: Spec| Q {
        page,
        kind,
        required,
        text,
        spec,
        shown_if: None,
    };
    let agree = |min, max, low: (&str, &str), high: (&str, &str)| Spec {
        min: Some(min),
        max: Some(max),
        low: both(low.0, low.1),
        high: both(high.0, high.1),
        ..Spec::default()
    };
    vec![
        q(
            1,
            Kind::Multiple,
            true,
            both(
                "Katere mestne digitalne storitve poznate?",
                "Which of the city's digital services do you know?",
            ),
            Spec {
                options: list(&[
                    (
                        "Prominfo (prometne informacije)",
                        "Prominfo (traffic information)",
                    ),
                    ("Urbana (mestna kartica)", "Urbana (city card)"),
                    ("BicikeLJ", "BicikeLJ"),
                    ("Odprti podatki MOL", "City of Ljubljana open data"),
                    (
                        "Spletne storitve Mestne knjižnice",
                        "City Library online services",
                    ),
                ]),
                other: true,
                ..Spec::default()
            },
        ),
        q(
            1,
            Kind::Single,
            true,
            both("Ali uporabljate Prominfo?", "Do you use Prominfo?"),
            Spec {
                options: list(&[
                    ("Da, redno", "Yes, regularly"),
                    ("Včasih", "Sometimes"),
                    (
                        "Poznam ga, a ga ne uporabljam",
                        "I know it but do not use it",
                    ),
                    ("Ne poznam ga", "I do not know it"),
                ]),
                ..Spec::default()
            },
        ),
        q(
            2,
            Kind::Scale,
            true,
            both(
                "Kako zelo vas skrbi zloraba vaših osebnih podatkov?",
                "How much does misuse of your personal data worry you?",
            ),
            agree(1, 5, ("sploh ne", "not at all"), ("zelo", "very much")),
        ),
        q(
            2,
            Kind::Multiple,
            false,
            both(
                "Kaj vas pri vaših podatkih najbolj skrbi?",
                "What worries you most about your data?",
            ),
            Spec {
                options: list(&[
                    ("Da jih dobijo podjetja", "That companies get them"),
                    (
                        "Da jih uporabljajo brez mojega soglasja",
                        "That they are used without my consent",
                    ),
                    ("Kraja identitete", "Identity theft"),
                    ("Da ne vem, kdo jih hrani", "Not knowing who keeps them"),
                    ("Vdori v sisteme", "Break-ins into systems"),
                ]),
                max_choices: Some(3),
                other: true,
                ..Spec::default()
            },
        ),
        q(
            2,
            Kind::Matrix,
            false,
            both(
                "Koliko zaupate, da vaše podatke varno hranijo …",
                "How much do you trust these to keep your data safe…",
            ),
            Spec {
                rows: list(&[
                    ("Mestna občina Ljubljana", "The City of Ljubljana"),
                    ("državni organi", "State authorities"),
                    ("banke", "Banks"),
                    ("spletna podjetja", "Online companies"),
                ]),
                ..agree(
                    1,
                    5,
                    ("sploh ne zaupam", "no trust at all"),
                    ("popolnoma zaupam", "full trust"),
                )
            },
        ),
        q(
            3,
            Kind::Ranking,
            false,
            both(
                "Kaj naj mesto najprej ponudi na spletu?",
                "What should the city offer online first?",
            ),
            Spec {
                options: list(&[
                    ("Vloge in prijave", "Applications and registrations"),
                    ("Naročanje na storitve", "Booking services"),
                    ("Plačila", "Payments"),
                    ("Informacije o prometu", "Traffic information"),
                ]),
                ..Spec::default()
            },
        ),
        q(
            3,
            Kind::Number,
            false,
            both(
                "Koliko ur na dan ste povprečno na spletu?",
                "How many hours a day are you online on average?",
            ),
            Spec {
                min: Some(0),
                max: Some(24),
                ..Spec::default()
            },
        ),
        Q {
            shown_if: Some((1, vec![2, 3])),
            ..q(
                3,
                Kind::ShortText,
                false,
                both(
                    "Kaj bi vas spodbudilo k uporabi Prominfa?",
                    "What would make you use Prominfo?",
                ),
                Spec::default(),
            )
        },
        q(
            3,
            Kind::LongText,
            false,
            both(
                "Kaj bi vam olajšalo uporabo mestnih digitalnih storitev?",
                "What would make the city's digital services easier for you to use?",
            ),
            Spec::default(),
        ),
    ]
}

/// One invented person's answers: `ids` are the questions' ids in the order above.
fn answers(d: &mut Dice, ids: &[i64]) -> HashMap<i64, Answer> {
    let mut a = HashMap::new();
    let known: Vec<usize> = [40, 55, 45, 15, 30]
        .iter()
        .enumerate()
        .filter(|(_, p)| d.next(100) < **p)
        .map(|(i, _)| i)
        .collect();
    let prominfo = d.pick(&[12, 25, 20, 43]);
    // Whoever uses Prominfo knows it.
    let mut known = known;
    if prominfo < 3 && !known.contains(&0) {
        known.insert(0, 0);
    }
    a.insert(ids[0], Answer::Choices(known, None));
    a.insert(ids[1], Answer::Choice(prominfo));
    let worry = 1 + d.pick(&[3, 5, 10, 34, 48]);
    a.insert(ids[2], Answer::Value(worry as f64));
    if d.next(10) < 8 {
        let mut chosen: Vec<usize> = [60, 55, 40, 45, 35]
            .iter()
            .enumerate()
            .filter(|(_, p)| d.next(100) < **p)
            .map(|(i, _)| i)
            .take(3)
            .collect();
        chosen.sort_unstable();
        if !chosen.is_empty() {
            a.insert(ids[3], Answer::Choices(chosen, None));
        }
    }
    if d.next(10) < 7 {
        let rows = [
            [5, 15, 35, 30, 15],
            [8, 20, 35, 27, 10],
            [4, 12, 30, 38, 16],
            [30, 35, 25, 8, 2],
        ]
        .iter()
        .map(|w| Some(1 + d.pick(w) as i64))
        .collect();
        a.insert(ids[4], Answer::Rows(rows));
    }
    if d.next(10) < 6 {
        let mut order = vec![0, 1, 2, 3];
        for i in (1..order.len()).rev() {
            order.swap(i, d.next(i as u64 + 1) as usize);
        }
        a.insert(ids[5], Answer::Order(order));
    }
    if d.next(10) < 7 {
        a.insert(ids[6], Answer::Value((1 + d.next(9)) as f64));
    }
    a
}

/// Seeds the survey (its results public) with its respondents, who answered the consultation's
/// statistics questions (`statistics`: (question id, number of options)) too.
pub async fn seed_survey(
    tx: &mut Tx<'_>,
    consultation: i64,
    statistics: &[(i64, usize)],
) -> DbResult<()> {
    let survey = db::surveys::create(
        tx,
        consultation,
        &both(
            "Digitalne storitve in vaši podatki",
            "Digital services and your data",
        )
        .to_json(),
    )
    .await?;
    db::surveys::update(
        tx,
        survey,
        &both("Digitalne storitve in vaši podatki", "Digital services and your data").to_json(),
        &both(
            "Kratka anketa ob posvetu: katere mestne digitalne storitve poznate in uporabljate ter kaj vas skrbi pri vaših podatkih. Traja približno tri minute. Odgovori so anonimni; objavljeni so le povzetki.",
            "A short survey beside the consultation: which of the city's digital services you know and use, and what worries you about your data. It takes about three minutes. Answers are anonymous; only summaries are published.",
        )
        .to_json(),
        None,
        None,
        true,
        rules::DEFAULT_MIN_CELL,
    )
    .await?;
    let mut ids: Vec<i64> = Vec::new();
    for q in questions() {
        let text = q.text.to_json();
        let spec = serde_json::to_string(&q.spec).expect("settings serialise");
        let (shown_if, options) = match &q.shown_if {
            Some((i, o)) => (Some(ids[*i]), serde_json::to_string(o).expect("a list")),
            None => (None, "[]".to_string()),
        };
        let values = QuestionValues {
            page: q.page,
            kind: q.kind.as_str(),
            required: q.required,
            text: &text,
            spec: &spec,
            shown_if,
            shown_options: &options,
        };
        ids.push(db::surveys::add_question(tx, survey, &values).await?);
    }
    let mut dice = Dice(2023);
    for n in 0..RESPONDENTS {
        let address = format!("survey-respondent-{n}@guest.invalid");
        let name = format!("Udeleženec {}", 2000 + n * 37 % 7000);
        let user = NewUser {
            email: &address,
            display_name: &name,
            password_hash: None,
        };
        let id = db::accounts::create_user(tx, user).await?;
        db::participation::make_guest(tx, id).await?;
        for (question, options) in statistics {
            // Central districts and working ages answer most; some would rather not say.
            let choice = match dice.next(10) {
                0 => None,
                _ => Some(match *options {
                    o if o > 6 => {
                        dice.pick(&[9, 3, 2, 2, 2, 3, 2, 2, 1, 2, 2, 2, 3, 1, 1, 2, 3][..o.min(17)])
                    }
                    o => dice.next(o as u64) as usize,
                } as i64),
            };
            db::participation::save_answer(tx, *question, id, choice).await?;
        }
        let answers = answers(&mut dice, &ids);
        let response = db::surveys::hold_response(tx, survey, id).await?;
        let submitted = db::now_ms() - (n as i64 + 1) * 3_600_000;
        db::surveys::save_response(
            tx,
            response.id,
            &rules::encode_all(&answers),
            4,
            Some(submitted),
        )
        .await?;
    }
    Ok(())
}
