//! Browser tests of the portal: each test mounts the app into its own element, clicks real
//! elements, lets yew render, and asserts on the text the user sees.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // Tests report failure by panicking.

use std::rc::Rc;

use mua_portal::app::Initial;
use mua_portal::snapshot::{initial_state, restore, share_fragment, shared_snapshot, snapshot, Saved};
use mua_portal::state::{gallery_text, AppState, Blade, GuardTab, ScopeTab, Source, VaultTab};
use mua_portal::{App, AppProps, Persistence};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app on a gallery scenario after running `steps` of its plan, acting as `actor`.
fn mount(scenario: &str, steps: usize, actor: Option<&str>) -> Element {
    let mut state = AppState::start(Source::Gallery(scenario.into()), &gallery_text(scenario).unwrap()).unwrap();
    state.run_plan(steps);
    if let Some(a) = actor {
        state.actor = a.to_owned();
        state.directory = mua_portal::state::home_of(state.world(), a);
    }
    mount_state(state)
}

fn mount_state(state: AppState) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps { initial: Some(Initial(Rc::new(state))), persistence: Persistence::Off, shared: None };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    root
}

/// Yields to the browser's event loop so yew's scheduled renders run.
async fn tick() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

fn all(root: &Element, selector: &str) -> Vec<HtmlElement> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length()).filter_map(|i| nodes.item(i)).filter_map(|n| n.dyn_into::<HtmlElement>().ok()).collect()
}

/// The first element matching `selector` whose text contains `text`.
fn find(root: &Element, selector: &str, text: &str) -> HtmlElement {
    all(root, selector).into_iter().find(|e| e.text_content().unwrap_or_default().contains(text)).unwrap_or_else(|| {
        panic!("no `{selector}` containing {text:?}; page: {}", root.text_content().unwrap_or_default())
    })
}

async fn click(root: &Element, selector: &str, text: &str) {
    find(root, selector, text).click();
    tick().await;
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

fn blade_title(root: &Element) -> String {
    root.query_selector(".blade-title").unwrap().unwrap().text_content().unwrap()
}

/// Sets the control labelled `label` (input, textarea or select) and fires its events.
async fn set(root: &Element, label: &str, value: &str) {
    // The label that reads exactly `label`, else the first that contains it.
    let exact = all(root, "label").into_iter().find(|l| l.text_content().unwrap_or_default().trim() == label);
    let id = exact.unwrap_or_else(|| find(root, "label", label)).get_attribute("for").unwrap();
    let el = root.query_selector(&format!("[id='{id}']")).unwrap().unwrap();
    if let Some(radio) = el.dyn_ref::<HtmlInputElement>().filter(|i| i.type_() == "radio") {
        radio.click();
    } else if let Some(sel) = el.dyn_ref::<HtmlSelectElement>() {
        let index = (0..sel.length())
            .find(|i| sel.item(*i).and_then(|o| o.text_content()).is_some_and(|t| t.contains(value)))
            .unwrap_or_else(|| panic!("no option {value:?} in {label:?}"));
        sel.set_selected_index(index as i32);
        sel.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" {
            input.set_checked(value == "true");
            input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
        } else {
            input.set_value(value);
            input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        }
    } else {
        js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
        el.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    }
    tick().await;
}

/// Types into the input whose aria-label is `label`.
async fn type_aria(root: &Element, label: &str, value: &str) {
    let input: HtmlInputElement =
        root.query_selector(&format!("input[aria-label='{label}']")).unwrap().unwrap().dyn_into().unwrap();
    input.set_value(value);
    input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
}

async fn submit(root: &Element, selector: &str, button: &str) {
    click(root, selector, button).await;
    tick().await;
}

async fn act_as(root: &Element, name: &str) {
    click(root, "button.persona", "Signed in as").await;
    click(root, ".menu-item", name).await;
}

// ----- Chrome -----

#[wasm_bindgen_test]
async fn home_renders_chrome_and_the_scenario() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    assert_eq!(blade_title(&root), "Home");
    assert!(root.query_selector("header.topbar").unwrap().is_some());
    assert!(root.query_selector("nav.leftnav").unwrap().is_some());
    assert!(text(&root).contains("Cross-tenant MUA"));
}

#[wasm_bindgen_test]
async fn left_nav_opens_a_blade_and_marks_it() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    assert_eq!(blade_title(&root), "Resource Guards");
    assert!(find(&root, ".nav-item.active", "Resource Guards").text_content().is_some());
}

#[wasm_bindgen_test]
async fn breadcrumb_returns_home() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, ".tile", "Backup vaults").await;
    assert_eq!(blade_title(&root), "Backup vaults");
    click(&root, ".crumb", "Home").await;
    assert_eq!(blade_title(&root), "Home");
}

#[wasm_bindgen_test]
async fn persona_menu_shows_each_person_once_with_their_directories() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, "button.persona", "Signed in as").await;
    let menu = text(&root.query_selector(".menu").unwrap().unwrap());
    assert!(menu.contains("Contoso") && menu.contains("Fabrikam Security"), "{menu}");
    assert_eq!(menu.matches("Bob (Backup admin)").count(), 1, "each person once: {menu}");
    let contoso = find(&root, ".menu-group", "contoso.com").text_content().unwrap();
    assert!(contoso.contains("Bob (Backup admin)Also a guest in Fabrikam Security"), "{contoso}");
    let fabrikam = find(&root, ".menu-group", "fabrikamsec.com").text_content().unwrap();
    assert!(!fabrikam.contains("Bob"), "{fabrikam}");
}

#[wasm_bindgen_test]
async fn escape_closes_an_open_menu() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, "button.persona", "Signed in as").await;
    assert!(root.query_selector(".menu").unwrap().is_some());
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    let document = web_sys::window().unwrap().document().unwrap();
    let items = all(&root, ".menu button.menu-item");
    items[0].focus().unwrap();
    items[0].dispatch_event(&key("ArrowDown")).unwrap();
    tick().await;
    assert!(
        items[1].is_same_node(document.active_element().as_ref().map(|e| e.as_ref())),
        "ArrowDown moves to the next item"
    );
    items[1].dispatch_event(&key("Escape")).unwrap();
    tick().await;
    assert!(root.query_selector(".menu").unwrap().is_none(), "the menu closed");
    let button = find(&root, "button.persona", "Signed in as");
    assert!(
        button.is_same_node(document.active_element().as_ref().map(|e| e.as_ref())),
        "focus is back on the menu's button"
    );
    // From an open menu's button, and from the search box, ArrowDown enters the list.
    button.click();
    tick().await;
    button.focus().unwrap();
    button.dispatch_event(&key("ArrowDown")).unwrap();
    tick().await;
    let first = all(&root, ".menu button.menu-item").remove(0);
    assert!(first.is_same_node(document.active_element().as_ref().map(|e| e.as_ref())), "into the menu");
    first.dispatch_event(&key("Escape")).unwrap();
    tick().await;
    let search: HtmlInputElement = root.query_selector("input.search").unwrap().unwrap().dyn_into().unwrap();
    search.set_value("guard");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    search.focus().unwrap();
    search.dispatch_event(&key("ArrowDown")).unwrap();
    tick().await;
    let result = all(&root, ".search-results button").remove(0);
    assert!(result.is_same_node(document.active_element().as_ref().map(|e| e.as_ref())), "into the results");
}

#[wasm_bindgen_test]
async fn switching_persona_changes_who_is_signed_in() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    act_as(&root, "Sara (Security admin)").await;
    assert!(find(&root, "button.persona", "Signed in as").text_content().unwrap().contains("Sara"));
}

