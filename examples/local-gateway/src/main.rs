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
        let shutdown = shutdown_signal();
        println!("sigv4kit-gateway listening on http://{addr}");
        let _ = std::io::stdout().flush();
        serve(listener, Arc::new(state), shutdown).await;
        eprintln!("sigv4kit-gateway stopped");
    });
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed
/// here, before the gateway says it is listening, not when the future is
/// first polled: a signal that came before that would otherwise kill the
/// process with its default action, resetting connections in flight.
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term =
        signal(SignalKind::terminate()).unwrap_or_else(|e| fail(&format!("SIGTERM handler: {e}")));
    let mut int =
        signal(SignalKind::interrupt()).unwrap_or_else(|e| fail(&format!("SIGINT handler: {e}")));
    async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
}

/// Completes on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn fail(message: &str) -> ! {
    eprintln!("sigv4kit-gateway: {message}");
    std::process::exit(2);
}
