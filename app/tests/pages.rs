//! The page loaders as services, on both back-ends: each page's data comes from a service
//! taking the caller's context, so each is tested here without a request, per role: what it
//! shows, and whom it refuses. (The idea page's loaders are in `visibility.rs`.)

use app::both_backends;
use app::consultations::rules::Phase;
use app::error::AppError;
use app::moderation::rules::{ContentRef, Kind};
use app::server::Db;
use app::testing::{demo, draft, user_id, RESIDENT, SLUG};
use app::{consultations, ideas, moderation, notifications, search};

both_backends!(
    the_consultation_pages_show_and_refuse_by_role,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let first = ideas::service::create_idea(&d.resident, d.consultation, &draft("Klopi"))
            .await
            .unwrap();
        ideas::service::create_idea(&d.other_resident, d.consultation, &draft("Drevesa"))
            .await
            .unwrap();
        use consultations::service as s;

        // The community page: the links to the queue and the settings follow the role.
        for (ctx, moderator, admin) in [
            (&d.anonymous, false, false),
            (&d.resident, false, false),
            (&d.moderator, true, false),
            (&d.admin, true, true),
        ] {
            let page = s::community_page(ctx, SLUG).await.unwrap();
            assert_eq!(page.community.slug, SLUG);
            assert_eq!(page.consultations.len(), 1);
            assert_eq!((page.moderator, page.admin), (moderator, admin));
        }
        assert_eq!(
            s::community_page(&d.anonymous, "none").await.err(),
            Some(AppError::NotFound)
        );

        // The home page lists the community, and the consultation among the open ones when it
        // takes ideas or votes; only a site administrator may create a community.
        let home = s::home(&d.resident).await.unwrap();
        assert!(home.communities.iter().any(|c| c.slug == SLUG));
        let card = &s::community_page(&d.anonymous, SLUG)
            .await
            .unwrap()
            .consultations[0];
        let open = matches!(card.phase, Phase::Proposals | Phase::Voting);
        assert_eq!(home.open.iter().any(|c| c.id == d.consultation), open);
        assert!(!home.can_create);

        // The consultation's ideas; a page number nobody could mean shows the first page.
        let page = s::consultation_page(&d.anonymous, d.consultation, "new", "x", "", "")
            .await
            .unwrap();
        assert_eq!(page.ideas.len(), 2);
        assert_eq!(page.ideas[1].id, first, "newest first");
        assert_eq!((page.page, page.pages), (1, 1));
        assert!(!page.signed_in && !page.can_answer);
        let as_admin = s::consultation_page(&d.admin, d.consultation, "new", "1", "", "")
            .await
            .unwrap();
        assert!(as_admin.signed_in && as_admin.can_answer);
        assert_eq!(
            s::consultation_page(&d.anonymous, 999_999, "new", "1", "", "")
                .await
                .err(),
            Some(AppError::NotFound)
        );

        // The settings pages: the community's administrators only.
        for (ctx, refused) in [
            (&d.anonymous, Some(AppError::Unauthorized)),
            (&d.resident, Some(AppError::Forbidden)),
            (&d.moderator, Some(AppError::Forbidden)),
            (&d.admin, None),
        ] {
            let settings = s::community_settings(ctx, SLUG).await;
            assert_eq!(settings.as_ref().err(), refused.as_ref());
            let form = s::consultation_settings(ctx, SLUG, d.consultation).await;
            assert_eq!(form.as_ref().err(), refused.as_ref());
            let new = s::consultation_settings(ctx, SLUG, 0).await;
            assert_eq!(new.as_ref().err(), refused.as_ref());
            if refused.is_none() {
                let settings = settings.unwrap();
                assert_eq!(settings.slug, SLUG);
                assert_eq!(settings.texts.name_sl, "Testna");
                assert_eq!(settings.consultations.len(), 1);
                let form = form.unwrap();
                assert_eq!(form.consultation_id, Some(d.consultation));
                assert_eq!(form.form.texts.name_sl, "Cilj");
                let new = new.unwrap();
                assert_eq!(new.consultation_id, None);
                assert_eq!(new.form.position, "0");
                assert!(!new.form.opens_at.is_empty(), "a new one opens now");
            }
        }
    }
);

