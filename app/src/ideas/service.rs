//! Ideas: the idea page as its viewer sees it; posting, editing and answering ideas.

use super::rules::{self, IdeaDraft, ValidIdea};
use super::{AnswersView, IdeaFormView, IdeaView};
use crate::arguments::ArgumentView;
use crate::authz::{Permission, Target};
use crate::comments::CommentView;
use crate::consultations::rules::Activity;
use crate::consultations::ConsultationCard;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::form::Flash;
use crate::i18n::Localized;
use crate::moderation::rules::{sight, AuditAction, ContentRef, Kind};
use crate::moderation::seen::{as_seen_by, Stored};
use crate::moderation::service::audit;
use crate::moderation::Rights;
use crate::server::db::{self, Conn, NewIdea};

/// The idea page as `ctx`'s viewer sees it (without the flash of a failed form, which the
/// server function adds): a hidden idea shows only that it is hidden, and why, to anyone but
/// its author and the moderators.
pub async fn idea_page(ctx: &Ctx, id: i64) -> Result<IdeaView, AppError> {
    let lang = ctx.lang;
    let viewer = ctx.viewer_id();
    let mut c = ctx.db.conn().await?;
    let idea = db::ideas::by_id(&mut c, id, viewer)
        .await?
        .ok_or(AppError::NotFound)?;
    let consultation = db::consultations::by_id(&mut c, idea.consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let community = Target::community(idea.community_id);
    let schedule = consultation.schedule();
    let now = db::now_ms();
    let rights = Rights {
        signed_in: ctx.actor.user_id.is_some(),
        discuss: schedule.allows(Activity::Discuss, now),
        vote: schedule.allows(Activity::Vote, now),
        banned: ctx.actor.banned_in.contains(&idea.community_id),
        moderator: ctx.may(Permission::Moderate, community),
    };
    let seen = sight(
        &ctx.actor,
        idea.community_id,
        Some(idea.author_id),
        idea.hidden == 1,
    );
    let mine = seen.mine;
    // Only a banned viewer (rare) costs this query.
    let ban = match rights.banned {
        true => db::moderation::ban_of(&mut c, idea.community_id, viewer)
            .await?
            .map(|(reason, until)| crate::moderation::BanNotice {
                reason: crate::moderation::rules::Reason::from_stored(
                    reason.as_deref().unwrap_or(""),
                ),
                until,
            }),
        false => None,
    };
    let arguments = db::arguments::of_idea(&mut c, id, viewer).await?;
    let comments = db::comments::of_idea(&mut c, id).await?;
    let answers = db::ideas::status_history(&mut c, id).await?;
    let following = match ctx.actor.user_id {
        Some(me) => Some(db::notifications::is_following(&mut c, me, id).await?),
        None => None,
    };
    // Only the author of something hidden has appeals to show.
    let any_mine_hidden = (idea.hidden == 1 && mine)
        || arguments
            .iter()
            .any(|a| a.hidden == 1 && a.author_id == viewer)
        || comments
            .iter()
            .any(|x| x.hidden == 1 && x.author_id == viewer);
    let appeals = match any_mine_hidden {
        true => db::moderation::appeals_on_idea(&mut c, viewer, id).await?,
        false => Vec::new(),
    };
    let (measure, led_to) = match seen.text {
        true => {
            crate::measures::service::on_idea_page(ctx, &mut c, id, idea.community_id, &idea.kind)
                .await?
        }
        false => (None, Vec::new()),
    };
    // Authors change their ideas while proposals are open; moderators at any time.
    // A measure is edited on its own page, where each edit is a version.
    let can_edit = idea.kind == "idea"
        && ctx.may(
            Permission::EditIdea,
            Target::content(idea.community_id, idea.author_id),
        )
        && (rights.moderator || schedule.allows(Activity::Propose, now));
    let (pictures, place) = match seen.text {
        true => {
            let measure = idea.kind == "measure";
            let pictures = crate::pictures::service::on_idea_page(
                ctx,
                &mut c,
                id,
                idea.community_id,
                measure,
                can_edit,
            )
            .await?;
            let point = idea.lon.zip(idea.lat).map(|(lon, lat)| [lon, lat]);
            let place = crate::places::service::place(
                &mut c,
                idea.community_id,
                idea.consultation_id,
                idea.area_id,
                point,
            )
            .await?;
            (pictures, place)
        }
        false => Default::default(),
    };
    drop(c);
    let stored = Stored {
        item: ContentRef::new(Kind::Idea, id),
        community_id: idea.community_id,
        author_id: Some(idea.author_id),
        hidden: idea.hidden,
        reason: idea.hidden_reason.as_deref(),
        note: idea.hidden_note.clone(),
    };
    let (_, hidden) = as_seen_by(stored, &ctx.actor, &appeals);
    let shown = seen.text;
    let consultation_card = ConsultationCard::from_row(lang, &consultation);
    Ok(IdeaView {
        id: idea.id,
        consultation_id: consultation.id,
        consultation_name: consultation_card.name.clone(),
        community_slug: consultation.community_slug,
        community_name: Localized::pick(&consultation.community_name, lang),
        title: if shown {
            idea.title
        } else {
            crate::i18n::t(lang, crate::i18n::Msg::HiddenIdea).to_string()
        },
        excerpt: if shown { idea.excerpt } else { String::new() },
        body_html: if shown {
            crate::server::markdown::render_markdown(&idea.body)
        } else {
            String::new()
        },
        category: idea.category.map(|c| Localized::pick(&c, lang)),
        status: super::rules::Status::parse(&idea.status),
        answers: answers
            .into_iter()
            .map(|a| super::StatusChange {
                status: super::rules::Status::parse(&a.status),
                message: a.message,
                created_at: a.created_at,
            })
            .collect(),
        // A measure's course is its own status, set on its page.
        can_answer: idea.kind == "idea" && ctx.may(Permission::AnswerIdeas, community),
        following,
        author_name: if shown {
            idea.author_name
        } else {
            String::new()
        },
        created_at: idea.created_at,
        tally: crate::votes::Tally::from_counts(idea.up_count, idea.down_count, idea.my_vote),
        can_edit,
        phase: consultation_card.phase,
        phase_ends: consultation_card.phase_ends,
        statement: consultation_card.statements,
        signed_in: rights.signed_in,
        rights,
        ban,
        mine,
        hidden,
        edited_at: idea.edited_at,
        arguments: match shown {
            true => arguments
                .into_iter()
                .map(|a| ArgumentView::new(a, idea.community_id, &ctx.actor, &appeals))
                .collect(),
            false => Vec::new(),
        },
        comments: match shown {
            true => crate::comments::threads(
                comments
                    .into_iter()
                    .map(|x| {
                        let parent = x.parent_id;
                        (
                            parent,
                            CommentView::new(x, idea.community_id, &ctx.actor, &appeals),
                        )
                    })
                    .collect(),
            ),
            false => Vec::new(),
        },
        measure,
        led_to,
        pictures,
        place,
        withheld: !shown,
        flash: None,
    })
}

/// An idea's earlier versions. A hidden idea's history is as hidden as the idea.
pub async fn idea_history(ctx: &Ctx, id: i64) -> Result<super::IdeaHistoryView, AppError> {
    let mut c = ctx.db.conn().await?;
    let idea = db::ideas::by_id(&mut c, id, 0)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = sight(
        &ctx.actor,
        idea.community_id,
        Some(idea.author_id),
        idea.hidden == 1,
    );
    if !seen.text {
        return Err(AppError::NotFound);
    }
    let revisions = db::ideas::revisions(&mut c, id).await?;
    Ok(super::IdeaHistoryView {
        id,
        title: idea.title,
        revisions: revisions
            .into_iter()
            .map(|(title, body, editor, at)| super::Revision {
                title,
                body_html: crate::server::markdown::render_markdown(&body),
                replaced_by: editor,
                replaced_at: at,
            })
            .collect(),
    })
}

/// The form for a new idea in `consultation_id`, or for editing `idea_id`.
/// `flash`: what a failed post of the form left, to show again.
pub async fn idea_form(
    ctx: &Ctx,
    consultation_id: Option<i64>,
    idea_id: Option<i64>,
    flash: Option<Flash>,
) -> Result<IdeaFormView, AppError> {
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let (consultation, draft) = match idea_id {
        Some(id) => {
            let idea = db::ideas::by_id(&mut c, id, 0)
                .await?
                .ok_or(AppError::NotFound)?;
            ctx.authorize(
                Permission::EditIdea,
                Target::content(idea.community_id, idea.author_id),
            )?;
            let draft = IdeaDraft {
                title: idea.title,
                body: idea.body,
                category: idea.category_id.map(|c| c.to_string()).unwrap_or_default(),
                area: idea.area_id.map(|a| a.to_string()).unwrap_or_default(),
                point: match (idea.lon, idea.lat) {
                    (Some(lon), Some(lat)) => format!("{lon:.6},{lat:.6}"),
                    _ => String::new(),
                },
            };
            (idea.consultation_id, draft)
        }
        None => (
            consultation_id.ok_or(AppError::NotFound)?,
            IdeaDraft::default(),
        ),
    };
    let consultation = db::consultations::by_id(&mut c, consultation)
        .await?
        .ok_or(AppError::NotFound)?;
    if idea_id.is_none() {
        ctx.authorize(
            Permission::PostIdea,
            Target::community(consultation.community_id),
        )?;
    }
    let mut categories = db::consultations::categories(&mut c, consultation.community_id)
        .await?
        .into_iter()
        .map(|(id, name)| (id, Localized::pick(&name, lang)))
        .collect::<Vec<_>>();
    categories.sort_by_cached_key(|(_, name)| crate::i18n::sort_key(name));
    // Statements are one line each: no place.
    let areas = match consultation.format == "statements" {
        true => Default::default(),
        false => crate::places::service::choice(&mut c, consultation.community_id).await?,
    };
    drop(c);
    // After "look for similar ideas" (a flash of this form without errors).
    let checked = flash.as_ref().filter(|f| {
        idea_id.is_none() && f.errors.is_empty() && f.form == super::form_key(None, consultation.id)
    });
    let similar = match checked {
        Some(f) => Some(
            crate::search::service::similar_ideas(
                ctx,
                consultation.id,
                &f.value("title"),
                &f.value("body"),
            )
            .await?,
        ),
        None => None,
    };
    Ok(IdeaFormView {
        consultation_id: consultation.id,
        consultation_name: ConsultationCard::from_row(lang, &consultation).name,
        idea_id,
        draft,
        categories,
        areas,
        similar,
        flash,
    })
}

/// The official-answers page of a consultation (its administrators): ideas by support, 50 a
/// page, to answer one by one or many at once.
pub async fn answers_page(ctx: &Ctx, id: i64, page: &str) -> Result<AnswersView, AppError> {
    use super::rules::{parse_page, Sort};
    const PER_PAGE: i64 = 50;
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(Permission::AnswerIdeas, Target::community(g.community_id))?;
    let pages = crate::moderation::rules::page_count(g.idea_count, PER_PAGE);
    let page = parse_page(Some(page)).min(pages);
    let rows = db::ideas::page_of(&mut c, id, Sort::Top, 0, page, PER_PAGE, 0, None).await?;
    drop(c);
    Ok(AnswersView {
        consultation_id: id,
        consultation_name: Localized::pick(&g.name, ctx.lang),
        community_slug: g.community_slug.clone(),
        community_name: Localized::pick(&g.community_name, ctx.lang),
        ideas: rows
            .into_iter()
            .map(|r| super::IdeaCard::from_row(ctx.lang, r))
            .collect(),
        page,
        pages,
        flash: None,
    })
}

/// Posts an idea in a consultation; returns its id.
pub async fn create_idea(
    ctx: &Ctx,
    consultation_id: i64,
    draft: &IdeaDraft,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let consultation = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let author_id = ctx.authorize(
        Permission::PostIdea,
        Target::community(consultation.community_id),
    )?;
    let schedule = consultation.schedule();
    ctx.require_open(&schedule, Activity::Propose)?;
    let valid = validate(&mut c, consultation.community_id, draft).await?;
    let mut tx = db::begin(&mut c).await?;
    let new = NewIdea {
        consultation_id,
        author_id,
        category_id: valid.category_id,
        title: &valid.title,
        body: &valid.body,
        excerpt: &excerpt_of(&valid.body),
        awaiting_approval: consultation.premoderation == 1,
    };
    let id = insert(&mut tx, consultation.community_id, new).await?;
    db::ideas::set_place(&mut tx, id, valid.area_id, valid.point).await?;
    tx.commit().await?;
    Ok(id)
}

/// Writes a new idea (or statement) in the caller's transaction; one awaiting approval goes
/// to the moderators' queue with it.
pub async fn insert(
    tx: &mut db::Tx<'_>,
    community_id: i64,
    new: NewIdea<'_>,
) -> Result<i64, AppError> {
    let awaiting_approval = new.awaiting_approval;
    let id = db::ideas::create(tx, new).await?;
    if awaiting_approval {
        let cause = db::moderation::Cause {
            awaiting_approval: true,
            ..Default::default()
        };
        let r = ContentRef::new(Kind::Idea, id);
        db::moderation::enqueue(tx, r, community_id, cause).await?;
    }
    Ok(id)
}

/// Changes an idea's title, description and category.
pub async fn update_idea(ctx: &Ctx, idea_id: i64, draft: &IdeaDraft) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let (community_id, author_id) = ctx
        .db
        .owners
        .idea(&mut c, idea_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = ctx.authorize(
        Permission::EditIdea,
        Target::content(community_id, author_id),
    )?;
    let idea = db::ideas::by_id(&mut c, idea_id, 0)
        .await?
        .ok_or(AppError::NotFound)?;
    if idea.kind == "measure" {
        // A measure changes through `measures::service`, which keeps each version.
        return Err(AppError::Forbidden);
    }
    if me == author_id {
        // Authors change their ideas while proposals are open; moderators at any time.
        let schedule = db::consultations::schedule_of_idea(&mut c, idea_id)
            .await?
            .ok_or(AppError::NotFound)?;
        ctx.require_open(&schedule, Activity::Propose)?;
    }
    let statement = db::consultations::by_id(&mut c, idea.consultation_id)
        .await?
        .is_some_and(|g| g.format == "statements");
    let valid = match statement {
        // A statement is one line of at most 140 characters, with no description.
        true => ValidIdea {
            title: crate::statements::rules::validate_statement("title", &draft.title)?,
            body: String::new(),
            category_id: None,
            area_id: None,
            point: None,
        },
        false => validate(&mut c, community_id, draft).await?,
    };
    let keep_revision = db::ideas::has_engagement(&mut c, idea_id)
        .await?
        .then_some(me);
    let mut tx = db::begin(&mut c).await?;
    db::ideas::update(
        &mut tx,
        idea_id,
        &valid.title,
        &valid.body,
        &excerpt_of(&valid.body),
        valid.category_id,
        keep_revision,
    )
    .await?;
    db::ideas::set_place(&mut tx, idea_id, valid.area_id, valid.point).await?;
    if me != author_id {
        // A moderator's change of someone else's words is never silent.
        let r = ContentRef::new(Kind::Idea, idea_id);
        audit(
            &mut tx,
            Some(me),
            community_id,
            AuditAction::Edit,
            r,
            None,
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Gives ideas an official status with a public message, in one transaction: each change is
/// kept in the idea's history, audited, and told once to everyone who took part in the idea
/// (not to the one answering). All the ideas must be in communities the person runs.
/// Returns how many ideas were answered.
pub async fn answer_ideas(
    ctx: &Ctx,
    idea_ids: &[i64],
    status: &str,
    message: &str,
) -> Result<usize, AppError> {
    let mut c = ctx.db.conn().await?;
    let found = db::ideas::communities_of(&mut c, idea_ids).await?;
    if found.is_empty() {
        return Err(AppError::invalid("ideas", crate::i18n::Msg::ErrChooseIdeas));
    }
    for (_, community_id) in &found {
        ctx.authorize_admin(Permission::AnswerIdeas, Target::community(*community_id))?;
    }
    let (status, message) = rules::validate_answer(status, message)?;
    let me = ctx.actor.user_id;
    let mut tx = db::begin(&mut c).await?;
    for (idea_id, community_id) in &found {
        let change = db::ideas::set_status(&mut tx, *idea_id, status, &message, me).await?;
        db::notifications::fan_out(&mut tx, *idea_id, "status", change, me).await?;
        let r = ContentRef::new(Kind::Idea, *idea_id);
        audit(
            &mut tx,
            me,
            *community_id,
            AuditAction::Answer,
            r,
            None,
            Some(&message),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(found.len())
}

async fn validate(
    c: &mut Conn,
    community_id: i64,
    draft: &IdeaDraft,
) -> Result<ValidIdea, AppError> {
    let allowed: Vec<i64> = db::consultations::categories(c, community_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    // Every field's error at once: the text's and the place's.
    let valid = rules::validate_idea(draft, &allowed);
    let place =
        crate::places::service::check_place(c, community_id, &draft.area, &draft.point).await;
    match (valid, place) {
        (Ok(valid), Ok((area_id, point))) => Ok(ValidIdea {
            area_id,
            point,
            ..valid
        }),
        (Err(a), Err(b)) => Err(a.merge(b)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// The excerpt shown on cards, derived from the Markdown when the idea is saved.
fn excerpt_of(body: &str) -> String {
    rules::excerpt(&crate::server::markdown::plain_text(body), 180)
}
