//! A person's own data: all of it read out for "Download my data", and an account emptied of
//! it when deleted. Each table a person's rows live in is named here once.

use super::{now_ms, Conn, DbResult, Tx};
use sqlx::{Column, Row};

/// Each section of the download, the table it reads, and the query that fills it (`$1` is the
/// person). Every table with a column that points to a person has a section (a test compares
/// this list with the schema).
pub const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "account",
        "users",
        "SELECT display_name, email, email_verified_at, lang, mail_mode, time_zone, guest, created_at
         FROM users WHERE id = $1",
    ),
    (
        "ideas",
        "ideas",
        "SELECT id, consultation_id, kind, title, body, status, hidden, created_at, edited_at
         FROM ideas WHERE author_id = $1 ORDER BY id",
    ),
    (
        "arguments",
        "arguments",
        "SELECT id, idea_id, side, body, hidden, created_at FROM arguments
         WHERE author_id = $1 ORDER BY id",
    ),
    (
        "comments",
        "comments",
        "SELECT id, idea_id, parent_id AS reply_to, body, hidden, created_at FROM comments
         WHERE author_id = $1 ORDER BY id",
    ),
    (
        "pictures",
        "idea_pictures",
        "SELECT id, idea_id, alt, hidden, created_at FROM idea_pictures WHERE author_id = $1
         ORDER BY id",
    ),
    (
        "idea_votes",
        "idea_votes",
        "SELECT idea_id, value, created_at FROM idea_votes WHERE user_id = $1 ORDER BY idea_id",
    ),
    (
        "argument_votes",
        "argument_votes",
        "SELECT argument_id, value, created_at FROM argument_votes WHERE user_id = $1
         ORDER BY argument_id",
    ),
    (
        "communities_taken_part_in",
        "community_participants",
        "SELECT community_id, last_day FROM community_participants WHERE user_id = $1
         ORDER BY community_id",
    ),
    (
        "consultations_taken_part_in",
        "consultation_participants",
        "SELECT consultation_id, last_day FROM consultation_participants WHERE user_id = $1
         ORDER BY consultation_id",
    ),
    (
        "follows",
        "follows",
        "SELECT idea_id, following, created_at FROM follows WHERE user_id = $1 ORDER BY idea_id",
    ),
    (
        "reports",
        "reports",
        "SELECT target_kind, target_id, reason, note, created_at FROM reports
         WHERE reporter_id = $1 ORDER BY created_at",
    ),
    (
        "appeals",
        "appeals",
        "SELECT target_kind, target_id, body, decision, created_at, decided_at FROM appeals
         WHERE author_id = $1 ORDER BY created_at",
    ),
    (
        "notifications",
        "notifications",
        "SELECT id, kind, idea_id, subject_id, is_read, created_at FROM notifications
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        "identities",
        "identities",
        "SELECT provider, subject, created_at FROM identities WHERE user_id = $1 ORDER BY provider",
    ),
    (
        "registration_answers",
        "registration_answers",
        "SELECT q.consultation_id, q.question, q.options, a.choice, a.created_at
         FROM registration_answers a JOIN registration_questions q ON q.id = a.question_id
         WHERE a.user_id = $1 ORDER BY q.consultation_id, q.position, q.id",
    ),
    (
        "survey_responses",
        "survey_responses",
        "SELECT r.survey_id, s.title, r.answers, r.submitted_at, r.created_at, r.updated_at
         FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
         WHERE r.user_id = $1 ORDER BY r.survey_id",
    ),
    (
        "memberships",
        "memberships",
        "SELECT community_id, role, banned, banned_until, created_at FROM memberships
         WHERE user_id = $1 ORDER BY community_id",
    ),
