//! The command line: `posvet` (or `posvet serve`) serves; `posvet generate` fills an empty
//! database for benchmarks; `posvet check-counters` checks counters; `posvet set-role` and
//! `posvet site-admin` give people their roles; `posvet backup` and `posvet restore` copy a
//! SQLite database out and back. Each has `--help`.

use crate::config::Config;
use crate::generate::{self, Scale};
use crate::session_store::DbSessionStore;
use app::authz::Role;
use app::ctx::Ctx;
use app::error::AppError;
use app::exports::Pieces;
use app::i18n::{t, Lang};
use app::server::db::Db;
use clap::{Args, Parser, Subcommand};
use std::time::Instant;

/// Posvet: participatory consultations. With no command, serves the site (settings come
/// from the environment: DATABASE_URL, LEPTOS_SITE_ADDR, POSVET_*; see README).
#[derive(Parser)]
#[command(name = "posvet", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve,
    /// Fill an EMPTY database (DATABASE_URL) with a large synthetic consultation for
    /// benchmarks; refuses a database that has any community in it.
    Generate(GenerateArgs),
    /// Compare every stored counter (votes, arguments, comments, ideas) with the rows it counts.
    CheckCounters,
    /// Give a person a role in a community: how a new installation gets its first
    /// administrators (the person must have registered first).
    SetRole(SetRoleArgs),
    /// Make a person a site administrator (runs every community), or no longer one.
    SiteAdmin(SiteAdminArgs),
    /// Write a community's (or one consultation's) results to a file, as the export form
    /// does: for scheduled open-data uploads. Runs as the operator.
    Export(ExportArgs),
    /// Write a survey's responses (one row each, random order, no identity) or its summary to
    /// a file, as the survey's export form does. Runs as the operator.
    ExportSurvey(ExportSurveyArgs),
    /// Add a large synthetic survey (every question kind, all responses submitted, results
    /// public) to the database's first consultation, for benchmarks (make bench).
    GenerateSurvey(GenerateSurveyArgs),
    /// Copy the SQLite database (DATABASE_URL) to a file while the site serves: a consistent
    /// snapshot; votes and posts go on meanwhile. For PostgreSQL use pg_dump.
    Backup(BackupArgs),
    /// Each participant's opinion group in a consultation (computed now from the votes), as
    /// CSV (`participant,group`; group empty when not counted) or JSON (also the groups, their
    /// representative ideas and the consensus on each idea). Or, with --synthetic, how long the
    /// computation takes on made-up votes (make bench).
    OpinionGroups(OpinionGroupsArgs),
    /// Import a Pol.is open-data export (a folder as in compdemocracy/openData: comments.csv,
    /// and votes.csv or participants-votes.csv; summary.csv for the topic) into a community
    /// as a new consultation of statements, open from now on. Prints `consultation N`.
    ImportPolis(ImportPolisArgs),
    /// Put a backup in place of the SQLite database (DATABASE_URL). Stop the server first;
    /// refuses to replace a database that has anything in it unless --force is given.
    Restore(RestoreArgs),
}

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    #[arg(long)]
    output: std::path::PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup to restore (a file written by `posvet backup`).
    #[arg(long)]
    input: std::path::PathBuf,
    /// Replace the database even though it is not empty (its content is lost).
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct ExportSurveyArgs {
    #[arg(long)]
    survey: i64,
    #[arg(long, value_parser = ["csv", "xlsx", "json", "summary"], default_value = "csv")]
    format: String,
    /// Include the text answers (recorded in the audit log).
    #[arg(long)]
    texts: bool,
    #[arg(long)]
    output: std::path::PathBuf,
}

#[derive(Args)]
pub struct GenerateSurveyArgs {
    #[arg(long, default_value_t = 100_000)]
    responses: i64,
    #[arg(long, default_value_t = 30)]
    questions: usize,
    #[arg(long, default_value_t = 2023)]
    seed: u64,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The community's short name, as in its address: /communities/<slug>.
    #[arg(long)]
    community: String,
    /// Only this consultation (its id, as in /consultations/<id>).
    #[arg(long)]
    consultation: Option<i64>,
    #[arg(long, value_parser = ["xlsx", "json", "csv-ideas", "csv-arguments", "csv-comments"])]
    format: String,
    /// Also content hidden by moderators (recorded in the audit log).
    #[arg(long)]
    include_hidden: bool,
    /// Where to write the file.
    #[arg(long)]
    output: std::path::PathBuf,
}

