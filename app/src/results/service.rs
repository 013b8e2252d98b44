//! Reading results: a consultation's public figures (anyone), and a community's dashboard
//! (its administrators). Read-only: no transaction, a connection for the few queries.

use super::rules::{fill_days, median};
use super::{DashboardView, DayActivity, DayCount, DayVotes, RankedIdea, ResultsView};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{t, Localized, Msg};
use crate::ideas::rules::Status;
use crate::server::db::{self, results::ActivityDay};
use crate::time::{day_number, day_start, site_offsets};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How many ideas the ranking shows.
pub const RANKED: i64 = 20;

const DAY_MS: i64 = 86_400_000;

/// How long computed figures are shown before they are computed again. Computing them reads
/// the kept days and counts a consultation's ideas and arguments (50-200 ms at a million
/// votes): each process does it at most once a minute per page, and readers who ask meanwhile
/// wait for that one computation.
const FRESH_FOR: Duration = Duration::from_secs(60);

type Slot<T> = Arc<tokio::sync::Mutex<Option<(Instant, T)>>>;

/// At most this many pages' figures are kept per process (a few hundred bytes to a few KB
/// each). The key comes from the address a visitor asks for, so without a bound anyone could
/// fill memory by asking for made-up consultations.
const MAX_SLOTS: usize = 1_000;

/// Figures computed lately, one slot per page (database, page, language). A slot is kept only
/// for figures that were computed: asking for a consultation that does not exist leaves
/// nothing behind. Surveys' results are kept the same way.
pub(crate) struct Recent<T> {
    slots: LazyLock<Mutex<HashMap<String, Slot<T>>>>,
}

impl<T: Clone> Recent<T> {
    pub(crate) const fn new() -> Self {
        Recent {
            slots: LazyLock::new(Mutex::default),
        }
    }

    pub(crate) async fn get<F>(&self, key: String, compute: F) -> Result<T, AppError>
    where
        F: std::future::Future<Output = Result<T, AppError>>,
    {
        let Some(slot) = self.slot(&key) else {
            return compute.await;
        };
        let mut kept = slot.lock().await;
        if let Some((at, view)) = kept.as_ref() {
            if at.elapsed() < FRESH_FOR {
                return Ok(view.clone());
            }
        }
        match compute.await {
            Ok(view) => {
                *kept = Some((Instant::now(), view.clone()));
                Ok(view)
            }
            Err(e) => {
                // Nothing to keep (not found, database down): the slot goes unless it still
                // holds earlier figures.
                if kept.is_none() {
                    drop(kept);
                    self.forget_empty(&key, &slot);
                }
                Err(e)
            }
        }
    }

    /// The slot of `key`, made if there is room; `None` when the table is full of fresh
    /// figures (then the caller computes without keeping).
    fn slot(&self, key: &str) -> Option<Slot<T>> {
        let mut slots = self.slots.lock().ok()?;
        if let Some(slot) = slots.get(key) {
            return Some(slot.clone());
        }
        if slots.len() >= MAX_SLOTS {
            // Drop what is stale or empty and not being computed right now.
            slots.retain(|_, slot| match slot.try_lock() {
                Ok(kept) => kept
                    .as_ref()
                    .is_some_and(|(at, _)| at.elapsed() < FRESH_FOR),
                Err(_) => true,
            });
            if slots.len() >= MAX_SLOTS {
                return None;
            }
        }
        let slot = Slot::<T>::default();
        slots.insert(key.to_string(), slot.clone());
        Some(slot)
    }

    /// Forgets every page whose key starts with `prefix`: what it showed changed.
    pub(crate) fn forget(&self, prefix: &str) {
        if let Ok(mut slots) = self.slots.lock() {
            slots.retain(|key, _| !key.starts_with(prefix));
        }
    }

    /// Removes `key`'s slot if it is still `slot` and holds nothing.
    fn forget_empty(&self, key: &str, slot: &Slot<T>) {
        if let Ok(mut slots) = self.slots.lock() {
            let empty = slots.get(key).is_some_and(|s| {
                Arc::ptr_eq(s, slot) && s.try_lock().is_ok_and(|kept| kept.is_none())
            });
            if empty {
                slots.remove(key);
            }
        }
    }

    /// How many slots are kept (for tests).
    fn len(&self) -> usize {
        self.slots.lock().map_or(0, |s| s.len())
    }
}

/// How many pages' figures this process keeps (results and dashboards), for tests.
pub fn kept_figures() -> usize {
    RESULTS.len() + DASHBOARDS.len()
}

static RESULTS: Recent<ResultsView> = Recent::new();
static DASHBOARDS: Recent<DashboardView> = Recent::new();

/// A consultation's results: public content only, for everyone; at most a minute old.
pub async fn consultation_results(ctx: &Ctx, id: i64) -> Result<ResultsView, AppError> {
    let key = format!("{}/{id}/{}", ctx.db.instance, ctx.lang.code());
    RESULTS.get(key, compute_results(ctx, id)).await
}

/// The results page: the shared figures, and for a signed-in reader the group their own votes
/// are closest to (never kept with the shared figures).
pub async fn results_page(ctx: &Ctx, id: i64) -> Result<ResultsView, AppError> {
    let mut view = consultation_results(ctx, id).await?;
    if view.groups.is_some() {
        view.my_group = crate::opinions::service::my_group(ctx, id).await?;
    }
    Ok(view)
}

