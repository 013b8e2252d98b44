//! Exports through their service on both back-ends: who may download them, what they hold
//! (č, š, ž intact in every format), no e-mail address anywhere, hidden content only when
//! asked for and then audited, and CSV cells that cannot become formulas.

use app::both_backends;
use app::error::AppError;
use app::exports::rules::Format;
use app::exports::service::{export, ExportRequest};
use app::server::Db;
use app::testing::{count, demo, draft, Demo};
use app::{arguments, comments, ideas, votes};
use calamine::{Data, Reader, Xlsx};

/// Two visible ideas (one with an argument each way, a comment and votes) and a hidden one.
async fn content(d: &Demo) -> (i64, i64) {
    let mut first = draft("Čebelnjak na strehi šole");
    first.body = "Žolne in čebele na Žalah.".into();
    let idea = ideas::service::create_idea(&d.resident, d.consultation, &first)
        .await
        .unwrap();
    let mut risky = draft("Formula");
    risky.body = "=HYPERLINK(\"http://evil.example\")".into();
    ideas::service::create_idea(&d.resident, d.consultation, &risky)
        .await
        .unwrap();
    let hidden = ideas::service::create_idea(&d.resident, d.consultation, &draft("Skrito"))
        .await
        .unwrap();
    sqlx::query("UPDATE ideas SET hidden = 1 WHERE id = $1")
        .bind(hidden)
        .execute(&d.db.pool)
        .await
        .unwrap();
    arguments::service::add_argument(&d.other_resident, idea, "for", "Več opraševalcev.")
        .await
        .unwrap();
    arguments::service::add_argument(&d.other_resident, idea, "against", "Piki otrok.")
        .await
        .unwrap();
    comments::service::add_comment(&d.other_resident, idea, None, "Kje točno?")
        .await
        .unwrap();
    votes::service::vote_idea(&d.other_resident, idea, 1)
        .await
        .unwrap();
    (idea, hidden)
}

/// A finished file, as the browser saves it.
struct File {
    file_name: String,
    bytes: Vec<u8>,
}

async fn download(ctx: &app::ctx::Ctx, req: &ExportRequest<'_>) -> Result<File, AppError> {
    let started = when_free(ctx, req).await?;
    let file_name = started.file_name.clone();
    Ok(File {
        file_name,
        bytes: started.collect().await?,
    })
}

/// Starts an export, waiting out the exports other tests in this binary are making (one at a
/// time per process; see the last test).
async fn when_free(
    ctx: &app::ctx::Ctx,
    req: &ExportRequest<'_>,
) -> Result<app::exports::service::Export, AppError> {
    for _ in 0..20 {
        match export(ctx, req).await {
            Err(e) if is_busy(&e) => continue,
            other => return other,
        }
    }
    panic!("exports stayed busy for a minute")
}

fn is_busy(e: &AppError) -> bool {
    matches!(e, AppError::Validation(errors) if errors.iter().any(|f| f.msg == app::i18n::Msg::ErrExportBusy))
}

fn request(format: &str, include_hidden: bool) -> ExportRequest<'static> {
    ExportRequest {
        community_slug: app::testing::SLUG,
        consultation: None,
        format: Format::parse(format).unwrap(),
        include_hidden,
        base_url: "https://posvet.example",
    }
}

fn no_email(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.contains("@example.org"),
        "an e-mail address in the export"
    );
}

