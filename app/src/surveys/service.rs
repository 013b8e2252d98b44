//! Surveys' use cases: building one (the consultation's administrators), answering it page by
//! page (residents, and guests where the consultation welcomes them), its results (public or
//! for administrators, per survey) and its exports.

use super::rules::{self, QuestionForm, SurveyForm};
use super::tally::{self, CrossTab, QuestionResult, RankScore, SurveyResults, TextAnswer};
use super::{
    Answer, BuildView, Condition, Kind, Progress, Question, Spec, SurveyCard, SurveyHead,
    SurveyView, SurveysView,
};
use crate::authz::{Permission, Target};
use crate::consultations::rules::Phase;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{t, Localized, Msg};
use crate::moderation::rules::AuditAction;
use crate::moderation::service::{audit_target, AuditTarget};
use crate::server::db::{self, surveys::QuestionValues, ConsultationRow};

/// A survey with its consultation and questions, as every use case starts.
pub(crate) struct Loaded {
    pub survey: db::surveys::SurveyRow,
    pub consultation: ConsultationRow,
    pub questions: Vec<Question>,
}

pub(crate) fn question_of_row(row: db::surveys::QuestionRow) -> Option<Question> {
    Some(Question {
        id: row.id,
        page: row.page.max(1) as usize,
        kind: Kind::parse(&row.kind)?,
        required: row.required == 1,
        text: Localized::from_json(&row.text),
        spec: serde_json::from_str::<Spec>(&row.spec).unwrap_or_default(),
        shown_if: row.shown_if.map(|question| Condition {
            question,
            options: serde_json::from_str(&row.shown_options).unwrap_or_default(),
        }),
    })
}

pub(crate) async fn load(c: &mut db::Conn, id: i64) -> Result<Loaded, AppError> {
    let survey = db::surveys::by_id(c, id).await?.ok_or(AppError::NotFound)?;
    let consultation = db::consultations::by_id(c, survey.consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let questions = db::surveys::questions(c, id)
        .await?
        .into_iter()
        .filter_map(question_of_row)
        .collect();
    Ok(Loaded {
        survey,
        consultation,
        questions,
    })
}

/// A survey for whoever builds it: its consultation's administrators.
async fn managed(ctx: &Ctx, c: &mut db::Conn, id: i64) -> Result<Loaded, AppError> {
    let l = load(c, id).await?;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(l.consultation.community_id),
    )?;
    Ok(l)
}

/// The audit row of a change to a survey (or of reading its texts): on its consultation,
/// naming the survey.
pub(crate) async fn audit_survey(
    tx: &mut db::Tx<'_>,
    ctx: &Ctx,
    g: &ConsultationRow,
    action: AuditAction,
    note: &str,
) -> Result<(), AppError> {
    let target = AuditTarget::Consultation(g.id);
    let (me, community) = (ctx.actor.user_id, g.community_id);
    audit_target(tx, me, community, action, target, None, Some(note)).await?;
    Ok(())
}

/// Takes answers at `now`: while the consultation takes part (proposals or voting) and
/// between the survey's own dates, where set.
fn is_open(s: &db::surveys::SurveyRow, g: &ConsultationRow, now: i64) -> bool {
    matches!(g.schedule().phase_at(now), Phase::Proposals | Phase::Voting)
        && s.opens_at.is_none_or(|t| t <= now)
        && s.closes_at.is_none_or(|t| now < t)
}

fn manages(ctx: &Ctx, g: &ConsultationRow) -> bool {
    ctx.may(
        Permission::ManageConsultations,
        Target::community(g.community_id),
    )
}

fn results_visible(ctx: &Ctx, l: &Loaded) -> bool {
    l.survey.results_public == 1 || manages(ctx, &l.consultation)
}

fn head(ctx: &Ctx, l: &Loaded) -> SurveyHead {
    let lang = ctx.lang;
    SurveyHead {
        id: l.survey.id,
        consultation_id: l.consultation.id,
        consultation_name: Localized::pick(&l.consultation.name, lang),
        community_slug: l.consultation.community_slug.clone(),
        community_name: Localized::pick(&l.consultation.community_name, lang),
        title: Localized::pick(&l.survey.title, lang),
        description_html: crate::server::markdown::render_markdown(&Localized::pick(
            &l.survey.description,
            lang,
        )),
        open: is_open(&l.survey, &l.consultation, db::now_ms()),
        opens_at: l.survey.opens_at,
        closes_at: l.survey.closes_at,
        pages: rules::pages(&l.questions).len(),
        results_public: l.survey.results_public == 1,
        can_manage: manages(ctx, &l.consultation),
    }
}

