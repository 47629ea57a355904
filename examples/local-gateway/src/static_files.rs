//! Static files for the browser demo: GET and HEAD under configured URL
//! prefixes, no signature (the page must load before it can sign anything).
//! A path is resolved only through plain segments, so `..`, encoded slashes
//! and hidden files never reach outside the mounted directory.

use std::path::{Path, PathBuf};

use crate::config::StaticMount;

/// What a static lookup found.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// The file's bytes and content type.
    File(Vec<u8>, &'static str),
    /// The URL names a mount's directory without its trailing slash.
    Redirect(String),
    /// Under a mount, but nothing there.
    NotFound,
}

/// The mount serving `path` (already percent-decoded), if any.
pub fn mount_for<'a>(mounts: &'a [StaticMount], path: &str) -> Option<&'a StaticMount> {
    mounts
        .iter()
        .filter(|m| path.starts_with(&m.url) || path == m.url.trim_end_matches('/'))
        .max_by_key(|m| m.url.len())
}

/// Finds the file for `path` under `mount`; `root` is the directory relative
/// mount paths are taken from.
pub async fn lookup(root: &Path, mount: &StaticMount, path: &str) -> Found {
    if path == mount.url.trim_end_matches('/') {
        return Found::Redirect(mount.url.clone());
    }
    let rest = &path[mount.url.len()..];
    let mut file = root.join(&mount.dir);
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        let plain = !segment.starts_with('.') && !segment.contains(['\\', '\0']);
        if !plain {
            return Found::NotFound;
        }
        file.push(segment);
    }
    if rest.is_empty() || rest.ends_with('/') {
        file.push("index.html");
    }
    read(file).await
}

async fn read(file: PathBuf) -> Found {
    match tokio::fs::metadata(&file).await {
        Ok(meta) if meta.is_file() => match tokio::fs::read(&file).await {
            Ok(bytes) => Found::File(bytes, content_type(&file)),
            Err(_) => Found::NotFound,
        },
        _ => Found::NotFound,
    }
}

/// The content type by extension; `application/wasm` matters, since
/// browsers only stream-compile WebAssembly served with it.
pub fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_are_served_from_inside_the_mount_only() {
        let dir = std::env::temp_dir().join(format!("sigv4kit-static-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("site/js")).unwrap();
        std::fs::write(dir.join("site/index.html"), "<h1>hi</h1>").unwrap();
        std::fs::write(dir.join("site/js/app.js"), "1").unwrap();
        std::fs::write(dir.join("site/.env"), "secret").unwrap();
        std::fs::write(dir.join("outside.txt"), "no").unwrap();
        let mounts = vec![StaticMount {
            url: "/browser/".into(),
            dir: "site".into(),
        }];
        let m = mount_for(&mounts, "/browser/js/app.js").unwrap();
        assert_eq!(
            lookup(&dir, m, "/browser/").await,
            Found::File(b"<h1>hi</h1>".to_vec(), "text/html; charset=utf-8")
        );
        assert_eq!(
            lookup(&dir, m, "/browser/js/app.js").await,
            Found::File(b"1".to_vec(), "text/javascript; charset=utf-8")
        );
        assert_eq!(
            lookup(&dir, m, "/browser").await,
            Found::Redirect("/browser/".into())
        );
        assert_eq!(
            lookup(&dir, m, "/browser/../outside.txt").await,
            Found::NotFound
        );
        assert_eq!(lookup(&dir, m, "/browser/.env").await, Found::NotFound);
        assert_eq!(lookup(&dir, m, "/browser/js").await, Found::NotFound);
        assert_eq!(
            lookup(&dir, m, "/browser/missing.js").await,
            Found::NotFound
        );
        assert!(mount_for(&mounts, "/prod/hello").is_none());
        assert!(mount_for(&mounts, "/browserx").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
