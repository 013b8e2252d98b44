//! What search pages show: a search of ideas and arguments (in a consultation or site-wide)
//! and the similar ideas offered before a new idea is posted. The index holds visible content
//! only (triggers keep it so), so nobody finds hidden content here, moderators included: they
//! work from the moderation queue.

use super::SearchView;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Localized;
use crate::server::db;

/// A search, as the address gives it; unparsable filters are ignored rather than refused.
pub async fn search_page(
    ctx: &Ctx,
    q: &str,
    consultation: &str,
    category: &str,
    status: &str,
    page: &str,
) -> Result<SearchView, AppError> {
    use super::rules::{terms, Combine, PER_PAGE};
    use crate::ideas::rules::{parse_page, Status};
    use std::collections::HashMap;
    let lang = ctx.lang;
    let mut c = ctx.db.conn().await?;
    let scope = match consultation.parse::<i64>() {
        Ok(id) => db::consultations::by_id(&mut c, id).await?,
        Err(_) => None,
    };
    let categories = match &scope {
        Some(g) => db::consultations::categories(&mut c, g.community_id).await?,
        None => Vec::new(),
    };
    let status = Status::ALL
        .into_iter()
        .find(|s| s.as_str() == status)
        .map(|s| s.as_str().to_string());
    let category_id = category
        .parse::<i64>()
        .ok()
        .filter(|id| categories.iter().any(|(k, _)| k == id));
    let filter = db::search::Filter {
        consultation: scope.as_ref().map(|g| g.id),
        category: category_id,
        status: status.clone(),
        ideas_only: false,
    };
    let page = parse_page(Some(page));
    let words = terms(q);
    let (rows, total) = db::search::search(
        &mut c,
        ctx.db.backend,
        &words,
        Combine::All,
        &filter,
        page,
        PER_PAGE,
    )
    .await?;
    let mut names: HashMap<i64, String> = HashMap::new();
    for r in &rows {
        if !names.contains_key(&r.consultation_id) {
            if let Some(g) = db::consultations::by_id(&mut c, r.consultation_id).await? {
                names.insert(g.id, Localized::pick(&g.name, lang));
            }
        }
    }
    drop(c);
    let hits = rows
        .into_iter()
        .map(|r| super::Hit {
            idea_id: r.idea_id,
            is_argument: r.kind == "argument",
            href: match r.kind.as_str() {
                "argument" => format!("/ideas/{}#argument-{}", r.idea_id, r.ref_id),
                _ => format!("/ideas/{}", r.idea_id),
            },
            title_html: super::rules::marked_html(&r.title, &words),
            // An idea's text is Markdown: the snippet shows what it reads as, not its symbols.
            snippet_html: match r.kind.as_str() {
                "argument" => super::rules::snippet_html(&r.body, &words),
                _ => super::rules::snippet_html(
                    &crate::server::markdown::plain_text(&r.body),
                    &words,
                ),
            },
            consultation: names.get(&r.consultation_id).cloned().unwrap_or_default(),
            status: Status::parse(&r.status),
            category: r.category.map(|k| Localized::pick(&k, lang)),
        })
        .collect();
    Ok(SearchView {
        q: q.to_string(),
        consultation: scope.map(|g| (g.id, Localized::pick(&g.name, lang))),
        categories: categories
            .into_iter()
            .map(|(id, name)| (id, Localized::pick(&name, lang)))
            .collect(),
        category: category_id.map(|k| k.to_string()).unwrap_or_default(),
        status: status.unwrap_or_default(),
        hits,
        total,
        page,
        pages: crate::moderation::rules::page_count(total.min(db::search::COUNT_CAP), PER_PAGE),
    })
}

/// Up to five visible ideas of a consultation that share words with `title` and `body`.
pub async fn similar_ideas(
    ctx: &Ctx,
    consultation_id: i64,
    title: &str,
    body: &str,
) -> Result<Vec<super::SimilarIdea>, AppError> {
    use super::rules::{terms, Combine};
    // The title says what the idea is; a few words of the description help when it is short.
    let mut words = terms(title);
    words.extend(
        terms(body)
            .into_iter()
            .filter(|w| w.chars().count() >= 5)
            .take(4),
    );
    words.retain(|w| w.chars().count() >= 3);
    // A word of the description may repeat one of the title.
    words.sort();
    words.dedup();
    let filter = db::search::Filter {
        consultation: Some(consultation_id),
        ideas_only: true,
        ..Default::default()
    };
    let mut c = ctx.db.conn().await?;
    let (rows, _) =
        db::search::search(&mut c, ctx.db.backend, &words, Combine::Any, &filter, 1, 5).await?;
    Ok(rows
        .into_iter()
        .map(|r| super::SimilarIdea {
            id: r.idea_id,
            title_html: super::rules::marked_html(&r.title, &words),
            status: crate::ideas::rules::Status::parse(&r.status),
        })
        .collect())
}
