//! The one rule for hidden content, through the page services on both back-ends: every role
//! × hidden or visible × own or someone else's. Everyone learns that something is hidden and
//! under which rule; its text, author and the moderator's message reach its author and the
//! community's moderators (and administrators), nobody else.

use app::both_backends;
use app::ctx::Ctx;
use app::error::AppError;
use app::moderation::rules::{ContentRef, Kind};
use app::server::Db;
use app::testing::{demo, draft};
use app::{arguments, comments, ideas, moderation};

const NOTE: &str = "Oglaševanje ni dovoljeno.";

async fn hide(moderator: &Ctx, items: &[ContentRef]) {
    moderation::service::decide(moderator, items, "hide", "spam", NOTE)
        .await
        .unwrap();
}

both_backends!(
    hidden_content_reaches_its_author_and_the_moderators,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        // The resident's idea, with the other resident's argument and comment; and a second
        // idea of the resident's that stays visible while its argument is hidden.
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Oglas"))
            .await
            .unwrap();
        let open = ideas::service::create_idea(&d.resident, d.consultation, &draft("Klopi"))
            .await
            .unwrap();
        let argument = arguments::service::add_argument(&d.other_resident, open, "for", "Kupite")
            .await
            .unwrap();
        let comment = comments::service::add_comment(&d.other_resident, open, None, "Poceni!")
            .await
            .unwrap();

        // Viewer, writes the hidden idea, writes the hidden argument and comment, moderates.
        let viewers = [
            ("anonymous", &d.anonymous, false, false, false),
            ("the idea's author", &d.resident, true, false, false),
            (
                "the argument's author",
                &d.other_resident,
                false,
                true,
                false,
            ),
            ("moderator", &d.moderator, false, false, true),
            ("administrator", &d.admin, false, false, true),
        ];
        for hidden in [false, true] {
            if hidden {
                hide(&d.moderator, &[ContentRef::new(Kind::Idea, idea)]).await;
                let under = [
                    ContentRef::new(Kind::Argument, argument),
                    ContentRef::new(Kind::Comment, comment),
                ];
                hide(&d.moderator, &under).await;
            }
            for (who, ctx, idea_author, item_author, moderator) in viewers {
                let case = format!("{who}, hidden: {hidden}");
                let page = ideas::service::idea_page(ctx, idea).await.unwrap();
                let sees = !hidden || idea_author || moderator;
                assert_eq!(page.withheld, !sees, "{case}");
                assert_eq!(page.hidden.is_some(), hidden, "{case}: the fact is public");
                assert_eq!(page.body_html.is_empty(), !sees, "{case}");
                assert_eq!(page.author_name.is_empty(), !sees, "{case}");
                assert_eq!(page.mine, idea_author, "{case}");
                let note = page.hidden.as_ref().and_then(|h| h.note.clone());
                assert_eq!(note.is_some(), hidden && sees, "{case}: the message");
                let history = ideas::service::idea_history(ctx, idea).await;
                assert_eq!(history.is_ok(), sees, "{case}: the history");
                if !sees {
                    assert_eq!(history.err(), Some(AppError::NotFound));
                }

                // Under a visible idea, each hidden argument and comment on its own.
                let page = ideas::service::idea_page(ctx, open).await.unwrap();
                assert!(!page.withheld, "{case}");
                let sees = !hidden || item_author || moderator;
                let a = page.arguments.iter().find(|a| a.id == argument).unwrap();
                assert_eq!(a.hidden.is_some(), hidden, "{case}");
                assert_eq!(a.body.is_empty(), !sees, "{case}: the argument");
                assert_eq!(a.mine, item_author, "{case}");
                let note = a.hidden.as_ref().and_then(|h| h.note.clone());
                assert_eq!(note.as_deref(), (hidden && sees).then_some(NOTE), "{case}");
                let c = page.comments.iter().find(|c| c.id == comment).unwrap();
                assert_eq!(c.body.is_empty(), !sees, "{case}: the comment");
                assert_eq!(c.author_name.is_empty(), !sees, "{case}");
            }
        }
    }
);
