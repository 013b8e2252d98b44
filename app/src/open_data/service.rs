//! The open-data API's reads. Public content needs no permission, but every read goes
//! through the data layer's public-only queries: a hidden idea is not found here, and
//! neither are its arguments and comments.

use super::rules::{page_of, timestamp, Paging};
use super::*;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db::{self, open_data as data};
use std::collections::HashMap;

/// A stored `Localized` JSON text as the API's language → text map.
fn texts(json: &str) -> Texts {
    // Unreadable text is no text rather than an error (as `Localized::from_json`).
    serde_json::from_str(json).unwrap_or_default()
}

fn community(row: data::CommunityRow, base: &str) -> Community {
    Community {
        url: format!("{base}/communities/{}", row.slug),
        slug: row.slug,
        name: texts(&row.name),
        description: texts(&row.description),
        consultation_count: row.consultations,
        created_at: timestamp(row.created_at),
    }
}

pub async fn communities(ctx: &Ctx, p: Paging, base: &str) -> Result<CommunityPage, AppError> {
    let mut c = ctx.db.conn().await?;
    let rows = data::communities(&mut c, p.after, p.limit + 1).await?;
    let (rows, next_cursor) = page_of(rows, p.limit, |r| r.id);
    Ok(CommunityPage {
        items: rows.into_iter().map(|r| community(r, base)).collect(),
        next_cursor,
    })
}

pub async fn community_detail(
    ctx: &Ctx,
    slug: &str,
    base: &str,
) -> Result<CommunityDetail, AppError> {
    let mut c = ctx.db.conn().await?;
    let row = data::community(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = data::consultations_of(&mut c, row.id).await?;
    let categories = categories(&mut c, row.id).await?;
    drop(c);
    let now = db::now_ms();
    let consultations = rows
        .into_iter()
        .map(|g| consultation(g, categories.clone(), now, base))
        .collect();
    let community = community(row, base);
    Ok(CommunityDetail {
        slug: community.slug,
        name: community.name,
        description: community.description,
        created_at: community.created_at,
        url: community.url,
        consultations,
    })
}

async fn categories(c: &mut db::Conn, community_id: i64) -> Result<Vec<Category>, AppError> {
    Ok(db::consultations::categories_in_order(c, community_id)
        .await?
        .into_iter()
        .map(|(id, name, _)| Category {
            id,
            name: texts(&name),
        })
        .collect())
}

fn consultation(
    g: data::ConsultationRow,
    categories: Vec<Category>,
    now: i64,
    base: &str,
) -> Consultation {
    let schedule = crate::consultations::rules::Schedule {
        opens_at: g.opens_at,
        proposals_until: g.proposals_until,
        voting_until: g.voting_until,
        archived: g.archived == 1,
        guests: false,
    };
    Consultation {
        id: g.id,
        community: g.community_slug,
        name: texts(&g.name),
        description: texts(&g.description),
        phase: schedule.phase_at(now).as_str().to_string(),
        opens_at: timestamp(g.opens_at),
        proposals_until: g.proposals_until.map(timestamp),
        voting_until: g.voting_until.map(timestamp),
        archived: g.archived == 1,
        format: g.format,
        idea_count: g.ideas,
        categories,
        created_at: timestamp(g.created_at),
        url: format!("{base}/consultations/{}", g.id),
    }
}

pub async fn consultation_detail(ctx: &Ctx, id: i64, base: &str) -> Result<Consultation, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = data::consultation(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = categories(&mut c, g.community_id).await?;
    Ok(consultation(g, categories, db::now_ms(), base))
}

/// Ideas with their status histories (one query for the page's histories).
async fn ideas_with_history(
    c: &mut db::Conn,
    rows: Vec<data::IdeaRow>,
    base: &str,
) -> Result<Vec<Idea>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let history = data::status_history(c, &ids).await?;
    let pictures = db::pictures::visible_of(c, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| Idea {
            status_history: history
                .iter()
                .filter(|h| h.0 == r.id)
                .map(|(_, status, message, at)| StatusChange {
                    status: status.clone(),
                    message: message.clone(),
                    at: timestamp(*at),
                })
                .collect(),
            url: format!("{base}/ideas/{}", r.id),
            pictures: pictures
                .iter()
                .filter(|p| p.0 == r.id)
                .map(|(_, id, alt)| super::Picture {
                    url: format!("{base}{}", crate::pictures::url(*id)),
                    thumbnail_url: format!("{base}{}", crate::pictures::thumb_url(*id)),
                    alt: alt.clone(),
                })
                .collect(),
            id: r.id,
            consultation_id: r.consultation_id,
            title: r.title,
            body: r.body,
            category_id: r.category_id,
            status: r.status,
            votes_for: r.votes_for,
            votes_against: r.votes_against,
            arguments_for: r.arguments_for,
            arguments_against: r.arguments_against,
            comments: r.comments,
            created_at: timestamp(r.created_at),
            edited_at: timestamp(r.edited_at),
        })
        .collect())
}