both_backends!(
    exports_hold_the_content_without_email_addresses,
    |db: Db, _url: String| async move {
        let d = demo(db.clone()).await;
        let (idea, hidden) = content(&d).await;
        for ctx in [&d.resident, &d.moderator, &d.anonymous] {
            let r = download(ctx, &request("xlsx", false)).await;
            assert!(
                matches!(r, Err(AppError::Forbidden | AppError::Unauthorized)),
                "{:?}",
                r.err()
            );
        }

        // CSV: UTF-8 with a byte-order mark, one row per visible idea, formulas defused.
        let csv = download(&d.admin, &request("csv-ideas", false))
            .await
            .unwrap();
        assert!(csv.file_name.ends_with(".csv") && csv.file_name.contains("ideas"));
        assert_eq!(&csv.bytes[..3], b"\xEF\xBB\xBF");
        no_email(&csv.bytes);
        let mut reader = csv::Reader::from_reader(&csv.bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2, "the hidden idea is left out");
        let row = rows.iter().find(|r| r[0] == idea.to_string()).unwrap();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        assert_eq!(&row[col("title")], "Čebelnjak na strehi šole");
        assert_eq!(&row[col("text")], "Žolne in čebele na Žalah.");
        assert_eq!(&row[col("author")], "ana");
        assert_eq!(&row[col("votes_for")], "1");
        assert_eq!(&row[col("arguments_for")], "1");
        assert_eq!(&row[col("arguments_against")], "1");
        assert_eq!(&row[col("comments")], "1");
        assert_eq!(
            &row[col("url")],
            format!("https://posvet.example/ideas/{idea}")
        );
        let risky = rows.iter().find(|r| &r[col("title")] == "Formula").unwrap();
        assert!(risky[col("text")].starts_with("'="));

        // XLSX: a sheet per table, text and numbers as such.
        let book = download(&d.admin, &request("xlsx", false)).await.unwrap();
        no_email(&book.bytes);
        let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book.bytes)).unwrap();
        assert_eq!(
            xlsx.sheet_names(),
            [
                "ideas",
                "arguments",
                "comments",
                "measures",
                "indicators",
                "readings",
                "participants",
                "opinion_groups"
            ]
        );
        let ideas_sheet = xlsx.worksheet_range("ideas").unwrap();
        assert_eq!(ideas_sheet.height(), 3, "a header and two ideas");
        // Headings in the reader's language (the CSV keeps its stable keys).
        let heading: Vec<String> = ideas_sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(&heading[..4], ["ID", "ID posveta", "Naslov", "Besedilo"]);
        let cells: Vec<&Data> = ideas_sheet.rows().flatten().collect();
        assert!(cells.contains(&&Data::String("Čebelnjak na strehi šole".into())));
        // The formula-looking text is a string in a workbook, never a formula.
        assert!(cells.contains(&&Data::String("=HYPERLINK(\"http://evil.example\")".into())));
        let arguments_sheet = xlsx.worksheet_range("arguments").unwrap();
        assert_eq!(arguments_sheet.height(), 3);
        let sides: Vec<String> = arguments_sheet
            .rows()
            .skip(1)
            .map(|r| r[3].to_string())
            .collect();
        assert_eq!(sides, ["for", "against"]);
        assert_eq!(
            xlsx.worksheet_range("comments").unwrap().get((1, 3)),
            Some(&Data::String("Kje točno?".into()))
        );

        // JSON: the same content, numbers as numbers.
        let json = download(&d.admin, &request("json", false)).await.unwrap();
        no_email(&json.bytes);
        let v: serde_json::Value = serde_json::from_slice(&json.bytes).unwrap();
        assert_eq!(v["ideas"].as_array().unwrap().len(), 2);
        assert_eq!(v["arguments"].as_array().unwrap().len(), 2);
        assert_eq!(v["comments"][0]["text"], "Kje točno?");
        let first = v["ideas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == idea)
            .unwrap();
        assert_eq!(first["votes_for"], 1);
        assert_eq!(first["title"], "Čebelnjak na strehi šole");

        // Nothing asked for hidden content so far: no audit row.
        let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'export_with_hidden'";
        assert_eq!(count(&db, audited).await, 0);
        let all = download(&d.admin, &request("json", true)).await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&all.bytes).unwrap();
        let ids: Vec<i64> = v["ideas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&hidden));
        assert_eq!(count(&db, audited).await, 1);

        // One consultation; another community's consultation is not found through this one.
        let mut one = request("csv-comments", false);
        one.consultation = Some(d.consultation);
        let comments = download(&d.admin, &one).await.unwrap();
        assert_eq!(String::from_utf8_lossy(&comments.bytes).lines().count(), 2);
        one.consultation = Some(999_999);
        assert_eq!(
            download(&d.admin, &one).await.err(),
            Some(AppError::NotFound)
        );
    }
);

both_backends!(
    exports_are_made_one_at_a_time,
    |db: Db, _url: String| async move {
        let d = demo(db).await;
        let first = when_free(&d.admin, &request("json", false)).await.unwrap();
        // While it is being sent, a second administrator is told to wait (after a short
        // wait of its own), and nothing about the first changes.
        let second = export(&d.admin, &request("csv-ideas", false)).await;
        assert!(
            matches!(&second, Err(e) if is_busy(e)),
            "{:?}",
            second.err()
        );
        let bytes = first.collect().await.unwrap();
        assert!(bytes.starts_with(b"{"));
        // Once the first is done, the next one is made.
        let third = when_free(&d.admin, &request("csv-ideas", false)).await;
        assert!(third.is_ok());
    }
);
