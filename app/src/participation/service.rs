//! Taking part: guests (who may, making one, making it a full account) and the registration
//! questions (asking them, answering them). Whether a guest may write in a consultation is
//! `authz::admit`, asked by every writing service with the consultation's phase.

use super::rules::{self, QuestionForm};
use crate::authz::{Permission, Target};
use crate::consultations::rules::{Activity, Phase};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Localized, Msg};
use crate::moderation::service::{audit_settings, AuditTarget};
use crate::server::db::{self, DbError, NewUser};
use crate::server::password::hash_password_blocking;

/// The answers a form sent: (question id, value as the form sent it). Questions the form did
/// not answer count as "would rather not say".
pub type Answers = [(i64, String)];

/// Checks `answers` against the consultation's questions: a choice per question.
async fn checked_answers(
    c: &mut db::Conn,
    consultation_id: i64,
    answers: &Answers,
) -> Result<Vec<(i64, Option<i64>)>, AppError> {
    let questions = db::participation::questions(c, consultation_id).await?;
    // A question of another consultation (or none) is not one a form of ours asks here.
    if answers
        .iter()
        .any(|(id, _)| !questions.iter().any(|q| q.id == *id))
    {
        return Err(AppError::BadRequest);
    }
    questions
        .iter()
        .map(|q| {
            let options = serde_json::from_str::<Vec<Localized>>(&q.options)
                .map_err(|_| AppError::Internal)?
                .len();
            let value = answers
                .iter()
                .find(|(id, _)| *id == q.id)
                .map_or("", |(_, v)| v.as_str());
            Ok((q.id, rules::parse_choice(value, options)?))
        })
        .collect()
}

/// Removes guest accounts older than `days` that never took part (see
/// `db::participation::remove_idle_guests`): a guest costs nothing to make, and one made by a
/// visitor who only looked would otherwise stay for ever. The installation's upkeep, run by
/// the server's worker as the operator; returns how many went.
pub async fn remove_idle_guests(ctx: &Ctx, days: i64) -> Result<u64, AppError> {
    ctx.authorize_admin(Permission::RemoveIdleGuests, Target::site())?;
    let created_before = db::now_ms() - days.max(1) * 86_400_000;
    let mut tx = ctx.db.begin().await?;
    let removed = db::participation::remove_idle_guests(&mut tx, created_before).await?;
    tx.commit().await?;
    Ok(removed)
}