/// The surveys a consultation's page lists: those with questions (administrators see them
/// all), with where the reader stands in each.
pub async fn cards(
    ctx: &Ctx,
    c: &mut db::Conn,
    g: &ConsultationRow,
) -> Result<Vec<SurveyCard>, AppError> {
    let rows = db::surveys::of_consultation(c, g.id).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let manage = manages(ctx, g);
    let mine = match ctx.actor.user_id {
        Some(me) => db::surveys::progress_of(c, g.id, me).await?,
        None => Vec::new(),
    };
    let now = db::now_ms();
    let mut cards = Vec::new();
    for s in rows {
        let has_questions = !db::surveys::questions(c, s.id).await?.is_empty();
        if !has_questions && !manage {
            continue;
        }
        cards.push(SurveyCard {
            id: s.id,
            title: Localized::pick(&s.title, ctx.lang),
            open: is_open(&s, g, now),
            closes_at: s.closes_at,
            progress: match mine.iter().find(|(id, _)| *id == s.id) {
                Some((_, true)) => Progress::Submitted,
                Some((_, false)) => Progress::Draft,
                None => Progress::NotStarted,
            },
            results: s.results_public == 1 || manage,
            manage,
        });
    }
    Ok(cards)
}

/// A consultation's surveys page: its surveys, and for its administrators the form for a new one.
pub async fn surveys_page(ctx: &Ctx, consultation_id: i64) -> Result<SurveysView, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let surveys = cards(ctx, &mut c, &g).await?;
    Ok(SurveysView {
        consultation_id,
        consultation_name: Localized::pick(&g.name, ctx.lang),
        community_slug: g.community_slug.clone(),
        community_name: Localized::pick(&g.community_name, ctx.lang),
        surveys,
        can_manage: manages(ctx, &g),
        flash: None,
    })
}

