//! Opinion groups in the background and on the results page. The worker (`run_due`) computes
//! each consultation whose votes changed, at most every `MIN_AGE_MS`, one instance at a time
//! (a claim in the database), and stores the result; pages only read it. What is stored and
//! shown is about groups: their sizes, places and tallies. Nobody's group is stored: a signed-in
//! person's own group is found when they ask, from their votes (`my_group`).

use super::math::{distance, opinion_groups, place, VoteMatrix};
use super::tally::{self, Side, Tally};
use super::{GroupView, GroupsView, IdeaAcross, Representative};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::server::db::{self, Db};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Groups smaller than this are not shown: what two or three people think is theirs alone.
pub const MIN_GROUP: usize = 5;
/// A group's share on an idea is shown only when at least this many of it voted on the idea.
pub const MIN_SEEN: u32 = 5;
/// While votes keep coming, a consultation is recomputed at most this often.
pub const MIN_AGE_MS: i64 = 30_000;
/// How long a worker holds a consultation it computes (another takes over if it dies).
const LEASE_MS: i64 = 10 * 60_000;
/// How many ideas the lists of common ground and of divides show.
const SHOWN: usize = 5;

/// What is kept of a computation (as JSON in `opinion_groups.result`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    pub voters: usize,
    pub counted: usize,
    /// The ideas of the matrix's columns, and what places a voter among them.
    pub ideas: Vec<i64>,
    /// Hidden ideas that had votes (`math::VoteMatrix::zeroed`).
    pub zeroed: usize,
    pub means: Vec<f64>,
    pub components: [Vec<f64>; 2],
    /// Base clusters: their centre and group; a voter belongs with the nearest.
    pub base: Vec<([f64; 2], usize)>,
    /// Groups by size, largest first: members and centre.
    pub groups: Vec<(usize, [f64; 2])>,
    /// Per idea (as `ideas`), per group.
    pub tallies: Vec<Vec<Tally>>,
}

impl Stored {
    /// Whether the groups are shown: two or more, none smaller than `MIN_GROUP`.
    pub fn shown(&self) -> bool {
        self.groups.len() >= 2 && self.groups.iter().all(|g| g.0 >= MIN_GROUP)
    }

    /// Each idea's group-informed consensus (none before anyone is counted).
    pub fn consensus(&self) -> Vec<(i64, f64)> {
        match self.groups.is_empty() {
            true => Vec::new(),
            false => self
                .ideas
                .iter()
                .zip(&self.tallies)
                .map(|(id, t)| (*id, tally::consensus(t)))
                .collect(),
        }
    }
}

/// Computes a consultation's groups from its votes now.
pub async fn compute(db: &Db, consultation_id: i64) -> Result<Stored, AppError> {
    let (rows, zeroed) = votes(db, consultation_id).await?;
    tokio::task::spawn_blocking(move || from_votes(&rows, zeroed))
        .await
        .map_err(|_| AppError::Internal)
}

async fn votes(db: &Db, consultation_id: i64) -> Result<(Vec<(i64, i64, i64)>, usize), AppError> {
    let mut c = db.conn().await?;
    let rows = db::opinions::votes(&mut c, consultation_id).await?;
    let zeroed = db::opinions::hidden_with_votes(&mut c, consultation_id).await?;
    Ok((rows, zeroed as usize))
}

/// The computation from (person, idea, vote) rows, people and ideas in id order.
pub fn from_votes(rows: &[(i64, i64, i64)], zeroed: usize) -> Stored {
    with_members(rows, zeroed).0
}

/// Each person's group, as the operator's command writes it: (account, group label or `None`
/// when not counted). Computed afresh from the votes; never stored.
pub async fn assignments(
    db: &Db,
    consultation_id: i64,
) -> Result<(Stored, Vec<(i64, Option<String>)>), AppError> {
    let (rows, zeroed) = votes(db, consultation_id).await?;
    let (stored, members) = tokio::task::spawn_blocking(move || with_members(&rows, zeroed))
        .await
        .map_err(|_| AppError::Internal)?;
    let members = members
        .into_iter()
        .map(|(user, g)| (user, g.map(label)))
        .collect();
    Ok((stored, members))
}