/// Makes a guest account for someone not signed in, in a consultation open to guests and to
/// participation now, with their answers to its questions; returns the new account's id for
/// the caller to sign in on this browser. The account has no address, password or mail.
pub async fn start_guest(
    ctx: &Ctx,
    consultation_id: i64,
    answers: &Answers,
) -> Result<i64, AppError> {
    if ctx.actor.user_id.is_some() {
        return Err(AppError::invalid("", Msg::ErrAlreadySignedIn));
    }
    let mut c = ctx.db.conn().await?;
    let consultation = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let schedule = consultation.schedule();
    if !schedule.guests {
        return Err(AppError::invalid("", Msg::ErrGuestsNotWelcome));
    }
    if !matches!(
        schedule.phase_at(db::now_ms()),
        Phase::Proposals | Phase::Voting
    ) {
        return Err(AppError::NotNow);
    }
    let answers = checked_answers(&mut c, consultation_id, answers).await?;
    let name = rules::guest_name(ctx.lang, rand::random::<u32>());
    // Unique, unguessable and undeliverable: the address column is required and unique, and
    // `.invalid` can never receive mail.
    let address = format!("guest-{:032x}@guest.invalid", rand::random::<u128>());
    let mut tx = db::begin(&mut c).await?;
    let user = NewUser {
        email: &address,
        display_name: &name,
        password_hash: None,
    };
    let id = db::accounts::create_user(&mut tx, user).await?;
    db::participation::make_guest(&mut tx, id).await?;
    db::notifications::save_settings(&mut tx, id, "off", ctx.lang.code(), None).await?;
    for (question, choice) in answers {
        db::participation::save_answer(&mut tx, question, id, choice).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The signed-in person's answers to a consultation's questions (a guest's only where guests
/// take part).
pub async fn save_answers(
    ctx: &Ctx,
    consultation_id: i64,
    answers: &Answers,
) -> Result<(), AppError> {
    let mut c = ctx.db.conn().await?;
    let consultation = db::consultations::by_id(&mut c, consultation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    // Answering is taking part: only while the consultation takes part of any kind.
    ctx.require_open(&consultation.schedule(), Activity::Vote)?;
    let answers = checked_answers(&mut c, consultation_id, answers).await?;
    let mut tx = db::begin(&mut c).await?;
    for (question, choice) in answers {
        db::participation::save_answer(&mut tx, question, me, choice).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Makes the signed-in guest's account a full one: an address (confirmed by a mailed link),
/// a name and a password, on the same account, so everything it wrote, voted and answered
/// stays. The session goes on.
pub async fn make_full_account(
    ctx: &Ctx,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<(), AppError> {
    let me = ctx.actor.user_id.ok_or(AppError::Unauthorized)?;
    ctx.authorize(Permission::ManageOwnAccount, Target::account(me))?;
    if !ctx.actor.guest {
        return Err(AppError::invalid("", Msg::ErrNotAGuest));
    }
    let valid = crate::accounts::rules::validate_registration(email, display_name, password)?;
    let hash = hash_password_blocking(valid.password).await;
    let mut tx = ctx.db.begin().await?;
    let made =
        db::participation::make_full(&mut tx, me, &valid.email, &valid.display_name, &hash).await;
    match made {
        Err(DbError::Unique) => return Err(AppError::invalid("email", Msg::ErrEmailTaken)),
        other => other?,
    }
    db::notifications::save_settings(&mut tx, me, "instant", ctx.lang.code(), None).await?;
    crate::accounts::links::queue_link(&mut tx, me, crate::accounts::links::VERIFY, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a question to a consultation (its administrators); audited.
pub async fn add_question(
    ctx: &Ctx,
    consultation_id: i64,
    form: &QuestionForm,
) -> Result<i64, AppError> {
    let community_id = ctx
        .authorize_on_consultation(Permission::ManageConsultations, consultation_id)
        .await?;
    let valid = rules::validate_question(form)?;
    let mut c = ctx.db.conn().await?;
    let asked = db::participation::questions(&mut c, consultation_id).await?;
    if asked.len() >= rules::MAX_QUESTIONS {
        return Err(AppError::invalid("", Msg::ErrTooManyQuestions));
    }
    let options = serde_json::to_string(&valid.options).map_err(|_| AppError::Internal)?;
    let mut tx = db::begin(&mut c).await?;
    let id = db::participation::add_question(
        &mut tx,
        consultation_id,
        &valid.question.to_json(),
        &options,
    )
    .await?;
    let target = AuditTarget::Consultation(consultation_id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a question and its answers (its consultation's administrators); audited.
pub async fn remove_question(ctx: &Ctx, question_id: i64) -> Result<i64, AppError> {
    let mut c = ctx.db.conn().await?;
    let consultation_id = db::participation::consultation_of(&mut c, question_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(c);
    let community_id = ctx
        .authorize_on_consultation(Permission::ManageConsultations, consultation_id)
        .await?;
    let mut tx = ctx.db.begin().await?;
    db::participation::remove_question(&mut tx, question_id).await?;
    let target = AuditTarget::Consultation(consultation_id);
    audit_settings(&mut tx, ctx, community_id, target).await?;
    tx.commit().await?;
    Ok(consultation_id)
}

/// A stored question in the reader's language.
pub fn question_of(
    id: i64,
    question: &str,
    options: &str,
    lang: crate::i18n::Lang,
) -> super::Question {
    super::Question {
        id,
        text: Localized::pick(question, lang),
        options: serde_json::from_str::<Vec<Localized>>(options)
            .unwrap_or_default()
            .iter()
            .map(|o| o.get(lang).to_string())
            .collect(),
    }
}

/// A consultation's questions in the reader's language, for the forms that answer them.
/// How the reader may take part in a consultation: guests welcome or not, a guest where only
/// full accounts take part, and the questions they are asked. Someone not signed in sees every
/// question with "take part without an account" (where guests are welcome); someone signed
/// in, only until they have answered.
pub async fn taking_part(
    ctx: &Ctx,
    c: &mut db::Conn,
    g: &db::ConsultationRow,
) -> Result<super::TakingPart, AppError> {
    let guests_welcome = g.participation == "guests";
    let account_needed = ctx.actor.guest && !guests_welcome;
    let asked = match ctx.actor.user_id {
        None => guests_welcome,
        Some(me) => !account_needed && !db::participation::answered_all(c, g.id, me).await?,
    };
    let questions = match asked {
        true => questions(c, g.id, ctx.lang).await?,
        false => Vec::new(),
    };
    Ok(super::TakingPart {
        guests_welcome,
        account_needed,
        questions,
    })
}

pub async fn questions(
    c: &mut db::Conn,
    consultation_id: i64,
    lang: crate::i18n::Lang,
) -> Result<Vec<super::Question>, AppError> {
    let rows = db::participation::questions(c, consultation_id).await?;
    Ok(rows
        .iter()
        .map(|q| question_of(q.id, &q.question, &q.options, lang))
        .collect())
}
