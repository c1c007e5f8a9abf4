//! `./x perf`: measures, in headless Chromium on the release build,
//! - the DOM update of one persona switch and of one action with 1,000 vaults and 10,000 role
//!   assignments loaded (from the click to the DOM mutation that shows the new state), on a vault's
//!   Properties and on the Topology blade;
//! - the first render of the portal against a bare yew counter built the same way.
//!
//! It prints medians and writes them to `target/perf-report.txt`. It is a measurement, not a test.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // A measuring script reports failure by panicking.

use fantoccini::Locator;
use mua_e2e::{serve_dir, workspace_root, Browser};
use serde_json::{json, Value};

const RUNS: usize = 21;

/// Clicks the element (selector + text) and resolves with the ms until `done(text)` holds in the DOM.
const MEASURE_JS: &str = r#"
const [clickSel, clickText, watchSel, watchText, runs, openSel, openText] = arguments;
const done = arguments[arguments.length - 1];
const byText = (sel, t) => [...document.querySelectorAll(sel)].find(e => e.textContent.includes(t));
const tick = () => new Promise(r => setTimeout(r, 0));
(async () => {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const target = clickText[i % clickText.length];
    const expect = watchText[i % watchText.length];
    if (openSel) { byText(openSel, openText).click(); await tick(); await tick(); }
    const el = byText(clickSel, target);
    if (!el) { done({ error: 'no ' + clickSel + ' with ' + target }); return; }
    let t1 = null;
    const t0 = performance.now();
    const obs = new MutationObserver(() => { if (t1 === null && byText(watchSel, expect)) t1 = performance.now(); });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    el.click();
    for (let k = 0; k < 500 && t1 === null; k++) await tick();
    obs.disconnect();
    if (t1 === null) { done({ error: 'no update for ' + target }); return; }
    out.push(t1 - t0);
    await tick();
  }
  done({ times: out });
})();
"#;

/// Resolves with ms from navigation start until `selector` exists.
const FIRST_RENDER_JS: &str = r#"
const [selector] = arguments;
const done = arguments[arguments.length - 1];
// The page records when the element first appeared (see FIRST_RENDER_PROBE); poll for that mark.
(function poll() {
  const t = window.__firstRender;
  if (t !== undefined) done(t); else setTimeout(poll, 5);
})();
"#;

/// Installed before the page's scripts run (CDP is not available through plain WebDriver, so the
/// probe is injected by navigating with a tiny wrapper): records `performance.now()` at the first
/// DOM mutation that makes `.blade-title` exist.
const FIRST_RENDER_PROBE: &str = r#"
new MutationObserver((_, obs) => {
  if (document.querySelector('.blade-title')) { window.__firstRender = performance.now(); obs.disconnect(); }
}).observe(document.documentElement, { subtree: true, childList: true });
"#;

/// Waits for the element at `xpath` and clicks it.
async fn click(b: &Browser, xpath: &str) {
    b.client
        .wait()
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{xpath}: {e}"))
        .click()
        .await
        .unwrap();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn times(v: Value) -> Vec<f64> {
    if let Some(e) = v.get("error") {
        panic!("measurement failed: {e}");
    }
    v["times"].as_array().unwrap().iter().map(|t| t.as_f64().unwrap()).collect()
}

/// A snapshot holding the benchmark world (10,000 assignments) and 1,000 vaults created by steps.
fn big_snapshot() -> String {
    let mut doc: Value = serde_json::from_str(&mua_bench::scenario(10_000)).unwrap();
    let mut steps = doc["steps"].as_array().cloned().unwrap();
    for k in 1..1000 {
        steps.push(
            json!({"as": "olga", "do": "create_vault", "id": format!("vault-{k:04}"), "kind": "recovery_services",
                          "resource_group": format!("rg-{}", k % mua_bench::RESOURCE_GROUPS)}),
        );
    }
    doc["steps"] = json!([]);
    json!({"v": 1, "source": {"json": doc}, "history": steps, "plan_pos": 0, "as": "bob", "theme": "light"}).to_string()
}

/// Copies a built site to `target/perf-<name>` with the probe as the first script of `<head>`.
fn probed_copy(from: &std::path::Path, name: &str) -> std::path::PathBuf {
    let to = workspace_root().join("target").join(format!("perf-{name}"));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(from, &to);
    for entry in std::fs::read_dir(&to).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).unwrap();
            let patched = html.replacen("<head>", &format!("<head><script>{FIRST_RENDER_PROBE}</script>"), 1);
            std::fs::write(&path, patched).unwrap();
        }
    }
    to
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn first_render_once(b: &Browser, url: &str) -> f64 {
    b.client.goto("about:blank").await.unwrap();
    b.client.goto(url).await.unwrap();
    let t = b.client.execute_async(FIRST_RENDER_JS, vec![json!(".blade-title")]).await.unwrap();
    t.as_f64().unwrap()
}

/// The medians of the first render of `a` and of `b`, measured in turns (a, b, a, b…) so that a
/// change of the machine's load during the run weighs on both alike.
async fn first_renders(b: &Browser, first: &str, second: &str) -> (f64, f64) {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        x.push(first_render_once(b, first).await);
        y.push(first_render_once(b, second).await);
    }
    (median(x), median(y))
}

/// RUNS clicks on the open clock menu's +5 min, the first being the session's `first`-th move since
/// 09:00 (the clock then shows 09:05, 09:10, …): the ms until the clock shows each new time.
async fn clock_moves(b: &Browser, first: usize) -> Vec<f64> {
    let shown: Vec<String> =
        (first..first + RUNS).map(|i| format!("{:02}:{:02} UTC", 9 + i * 5 / 60, i * 5 % 60)).collect();
    let args = vec![
        json!("button"),
        json!(["+5 min"]),
        json!(".clock-time"),
        json!(shown),
        json!(RUNS),
        json!(null),
        json!(null),
    ];
    times(b.client.execute_async(MEASURE_JS, args).await.unwrap())
}

