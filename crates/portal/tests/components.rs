//! Browser tests of the portal: each test mounts the app into its own element, clicks real elements,
//! lets yew render, and asserts on the text the user sees.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests report failure by panicking.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element appended to `<body>` and returns that element.
fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<mua_portal::App>::with_root(root.clone()).render();
    root
}

/// Yields to the browser's event loop so yew's scheduled renders run.
async fn tick() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

/// The first element under `root` matching `selector` whose text contains `text`.
fn find(root: &Element, selector: &str, text: &str) -> HtmlElement {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|e| e.text_content().unwrap_or_default().contains(text))
        .unwrap_or_else(|| panic!("no `{selector}` containing {text:?}"))
}

fn blade_title(root: &Element) -> String {
    root.query_selector(".blade-title").unwrap().unwrap().text_content().unwrap()
}

#[wasm_bindgen_test]
async fn home_renders_with_chrome() {
    let root = mount();
    tick().await;
    assert_eq!(blade_title(&root), "Home");
    assert!(root.query_selector(".topbar").unwrap().is_some());
    assert!(root.query_selector("nav.leftnav").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn left_nav_opens_a_blade() {
    let root = mount();
    tick().await;
    find(&root, ".nav-item", "Resource Guards").click();
    tick().await;
    assert_eq!(blade_title(&root), "Resource Guards");
    let active = root.query_selector(".nav-item.active").unwrap().unwrap();
    assert!(active.text_content().unwrap().contains("Resource Guards"));
}

#[wasm_bindgen_test]
async fn breadcrumb_returns_home() {
    let root = mount();
    tick().await;
    find(&root, ".tile", "Backup vaults").click();
    tick().await;
    assert_eq!(blade_title(&root), "Backup vaults");
    find(&root, ".crumb", "Home").click();
    tick().await;
    assert_eq!(blade_title(&root), "Home");
}
