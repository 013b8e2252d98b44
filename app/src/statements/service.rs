//! Statements' use cases: the page, answering, adding one, importing a Pol.is conversation.

use super::{Deck, Statement, StatementsView};
use crate::authz::{Permission, Target};
use crate::consultations::rules::{Activity, Phase};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Localized;
use crate::moderation::rules::{ContentRef, Kind};
use crate::server::db::{self, Conn, ConsultationRow, DbResult, Tx};
use std::collections::HashMap;

/// The statements page: the reader's next statement and progress, and what they may do.
pub async fn statements_page(ctx: &Ctx, consultation_id: i64) -> Result<StatementsView, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = statements_consultation(&mut c, consultation_id).await?;
    let deck = deck(ctx, &mut c, consultation_id).await?;
    let taking = crate::participation::service::taking_part(ctx, &mut c, &g).await?;
    // A guest where full accounts only take part sees the page as a reader does.
    let signed_in = ctx.actor.user_id.is_some() && !taking.account_needed;
    drop(c);
    let phase = g.schedule().phase_at(db::now_ms());
    Ok(StatementsView {
        consultation: crate::consultations::ConsultationCard::from_row(ctx.lang, &g),
        community_slug: g.community_slug.clone(),
        community_name: Localized::pick(&g.community_name, ctx.lang),
        deck,
        can_answer: signed_in && matches!(phase, Phase::Proposals | Phase::Voting),
        can_add: signed_in && phase == Phase::Proposals,
        premoderation: g.premoderation == 1,
        signed_in,
        taking,
        flash: None,
    })
}

/// Answers `statement_id` (`agree`, `disagree` or `pass`); returns the deck as it is after.
pub async fn answer(
    ctx: &Ctx,
    consultation_id: i64,
    statement_id: i64,
    answer: &str,
) -> Result<Deck, AppError> {
    let answer = crate::votes::rules::parse_answer(answer)?;
    if !db::statements::is_statement_of(&mut *ctx.db.conn().await?, consultation_id, statement_id)
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::votes::service::answer_statement(ctx, statement_id, answer).await?;
    deck(ctx, &mut *ctx.db.conn().await?, consultation_id).await
}

/// Adds a statement; returns its id and whether it waits for a moderator.
pub async fn add_statement(
    ctx: &Ctx,
    consultation_id: i64,
    typed: &str,
) -> Result<(i64, bool), AppError> {
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let author_id = ctx.authorize(Permission::PostIdea, Target::community(g.community_id))?;
    if g.format != "statements" {
        return Err(AppError::NotFound);
    }
    ctx.require_open(&g.schedule(), Activity::Propose)?;
    let text = super::rules::validate_statement("text", typed)?;
    let awaiting_approval = g.premoderation == 1;
    let mut tx = db::begin(&mut c).await?;
    let new = db::ideas::NewIdea {
        consultation_id,
        author_id,
        category_id: None,
        title: &text,
        body: "",
        excerpt: "",
        awaiting_approval,
    };
    let id = crate::ideas::service::insert(&mut tx, g.community_id, new).await?;
    tx.commit().await?;
    Ok((id, awaiting_approval))
}

/// A consultation of statements; `NotFound` for any other.
async fn statements_consultation(
    c: &mut Conn,
    consultation_id: i64,
) -> Result<ConsultationRow, AppError> {
    db::consultations::by_id(c, consultation_id)
        .await?
        .filter(|g| g.format == "statements")
        .ok_or(AppError::NotFound)
}

async fn deck(ctx: &Ctx, c: &mut Conn, consultation_id: i64) -> Result<Deck, AppError> {
    let me = ctx.viewer_id();
    let (answered, total) = db::statements::progress(c, consultation_id, me).await?;
    let multiplier = crate::ideas::rules::random_multiplier(me);
    let next = db::statements::next_for(c, consultation_id, me, multiplier)
        .await?
        .map(|(id, text)| Statement { id, text });
    Ok(Deck {
        consultation_id,
        next,
        answered,
        total,
    })
}

/// What an import made.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub consultation_id: i64,
    pub statements: usize,
    /// Of the statements, how many were rejected in the source (imported hidden).
    pub hidden: usize,
    pub participants: usize,
    pub votes: usize,
}

