//! The demo consultation seeded into an empty database: the City of Ljubljana's Digital
//! Development Strategy 2023–2027 (online consultation January–April 2023, put to the City
//! Council on 30 May 2023), with one consultation per strategic goal.
//!
//! Consultation and community texts are facts from the strategy; the ideas, arguments and votes are
//! illustrative, written the way residents post them (mostly in Slovenian).

use app::arguments::rules::Side;
use app::authz::Role;
use app::consultations::rules::Schedule;
use app::i18n::{Lang, Localized};
use app::ideas::rules::{excerpt, Status};
use app::server::db::{self, Db, DbError, DbResult, NewIdea, NewUser, Tx};
use app::server::markdown::plain_text;
use app::votes::rules::Vote;

/// The demo accounts that can log in (listed in README): a resident, a moderator and an
/// administrator of the demo community. Never seeded when `POSVET_DEMO=0`.
pub const DEMO_EMAIL: &str = "demo@posvet.example";
pub const DEMO_MODERATOR_EMAIL: &str = "moderator@posvet.example";
pub const DEMO_ADMIN_EMAIL: &str = "admin@posvet.example";
pub const DEMO_PASSWORD: &str = "posvet-demo-2023";

/// The online consultation ran from 16 January to 14 April 2023.
const CONSULTATION_OPENED: i64 = 1_673_863_200_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

const RESIDENTS: [&str; 12] = [
    "Ana K.",
    "Bojan M.",
    "Cvetka P.",
    "Dejan R.",
    "Eva Š.",
    "Filip T.",
    "Gaja Z.",
    "Han L.",
    "Irena V.",
    "Jure Č.",
    "Katja B.",
    "Luka D.",
];

/// Ljubljana's 17 districts (četrtne skupnosti), the same in both languages.
const DISTRICTS: [&str; 17] = [
    "Bežigrad",
    "Center",
    "Črnuče",
    "Dravlje",
    "Golovec",
    "Jarše",
    "Moste",
    "Polje",
    "Posavje",
    "Rožnik",
    "Rudnik",
    "Sostro",
    "Šentvid",
    "Šiška",
    "Šmarna gora",
    "Trnovo",
    "Vič",
];

/// The demo's registration questions: district and age group; (id, number of options) each.
async fn seed_questions(tx: &mut Tx<'_>, consultation: i64) -> DbResult<Vec<(i64, usize)>> {
    let ages = [
        ("do 29 let", "under 30"),
        ("30–44 let", "30–44"),
        ("45–64 let", "45–64"),
        ("65 let ali več", "65 or over"),
    ];
    let districts: Vec<_> = DISTRICTS.iter().map(|d| both(d, d)).collect();
    let ages: Vec<_> = ages.iter().map(|(sl, en)| both(sl, en)).collect();
    let mut ids = Vec::new();
    for (question, options) in [
        (both("Četrtna skupnost", "District"), districts),
        (both("Starost", "Age group"), ages),
    ] {
        let n = options.len();
        let options = serde_json::to_string(&options).expect("texts serialise");
        let id = db::participation::add_question(tx, consultation, &question.to_json(), &options)
            .await?;
        ids.push((id, n));
    }
    Ok(ids)
}

const CONSULTATIONS: [(&str, &str, &str, &str); 5] = [
    (
        "Digitalno mesto in skupnost",
        "Digital City and Community",
        "Mesto je lahko le tako digitalno, kot je digitalna skupnost njegovih prebivalcev: v razvoj vključujemo ustanove in ljudi.",
        "A city can only be as digital as its community of residents: institutions and people take part in its development.",
    ),
    (
        "Digitalna mestna uprava in velika družina MOL",
        "Digital City Administration and the Extended MOL Family",
        "Digitalne veščine zaposlenih in digitalna delovna okolja v mestni upravi in javnih zavodih.",
        "Digital skills of employees and digital work environments in the city administration and its public institutions.",
    ),
    (
        "Digitalna orodja za upravljanje mesta",
        "Digital Tools for City Management",
        "Urbana digitalna platforma (UDP), ki poveže digitalne storitve mesta.",
        "An Urban Digital Platform (UDP) that joins up the city's digital services.",
    ),
    (
        "Upravljanje podatkov",
        "Data Management",
        "Odgovorno in celovito upravljanje podatkov; odprti podatki za podjetja in raziskovalce.",
        "Responsible, comprehensive data management; open data for companies and research.",
    ),
    (
        "Ekonomija digitalnega razvoja",
        "Digital Development Economy",
        "Delovna mesta v digitalnem gospodarstvu in učinkovito javno naročanje strojne in programske opreme.",
        "Jobs in the digital economy and efficient procurement of hardware and software.",
    ),
];