fn with_members(rows: &[(i64, i64, i64)], zeroed: usize) -> (Stored, Vec<(i64, Option<usize>)>) {
    let mut ideas: Vec<i64> = rows.iter().map(|r| r.1).collect();
    ideas.sort_unstable();
    ideas.dedup();
    let mut people: Vec<i64> = rows.iter().map(|r| r.0).collect();
    people.sort_unstable();
    people.dedup();
    let mut matrix = VoteMatrix {
        ideas: ideas.len(),
        zeroed,
        rows: vec![Vec::new(); people.len()],
    };
    for &(person, idea, value) in rows {
        let (Ok(p), Ok(j)) = (people.binary_search(&person), ideas.binary_search(&idea)) else {
            continue;
        };
        matrix.rows[p].push((j as u32, value as f64));
    }
    for row in &mut matrix.rows {
        row.sort_unstable_by_key(|e| e.0);
    }
    let c = opinion_groups(&matrix);
    // Largest group first, so that "A" is the largest.
    let sizes = c.sizes();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&g| (std::cmp::Reverse(sizes[g]), g));
    let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(r, &g)| (g, r)).collect();
    let mut group_of_base = vec![usize::MAX; c.base.len()];
    for (g, bases) in c.groups.iter().enumerate() {
        for &b in bases {
            group_of_base[b] = rank[&g];
        }
    }
    let groups: Vec<(usize, [f64; 2])> = order
        .iter()
        .map(|&g| (sizes[g], c.group_centres[g]))
        .collect();
    let mut tallies = vec![vec![Tally::default(); groups.len()]; ideas.len()];
    for (p, row) in matrix.rows.iter().enumerate() {
        let Some(g) = c.group_of[p] else { continue };
        let g = rank[&g];
        for &(j, v) in row {
            let t = &mut tallies[j as usize][g];
            t.seen += 1;
            t.agree += (v > 0.0) as u32;
            t.disagree += (v < 0.0) as u32;
        }
    }
    let members = people
        .iter()
        .zip(&c.group_of)
        .map(|(&user, g)| (user, g.map(|g| rank[&g])))
        .collect();
    let stored = Stored {
        voters: people.len(),
        zeroed,
        counted: c.group_of.iter().flatten().count(),
        ideas,
        means: c.means,
        components: c.components,
        base: c
            .base
            .iter()
            .zip(group_of_base)
            .map(|(b, g)| (b.0, g))
            .collect(),
        groups,
        tallies,
    };
    (stored, members)
}

/// Computes every consultation whose votes changed and that no other worker holds; returns
/// how many it computed.
pub async fn run_due(db: &Db, worker: &str) -> Result<usize, AppError> {
    let due = db::opinions::due(&mut *db.conn().await?).await?;
    let mut done = 0;
    for (consultation_id, changed_at) in due {
        if !db::opinions::claim(db, consultation_id, worker, LEASE_MS, MIN_AGE_MS).await? {
            continue;
        }
        let started = std::time::Instant::now();
        let (rows, zeroed) = votes(db, consultation_id).await?;
        let (stored, members) = tokio::task::spawn_blocking(move || with_members(&rows, zeroed))
            .await
            .map_err(|_| AppError::Internal)?;
        let took = started.elapsed().as_millis() as i64;
        let ratings =
            db::opinions::argument_ratings(&mut *db.conn().await?, consultation_id).await?;
        let result = db::opinions::Computed {
            json: serde_json::to_string(&stored).map_err(|_| AppError::Internal)?,
            consensus: stored.consensus(),
            arguments: helpful_across(&stored, &members, &ratings),
        };
        db::opinions::save(db, consultation_id, changed_at, took, &result).await?;
        tracing::info!(
            consultation_id,
            voters = stored.voters,
            groups = stored.groups.len(),
            took_ms = took,
            "opinion groups computed"
        );
        done += 1;
    }
    Ok(done)
}

