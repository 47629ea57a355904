//! `sigv4kit-gateway`: see `--help`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use sigv4kit_gateway::cli::{self, Command};
use sigv4kit_gateway::config::DEMO_CONFIG;
use sigv4kit_gateway::server::{serve, State};

fn main() {
    let options = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Serve(options)) => options,
        Ok(Command::PrintConfig) => {
            print!("{DEMO_CONFIG}");
            return;
        }
        Ok(Command::Help) => {
            print!("{}", cli::USAGE);
            return;
        }
        Err(e) => fail(&e),
    };
    let config = cli::load_config(&options).unwrap_or_else(|e| fail(&e));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&e.to_string()));
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&options.listen)
            .await
            .unwrap_or_else(|e| fail(&format!("--listen {}: {e}", options.listen)));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| fail(&e.to_string()));
        let mut state = State::new(config, PathBuf::from(&options.static_root));
        state.access_log = !options.quiet;
        state.clock = options.clock;
        if let Some(at) = options.clock {
            eprintln!(
                "sigv4kit-gateway: the clock is fixed at {at} (unix seconds) by --clock: \
                 a testing aid for replaying captured requests, never for real callers"
            );
        }
        println!("sigv4kit-gateway listening on http://{addr}");
        let _ = std::io::stdout().flush();
        serve(listener, Arc::new(state), shutdown_signal()).await;
        eprintln!("sigv4kit-gateway stopped");
    });
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

fn fail(message: &str) -> ! {
    eprintln!("sigv4kit-gateway: {message}");
    std::process::exit(2);
}