/// A new survey, titled, without questions yet; returns its id.
pub async fn create(
    ctx: &Ctx,
    consultation_id: i64,
    title_sl: &str,
    title_en: &str,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let g = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.authorize_admin(
        Permission::ManageConsultations,
        Target::community(g.community_id),
    )?;
    let form = SurveyForm {
        title_sl: title_sl.into(),
        title_en: title_en.into(),
        ..SurveyForm::default()
    };
    let valid = rules::validate_survey(&form)?;
    let mut tx = db::begin(&mut c).await?;
    let id = db::surveys::create(&mut tx, consultation_id, &valid.title.to_json()).await?;
    audit_survey(
        &mut tx,
        ctx,
        &g,
        AuditAction::Settings,
        &format!("survey {id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The page that builds a survey (`edit`: the question whose form is open).
pub async fn build_page(ctx: &Ctx, id: i64, edit: Option<i64>) -> Result<BuildView, AppError> {
    let mut c = ctx.db.conn().await?;
    let l = managed(ctx, &mut c, id).await?;
    let (drafts, submitted) = db::surveys::response_counts(&mut c, id).await?;
    let day = |t: Option<i64>, end: bool| {
        t.map(|t| crate::time::local_day(if end { t - 1 } else { t }))
            .unwrap_or_default()
    };
    Ok(BuildView {
        head: head(ctx, &l),
        title: Localized::from_json(&l.survey.title),
        description: Localized::from_json(&l.survey.description),
        opens_on: day(l.survey.opens_at, false),
        closes_on: day(l.survey.closes_at, true),
        min_cell: l.survey.min_cell,
        editing: edit.and_then(|e| l.questions.iter().find(|q| q.id == e).cloned()),
        questions: l.questions,
        locked: drafts + submitted > 0,
        drafts,
        submitted,
        flash: None,
    })
}

/// Saves a survey's settings. Its dates must fall while the consultation takes part.
pub async fn save_settings(ctx: &Ctx, id: i64, form: &SurveyForm) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let l = managed(ctx, &mut c, id).await?;
    let g = &l.consultation;
    let v = rules::validate_survey(form)?;
    let schedule = g.schedule();
    let ends = schedule.voting_until.or(schedule.proposals_until);
    if v.opens_at.is_some_and(|t| t < schedule.opens_at) {
        return Err(AppError::invalid("opens_on", Msg::ErrSurveyOutsidePhases));
    }
    if v.closes_at.zip(ends).is_some_and(|(t, end)| t > end) {
        return Err(AppError::invalid("closes_on", Msg::ErrSurveyOutsidePhases));
    }
    let mut tx = db::begin(&mut c).await?;
    db::surveys::update(
        &mut tx,
        id,
        &v.title.to_json(),
        &v.description.to_json(),
        v.opens_at,
        v.closes_at,
        v.results_public,
        v.min_cell,
    )
    .await?;
    audit_survey(
        &mut tx,
        ctx,
        g,
        AuditAction::Settings,
        &format!("survey {id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a question (`question_id` None) or changes one; returns its id. Once answers exist a
/// question keeps its meaning (`rules::keeps_meaning`).
pub async fn save_question(
    ctx: &Ctx,
    survey_id: i64,
    question_id: Option<i64>,
    form: &QuestionForm,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let l = managed(ctx, &mut c, survey_id).await?;
    let was = match question_id {
        Some(id) => Some(
            l.questions
                .iter()
                .find(|q| q.id == id)
                .ok_or(AppError::NotFound)?,
        ),
        None if l.questions.len() >= rules::MAX_QUESTIONS => {
            return Err(AppError::invalid("", Msg::ErrTooManySurveyQuestions))
        }
        None => None,
    };
    let (drafts, submitted) = db::surveys::response_counts(&mut c, survey_id).await?;
    let others: Vec<Question> = l
        .questions
        .iter()
        .filter(|q| Some(q.id) != question_id)
        .cloned()
        .collect();
    let q = rules::validate_question(form, &others, was, drafts + submitted > 0)?;
    // A question others are shown after must stay a single choice on an earlier page.
    if let Some(was) = was {
        let depends = l
            .questions
            .iter()
            .filter(|d| d.shown_if.as_ref().is_some_and(|c| c.question == was.id));
        let fits = depends.into_iter().all(|d| {
            q.kind == Kind::Single
                && q.page < d.page
                && d.shown_if
                    .as_ref()
                    .is_some_and(|c| c.options.iter().all(|o| *o < q.spec.options.len()))
        });
        if !fits {
            return Err(AppError::invalid("", Msg::ErrQuestionIsACondition));
        }
    }
    let text = q.text.to_json();
    let spec = serde_json::to_string(&q.spec).map_err(|_| AppError::Internal)?;
    let options = serde_json::to_string(&q.shown_if.as_ref().map_or(&vec![], |c| &c.options))
        .map_err(|_| AppError::Internal)?;
    let values = QuestionValues {
        page: q.page as i64,
        kind: q.kind.as_str(),
        required: q.required,
        text: &text,
        spec: &spec,
        shown_if: q.shown_if.as_ref().map(|c| c.question),
        shown_options: &options,
    };
    let mut tx = db::begin(&mut c).await?;
    let id = match question_id {
        Some(id) => {
            db::surveys::update_question(&mut tx, id, &values).await?;
            id
        }
        None => db::surveys::add_question(&mut tx, survey_id, &values).await?,
    };
    let g = &l.consultation;
    audit_survey(
        &mut tx,
        ctx,
        g,
        AuditAction::Settings,
        &format!("survey {survey_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What an administrator does to a question from the list: move it or remove it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionMove {
    Up,
    Down,
    Remove,
}

/// Moves a question up or down its page, or removes it (only while nobody has answered, and
/// not while another question is shown after it); returns the survey's id.
pub async fn change_question(
    ctx: &Ctx,
    question_id: i64,
    change: QuestionMove,
) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let survey_id = db::surveys::survey_of(&mut c, question_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let l = managed(ctx, &mut c, survey_id).await?;
    let g = &l.consultation;
    let at = l
        .questions
        .iter()
        .position(|q| q.id == question_id)
        .ok_or(AppError::NotFound)?;
    let page = l.questions[at].page;
    let mut tx = db::begin(&mut c).await?;
    match change {
        QuestionMove::Remove => {
            let (drafts, submitted) = db::surveys::response_counts(&mut tx, survey_id).await?;
            if drafts + submitted > 0 {
                return Err(AppError::invalid("", Msg::ErrQuestionHasAnswers));
            }
            let depended_on = l.questions.iter().any(|q| {
                q.shown_if
                    .as_ref()
                    .is_some_and(|c| c.question == question_id)
            });
            if depended_on {
                return Err(AppError::invalid("", Msg::ErrQuestionIsACondition));
            }
            db::surveys::remove_question(&mut tx, question_id).await?;
        }
        QuestionMove::Up | QuestionMove::Down => {
            let other = match change {
                QuestionMove::Up => at.checked_sub(1),
                _ => Some(at + 1),
            }
            .and_then(|i| l.questions.get(i))
            .filter(|o| o.page == page);
            if let Some(other) = other {
                db::surveys::swap(&mut tx, question_id, other.id).await?;
            }
        }
    }
    audit_survey(
        &mut tx,
        ctx,
        g,
        AuditAction::Settings,
        &format!("survey {survey_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(survey_id)
}

/// The answering page: `page` is a page number of the survey's, or "check" for the answers to
/// check and submit. Anyone may read the questions; the form is for whoever may answer.
pub async fn survey_page(ctx: &Ctx, id: i64, page: &str) -> Result<SurveyView, AppError> {
    let mut c = ctx.db.conn().await?;
    let l = load(&mut c, id).await?;
    let head = head(ctx, &l);
    let mine = match ctx.actor.user_id {
        Some(me) => db::surveys::response_of(&mut c, id, me).await?,
        None => None,
    };
    let answers = mine
        .as_ref()
        .map(|r| rules::decode_all(&l.questions, &r.answers))
        .unwrap_or_default();
    let pages = rules::pages(&l.questions);
    let taking = crate::participation::service::taking_part(ctx, &mut c, &l.consultation).await?;
    drop(c);
    let admitted = crate::authz::authorize(
        &ctx.actor,
        Permission::AnswerSurvey,
        Target::community(l.consultation.community_id),
    )
    .is_ok()
        && crate::authz::admit(&ctx.actor, l.consultation.schedule().guests).is_ok();
    // Without a page asked for, a draft goes on where it was left (the page after the last
    // saved, or the answers to check).
    let resume = match (&mine, page) {
        (Some(r), "") if r.submitted_at.is_none() && r.page as usize > pages.len() => "check",
        _ => page,
    };
    let review = resume == "check";
    // A page number out of range is the first page (addresses are typed by anyone).
    let asked = match (&mine, page) {
        (Some(r), "") if r.submitted_at.is_none() => Some(r.page.max(1) as usize),
        _ => page.parse::<usize>().ok(),
    };
    let number = match review {
        true => pages.len() + 1,
        false => asked.filter(|p| (1..=pages.len()).contains(p)).unwrap_or(1),
    };
    let this_page = pages.get(number.wrapping_sub(1)).copied();
    let questions = rules::shown(&l.questions, &answers)
        .filter(|q| Some(q.page) == this_page)
        .cloned()
        .collect();
    let review_list = match review {
        true => pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let on_page = rules::shown(&l.questions, &answers)
                    .filter(|q| q.page == *p)
                    .cloned()
                    .collect();
                (i + 1, on_page)
            })
            .collect(),
        false => Vec::new(),
    };
    Ok(SurveyView {
        page: number,
        questions,
        answers: answers.into_iter().collect(),
        progress: match &mine {
            Some(r) if r.submitted_at.is_some() => Progress::Submitted,
            Some(_) => Progress::Draft,
            None => Progress::NotStarted,
        },
        submitted_at: mine.and_then(|r| r.submitted_at),
        can_answer: admitted && head.open && !pages.is_empty(),
        signed_in: ctx.actor.user_id.is_some() && !taking.account_needed,
        head,
        taking,
        review: review_list,
        flash: None,
    })
}

/// Where the person goes after saving a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Page(usize),
    Check,
}

/// Checks the person may answer this survey now; their community's id.
fn may_answer(ctx: &Ctx, l: &Loaded) -> Result<i64, AppError> {
    let me = ctx.authorize(
        Permission::AnswerSurvey,
        Target::community(l.consultation.community_id),
    )?;
    crate::authz::admit(&ctx.actor, l.consultation.schedule().guests)?;
    if !is_open(&l.survey, &l.consultation, db::now_ms()) {
        return Err(AppError::NotNow);
    }
    Ok(me)
}

/// Saves one page of the person's answers (`page`: its number, from 1) and says where to go
/// next. The response stays a draft until `submit`; a submitted one is changed at once (it
/// is edited, not drafted again). A text answer that changes loses its publication.
pub async fn save_page(
    ctx: &Ctx,
    id: i64,
    page: usize,
    fields: &[(String, String)],
) -> Result<Next, AppError> {
    let mut c = ctx.db.conn().await?;
    let l = load(&mut c, id).await?;
    let me = may_answer(ctx, &l)?;
    let pages = rules::pages(&l.questions);
    let on_page = *pages.get(page.wrapping_sub(1)).ok_or(AppError::NotFound)?;
    let mut tx = db::begin(&mut c).await?;
    let response = db::surveys::hold_response(&mut tx, id, me).await?;
    let mut answers = rules::decode_all(&l.questions, &response.answers);
    let shown: Vec<&Question> = rules::shown(&l.questions, &answers)
        .filter(|q| q.page == on_page)
        .collect();
    let read = rules::read_page(&shown, fields)?;
    let mut changed = Vec::new();
    for (question, answer) in read {
        let before = answers.get(&question).cloned();
        match answer {
            Some(a) => answers.insert(question, a),
            None => answers.remove(&question),
        };
        if before.as_ref() != answers.get(&question) {
            changed.push(question);
        }
    }
    // Answers to questions no longer shown (an earlier answer changed) are not kept.
    let still: Vec<i64> = rules::shown(&l.questions, &answers).map(|q| q.id).collect();
    answers.retain(|q, _| still.contains(q));
    if response.submitted_at.is_some() {
        if let Some(missing) = rules::first_missing(&l.questions, &answers) {
            let field = format!("q{}", missing.id);
            return Err(AppError::invalid(&field, Msg::ErrAnswerRequired));
        }
    }
    let next = match pages.get(page) {
        Some(_) => Next::Page(page + 1),
        None => Next::Check,
    };
    let reached = response.page.max(page as i64 + 1);
    db::surveys::save_response(
        &mut tx,
        response.id,
        &rules::encode_all(&answers),
        reached,
        response.submitted_at,
    )
    .await?;
    db::surveys::unpublish(&mut tx, response.id, &changed).await?;
    tx.commit().await?;
    Ok(next)
}

/// Submits the person's response: every shown required question answered, or the first one
/// missing is named (`Err` with its page, for the form to go back to).
pub async fn submit(ctx: &Ctx, id: i64) -> Result<(), (AppError, Option<usize>)> {
    let inner = async {
        let mut c = ctx.db.conn().await?;
        let l = load(&mut c, id).await?;
        let me = may_answer(ctx, &l)?;
        let mut tx = db::begin(&mut c).await?;
        let response = db::surveys::hold_response(&mut tx, id, me).await?;
        let answers = rules::decode_all(&l.questions, &response.answers);
        if let Some(missing) = rules::first_missing(&l.questions, &answers) {
            let pages = rules::pages(&l.questions);
            let page = pages.iter().position(|p| *p == missing.page).map(|i| i + 1);
            let field = format!("q{}", missing.id);
            return Ok(Err((
                AppError::invalid(&field, Msg::ErrAnswerRequired),
                page,
            )));
        }
        let when = response.submitted_at.unwrap_or_else(db::now_ms);
        let encoded = rules::encode_all(&answers);
        db::surveys::save_response(&mut tx, response.id, &encoded, response.page, Some(when))
            .await?;
        tx.commit().await?;
        Ok::<_, AppError>(Ok(()))
    };
    match inner.await {
        Ok(outcome) => outcome,
        Err(e) => Err((e, None)),
    }
}

/// A survey's results: for everyone where they are public, else for its administrators
/// (`NotFound` for others, as if there were none). `by`: a statistics question of the
/// consultation to break answers down by. Counted at most once a minute per survey, language
/// and breakdown (administrators' figures, with every text answer, apart).
pub async fn results(ctx: &Ctx, id: i64, by: &str) -> Result<SurveyResults, AppError> {
    let mut c = ctx.db.conn().await?;
    let l = load(&mut c, id).await?;
    if !results_visible(ctx, &l) {
        return Err(AppError::NotFound);
    }
    drop(c);
    let manage = manages(ctx, &l.consultation);
    let by = by.parse::<i64>().ok();
    let key = format!(
        "{}/survey/{id}/{}/{}/{}",
        ctx.db.instance,
        ctx.lang.code(),
        by.unwrap_or(0),
        manage
    );
    RESULTS.get(key, count(ctx, l, by, manage)).await
}

static RESULTS: crate::results::service::Recent<SurveyResults> =
    crate::results::service::Recent::new();

async fn count(
    ctx: &Ctx,
    l: Loaded,
    by: Option<i64>,
    manage: bool,
) -> Result<SurveyResults, AppError> {
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let statistics = db::participation::questions(&mut c, l.consultation.id).await?;
    let breakdown = by.and_then(|b| statistics.iter().find(|q| q.id == b));
    let groups: Vec<String> = match breakdown {
        Some(q) => serde_json::from_str::<Vec<Localized>>(&q.options)
            .unwrap_or_default()
            .iter()
            .map(|o| o.get(lang).to_string())
            .chain(std::iter::once(t(lang, Msg::NotSaid).to_string()))
            .collect(),
        None => Vec::new(),
    };
    let rows =
        db::surveys::for_counting(&mut c, l.survey.id, breakdown.map_or(0, |q| q.id)).await?;
    let published = db::surveys::published(&mut c, l.survey.id).await?;
    drop(c);
    let questions = l.questions.clone();
    let n_groups = groups.len();
    // Reading every response is most of the work (JSON, a second of CPU at 100,000): off the
    // async threads, on every core, each counting its share; no response is kept decoded.
    let (respondents, accs) = tokio::task::spawn_blocking(move || {
        let count_part = |part: &[(i64, i64, String)]| {
            let mut accs = tally::start(&questions, n_groups);
            for (id, group, json) in part {
                let group = match usize::try_from(*group) {
                    Ok(g) if g + 1 < n_groups => g,
                    _ => n_groups.saturating_sub(1),
                };
                let answers = rules::decode_all(&questions, json);
                tally::add(&mut accs, &questions, *id, &answers, group, manage);
            }
            accs
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let size = rows.len().div_ceil(cores.clamp(1, 8)).max(1);
        let mut accs = tally::start(&questions, n_groups);
        std::thread::scope(|s| {
            let parts: Vec<_> = rows
                .chunks(size)
                .map(|part| s.spawn(move || count_part(part)))
                .collect();
            for part in parts {
                tally::merge(&mut accs, part.join().unwrap_or_default());
            }
        });
        (rows.len() as i64, accs)
    })
    .await
    .map_err(|_| AppError::Internal)?;
    let min_cell = l.survey.min_cell;
    let questions = l
        .questions
        .iter()
        .zip(accs)
        .map(|(q, acc)| question_result(lang, q, acc, &groups, min_cell, &published, manage))
        .collect();
    Ok(SurveyResults {
        head: head(ctx, &l),
        respondents,
        min_cell,
        questions,
        breakdowns: statistics
            .iter()
            .map(|q| (q.id, Localized::pick(&q.question, lang)))
            .collect(),
        by: breakdown.map(|q| q.id),
        manage,
    })
}

fn question_result(
    lang: crate::i18n::Lang,
    q: &Question,
    mut acc: tally::Acc,
    groups: &[String],
    min_cell: i64,
    published: &[(i64, i64, String)],
    manage: bool,
) -> QuestionResult {
    let mut labels: Vec<String> = match q.kind {
        Kind::Scale => q.scale().map(|p| p.to_string()).collect(),
        _ => q.options(lang),
    };
    if matches!(q.kind, Kind::Single | Kind::Multiple) {
        labels.push(t(lang, Msg::OtherAnswer).to_string());
    }
    let mut counts: Vec<(String, i64)> = labels.iter().cloned().zip(acc.counts.clone()).collect();
    // "Other" only where the question offers it.
    if matches!(q.kind, Kind::Single | Kind::Multiple) && !q.spec.other {
        counts.pop();
    }
    let crosstab = (!groups.is_empty() && matches!(q.kind, Kind::Single | Kind::Scale))
        .then(|| {
            let cells: Vec<Vec<i64>> = acc.by_group.iter().take(counts.len()).cloned().collect();
            let (shown, totals) = tally::suppress(&cells, min_cell)?;
            Some(CrossTab {
                columns: groups.to_vec(),
                rows: counts
                    .iter()
                    .zip(shown)
                    .map(|((label, n), cells)| (label.clone(), cells, *n))
                    .collect(),
                column_totals: totals,
                total: counts.iter().map(|(_, n)| n).sum(),
            })
        })
        .flatten();
    let text_count = acc.texts.len() as i64;
    let texts = match manage {
        true => acc
            .texts
            .drain(..)
            .take(tally::MAX_LISTED)
            .map(|(response_id, body)| TextAnswer {
                published: published
                    .iter()
                    .any(|(qid, r, _)| *qid == q.id && *r == response_id),
                response_id,
                body,
            })
            .collect(),
        false => published
            .iter()
            .filter(|(qid, _, _)| *qid == q.id)
            .map(|(_, response_id, body)| TextAnswer {
                response_id: *response_id,
                body: body.clone(),
                published: true,
            })
            .collect(),
    };
    let n = acc.answered.max(1) as f64;
    QuestionResult {
        id: q.id,
        text: q.text.get(lang).to_string(),
        kind: q.kind,
        answered: acc.answered,
        counts: match q.kind {
            Kind::Single | Kind::Multiple | Kind::Scale => counts,
            _ => Vec::new(),
        },
        summary: tally::summarise(&mut acc.values),
        ranking: match q.kind {
            Kind::Ranking => labels
                .iter()
                .zip(acc.points.iter().zip(&acc.places))
                .map(|(label, (points, places))| RankScore {
                    label: label.clone(),
                    mean_place: *places as f64 / n,
                    points: *points,
                })
                .collect(),
            _ => Vec::new(),
        },
        rows: q
            .spec
            .rows
            .iter()
            .zip(acc.rows.iter_mut())
            .filter_map(|(label, values)| {
                Some((label.get(lang).to_string(), tally::summarise(values)?))
            })
            .collect(),
        texts,
        text_count,
        crosstab,
    }
}

/// Publishes a text answer on the public results page (or takes it back): administrators,
/// after reading it. Audited either way.
pub async fn publish_text(
    ctx: &Ctx,
    survey_id: i64,
    response_id: i64,
    question_id: i64,
    publish: bool,
) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let l = managed(ctx, &mut c, survey_id).await?;
    let g = &l.consultation;
    let q = l
        .questions
        .iter()
        .find(|q| q.id == question_id)
        .ok_or(AppError::NotFound)?;
    let json = db::surveys::submitted_answers(&mut c, survey_id, response_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let text = match rules::decode_all(std::slice::from_ref(q), &json).remove(&q.id) {
        Some(Answer::Text(t) | Answer::Other(t)) | Some(Answer::Choices(_, Some(t))) => t,
        _ => return Err(AppError::NotFound),
    };
    let mut tx = db::begin(&mut c).await?;
    let action = match publish {
        true => {
            db::surveys::publish(&mut tx, response_id, question_id, &text).await?;
            AuditAction::SurveyTextPublished
        }
        false => {
            db::surveys::unpublish(&mut tx, response_id, &[question_id]).await?;
            AuditAction::SurveyTextWithdrawn
        }
    };
    let note = format!("survey {survey_id}, question {question_id}");
    audit_survey(&mut tx, ctx, g, action, &note).await?;
    tx.commit().await?;
    RESULTS.forget(&format!("{}/survey/{survey_id}/", ctx.db.instance));
    Ok(())
}