/// Imports a Pol.is conversation into a community as a new consultation of statements, open
/// from now on (its administrators set the phases); the operator's command.
pub async fn import_polis(
    ctx: &Ctx,
    community_slug: &str,
    conversation: &super::polis::Conversation,
) -> Result<Imported, AppError> {
    let mut c = ctx.db.conn().await?;
    let community = db::consultations::community_by_slug(&mut c, community_slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(community.id),
    )?;
    let schedule = crate::consultations::rules::Schedule {
        opens_at: db::now_ms(),
        proposals_until: None,
        voting_until: None,
        archived: false,
        guests: false,
    };
    let mut tx = db::begin(&mut c).await?;
    let imported = write_conversation(&mut tx, community.id, conversation, schedule).await?;
    // The kept days are counted anew from the rows' dates (which are the source's).
    db::activity::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(imported)
}

/// Writes a conversation as a consultation of statements in the caller's transaction (the
/// import, and the demo's seed): statements by their authors with their dates, rejected ones
/// hidden, one pseudonymous account per participant, the votes. The caller rebuilds the kept
/// days.
pub async fn write_conversation(
    tx: &mut Tx<'_>,
    community_id: i64,
    conversation: &super::polis::Conversation,
    schedule: crate::consultations::rules::Schedule,
) -> DbResult<Imported> {
    use crate::i18n::Lang;
    use crate::moderation::rules::Reason;
    let topic = match conversation.topic.trim() {
        "" => "Pol.is",
        topic => topic,
    };
    let mut description = conversation.description.trim().to_string();
    if !conversation.url.is_empty() {
        description.push_str(&format!("\n\nPol.is: <{}>", conversation.url));
    }
    let name = Localized::new(&[(Lang::Sl, topic), (Lang::En, topic)]);
    let description = Localized::new(&[(Lang::Sl, &description), (Lang::En, &description)]);
    let consultation_id =
        db::consultations::create_consultation(tx, community_id, 0, &name, &description).await?;
    db::consultations::set_schedule(tx, consultation_id, schedule).await?;
    db::consultations::set_format(tx, consultation_id, true).await?;

    let mut people: HashMap<String, i64> = HashMap::new();
    let mut statements: HashMap<i64, i64> = HashMap::new();
    let mut hidden = 0;
    for comment in &conversation.comments {
        let text: String = comment.text.chars().take(400).collect();
        if text.is_empty() {
            continue;
        }
        let author = participant(tx, consultation_id, &mut people, &comment.author).await?;
        let id = db::ideas::create(
            tx,
            db::ideas::NewIdea {
                consultation_id,
                author_id: author,
                category_id: None,
                title: &text,
                body: "",
                excerpt: "",
                awaiting_approval: false,
            },
        )
        .await?;
        db::ideas::backdate(tx, id, comment.at).await?;
        if comment.rejected {
            let r = ContentRef::new(Kind::Idea, id);
            db::moderation::hide(tx, r, Reason::Other, None).await?;
            hidden += 1;
        }
        statements.insert(comment.id, id);
    }
    let mut votes = Vec::with_capacity(conversation.votes.len());
    for v in &conversation.votes {
        let Some(&idea) = statements.get(&v.comment) else {
            continue;
        };
        let voter = participant(tx, consultation_id, &mut people, &v.voter).await?;
        votes.push((idea, voter, v.value, v.at));
    }
    db::statements::import_votes(tx, &votes).await?;
    db::statements::recount(tx, consultation_id).await?;
    Ok(Imported {
        consultation_id,
        statements: statements.len(),
        hidden,
        participants: people.len(),
        votes: votes.len(),
    })
}

/// The account of a conversation's participant, made on first meeting them.
async fn participant(
    tx: &mut Tx<'_>,
    consultation_id: i64,
    people: &mut HashMap<String, i64>,
    pid: &str,
) -> DbResult<i64> {
    if let Some(&id) = people.get(pid) {
        return Ok(id);
    }
    let name: String = format!("Pol.is {pid}").chars().take(40).collect();
    let n = people.len();
    let id = db::statements::import_participant(tx, consultation_id, n, &name, pid).await?;
    people.insert(pid.to_string(), id);
    Ok(id)
}
