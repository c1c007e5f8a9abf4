//! Harness for the end-to-end tests: serves the release build (`dist/`) on loopback, starts
//! chromedriver, and opens a headless Chromium session through WebDriver.
//!
//! The harness fails loudly (with what to run) when `dist/` or the browser is missing: an end-to-end
//! test that silently skips would prove nothing.
#![allow(clippy::expect_used, clippy::panic)] // PANIC SAFETY: a test harness reports failure by panicking.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where screenshots go for a person to look at: `target/e2e-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace_root().join("target").join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/e2e-screenshots");
    dir
}

/// The paths a test server was asked for, in order.
pub type Requested = Arc<Mutex<Vec<String>>>;

/// A static file server for `dist/` on 127.0.0.1 (a random free port), running on its own thread
/// for the life of the test process.
pub fn serve_dist() -> SocketAddr {
    serve_dir(workspace_root().join("dist"))
}

/// A static file server for a built site directory on 127.0.0.1 (a random free port).
pub fn serve_dir(dist: PathBuf) -> SocketAddr {
    serve_dir_under(dist, "/", Arc::default())
}

/// A static file server for a built site directory published under `prefix` (e.g. `/playground/`,
/// as a docs site or a project site hosts it): only paths under the prefix exist; every path
/// requested is added to `requested`. As static hosts do, the files whose names carry trunk's
/// content hash may be cached (`Cache-Control: max-age=600`).
pub fn serve_dir_under(dist: PathBuf, prefix: &'static str, requested: Requested) -> SocketAddr {
    serve(dist, prefix, requested, Refused::default(), true)
}

/// While it holds a file name's ending, the test server answers requests for such files with
/// 503 Service Unavailable (a network that fails).
pub type Refused = Arc<Mutex<Option<&'static str>>>;

/// A static file server for `dist/` that refuses the files `refused` names while it names them.
pub fn serve_dist_refusing(refused: Refused) -> SocketAddr {
    serve(workspace_root().join("dist"), "/", Arc::default(), refused, false)
}

fn serve(dist: PathBuf, prefix: &'static str, requested: Requested, refused: Refused, cache: bool) -> SocketAddr {
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the site first (`trunk build --release --offline`, done by `./x test`)",
        dist.display()
    );
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = server.server_addr().to_ip().expect("an IP address");
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split(['?', '#']).next().unwrap_or("/").to_owned();
            requested.lock().map(|mut r| r.push(path.clone())).ok();
            let under =
                path.strip_prefix(prefix).or_else(|| (path.as_str() == prefix.trim_end_matches('/')).then_some(""));
            let rel = under.map(|rel| if rel.is_empty() { "index.html" } else { rel });
            // Refuse anything outside the prefix or that climbs out of dist/.
            let file = rel.filter(|rel| !rel.split('/').any(|s| s == "..")).map(|rel| dist.join(rel));
            let refuse = refused.lock().ok().and_then(|r| *r).is_some_and(|ending| path.ends_with(ending));
            let file = file.filter(|_| !refuse);
            let response = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                Some((f, bytes)) => {
                    let mime = content_type(&f);
                    let header = tiny_http::Header::from_bytes("Content-Type", mime).expect("header");
                    let response = tiny_http::Response::from_data(bytes).with_header(header);
                    // trunk's hashed names: `mua-portal-<16 hex digits>…`.
                    let hashed = f.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.split(['-', '_', '.'])
                            .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
                    });
                    match tiny_http::Header::from_bytes("Cache-Control", "max-age=600") {
                        Ok(header) if cache && hashed => response.with_header(header),
                        _ => response,
                    }
                }
                None if refuse => tiny_http::Response::from_data(b"unavailable".to_vec()).with_status_code(503),
                None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    addr
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// A running chromedriver and a WebDriver session on headless Chromium. Dropping it kills chromedriver.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _driver: tokio::process::Child,
    _profile: TempDir,
}

impl Browser {
    /// Starts chromedriver (from `$CHROMEDRIVER`, default `/usr/bin/chromedriver`) and opens a session.
    pub async fn start() -> Browser {
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let driver = tokio::process::Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_path}: {e} (run `./x setup`)"));
        wait_for_port(port, Duration::from_secs(20));
        let profile = TempDir::new("mua-e2e-profile");
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--window-size=1280,860",
                    format!("--user-data-dir={}", profile.0.display()),
                ]
            }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a WebDriver session on headless Chromium");
        Browser { client, _driver: driver, _profile: profile }
    }

    /// Saves a PNG screenshot as `target/e2e-screenshots/{name}.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("take a screenshot");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// Ends the WebDriver session (closing Chromium).
    pub async fn close(self) {
        let Browser { client, .. } = self;
        client.close().await.expect("close the WebDriver session");
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

fn wait_for_port(port: u16, limit: Duration) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < limit, "chromedriver did not listen on port {port} within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(prefix: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
