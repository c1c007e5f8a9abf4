//! End-to-end: a docs-like host page with three embeds through `embed.js` (SPEC §12), in headless
//! Chromium: one loaded on a click, one read-only, one from another origin (`localhost` against the
//! page's `127.0.0.1`: another site, so another process too).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Tests report failure by panicking.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use mua_e2e::{workspace_root, Browser, Requested};
use serde_json::Value;

/// The docs page: a column of at most 880 px, light or dark by a class on `<html>` (as docs
/// themes switch), long enough that the lazy embeds start far below the first screen. With
/// `?eager` every embed loads at once (the measurement run). The page logs every `mua:*` event
/// and every long task of its thread.
const HOST: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Docs: protect a vault with a Resource Guard</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #ffffff; color: #1b1b1b; }
html.dark body { background: #1b1b1b; color: #eeeeee; }
main { max-width: 880px; margin: 0 auto; padding: 16px; }
.gap { height: 1400px; }
</style>
<script>
window.__log = []; window.__tasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) {
  const a = (e.attribution || [])[0] || {};
  __tasks.push({ duration: e.duration, start: e.startTime, src: a.containerSrc || '', type: a.containerType || '' });
} }).observe({ type: 'longtask', buffered: true });
for (const t of ['mua:ready', 'mua:resize', 'mua:step'])
  document.addEventListener(t, e => __log.push(Object.assign({ id: e.target.id, at: performance.now() }, e.detail)));
</script>
<script src="../embed.js" defer></script>
</head><body><main>
<h1>Protect a vault with a Resource Guard</h1>
<p>Bob, the Backup admin, enables multi-user authorization. Press Run to try it.</p>
<mua-playground id="tour" scenario="pim-jit-approve" step="3" as="bob" loading="click" title="Bob enables MUA"></mua-playground>
<div class="gap"></div>
<p>Bob tries to disable soft delete without the Backup MUA Operator role:</p>
<mua-playground id="ro" scenario="pim-jit-approve" step="7" explain="last" blade="scenarios" readonly loading="lazy"></mua-playground>
<div class="gap"></div>
<p>Identities, served from another origin:</p>
<mua-playground id="far" src="http://localhost:PORT/" scenario="identities" loading="lazy"></mua-playground>
<div class="gap"></div>
</main>
<script>
if (location.search.includes('eager'))
  for (const e of document.querySelectorAll('mua-playground')) e.setAttribute('loading', 'eager');
</script>
</body></html>
"#;

const IDS: [&str; 3] = ["tour", "ro", "far"];

