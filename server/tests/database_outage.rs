//! PostgreSQL going away and coming back, against the real server binary. Runs on a private
//! PostgreSQL instance (its own data folder and port), so stopping it disturbs nothing else.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::Server;

struct PrivatePostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl PrivatePostgres {
    fn start() -> PrivatePostgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL server binaries under /usr/lib/postgresql")
            .flatten()
            .map(|e| e.path().join("bin"))
            .find(|p| p.join("initdb").exists())
            .expect("initdb");
        let dir = tempfile::tempdir().expect("temp dir");
        // The server refuses to run as root: hand the folder to the postgres account then.
        let _ = Command::new("chmod").arg("777").arg(dir.path()).status();
        let pg = PrivatePostgres {
            bin,
            dir,
            port: support::free_port(),
        };
        let data = pg.data();
        assert!(
            pg.run(
                "initdb",
                &["-A", "trust", "-U", "postgres", "--no-sync", "-D", &data]
            ),
            "initdb failed"
        );
        pg.ctl("start");
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn ctl(&self, action: &str) {
        assert!(self.try_ctl(action), "pg_ctl {action} failed");
    }

    fn try_ctl(&self, action: &str) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-m",
                "fast",
                "-w",
                action,
            ],
        )
    }

    fn run(&self, tool: &str, args: &[&str]) -> bool {
        let program = self.bin.join(tool);
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n");
        let status = if as_root.unwrap_or(false) {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .current_dir(Path::new("/"))
                .stdout(Stdio::null())
                .status()
        } else {
            Command::new(&program)
                .args(args)
                .stdout(Stdio::null())
                .status()
        }
        .expect("PostgreSQL tool runs");
        status.success()
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        self.try_ctl("stop");
    }
}

/// Polls `path` until it answers `status`, for at most `within`.
async fn until_status(server: &Server, path: &str, status: u16, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        if let Ok(reply) = server.get(path).await {
            if reply.status == status {
                return reply.body;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{path} did not answer {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_gives_503_and_the_server_recovers() {
    let pg = PrivatePostgres::start();
    let server = Server::start(&pg.url()).await;
    let page = server
        .get("/consultations/1")
        .await
        .expect("consultation page");
    assert_eq!(page.status, 200);

    pg.ctl("stop");
    let health = until_status(&server, "/healthz", 503, Duration::from_secs(15)).await;
    assert!(health.contains("database unavailable"), "{health}");
    let page = until_status(&server, "/consultations/1", 503, Duration::from_secs(15)).await;
    // The page says so in the visitor's language (Slovenian by default), with a way home.
    assert!(page.contains("<main"), "a whole page, not a bare error");
    assert!(
        page.contains("Storitev trenutno ni na voljo"),
        "a Slovenian explanation: {page}"
    );

    pg.ctl("start");
    until_status(&server, "/healthz", 200, Duration::from_secs(30)).await;
    let page = until_status(&server, "/consultations/1", 200, Duration::from_secs(10)).await;
    assert!(
        page.contains("idea-card"),
        "the consultation's ideas are back"
    );
}