pub async fn ideas(
    ctx: &Ctx,
    consultation_id: i64,
    p: Paging,
    base: &str,
) -> Result<IdeaPage, AppError> {
    let mut c = ctx.db.conn().await?;
    data::consultation(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = data::ideas(&mut c, consultation_id, p.after, p.limit + 1).await?;
    let (rows, next_cursor) = page_of(rows, p.limit, |r| r.id);
    Ok(IdeaPage {
        items: ideas_with_history(&mut c, rows, base).await?,
        next_cursor,
    })
}

/// An idea, and when its text or status last changed (its counts change without that).
pub async fn idea(ctx: &Ctx, id: i64, base: &str) -> Result<(Idea, i64), AppError> {
    let mut c = ctx.db.conn().await?;
    let row = data::idea(&mut c, id).await?.ok_or(AppError::NotFound)?;
    let history = data::status_history(&mut c, &[id]).await?;
    let changed = history.iter().map(|h| h.3).fold(row.edited_at, i64::max);
    let mut ideas = ideas_with_history(&mut c, vec![row], base).await?;
    Ok((ideas.pop().ok_or(AppError::NotFound)?, changed))
}

pub async fn arguments(ctx: &Ctx, idea_id: i64, p: Paging) -> Result<ArgumentPage, AppError> {
    let mut c = ctx.db.conn().await?;
    data::idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = data::arguments(&mut c, idea_id, p.after, p.limit + 1).await?;
    let (rows, next_cursor) = page_of(rows, p.limit, |r| r.id);
    Ok(ArgumentPage {
        items: rows
            .into_iter()
            .map(|a| Argument {
                id: a.id,
                idea_id: a.idea_id,
                side: a.side,
                body: a.body,
                helpful: a.helpful,
                not_helpful: a.not_helpful,
                created_at: timestamp(a.created_at),
            })
            .collect(),
        next_cursor,
    })
}

pub async fn comments(ctx: &Ctx, idea_id: i64, p: Paging) -> Result<CommentPage, AppError> {
    let mut c = ctx.db.conn().await?;
    data::idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = data::comments(&mut c, idea_id, p.after, p.limit + 1).await?;
    let (rows, next_cursor) = page_of(rows, p.limit, |r| r.id);
    Ok(CommentPage {
        items: rows
            .into_iter()
            .map(|m| Comment {
                id: m.id,
                idea_id: m.idea_id,
                reply_to: m.parent_id,
                body: m.body,
                created_at: timestamp(m.created_at),
            })
            .collect(),
        next_cursor,
    })
}

/// How many progress updates the API gives per measure, newest first.
const UPDATES_PER_MEASURE: usize = 100;

/// The public measures of a community (`only` None) or one public measure.
async fn measures_of(
    ctx: &Ctx,
    community_id: i64,
    only: Option<i64>,
    base: &str,
) -> Result<Vec<Measure>, AppError> {
    use crate::server::db::measures as m;
    let mut c = ctx.db.conn().await?;
    let rows = m::of_community(&mut c, community_id).await?;
    let (progress, figures) = crate::measures::service::figures(&mut c, community_id).await?;
    let measure = only.unwrap_or(0);
    let indicators = m::indicators(&mut c, community_id, measure).await?;
    let readings = m::readings(&mut c, community_id, measure).await?;
    // One query per list, whatever the number of measures.
    let mut sources: HashMap<i64, Vec<i64>> = HashMap::new();
    for (measure, idea) in m::source_links(&mut c, community_id).await? {
        sources.entry(measure).or_default().push(idea);
    }
    let mut updates: HashMap<i64, Vec<ProgressUpdate>> = HashMap::new();
    for u in m::updates(&mut c, community_id, measure, i64::MAX).await? {
        let list = updates.entry(u.measure_id).or_default();
        // Newest first: a measure's latest hundred.
        if list.len() < UPDATES_PER_MEASURE {
            list.push(ProgressUpdate {
                id: u.id,
                body: u.body,
                at: timestamp(u.created_at),
            });
        }
    }
    drop(c);
    let mut out = Vec::new();
    for r in rows
        .into_iter()
        .filter(|r| r.hidden == 0 && only.is_none_or(|id| id == r.id))
    {
        out.push(Measure {
            id: r.id,
            consultation_id: r.consultation_id,
            parent_id: r.parent_id,
            title: r.title,
            body: r.body,
            responsible: r.responsible,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            status: r.status,
            progress_percent: progress.get(&r.id).copied().flatten(),
            votes_for: r.up_count,
            votes_against: r.down_count,
            source_ideas: sources.remove(&r.id).unwrap_or_default(),
            indicators: indicators
                .iter()
                .filter(|i| i.measure_id == r.id)
                .map(|i| Indicator {
                    id: i.id,
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    baseline: i.baseline,
                    target: i.target,
                    due_on: i.due_on.clone(),
                    progress_percent: figures.get(&i.id).and_then(|f| f.1),
                    readings: readings
                        .iter()
                        .filter(|x| x.indicator_id == i.id)
                        .map(|x| Reading {
                            taken_on: x.taken_on.clone(),
                            value: x.value,
                            note: x.note.clone(),
                            source: x.source.clone(),
                            corrected: x.version > 1,
                        })
                        .collect(),
                })
                .collect(),
            updates: updates.remove(&r.id).unwrap_or_default(),
            url: format!("{base}/ideas/{}", r.id),
        });
    }
    Ok(out)
}

pub async fn measures(ctx: &Ctx, slug: &str, base: &str) -> Result<MeasureList, AppError> {
    let mut c = ctx.db.conn().await?;
    let row = data::community(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(c);
    Ok(MeasureList {
        items: measures_of(ctx, row.id, None, base).await?,
    })
}

pub async fn measure(ctx: &Ctx, id: i64, base: &str) -> Result<Measure, AppError> {
    let mut c = ctx.db.conn().await?;
    let m = db::measures::by_id(&mut c, id)
        .await?
        .filter(|m| m.hidden == 0)
        .ok_or(AppError::NotFound)?;
    drop(c);
    measures_of(ctx, m.community_id, Some(id), base)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// A public consultation's opinion groups: sizes and per-group tallies only.
pub async fn opinion_groups(ctx: &Ctx, id: i64) -> Result<OpinionGroups, AppError> {
    use crate::opinions::service::{published, MIN_SEEN};
    let mut c = ctx.db.conn().await?;
    data::consultation(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(c);
    let mut out = OpinionGroups {
        consultation: id,
        computed_at: None,
        participants: 0,
        counted: 0,
        groups: Vec::new(),
        ideas: Vec::new(),
    };
    let Some((computed_at, s, visible)) = published(ctx, id).await? else {
        return Ok(out);
    };
    out.computed_at = Some(timestamp(computed_at));
    out.participants = s.voters as i64;
    out.counted = s.counted as i64;
    out.groups = s
        .groups
        .iter()
        .enumerate()
        .map(|(g, (size, _))| OpinionGroup {
            group: crate::opinions::service::label(g),
            size: *size as i64,
        })
        .collect();
    out.ideas = s
        .ideas
        .iter()
        .zip(&s.tallies)
        .filter(|(idea, _)| visible.contains_key(idea))
        .map(|(idea, t)| IdeaAcrossGroups {
            idea: *idea,
            consensus: crate::opinions::tally::consensus(t),
            groups: t
                .iter()
                .map(|t| {
                    (t.seen >= MIN_SEEN).then_some(GroupTally {
                        agree: t.agree as i64,
                        disagree: t.disagree as i64,
                        votes: t.seen as i64,
                    })
                })
                .collect(),
        })
        .collect();
    Ok(out)
}

/// A survey's public results (`NotFound` where they are not public: administrators read
/// theirs on the results page).
pub async fn survey_results(ctx: &Ctx, id: i64) -> Result<super::SurveyResults, AppError> {
    use super::{SurveyCount, SurveyQuestion, SurveyRank, SurveyRow};
    // Read as nobody in particular: what the public may see, whoever asks.
    let public = Ctx::anonymous(ctx.db.clone(), ctx.lang);
    let r = crate::surveys::service::results(&public, id, "").await?;
    let shown = r.respondents >= r.min_cell;
    Ok(super::SurveyResults {
        survey: id,
        consultation: r.head.consultation_id,
        title: r.head.title,
        respondents: r.respondents,
        questions: match shown {
            false => Vec::new(),
            true => r
                .questions
                .into_iter()
                .map(|q| SurveyQuestion {
                    question: q.id,
                    text: q.text,
                    kind: q.kind.as_str().to_string(),
                    answered: q.answered,
                    counts: q
                        .counts
                        .into_iter()
                        .map(|(answer, people)| SurveyCount { answer, people })
                        .collect(),
                    mean: q.summary.map(|s| s.mean),
                    median: q.summary.map(|s| s.median),
                    ranking: q
                        .ranking
                        .into_iter()
                        .map(|s| SurveyRank {
                            answer: s.label,
                            points: s.points,
                            mean_place: s.mean_place,
                        })
                        .collect(),
                    rows: q
                        .rows
                        .into_iter()
                        .map(|(statement, s)| SurveyRow {
                            statement,
                            people: s.n,
                            mean: s.mean,
                            median: s.median,
                        })
                        .collect(),
                    published_texts: q.texts.into_iter().map(|t| t.body).collect(),
                })
                .collect(),
        },
    })
}