const CATEGORIES: [(&str, &str); 6] = [
    ("Mobilnost", "Mobility"),
    ("Odprti podatki", "Open data"),
    ("Digitalne veščine", "Digital skills"),
    ("Mestne storitve", "City services"),
    ("Zasebnost in varnost", "Privacy and security"),
    ("Povezljivost", "Connectivity"),
];

struct DemoIdea {
    consultation: usize,
    category: Option<usize>,
    author: usize,
    title: &'static str,
    body: &'static str,
    status: Status,
    note: Option<&'static str>,
    /// (author, side, text)
    arguments: &'static [(usize, Side, &'static str)],
    /// Votes as (up, down) counts, cast by the first residents.
    votes: (usize, usize),
}

const IDEAS: &[DemoIdea] = &[
    DemoIdea {
        consultation: 3,
        category: Some(1),
        author: 0,
        title: "Prihodi avtobusov LPP v realnem času kot odprti podatki",
        body: "Podatki o prihodih avtobusov v realnem času naj bodo objavljeni kot **odprti podatki** s preprostim vmesnikom API.\n\nTako lahko razvijalci, raziskovalci in podjetja izdelajo boljše aplikacije, kot bi jih mesto samo.",
        status: Status::InProgress,
        note: Some("Mestna uprava pripravlja objavo podatkov na portalu odprtih podatkov v okviru Urbane digitalne platforme."),
        arguments: &[
            (1, Side::For, "Odprti podatki so že plačani z javnim denarjem, zato morajo biti dostopni vsem."),
            (2, Side::For, "Aplikacije tretjih oseb bi lahko pokazale prihode tudi v zemljevidih za slepe in slabovidne."),
            (3, Side::Against, "Brez jasne licence in stabilnega vmesnika bodo aplikacije pogosto nehale delovati."),
        ],
        votes: (9, 1),
    },
    DemoIdea {
        consultation: 2,
        category: Some(3),
        author: 4,
        title: "Ena prijava za vse mestne storitve",
        body: "Za vlogo za parkirno dovoljenje, vpis v vrtec in prijavo okvare potrebujem tri različne račune. Predlagam **enotno prijavo** (npr. prek SI-PASS) za vse e-storitve MOL.",
        status: Status::Adopted,
        note: Some("Enotna prijava je vključena v ukrep Urbane digitalne platforme v strategiji, ki jo je mestni svet obravnaval 30. 5. 2023."),
        arguments: &[
            (5, Side::For, "Manj gesel pomeni manj pozabljenih gesel in manj klicev na pomoč."),
            (6, Side::Against, "En račun za vse je tudi ena tarča za napadalce; potrebna je dvostopenjska prijava."),
        ],
        votes: (11, 0),
    },
    DemoIdea {
        consultation: 0,
        category: Some(2),
        author: 7,
        title: "Delavnice digitalnih veščin za starejše v knjižnicah",
        body: "Mestna knjižnica Ljubljana ima prostore in zaupanje ljudi. Tedenske delavnice za starejše (e-uprava, spletno bančništvo, varno nakupovanje) bi zmanjšale digitalni razkorak.",
        status: Status::Open,
        note: None,
        arguments: &[
            (8, Side::For, "Knjižnice so v vsaki četrtni skupnosti in dostopne brez avtomobila."),
            (9, Side::For, "Prostovoljci iz srednjih šol bi lahko pomagali kot mentorji."),
            (10, Side::Against, "Brez stalnega financiranja bodo delavnice po enem letu usahnile."),
        ],
        votes: (8, 1),
    },
    DemoIdea {
        consultation: 2,
        category: Some(3),
        author: 1,
        title: "Prijava pokvarjene ulične svetilke s fotografijo",
        body: "Preprost obrazec na telefonu: fotografija, lokacija in kratek opis. Prijavitelj naj vidi, kdaj je okvara odpravljena.",
        status: Status::Open,
        note: None,
        arguments: &[(2, Side::For, "Vidna povratna informacija gradi zaupanje, da se prijave res obravnavajo.")],
        votes: (7, 0),
    },
    DemoIdea {
        consultation: 4,
        category: Some(1),
        author: 3,
        title: "Objava podatkov o javnih naročilih mesta",
        body: "Vsa javna naročila MOL za strojno in programsko opremo naj bodo objavljena v strojno berljivi obliki: kaj, od koga, za koliko.",
        status: Status::Open,
        note: None,
        arguments: &[
            (4, Side::For, "Preglednost zmanjša tveganje za korupcijo in omogoči primerjavo cen."),
            (11, Side::Against, "Del podatkov o varnostni opremi ne sme biti javen."),
        ],
        votes: (6, 2),
    },
    DemoIdea {
        consultation: 2,
        category: Some(0),
        author: 6,
        title: "Mestna aplikacija s prometnimi informacijami Prominfo",
        body: "Kar 63 % vprašanih v anketi ni poznalo spletnega mesta Prominfo. Prometne informacije v živo naj bodo del mestne aplikacije in vidne na postajališčih.",
        status: Status::Open,
        note: None,
        arguments: &[(0, Side::For, "Informacija, ki je ljudje ne najdejo, ne pomaga nikomur.")],
        votes: (5, 1),
    },
    DemoIdea {
        consultation: 0,
        category: Some(5),
        author: 9,
        title: "Brezplačen Wi-Fi na mestnih trgih",
        body: "Brezžično omrežje na Prešernovem, Kongresnem in Pogačarjevem trgu, brez zbiranja osebnih podatkov za prijavo.",
        status: Status::Rejected,
        note: Some("Mesto že zagotavlja omrežje WiFree Ljubljana; širitev na nove lokacije bo presojena posamično."),
        arguments: &[
            (10, Side::For, "Turisti in dijaki brez mobilnih podatkov bi lahko uporabljali mestne storitve."),
            (5, Side::Against, "Mobilni podatki so danes poceni; denar raje v digitalne veščine."),
        ],
        votes: (4, 5),
    },
    DemoIdea {
        consultation: 3,
        category: Some(4),
        author: 2,
        title: "Zasebnost kot privzeta nastavitev v mestnih aplikacijah",
        body: "86 % vprašanih skrbi zloraba osebnih podatkov, 82 % njihova uporaba za trženje. Mestne aplikacije naj zbirajo le nujne podatke, brez sledilnikov in oglasov.",
        status: Status::Open,
        note: None,
        arguments: &[
            (3, Side::For, "Zaupanje je pogoj, da ljudje digitalne storitve sploh uporabljajo."),
            (7, Side::For, "Manj zbranih podatkov pomeni manj škode ob morebitnem vdoru."),
        ],
        votes: (10, 0),
    },
    DemoIdea {
        consultation: 1,
        category: Some(2),
        author: 5,
        title: "Katalog digitalnih rešitev mesta, posodobljen vsako leto",
        body: "Javni katalog vseh digitalnih rešitev MOL in javnih zavodov, da zaposleni in prebivalci vedo, kaj že obstaja. Strategija predvideva posodobitev vsaj enkrat letno.",
        status: Status::InProgress,
        note: Some("Kazalnik v strategiji: katalog digitalnih rešitev posodobljen vsaj enkrat letno."),
        arguments: &[(6, Side::For, "Prepreči, da bi različni oddelki dvakrat kupili isto rešitev.")],
        votes: (3, 0),
    },
    DemoIdea {
        consultation: 1,
        category: Some(4),
        author: 8,
        title: "Načrt kibernetske varnosti z letnim poročilom",
        body: "Mestna uprava naj sprejme načrt kibernetske varnosti, vsako leto izvede načrtovane aktivnosti in o njih javno poroča.",
        status: Status::Open,
        note: None,
        arguments: &[],
        votes: (4, 0),
    },
    DemoIdea {
        consultation: 4,
        category: None,
        author: 11,
        title: "Co-working space for digital start-ups in the old Rog area",
        body: "Affordable desks and mentoring for young digital companies would keep talent in Ljubljana. The city could partner with the university.",
        status: Status::Open,
        note: None,
        arguments: &[(1, Side::Against, "The city should not compete with private co-working spaces.")],
        votes: (2, 2),
    },
    DemoIdea {
        consultation: 0,
        category: Some(3),
        author: 10,
        title: "Mesečna srečanja projektne skupine, odprta za javnost",
        body: "Projektna skupina, ki usklajuje digitalni razvoj, se sestaja mesečno. Povzetki srečanj naj bodo javni, enkrat na četrtletje pa srečanje odprto za prebivalce.",
        status: Status::Open,
        note: None,
        arguments: &[],
        votes: (1, 0),
    },
];

