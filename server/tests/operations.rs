//! What the city's IT watches, against the real binary: `/metrics` on its own address, read by
//! Debian's `promtool` and scraped by a real Prometheus; JSON log lines carrying the request's
//! id.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{free_port, request, Server};

async fn get(port: u16, path: &str) -> support::Reply {
    request(port, "GET", path, &[("Accept", "text/html")], "")
        .await
        .expect("an answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_apart_and_prometheus_scrapes_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
    let metrics_port = free_port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let server = Server::start_with(&url, &[("POSVET_METRICS_ADDR", &metrics_addr)]).await;
    for path in ["/", "/consultations/1", "/ideas/1", "/ideas/1", "/nowhere"] {
        get(server.port, path).await;
    }
    // Not on the public port.
    assert_eq!(get(server.port, "/metrics").await.status, 404);

    let metrics = get(metrics_port, "/metrics").await;
    assert_eq!(metrics.status, 200);
    let text = metrics.body;
    for expected in [
        "posvet_http_requests_total{route=\"/ideas/{id}\",status=\"200\"} 2",
        "posvet_http_requests_total{route=\"/consultations/{id}\",status=\"200\"} 1",
        "posvet_http_request_duration_seconds_count{route=\"/ideas/{id}\"} 2",
        "posvet_page_cache_hits_total ",
        "posvet_outbox_due 0",
        "posvet_outbox_oldest_due_age_seconds 0",
        "posvet_db_connections{state=\"idle\"}",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    // The second visit to the same idea page came from the page cache.
    let hits: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("posvet_page_cache_hits_total "))
        .and_then(|n| n.parse().ok())
        .expect("hits");
    assert!(hits >= 1, "{text}");

    // Debian's promtool accepts the text as it is.
    let mut check = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (Debian's prometheus package; scripts/setup.sh installs it)");
    use std::io::Write;
    check
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let checked = check.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "promtool: {}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    // A real Prometheus scrapes it every second.
    let prom_port = free_port();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: posvet\n    static_configs:\n      - targets: ['{metrics_addr}']\n"
        ),
    )
    .unwrap();
    let mut prometheus = Command::new("prometheus")
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("tsdb").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{prom_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prometheus (Debian's package; scripts/setup.sh installs it)");
    let query =
        "/api/v1/query?query=posvet_http_requests_total%7Broute%3D%22%2Fideas%2F%7Bid%7D%22%7D";
    let deadline = Instant::now() + Duration::from_secs(60);
    let scraped = loop {
        if let Ok(reply) = request(prom_port, "GET", query, &[], "").await {
            // The sample as Prometheus stored it: ["<time>","2"].
            if reply.body.contains("\"status\":\"success\"") && reply.body.contains(",\"2\"]") {
                break reply.body;
            }
        }
        assert!(
            Instant::now() < deadline,
            "Prometheus did not scrape the idea page's count in 60 s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(scraped.contains("\"job\":\"posvet\""), "{scraped}");
    let _ = prometheus.kill();
    let _ = prometheus.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_log_lines_carry_the_request_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/posvet.db?mode=rwc", dir.path().display());
    let port = free_port();
    let log = dir.path().join("log.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_posvet"))
        .env("DATABASE_URL", &url)
        .env("LEPTOS_OUTPUT_NAME", "posvet")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("POSVET_LOG_FORMAT", "json")
        .env("RUST_LOG", "info,server=debug")
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .expect("posvet starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while request(port, "GET", "/healthz", &[], "").await.is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reply = request(
        port,
        "GET",
        "/consultations/1",
        &[("X-Request-Id", "proxy-1234")],
        "",
    )
    .await
    .unwrap();
    assert!(reply
        .head
        .to_ascii_lowercase()
        .contains("x-request-id: proxy-1234"));
    let made = get(port, "/").await;
    let id = made
        .head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("x-request-id: ")
                .map(str::to_string)
        })
        .expect("an id made for a request without one");
    assert_eq!(id.len(), 16);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = child.kill();
    let _ = child.wait();

    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(lines.iter().any(|l| l["fields"]["message"] == "answered"
        && l["span"]["id"] == "proxy-1234"
        && l["span"]["path"] == "/consultations/1"));
    assert!(lines
        .iter()
        .any(|l| l["fields"]["message"] == "answered" && l["span"]["id"] == id.as_str()));
}

/// The example systemd unit (docs/posvet.service) is one systemd accepts, hardening included.
#[test]
fn the_systemd_unit_verifies() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/posvet.service"
    ))
    .expect("docs/posvet.service");
    for hardening in [
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "StateDirectory=posvet",
        "NoNewPrivileges=yes",
    ] {
        assert!(unit.contains(hardening), "{hardening} missing");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("posvet.service");
    // The unit names the installed binary; verify it against the one just built.
    std::fs::write(
        &path,
        unit.replace("/usr/local/bin/posvet", env!("CARGO_BIN_EXE_posvet")),
    )
    .unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze (Debian's systemd)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}
