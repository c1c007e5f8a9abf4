//! End-to-end: the release site, served on loopback, driven in headless Chromium by visible labels.
#![allow(clippy::expect_used, clippy::unwrap_used)] // Tests report failure by panicking.

use fantoccini::Locator;
use mua_e2e::{serve_dist, Browser};

/// A button or link whose visible text contains `label`.
fn by_label(label: &str) -> String {
    format!("//*[self::button or self::a][contains(normalize-space(.), '{label}')]")
}

async fn blade_title(browser: &Browser) -> String {
    let el = browser.client.wait().for_element(Locator::Css(".blade-title")).await.expect("a blade title");
    el.text().await.expect("blade title text")
}

#[tokio::test]
async fn site_loads_renders_and_navigates() {
    let addr = serve_dist();
    let browser = Browser::start().await;
    browser.client.goto(&format!("http://{addr}/")).await.expect("open the site");
    assert_eq!(blade_title(&browser).await, "Home");
    assert!(browser.client.find(Locator::Css("header.topbar")).await.is_ok(), "the top bar renders");
    browser.screenshot("home").await;

    browser
        .client
        .find(Locator::XPath(&by_label("Resource Guards")))
        .await
        .expect("the nav entry")
        .click()
        .await
        .expect("click");
    assert_eq!(blade_title(&browser).await, "Resource Guards");
    let shot = browser.screenshot("resource-guards").await;
    assert!(std::fs::metadata(shot).expect("screenshot file").len() > 1000);
    browser.close().await;
}