#[derive(Args)]
pub struct OpinionGroupsArgs {
    /// The consultation (its id, as in /consultations/<id>).
    #[arg(long, required_unless_present = "synthetic")]
    consultation: Option<i64>,
    #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
    format: String,
    /// Time the computation on made-up votes instead: PARTICIPANTSxIDEAS, e.g. 50000x1000.
    #[arg(long, conflicts_with = "consultation")]
    synthetic: Option<String>,
    /// With --synthetic: how many ideas each made-up participant votes on.
    #[arg(long, default_value_t = 60)]
    votes_each: usize,
}

#[derive(Args)]
pub struct ImportPolisArgs {
    /// The export's folder.
    dir: std::path::PathBuf,
    /// The community's short name, as in its address: /communities/<slug>.
    #[arg(long)]
    community: String,
}

#[derive(Args)]
pub struct SetRoleArgs {
    /// The person's e-mail address (as they registered).
    #[arg(long)]
    email: String,
    /// The community's short name, as in its address: /communities/<slug>.
    #[arg(long)]
    community: String,
    /// resident (takes a role away), moderator or admin.
    #[arg(long, value_parser = ["resident", "moderator", "admin"])]
    role: String,
}

#[derive(Args)]
pub struct SiteAdminArgs {
    /// The person's e-mail address (as they registered).
    #[arg(long)]
    email: String,
    /// Take the site administrator's rights away instead.
    #[arg(long)]
    revoke: bool,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// Size relative to the full benchmark (1 = 10,000 ideas, 1,000,000 votes).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    scale: f64,
    /// Seed of the random generator (the same seed gives the same data).
    #[arg(long, default_value_t = 2023)]
    seed: u64,
    /// How many signed-in session cookies to write for load clients.
    #[arg(long, default_value_t = 0, requires = "sessions_file")]
    sessions: i64,
    /// Where to write the session cookies, one per line.
    #[arg(long)]
    sessions_file: Option<String>,
}

fn parse_scale(v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(f) if f > 0.0 && f <= 10.0 => Ok(f),
        _ => Err("a number above 0 and at most 10".into()),
    }
}

pub async fn generate(args: GenerateArgs) -> i32 {
    let scale = Scale::times(args.scale);
    let seed = args.seed;
    let sessions_file = args.sessions_file;
    let sessions = args.sessions.min(scale.users);

    let (db, url) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let started = Instant::now();
    eprintln!("generating {scale:?} (seed {seed}) …");
    let made = match generate::generate(&db, scale, seed).await {
        Ok(made) => made,
        Err(e) => return fail(&e.to_string()),
    };
    println!(
        "generated {} users, {} consultations, {} ideas ({} of them measures), {} arguments, {} votes, {} reports in {:.1} s",
        made.users,
        made.consultations,
        made.ideas,
        made.measures,
        made.arguments,
        made.votes,
        made.reports,
        started.elapsed().as_secs_f64()
    );
    if let Some(path) = sessions_file {
        let store = match DbSessionStore::open(&url).await {
            Ok(store) => store,
            Err(e) => return fail(&format!("cannot open the session store: {e}")),
        };
        let mut cookies = String::new();
        for user in 1..=sessions {
            match store.create_signed_in(user).await {
                Ok(id) => cookies.push_str(&format!("{id}\n")),
                Err(e) => return fail(&format!("cannot create a session: {e}")),
            }
        }
        if let Err(e) = std::fs::write(&path, cookies) {
            return fail(&format!("cannot write {path}: {e}"));
        }
        println!("wrote {sessions} signed-in session cookies to {path}");
    }
    0
}

