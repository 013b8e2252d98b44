//! The Posvet server: read configuration, open the database, serve until told to stop.

#![recursion_limit = "256"]

use clap::Parser;
use leptos::prelude::get_configuration;
use server::commands::{self, Cli, Command};
use server::config::Config;
use server::router::build_router;
use std::net::SocketAddr;
use tracing_subscriber::EnvFilter;

/// Rendering allocates many small strings on every thread; with glibc's malloc a quarter of
/// the CPU under load went to the allocator (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if std::env::var("POSVET_LOG_FORMAT").is_ok_and(|v| v.trim() == "json") {
        // One object per line; the request's span (its id, method and path) on each.
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let started = std::time::Instant::now();
    match Cli::parse().command {
        Some(Command::Generate(args)) => std::process::exit(commands::generate(args).await),
        Some(Command::CheckCounters) => std::process::exit(commands::check_counters().await),
        Some(Command::SetRole(args)) => std::process::exit(commands::set_role(args).await),
        Some(Command::SiteAdmin(args)) => std::process::exit(commands::site_admin(args).await),
        Some(Command::Export(args)) => std::process::exit(commands::export(args).await),
        Some(Command::ExportSurvey(args)) => {
            std::process::exit(commands::export_survey(args).await)
        }
        Some(Command::GenerateSurvey(args)) => {
            std::process::exit(commands::generate_survey(args).await)
        }
        Some(Command::OpinionGroups(args)) => {
            std::process::exit(commands::opinion_groups(args).await)
        }
        Some(Command::ImportPolis(args)) => std::process::exit(commands::import_polis(args).await),
        Some(Command::Backup(args)) => std::process::exit(commands::backup(args).await),
        Some(Command::Restore(args)) => std::process::exit(commands::restore(args).await),
        Some(Command::Serve) | None => {}
    }
    // Options baked in by cargo-leptos at build time; LEPTOS_* variables override them.
    let leptos_options = match get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            eprintln!("posvet: cannot read Leptos configuration: {e}");
            std::process::exit(2);
        }
    };
    let addr: SocketAddr = leptos_options.site_addr;
    let config = Config::from_env();
    if let Err(e) = &config.oidc {
        eprintln!("posvet: {e}");
        std::process::exit(2);
    }
    if let Err(e) = app::time::set_site_zone(&config.time_zone) {
        eprintln!("posvet: POSVET_TIME_ZONE: {e}");
        std::process::exit(2);
    }
    server::metrics::started();
    let (router, db) = match build_router(&config, leptos_options).await {
        Ok(built) => built,
        Err(e) => {
            eprintln!(
                "posvet: cannot open the database {}: {e}",
                redact(&config.database_url)
            );
            std::process::exit(1);
        }
    };
    if let Some(mail) = config.mail.clone() {
        tokio::spawn(server::mailer::run(db.clone(), mail));
    }
    tokio::spawn(server::upkeep::run(db.clone(), config.guest_days));
    tokio::spawn(server::opinion_groups::run(db.clone()));
    if let Some(metrics_addr) = &config.metrics_addr {
        let metrics_addr = match metrics_addr {
            Ok(a) if *a == addr => {
                eprintln!("posvet: POSVET_METRICS_ADDR must not be the site's own address");
                std::process::exit(2);
            }
            Ok(a) => *a,
            Err(e) => {
                eprintln!("posvet: {e}");
                std::process::exit(2);
            }
        };
        let listener = match tokio::net::TcpListener::bind(metrics_addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("posvet: cannot listen on {metrics_addr} for metrics: {e}");
                std::process::exit(1);
            }
        };
        tracing::info!(%metrics_addr, "metrics on http://{metrics_addr}/metrics");
        let metrics = server::metrics::router(db.clone());
        tokio::spawn(async move { axum::serve(listener, metrics).await });
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("posvet: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    tracing::info!(%addr, ms = started.elapsed().as_millis() as u64, "Posvet is listening on http://{addr}");
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        eprintln!("posvet: server error: {e}");
        std::process::exit(1);
    }
}

/// Stop accepting connections on SIGINT or SIGTERM and let in-flight requests finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}
