//! Runs the real `posvet` binary for fault tests, and talks HTTP/1.1 to it over a plain TCP
//! socket: the tests need to control exactly when bytes are sent (half a request body before
//! SIGTERM), which an HTTP client library hides.
#![allow(dead_code)]

pub mod smtp;

use app::votes::server_fns::VoteIdea;
use leptos::server_fn::ServerFn;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Server {
    child: Child,
    pub port: u16,
}

/// Runs a `posvet` command against `database_url` and waits for it (errors only in its log).
pub fn posvet(args: &[&str], database_url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_posvet"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("posvet runs")
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    /// Starts the server on `database_url` and waits until `/healthz` answers 200.
    pub async fn start(database_url: &str) -> Server {
        Server::start_with(database_url, &[]).await
    }

    /// The same, with more settings in its environment.
    pub async fn start_with(database_url: &str, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_posvet"))
            .envs(env.iter().copied())
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_OUTPUT_NAME", "posvet")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("POSVET_RATE_LIMIT", "0")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the posvet binary starts");
        let mut server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(reply) = server.get("/healthz").await {
                if reply.status == 200 {
                    return server;
                }
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server exited while starting: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "the server did not start in 60 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM: the polite request to stop.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for the process to exit; its exit status, or None on timeout.
    pub async fn exited(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    pub async fn get(&self, path: &str) -> std::io::Result<Reply> {
        request(self.port, "GET", path, &[("Accept", "text/html")], "").await
    }

    pub async fn vote(&self, cookie: &str, idea: i64, value: i64) -> std::io::Result<Reply> {
        vote(self.port, cookie, idea, value).await
    }
}

/// The headers of a vote as the wasm client sends it (form-encoded, JSON answer).
pub fn vote_headers(cookie: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Cookie", format!("posvet_session={cookie}")),
        ("Accept", "application/json".into()),
        ("Content-Type", "application/x-www-form-urlencoded".into()),
    ]
}

pub async fn vote(port: u16, cookie: &str, idea: i64, value: i64) -> std::io::Result<Reply> {
    let headers = vote_headers(cookie);
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    request(
        port,
        "POST",
        VoteIdea::PATH,
        &headers,
        &format!("idea_id={idea}&value={value}"),
    )
    .await
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// The status line and headers as sent.
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The value of the session cookie the reply sets, if it sets one.
    pub fn session_cookie(&self) -> Option<String> {
        self.head
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
            .find_map(|l| l.split_once("posvet_session="))
            .map(|(_, v)| v.split(';').next().unwrap_or("").to_string())
    }
}

/// One request on its own connection (`Connection: close`), read to the end.
pub async fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    stream
        .write_all(head(port, method, path, headers, body.len()).as_bytes())
        .await?;
    stream.write_all(body.as_bytes()).await?;
    read_reply(&mut stream).await
}

pub fn head(port: u16, method: &str, path: &str, headers: &[(&str, &str)], len: usize) -> String {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {len}\r\n"
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

pub async fn read_reply(stream: &mut TcpStream) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no reply in 30 s"))??;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "no status line"))?;
    let (head, body) = text
        .split_once("\r\n\r\n")
        .map(|(h, b)| (h.to_string(), b.to_string()))
        .unwrap_or_default();
    Ok(Reply { status, head, body })
}