pub async fn check_counters() -> i32 {
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    match db.counter_mismatches().await {
        Ok(wrong) if wrong.is_empty() => {
            println!("every counter equals its rows");
            0
        }
        Ok(wrong) => {
            println!(
                "{} counters differ from their rows: {}",
                wrong.len(),
                wrong.join(", ")
            );
            1
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// The command line acts as the installation's operator, through the same services as the site.
pub async fn set_role(args: SetRoleArgs) -> i32 {
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let ctx = Ctx::operator(db, Lang::En);
    let role = Role::parse(&args.role);
    match app::accounts::service::set_role(&ctx, &args.community, &args.email, role).await {
        Ok(()) => {
            println!(
                "{} is now {} of {}",
                args.email,
                role.as_str(),
                args.community
            );
            0
        }
        Err(e) => refused(&e),
    }
}

pub async fn site_admin(args: SiteAdminArgs) -> i32 {
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let ctx = Ctx::operator(db, Lang::En);
    match app::accounts::service::set_site_admin(&ctx, &args.email, !args.revoke).await {
        Ok(()) => {
            let now = if args.revoke { "no longer" } else { "now" };
            println!("{} is {now} a site administrator", args.email);
            0
        }
        Err(e) => refused(&e),
    }
}

pub async fn export(args: ExportArgs) -> i32 {
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let started = Instant::now();
    let ctx = Ctx::operator(db, Lang::En);
    let Ok(format) = app::exports::rules::Format::parse(&args.format) else {
        return fail("unknown format");
    };
    let request = app::exports::service::ExportRequest {
        community_slug: &args.community,
        consultation: args.consultation,
        format,
        include_hidden: args.include_hidden,
        base_url: &Config::from_env().public_url(),
    };
    let mut file = match app::exports::service::export(&ctx, &request).await {
        Ok(file) => file,
        Err(AppError::NotFound) => return fail("no such community or consultation"),
        Err(e) => return refused(&e),
    };
    let path = args.output.display().to_string();
    let bytes = match write_pieces(&mut file, &args.output).await {
        Ok(bytes) => bytes,
        Err(code) => return code,
    };
    let ms = started.elapsed().as_millis();
    println!("wrote {bytes} bytes to {path} in {ms} ms");
    0
}

pub async fn backup(args: BackupArgs) -> i32 {
    let config = Config::from_env();
    if config.sqlite_file().is_none() {
        return fail("DATABASE_URL is PostgreSQL: back it up with pg_dump (see docs/operating.md)");
    }
    let path = args.output.display().to_string();
    if args.output.exists() {
        return fail(&format!("{path} exists already; choose a new file"));
    }
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let started = Instant::now();
    // Written under a temporary name and renamed when complete: a backup interrupted half
    // way never looks like a finished one.
    let partial = args.output.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    if let Err(e) = app::server::db::backup::snapshot_into(&db, &partial).await {
        let _ = std::fs::remove_file(&partial);
        return fail(&format!("cannot write {path}: {e}"));
    }
    if let Err(e) = std::fs::rename(&partial, &args.output) {
        return fail(&format!("cannot write {path}: {e}"));
    }
    let bytes = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    let ms = started.elapsed().as_millis();
    println!("wrote a backup of {bytes} bytes to {path} in {ms} ms");
    0
}

pub async fn restore(args: RestoreArgs) -> i32 {
    let config = Config::from_env();
    let Some(target) = config.sqlite_file() else {
        return fail("DATABASE_URL is PostgreSQL: restore it with pg_restore or psql (see docs/operating.md)");
    };
    let input = args.input.display().to_string();
    if !args.input.is_file() {
        return fail(&format!("{input} is not a file"));
    }
    match app::server::db::backup::check_copy(&args.input).await {
        Ok(c) if !c.sound => return fail(&format!("{input} is damaged (integrity check failed)")),
        Ok(c) if c.migrations == 0 => return fail(&format!("{input} is not a Posvet database")),
        Ok(_) => {}
        Err(e) => return fail(&format!("{input} is not a readable SQLite database: {e}")),
    }
    let occupied = std::fs::metadata(&target).is_ok_and(|m| m.len() > 0);
    if occupied && !args.force {
        return fail(&format!(
            "{} is not empty; stop the server and add --force to replace it (its content is lost)",
            target.display()
        ));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return fail(&format!("cannot create {}: {e}", dir.display()));
        }
    }
    // Copied beside the target, then renamed over it: the database is the old one or the
    // whole backup, never half of it. The old database's WAL and shared-memory files go too,
    // or SQLite would replay the old WAL into the restored file.
    let partial = target.with_extension("restoring");
    let copied = std::fs::copy(&args.input, &partial)
        .and_then(|_| std::fs::File::open(&partial)?.sync_all());
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return fail(&format!("cannot copy {input}: {e}"));
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = target.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    if let Err(e) = std::fs::rename(&partial, &target) {
        return fail(&format!("cannot replace {}: {e}", target.display()));
    }
    println!("restored {input} to {}", target.display());
    0
}

/// A refusal as a person reads it (the same text the site would show).
pub async fn generate_survey(args: GenerateSurveyArgs) -> i32 {
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let started = Instant::now();
    let made =
        crate::generate_survey::generate_survey(&db, args.responses, args.questions, args.seed)
            .await;
    match made {
        Ok(id) => {
            println!(
                "survey {id}: {} questions, {} responses in {:.1} s",
                args.questions,
                args.responses,
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => fail(&e.to_string()),
    }
}

pub async fn export_survey(args: ExportSurveyArgs) -> i32 {
    use app::surveys::export::{export, SurveyFormat};
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let started = Instant::now();
    let ctx = Ctx::operator(db, Lang::En);
    let Ok(format) = SurveyFormat::parse(&args.format) else {
        return fail("unknown format");
    };
    let mut file = match export(&ctx, args.survey, format, args.texts).await {
        Ok(file) => file,
        Err(AppError::NotFound) => return fail("no such survey"),
        Err(e) => return refused(&e),
    };
    let path = args.output.display().to_string();
    let bytes = match write_pieces(&mut file, &args.output).await {
        Ok(bytes) => bytes,
        Err(code) => return code,
    };
    println!(
        "wrote {path}: {bytes} bytes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    0
}

/// Writes an export to `output` a piece at a time; its size in bytes, or the exit code.
async fn write_pieces<P: Pieces>(file: &mut P, output: &std::path::Path) -> Result<usize, i32> {
    use std::io::Write;
    let path = output.display().to_string();
    let mut out = match std::fs::File::create(output) {
        Ok(out) => std::io::BufWriter::new(out),
        Err(e) => return Err(fail(&format!("cannot write {path}: {e}"))),
    };
    let mut bytes = 0;
    loop {
        match file.next_piece().await {
            Ok(Some(chunk)) => {
                bytes += chunk.len();
                if let Err(e) = out.write_all(&chunk) {
                    return Err(fail(&format!("cannot write {path}: {e}")));
                }
            }
            Ok(None) => break,
            Err(e) => return Err(refused(&e)),
        }
    }
    out.flush()
        .map_err(|e| fail(&format!("cannot write {path}: {e}")))?;
    Ok(bytes)
}

fn refused(e: &AppError) -> i32 {
    let details: Vec<&str> = e.form_errors().iter().map(|f| t(Lang::En, f.msg)).collect();
    fail(&details.join(" "))
}

async fn open() -> Result<(Db, String), i32> {
    let url = Config::from_env()
        .prepared_database_url()
        .map_err(|e| fail(&format!("cannot prepare the database folder: {e}")))?;
    let db = Db::connect(&url)
        .await
        .map_err(|e| fail(&format!("cannot open the database: {e}")))?;
    Ok((db, url))
}

fn fail(problem: &str) -> i32 {
    eprintln!("posvet: {problem}");
    1
}

/// `posvet import-polis`: see `Command::ImportPolis`.
pub async fn import_polis(args: ImportPolisArgs) -> i32 {
    let read = |file: &str| -> Result<Option<String>, String> {
        let path = args.dir.join(file);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    };
    let files = [
        "comments.csv",
        "votes.csv",
        "participants-votes.csv",
        "summary.csv",
    ]
    .map(read);
    let [comments, votes, table, summary] = match files {
        [Ok(a), Ok(b), Ok(c), Ok(d)] => [a, b, c, d],
        files => {
            let problem = files.into_iter().find_map(|f| f.err()).unwrap_or_default();
            return fail(&problem);
        }
    };
    let Some(comments) = comments else {
        return fail(&format!("{} has no comments.csv", args.dir.display()));
    };
    let conversation = match app::statements::polis::parse(&app::statements::polis::Files {
        comments: &comments,
        votes: votes.as_deref(),
        participants_votes: table.as_deref(),
        summary: summary.as_deref(),
    }) {
        Ok(c) => c,
        Err(reason) => return fail(&reason),
    };
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let ctx = Ctx::operator(db, Lang::En);
    match app::statements::service::import_polis(&ctx, &args.community, &conversation).await {
        Ok(done) => {
            eprintln!(
                "posvet: imported {} statements ({} hidden as rejected), {} participants, {} votes",
                done.statements, done.hidden, done.participants, done.votes
            );
            println!("consultation {}", done.consultation_id);
            0
        }
        Err(AppError::NotFound) => fail("no such community"),
        Err(e) => refused(&e),
    }
}

/// `posvet opinion-groups`: see `Command::OpinionGroups`.
pub async fn opinion_groups(args: OpinionGroupsArgs) -> i32 {
    if let Some(size) = &args.synthetic {
        return synthetic_groups(size, args.votes_each);
    }
    let (db, _) = match open().await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let id = args.consultation.unwrap_or_default();
    let found = match db.conn().await {
        Ok(mut c) => app::server::db::consultations::by_id(&mut c, id).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(Some(_)) => {}
        Ok(None) => return refused(&AppError::NotFound),
        Err(e) => return refused(&e.into()),
    }
    let (stored, members) = match app::opinions::service::assignments(&db, id).await {
        Ok(found) => found,
        Err(e) => return refused(&e),
    };
    // An imported participant is named by their id in the source (e.g. Pol.is's).
    let external = match db.conn().await {
        Ok(mut c) => app::server::db::statements::external_ids(&mut c, id).await,
        Err(e) => Err(e),
    };
    let external = match external {
        Ok(found) => found,
        Err(e) => return refused(&e.into()),
    };
    let name = |user: &i64| external.get(user).cloned().unwrap_or(user.to_string());
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    let written = if args.format == "csv" {
        let mut out = csv::Writer::from_writer(out);
        let mut ok = out.write_record(["participant", "group"]).is_ok();
        for (user, group) in &members {
            ok &= out
                .write_record([name(user).as_str(), group.as_deref().unwrap_or("")])
                .is_ok();
        }
        ok &= out.flush().is_ok();
        ok
    } else {
        let json = serde_json::json!({
            "consultation": id,
            "voters": stored.voters,
            "counted": stored.counted,
            "groups": stored.groups.iter().enumerate().map(|(g, (size, _))| serde_json::json!({
                "group": app::opinions::service::label(g),
                "size": size,
                "representative": app::opinions::tally::representative(&stored.tallies, g)
                    .iter()
                    .map(|r| serde_json::json!({
                        "idea": stored.ideas[r.idea],
                        "side": if r.side == app::opinions::tally::Side::Agree { "agree" } else { "disagree" },
                        "p": r.p,
                    }))
                    .collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "ideas": stored.ideas.iter().zip(&stored.tallies).map(|(idea, t)| serde_json::json!({
                "idea": idea,
                "consensus": app::opinions::tally::consensus(t),
                "groups": t,
            })).collect::<Vec<_>>(),
            "participants": members.iter().map(|(user, group)| serde_json::json!({
                "participant": name(user),
                "group": group,
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut out, &json).is_ok() && writeln!(out).is_ok()
    };
    if written {
        0
    } else {
        fail("could not write the output")
    }
}

fn synthetic_groups(size: &str, votes_each: usize) -> i32 {
    let Some((p, i)) = size
        .split_once('x')
        .and_then(|(p, i)| Some((p.parse::<usize>().ok()?, i.parse::<usize>().ok()?)))
    else {
        return fail("--synthetic takes PARTICIPANTSxIDEAS, e.g. 50000x1000");
    };
    let m = app::opinions::math::synthetic(p, i, votes_each, 2023);
    let votes: usize = m.rows.iter().map(Vec::len).sum();
    let started = std::time::Instant::now();
    let c = app::opinions::math::opinion_groups(&m);
    let took = started.elapsed();
    println!(
        "opinion groups of {p} participants x {i} ideas ({votes} votes): {} groups of {:?} in {} ms; peak memory {} MB",
        c.group_count(),
        c.sizes(),
        took.as_millis(),
        peak_mb()
    );
    0
}

/// The process's peak resident memory (Linux), in MB.
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