(
        "idea_versions",
        "idea_revisions",
        "SELECT r.idea_id, r.title, r.body, CASE WHEN r.edited_by = $1 THEN 1 ELSE 0 END AS edited_by_me, r.created_at
         FROM idea_revisions r JOIN ideas i ON i.id = r.idea_id
         WHERE i.author_id = $1 OR r.edited_by = $1 ORDER BY r.idea_id, r.id",
    ),
    (
        "official_answers",
        "idea_status_changes",
        "SELECT idea_id, status, message, created_at FROM idea_status_changes
         WHERE author_id = $1 ORDER BY id",
    ),
    (
        "measure_versions",
        "measure_versions",
        "SELECT measure_id, version, fields, created_at FROM measure_versions
         WHERE author_id = $1 ORDER BY id",
    ),
    (
        "measure_updates",
        "measure_updates",
        "SELECT measure_id, body, created_at FROM measure_updates WHERE author_id = $1 ORDER BY id",
    ),
    (
        "indicator_readings",
        "reading_versions",
        "SELECT reading_id, version, taken_on, value, note, source, created_at FROM reading_versions
         WHERE author_id = $1 ORDER BY id",
    ),
    (
        "uploaded_pictures",
        "images",
        "SELECT id, width, height, created_at FROM images WHERE created_by = $1 ORDER BY id",
    ),
    (
        "moderation_actions",
        "audit_log",
        "SELECT community_id, action, target_kind, target_id, reason, note, created_at FROM audit_log
         WHERE actor_id = $1 ORDER BY id",
    ),
    (
        "account_links",
        "account_tokens",
        "SELECT purpose, new_email, expires_at, used_at, created_at FROM account_tokens
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        "mails",
        "outbox",
        "SELECT notification_id, digest_day, CASE WHEN account_token_id IS NULL THEN 0 ELSE 1 END AS link, created_at, sent_at
         FROM outbox WHERE user_id = $1 ORDER BY id",
    ),
];

/// Everything stored of and by the person, section by section, as JSON values.
pub async fn export(
    c: &mut Conn,
    user_id: i64,
) -> DbResult<serde_json::Map<String, serde_json::Value>> {
    let mut out = serde_json::Map::new();
    for (name, _, sql) in SECTIONS {
        let rows = sqlx::query(sql).bind(user_id).fetch_all(&mut *c).await?;
        let rows: Vec<serde_json::Value> = rows.iter().map(row_json).collect();
        out.insert(name.to_string(), rows.into());
    }
    Ok(out)
}

/// One row as a JSON object. The Any driver knows integers, floats and text; a column is
/// whichever of those decodes.
fn row_json(row: &sqlx::any::AnyRow) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            v.into()
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            v.into()
        } else {
            row.try_get::<Option<f64>, _>(i).ok().flatten().into()
        };
        object.insert(column.name().to_string(), value);
    }
    object.into()
}

/// What the person wrote, to delete with their account: `(kind, id, hidden)` of their ideas
/// (not the city's measures, which belong to the city), arguments and comments.
pub async fn authored(c: &mut Conn, user_id: i64) -> DbResult<Vec<(String, i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT 'idea', id, hidden FROM ideas WHERE author_id = $1 AND kind = 'idea'
         UNION ALL SELECT 'argument', id, hidden FROM arguments WHERE author_id = $1
         UNION ALL SELECT 'comment', id, hidden FROM comments WHERE author_id = $1
         UNION ALL SELECT 'picture', id, hidden FROM idea_pictures WHERE author_id = $1",
    )
    .bind(user_id)
    .fetch_all(c)
    .await?)
}

/// Empties an account of everything that points to the person. The row stays, so what stays
/// of theirs (votes, and their content when anonymised) still counts, under a name that is
/// nobody's. Sessions end with it (`deleted_at` is checked on every request).
pub async fn erase(tx: &mut Tx<'_>, user_id: i64, name: &str) -> DbResult<()> {
    for sql in [
        "DELETE FROM notifications WHERE user_id = $1",
        "DELETE FROM outbox WHERE user_id = $1",
        "DELETE FROM account_tokens WHERE user_id = $1",
        "DELETE FROM identities WHERE user_id = $1",
        "DELETE FROM follows WHERE user_id = $1",
        "DELETE FROM memberships WHERE user_id = $1",
        // Statistics answers are about the person: they go, and leave the tallies with them.
        "DELETE FROM registration_answers WHERE user_id = $1",
        // So are survey responses, whose texts may say who wrote them: they go with the
        // account (and leave the results a response fewer).
        "DELETE FROM survey_responses WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut **tx).await?;
    }
    sqlx::query(
        "UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', display_name = $2,
                password_hash = NULL, email_verified_at = NULL, time_zone = NULL, site_admin = 0,
                mail_mode = 'off', session_epoch = session_epoch + 1, deleted_at = $3
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(name)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The person's appeals go with their content.
pub async fn delete_appeals(tx: &mut Tx<'_>, user_id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM appeals WHERE author_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