#[wasm_bindgen_test]
async fn the_clock_advances_and_refuses_a_bad_duration() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, "button.clock-time", "2026-01-05 09:00").await;
    click(&root, "button", "+1 h").await;
    assert!(text(&root).contains("2026-01-05 10:00 UTC"));
    let input: HtmlInputElement = root.query_selector("input.duration").unwrap().unwrap().dyn_into().unwrap();
    input.set_value("soon");
    input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    click(&root, "button", "Advance").await;
    let notice = find(&root, ".notice", "is not a duration").text_content().unwrap();
    assert!(notice.contains("like 2h, 30m, 1d") && !notice.contains('`'), "{notice}");
    assert!(text(&root).contains("2026-01-05 10:00 UTC"), "the clock did not move");
    // A duration as a person types it.
    input.set_value("1h 30m");
    input.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    click(&root, "button", "Advance").await;
    assert!(text(&root).contains("2026-01-05 11:30 UTC"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn theme_switch_changes_the_class() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    let select: HtmlSelectElement = root.query_selector("select.theme").unwrap().unwrap().dyn_into().unwrap();
    // Same as system until the person picks one (the test browser's setting is light).
    assert_eq!(select.value(), "auto");
    assert!(root.query_selector(".portal.theme-light").unwrap().is_some());
    select.set_value("contrast");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    assert!(root.query_selector(".portal.theme-contrast").unwrap().is_some());
}

/// The Share and embed card's snippet, once its share link is made (asynchronously).
async fn snippet(root: &Element) -> String {
    for _ in 0..100 {
        let area = root.query_selector("#embed-snippet").unwrap().unwrap();
        let value = js_sys::Reflect::get(&area, &"value".into()).unwrap().as_string().unwrap();
        if !value.starts_with("Preparing") {
            return value;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
    panic!("the snippet is never made");
}

#[wasm_bindgen_test]
async fn the_embed_snippet_is_what_is_on_screen_and_a_session_off_the_plan_embeds_by_its_share_link() {
    let mut state = AppState::from_gallery("pim-jit-approve").unwrap();
    state.run_plan(6);
    state.blade = Blade::Scenarios;
    let root = mount_state(state);
    tick().await;
    let on_plan = snippet(&root).await;
    for part in [
        "embed.js\" defer></script>",
        "<mua-playground scenario=\"pim-jit-approve\"",
        " step=\"6\"",
        " as=\"bob\"",
        " blade=\"scenarios\"",
        " theme=\"auto\"",
        &format!(" v=\"{}\"", mua_core::VERSION),
        " title=\"Cross-tenant MUA: disable soft delete with a JIT Backup MUA Operator role\"",
    ] {
        assert!(on_plan.contains(part), "{part} in {on_plan}");
    }
    let iframe = root.query_selector("#embed-iframe").unwrap().unwrap();
    let iframe = js_sys::Reflect::get(&iframe, &"value".into()).unwrap().as_string().unwrap();
    assert!(
        iframe.starts_with("<iframe data-mua src=") && iframe.contains("step=6") && iframe.contains("width:100%"),
        "{iframe}"
    );
    // Off the plan (a clock move of the person's own): the share link holds it.
    click(&root, "button.clock-time", "UTC").await;
    click(&root, "button", "+1 h").await;
    let off_plan = snippet(&root).await;
    assert!(off_plan.contains("<mua-playground link=\"") && off_plan.contains("&amp;embed=1#s=2."), "{off_plan}");
    // The preview shows it at a docs column's width.
    click(&root, "button", "Preview at a docs column").await;
    let preview = root.query_selector(".embed-preview iframe").unwrap().expect("a preview");
    assert!(preview.get_attribute("src").unwrap().contains("embed=1#s=2."));
    // (Gone again at once: here it would load the test runner's page.)
    find(&root, "button", "Hide the preview").click();
    tick().await;
    assert!(root.query_selector(".embed-preview").unwrap().is_none());
}

// ----- Vaults, guards, IAM -----

#[wasm_bindgen_test]
async fn create_a_vault_through_the_form() {
    let root = mount("pim-jit-approve", 0, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button", "+ Create").await;
    set(&root, "Vault name", "vault-ui").await;
    set(&root, "Resource group", "rg-vault").await;
    submit(&root, ".wizard-footer button", "Review + create").await;
    assert!(text(&root).contains("Validation passed"), "{}", text(&root));
    let review = text(&root.query_selector("dl.props").unwrap().unwrap());
    assert!(review.contains("vault-ui") && review.contains("rg-vault") && review.contains("westeurope"), "{review}");
    submit(&root, ".wizard-footer button", "Create").await;
    assert!(find(&root, ".result.ok", "succeeded").text_content().is_some());
    assert_eq!(blade_title(&root), "vault-ui", "a create opens the new resource");
    click(&root, ".nav-item", "Recovery Services vaults").await;
    assert!(text(&root).contains("vault-ui"));
}

#[wasm_bindgen_test]
async fn the_vault_wizard_creates_where_it_shows_after_a_change_of_person() {
    let root = mount("pim-jit-approve", 0, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button", "+ Create").await;
    assert_eq!(shown(&root, "vault-rg"), "rg-vault");
    set(&root, "Vault name", "vault-x").await;
    // Sara works in Fabrikam: the wizard now shows, and will use, a resource group of hers.
    act_as(&root, "Sara (Security admin)").await;
    assert_eq!(blade_title(&root), "Create Recovery Services vault");
    let (subscription, rg) = (shown(&root, "vault-sub"), shown(&root, "vault-rg"));
    assert_eq!((subscription.as_str(), rg.as_str()), ("Security", "rg-guard"));
    assert!(!options(&root, "vault-rg").iter().any(|o| o == "rg-vault"), "Contoso's group is not offered");
    submit(&root, ".wizard-footer button", "Review + create").await;
    let review = text(&root.query_selector("dl.props").unwrap().unwrap());
    assert!(review.contains(&subscription) && review.contains(&rg), "{review}");
    submit(&root, ".wizard-footer button", "Create").await;
    assert!(find(&root, ".result.ok", "succeeded").text_content().is_some(), "{}", text(&root));
    click(&root, ".nav-item", "Recovery Services vaults").await;
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.starts_with(&format!("vault-x{rg}"))), "created in {rg}: {rows:?}");
}

#[wasm_bindgen_test]
async fn a_name_that_breaks_azures_rule_is_refused_as_typed_and_basics_holds() {
    let root = mount("pim-jit-approve", 0, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button", "+ Create").await;
    assert!(text(&root).contains("2 to 50 characters: letters, numbers and hyphens, starting with a letter."));
    set(&root, "Vault name", "<img src=x>").await;
    assert!(find(&root, ".field-error", "can't contain '<'").text_content().is_some(), "{}", text(&root));
    set(&root, "Vault name", "1vault").await;
    assert!(find(&root, ".field-error", "must start with a letter").text_content().is_some());
    submit(&root, ".wizard-footer button", "Review + create").await;
    assert!(!text(&root).contains("Validation passed"), "Basics holds while the name is wrong");
    set(&root, "Vault name", "vault-ok").await;
    assert!(root.query_selector(".field-error").unwrap().is_none(), "the error goes when the name is right");
    submit(&root, ".wizard-footer button", "Review + create").await;
    assert!(text(&root).contains("Validation passed"));
}

#[wasm_bindgen_test]
async fn a_refused_operation_shows_the_code_and_the_explain_panel() {
    // Steps 1–6: vault, guard, Reader, refused enable, authenticate, enable MUA.
    let root = mount("pim-jit-approve", 6, Some("bob"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button.link", "vault1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button[aria-label='Update Security Settings']", "Update").await;
    set(&root, "Enable soft delete", "false").await;
    assert!(text(&root).contains("Disabling soft delete is a protected operation"));
    submit(&root, ".pane-actions button", "Save").await;
    click(&root, ".confirm button", "Yes, disable").await;
    let inline = find(&root, ".context-pane .inline-error", "sufficient permissions");
    let focused = web_sys::window().unwrap().document().unwrap().active_element().unwrap();
    assert!(inline.is_same_node(Some(&focused)), "focus moves to the error");
    let banner = find(&root, ".result.error", "failed");
    assert!(banner.text_content().unwrap().contains("mua-operator-role-missing"));
    click(&root, "button", "Explain").await;
    let checks = all(&root, ".check");
    assert!(checks.len() >= 3, "ordered checks are listed");
    assert!(checks.last().unwrap().class_name().contains("fail"), "the last check is the one that failed");
    assert!(text(&root).contains("To make it succeed"));
    let explain = text(&root.query_selector(".explain").unwrap().unwrap());
    assert!(
        explain.contains("Bob (Backup admin)") && explain.contains("Fabrikam Security"),
        "names, not handles: {explain}"
    );
    assert!(!explain.contains('`'), "no backticks reach the screen: {explain}");
    assert!(explain.contains("This sentence is the simulator's"), "no Azure code is invented: {explain}");
    // The bell lists the operation too, failed with its code, next to the enable that succeeded.
    click(&root, "button[aria-label^='Notifications']", "").await;
    let bell = text(&root.query_selector(".menu[aria-label='Notifications']").unwrap().unwrap());
    assert!(bell.contains("Disable soft delete failed (mua-operator-role-missing)"), "{bell}");
    assert!(bell.contains("Update Resource Guard proxy succeeded"), "{bell}");
}

#[wasm_bindgen_test]
async fn dismissing_the_result_hides_it() {
    let root = mount("pim-jit-approve", 1, Some("olga"));
    tick().await;
    assert!(root.query_selector(".result").unwrap().is_none(), "nothing to report yet");
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button.link", "vault1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button", "Disable immutability").await;
    assert!(root.query_selector(".result").unwrap().is_some());
    click(&root, ".result button", "Dismiss").await;
    assert!(root.query_selector(".result").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn vault_overview_shows_the_arm_id_and_the_guard_description() {
    let root = mount("pim-jit-approve", 6, Some("bob"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button.link", "vault1").await;
    let page = text(&root);
    assert!(page.contains("/providers/Microsoft.RecoveryServices/vaults/vault1"), "{page}");
    assert!(page.contains("Request Backup MUA Operator in PIM (Fabrikam)"), "{page}");
    assert!(page.contains("Maximum isolation"));
}

#[wasm_bindgen_test]
async fn guard_properties_lock_the_mandatory_operations() {
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    click(&root, "button.link", "guard1").await;
    click(&root, ".tab", "Properties").await;
    for kind in ["Recovery Services vault", "Backup vault"] {
        click(&root, ".tabs.sub .tab", kind).await;
        let locked = all(&root, "button.segment:disabled").len();
        assert_eq!(locked, 4, "{kind}: two mandatory operations, each with Enable and Disable locked");
        let enabled = all(&root, "button.segment.on").iter().all(|b| b.text_content().unwrap() == "Enable");
        assert!(enabled, "{kind}: everything is protected by default");
    }
}

#[wasm_bindgen_test]
async fn excluding_an_operation_on_the_guard() {
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    click(&root, "button.link", "guard1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button[aria-label='Disable protection of Get backup security PIN']", "Disable").await;
    set(&root, "Description", "Ask Sara for Backup MUA Operator").await;
    click(&root, "button", "Save").await;
    assert!(find(&root, ".result.ok", "Update Resource Guard succeeded").text_content().is_some());
    click(&root, ".tab", "Overview").await;
    assert!(text(&root).contains("Ask Sara for Backup MUA Operator"), "the description was saved");
}

#[wasm_bindgen_test]
async fn add_role_assignment_with_azures_wizard_by_sign_in_name() {
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    click(&root, "button.link", "guard1").await;
    click(&root, ".tab", "Access control (IAM)").await;
    click(&root, "button", "+ Add role assignment").await;
    // Role: search, select; Next without a role stays on Role.
    click(&root, ".wizard-footer button", "Next").await;
    assert!(find(&root, ".field-error", "Select a role.").text_content().is_some());
    type_aria(&root, "Search by role name or description", "read").await;
    let listed: Vec<String> = all(&root, ".wizard-body tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(listed.iter().all(|r| r.to_lowercase().contains("read")), "{listed:?}");
    set(&root, "Reader", "").await;
    click(&root, ".wizard-footer button", "Next").await;
    // Members: + Select members searches the guard's directory by sign-in name; Olga (Contoso) is not there.
    click(&root, "button", "+ Select members").await;
    set(&root, "Select", "olga@contoso.com").await;
    assert!(text(&root).contains("No users, groups or service principals found"), "{}", text(&root));
    set(&root, "Select", "bob_contoso").await;
    click(&root, ".picker button", "Bob (Backup admin)").await;
    click(&root, ".picker button.primary", "Select").await;
    click(&root, ".wizard-footer button", "Next").await;
    let review = text(&root.query_selector(".wizard-body").unwrap().unwrap());
    assert!(
        review.contains("Reader")
            && review.contains("resourceGuards/guard1")
            && review.contains("bob_contoso.com#EXT#@fabrikamsec.com"),
        "{review}"
    );
    submit(&root, ".wizard-footer button.primary", "Review + assign").await;
    assert!(find(&root, ".result.ok", "Create role assignment succeeded").text_content().is_some(), "{}", text(&root));
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.starts_with("Bob (Backup admin)UserThis resource")), "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("Reader (1)")), "grouped by role: {rows:?}");
}

/// The app after the plan's first `steps` steps, as `actor` in their home directory, on `blade`.
fn opened_at(steps: usize, actor: &str, blade: Blade) -> Element {
    opened_in("pim-jit-approve", steps, actor, blade)
}

/// The same, in another gallery scenario.
fn opened_in(scenario: &str, steps: usize, actor: &str, blade: Blade) -> Element {
    let mut state = AppState::start(Source::Gallery(scenario.into()), &gallery_text(scenario).unwrap()).unwrap();
    state.run_plan(steps);
    state.actor = actor.to_owned();
    state.directory = mua_portal::state::home_of(state.world(), actor);
    state.blade = blade;
    mount_state(state)
}

#[wasm_bindgen_test]
async fn every_scope_has_access_control_and_inherited_assignments_say_from_where() {
    let root = opened_at(2, "sara", Blade::Subscription("sub-guard".into(), ScopeTab::Iam));
    tick().await;
    assert_eq!(blade_title(&root), "Security");
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.starts_with("Sara (Security admin)UserThis resource")), "{rows:?}");
    let root = opened_at(2, "sara", Blade::Guard("guard1".into(), GuardTab::Iam));
    tick().await;
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.starts_with("Sara (Security admin)UserSecurity (Inherited)")), "{rows:?}");
    // Check access: where each of a person's roles here comes from (found by address).
    click(&root, ".tab", "Check access").await;
    type_aria(&root, "Search by name or email address", "sara@fabrikamsec").await;
    assert_eq!(options(&root, "iam-check"), ["Sara (Security admin)"]);
    assert!(text(&root).contains("Owner") && text(&root).contains("Security (Inherited)"), "{}", text(&root));
}

/// The text of the option a drop-down shows (the one its `value` selects).
fn shown(root: &Element, id: &str) -> String {
    let sel: HtmlSelectElement = root.query_selector(&format!("[id='{id}']")).unwrap().unwrap().dyn_into().unwrap();
    let index = u32::try_from(sel.selected_index()).unwrap_or_else(|_| panic!("{id} shows no option"));
    sel.item(index).and_then(|o| o.text_content()).unwrap()
}

/// The texts of a drop-down's options.
fn options(root: &Element, id: &str) -> Vec<String> {
    let sel: HtmlSelectElement = root.query_selector(&format!("[id='{id}']")).unwrap().unwrap().dyn_into().unwrap();
    (0..sel.length()).filter_map(|i| sel.item(i).and_then(|o| o.text_content())).collect()
}

// The controls tell the truth: a form sends exactly what its drop-downs show, also when the person
// or directory changed under them and the person submits without touching them.

#[wasm_bindgen_test]
async fn the_iam_wizard_starts_clean_after_a_change_of_person_and_sends_what_it_reviews() {
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    click(&root, "button.link", "guard1").await;
    click(&root, ".tab", "Access control (IAM)").await;
    click(&root, "button", "+ Add role assignment").await;
    set(&root, "Owner", "").await;
    click(&root, ".wizard-footer button", "Next").await;
    click(&root, "button", "+ Select members").await;
    click(&root, ".picker button", "Sara (Security admin)").await;
    // Another person, and back: nothing picked before stands in for what the wizard shows now.
    act_as(&root, "Bob (Backup admin)").await;
    act_as(&root, "Sara (Security admin)").await;
    click(&root, ".nav-item", "Resource Guards").await;
    click(&root, "button.link", "guard1").await;
    click(&root, ".tab", "Access control (IAM)").await;
    click(&root, "button", "+ Add role assignment").await;
    click(&root, ".wizard-footer button", "Review + assign").await;
    assert!(find(&root, ".field-error", "Select a role.").text_content().is_some(), "{}", text(&root));
    set(&root, "Backup Reader", "").await;
    click(&root, ".wizard-footer button", "Next").await;
    assert!(text(&root).contains("No members selected"));
    click(&root, "button", "+ Select members").await;
    // The guard's directory lists its own people and its guests, not the other directory's.
    let listed = text(&root.query_selector(".picker").unwrap().unwrap());
    assert!(listed.contains("Bob (Backup admin)") && !listed.contains("Olga"), "{listed}");
    click(&root, ".picker button", "Bob (Backup admin)").await;
    click(&root, ".picker button.primary", "Select").await;
    click(&root, ".wizard-footer button", "Next").await;
    let review = text(&root.query_selector(".wizard-body").unwrap().unwrap());
    submit(&root, ".wizard-footer button.primary", "Review + assign").await;
    assert!(find(&root, ".result.ok", "Create role assignment succeeded").text_content().is_some());
    assert!(review.contains("Backup Reader") && review.contains("Bob (Backup admin)"), "{review}");
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.starts_with("Backup Reader (1)")), "{rows:?}");
    assert!(
        !rows.iter().any(|r| r.starts_with("Sara (Security admin)UserThis resource")),
        "nothing was sent for the earlier pick: {rows:?}"
    );
}

#[wasm_bindgen_test]
async fn pim_azure_resources_lists_what_the_person_manages_and_adds_the_assignment_it_shows() {
    // Olga owns Contoso's subscription; guard1 is in Fabrikam.
    let root = mount("pim-jit-approve", 2, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "Azure resources").await;
    let listed = text(&root.query_selector("table.grid").unwrap().unwrap());
    assert!(
        listed.contains("Contoso Production") && listed.contains("rg-vault") && listed.contains("vault1"),
        "{listed}"
    );
    assert!(!listed.contains("guard1"), "{listed}");
    click(&root, "table.grid button.link", "vault1").await;
    assert_eq!(blade_title(&root), "vault1 | Privileged Identity Management");
    click(&root, "button", "+ Add assignments").await;
    assert!(!options(&root, "pim-member").iter().any(|m| m.contains("Sara")), "Sara is in Fabrikam");
    let (member, role) = (shown(&root, "pim-member"), shown(&root, "pim-role"));
    click(&root, "form[aria-label='Add assignments'] button", "Next").await;
    assert!(text(&root).contains(&format!("{role} for {member} on vault1")), "{}", text(&root));
    submit(&root, "form[aria-label='Add assignments'] button", "Assign").await;
    assert!(find(&root, ".result.ok", "succeeded").text_content().is_some(), "{}", text(&root));
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.starts_with(&format!("{member}{role}Assigned"))), "{member} {role}: {rows:?}");
    // Bob owns nothing: PIM has no resource for him to manage.
    act_as(&root, "Bob (Backup admin)").await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "Azure resources").await;
    assert!(text(&root).contains("You manage no Azure resource in this directory"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn pim_add_assignments_checkboxes_send_what_they_show_and_start_clean() {
    let root = mount("pim-jit-approve", 2, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "Azure resources").await;
    click(&root, "table.grid button.link", "vault1").await;
    let boxed = |id: &str| -> bool {
        root.query_selector(id).unwrap().unwrap().dyn_into::<HtmlInputElement>().unwrap().checked()
    };
    // Permanently eligible, ticked, then another person and back: the form opens as it will send.
    click(&root, "button", "+ Add assignments").await;
    click(&root, "form[aria-label='Add assignments'] button", "Next").await;
    assert!(!boxed("#pim-permanent"), "not permanent until ticked");
    set(&root, "Permanently eligible", "true").await;
    assert!(boxed("#pim-permanent") && root.query_selector("#pim-days").unwrap().is_none());
    act_as(&root, "Bob (Backup admin)").await;
    act_as(&root, "Olga (Contoso owner)").await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "Azure resources").await;
    click(&root, "table.grid button.link", "vault1").await;
    click(&root, "button", "+ Add assignments").await;
    let member = shown(&root, "pim-member");
    click(&root, "form[aria-label='Add assignments'] button", "Next").await;
    assert!(!boxed("#pim-permanent"), "the earlier tick does not stand in for what is shown");
    let days: HtmlInputElement = root.query_selector("#pim-days").unwrap().unwrap().dyn_into().unwrap();
    let days = days.value();
    submit(&root, "form[aria-label='Add assignments'] button", "Assign").await;
    assert!(find(&root, ".result.ok", "succeeded").text_content().is_some(), "{}", text(&root));
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    let row = rows.iter().find(|r| r.starts_with(&member)).unwrap_or_else(|| panic!("{member}: {rows:?}"));
    assert!(!row.contains("Permanent"), "an end {days} days on, as shown: {row}");
}

#[wasm_bindgen_test]
async fn the_guard_picked_in_one_directory_is_not_sent_after_switching_to_another() {
    let root = mount("pim-jit-approve", 5, Some("bob"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button.link", "vault1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button[aria-label='Update Multi-User Authorization']", "Update").await;
    set(&root, "Protect with Resource Guard", "true").await;
    click(&root, "button", "Select Resource Guard").await;
    set(&root, "Directory", "Fabrikam Security").await;
    set(&root, "Resource Guard", "guard1").await;
    assert_eq!(shown(&root, "mua-guard"), "guard1 (westeurope)");
    set(&root, "Directory", "Contoso").await;
    assert_eq!(shown(&root, "mua-directory"), "Contoso");
    assert!(shown(&root, "mua-guard").starts_with("None you can read"), "{}", shown(&root, "mua-guard"));
    submit(&root, ".pane-actions button", "Save").await;
    assert!(text(&root).contains("Select a Resource Guard, or enter its URI."), "{}", text(&root));
    assert!(!text(&root).contains("Update Resource Guard proxy succeeded"));
}

#[wasm_bindgen_test]
async fn enable_mua_by_selecting_the_guard_after_authenticating() {
    // Steps 1–3: vault, guard, Reader on the guard for bob.
    let root = mount("pim-jit-approve", 3, Some("bob"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button.link", "vault1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button[aria-label='Update Multi-User Authorization']", "Update").await;
    set(&root, "Protect with Resource Guard", "true").await;
    click(&root, "button", "Select Resource Guard").await;
    set(&root, "Directory", "Fabrikam Security").await;
    assert!(
        find(&root, "select", "Authenticate to list").text_content().is_some(),
        "nothing listed before Authenticate"
    );
    click(&root, ".context-pane button", "Authenticate").await;
    set(&root, "Resource Guard", "guard1").await;
    submit(&root, ".pane-actions button", "Save").await;
    assert!(find(&root, ".result.ok", "Update Resource Guard proxy succeeded").text_content().is_some());
    assert!(root.query_selector(".context-pane").unwrap().is_none(), "Save closes the pane");
    assert!(text(&root).contains("Protected using Resource Guard guard1 (Fabrikam Security)"));
}

#[wasm_bindgen_test]
async fn a_guard_uri_from_another_directory_offers_authenticate_beside_the_error() {
    let root = mount("pim-jit-approve", 3, Some("bob"));
    tick().await;
    let uri = mount_world_arm_id(&root);
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button.link", "vault1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button[aria-label='Update Multi-User Authorization']", "Update").await;
    set(&root, "Protect with Resource Guard", "true").await;
    set(&root, "Use Resource Guard URI", "").await;
    set(&root, "Resource Guard URI", &uri).await;
    submit(&root, ".pane-actions button", "Save").await;
    assert!(find(&root, ".context-pane .inline-error", "Authenticate to that directory").text_content().is_some());
    // The refusal's Explain is in the pane, where the person is.
    click(&root, ".context-pane .inline-error button", "Explain").await;
    let explained = find(&root, ".context-pane .explain", "Checks, in order").text_content().unwrap();
    assert!(explained.contains('✗'), "{explained}");
    click(&root, ".inline-error button", "Authenticate to Fabrikam Security").await;
    submit(&root, ".pane-actions button", "Save").await;
    assert!(find(&root, ".result.ok", "Update Resource Guard proxy succeeded").text_content().is_some());
    // The pane opens again clean: no earlier result in it.
    click(&root, "button[aria-label='Update Multi-User Authorization']", "Update").await;
    let pane = root.query_selector(".context-pane").unwrap().unwrap().text_content().unwrap();
    assert!(!pane.contains("succeeded") && !pane.contains("Authenticate to that directory"), "{pane}");
}

/// The guard's URI as its Overview shows it.
fn mount_world_arm_id(root: &Element) -> String {
    let _ = root;
    let mut s =
        AppState::start(Source::Gallery("pim-jit-approve".into()), &gallery_text("pim-jit-approve").unwrap()).unwrap();
    s.run_plan(3);
    s.world().arm_id("guard1").unwrap()
}

// ----- PIM -----

#[wasm_bindgen_test]
async fn activate_an_eligible_role_and_get_it_approved() {
    // Steps 1–9: up to the role settings requiring approval.
    let root = mount("pim-jit-approve", 9, Some("bob"));
    tick().await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    assert!(text(&root).contains("no eligible role assignments in this directory"), "the role is in Fabrikam");
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    assert!(find(&root, "button[title='Directory + subscription']", "Fabrikam Security").text_content().is_some());
    click(&root, "button", "Activate").await;
    set(&root, "Duration (hours)", "2").await;
    set(&root, "Justification", "INC-9").await;
    submit(&root, "form button[type=submit]", "Activate").await;
    let pending = find(&root, ".result.pending", "Activate role (PIM): request sent for approval");
    assert!(!pending.text_content().unwrap().contains("succeeded"), "a request waiting for approval is not a success");
    click(&root, ".tab", "Pending requests").await;
    assert!(text(&root).contains("PendingApproval"));
    act_as(&root, "Sara (Security admin)").await;
    click(&root, ".tab", "Approve requests").await;
    let headers: Vec<String> = all(&root, "table.grid th").iter().map(|h| h.text_content().unwrap()).collect();
    assert_eq!(headers, ["Requestor", "Role", "Resource", "Duration", "Justification", "Action"]);
    assert!(find(&root, "table.grid td", "2 hours").text_content().is_some());
    click(&root, "td button", "Approve").await;
    assert!(find(&root, ".result.ok", "Approve request (PIM) succeeded").text_content().is_some());
    act_as(&root, "Bob (Backup admin)").await;
    click(&root, ".tab", "My roles").await;
    assert!(text(&root).contains("No active roles in this directory."), "Bob is back in Contoso");
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    // The State column tells an activation (Activated) from an active assignment (Assigned).
    let active: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(
        active.iter().any(|r| r.starts_with("Backup MUA Operatorguard1ActivatedEnds 2026-01-05 11:00 UTC")),
        "{active:?}"
    );
}

#[wasm_bindgen_test]
async fn audit_history_offers_downloads() {
    let root = mount("pim-jit-approve", 12, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "My audit history").await;
    let csv = find(&root, "a", "Download CSV").get_attribute("href").unwrap();
    assert!(csv.starts_with("data:text/csv") && csv.contains("Request%20approved"), "{csv}");
    assert!(text(&root).contains("Request approved") && !text(&root).contains("Request role activation"), "hers only");
    // The resource's Audit lists everything done there.
    click(&root, ".tab", "Azure resources").await;
    click(&root, "table.grid button.link", "guard1").await;
    click(&root, ".tab", "Audit").await;
    assert!(text(&root).contains("Request role activation"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn role_settings_editor_saves_changes() {
    let root = mount("pim-jit-approve", 8, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "Azure resources").await;
    click(&root, "table.grid button.link", "guard1").await;
    click(&root, ".tab", "Settings").await;
    click(&root, "table.grid button.link", "Backup MUA Operator").await;
    assert!(text(&root).contains("Role setting details – Backup MUA Operator"), "{}", text(&root));
    click(&root, "button", "Edit").await;
    set(&root, "Require ticket information on activation", "true").await;
    // The Notification tab: no mail to the assignee, Bob (a guest here) as an additional recipient.
    click(&root, ".tab", "Notification").await;
    set(&root, "Notification to the assigned user (assignee)", "false").await;
    let bob: HtmlInputElement = root.query_selector("#recipient-bob").unwrap().unwrap().dyn_into().unwrap();
    bob.click();
    tick().await;
    assert!(root.query_selector("#recipient-olga").unwrap().is_none(), "Olga is not in the guard's directory");
    click(&root, "button", "Update").await;
    assert!(find(&root, ".result.ok", "Update role settings (PIM) succeeded").text_content().is_some());
    click(&root, "button", "Edit").await;
    let checked = |id: &str| -> bool {
        root.query_selector(id).unwrap().unwrap().dyn_into::<HtmlInputElement>().unwrap().checked()
    };
    assert!(checked("#recipient-bob") && !checked("#set-n-el-user"), "the saved settings show");
    click(&root, ".tab", "Activation").await;
    assert!(checked("#set-ticket"), "the saved settings show");
}

// ----- Activity, Lighthouse, scenarios, state -----

#[wasm_bindgen_test]
async fn activity_log_lists_failures_with_their_code() {
    let root = mount("pim-jit-approve", 4, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Activity log").await;
    assert!(text(&root).contains("Failed (cross-tenant-auth-required)"));
}

#[wasm_bindgen_test]
async fn lighthouse_my_customers_lists_eligible_roles() {
    let root = mount("lighthouse-onboarding", 2, Some("lee"));
    tick().await;
    click(&root, ".nav-item", "Azure Lighthouse").await;
    let page = text(&root);
    assert!(page.contains("Relecloud Managed Services") && page.contains("Contributor"), "{page}");
    assert!(page.contains("approvers: PIM-Approvers"), "names, not handles: {page}");
}

#[wasm_bindgen_test]
async fn onboard_several_resource_groups_from_the_import() {
    let root = mount("lighthouse-multiple-resource-groups", 0, Some("olga"));
    tick().await;
    let scenario: serde_json::Value =
        serde_json::from_str(&gallery_text("lighthouse-multiple-resource-groups").unwrap()).unwrap();
    let parameters = scenario["steps"][1]["parameters"].to_string();
    click(&root, ".nav-item", "Azure Lighthouse").await;
    click(&root, ".tab", "Service providers").await;
    set(&root, "Resource groups (one or more, of one subscription)", "").await;
    set(&root, "rg-backup", "true").await;
    set(&root, "rg-backup2", "true").await;
    set(&root, "Parameters file (JSON)", &parameters).await;
    submit(&root, "form button[type=submit]", "Deploy").await;
    assert!(find(&root, ".result.ok", "succeeded").text_content().is_some(), "{}", text(&root));
    assert!(find(&root, "table.grid td", "rg-backup, rg-backup2").text_content().is_some());
    // Each authorization by the principalIdDisplayName the file gives it.
    assert!(find(&root, "table.grid td", "Tier 2 Support (Reader)").text_content().is_some(), "{}", text(&root));
    assert!(find(&root, "table.grid td", "tier2 (Contributor)").text_content().is_some(), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn gallery_loads_another_scenario_and_the_tour_runs_it() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, ".nav-item", "Scenarios").await;
    click(&root, "button.link", "Vault managed identities").await;
    assert!(text(&root).contains("Guided tour: Vault managed identities"));
    click(&root, "button", "Run next step").await;
    let first = find(&root, ".tour li", "Create or update vault");
    assert!(
        first.text_content().unwrap().contains("refused (identity-not-supported-at-creation) ✓ as expected"),
        "{}",
        first.text_content().unwrap()
    );
}

/// Waits out the editor's check (a moment after the last key).
async fn checked() {
    gloo::timers::future::TimeoutFuture::new(450).await;
}

fn editor(root: &Element) -> web_sys::HtmlTextAreaElement {
    root.query_selector("#scenario-text").unwrap().unwrap().dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn the_editor_says_where_bad_json_breaks_and_keeps_the_session() {
    let root = mount("pim-jit-approve", 1, None);
    tick().await;
    click(&root, ".nav-item", "Scenarios").await;
    set(&root, "Scenario JSON", "{\"version\": 1, \"title\": ").await;
    checked().await;
    assert!(find(&root, "#editor-status", "1 problem").text_content().is_some());
    assert!(find(&root, ".editor-problems li", "1:24").text_content().unwrap().contains("EOF while parsing"));
    let run = find(&root, ".editor button[type=submit]", "Run");
    assert!(run.has_attribute("disabled"), "a file with problems does not run");
    assert!(text(&root).contains("Guided tour: Cross-tenant MUA"), "the previous scenario is still loaded");
}

#[wasm_bindgen_test]
async fn the_editor_lists_every_problem_at_its_line_and_column_and_a_click_puts_the_cursor_there() {
    let root = mount("pim-jit-approve", 1, None);
    tick().await;
    click(&root, ".nav-item", "Scenarios").await;
    let file = "{\"version\": 1, \"title\": \"t\", \"start\": \"2026-01-05T09:00:00Z\",\n \"world\": {\"tenants\": [{\"id\": \"c\", \"name\": \"C\", \"domain\": \"c.com\", \"colour\": 1}]},\n \"steps\": [{\"advance\": \"P1X\"}]}";
    set(&root, "Scenario JSON", file).await;
    checked().await;
    assert!(find(&root, "#editor-status", "2 problems (line:column)").text_content().is_some());
    let gutter = root.query_selector(".editor-gutter").unwrap().unwrap().text_content().unwrap();
    assert_eq!(gutter, "1\n2\n3\n", "a number per line");
    assert!(find(&root, ".editor-problems li", "2:68")
        .text_content()
        .unwrap()
        .contains("world.tenants[0].colour: unknown field `colour`"));
    assert!(find(&root, ".editor-problems li", "3:13").text_content().unwrap().contains("step 1 field `advance`"));
    click(&root, ".editor-problems button", "3:13").await;
    let area = editor(&root);
    // Line 3, column 13: after the first two lines (66 + 77 characters with their line ends) and 12 more.
    let first_two: u32 = file.lines().take(2).map(|l| l.encode_utf16().count() as u32 + 1).sum();
    assert_eq!(area.selection_start().unwrap(), Some(first_two + 12));
    let focused = web_sys::window().unwrap().document().unwrap().active_element().unwrap();
    assert_eq!(focused.id(), "scenario-text", "the cursor is in the text");
    // The import (Run) of a file with problems, were it asked, lists the same problems.
    let why = AppState::import(file).err().unwrap();
    assert!(why.contains("the text has 2 problems") && why.contains("2:68: world.tenants[0].colour"), "{why}");
}

#[wasm_bindgen_test]
async fn the_editor_opens_the_session_and_runs_it_once_it_has_no_problem() {
    let root = mount("pim-jit-approve", 2, None);
    tick().await;
    click(&root, ".nav-item", "Scenarios").await;
    click(&root, "button", "Open the current session").await;
    checked().await;
    assert!(find(&root, "#editor-status", "No problems: Run loads it.").text_content().is_some());
    let session = editor(&root).value();
    assert!(session.contains("\"$schema\""), "the session opens as its export does");
    let renamed = session.replacen("(session)", "(edited)", 1);
    set(&root, "Scenario JSON", &renamed).await;
    checked().await;
    click(&root, ".editor button[type=submit]", "Run").await;
    gloo::timers::future::TimeoutFuture::new(50).await;
    assert!(text(&root).contains("(edited)"), "{}", text(&root));
}

#[wasm_bindgen_test]
fn corrupted_or_foreign_storage_starts_fresh_with_a_message() {
    let (broken, saved) = initial_state("", None, Some("{not json".to_owned()));
    assert!(broken.notice.as_deref().unwrap().contains("could not be restored"));
    assert!(broken.session.history().is_empty());
    assert_eq!(saved, Saved::Discard, "an unusable save is dropped");
    let (old, saved) =
        initial_state("", None, Some(r#"{"v": 0, "source": {"gallery": "pim-jit-approve"}}"#.to_owned()));
    assert!(old.notice.as_deref().unwrap().contains("another version"));
    assert_eq!(saved, Saved::Discard);
}

#[wasm_bindgen_test]
fn share_snapshot_round_trips() {
    let mut s =
        AppState::start(Source::Gallery("pim-jit-approve".into()), &gallery_text("pim-jit-approve").unwrap()).unwrap();
    s.run_plan(10);
    let again = restore(&snapshot(&s)).unwrap();
    assert_eq!(again.session.history(), s.session.history());
    assert_eq!(again.world(), s.world());
    assert_eq!(again.session.tour().0, 10);
    assert_eq!(again.actor, s.actor);
}

#[wasm_bindgen_test]
fn embed_link_runs_the_plan_and_drops_the_chrome() {
    let (s, _) = initial_state("?scenario=pim-jit-approve&as=bob&step=6&embed=1&blade=vaults", None, None);
    assert!(s.embed);
    assert_eq!(s.actor, "bob");
    assert_eq!(s.session.tour().0, 6);
    assert!(s.world().vaults()["vault1"].guard.is_some());
    let (bad, _) = initial_state("?scenario=nope", None, None);
    assert!(bad.notice.as_deref().unwrap().contains("gallery has no scenario `nope`"));
}

#[wasm_bindgen_test]
async fn search_finds_services_and_says_when_nothing_matches() {
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    let search: HtmlInputElement = root.query_selector("input.search").unwrap().unwrap().dyn_into().unwrap();
    search.set_value("Resource Guards");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    click(&root, ".search-results button", "Resource Guards").await;
    assert_eq!(blade_title(&root), "Resource Guards");
    search.set_value("zzz-nothing");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    assert!(find(&root, ".search-results", "No results for").text_content().is_some());
    // The admin surfaces by Azure's names: each opens its blade (and tab).
    for (query, title, tab) in [
        ("Microsoft Entra ID", "Microsoft Entra ID", Some("Users")),
        ("Users", "Microsoft Entra ID", Some("Users")),
        ("Groups", "Microsoft Entra ID", Some("Groups")),
        ("Subscriptions", "Subscriptions", None),
        ("Resource groups", "Resource groups", None),
        ("Privileged Identity Management", "Privileged Identity Management", Some("My roles")),
    ] {
        search.set_value(query);
        search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
        tick().await;
        let first = all(&root, ".search-results button").into_iter().next().expect("a result");
        assert_eq!(first.text_content().unwrap(), query, "{query} is found first by its own name");
        first.click();
        tick().await;
        assert_eq!(blade_title(&root), title, "{query}");
        if let Some(tab) = tab {
            let active = all(&root, ".tab[aria-selected='true']");
            assert!(active.iter().any(|t| t.text_content().unwrap() == tab), "{query} opens {tab}");
        }
    }
    // "Access control" finds the scopes whose IAM it is.
    search.set_value("access control");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    let found: Vec<String> = all(&root, ".search-results button").iter().map(|b| b.text_content().unwrap()).collect();
    assert!(found.contains(&"Subscriptions".to_owned()) && found.contains(&"Resource groups".to_owned()), "{found:?}");
}

#[wasm_bindgen_test]
async fn search_and_addresses_reach_only_the_current_directory() {
    // Sara (Fabrikam) cannot reach Contoso: its vault is neither found nor opened by address.
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    let search: HtmlInputElement = root.query_selector("input.search").unwrap().unwrap().dyn_into().unwrap();
    search.set_value("vault1");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    let found: Vec<String> = all(&root, ".search-results button").iter().map(|b| b.text_content().unwrap()).collect();
    assert!(!found.iter().any(|f| f.contains("vault1")), "Contoso's vault is not found: {found:?}");
    search.set_value("guard1");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    assert!(find(&root, ".search-results button", "guard1 (Resource Guard)").text_content().is_some());

    let opened = |actor: &str, blade: Blade| {
        let mut state =
            AppState::start(Source::Gallery("pim-jit-approve".into()), &gallery_text("pim-jit-approve").unwrap())
                .unwrap();
        state.run_plan(3);
        state.actor = actor.to_owned();
        state.directory = mua_portal::state::home_of(state.world(), actor);
        state.blade = blade;
        mount_state(state)
    };
    // An address (#/vaults/vault1/properties) to another directory's vault opens nothing of it.
    let root = opened("sara", Blade::Vault("vault1".into(), VaultTab::Properties));
    tick().await;
    assert!(text(&root).contains("The vault vault1 was not found"), "{}", text(&root));
    assert!(!text(&root).contains("Multi-User Authorization"), "no part of the vault shows");
    // Bob is a guest in Fabrikam: the guard's address names its directory and offers the switch.
    let root = opened("bob", Blade::Guard("guard1".into(), GuardTab::Properties));
    tick().await;
    assert!(text(&root).contains("The Resource Guard guard1 was not found in this directory"), "{}", text(&root));
    assert!(!text(&root).contains("Protected operations"));
    click(&root, "button", "Switch to Fabrikam Security").await;
    assert_eq!(blade_title(&root), "guard1");
    assert!(text(&root).contains("Protected operations"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn create_resource_guard_wizard_ends_on_deployment_complete() {
    let root = mount("pim-jit-approve", 1, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    click(&root, "button", "+ Create").await;
    // Leaving Basics without a name stays on Basics with the error beside the field.
    click(&root, "button", "Next: Protected operations").await;
    assert!(find(&root, ".field-error", "must not be empty").text_content().is_some());
    set(&root, "Name", "guard-w").await;
    set(&root, "Description", "Ask the Security admin").await;
    click(&root, "button", "Next: Protected operations").await;
    click(&root, ".tabs.sub .tab", "Backup vault").await;
    // The seed: "the Protected operations tab includes only the Delete backup instance option to disable".
    let offered: Vec<String> =
        all(&root, ".wizard-body tbody tr td:first-child").iter().map(|c| c.text_content().unwrap()).collect();
    assert_eq!(offered, ["Disable soft delete", "Remove MUA protection", "Delete backup instance"]);
    click(&root, "button[aria-label='Disable protection of Delete backup instance']", "Disable").await;
    click(&root, "button", "Next: Tags").await;
    type_aria(&root, "Tag name 1", "env").await;
    type_aria(&root, "Tag value 1", "prod").await;
    click(&root, "button", "Review + create").await;
    let review = text(&root);
    assert!(review.contains("guard-w") && review.contains("env: prod"), "{review}");
    click(&root, ".wizard-footer button", "Create").await;
    assert_eq!(blade_title(&root), "Deployment complete");
    click(&root, "button", "Go to resource").await;
    assert_eq!(blade_title(&root), "guard-w");
}

#[wasm_bindgen_test]
async fn undo_takes_back_the_last_step() {
    let root = mount("pim-jit-approve", 1, Some("olga"));
    tick().await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button", "+ Create").await;
    set(&root, "Vault name", "vault-undo").await;
    submit(&root, ".wizard-footer button", "Review + create").await;
    submit(&root, ".wizard-footer button", "Create").await;
    assert_eq!(blade_title(&root), "vault-undo");
    click(&root, ".toast button", "Undo").await;
    assert!(find(&root, ".notice", "Undone: Create or update vault.").text_content().is_some());
    assert!(text(&root).contains("The vault vault-undo was not found"), "the vault is gone again");
}

#[wasm_bindgen_test]
async fn restart_keeps_the_session_to_bring_back() {
    let root = mount("pim-jit-approve", 3, None);
    tick().await;
    click(&root, ".nav-item", "Scenarios").await;
    click(&root, "button", "Restart scenario").await;
    assert!(find(&root, ".notice.previous", "3 steps").text_content().is_some());
    click(&root, ".notice.previous button", "Bring it back").await;
    assert!(find(&root, ".notice", "Your previous session is back.").text_content().is_some());
    click(&root, ".nav-item", "Resource Guards").await;
    assert!(text(&root).contains("guard1"), "the guard created before the restart is back");
}

#[wasm_bindgen_test]
fn a_broken_link_keeps_the_saved_session_and_a_good_one_keeps_it_to_bring_back() {
    let mut saved = AppState::from_gallery("pim-jit-approve").unwrap();
    saved.run_plan(4);
    let stored = snapshot(&saved);
    let (broken, keep) =
        initial_state("", mua_portal::snapshot::first_version_snapshot("#state=%7Bnot"), Some(stored.clone()));
    assert_eq!(keep, Saved::Keep);
    assert_eq!(broken.session.history().len(), 4, "the saved session is shown, not replaced");
    let notice = broken.notice.unwrap();
    let (sentence, detail) = notice.split_once(mua_portal::state::DETAIL).unwrap();
    assert!(sentence.contains("could not be opened") && !detail.is_empty(), "{notice}");
    let (linked, _) = initial_state("?scenario=identities", None, Some(stored));
    assert_eq!(linked.previous.as_ref().unwrap().session.history().len(), 4, "the saved session can come back");
}

#[wasm_bindgen_test]
async fn the_tour_says_not_to_sign_in_when_the_refusal_is_the_lesson_and_back_takes_back_the_sign_in() {
    // Step 4: Bob enables MUA with the guard of the other directory, expected refused
    // (cross-tenant-auth-required).
    let root = mount("pim-jit-approve", 3, Some("bob"));
    tick().await;
    click(&root, "button", "Start the guided tour").await;
    tick().await;
    let coach = || text(&root.query_selector(".coach").unwrap().unwrap());
    assert!(coach().contains("Step 4 of 19") && coach().contains("without Authenticate"), "{}", coach());
    assert!(!coach().contains("choose the directory, Authenticate"), "{}", coach());
    // Doing it the other way (signing in first) succeeds where the scenario expects a refusal...
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    click(&root, ".nav-item", "Recovery Services vaults").await;
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Contoso']", "Switch").await;
    click(&root, "button.link", "vault1").await;
    click(&root, ".tab", "Properties").await;
    click(&root, "button[aria-label='Update Multi-User Authorization']", "Update").await;
    set(&root, "Protect with Resource Guard", "true").await;
    click(&root, "button", "Select Resource Guard").await;
    set(&root, "Directory", "Fabrikam Security").await;
    set(&root, "Resource Guard", "guard1").await;
    submit(&root, ".pane-actions button", "Save").await;
    tick().await;
    assert!(coach().contains("✗ It succeeded; the scenario expected otherwise"), "{}", coach());
    // ...and Back takes back the step and the sign-in made for it: the step is asked again.
    click(&root, ".coach button", "Back").await;
    tick().await;
    assert!(text(&root).contains("Took back the last 2 steps"), "{}", text(&root));
    assert!(coach().contains("Step 4 of 19") && coach().contains("Do it for me"), "{}", coach());
    click(&root, ".coach button", "Do it for me").await;
    assert!(coach().contains("✓ It was refused (cross-tenant-auth-required), as the scenario expects."), "{}", coach());
}

#[wasm_bindgen_test]
async fn the_guided_tour_opens_the_blade_highlights_the_control_and_waits() {
    let root = mount("pim-jit-approve", 0, Some("bob"));
    tick().await;
    click(&root, "button", "Start the guided tour").await;
    tick().await;
    let coach = || text(&root.query_selector(".coach").unwrap().unwrap());
    assert!(
        coach().contains("Step 1 of 19")
            && coach().contains(
                "Create the vault: Subscription Contoso Production, Resource group rg-vault, Vault name vault1"
            ),
        "{}",
        coach()
    );
    assert!(text(&root).contains("Signed in as Olga (Contoso owner)"), "the step's person signs in");
    assert_eq!(blade_title(&root), "Create Recovery Services vault");
    let marked = all(&root, ".tour-target");
    assert!(
        !marked.is_empty() && marked.iter().all(|e| e.get_attribute("data-tour").unwrap().contains("create_vault"))
    );
    // The person does it: the form starts with the plan's name; the tour moves on and says how it went.
    set(&root, "Resource group", "rg-vault").await;
    submit(&root, ".wizard-footer button", "Review + create").await;
    submit(&root, ".wizard-footer button", "Create").await;
    tick().await;
    assert!(coach().contains("✓ It succeeded, as the scenario expects."), "{}", coach());
    assert_eq!(blade_title(&root), "vault1");
    click(&root, ".coach button", "Next step").await;
    tick().await;
    assert!(
        coach().contains("Step 2 of 19")
            && coach()
                .contains("Create the Resource Guard: Subscription Security, Resource group rg-guard, Name guard1"),
        "{}",
        coach()
    );
    assert!(text(&root).contains("Signed in as Sara (Security admin)"));
    // Do it for me, then Back: the step is taken back and asked again.
    click(&root, ".coach button", "Do it for me").await;
    assert!(coach().contains("✓ It succeeded"), "{}", coach());
    click(&root, ".coach button", "Back").await;
    tick().await;
    assert!(coach().contains("Step 2 of 19") && coach().contains("Do it for me"), "{}", coach());
    click(&root, ".nav-item", "Resource Guards").await;
    assert!(!text(&root.query_selector("main .blade").unwrap().unwrap()).contains("guard1"), "the guard is gone again");
    // Show me opens the step's blade again, where the wizard's button is marked.
    click(&root, ".coach button", "Show me").await;
    tick().await;
    assert!(blade_title(&root).contains("Resource Guard"), "{}", blade_title(&root));
    assert!(all(&root, ".tour-target").iter().any(|e| e.text_content().unwrap().contains("Review + create")));
    click(&root, ".coach button", "End tour").await;
    assert!(root.query_selector(".coach").unwrap().is_none());
    assert!(all(&root, ".tour-target").is_empty(), "no highlight left behind");
}

#[wasm_bindgen_test]
async fn the_gallery_groups_cards_by_topic_and_filters_them() {
    let root = mount("pim-jit-approve", 0, None);
    tick().await;
    click(&root, ".nav-item", "Scenarios").await;
    let topics: Vec<String> = all(&root, ".gallery-topic h3").iter().map(|h| h.text_content().unwrap()).collect();
    assert_eq!(
        topics,
        [
            "Recovery Services vault",
            "Backup vault",
            "Cross-tenant",
            "PIM",
            "Lighthouse",
            "Identities",
            "Roles and errors"
        ]
    );
    let cross = find(&root, ".gallery-topic", "Cross-tenant").text_content().unwrap();
    assert!(cross.contains("Backup vault: guard in another tenant"), "{cross}");
    set(&root, "Filter scenarios", "approval").await;
    let cards = all(&root, ".scenario-card");
    assert!(!cards.is_empty() && cards.len() < 10, "{}", cards.len());
    assert!(cards.iter().all(|c| c.text_content().unwrap().to_lowercase().contains("approv")));
    click(&root, ".chip", "Lighthouse").await;
    set(&root, "Filter scenarios", "zzz").await;
    assert!(text(&root).contains("No scenario matches “zzz”."));
    for g in mua_portal::state::GALLERY {
        assert!(
            mua_portal::state::TOPICS.contains(&g.topic) && !g.summary.is_empty() && !g.summary.contains('`'),
            "{}",
            g.name
        );
    }
}

#[wasm_bindgen_test]
async fn the_subscription_filter_decides_what_is_listed() {
    // rsv-other-subscription: the vault and the guard are in two subscriptions of one directory.
    let root = mount("rsv-other-subscription", 3, None);
    tick().await;
    click(&root, ".nav-item", "Resource Guards").await;
    let guards = || text(&root.query_selector("main .blade").unwrap().unwrap());
    let listed = guards();
    assert!(listed.contains("guard1"), "{listed}");
    click(&root, "button[title='Directory + subscription']", "").await;
    let filter = find(&root, ".subscription-filter", "Subscriptions listed");
    let boxes = all(&filter, "input[type=checkbox]");
    assert!(boxes.len() >= 2, "one box per subscription of the directory");
    for b in &boxes {
        b.click();
        tick().await;
    }
    let hidden = guards();
    assert!(hidden.contains("No resource guards to display"), "every subscription unticked lists nothing: {hidden}");
    for b in &all(&root, ".subscription-filter input[type=checkbox]") {
        b.click();
        tick().await;
    }
    assert_eq!(guards(), listed, "ticked again, the list is back");
}

#[wasm_bindgen_test]
async fn share_links_are_compressed_by_the_browser_and_open_again() {
    const BASE: &str = "https://docs.example.com/azure-backup/playground/";
    // A gallery scenario after 20 steps: at most 600 bytes of URL.
    let mut gallery = AppState::from_gallery("errors-enable-mua").unwrap();
    gallery.run_plan(20);
    let fragment = share_fragment(&gallery).await.unwrap();
    let link = format!("{BASE}{fragment}");
    assert!(link.len() <= 600, "{} bytes: {link}", link.len());
    let data = fragment.strip_prefix("#s=2.").unwrap();
    assert!(data.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)), "URL-safe: {data}");
    let back = restore(&shared_snapshot(&fragment).await.unwrap().unwrap()).unwrap();
    assert_eq!(back.world(), gallery.world());
    assert_eq!(back.session.history().len(), 20);
    // The seeds' cross-tenant JIT flow (SPEC §8's example, 19 steps) as a custom scenario, played
    // through: at most 2 KB.
    let text = gallery_text("pim-jit-approve").unwrap();
    let mut custom = AppState::import(&text).unwrap();
    custom.run_plan(19);
    assert_eq!(custom.session.history().len(), 19);
    let fragment = share_fragment(&custom).await.unwrap();
    let link = format!("{BASE}{fragment}");
    assert!(link.len() <= 2048, "{} bytes", link.len());
    let back = restore(&shared_snapshot(&fragment).await.unwrap().unwrap()).unwrap();
    assert_eq!(back.world(), custom.world());
    assert_eq!(back.source, Source::Custom);
    console_log!(
        "share link lengths: gallery after 20 steps {} bytes, custom 19 steps {} bytes",
        BASE.len() + share_fragment(&gallery).await.unwrap().len(),
        link.len()
    );
    // Bad links say why.
    let cut = &fragment[..fragment.len() / 2];
    assert_eq!(shared_snapshot(cut).await.unwrap().unwrap_err(), "its data is cut short or damaged");
    assert_eq!(shared_snapshot("#s=2.***").await.unwrap().unwrap_err(), "its data is cut short or damaged");
    assert_eq!(
        shared_snapshot("#s=9.abc").await.unwrap().unwrap_err(),
        "it is of another version (9) of the playground"
    );
    assert_eq!(shared_snapshot("#s=2").await.unwrap().unwrap_err(), "it has no version");
    assert!(shared_snapshot("#vaults").await.is_none());
}

// ----- Microsoft Entra ID -----

#[wasm_bindgen_test]
async fn entra_users_lists_members_and_guests_by_sign_in_name_and_a_member_invites_a_guest() {
    let root = mount("pim-jit-approve", 0, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Microsoft Entra ID").await;
    assert_eq!(blade_title(&root), "Microsoft Entra ID");
    let rows =
        || -> Vec<String> { all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect() };
    assert!(rows().contains(&"Sara (Security admin)sara@fabrikamsec.comMember".to_owned()), "{:?}", rows());
    assert!(rows().contains(&"Bob (Backup admin)bob_contoso.com#EXT#@fabrikamsec.comGuest".to_owned()), "{:?}", rows());
    assert!(!rows().iter().any(|r| r.contains("Olga")), "Olga is in Contoso only");
    click(&root, "button", "+ New user").await;
    set(&root, "Email", "olga@contoso.com").await;
    submit(&root, "form[aria-label='Invite external user'] button", "Invite").await;
    assert!(find(&root, ".result.ok", "Invite external user succeeded").text_content().is_some(), "{}", text(&root));
    assert!(
        rows().contains(&"Olga (Contoso owner)olga_contoso.com#EXT#@fabrikamsec.comGuest".to_owned()),
        "{:?}",
        rows()
    );
    // The user's page says where she is a guest.
    click(&root, "table.grid button.link", "Olga (Contoso owner)").await;
    assert_eq!(blade_title(&root), "Olga (Contoso owner)");
    assert!(text(&root).contains("Fabrikam Security"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn a_guest_cannot_invite_and_an_unknown_address_is_not_found() {
    let root = mount("pim-jit-approve", 0, Some("bob"));
    tick().await;
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    click(&root, ".nav-item", "Microsoft Entra ID").await;
    click(&root, "button", "+ New user").await;
    set(&root, "Email", "olga@contoso.com").await;
    submit(&root, "form[aria-label='Invite external user'] button", "Invite").await;
    let error = find(&root, ".inline-error", "cannot invite guests").text_content().unwrap();
    assert!(error.contains("authorization-failed"), "{error}");
    set(&root, "Email", "nobody@contoso.com").await;
    submit(&root, "form[aria-label='Invite external user'] button", "Invite").await;
    assert!(find(&root, ".inline-error", "nobody@contoso.com").text_content().unwrap().contains("not-found"));
}

#[wasm_bindgen_test]
async fn the_groups_owner_adds_the_member_the_picker_shows_and_others_are_refused() {
    let root = mount("pim-jit-approve", 0, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Microsoft Entra ID").await;
    click(&root, ".tab", "Groups").await;
    click(&root, "table.grid button.link", "approvers").await;
    assert_eq!(blade_title(&root), "approvers");
    assert!(text(&root).contains("OwnersSara (Security admin)"), "{}", text(&root));
    let shown = shown(&root, "group-member");
    assert_eq!(shown, "Bob (Backup admin) (Guest)", "the directory's guest is offered; Contoso's members are not");
    // The picker finds people by name or address.
    type_aria(&root, "Search by name or email address", "zzz").await;
    assert!(options(&root, "group-member").is_empty());
    type_aria(&root, "Search by name or email address", "bob@contoso.com").await;
    assert_eq!(options(&root, "group-member"), ["Bob (Backup admin) (Guest)"]);
    submit(&root, "form[aria-label='Add members'] button", "Select").await;
    assert!(find(&root, ".result.ok", "Add group member succeeded").text_content().is_some(), "{}", text(&root));
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(
        rows.iter().any(|r| r.starts_with("Bob (Backup admin)bob_contoso.com#EXT#@fabrikamsec.comGuest")),
        "{rows:?}"
    );
    // Bob, a member now but not an owner, may not remove Sara.
    act_as(&root, "Bob (Backup admin)").await;
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    click(&root, ".nav-item", "Microsoft Entra ID").await;
    click(&root, ".tab", "Groups").await;
    click(&root, "table.grid button.link", "approvers").await;
    click(&root, "table.grid tbody tr:first-child button", "Remove").await;
    let refused = find(&root, ".result.error", "not an owner").text_content().unwrap();
    assert!(refused.contains("authorization-failed"), "{refused}");
}

#[wasm_bindgen_test]
async fn my_roles_extends_an_assignment_that_ends_and_renews_an_expired_one() {
    // After step 14: Bob's eligible assignment ends in 13 days; he is signed in to Fabrikam.
    let root = opened_in("pim-extend-renew", 14, "bob", Blade::Pim(mua_portal::state::PimTab::MyRoles));
    tick().await;
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    click(&root, "button[aria-label='Extend Backup MUA Operator at guard1']", "Extend").await;
    set(&root, "Reason", "Quarter-end restores").await;
    submit(&root, "form[aria-label='Extend role assignment'] button", "Extend").await;
    assert!(
        find(&root, ".result.pending", "Extend role assignment (PIM): request sent for approval")
            .text_content()
            .is_some(),
        "{}",
        text(&root)
    );
    click(&root, ".tab", "Pending requests").await;
    assert!(
        text(&root).contains("ExtendBackup MUA Operatorguard1") && text(&root).contains("PendingApproval"),
        "{}",
        text(&root)
    );
    // After step 26: his active Reader at rg-guard expired three days ago; Renew asks for it again.
    let root = opened_in("pim-extend-renew", 27, "bob", Blade::Pim(mua_portal::state::PimTab::MyRoles));
    tick().await;
    click(&root, "button[title='Directory + subscription']", "").await;
    click(&root, "button[aria-label='Switch to Fabrikam Security']", "Switch").await;
    click(&root, "button[aria-label='Renew Reader at rg-guard']", "Renew").await;
    set(&root, "Reason", "Still on call").await;
    submit(&root, "form[aria-label='Renew role assignment'] button", "Renew").await;
    assert!(
        find(&root, ".result.pending", "Renew role assignment (PIM): request sent for approval")
            .text_content()
            .is_some(),
        "{}",
        text(&root)
    );
}

#[wasm_bindgen_test]
async fn a_key_vault_and_a_user_assigned_identity_have_access_control_reached_from_their_resource_group() {
    // Step 13 of the identities scenario gave the vault's identity a role on the key vault.
    let root = opened_in("identities", 13, "olga", Blade::ResourceGroup("rg-vault".into(), ScopeTab::Overview));
    tick().await;
    let held = text(&root.query_selector("main .blade").unwrap().unwrap());
    assert!(held.contains("kv1 (Key vault)") && held.contains("uami1 (Managed identity)"), "{held}");
    click(&root, "button.link", "kv1 (Key vault)").await;
    assert_eq!(blade_title(&root), "kv1");
    click(&root, ".tab", "Access control (IAM)").await;
    let rows: Vec<String> = all(&root, "table.grid tbody tr").iter().map(|r| r.text_content().unwrap()).collect();
    assert!(rows.iter().any(|r| r.contains("This resource")), "the role given on kv1: {rows:?}");
    assert!(rows.iter().any(|r| r.contains("Contoso Production (Inherited)")), "Olga's Owner: {rows:?}");
    // The top bar's search finds it too.
    let search: HtmlInputElement =
        root.query_selector("input[aria-label='Search resources']").unwrap().unwrap().dyn_into().unwrap();
    search.set_value("uami");
    search.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    tick().await;
    click(&root, ".search-results button", "uami1").await;
    assert_eq!(blade_title(&root), "uami1");
    assert!(text(&root).contains("Managed identity (user-assigned)"));
}

#[wasm_bindgen_test]
async fn invite_names_the_user_an_address_finds_and_pim_finds_members_by_email() {
    let root = mount("pim-jit-approve", 2, Some("sara"));
    tick().await;
    click(&root, ".nav-item", "Microsoft Entra ID").await;
    click(&root, "button", "+ New user").await;
    set(&root, "Email", "OLGA@contoso.com").await;
    assert!(text(&root).contains("Display name: Olga (Contoso owner) (home directory Contoso)"), "{}", text(&root));
    set(&root, "Email", "nobody@contoso.com").await;
    assert!(text(&root).contains("No user with this address in the playground's directories."));
    // PIM's Select members: narrowed by an address.
    click(&root, ".nav-item", "Privileged Identity Management").await;
    click(&root, ".tab", "Azure resources").await;
    click(&root, "table.grid button.link", "guard1").await;
    click(&root, "button", "+ Add assignments").await;
    type_aria(&root, "Search members by name or email", "bob@contoso").await;
    assert_eq!(options(&root, "pim-member"), ["Bob (Backup admin)"]);
}

/// An exported session names the JSON Schema the site serves beside its page, and reads back.
#[wasm_bindgen_test]
fn an_exported_session_names_the_sites_json_schema_and_reads_back() {
    let mut state =
        AppState::start(Source::Gallery("pim-jit-approve".into()), &gallery_text("pim-jit-approve").unwrap()).unwrap();
    state.run_plan(3);
    let text = mua_portal::snapshot::export(&state);
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schema = file["$schema"].as_str().unwrap();
    let page = web_sys::window().unwrap().location();
    let folder = format!("{}{}", page.origin().unwrap(), page.pathname().unwrap());
    let folder = &folder[..=folder.rfind('/').unwrap()];
    assert_eq!(schema, format!("{folder}scenario.schema.json"));
    assert_eq!(mua_core::scenario::Scenario::load(&text).unwrap().steps.len(), 3);
}