/// Arguments rated by the groups' members, where the groups are shown: (argument, the
/// group-informed consensus of its helpfulness ratings, more people marked it helpful than
/// not in every group). Ratings by people in no group do not count here.
pub fn helpful_across(
    s: &Stored,
    members: &[(i64, Option<usize>)],
    ratings: &[(i64, i64, i64)],
) -> Vec<(i64, f64, bool)> {
    if !s.shown() {
        return Vec::new();
    }
    let group: HashMap<i64, usize> = members
        .iter()
        .filter_map(|&(user, g)| Some((user, g?)))
        .collect();
    let mut per: std::collections::BTreeMap<i64, Vec<Tally>> = Default::default();
    for &(argument, user, value) in ratings {
        let Some(&g) = group.get(&user) else {
            continue;
        };
        let tallies = per
            .entry(argument)
            .or_insert_with(|| vec![Tally::default(); s.groups.len()]);
        let t = &mut tallies[g];
        t.seen += 1;
        t.agree += (value == 1) as u32;
        t.disagree += (value == -1) as u32;
    }
    per.into_iter()
        .map(|(argument, t)| {
            let everywhere = t.iter().all(|t| t.agree > t.disagree);
            (argument, tally::consensus(&t), everywhere)
        })
        .collect()
}

async fn stored(ctx: &Ctx, consultation_id: i64) -> Result<Option<(i64, Stored)>, AppError> {
    let found = db::opinions::stored(&mut *ctx.db.conn().await?, consultation_id).await?;
    Ok(found.and_then(|(at, json)| Some((at, serde_json::from_str(&json).ok()?))))
}

/// The stored groups where they are shown (see `Stored::shown`), when they were computed, and
/// the titles of the ideas still visible (an idea hidden since is left out): what the results
/// page, the open-data API and the exports publish.
pub async fn published(
    ctx: &Ctx,
    consultation_id: i64,
) -> Result<Option<(i64, Stored, HashMap<i64, String>)>, AppError> {
    let Some((computed_at, s)) = stored(ctx, consultation_id).await? else {
        return Ok(None);
    };
    if !s.shown() {
        return Ok(None);
    }
    let titles = db::opinions::visible_titles(&mut *ctx.db.conn().await?, consultation_id)
        .await?
        .into_iter()
        .collect();
    Ok(Some((computed_at, s, titles)))
}

/// The groups as the public results page shows them; `None` until there are two groups of
/// at least `MIN_GROUP` people.
pub async fn groups_view(ctx: &Ctx, consultation_id: i64) -> Result<Option<GroupsView>, AppError> {
    Ok(published(ctx, consultation_id)
        .await?
        .map(|(computed_at, s, titles)| view(&s, computed_at, &titles)))
}