/// The brotli size (`brotli -q 11`, as the size report measures) of the page's wasm in a trunk dist
/// folder: the `*_bg.wasm` that wasm-bindgen's glue loads at start.
fn page_wasm_brotli(dist: &std::path::Path) -> usize {
    let wasm = std::fs::read_dir(dist)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().ends_with("_bg.wasm"))
        .unwrap_or_else(|| panic!("no *_bg.wasm in {}", dist.display()));
    let out = std::process::Command::new("brotli").args(["-c", "-q", "11"]).arg(&wasm).output().unwrap();
    assert!(out.status.success(), "brotli failed on {}", wasm.display());
    out.stdout.len()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (site_dist, counter_dist) = (workspace_root().join("dist"), workspace_root().join("target/dist-counter"));
    let (portal_wasm, counter_wasm) = (page_wasm_brotli(&site_dist), page_wasm_brotli(&counter_dist));
    let site = serve_dir(probed_copy(&site_dist, "portal"));
    let counter = serve_dir(probed_copy(&counter_dist, "counter"));
    let b = Browser::start().await;
    let base = format!("http://{site}/");

    // First render: the portal (default scenario, empty storage) against the bare counter.
    b.client.goto(&base).await.unwrap();
    b.client.execute("localStorage.clear()", vec![]).await.unwrap();
    let (portal_first, counter_first) = first_renders(&b, &base, &format!("http://{counter}/")).await;

    // The big world: 1,000 vaults, 10,000 role assignments.
    b.client.goto(&base).await.unwrap();
    // Let the page's debounced save (300 ms after a change) land before replacing what it saved.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let snapshot = big_snapshot();
    b.client
        .execute("localStorage.setItem('mua-playground/state', arguments[0])", vec![json!(snapshot)])
        .await
        .unwrap();
    b.client.goto("about:blank").await.unwrap();
    b.client.goto(&base).await.unwrap();
    let load = b.client.execute_async(FIRST_RENDER_JS, vec![json!(".blade-title")]).await.unwrap().as_f64().unwrap();
    b.client.wait().for_element(Locator::Css(".blade-title")).await.unwrap();
    let w = b
        .client
        .execute(
            "return [document.body.textContent.includes('Signed in as bob'), !!document.querySelector('[role=alert]')]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(w, json!([true, false]), "the big session loaded as bob, without an error notice");

    // Persona switch: Sara ⇄ Bob.
    let persona = times(
        b.client
            .execute_async(
                MEASURE_JS,
                vec![
                    json!(".menu-item"),
                    json!(["sara", "bob"]),
                    json!("button.persona"),
                    json!(["as sara", "as bob"]),
                    json!(RUNS),
                    json!("button.persona"),
                    json!("Signed in as"),
                ],
            )
            .await
            .unwrap(),
    );

    // One action: as Olga, on a vault's Properties, move the clock on by 5 minutes from the clock menu
    // (a step through the core's session; the whole page renders again).
    b.client.execute(
        "const by=(s,t)=>[...document.querySelectorAll(s)].find(e=>e.textContent.includes(t)); by('button.persona','Signed in as').click();",
        vec![],
    ).await.unwrap();
    click(&b, "//button[contains(@class,'menu-item')][contains(.,'olga')]").await;
    click(&b, "//nav[@class='leftnav']//button[contains(.,'Recovery Services vaults')]").await;
    click(&b, "//button[normalize-space(.)='vault-0500']").await;
    click(&b, "//button[contains(@class,'tab')][normalize-space(.)='Properties']").await;
    b.client.wait().for_element(Locator::XPath("//button[@aria-label='Update Security Settings']")).await.unwrap();
    // The clock menu stays open while its buttons are used.
    click(&b, "//button[contains(@class,'clock-time')]").await;
    let action = clock_moves(&b, 1).await;

    // The same action with the Topology blade open (its diagram of 1,000 vaults drawn again).
    click(&b, "//nav[@class='leftnav']//button[contains(.,'Topology')]").await;
    b.client.wait().for_element(Locator::Css("svg.topology")).await.unwrap();
    click(&b, "//button[contains(@class,'clock-time')]").await;
    let topology = clock_moves(&b, RUNS + 1).await;

    let report = format!(
        "MUA Playground perf (headless Chromium, release build, median of {RUNS})\n\
         first render, portal:            {portal_first:8.1} ms (page's wasm {portal_wasm} B brotli)\n\
         first render, bare yew counter:  {counter_first:8.1} ms (its wasm {counter_wasm} B brotli)\n\
         ratio portal / counter:          {:8.2}\n\
         load with 1,000 vaults + 10,000 assignments (replays 1,005 steps): {load:.1} ms\n\
         persona switch (1,000 vaults, 10,000 assignments): {:8.2} ms (max {:.2})\n\
         one action (clock +5 min, same world):            {:8.2} ms (max {:.2})\n\
         one action with the Topology blade open:          {:8.2} ms (max {:.2})\n",
        portal_first / counter_first,
        median(persona.clone()),
        persona.iter().cloned().fold(0.0, f64::max),
        median(action.clone()),
        action.iter().cloned().fold(0.0, f64::max),
        median(topology.clone()),
        topology.iter().cloned().fold(0.0, f64::max),
    );
    print!("{report}");
    std::fs::write(workspace_root().join("target/perf-report.txt"), &report).unwrap();
    b.close().await;
}
