//! The site's own look through its service, on both back-ends: only a site administrator sets
//! it, a colour too light for white text is refused, the look reads in each language, and a
//! logo replaces the one before it.

use app::both_backends;
use app::testing as common;
use app::testing::count;

use app::error::AppError;
use app::i18n::{Lang, Msg};
use app::server::db;
use app::server::Db;
use app::site::rules::LookForm;
use app::site::service;
use common::demo;

fn form(name: &str, colour: &str) -> LookForm {
    LookForm {
        name: name.into(),
        tagline_sl: "Predlagajte, razpravljajte, glasujte".into(),
        tagline_en: "Propose, debate, vote".into(),
        colour: colour.into(),
    }
}

both_backends!(
    a_site_administrator_sets_the_look_and_everyone_sees_it,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        // Posvet's own look until one is set.
        let before = service::look(&db, Lang::Sl).await.unwrap();
        assert_eq!((before.name.as_str(), before.version), ("Posvet", 0));

        // A community's administrator runs a community, not the site.
        let refused = service::save(&d.admin, &form("Mesto", "#00703c")).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        let mut tx = db.begin().await.unwrap();
        db::accounts::set_site_admin(&mut tx, d.admin.actor.user_id.unwrap(), true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let site_admin = common::as_user(&db, common::ADMIN).await;

        // Yellow would put white text on a pale background: refused, nothing stored.
        match service::save(&site_admin, &form("Mesto", "#ffcc00")).await {
            Err(AppError::Validation(e)) => assert_eq!(e[0].msg, Msg::ErrColourTooLight),
            other => panic!("{other:?}"),
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM site_look").await, 0);

        // A logo needs a look to belong to.
        let early = service::set_logo(&site_admin, Some(common::jpeg(200, 100))).await;
        assert!(matches!(early, Err(AppError::NotNow)), "{early:?}");
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM images").await,
            0,
            "no orphan"
        );

        service::save(&site_admin, &form(" Mesto ", "#00703C"))
            .await
            .unwrap();
        let sl = service::look(&db, Lang::Sl).await.unwrap();
        assert_eq!(sl.name, "Mesto");
        assert_eq!(sl.colour, "#00703c");
        assert_eq!(
            sl.tagline.as_deref(),
            Some("Predlagajte, razpravljajte, glasujte")
        );
        assert!(sl.version > 0);
        let en = service::look(&db, Lang::En).await.unwrap();
        assert_eq!(en.tagline.as_deref(), Some("Propose, debate, vote"));

        // A new logo replaces the old one's image; removing it leaves none.
        service::set_logo(&site_admin, Some(common::jpeg(200, 100)))
            .await
            .unwrap();
        let first = service::look(&db, Lang::Sl).await.unwrap().logo.unwrap();
        service::set_logo(&site_admin, Some(common::jpeg(300, 100)))
            .await
            .unwrap();
        let second = service::look(&db, Lang::Sl).await.unwrap().logo.unwrap();
        assert_ne!(first.src, second.src);
        assert_eq!((second.width, second.height), (300, 100));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, 1);
        service::set_logo(&site_admin, None).await.unwrap();
        assert!(service::look(&db, Lang::Sl).await.unwrap().logo.is_none());
        assert_eq!(count(&db, "SELECT COUNT(*) FROM images").await, 0);

        // The change is audited, without a community.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE target_kind = 'site'"
            )
            .await,
            4
        );
        // A resident may not read the settings either.
        assert!(service::settings(&d.resident).await.is_err());
    }
);