async fn compute_results(ctx: &Ctx, id: i64) -> Result<ResultsView, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = db::now_ms();
    let totals = db::results::totals(&mut c, id).await?;
    let ranking = db::results::ranking(&mut c, id, RANKED).await?;
    // The kept days count hidden content too: the votes on hidden ideas are taken out. People
    // count on the days they took part, whatever became of what they wrote.
    let kept = db::results::consultation_days(&mut c, id).await?;
    let participants = kept.iter().map(|d| d.newcomers).sum();
    let (mut votes_per_day, mut participants_per_day) = (Vec::new(), Vec::new());
    if let Some(first) = kept.first().map(|d| d.day) {
        let offsets = site_offsets(day_start(first), now + DAY_MS);
        let hidden = db::results::hidden_votes_per_day(&mut c, id, &offsets).await?;
        let votes: Vec<DayVotes> = kept
            .iter()
            .map(|d| {
                let (up, down) = hidden
                    .iter()
                    .find(|h| h.0 == d.day)
                    .map_or((0, 0), |h| (h.1, h.2));
                DayVotes {
                    day: d.day,
                    up: d.votes_for - up,
                    down: d.votes_against - down,
                }
            })
            .collect();
        let to = day_number(now).max(first);
        votes_per_day = fill_days(
            first,
            to,
            &votes,
            |v| v.day,
            |day| DayVotes {
                day,
                ..Default::default()
            },
        );
        let people: Vec<DayCount> = kept
            .iter()
            .map(|d| DayCount {
                day: d.day,
                n: d.participants,
            })
            .collect();
        participants_per_day =
            fill_days(first, to, &people, |p| p.day, |day| DayCount { day, n: 0 });
    }
    let per_group = db::results::ideas_per_category_and_status(&mut c, id).await?;
    let names = db::consultations::categories_in_order(&mut c, g.community_id).await?;
    let areas = match g.format == "statements" {
        true => None,
        false => crate::places::service::results(ctx, &mut c, g.community_id, id).await?,
    };
    drop(c);

    let count_of = |cat: Option<i64>| -> i64 {
        per_group
            .iter()
            .filter(|(k, _, _)| *k == cat)
            .map(|(_, _, n)| n)
            .sum()
    };
    let mut categories: Vec<(String, i64)> = names
        .iter()
        .map(|(cid, name, _)| (Localized::pick(name, ctx.lang), count_of(Some(*cid))))
        .collect();
    categories.push((t(ctx.lang, Msg::NoCategory).to_string(), count_of(None)));
    categories.retain(|(_, n)| *n > 0);
    let statuses = Status::ALL
        .into_iter()
        .map(|s| {
            let n = per_group
                .iter()
                .filter(|(_, k, _)| Status::parse(k) == s)
                .map(|(_, _, n)| n)
                .sum();
            (s, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let groups = crate::opinions::service::groups_view(ctx, id)
        .await?
        .map(|v| crate::opinions::GroupsView {
            statements: g.format == "statements",
            ..v
        });
    Ok(ResultsView {
        consultation_id: id,
        consultation_name: Localized::pick(&g.name, ctx.lang),
        community_slug: g.community_slug.clone(),
        community_name: Localized::pick(&g.community_name, ctx.lang),
        participants,
        ideas: totals.ideas,
        votes_for: totals.votes_for,
        votes_against: totals.votes_against,
        arguments_for: totals.arguments_for,
        arguments_against: totals.arguments_against,
        comments: totals.comments,
        ranking: ranking
            .into_iter()
            .map(|r| RankedIdea {
                id: r.id,
                title: r.title,
                status: Status::parse(&r.status),
                up: r.up_count,
                down: r.down_count,
            })
            .collect(),
        areas,
        votes_per_day,
        participants_per_day,
        categories,
        statuses,
        groups,
        my_group: None,
    })
}

/// A community's dashboard over its last `days` days (today included): its administrators
/// only (asked every time; the figures may be a minute old). Counts everything, hidden
/// content included: it measures the work, not the result.
pub async fn dashboard(ctx: &Ctx, slug: &str, days: i64) -> Result<DashboardView, AppError> {
    let mut c = ctx.db.conn().await?;
    let community = db::consultations::community_by_slug(&mut c, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::ViewDashboard, Target::community(community.id))?;
    drop(c);
    let key = format!("{}/{slug}/{days}/{}", ctx.db.instance, ctx.lang.code());
    DASHBOARDS
        .get(key, compute_dashboard(ctx, community, days))
        .await
}

async fn compute_dashboard(
    ctx: &Ctx,
    community: db::consultations::CommunityRow,
    days: i64,
) -> Result<DashboardView, AppError> {
    let mut c = ctx.db.conn().await?;
    let to = day_number(db::now_ms());
    let from = to - days + 1;
    let since = day_start(from);
    let kept = db::results::community_days(&mut c, community.id, from, to).await?;
    // People counted once however many days they came: those whose latest part is recent.
    let participants = db::activity::participants_since(&mut c, community.id, from).await?;
    let participants_ever = db::results::community_participants_ever(&mut c, community.id).await?;
    let (reports_opened, decided) = db::results::reports_since(&mut c, community.id, since).await?;
    let queue = db::results::queue_length(&mut c, community.id).await?;
    drop(c);

    let activity: Vec<DayActivity> = (from..=to)
        .map(|day| {
            let d = kept
                .iter()
                .find(|d| d.day == day)
                .copied()
                .unwrap_or(ActivityDay {
                    day,
                    ..Default::default()
                });
            DayActivity {
                day,
                ideas: d.ideas,
                arguments: d.arguments,
                votes: d.votes,
                participants: d.participants,
            }
        })
        .collect();
    let decided: Vec<i64> = decided.iter().map(|(at, closed)| closed - at).collect();
    Ok(DashboardView {
        community_slug: community.slug.clone(),
        community_name: Localized::pick(&community.name, ctx.lang),
        days,
        participants,
        participants_ever,
        activity,
        reports_opened,
        reports_closed: decided.len() as i64,
        queue,
        median_decision_ms: median(decided),
    })
}