/// The site to serve: every entry of `dist/` linked, and the docs page under `/docs/`.
fn site() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mua-embed-site-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    for entry in std::fs::read_dir(workspace_root().join("dist")).expect("dist/ is built").flatten() {
        std::os::unix::fs::symlink(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Waits until the script returns `true` (at most 30 s); panics with `what` and the last value.
async fn until(c: &Client, what: &str, script: &str) {
    let start = Instant::now();
    loop {
        let got = js(c, script).await;
        if got == Value::Bool(true) {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{what}: still {got} after 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The events the page logged for an embed, of a type.
async fn events(c: &Client, id: &str, kind: &str) -> Vec<Value> {
    let all = js(c, "return window.__log;").await;
    all.as_array().unwrap().iter().filter(|e| e["id"] == id && e["type"] == kind).cloned().collect()
}

/// For a same-origin embed: its frame's height follows the content's (the frame's 1 px borders
/// around it).
fn follows(id: &str) -> String {
    format!(
        "const f = document.querySelector('#{id} iframe'); const p = f && f.contentDocument && f.contentDocument.querySelector('.portal');
         return !!p && Math.abs(f.getBoundingClientRect().height - (Math.ceil(p.getBoundingClientRect().height) + 2)) <= 1;"
    )
}

/// For the other origin's embed: its frame's height is the last height it reported.
fn follows_reported(id: &str) -> String {
    format!(
        "const r = __log.filter(e => e.id == '{id}' && e.type == 'mua:resize').pop(); const f = document.querySelector('#{id} iframe');
         return !!r && !!f && Math.abs(f.getBoundingClientRect().height - (Math.ceil(r.height) + 2)) <= 1;"
    )
}

/// Nothing on the page, nor in a same-origin embed, is wider than its window.
async fn no_overflow(c: &Client, width: u32) {
    let script = "const wide = d => d.documentElement.scrollWidth > d.documentElement.clientWidth;
        return [wide(document)].concat([...document.querySelectorAll('mua-playground iframe')]
          .filter(f => { try { return !!f.contentDocument; } catch (e) { return false; } }).map(f => wide(f.contentDocument)));";
    let wide = js(c, script).await;
    assert!(wide.as_array().unwrap().iter().all(|w| *w == Value::Bool(false)), "overflow at {width} px: {wide}");
}

fn bytes_of(site: &Path, paths: &[String]) -> u64 {
    paths.iter().filter_map(|p| std::fs::metadata(site.join(p.trim_start_matches('/'))).ok()).map(|m| m.len()).sum()
}

#[tokio::test]
async fn a_docs_page_with_three_embeds_through_embed_js() {
    let site = site();
    let requested = Requested::default();
    let addr = mua_e2e::serve_dir_under(site.clone(), "/", requested.clone());
    std::fs::write(site.join("docs/host.html"), HOST.replace("PORT", &addr.port().to_string())).unwrap();
    let host = format!("http://{addr}/docs/host.html");
    let b = Browser::start().await;
    let c = &b.client;
    c.set_window_size(1200, 860).await.unwrap();

    // 1. Measured: all three loading at once, on a cold cache.
    c.goto(&format!("{host}?eager")).await.unwrap();
    until(
        c,
        "all three embeds say mua:ready",
        "return ['tour','ro','far'].every(id => __log.some(e => e.id == id && e.type == 'mua:ready'));",
    )
    .await;
    let ready: Vec<f64> = {
        let mut at = Vec::new();
        for id in IDS {
            at.push(events(c, id, "mua:ready").await[0]["at"].as_f64().unwrap());
        }
        at
    };
    let paths = requested.lock().unwrap().clone();
    let wasm_fetches = paths.iter().filter(|p| p.ends_with("_bg.wasm")).count();
    let tasks = js(c, "return __tasks;").await;
    // Every long task and when each embed was ready (MUA_EMBED_TASKS=1), to see where the time goes.
    if std::env::var("MUA_EMBED_TASKS").is_ok() {
        println!("long tasks: {tasks}\nlog: {}", js(c, "return __log.filter(e => e.type == 'mua:ready');").await);
    }
    let mut longest = Vec::new();
    for id in IDS {
        let src = js(c, &format!("return document.querySelector('#{id} iframe').src;")).await;
        let max = tasks
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["src"] == src)
            .filter_map(|t| t["duration"].as_f64())
            .fold(0.0, f64::max);
        longest.push(format!("{id} {max:.0} ms"));
    }
    let own = tasks
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["src"] == "")
        .filter_map(|t| t["duration"].as_f64())
        .fold(0.0, f64::max);
    let embed_js = std::fs::metadata(site.join("embed.js")).unwrap().len();
    println!(
        "embed report: all three ready {:.0} ms after navigation start (tour {:.0}, ro {:.0}, far {:.0}); {} bytes served for {} requests \
         (uncompressed; the page's wasm fetched {wasm_fetches} times: once per site, the cache is partitioned by site); \
         longest host task per embed: {}; unattributed {own:.0} ms; embed.js {embed_js} bytes",
        ready.iter().copied().fold(0.0, f64::max),
        ready[0],
        ready[1],
        ready[2],
        bytes_of(&site, &paths),
        paths.len(),
        longest.join(", ")
    );
    assert!(wasm_fetches <= 2, "the wasm is fetched once per origin at most: {paths:?}");

    // 2. As a reader meets it: the click embed fetches nothing before its Run is pressed, and
    // the lazy ones nothing before they come near.
    requested.lock().unwrap().clear();
    c.goto(&host).await.unwrap();
    let run = c
        .wait()
        .for_element(Locator::XPath("//mua-playground[@id='tour']//button[normalize-space(.)='Run']"))
        .await
        .unwrap();
    assert_eq!(run.attr("aria-label").await.unwrap().as_deref(), Some("Run Bob enables MUA"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = requested.lock().unwrap().clone();
    assert!(
        before.iter().all(|p| p == "/docs/host.html" || p == "/embed.js" || p == "/favicon.ico"),
        "nothing but the page and embed.js before the click: {before:?}"
    );
    assert_eq!(js(c, "return document.querySelectorAll('iframe').length;").await, 0, "no frame before the click");
    run.click().await.unwrap();
    until(c, "the clicked embed is ready", "return __log.some(e => e.id == 'tour' && e.type == 'mua:ready');").await;
    let title = js(c, "return document.querySelector('#tour iframe').title;").await;
    assert_eq!(title, "Bob enables MUA — MUA Playground");
    assert!(requested.lock().unwrap().iter().any(|p| p == "/index.html"), "the click loads the playground");

    // 3. Heights follow the content; a host's mua:next runs the tour's next step, and mua:step
    // comes back with how it ended; the height follows the new content.
    until(c, "the frame is as tall as its content", &follows("tour")).await;
    js(c, "document.getElementById('tour').next();").await;
    until(c, "a mua:step comes back", "return __log.some(e => e.id == 'tour' && e.type == 'mua:step');").await;
    let step = &events(c, "tour", "mua:step").await[0];
    assert_eq!((step["index"].as_u64(), step["step"].as_u64()), (Some(3), Some(4)), "{step}");
    assert_eq!((step["as"].as_str(), step["action"].as_str()), (Some("bob"), Some("enable_mua")), "{step}");
    assert_eq!(
        (step["outcome"].as_str(), step["code"].as_str()),
        (Some("refused"), Some("cross-tenant-auth-required")),
        "{step}"
    );
    until(c, "the frame follows the content after the step", &follows("tour")).await;

    // 4. The lazy ones load as the reader scrolls to them; the other origin's too.
    for id in ["ro", "far"] {
        js(c, &format!("document.getElementById('{id}').scrollIntoView();")).await;
        until(
            c,
            &format!("{id} is ready"),
            &format!("return __log.some(e => e.id == '{id}' && e.type == 'mua:ready');"),
        )
        .await;
    }
    until(c, "ro follows its content", &follows("ro")).await;
    until(c, "far follows its reported height", &follows_reported("far")).await;
    let far_src = js(c, "return document.querySelector('#far iframe').src;").await;
    assert!(far_src.as_str().unwrap().starts_with(&format!("http://localhost:{}/", addr.port())), "{far_src}");
    no_overflow(c, 1200).await;
    js(c, "document.getElementById('tour').scrollIntoView();").await;
    b.screenshot("embed-host-1200-light").await;

    // 5. Dark follows the host, in every embed (the other origin's read through its frame).
    let theme_of = |id: &str| {
        format!("return document.querySelector('#{id} iframe').contentDocument.querySelector('.portal').className;")
    };
    assert!(js(c, &theme_of("tour")).await.as_str().unwrap().contains("theme-light"));
    js(c, "document.documentElement.classList.add('dark');").await;
    for id in ["tour", "ro"] {
        let dark = format!("return document.querySelector('#{id} iframe').contentDocument.querySelector('.portal.theme-dark') != null;");
        until(c, &format!("{id} turns dark"), &dark).await;
    }
    let far = c.find(Locator::Css("#far iframe")).await.unwrap();
    far.enter_frame().await.unwrap();
    c.wait().for_element(Locator::Css(".portal.theme-dark")).await.expect("the other origin's embed turns dark");
    c.enter_parent_frame().await.unwrap();

    // 6. At a phone's width: nothing overflows, heights still follow.
    c.set_window_size(400, 860).await.unwrap();
    until(c, "tour follows at 400 px", &follows("tour")).await;
    until(c, "ro follows at 400 px", &follows("ro")).await;
    until(c, "far follows at 400 px", &follows_reported("far")).await;
    no_overflow(c, 400).await;
    js(c, "document.getElementById('ro').scrollIntoView();").await;
    b.screenshot("embed-host-400-dark").await;

    // 7. Read-only: a change is refused with a message, and Open in MUA Playground opens an
    // editable copy in a new tab.
    let ro = c.find(Locator::Css("#ro iframe")).await.unwrap();
    ro.enter_frame().await.unwrap();
    let done = "return document.querySelectorAll('ol.tour li.done').length;";
    assert_eq!(js(c, done).await, 7);
    // explain=last: the teaching moment, step 7's refusal, with its explanation open.
    c.wait()
        .for_element(Locator::XPath(
            "//*[contains(@class, 'toast')][contains(., 'mua-operator-role-missing')]//ol[@class='checks']",
        ))
        .await
        .expect("the last step's result with Explain open");
    c.find(Locator::XPath("//button[normalize-space(.)='Run next step']")).await.unwrap().click().await.unwrap();
    c.wait()
        .for_element(Locator::XPath("//*[@role='alert'][contains(., 'read-only')]"))
        .await
        .expect("the refusal is said");
    assert_eq!(js(c, done).await, 7, "nothing changed");
    let open = c
        .wait()
        .for_element(Locator::XPath("//a[contains(., 'Open in MUA Playground')][starts-with(@href, 'http')]"))
        .await
        .unwrap();
    assert_eq!(open.attr("target").await.unwrap().as_deref(), Some("_blank"));
    let href = open.attr("href").await.unwrap().unwrap();
    assert!(href.contains("#s=2.") && !href.contains("embed=1") && href.contains("v="), "{href}");
    let home = c.window().await.unwrap();
    open.click().await.unwrap();
    let start = Instant::now();
    let copy = loop {
        let windows = c.windows().await.unwrap();
        if let Some(w) = windows.into_iter().find(|w| *w != home) {
            break w;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "a new tab opens");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    c.switch_to_window(copy).await.unwrap();
    c.wait().for_element(Locator::Css("nav.leftnav")).await.expect("the copy is the full playground");
    c.wait()
        .for_element(Locator::XPath("//button[normalize-space(.)='Run next step']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(c, "the copy takes a change", "return document.querySelectorAll('ol.tour li.done').length == 8;").await;
    tokio::time::sleep(Duration::from_millis(600)).await; // the copy saves its session
    c.close_window().await.unwrap();
    c.switch_to_window(home).await.unwrap();

    // 8. A broken embed stays an embed, and shows nobody's saved session (the copy saved one).
    c.goto(&format!("http://{addr}/index.html?scenario=no-such-scenario&embed=1")).await.unwrap();
    c.wait()
        .for_element(Locator::XPath("//h1[normalize-space(.)='This embed could not open']"))
        .await
        .expect("an error card");
    assert!(c.find(Locator::Css("nav.leftnav")).await.is_err(), "no chrome");
    let text = js(c, "return document.body.innerText;").await;
    assert!(!text.as_str().unwrap().contains("saved session"), "{text}");
    assert!(text.as_str().unwrap().contains("no-such-scenario"), "{text}");

    // 9. A share link with embed=1 is an embed (the copy's link, as the snippet writes it).
    c.goto(&href.replacen("#s=", "&embed=1#s=", 1)).await.unwrap();
    c.wait().for_element(Locator::XPath("//a[contains(., 'Open in MUA Playground')]")).await.expect("an embed's bar");
    assert!(c.find(Locator::Css("nav.leftnav")).await.is_err(), "no chrome");

    // 10. A link made by another version says so.
    c.goto(&format!("http://{addr}/index.html?scenario=pim-jit-approve&step=6&v=0.0.1&embed=1")).await.unwrap();
    c.wait()
        .for_element(Locator::XPath("//*[@role='alert'][contains(., 'made with MUA Playground 0.0.1')]"))
        .await
        .expect("an old link warns");
    b.screenshot("embed-old-version").await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

/// A Chrome DevTools command through chromedriver (`goog/cdp/execute`): the visitor's colour
/// setting is emulated with it.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(serde_json::json!({ "cmd": self.0, "params": self.1 }).to_string()))
    }
}

async fn prefer(c: &Client, scheme: &str) {
    let features = serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
    c.issue_cmd(Cdp("Emulation.setEmulatedMedia", features)).await.expect("emulate the colour setting");
}

#[tokio::test]
async fn the_app_and_an_auto_embed_follow_the_visitors_dark_setting_until_a_theme_is_picked() {
    let addr = mua_e2e::serve_dist();
    let b = Browser::start().await;
    let c = &b.client;
    c.goto(&format!("http://{addr}/")).await.unwrap();
    prefer(c, "dark").await;
    c.wait().for_element(Locator::Css(".portal.theme-dark")).await.expect("dark under a dark setting");
    assert_eq!(js(c, "return document.querySelector('select.theme').value;").await, "auto");
    // It follows a change of the setting while open...
    prefer(c, "light").await;
    c.wait().for_element(Locator::Css(".portal.theme-light")).await.expect("light again");
    // ...until the person picks a theme, which stays (and is saved).
    c.find(Locator::Css("select.theme")).await.unwrap().select_by_value("contrast").await.unwrap();
    prefer(c, "dark").await;
    c.wait().for_element(Locator::Css(".portal.theme-contrast")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await; // the debounced save
    c.refresh().await.unwrap();
    c.wait().for_element(Locator::Css(".portal.theme-contrast")).await.expect("the pick is kept");
    // An embed with theme=auto follows the visitor too (and reads no saved theme).
    c.goto(&format!("http://{addr}/index.html?scenario=pim-jit-approve&step=2&theme=auto&embed=1")).await.unwrap();
    c.wait().for_element(Locator::Css(".portal.embed.theme-dark")).await.expect("the embed is dark");
    b.close().await;
}