/// A text of the demo in its two languages.
fn both(sl: &str, en: &str) -> Localized {
    Localized::new(&[(Lang::Sl, sl), (Lang::En, en)])
}

/// Seeds the demo into an empty database in one transaction: all of it or nothing.
pub async fn seed_demo(db: &Db) -> DbResult<()> {
    let mut tx = db.begin().await?;
    seed(&mut tx).await?;
    // The seed dates its rows after writing them: the kept days are counted from the dates.
    db::activity::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

async fn seed(tx: &mut Tx<'_>) -> DbResult<()> {
    let community = db::consultations::create_community(
        tx,
        "digitalna-ljubljana",
        &both("Digitalna Ljubljana 2023–2027", "Digital Ljubljana 2023–2027"),
        &both(
            "Strategija digitalnega razvoja Mestne občine Ljubljana: digitalni razvoj po meri človeka, rešitve dostopne vsem, mestni podatki kot odprti podatki in digitalne storitve, povezane v Urbano digitalno platformo.",
            "Digital Development Strategy of the City of Ljubljana: human-centred digital development, solutions accessible to all, city data as open data, and digital services joined on an Urban Digital Platform.",
        ),
    )
    .await?;
    let mut consultations = Vec::new();
    // Open since the real consultation began; proposals for two months from the first start,
    // then a month of voting, so whoever tries the demo can take part in every phase.
    let now = db::now_ms();
    let schedule = Schedule {
        opens_at: CONSULTATION_OPENED,
        proposals_until: Some(now + 60 * DAY),
        voting_until: Some(now + 90 * DAY),
        archived: false,
        guests: false,
    };
    for (i, (sl, en, dsl, den)) in CONSULTATIONS.iter().enumerate() {
        let id = db::consultations::create_consultation(
            tx,
            community,
            i as i64,
            &both(sl, en),
            &both(dsl, den),
        )
        .await?;
        // The last goal's consultation shows taking part without an account.
        let guests = i + 1 == CONSULTATIONS.len();
        db::consultations::set_schedule(tx, id, Schedule { guests, ..schedule }).await?;
        let cover = app::site::demo::consultation_cover(i);
        let (w, h) = (i64::from(cover.width), i64::from(cover.height));
        let image = db::consultations::insert_image(tx, &cover.jpeg, w, h, None).await?;
        db::consultations::set_cover(tx, id, Some(image)).await?;
        if guests {
            let statistics = seed_questions(tx, id).await?;
            crate::demo_survey::seed_survey(tx, id, &statistics).await?;
        }
        consultations.push(id);
    }
    let mut categories = Vec::new();
    for names in CATEGORIES {
        categories.push(
            db::consultations::create_category(tx, community, &both(names.0, names.1)).await?,
        );
    }
    let mut users = Vec::new();
    for (i, name) in RESIDENTS.iter().enumerate() {
        // Demo residents cannot log in: they have no password.
        let email = format!("resident{i}@posvet.example");
        let user = NewUser {
            email: &email,
            display_name: name,
            password_hash: None,
        };
        let id = db::accounts::create_user(tx, user).await?;
        // The demo's residents are established: confirmed addresses (on example domains).
        db::accounts::confirm_email(tx, id, None, db::now_ms()).await?;
        users.push(id);
    }
    // One hash serves the three demo logins: they share the published password.
    let demo_hash = app::server::password::hash_password(DEMO_PASSWORD);
    let mut admin = 0;
    for (email, name, role) in [
        (DEMO_EMAIL, "Demo", None),
        (
            DEMO_MODERATOR_EMAIL,
            "Moderator (demo)",
            Some(Role::Moderator),
        ),
        (DEMO_ADMIN_EMAIL, "Skrbnik (demo)", Some(Role::Admin)),
    ] {
        let user = NewUser {
            email,
            display_name: name,
            password_hash: Some(&demo_hash),
        };
        let id = db::accounts::create_user(tx, user).await?;
        db::accounts::confirm_email(tx, id, None, db::now_ms()).await?;
        if let Some(role) = role {
            db::accounts::set_role(tx, community, id, role).await?;
        }
        if email == DEMO_ADMIN_EMAIL {
            admin = id;
        }
    }

    let mut ids = Vec::new();
    for idea in IDEAS {
        let id = db::ideas::create(
            tx,
            NewIdea {
                consultation_id: consultations[idea.consultation],
                author_id: users[idea.author],
                category_id: idea.category.map(|c| categories[c]),
                title: idea.title,
                body: idea.body,
                excerpt: &excerpt(&plain_text(idea.body), 180),
                awaiting_approval: false,
            },
        )
        .await?;
        ids.push(id);
        // Posted during the online consultation, a week apart; arguments follow within days.
        let posted = CONSULTATION_OPENED + (ids.len() as i64) * 7 * DAY;
        db::ideas::backdate(tx, id, posted).await?;
        if idea.status != Status::Open || idea.note.is_some() {
            db::ideas::set_status(tx, id, idea.status, idea.note.unwrap_or(""), None).await?;
        }
        for (n, (author, side, text)) in idea.arguments.iter().enumerate() {
            let arg = db::arguments::add(tx, id, users[*author], *side, text).await?;
            db::arguments::backdate(tx, arg, posted + (n as i64 + 1) * 9 * HOUR).await?;
            // A little helpfulness so the ordering of arguments shows.
            for voter in users.iter().take((arg as usize % 4) + 1) {
                db::votes::vote_argument(tx, arg, *voter, Some(Vote::Up)).await?;
            }
        }
        let (up, down) = idea.votes;
        for (i, voter) in users.iter().enumerate().take(up + down) {
            let vote = if i < up { Vote::Up } else { Vote::Down };
            db::votes::vote_idea(tx, id, *voter, Some(vote)).await?;
        }
    }
    let comment = db::comments::add(
        tx,
        ids[0],
        users[11],
        "Ali bi bili podatki na voljo tudi za medkrajevne avtobuse?",
        None,
    )
    .await?;
    db::comments::backdate(tx, comment, CONSULTATION_OPENED + 9 * DAY).await?;
    let reply = db::comments::add(
        tx,
        ids[0],
        users[4],
        "Tudi jaz bi jih potreboval: vsak dan se vozim iz Domžal.",
        Some((comment, 1)),
    )
    .await?;
    db::comments::backdate(tx, reply, CONSULTATION_OPENED + 10 * DAY).await?;
    seed_areas(tx, community, &ids).await?;
    seed_look(tx, admin).await?;
    seed_measures(tx, consultations[1], admin, &ids).await?;
    seed_statements(tx, community, schedule).await
}

/// Ljubljana's 17 districts (četrtne skupnosti) with APPROXIMATE shapes drawn by the project
/// (`scripts/districts.py`; the README says so), and a district for some of the demo's ideas.
async fn seed_areas(tx: &mut Tx<'_>, community: i64, ideas: &[i64]) -> DbResult<()> {
    let file = include_bytes!("../../app/data/ljubljana-districts.geojson");
    let (areas, projection) = app::places::service::draw(file)
        .map_err(|e| DbError::Other(sqlx::Error::Protocol(format!("{e:?}"))))?;
    let projection = serde_json::to_string(&projection).unwrap_or_default();
    db::areas::replace(tx, community, &areas, Some(&projection)).await?;
    let rows = db::areas::of_community(tx, community).await?;
    let id_of = |name: &str| rows.iter().find(|r| r.name == name).map(|r| r.id);
    // (idea, district, point): the buses' data is city-wide, the library workshops in Šiška's
    // library, the broken street lamp on a street in Bežigrad, the Wi-Fi on the squares in the
    // centre, the co-working space at Rog (Center).
    let places = [
        (2, "Šiška", Some([14.4890, 46.0700])),
        (3, "Bežigrad", Some([14.5150, 46.0760])),
        (6, "Center", Some([14.5060, 46.0510])),
        (10, "Center", Some([14.5130, 46.0540])),
        (1, "Moste", None),
        (4, "Vič", None),
        (7, "Rožnik", None),
    ];
    for (idea, district, point) in places {
        if let (Some(&idea), Some(area)) = (ideas.get(idea), id_of(district)) {
            db::ideas::set_place(tx, idea, Some(area), point).await?;
        }
    }
    Ok(())
}

/// A consultation of statements with the votes of a real Pol.is conversation, so that its
/// results page shows opinion groups formed by real people (its description says whose).
async fn seed_statements(tx: &mut Tx<'_>, community: i64, schedule: Schedule) -> DbResult<()> {
    let files = app::site::demo::bowling_green_2050();
    let conversation = app::statements::polis::parse(&files)
        .map_err(|e| DbError::Other(sqlx::Error::Protocol(e)))?;
    let done = app::statements::service::write_conversation(tx, community, &conversation, schedule)
        .await?;
    db::consultations::update_consultation(
        tx,
        done.consultation_id,
        CONSULTATIONS.len() as i64,
        &both(
            "Bowling Green 2050: resničen pogovor iz Pol.is",
            "Bowling Green 2050: a real Pol.is conversation",
        ),
        &both(BOWLING_GREEN_SL, BOWLING_GREEN_EN),
    )
    .await
}

const BOWLING_GREEN_SL: &str = "Kje se mnenja delijo in kje se ljudje strinjajo? Leta 2024 so prebivalci ameriškega mesta Bowling Green (Kentucky) v orodju Pol.is odgovarjali na izjave o tem, kakšno naj bo njihovo mesto leta 2050, in dodajali svoje. Posvet je ta pogovor uvozil z vsemi glasovi, zato rezultati kažejo mnenjske skupine, ki so jih oblikovali resnični ljudje. Izjave so v izvirni angleščini; odgovorite lahko tudi sami.

Podatki: Pol.is open data (compdemocracy/openData), [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). Izvirni pogovor: <https://pol.is/3nemnipcrc>";

const BOWLING_GREEN_EN: &str = "Where do opinions divide, and where do people agree? In 2024 residents of Bowling Green, Kentucky, answered statements on Pol.is about the city they want in 2050, and added their own. Posvet imported the conversation with all its votes, so its results show opinion groups formed by real people. The statements are in their original English; you can answer them too.

Data: Pol.is open data (compdemocracy/openData), [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). Original conversation: <https://pol.is/3nemnipcrc>";

/// The demo looks like Ljubljana's own site: its name, tagline, the city's green and a logo.
async fn seed_look(tx: &mut Tx<'_>, admin: i64) -> DbResult<()> {
    let tagline = both(
        "Digitalna Ljubljana: predlagajte, razpravljajte, glasujte",
        "Digital Ljubljana: propose, debate, vote",
    );
    db::site::save(tx, "Posvet Ljubljana", &tagline.to_json(), "#00703c").await?;
    let logo = app::site::demo::castle_logo();
    let (w, h) = (i64::from(logo.width), i64::from(logo.height));
    let image = db::consultations::insert_image(tx, &logo.jpeg, w, h, Some(admin)).await?;
    db::site::set_logo(tx, Some(image)).await?;
    Ok(())
}

/// A measure of the demo: its text, unit of the city, status, the demo ideas it came from,
/// and its indicators as (name, unit, baseline, target, due, readings as (date, value, note,
/// source)).
struct DemoMeasure {
    title: &'static str,
    body: &'static str,
    status: &'static str,
    starts_on: &'static str,
    ends_on: &'static str,
    sources: &'static [usize],
    indicators: &'static [DemoIndicator],
    update: Option<(&'static str, &'static str)>,
}

type DemoIndicator = (
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static [(&'static str, f64, &'static str, &'static str)],
);

const RESPONSIBLE: &str = "Služba za digitalizacijo, MOL";

/// The measures of goal 2 under "Razvoj službe za digitalizacijo" and their indicators are the
/// strategy's; dates, readings and updates are illustrative.
const MEASURES: &[DemoMeasure] = &[
    DemoMeasure {
        title: "Mesečni sestanki projektne skupine za digitalni razvoj",
        body: "Projektna skupina, ki usklajuje smernice digitalnega razvoja mesta, se sestaja **mesečno**.\n\nKazalnik v strategiji: sestanki izvedeni vsak mesec.",
        status: "in_progress",
        starts_on: "2024-01-01",
        ends_on: "2027-12-31",
        sources: &[11],
        indicators: &[(
            "Izvedeni mesečni sestanki (skupaj od 2024)",
            "sestankov",
            0.0,
            48.0,
            "2027-12-31",
            &[
                ("2024-12-31", 11.0, "Avgusta sestanka ni bilo.", "Zapisniki projektne skupine"),
                ("2025-12-31", 23.0, "", "Zapisniki projektne skupine"),
                ("2026-10-31", 33.0, "", "Zapisniki projektne skupine"),
            ],
        )],
        update: Some(("2026-11-03", "Projektna skupina se je sestala že 33-krat. Povzetki sestankov bodo od decembra objavljeni na spletni strani mesta, kot so predlagali prebivalci.")),
    },
    DemoMeasure {
        title: "Aktivnosti za prepoznavnost digitalnih rešitev",
        body: "Mesto predstavi svoje digitalne rešitve zaposlenim in prebivalcem, saj jih mnogi ne poznajo: **63 %** vprašanih ni poznalo spletnega mesta Prominfo.\n\nKazalnika v strategiji: katalog digitalnih rešitev posodobljen vsaj enkrat letno; poročilo o aktivnostih vsako sodo leto.",
        status: "in_progress",
        starts_on: "2024-01-01",
        ends_on: "2027-12-31",
        sources: &[8, 5],
        indicators: &[
            (
                "Letne posodobitve kataloga digitalnih rešitev",
                "posodobitev",
                0.0,
                4.0,
                "2027-12-31",
                &[
                    ("2024-06-30", 1.0, "Prva objava kataloga.", "Katalog digitalnih rešitev MOL"),
                    ("2025-06-30", 2.0, "", "Katalog digitalnih rešitev MOL"),
                ],
            ),
            (
                "Poročila o aktivnostih (vsako sodo leto)",
                "poročil",
                0.0,
                2.0,
                "2026-12-31",
                &[("2024-12-31", 1.0, "", "Poročilo mestnemu svetu")],
            ),
        ],
        update: Some(("2025-07-01", "Katalog digitalnih rešitev je posodobljen za leto 2025 in zdaj vključuje tudi rešitve javnih zavodov.")),
    },
    DemoMeasure {
        title: "Digitalna delovna okolja v mestni upravi",
        body: "Sodobna digitalna delovna okolja za zaposlene v mestni upravi in veliki družini MOL.\n\nKazalnik v strategiji: poročilo vsako sodo leto.",
        status: "planned",
        starts_on: "2025-01-01",
        ends_on: "2027-12-31",
        sources: &[],
        indicators: &[(
            "Poročila o digitalnih delovnih okoljih (vsako sodo leto)",
            "poročil",
            0.0,
            2.0,
            "2026-12-31",
            &[],
        )],
        update: None,
    },
    DemoMeasure {
        title: "Načrt kibernetske varnosti",
        body: "Mestna uprava pripravi načrt kibernetske varnosti, vsako leto izvede njegove aktivnosti in o njih poroča.\n\nKazalnik v strategiji: načrt izdelan, letne aktivnosti izvedene, poročilo.",
        status: "in_progress",
        starts_on: "2024-01-01",
        ends_on: "2027-12-31",
        sources: &[9, 7],
        indicators: &[
            (
                "Načrt kibernetske varnosti sprejet",
                "da = 1",
                0.0,
                1.0,
                "2024-12-31",
                &[("2024-09-30", 1.0, "", "Sklep župana")],
            ),
            (
                "Izvedene načrtovane letne aktivnosti",
                "%",
                0.0,
                100.0,
                "2027-12-31",
                &[
                    ("2025-06-30", 30.0, "", "Letno poročilo o varnosti"),
                    ("2025-12-31", 60.0, "", "Letno poročilo o varnosti"),
                ],
            ),
        ],
        update: Some(("2026-01-15", "Načrt kibernetske varnosti je sprejet, v letu 2025 je izvedenih 60 % načrtovanih aktivnosti, med njimi usposabljanje vseh zaposlenih.")),
    },
];

/// The unix milliseconds of noon on a "YYYY-MM-DD" day (demo dates).
fn noon(date: &str) -> i64 {
    let epoch = jiff::civil::date(1970, 1, 1);
    date.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| epoch.until(d).ok())
        .map(|span| span.get_days() as i64 * DAY + 12 * HOUR)
        .unwrap_or(CONSULTATION_OPENED)
}

/// A measure of the demo in `goal`, published by `admin` on the day the strategy went to the
/// City Council: (title, body, status, parent, planned start, planned end).
async fn create_measure(
    tx: &mut Tx<'_>,
    goal: i64,
    admin: i64,
    (title, body, status, parent, starts_on, ends_on): (&str, &str, &str, Option<i64>, &str, &str),
) -> DbResult<i64> {
    let id = db::ideas::create(
        tx,
        NewIdea {
            consultation_id: goal,
            author_id: admin,
            category_id: None,
            title,
            body,
            excerpt: &excerpt(&plain_text(body), 180),
            awaiting_approval: false,
        },
    )
    .await?;
    db::ideas::backdate(tx, id, noon("2023-05-30")).await?;
    db::measures::create(
        tx,
        db::measures::NewMeasure {
            idea_id: id,
            parent_id: parent,
            responsible: RESPONSIBLE,
            starts_on: Some(starts_on),
            ends_on: Some(ends_on),
            status,
            progress_set: None,
        },
    )
    .await?;
    Ok(id)
}

/// Goal 2's measures from the strategy, under one parent measure, with indicators, readings,
/// an update or two, and links to the demo ideas they answer.
async fn seed_measures(tx: &mut Tx<'_>, goal: i64, admin: i64, ideas: &[i64]) -> DbResult<()> {
    use db::measures::{self as m, IndicatorFields, ReadingFields};
    let parent = create_measure(
        tx,
        goal,
        admin,
        (
            "Razvoj službe za digitalizacijo",
            "Služba za digitalizacijo usklajuje digitalni razvoj mestne uprave in velike družine MOL. Njen napredek je povprečje napredka podukrepov.",
            "in_progress",
            None,
            "2024-01-01",
            "2027-12-31",
        ),
    )
    .await?;
    m::save_version(tx, parent, 1, Some(admin)).await?;
    m::backdate(tx, "measure_versions", parent, noon("2023-05-30")).await?;
    for measure in MEASURES {
        let fields = (
            measure.title,
            measure.body,
            measure.status,
            Some(parent),
            measure.starts_on,
            measure.ends_on,
        );
        let id = create_measure(tx, goal, admin, fields).await?;
        let sources: Vec<i64> = measure.sources.iter().map(|i| ideas[*i]).collect();
        m::set_sources(tx, id, &sources).await?;
        for (name, unit, baseline, target, due, readings) in measure.indicators {
            let fields = IndicatorFields {
                name,
                unit,
                baseline: *baseline,
                target: *target,
                due_on: Some(due),
            };
            let indicator = m::add_indicator(tx, id, fields).await?;
            for (date, value, note, source) in readings.iter() {
                let f = ReadingFields {
                    taken_on: date,
                    value: *value,
                    note,
                    source,
                };
                m::add_reading(tx, indicator, f, Some(admin)).await?;
            }
        }
        m::save_version(tx, id, 1, Some(admin)).await?;
        m::backdate(tx, "measure_versions", id, noon("2023-05-30")).await?;
        if let Some((date, text)) = measure.update {
            let update = m::add_update(tx, id, Some(admin), text).await?;
            m::backdate(tx, "measure_updates", update, noon(date)).await?;
        }
    }
    Ok(())
}