fn view(s: &Stored, computed_at: i64, titles: &HashMap<i64, String>) -> GroupsView {
    let shown = |j: usize| titles.get(&s.ideas[j]).map(|t| (s.ideas[j], t.clone()));
    let across = |j: usize| -> Option<IdeaAcross> {
        let (idea_id, title) = shown(j)?;
        let t = &s.tallies[j];
        Some(IdeaAcross {
            idea_id,
            title,
            consensus: tally::consensus(t),
            agree: t
                .iter()
                .map(|t| (t.seen >= MIN_SEEN).then_some((t.agree, t.seen)))
                .collect(),
        })
    };
    let seen_by_all = |j: &usize| s.tallies[*j].iter().all(|t| t.seen >= MIN_SEEN);
    let mut common: Vec<usize> = (0..s.ideas.len())
        .filter(seen_by_all)
        .filter(|&j| tally::all_agree(&s.tallies[j]))
        .collect();
    common.sort_by(|&a, &b| {
        tally::consensus(&s.tallies[b]).total_cmp(&tally::consensus(&s.tallies[a]))
    });
    let mut divisive: Vec<usize> = (0..s.ideas.len()).filter(seen_by_all).collect();
    divisive
        .sort_by(|&a, &b| tally::divide(&s.tallies[b]).total_cmp(&tally::divide(&s.tallies[a])));
    let pick = |list: Vec<usize>| list.into_iter().filter_map(across).take(SHOWN).collect();
    // The map: group centres fitted into the middle of a 100 × 100 square, areas by size.
    let xs = s.groups.iter().map(|g| g.1[0]);
    let ys = s.groups.iter().map(|g| g.1[1]);
    let span = |v: Vec<f64>| {
        let (lo, hi) = v
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), &x| (l.min(x), h.max(x)));
        move |x: f64| {
            if hi > lo {
                25.0 + 50.0 * (x - lo) / (hi - lo)
            } else {
                50.0
            }
        }
    };
    let (fx, fy) = (span(xs.collect()), span(ys.collect()));
    let largest = s.groups.iter().map(|g| g.0).max().unwrap_or(1) as f64;
    GroupsView {
        statements: false,
        participants: s.counted,
        computed_at,
        groups: s
            .groups
            .iter()
            .enumerate()
            .map(|(g, &(size, centre))| GroupView {
                label: label(g),
                size,
                x: fx(centre[0]),
                y: fy(centre[1]),
                r: 22.0 * (size as f64 / largest).sqrt(),
                representative: tally::representative(&s.tallies, g)
                    .into_iter()
                    .filter(|r| s.tallies[r.idea][g].seen >= MIN_SEEN)
                    .filter_map(|r| {
                        let (idea_id, title) = shown(r.idea)?;
                        Some(Representative {
                            idea_id,
                            title,
                            agree: r.side == Side::Agree,
                            count: match r.side {
                                Side::Agree => s.tallies[r.idea][g].agree,
                                Side::Disagree => s.tallies[r.idea][g].disagree,
                            },
                            seen: r.seen,
                        })
                    })
                    .collect(),
            })
            .collect(),
        common: pick(common),
        divisive: pick(divisive),
    }
}

/// "A", "B", … "Z", then "AA".
pub fn label(g: usize) -> String {
    let letter = |i: usize| (b'A' + (i % 26) as u8) as char;
    match g {
        0..26 => letter(g).to_string(),
        _ => format!("{}{}", letter(g / 26 - 1), letter(g)),
    }
}

/// The group the signed-in person's votes are closest to (its label), for them alone; `None`
/// before they voted or before there are groups to show.
pub async fn my_group(ctx: &Ctx, consultation_id: i64) -> Result<Option<String>, AppError> {
    let Some(me) = ctx.actor.user_id else {
        return Ok(None);
    };
    ctx.authorize(Permission::ManageOwnAccount, Target::account(me))?;
    let Some((_, s)) = stored(ctx, consultation_id).await? else {
        return Ok(None);
    };
    if s.groups.len() < 2 || s.groups.iter().any(|g| g.0 < MIN_GROUP) {
        return Ok(None);
    }
    let mine = db::opinions::votes_of(&mut *ctx.db.conn().await?, consultation_id, me).await?;
    let row: Vec<(u32, f64)> = mine
        .iter()
        .filter_map(|&(idea, v)| Some((s.ideas.binary_search(&idea).ok()? as u32, v as f64)))
        .collect();
    if row.is_empty() {
        return Ok(None);
    }
    let at = place(&row, s.ideas.len(), s.zeroed, &s.means, &s.components);
    let nearest = s
        .base
        .iter()
        .min_by(|a, b| distance(a.0, at).total_cmp(&distance(b.0, at)));
    Ok(nearest.map(|b| label(b.1)))
}
