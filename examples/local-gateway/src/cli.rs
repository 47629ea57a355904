//! Command-line arguments, parsed by hand: four options do not need a
//! parser crate.

use crate::config::{Config, Format, StaticMount};

/// Usage text.
pub const USAGE: &str = "\
sigv4kit-gateway: a local API Gateway with the AWS_IAM authorizer, a resource policy and STS

Usage: sigv4kit-gateway [--listen ADDR:PORT] [--config FILE] [--static-root DIR]
                        [--mount URL=DIR]... [--quiet] [--clock RFC3339]
       sigv4kit-gateway --print-config

  --listen ADDR:PORT   where to listen (default 127.0.0.1:4566; port 0 picks a free one)
  --config FILE        a TOML or .json config (default: the embedded demo config)
  --static-root DIR    directory the config's static mounts are relative to (default: .)
  --mount URL=DIR      also serve DIR at URL (such as /sigv4kit/=bindings-wasm/dist/web)
  --quiet              no access log lines
  --clock RFC3339      testing aid: verify, and issue credentials, as if it were
                       always this instant (such as 2024-05-01T10:00:00Z), to
                       replay captured requests; never for serving real callers
  --print-config       print the embedded demo config and exit

Once listening it prints `sigv4kit-gateway listening on http://ADDR:PORT` on
standard output, then one JSON access log line per request. SIGINT or SIGTERM
stop it after the requests in flight finish.
";

/// What to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Run the server.
    Serve(Options),
    /// Print the demo config.
    PrintConfig,
    /// Print usage.
    Help,
}

/// Server options.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// `--listen`.
    pub listen: String,
    /// `--config`.
    pub config: Option<String>,
    /// `--static-root`.
    pub static_root: String,
    /// `--mount`, in order.
    pub mounts: Vec<StaticMount>,
    /// `--quiet`.
    pub quiet: bool,
    /// `--clock`: a fixed time (unix seconds) instead of the system clock,
    /// for replaying captured requests in tests. `None`, the default, is the
    /// system clock.
    pub clock: Option<i64>,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options {
        listen: "127.0.0.1:4566".into(),
        config: None,
        static_root: ".".into(),
        mounts: Vec::new(),
        quiet: false,
        clock: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs {what}"))
        };
        match name.as_str() {
            "--listen" => options.listen = value("an address such as 127.0.0.1:4566")?,
            "--config" => options.config = Some(value("a file")?),
            "--static-root" => options.static_root = value("a directory")?,
            "--mount" => {
                let spec = value("URL=DIR")?;
                let (url, dir) = spec.split_once('=').ok_or("--mount needs URL=DIR")?;
                if !(url.starts_with('/') && url.ends_with('/')) || url == "/" {
                    return Err(
                        "--mount: the URL must start and end with '/' and not be \"/\"".into(),
                    );
                }
                options.mounts.push(StaticMount {
                    url: url.into(),
                    dir: dir.into(),
                });
            }
            "--quiet" => options.quiet = true,
            "--clock" => {
                let text = value("a time such as 2024-05-01T10:00:00Z")?;
                let time = sigv4kit::SigningTime::parse_rfc3339(&text)
                    .map_err(|e| format!("--clock {text:?}: {e}"))?;
                options.clock = Some(time.unix());
            }
            "--print-config" => return Ok(Command::PrintConfig),
            "-h" | "--help" => return Ok(Command::Help),
            other => return Err(format!("unknown argument {other:?}; see --help")),
        }
    }
    Ok(Command::Serve(options))
}

/// Loads the config named by the options, or the embedded demo config, and
/// adds the `--mount`s (a mount given there replaces one with the same URL).
pub fn load_config(options: &Options) -> Result<Config, String> {
    let mut config = match &options.config {
        None => Config::demo(),
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("--config {path}: {e}"))?;
            Config::parse(&text, Format::from_path(path)).map_err(|e| format!("{path}: {e}"))?
        }
    };
    for mount in &options.mounts {
        config.static_mounts.retain(|m| m.url != mount.url);
        config.static_mounts.push(mount.clone());
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments_are_parsed_and_bad_ones_named() {
        let Command::Serve(o) = parse(args(&[
            "--listen",
            "127.0.0.1:0",
            "--config=x.toml",
            "--quiet",
        ]))
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            (o.listen.as_str(), o.config.as_deref(), o.quiet),
            ("127.0.0.1:0", Some("x.toml"), true)
        );
        assert_eq!(
            parse(args(&["--print-config"])).unwrap(),
            Command::PrintConfig
        );
        assert_eq!(o.clock, None, "the system clock is the default");
        let Command::Serve(o) = parse(args(&["--clock", "2024-05-01T10:00:00Z"])).unwrap() else {
            panic!()
        };
        assert_eq!(o.clock, Some(1_714_557_600));
        assert!(parse(args(&["--clock=yesterday"]))
            .unwrap_err()
            .contains("--clock \"yesterday\""));
        assert!(parse(args(&["--bogus"])).unwrap_err().contains("--bogus"));
        assert!(parse(args(&["--listen"]))
            .unwrap_err()
            .contains("--listen needs"));
    }
}