both_backends!(
    the_moderation_pages_show_and_refuse_by_role,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Oglas"))
            .await
            .unwrap();
        let item = ContentRef::new(Kind::Idea, idea);
        moderation::service::report(&d.other_resident, item, "spam", "Reklama")
            .await
            .unwrap();
        use moderation::service as s;

        // The item for the report form: its reporter learns they reported it already.
        let seen = s::item_page(&d.other_resident, item).await.unwrap();
        assert!(seen.already_reported);
        assert_eq!(seen.idea_title, "Oglas");
        assert!(
            !s::item_page(&d.resident, item)
                .await
                .unwrap()
                .already_reported
        );
        assert_eq!(
            s::item_page(&d.anonymous, item).await.err(),
            Some(AppError::Unauthorized)
        );
        assert_eq!(s::idea_of(&d.resident, item).await.unwrap(), idea);

        // The queue: moderators see the report; only administrators the settings.
        let queue = s::queue_page(&d.moderator, SLUG, "", "", "1")
            .await
            .unwrap();
        assert_eq!(queue.entries.len(), 1);
        assert_eq!(queue.entries[0].target, item);
        assert_eq!(queue.entries[0].reports[0].1.as_deref(), Some("Reklama"));
        assert!(!queue.admin && queue.consultations.is_empty());
        let queue = s::queue_page(&d.admin, SLUG, "idea", "nonsense", "x")
            .await
            .unwrap();
        assert!(queue.admin && queue.consultations.len() == 1);
        assert_eq!((queue.kind.as_str(), queue.reason.as_str()), ("idea", ""));
        assert_eq!(
            s::queue_page(&d.resident, SLUG, "", "", "1").await.err(),
            Some(AppError::Forbidden)
        );

        // The public log is anyone's; the audit log the administrators'.
        assert!(s::log_page(&d.anonymous, SLUG, false, "", "1")
            .await
            .is_ok());
        assert_eq!(
            s::log_page(&d.moderator, SLUG, true, "", "1").await.err(),
            Some(AppError::Forbidden)
        );
        assert!(s::log_page(&d.admin, SLUG, true, "", "1").await.is_ok());

        // The people of the community and the ban form: who may ban.
        let resident = user_id(&db, RESIDENT).await;
        let members = s::members_page(&d.admin, SLUG, "ana").await.unwrap();
        assert_eq!(members.people.len(), 1);
        assert_eq!(members.people[0].0, resident);
        let form = s::ban_form(&d.admin, SLUG, resident).await.unwrap();
        assert_eq!(form.display_name, "ana");
        assert_eq!(
            s::ban_form(&d.admin, SLUG, 999_999).await.err(),
            Some(AppError::NotFound)
        );
        for ctx in [&d.anonymous, &d.resident] {
            assert!(s::members_page(ctx, SLUG, "").await.is_err());
            assert!(s::ban_form(ctx, SLUG, resident).await.is_err());
        }
    }
);

both_backends!(
    search_and_notifications_through_their_services,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        ideas::service::create_idea(&d.resident, d.consultation, &draft("Klopi ob Ljubljanici"))
            .await
            .unwrap();
        let found = search::service::search_page(&d.anonymous, "klopi", "", "", "", "x")
            .await
            .unwrap();
        assert_eq!((found.total, found.page), (1, 1));
        assert!(found.hits[0].title_html.contains("<mark>Klopi</mark>"));
        assert!(found.consultation.is_none());
        let scoped = search::service::search_page(
            &d.anonymous,
            "klopi",
            &d.consultation.to_string(),
            "",
            "nonsense",
            "1",
        )
        .await
        .unwrap();
        assert_eq!(scoped.consultation.map(|(id, _)| id), Some(d.consultation));
        assert_eq!((scoped.total, scoped.status.as_str()), (1, ""));

        assert_eq!(
            notifications::service::notifications_page(&d.anonymous, "1")
                .await
                .err(),
            Some(AppError::Unauthorized)
        );
        let centre = notifications::service::notifications_page(&d.resident, "1")
            .await
            .unwrap();
        assert_eq!((centre.unread, centre.page), (0, 1));
        assert!(centre.zones.iter().any(|z| z == &centre.site_zone));
    }
);

both_backends!(
    the_other_page_loaders_refuse_who_may_not_see_them,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let idea = ideas::service::create_idea(&d.resident, d.consultation, &draft("Klopi"))
            .await
            .unwrap();

        // The idea form: a new idea for a resident; editing, its author's.
        let new = ideas::service::idea_form(&d.resident, Some(d.consultation), None, None)
            .await
            .unwrap();
        assert_eq!((new.consultation_id, new.idea_id), (d.consultation, None));
        let edit = ideas::service::idea_form(&d.resident, None, Some(idea), None)
            .await
            .unwrap();
        assert_eq!(edit.draft.title, "Klopi");
        assert!(
            ideas::service::idea_form(&d.other_resident, None, Some(idea), None)
                .await
                .is_err()
        );

        // The official answers and the dashboard: the community's administrators.
        let answers = ideas::service::answers_page(&d.admin, d.consultation, "1")
            .await
            .unwrap();
        assert_eq!(answers.ideas.len(), 1);
        assert_eq!(
            ideas::service::answers_page(&d.resident, d.consultation, "1")
                .await
                .err(),
            Some(AppError::Forbidden)
        );
        let dashboard = app::results::service::dashboard(&d.admin, SLUG, 30)
            .await
            .unwrap();
        assert_eq!(dashboard.participants_ever, 1);
        assert_eq!(
            app::results::service::dashboard(&d.moderator, SLUG, 30)
                .await
                .err(),
            Some(AppError::Forbidden)
        );

        // The site's look: site administrators only (nobody in this community is one).
        assert_eq!(
            app::site::service::settings(&d.admin).await.err(),
            Some(AppError::Forbidden)
        );

        // The updates' feed is public; a reset link nobody was sent does not work.
        let (name, entries) = app::measures::service::feed(&d.anonymous, SLUG)
            .await
            .unwrap();
        assert_eq!((name.as_str(), entries.len()), ("Testna", 0));
        assert_eq!(
            app::measures::service::feed(&d.anonymous, "none")
                .await
                .err(),
            Some(AppError::NotFound)
        );
        assert!(
            !app::accounts::links::reset_link_usable(&d.anonymous, "nonsense")
                .await
                .unwrap()
        );
    }
);
