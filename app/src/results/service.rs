//! Reading results: a consultation's public figures (anyone), and a community's dashboard
//! (its administrators). Read-only: no transaction, a connection for the few queries.

use super::rules::{fill_days, median};
use super::{DashboardView, DayActivity, DayCount, DayVotes, RankedIdea, ResultsView};
use crate::authz::{Permission, Target};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{t, Localized, Msg};
use crate::ideas::rules::Status;
use crate::server::db::{self, results::ActivityDay, results::Created, results::Scope};
use crate::time::{day_number, day_start, site_offsets};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How many ideas the ranking shows.
pub const RANKED: i64 = 20;

const DAY_MS: i64 = 86_400_000;

/// How long computed figures are shown before they are computed again. Computing them reads
/// every vote of a consultation (seconds for a million votes): each process does it at most
/// once a minute per page, and readers who ask meanwhile wait for that one computation.
const FRESH_FOR: Duration = Duration::from_secs(60);

type Slot<T> = Arc<tokio::sync::Mutex<Option<(Instant, T)>>>;

/// At most this many pages' figures are kept per process (a few hundred bytes to a few KB
/// each). The key comes from the address a visitor asks for, so without a bound anyone could
/// fill memory by asking for made-up consultations.
const MAX_SLOTS: usize = 1_000;

/// Figures computed lately, one slot per page (database, page, language). A slot is kept only
/// for figures that were computed: asking for a consultation that does not exist leaves
/// nothing behind.
struct Recent<T> {
    slots: LazyLock<Mutex<HashMap<String, Slot<T>>>>,
}

impl<T: Clone> Recent<T> {
    const fn new() -> Self {
        Recent {
            slots: LazyLock::new(Mutex::default),
        }
    }

    async fn get<F>(&self, key: String, compute: F) -> Result<T, AppError>
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

async fn compute_results(ctx: &Ctx, id: i64) -> Result<ResultsView, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = Scope::PublicConsultation(id);
    let now = db::now_ms();
    let totals = db::results::totals(&mut c, scope).await?;
    let participants = db::results::participants(&mut c, scope, 0).await?;
    let ranking = db::results::ranking(&mut c, id, RANKED).await?;
    let (mut votes_per_day, mut participants_per_day) = (Vec::new(), Vec::new());
    if let Some(first) = db::results::first_activity(&mut c, scope).await? {
        let offsets = site_offsets(first, now + DAY_MS);
        let (from, to) = (day_number(first), day_number(now));
        let votes: Vec<DayVotes> = db::results::votes_per_day(&mut c, scope, first, &offsets)
            .await?
            .into_iter()
            .map(|(day, up, down)| DayVotes { day, up, down })
            .collect();
        votes_per_day = fill_days(
            from,
            to,
            &votes,
            |v| v.day,
            |day| DayVotes {
                day,
                ..Default::default()
            },
        );
        let people: Vec<DayCount> =
            db::results::participants_per_day(&mut c, scope, first, &offsets)
                .await?
                .into_iter()
                .map(|(day, n)| DayCount { day, n })
                .collect();
        participants_per_day =
            fill_days(from, to, &people, |p| p.day, |day| DayCount { day, n: 0 });
    }
    let per_category = db::results::ideas_per_category(&mut c, id).await?;
    let names = db::consultations::categories_in_order(&mut c, g.community_id).await?;
    let per_status = db::results::ideas_per_status(&mut c, id).await?;
    drop(c);

    let count_of = |cat: Option<i64>| {
        per_category
            .iter()
            .find(|(k, _)| *k == cat)
            .map_or(0, |(_, n)| *n)
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
            let n = per_status
                .iter()
                .filter(|(k, _)| Status::parse(k) == s)
                .map(|(_, n)| n)
                .sum();
            (s, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
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
        votes_per_day,
        participants_per_day,
        categories,
        statuses,
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
    let now = db::now_ms();
    let to = day_number(now);
    let from = to - days + 1;
    let since = day_start(from);
    // Days that are over are kept once counted. The first day never counted, the days after
    // it and today are counted from their rows, in one pass: after the first look at a
    // period, that is today's rows alone.
    let kept = db::results::kept_days(&mut c, community.id, from, to).await?;
    let first = (from..to)
        .find(|d| kept.iter().all(|k| k.day != *d))
        .unwrap_or(to);
    let counted_since = day_start(first);
    let offsets = site_offsets(counted_since, now + DAY_MS);
    let scope = Scope::Community(community.id);
    let ideas =
        db::results::created_per_day(&mut c, scope, Created::Ideas, counted_since, &offsets)
            .await?;
    let arguments =
        db::results::created_per_day(&mut c, scope, Created::Arguments, counted_since, &offsets)
            .await?;
    let votes = db::results::votes_per_day(&mut c, scope, counted_since, &offsets).await?;
    let people = db::results::participants_per_day(&mut c, scope, counted_since, &offsets).await?;
    // People counted once however many days they came: those whose latest part is recent.
    let participants = db::participants::count_since(&mut c, community.id, since).await?;
    let participants_ever = db::participants::count_since(&mut c, community.id, 0).await?;
    let reports = db::results::reports_since(&mut c, community.id, since).await?;
    let queue = db::results::queue_length(&mut c, community.id).await?;

    let on =
        |rows: &[(i64, i64)], day: i64| rows.iter().find(|(d, _)| *d == day).map_or(0, |(_, n)| *n);
    let counted: Vec<ActivityDay> = (first..=to)
        .map(|day| ActivityDay {
            day,
            ideas: on(&ideas, day),
            arguments: on(&arguments, day),
            votes: votes
                .iter()
                .find(|(d, _, _)| *d == day)
                .map_or(0, |(_, up, down)| up + down),
            participants: on(&people, day),
        })
        .collect();
    let over: Vec<ActivityDay> = counted.iter().filter(|d| d.day < to).copied().collect();
    if !over.is_empty() {
        let mut tx = db::begin(&mut c).await?;
        db::results::keep_days(&mut tx, community.id, &over).await?;
        tx.commit().await?;
    }
    drop(c);

    let activity: Vec<DayActivity> = (from..=to)
        .map(|day| {
            let d = kept
                .iter()
                .chain(&counted)
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
    let in_period = |t: i64| t >= since;
    let reports_opened = reports.iter().filter(|(at, _)| in_period(*at)).count() as i64;
    let decided: Vec<i64> = reports
        .iter()
        .filter_map(|(at, closed)| closed.filter(|c| in_period(*c)).map(|c| c - at))
        .collect();
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
