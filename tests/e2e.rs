//! End-to-end: the release site, served on loopback, driven in headless Chromium by visible labels.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // Tests report failure by panicking.

use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;
use mua_e2e::{serve_dist, Browser};

/// XPath literal for a text (handles quotes).
fn lit(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("concat('{}')", s.replace('\'', "', \"'\", '"))
    }
}

struct Page {
    b: Browser,
    base: String,
}

impl Page {
    async fn open(path: &str) -> Page {
        Page::open_on(serve_dist(), path).await
    }

    /// The page at `path` of the site a given test server serves.
    async fn open_on(addr: std::net::SocketAddr, path: &str) -> Page {
        let b = Browser::start().await;
        let base = format!("http://{addr}/");
        b.client.goto(&format!("{base}{path}")).await.expect("open the site");
        b.client.wait().for_element(Locator::Css(".blade-title")).await.expect("the app renders");
        Page { b, base }
    }

    /// Once Cloud Shell has loaded, `az account show` prints Bob's subscription in Contoso.
    async fn shell_shows_the_account(&self) {
        self.el("//textarea[@aria-label='Bash (az) command line'][not(@disabled)]").await;
        self.type_keys("az account show").await;
        self.press(Key::Enter).await;
        self.el("//pre[@class='shell-out'][contains(., '\"tenantDisplayName\": \"Contoso\"')]").await;
    }

    async fn el(&self, xpath: &str) -> Element {
        self.b.client.wait().for_element(Locator::XPath(xpath)).await.unwrap_or_else(|e| panic!("{xpath}: {e}"))
    }

    /// Clicks the first button, link or tab whose visible text contains `label`, optionally inside `within` (a CSS class).
    async fn click(&self, label: &str) {
        let x = format!("(//*[self::button or self::a][contains(normalize-space(.), {})])[1]", lit(label));
        self.el(&x).await.click().await.unwrap_or_else(|e| panic!("click {label}: {e}"));
    }

    async fn click_in(&self, class: &str, label: &str) {
        let x = format!("(//*[contains(concat(' ', @class, ' '), ' {class} ')]//*[self::button or self::a][contains(normalize-space(.), {})])[1]", lit(label));
        self.el(&x).await.click().await.unwrap_or_else(|e| panic!("click {label} in .{class}: {e}"));
    }

    /// The form control whose label reads `label`.
    async fn field(&self, label: &str) -> Element {
        self.el(&format!("//*[@id=//label[normalize-space(.)={}]/@for]", lit(label))).await
    }

    async fn type_into(&self, label: &str, value: &str) {
        let f = self.field(label).await;
        f.clear().await.unwrap();
        f.send_keys(value).await.unwrap();
    }

    /// Chooses the option that reads `option`, else the first that starts with it ("guard1" for
    /// "guard1 (westeurope)").
    /// Subscriptions → Security → Access control (IAM): Reader for Bob (by his address).
    async fn reader_for_bob_at_the_guards_subscription(&self) {
        self.search("Subscriptions").await;
        self.click_in("search-results", "Subscriptions").await;
        self.click_in("grid", "Security").await;
        self.click("Access control (IAM)").await;
        self.add_role_assignment("Reader", "bob@contoso.com", "Bob (Backup admin)").await;
    }

    /// PIM → Azure resources → rg-guard: Bob eligible for Backup MUA Operator there.
    async fn bob_eligible_at_the_guards_resource_group(&self) {
        self.nav("Privileged Identity Management").await;
        self.click("Azure resources").await;
        self.click_in("grid", "rg-guard").await;
        self.add_eligible_assignment("Backup MUA Operator", "Bob (Backup admin)").await;
    }

    /// Access control (IAM) → + Add role assignment: the role by search, the member found by
    /// sign-in name in + Select members, then Review + assign (the wizard's own labels).
    async fn add_role_assignment(&self, role: &str, sign_in: &str, name: &str) {
        self.click("+ Add role assignment").await;
        self.type_into_aria("Search by role name or description", role).await;
        self.tick(role).await;
        self.click_in("wizard-footer", "Next").await;
        self.click("+ Select members").await;
        self.type_into("Select", sign_in).await;
        self.click_aria(&format!("Select {name}")).await;
        self.click_in("picker", "Select").await;
        self.click_in("wizard-footer", "Next").await;
        self.click_in("wizard-footer", "Review + assign").await;
        self.result("ok", "Create role assignment succeeded").await;
    }

    /// A resource's PIM → + Add assignments: Membership (Select role, Select members, Next) →
    /// Setting (Eligible) → Assign.
    async fn add_eligible_assignment(&self, role: &str, member: &str) {
        self.click("+ Add assignments").await;
        self.choose("Select role", role).await;
        self.choose("Select members", member).await;
        self.click_in("form", "Next").await;
        self.choose("Assignment type", "Eligible").await;
        self.click_in("form", "Assign").await;
        self.result("ok", "Add role assignment (PIM) succeeded").await;
    }

    async fn type_into_aria(&self, label: &str, value: &str) {
        let f = self.el(&format!("//input[@aria-label={}]", lit(label))).await;
        f.clear().await.unwrap();
        f.send_keys(value).await.unwrap();
    }

    async fn choose(&self, label: &str, option: &str) {
        let select = self.field(label).await;
        if select.clone().select_by_label(option).await.is_err() {
            let x = format!(".//option[starts-with(normalize-space(.), {})]", lit(option));
            let found =
                select.find(Locator::XPath(&x)).await.unwrap_or_else(|e| panic!("choose {option} in {label}: {e}"));
            found.click().await.unwrap_or_else(|e| panic!("choose {option} in {label}: {e}"));
        }
    }

    async fn tick(&self, label: &str) {
        self.el(&format!("//label[normalize-space(.)={}]", lit(label))).await.click().await.unwrap();
    }

    async fn act_as(&self, name: &str) {
        self.click("Signed in as").await;
        self.click_in("menu", name).await;
    }

    async fn nav(&self, entry: &str) {
        self.click_in("leftnav", entry).await;
        self.expect_title(entry).await;
    }

    async fn expect_title(&self, title: &str) {
        self.el(&format!("//h1[@id='blade-title'][normalize-space(.)={}]", lit(title))).await;
    }

    /// Waits for the toast of the last operation (`ok`, `pending` or `error`) and returns its text.
    async fn result(&self, kind: &str, containing: &str) -> String {
        let e = self
            .el(&format!(
                "//section[contains(concat(' ', @class, ' '), ' toast ')][contains(concat(' ', @class, ' '), ' {kind} ')][contains(normalize-space(.), {})]",
                lit(containing)
            ))
            .await;
        e.text().await.unwrap()
    }

    /// Waits for a result inside the open form (`inline-ok` or `inline-error`).
    async fn inline(&self, class: &str, containing: &str) -> String {
        let x = format!(
            "//*[contains(concat(' ', @class, ' '), ' {class} ')][contains(normalize-space(.), {})]",
            lit(containing)
        );
        self.el(&x).await.text().await.unwrap()
    }

    async fn click_aria_prefix(&self, label: &str) {
        self.el(&format!("//button[starts-with(@aria-label, {})]", lit(label))).await.click().await.unwrap();
    }

    async fn click_aria(&self, label: &str) {
        self.el(&format!("//button[@aria-label={}]", lit(label))).await.click().await.unwrap();
    }

    async fn search(&self, text: &str) {
        let e = self.el("//input[@aria-label='Search resources']").await;
        e.clear().await.unwrap();
        e.send_keys(text).await.unwrap();
    }

    async fn open_vault(&self, name: &str) {
        self.nav("Recovery Services vaults").await;
        self.click_in("grid", name).await;
        self.expect_title(name).await;
    }

    /// Properties → Security Settings → Update → clear soft delete → Save → confirm.
    async fn disable_soft_delete(&self) {
        self.click("Properties").await;
        self.click_aria("Update Security Settings").await;
        self.tick("Enable soft delete").await;
        self.el("//*[contains(normalize-space(.), 'Disabling soft delete is a protected operation')]").await;
        self.click_in("pane-actions", "Save").await;
        self.click_in("confirm", "Yes, disable").await;
    }

    /// What the focused control is called: its aria-label, else the text of its label, else its
    /// text (what is hidden from screen readers left out); "(dialog) <name>" for a dialog, and ""
    /// when nothing has focus.
    async fn focused(&self) -> String {
        let js = r#"const e = document.activeElement;
            if (!e || e === document.body) return '';
            const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
            const text = (n) => { const c = n.cloneNode(true); c.querySelectorAll('[aria-hidden="true"]').forEach((h) => h.remove()); return c.textContent; };
            const name = (e.getAttribute('aria-label') || (label && text(label)) || text(e) || '').replace(/\s+/g, ' ').trim();
            return e.getAttribute('role') === 'dialog' ? `(dialog) ${name}` : name;"#;
        self.b.client.execute(js, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned()
    }

    /// Whether the focused element is inside the element `css` selects.
    async fn focus_inside(&self, css: &str) -> bool {
        let js =
            format!("const c = document.querySelector({css:?}); return !!c && c.contains(document.activeElement);");
        self.b.client.execute(&js, vec![]).await.unwrap().as_bool().unwrap_or(false)
    }

    /// A mouse press at a point of the window (for a press on empty space).
    async fn click_at(&self, x: i64, y: i64) {
        let a = MouseActions::new("mouse".to_owned())
            .then(PointerAction::MoveTo { duration: None, x, y })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.b.client.perform_actions(a).await.unwrap();
    }

    /// Presses keys, one after the other, where the focus is (as a person at the keyboard does).
    async fn keys(&self, keys: &[char]) {
        let mut a = KeyActions::new("keyboard".to_owned());
        for &k in keys {
            a = a.then(KeyAction::Down { value: k }).then(KeyAction::Up { value: k });
        }
        self.b.client.perform_actions(a).await.unwrap();
    }

    async fn press(&self, key: Key) {
        self.keys(&[key.into()]).await;
    }

    /// Types text where the focus is.
    async fn type_keys(&self, text: &str) {
        self.keys(&text.chars().collect::<Vec<_>>()).await;
    }

    /// Shift+Tab.
    async fn shift_tab(&self) {
        let (shift, tab): (char, char) = (Key::Shift.into(), Key::Tab.into());
        let a = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab })
            .then(KeyAction::Up { value: shift });
        self.b.client.perform_actions(a).await.unwrap();
    }

    /// Presses Tab until the focused control is called `name` (or its name starts with `name…`
    /// when `name` ends in "…"), at most 150 times: what a keyboard user does to reach it.
    async fn tab_to(&self, name: &str) {
        let mut seen = Vec::new();
        for _ in 0..150 {
            self.press(Key::Tab).await;
            let now = self.focused().await;
            let hit = match name.strip_suffix('…') {
                Some(prefix) => now.starts_with(prefix),
                None => now == name,
            };
            if hit {
                return;
            }
            seen.push(now);
        }
        panic!("Tab never reached {name:?}; it went through {seen:?}");
    }

    /// Tabs to a control and presses Enter.
    async fn tab_enter(&self, name: &str) {
        self.tab_to(name).await;
        self.press(Key::Enter).await;
    }

    async fn shot(&self, name: &str) {
        self.b.screenshot(name).await;
    }
}

#[tokio::test]
async fn site_loads_renders_and_navigates() {
    let p = Page::open("").await;
    p.expect_title("Home").await;
    assert!(p.b.client.find(Locator::Css("header.topbar")).await.is_ok(), "the top bar renders");
    p.shot("home").await;
    p.nav("Resource Guards").await;
    let shot = p.b.screenshot("resource-guards").await;
    assert!(std::fs::metadata(shot).expect("screenshot file").len() > 1000);
    p.b.close().await;
}

/// The how-to's Recovery Services vault section, click by click with its own labels, from a session
/// where nothing has run: the vault, the guard created in the other tenant with an exclusion, Reader
/// on the guard, MUA enabled with Authenticate, a refused protected operation, PIM eligibility with
/// approval, activation, approval, success and expiry.
#[tokio::test]
async fn the_how_to_click_by_click() {
    let p = Page::open("").await;
    p.b.client.execute("localStorage.clear()", vec![]).await.unwrap();

    // Olga creates the vault; the create opens it.
    p.act_as("Olga (Contoso owner)").await;
    p.nav("Recovery Services vaults").await;
    p.click("+ Create").await;
    p.choose("Resource group", "rg-vault").await;
    p.type_into("Vault name", "vault1").await;
    p.choose("Region", "westeurope").await;
    p.click_in("wizard-footer", "Review + create").await;
    p.el("//*[@role='status'][contains(normalize-space(.), 'Validation passed')]").await;
    p.el("//dd[normalize-space(.)='vault1']").await;
    p.click_in("wizard-footer", "Create").await;
    p.result("ok", "Create or update vault succeeded").await;
    p.expect_title("vault1").await;
    p.nav("Recovery Services vaults").await;
    p.shot("vaults").await;

    // "Search for Resource Guards in the search bar, and then select the corresponding item."
    p.act_as("Sara (Security admin)").await;
    p.search("Resource Guards").await;
    p.click_in("search-results", "Resource Guards").await;
    p.expect_title("Resource Guards").await;
    // "Select Create … fill in the required details … On the Protected operations tab, select the
    // operations … Optionally, add any tags … Select Review + Create."
    p.click("+ Create").await;
    p.type_into("Name", "guard1").await;
    p.type_into("Description", "Request Backup MUA Operator in PIM (Fabrikam)").await;
    p.shot("guard-create-basics").await;
    p.click("Next: Protected operations").await;
    p.click_aria("Disable protection of Get backup security PIN").await;
    p.shot("guard-create-operations").await;
    p.click("Next: Tags").await;
    p.el("//input[@aria-label='Tag name 1']").await.send_keys("owner").await.unwrap();
    p.el("//input[@aria-label='Tag value 1']").await.send_keys("security").await.unwrap();
    p.shot("guard-create-tags").await;
    p.click("Review + create").await;
    p.shot("guard-create-review").await;
    p.el("//dd[normalize-space(.)='owner: security']").await;
    p.click_in("wizard-footer", "Create").await;
    p.result("ok", "Create Resource Guard succeeded").await;
    p.expect_title("Deployment complete").await;
    p.click("Go to resource").await;
    p.expect_title("guard1").await;
    // "Go to Properties > Recovery Services vault tab … Disable … Select Save."
    p.click("Properties").await;
    p.el("//button[@aria-label='Disable protection of Get backup security PIN'][@aria-pressed='true']").await;
    p.el("//button[@aria-label='Disable protection of Remove MUA protection'][@disabled]").await;
    p.shot("guard-properties").await;
    // "Access Control (IAM) … Reader … Select members … Review + assign."
    p.click("Access control (IAM)").await;
    p.click("+ Add role assignment").await;
    p.type_into_aria("Search by role name or description", "Reader").await;
    p.tick("Reader").await;
    p.click_in("wizard-footer", "Next").await;
    p.click("+ Select members").await;
    p.type_into("Select", "bob@contoso.com").await;
    p.click_aria("Select Bob (Backup admin)").await;
    p.shot("iam-select-members").await;
    p.click_in("picker", "Select").await;
    p.click_in("wizard-footer", "Next").await;
    p.el("//*[contains(@class, 'wizard-body')]//dd[contains(normalize-space(.), 'bob_contoso.com#EXT#@fabrikamsec.com')]").await;
    p.click_in("wizard-footer", "Review + assign").await;
    p.result("ok", "Create role assignment succeeded").await;
    p.shot("guard-iam").await;
    // PIM: an eligible Backup MUA Operator assignment, and approval required to activate.
    // "Privileged Identity Management > Azure Resources (under Manage) > select the resource >
    // Assignments > Add assignments … Select role … Select members … Next … Eligible … Assign."
    p.nav("Privileged Identity Management").await;
    p.click("Azure resources").await;
    p.click_in("grid", "guard1").await;
    p.expect_title("guard1 | Privileged Identity Management").await;
    p.click("+ Add assignments").await;
    p.choose("Select role", "Backup MUA Operator").await;
    p.choose("Select members", "Bob (Backup admin)").await;
    p.click_in("form", "Next").await;
    p.choose("Assignment type", "Eligible").await;
    p.shot("pim-add-assignments").await;
    p.click_in("form", "Assign").await;
    p.result("ok", "Add role assignment (PIM) succeeded").await;
    // "Settings > Backup MUA Operator > Edit > Activation > Require approval to activate > Update."
    p.click("Settings").await;
    p.click_in("grid", "Backup MUA Operator").await;
    p.click("Edit").await;
    p.tick("Require approval to activate").await;
    p.tick("approvers").await;
    p.click("Update").await;
    p.result("ok", "Update role settings (PIM) succeeded").await;
    p.shot("pim-settings").await;

    // "Go to the Recovery Services vault. Go to Properties … Multi-User Authorization and select
    // Update … Select Resource Guard … choose the directory … Authenticate … choose the Resource
    // Guard … Save."
    p.act_as("Bob (Backup admin)").await;
    p.open_vault("vault1").await;
    p.click("Properties").await;
    p.click_aria("Update Multi-User Authorization").await;
    p.tick("Protect with Resource Guard").await;
    p.click("Select Resource Guard").await;
    p.choose("Directory", "Fabrikam Security").await;
    p.click_in("context-pane", "Authenticate").await;
    p.inline("inline-ok", "Sign in to directory succeeded").await;
    p.choose("Resource Guard", "guard1 (westeurope)").await;
    p.shot("vault-mua-pane").await;
    p.click_in("pane-actions", "Save").await;
    p.result("ok", "Update Resource Guard proxy succeeded").await;
    p.el("//p[contains(normalize-space(.), 'Protected using Resource Guard guard1 (Fabrikam Security)')]").await;
    p.click("Overview").await;
    p.shot("vault-overview").await;

    // "Properties > Security Settings and select Update … Disable the soft delete … Save. The
    // request fails."
    p.disable_soft_delete().await;
    p.inline("inline-error", "sufficient permissions on the Resource Guard").await;
    p.shot("vault-security-refused").await;
    p.click_aria("Close").await;
    p.result("error", "mua-operator-role-missing").await;
    p.click_in("toast", "Explain").await;
    p.el("//li[contains(@class, 'check fail')][contains(normalize-space(.), 'Active role on the Resource Guard')]")
        .await;
    p.el("//*[contains(normalize-space(.), 'To make it succeed')]").await;
    p.shot("refused-explain").await;
    // The bell lists the refused operation with its code; the directory menu filters subscriptions.
    p.click_aria_prefix("Notifications").await;
    p.el("//*[@aria-label='Notifications']//*[contains(normalize-space(.), 'Disable soft delete failed (mua-operator-role-missing)')]").await;
    p.shot("bell").await;
    p.el("//button[@title='Directory + subscription']").await.click().await.unwrap();
    p.el("//fieldset[contains(@class, 'subscription-filter')]").await;
    p.shot("directories").await;
    p.el("//button[@title='Directory + subscription']").await.click().await.unwrap();

    // "If the Resource Guard is in another directory, switch to that directory and then go to PIM …
    // My roles > Azure resources … Activate": a request sent for approval, not a success.
    p.el("//button[@title='Directory + subscription']").await.click().await.unwrap();
    p.click_aria("Switch to Fabrikam Security").await;
    p.nav("Privileged Identity Management").await;
    p.click("My roles").await;
    p.el("//div[@aria-label='My roles']//button[normalize-space(.)='Azure resources']").await.click().await.unwrap();
    p.click_in("grid", "Activate").await;
    p.type_into("Duration (hours)", "2").await;
    p.type_into("Justification", "INC-1234").await;
    p.tick("I completed multifactor authentication (simulated)").await;
    p.click_in("form", "Activate").await;
    let pending = p.result("pending", "request sent for approval").await;
    assert!(!pending.contains("succeeded"), "{pending}");
    p.shot("pim-my-roles").await;

    // The Security admin approves.
    p.act_as("Sara (Security admin)").await;
    p.nav("Privileged Identity Management").await;
    p.click("Approve requests").await;
    p.el("//th[normalize-space(.)='Requestor']").await;
    p.shot("pim-approve").await;
    p.click_in("grid", "Approve").await;
    p.result("ok", "Approve request (PIM) succeeded").await;
    p.click("My audit history").await;
    p.el("//td[normalize-space(.)='Request approved']").await;
    p.shot("pim-audit").await;

    // The Backup admin retries and succeeds.
    p.act_as("Bob (Backup admin)").await;
    p.open_vault("vault1").await;
    p.disable_soft_delete().await;
    p.result("ok", "Disable soft delete succeeded").await;
    p.click("Backup items").await;
    // Two backups: the core names each new item, so handles never collide.
    for n in 1..=2 {
        p.click("+ Backup").await;
        p.result("ok", "Configure backup succeeded").await;
        p.el(&format!("//h3[starts-with(normalize-space(.), 'vault1-item{n}')]")).await;
    }
    p.shot("vault-backup-items").await;

    // A day later the activation has expired (and so has the sign-in to Fabrikam).
    p.el("//button[starts-with(@aria-label, 'Simulated time')]").await.click().await.unwrap();
    p.click("+1 day").await;
    p.el("//*[contains(normalize-space(.), '2026-01-06 09:00 UTC')]").await;
    // The clock menu stays open for further moves; Escape closes it.
    p.press(Key::Escape).await;
    p.click("Properties").await;
    p.click_aria("Update Security Settings").await;
    p.shot("vault-security-pane").await;
    p.tick("Enable soft delete").await;
    p.click_in("pane-actions", "Save").await;
    p.result("ok", "Enable soft delete succeeded").await;
    p.disable_soft_delete().await;
    p.inline("inline-error", "Authenticate to that directory").await;
    // The refusal offers the sign-in right there.
    p.click_in("inline-error", "Authenticate to Fabrikam Security").await;
    p.inline("inline-ok", "Sign in to directory succeeded").await;
    p.click_in("pane-actions", "Save").await;
    p.click_in("confirm", "Yes, disable").await;
    p.inline("inline-error", "sufficient permissions").await;
    p.click_aria("Close").await;
    p.result("error", "mua-operator-role-missing").await;
    p.nav("Activity log").await;
    p.el("//td[contains(normalize-space(.), 'Failed (mua-operator-role-missing)')]").await;
    p.shot("activity-log").await;
    p.b.close().await;
}

#[tokio::test]
async fn share_link_restores_the_whole_session() {
    let p = Page::open("?scenario=pim-jit-approve&step=14&as=bob").await;
    p.nav("Scenarios").await;
    p.shot("scenarios").await;
    // The browser compresses the session into the link (asynchronously).
    let link = p.share_link().await;
    assert!(link.contains("#s=2.") && link.len() < 2048, "{link}");
    p.b.client.execute("localStorage.clear()", vec![]).await.unwrap();
    p.b.client.goto("about:blank").await.unwrap();
    p.b.client.goto(&link).await.unwrap();
    // On the blade it was made on.
    p.expect_title("Scenarios").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Bob (Backup admin)')]").await;
    p.nav("Recovery Services vaults").await;
    p.el("//td[contains(normalize-space(.), 'Protected by guard1')]").await;
    p.nav("Scenarios").await;
    let done = p.b.client.find_all(Locator::Css(".tour li.done")).await.unwrap().len();
    assert_eq!(done, 14, "the 14 steps of the session are restored");
    let _ = p.base;
    p.b.close().await;
}

#[tokio::test]
async fn a_share_link_pasted_into_an_open_tab_opens_it() {
    // A share link of the session after 14 steps, as Bob.
    let p = Page::open("?scenario=pim-jit-approve&step=14&as=bob").await;
    p.nav("Scenarios").await;
    let link = p.share_link().await;
    let hash = link[link.find("#s=").unwrap()..].to_owned();
    // The same tab goes on with another session: Sara, 2 steps in.
    p.b.client.goto(&format!("{}?scenario=pim-jit-approve&step=2&as=sara", p.base)).await.unwrap();
    p.el("//*[contains(normalize-space(.), 'Signed in as Sara (Security admin)')]").await;
    // The link pasted into the address bar (only the hash changes: no reload) opens its session.
    p.b.client.execute("location.hash = arguments[0]", vec![serde_json::json!(hash)]).await.unwrap();
    p.el("//*[contains(normalize-space(.), 'Signed in as Bob (Backup admin)')]").await;
    p.nav("Scenarios").await;
    let done = p.b.client.find_all(Locator::Css(".tour li.done")).await.unwrap().len();
    assert_eq!(done, 14, "the link's 14 steps are the session now");
    // The replaced session is kept to bring back, and the address no longer holds the link.
    p.el("//button[normalize-space(.)='Bring it back']").await;
    let url = p.b.client.current_url().await.unwrap();
    assert!(!url.as_str().contains("#s="), "{url}");
    // A broken link pasted the same way says so and leaves the session as it is.
    p.b.client.execute("location.hash = '#s=2.broken'", vec![]).await.unwrap();
    p.el("//*[@role='alert'][contains(normalize-space(.), 'This share link could not be opened')][contains(normalize-space(.), 'Your session is unchanged')]").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Bob (Backup admin)')]").await;
    p.b.close().await;
}

#[tokio::test]
async fn embed_link_renders_without_chrome() {
    let p = Page::open("?scenario=pim-jit-approve&as=bob&step=6&embed=1&blade=vaults").await;
    p.expect_title("Recovery Services vaults").await;
    assert!(p.b.client.find(Locator::Css("nav.leftnav")).await.is_err(), "no left navigation in an embed");
    assert!(p.b.client.find(Locator::Css("input.search")).await.is_err(), "no search in an embed");
    p.el("//td[contains(normalize-space(.), 'Protected by guard1')]").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Bob (Backup admin)')]").await;
    p.shot("embed").await;
    p.b.close().await;
}

#[tokio::test]
async fn corrupted_local_storage_gets_a_message_and_a_fresh_start() {
    let p = Page::open("").await;
    // Let the page's debounced save (300 ms after a change) land before corrupting what it saved.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    p.b.client.execute("localStorage.setItem('mua-playground/state', '{corrupted')", vec![]).await.unwrap();
    p.b.client.refresh().await.unwrap();
    p.expect_title("Home").await;
    let notice = p.el("//*[@role='alert']").await.text().await.unwrap();
    assert!(notice.contains("could not be restored"), "{notice}");
    // The page works: navigate and act.
    p.nav("Scenarios").await;
    p.click("Run next step").await;
    p.result("ok", "succeeded").await;
    // The fresh session is saved again (debounced): wait for it.
    let mut saved = serde_json::Value::Null;
    for _ in 0..50 {
        saved = p.b.client.execute("return localStorage.getItem('mua-playground/state')", vec![]).await.unwrap();
        if saved.as_str().is_some_and(|s| s.starts_with("{\"")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(saved.as_str().is_some_and(|s| s.contains("\"v\":1")), "a fresh, valid state was saved: {saved}");
    p.b.close().await;
}

#[tokio::test]
async fn themes_and_lighthouse_blade() {
    let p = Page::open("?scenario=lighthouse-onboarding&step=11&as=lee").await;
    p.nav("Azure Lighthouse").await;
    p.el("//*[contains(normalize-space(.), 'Relecloud Managed Services')]").await;
    p.shot("lighthouse").await;
    p.choose_theme("Dark").await;
    p.el("//div[contains(@class, 'theme-dark')]").await;
    p.shot("lighthouse-dark").await;
    p.choose_theme("High contrast").await;
    p.el("//div[contains(@class, 'theme-contrast')]").await;
    p.shot("lighthouse-contrast").await;
    p.b.close().await;
}

impl Page {
    /// The Scenarios blade's share link, once the browser has compressed the session into it.
    async fn share_link(&self) -> String {
        let mut link = String::new();
        for _ in 0..50 {
            link = self.field("Share link (holds the whole session)").await.prop("value").await.unwrap().unwrap();
            if link.contains("#s=2.") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        link
    }

    async fn choose_theme(&self, theme: &str) {
        self.el("//select[@aria-label='Theme']").await.select_by_label(theme).await.unwrap();
    }
}

/// Every blade, by its address: `(screenshot name, address, the active tab's label if any)`.
const BLADES: &[(&str, &str, Option<&str>)] = &[
    ("home", "#/", None),
    ("vaults", "#/recovery-services-vaults", None),
    ("vault-create", "#/recovery-services-vaults/create", None),
    ("vault-overview", "#/vaults/vault1/overview", Some("Overview")),
    ("vault-properties", "#/vaults/vault1/properties", Some("Properties")),
    ("vault-identity", "#/vaults/vault1/identity", Some("Identity")),
    ("vault-items", "#/vaults/vault1/backup-items", Some("Backup items")),
    ("backup-vaults", "#/backup-vaults", None),
    ("guards", "#/resource-guards", None),
    ("guard-create", "#/resource-guards/create", Some("Basics")),
    ("guard-overview", "#/resource-guards/guard1/overview", Some("Overview")),
    ("guard-properties", "#/resource-guards/guard1/properties", Some("Properties")),
    ("guard-iam", "#/resource-guards/guard1/iam", Some("Access control (IAM)")),
    ("pim-my-roles", "#/pim/my-roles", Some("My roles")),
    ("pim-pending", "#/pim/pending-requests", Some("Pending requests")),
    ("pim-approve", "#/pim/approve-requests", Some("Approve requests")),
    ("pim-audit", "#/pim/audit-history", Some("My audit history")),
    ("pim-resources", "#/pim/azure-resources", Some("Azure resources")),
    ("pim-resource-assignments", "#/pim/resources/guard1/assignments", Some("Assignments")),
    ("pim-resource-settings", "#/pim/resources/guard1/settings", Some("Settings")),
    ("lighthouse", "#/lighthouse/my-customers", Some("My customers")),
    ("lighthouse-providers", "#/lighthouse/service-providers", Some("Service providers")),
    ("activity", "#/activity-log", None),
    ("timeline", "#/timeline", None),
    ("posture", "#/posture", None),
    ("topology", "#/topology", None),
    ("scenarios", "#/scenarios", None),
    ("vault-iam", "#/vaults/vault1/iam", Some("Access control (IAM)")),
    ("entra-users", "#/entra/users", Some("Users")),
    ("entra-groups", "#/entra/groups", Some("Groups")),
    ("entra-user", "#/entra/users/bob", None),
    ("entra-group", "#/entra/groups/approvers", None),
    ("subscriptions", "#/subscriptions", None),
    ("subscription-iam", "#/subscriptions/sub-guard/iam", Some("Access control (IAM)")),
    ("resource-groups", "#/resource-groups", None),
    ("resource-group", "#/resource-groups/rg-vault/overview", Some("Overview")),
];

/// How far the page and the blade area overflow sideways (px), and the widest culprit.
const OVERFLOW_JS: &str = r#"
const doc = document.documentElement.scrollWidth - window.innerWidth;
const area = document.querySelector('.blade-area');
const inner = area ? area.scrollWidth - area.clientWidth : 0;
let culprit = '';
if (doc > 0 || inner > 0) {
  const limit = area ? area.getBoundingClientRect().right : window.innerWidth;
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > limit + 1 && r.width > 0 && getComputedStyle(e).position !== 'fixed') {
      culprit = e.tagName + '.' + e.className + ' "' + (e.textContent || '').slice(0, 40) + '"';
      break;
    }
  }
}
return [doc, inner, culprit];
"#;

/// The lowest WCAG contrast ratio of any visible text against the colour behind it, with the text
/// and its two colours. Disabled controls are exempt (WCAG 1.4.3 "inactive user interface components").
const CONTRAST_JS: &str = r#"
function parse(c) {
  let m = c.match(/rgba?\(([^)]+)\)/);
  if (m) { const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
  m = c.match(/color\(srgb ([^)]+)\)/);
  if (m) { const p = m[1].split(/[ \/]+/).filter(Boolean).map(Number); return [p[0]*255, p[1]*255, p[2]*255, p.length > 3 ? p[3] : 1]; }
  return [0, 0, 0, 0];
}
function over(top, bottom) {
  const a = top[3];
  return [top[0]*a + bottom[0]*(1-a), top[1]*a + bottom[1]*(1-a), top[2]*a + bottom[2]*(1-a), 1];
}
function background(e) {
  const layers = [];
  for (let n = e; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let bg = [255, 255, 255, 1];
  for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
  return bg;
}
function lum(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}
let worst = [99, '', '', ''];
for (const e of document.querySelectorAll('body *')) {
  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const s = getComputedStyle(e);
  if (s.visibility === 'hidden' || e.closest('[disabled]') || e.closest('[aria-hidden="true"]')) continue;
  let opacity = 1;
  for (let n = e; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
  const bg = background(e);
  const fg = parse(s.color); fg[3] *= opacity;
  const text = over(fg, bg);
  const l1 = lum(text), l2 = lum(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  if (ratio < worst[0]) worst = [ratio, (e.textContent || '').trim().slice(0, 50), s.color, getComputedStyle(e).backgroundColor];
}
return worst;
"#;

impl Page {
    /// Opens a blade by its address and waits for it to render.
    async fn visit(&self, address: &str, tab: Option<&str>) {
        self.b.client.goto(&format!("{}{address}", self.base)).await.unwrap();
        self.b
            .client
            .execute_async(
                "const done = arguments[0]; setTimeout(() => requestAnimationFrame(() => done()), 30);",
                vec![],
            )
            .await
            .unwrap();
        // An object of another directory opens as "not found in this directory" with the switch to
        // its directory: use it, as a person would (the blades of both directories are visited).
        if let Ok(switch) = self
            .b
            .client
            .find(Locator::XPath(
                "//div[contains(@class, 'empty-state')]//button[starts-with(normalize-space(.), 'Switch to ')]",
            ))
            .await
        {
            switch.click().await.unwrap();
        }
        if let Some(tab) = tab {
            self.el(&format!(
                "//*[contains(@class, 'tab') and contains(@class, 'active')][normalize-space(.)={}]",
                lit(tab)
            ))
            .await;
        }
    }

    /// Sets the theme the way the theme menu does (works while the menu is folded away).
    async fn set_theme(&self, key: &str) {
        let js = format!(
            "const s = document.querySelector('select[aria-label=Theme]'); s.value = '{key}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        );
        self.b.client.execute(&js, vec![]).await.unwrap();
        self.el(&format!("//div[contains(@class, 'theme-{key}')]")).await;
    }
}

#[tokio::test]
async fn the_guided_tour_runs_to_the_end_step_by_step() {
    let p = Page::open("?scenario=pim-jit-approve").await;
    p.click("Start the guided tour").await;
    for step in 1..=19 {
        p.el(&format!("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'Step {step} of 19')]")).await;
        p.click_in("coach", "Do it for me").await;
        p.el("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'as the scenario expects')]").await;
        if step == 4 {
            p.shot("tour-step-done").await;
        }
        p.click_in("coach", if step < 19 { "Next step" } else { "Finish" }).await;
    }
    p.el("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'The tour is complete. All 19 steps went as the scenario expects.')]").await;
    p.click_in("coach", "End tour").await;
    p.click("Signed in as").await;
    p.el("//*[@role='menu'][@aria-label='Switch persona'][contains(normalize-space(.), 'Also a guest in Fabrikam Security')]").await;
    p.shot("persona-menu").await;
    // A press on empty space closes the menu.
    p.el("//h1[@id='blade-title']").await.click().await.unwrap();
    assert!(p.b.client.find(Locator::Css("[aria-label='Switch persona']")).await.is_err(), "the menu closed");
    p.click_in("leftnav", "Scenarios").await;
    p.b.client.execute("document.querySelector('.gallery-topic').scrollIntoView()", vec![]).await.unwrap();
    p.shot("gallery").await;
    p.b.close().await;
}

/// One thing a tour step's text tells the person to do, with the words the text must say for it:
/// the literal tour test does only what the text says, by the labels it names.
enum Move<'a> {
    /// "switch to the directory X" or "Sign in to the directory X": the directory menu's Switch.
    Directory(&'a str),
    /// "… Section → Update": the section's Update button.
    Update(&'a str),
    /// A button, tab or link named in the text.
    Click(&'a str),
    /// "Label value": the field's value typed.
    Fill(&'a str, &'a str),
    /// "Label option": the drop-down's option chosen.
    Choose(&'a str, &'a str),
    /// "tick Label" / "clear Label": the box clicked.
    Tick(&'a str),
    Clear(&'a str),
    /// A radio named in the text.
    Radio(&'a str),
    /// "tick the approver X": X's box among the approvers.
    Approver(&'a str),
    /// "paste X": X (read from the text) typed into the field labelled so.
    PasteInto(&'a str),
    /// "type X and select Advance": the clock menu's custom duration.
    Clock(&'a str),
}

impl Page {
    /// The tour's instruction for the step on screen.
    async fn coach_text(&self) -> String {
        self.el("//section[@aria-label='Guided tour']//p[1]").await.text().await.unwrap()
    }

    /// Checks that the step's text says every move, then makes them, then expects the ✓.
    async fn follow(&self, step: usize, moves: &[Move<'_>]) {
        self.el(&format!("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'Step {step} of ')]"))
            .await;
        let text = self.coach_text().await;
        let says = |words: &str| assert!(text.contains(words), "step {step}: the text does not say {words:?}: {text}");
        for m in moves {
            match m {
                Move::Directory(d) => assert!(
                    text.contains(&format!("switch to the directory {d}"))
                        || text.contains(&format!("Sign in to the directory {d}")),
                    "step {step}: the text does not say to switch to {d}: {text}"
                ),
                Move::Update(section) => says(&format!("{section} → Update")),
                Move::Click(label) | Move::Radio(label) => says(label),
                Move::Fill(label, value) => says(&format!("{label} {value}")),
                Move::Choose(label, option) => says(&format!("{label} {option}")),
                Move::Tick(label) => says(&format!("tick {label}")),
                Move::Approver(name) => says(&format!("tick the approver {name}")),
                Move::Clear(label) => says(&format!("clear {label}")),
                Move::PasteInto(_) => says("paste "),
                Move::Clock(by) => says(&format!("type {by} and select Advance")),
            }
        }
        for m in moves {
            match m {
                Move::Directory(d) => {
                    self.el("//button[@title='Directory + subscription']").await.click().await.unwrap();
                    self.click_aria(&format!("Switch to {d}")).await;
                }
                Move::Update(section) => self.click_aria(&format!("Update {section}")).await,
                Move::Click(label) => {
                    // By its accessible name: its aria-label, else its text; never the coach's own
                    // buttons. A button before a tab of the same name (Review + create).
                    let named = format!(
                        "[@aria-label={0} or (not(@aria-label) and normalize-space(.)={0})][not(@disabled)][not(ancestor::section[@aria-label='Guided tour'])]",
                        lit(label)
                    );
                    let button = format!("(//*[self::button or self::a][not(@role='tab')]{named})[1]");
                    let x = match self.b.client.find(Locator::XPath(&button)).await {
                        Ok(_) => button,
                        Err(_) => format!("(//*[self::button or self::a or @role='tab']{named})[1]"),
                    };
                    self.el(&x).await.click().await.unwrap_or_else(|e| panic!("step {step}: click {label}: {e}"));
                }
                Move::Fill(label, value) => self.type_into(label, value).await,
                Move::Choose(label, option) => self.choose(label, option).await,
                Move::Tick(label) | Move::Clear(label) | Move::Radio(label) => self.tick(label).await,
                Move::Approver(name) => {
                    let x = format!("//fieldset[legend='Approvers']//label[normalize-space(.)={}]", lit(name));
                    self.el(&x).await.click().await.unwrap();
                }
                Move::PasteInto(label) => {
                    let from = text.find("paste ").unwrap() + "paste ".len();
                    let value = text[from..].split_whitespace().next().unwrap();
                    self.type_into(label, value).await;
                }
                Move::Clock(by) => {
                    self.click_aria_prefix("Simulated time").await;
                    let input = self.el("//input[starts-with(@aria-label, 'Custom duration')]").await;
                    input.clear().await.unwrap();
                    input.send_keys(by).await.unwrap();
                    self.click_in("clock-menu", "Advance").await;
                }
            }
        }
        let verdict = self.el("//section[@aria-label='Guided tour']//strong[starts-with(normalize-space(.), '✓') or starts-with(normalize-space(.), '✗')]").await;
        let verdict = verdict.text().await.unwrap();
        assert!(verdict.starts_with('✓'), "step {step} did not go as the scenario expects: {verdict} (text: {text})");
    }
}

#[tokio::test]
async fn the_tour_followed_literally_goes_as_the_scenario_expects_at_every_step() {
    use Move::*;
    let p = Page::open("?scenario=pim-jit-approve").await;
    p.click("Start the guided tour").await;
    let steps: Vec<Vec<Move<'_>>> = vec![
        // 1-3: the vault, the guard in the other directory, Reader on it for the Backup admin.
        vec![
            Choose("Subscription", "Contoso Production"),
            Choose("Resource group", "rg-vault"),
            Fill("Vault name", "vault1"),
            Click("Review + create"),
            Click("Create"),
        ],
        vec![
            Choose("Subscription", "Security"),
            Choose("Resource group", "rg-guard"),
            Fill("Name", "guard1"),
            Click("Review + create"),
            Click("Create"),
        ],
        vec![
            Click("+ Add role assignment"),
            Radio("Reader"),
            Click("Next"),
            Click("+ Select members"),
            Click("Select Bob (Backup admin)"),
            Click("Select"),
            Click("Review + assign"),
            Click("Review + assign"),
        ],
        // 4: the refusal the lesson is about: the guard's URI without signing in to its directory.
        vec![
            Update("Multi-User Authorization"),
            Tick("Protect with Resource Guard"),
            Radio("Use Resource Guard URI"),
            PasteInto("Resource Guard URI"),
            Click("Save"),
        ],
        vec![Directory("Fabrikam Security")],
        vec![
            Directory("Contoso"),
            Update("Multi-User Authorization"),
            Tick("Protect with Resource Guard"),
            Click("Select Resource Guard"),
            Choose("Directory", "Fabrikam Security"),
            Click("Authenticate"),
            Choose("Resource Guard", "guard1"),
            Click("Save"),
        ],
        vec![Update("Security Settings"), Clear("Enable soft delete"), Click("Save"), Click("Yes, disable")],
        // 8-9: the Security admin makes him eligible, with approval.
        vec![
            Click("+ Add assignments"),
            Choose("Select role", "Backup MUA Operator"),
            Choose("Select members", "Bob (Backup admin)"),
            Click("Next"),
            Choose("Assignment type", "Eligible"),
            Click("Assign"),
        ],
        vec![
            Click("Backup MUA Operator"),
            Click("Edit"),
            Clear("On activation, require Azure MFA"),
            Tick("Require approval to activate"),
            Approver("approvers"),
            Click("Update"),
        ],
        // 10-14: he asks, is refused while it waits, she approves, he signs in again and succeeds.
        vec![
            Directory("Fabrikam Security"),
            Click("Activate Backup MUA Operator at guard1"),
            Fill("Duration (hours)", "2"),
            Fill("Justification", "INC-1234"),
            Click("Activate"),
        ],
        vec![
            Directory("Contoso"),
            Update("Security Settings"),
            Clear("Enable soft delete"),
            Click("Save"),
            Click("Yes, disable"),
        ],
        vec![Fill("Justification for your decision", "verified"), Click("Approve")],
        vec![Directory("Fabrikam Security")],
        vec![
            Directory("Contoso"),
            Update("Security Settings"),
            Clear("Enable soft delete"),
            Click("Save"),
            Click("Yes, disable"),
        ],
        // 15-19: two hours on, the activation and his token have lapsed.
        vec![Clock("PT2H1M")],
        vec![Update("Security Settings"), Tick("Enable soft delete"), Click("Save")],
        vec![Update("Security Settings"), Clear("Enable soft delete"), Click("Save"), Click("Yes, disable")],
        vec![Directory("Fabrikam Security")],
        vec![
            Directory("Contoso"),
            Update("Security Settings"),
            Clear("Enable soft delete"),
            Click("Save"),
            Click("Yes, disable"),
        ],
    ];
    for (i, moves) in steps.iter().enumerate() {
        p.follow(i + 1, moves).await;
        p.click_in("coach", if i + 1 < steps.len() { "Next step" } else { "Finish" }).await;
    }
    p.el("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'All 19 steps went as the scenario expects.')]").await;
    p.shot("tour-literal-done").await;
    p.b.close().await;
}

#[tokio::test]
async fn blades_have_addresses_that_back_forward_and_reload_follow() {
    let p = Page::open("?scenario=pim-jit-approve&step=14&as=sara").await;
    p.nav("Resource Guards").await;
    p.click_in("grid", "guard1").await;
    p.click("Properties").await;
    let url = p.b.client.current_url().await.unwrap();
    assert!(url.as_str().ends_with("#/resource-guards/guard1/properties"), "{url}");
    assert!(!url.as_str().contains("scenario="), "the opening link gives way to the blade's address: {url}");
    p.b.client.back().await.unwrap();
    p.el("//*[contains(@class, 'tab') and contains(@class, 'active')][normalize-space(.)='Overview']").await;
    p.b.client.back().await.unwrap();
    p.expect_title("Resource Guards").await;
    p.b.client.forward().await.unwrap();
    p.expect_title("guard1").await;
    // A reload keeps the session (saved a moment after each change) and the blade.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    p.b.client.refresh().await.unwrap();
    p.expect_title("guard1").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Sara (Security admin)')]").await;
    p.b.close().await;
}

#[tokio::test]
async fn every_blade_fits_every_width_and_reads_in_every_theme() {
    let p = Page::open("?scenario=pim-jit-approve&step=14&as=bob").await;
    let (mut report, mut failures) = (Vec::new(), Vec::new());
    for width in [390u32, 768, 1024, 1440] {
        p.b.client.set_window_size(width, 900).await.unwrap();
        let themes: &[&str] = if width == 390 || width == 1440 { &["light", "dark", "contrast"] } else { &["light"] };
        for theme in themes {
            p.set_theme(theme).await;
            for (name, address, tab) in BLADES.iter().chain(&[("tour", "#/", None)]) {
                p.visit(address, *tab).await;
                if *name == "tour" {
                    // The guided tour's coach over the blade of its step (here: the clock in the top bar).
                    p.click("Start the guided tour").await;
                    p.el("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'Step 15 of 19')]").await;
                }
                if *theme == "light" {
                    let v = p.b.client.execute(OVERFLOW_JS, vec![]).await.unwrap();
                    let (doc, inner) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
                    if doc > 0.0 || inner > 0.0 {
                        failures.push(format!("{name} at {width} px overflows sideways by {doc}/{inner} px: {}", v[2]));
                    }
                }
                if width == 390 || width == 1440 {
                    p.shot(&format!("{name}-{width}-{theme}")).await;
                    let c = p.b.client.execute(CONTRAST_JS, vec![]).await.unwrap();
                    let ratio = c[0].as_f64().unwrap();
                    let needed = if *theme == "contrast" { 7.0 } else { 4.5 };
                    if ratio < needed {
                        failures
                            .push(format!("{name} at {width} px in {theme}: contrast {ratio:.2} < {needed} for {c}"));
                    }
                    report.push(format!("{theme:8} {width:4} {name:20} {ratio:5.2}"));
                }
                if *name == "tour" {
                    p.click_in("coach", "End tour").await;
                }
            }
        }
    }
    let path = mua_e2e::screenshot_dir().join("contrast.txt");
    std::fs::write(&path, report.join("\n")).unwrap();
    p.b.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_site_works_from_a_subpath_and_fetches_only_under_it() {
    // A docs site hosting the build at /playground/: an embed of a scenario the page fetches from
    // the site (lighthouse-onboarding is not compiled in), then a gallery card fetched on a click.
    let requested = mua_e2e::Requested::default();
    let addr = mua_e2e::serve_dir_under(mua_e2e::workspace_root().join("dist"), "/playground/", requested.clone());
    let b = Browser::start().await;
    let base = format!("http://{addr}/playground/");
    b.client.goto(&format!("{base}?scenario=lighthouse-onboarding&step=11&as=lee&embed=1")).await.unwrap();
    b.client.wait().for_element(Locator::Css(".blade-title")).await.expect("the app renders under /playground/");
    let p = Page { b, base };
    p.el("//*[contains(normalize-space(.), 'Signed in as')]").await;
    assert!(p.b.client.find(Locator::Css("nav.leftnav")).await.is_err(), "an embed has no chrome");
    // The full page, from the same subpath: load a gallery scenario by its card.
    p.b.client.goto(&p.base).await.unwrap();
    p.expect_title("Home").await;
    p.nav("Scenarios").await;
    p.click("Backup vault: guard in another tenant").await;
    p.el("//h2[contains(normalize-space(.), 'Guided tour: Backup vault: guard in another tenant')]").await;
    p.shot("subpath-gallery").await;
    // Cloud Shell's module loads from the subpath too.
    p.click_aria("Cloud Shell").await;
    p.el("//textarea[@aria-label='Bash (az) command line'][not(@disabled)]").await;
    let paths = requested.lock().unwrap().clone();
    assert!(paths.iter().all(|r| r.starts_with("/playground/")), "every request stays under /playground/: {paths:?}");
    for wanted in ["/playground/scenarios/lighthouse-onboarding.json", "/playground/scenarios/bv-cross-tenant.json"] {
        assert!(paths.iter().any(|r| r == wanted), "{wanted} fetched: {paths:?}");
    }
    assert!(paths.iter().any(|r| r.ends_with("_bg.wasm")), "the wasm loads from the subpath: {paths:?}");
    assert!(paths.iter().any(|r| r.ends_with("_cloud_shell.wasm")), "Cloud Shell loads from the subpath: {paths:?}");
    p.b.close().await;
}

/// URL-encodes a query value (every byte but letters and digits).
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn the_page_reaches_only_its_origin_under_its_csp_and_shows_names_as_text() {
    // A custom scenario whose names carry markup: shown as text, never run.
    let evil = r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"#;
    let scenario = serde_json::json!({
        "version": 1, "title": format!("Names {evil}"), "description": format!("Described {evil}"),
        "start": "2026-01-05T09:00:00Z",
        "world": {
            "tenants": [{"id": "contoso", "name": format!("Contoso {evil}"), "domain": "contoso.com"}],
            "subscriptions": [{"id": "sub", "tenant": "contoso", "name": format!("Sub {evil}")}],
            "resource_groups": [{"id": "rg", "subscription": "sub", "location": "westeurope"}],
            "principals": [{"id": "olga", "kind": "user", "tenant": "contoso", "name": format!("Olga {evil}")}],
            "role_assignments": [{"principal": "olga", "role": "Owner", "scope": "sub"}]
        },
        "steps": [{"as": "olga", "do": "create_vault", "id": "vault1", "kind": "recovery_services", "resource_group": "rg"}]
    });
    let p = Page::open(&format!("?scenario={}&step=1&as=olga", url_encode(&scenario.to_string()))).await;
    let csp: String =
        p.b.client
            .execute("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content", vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
    assert!(csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    p.b.client
        .execute(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))",
            vec![],
        )
        .await
        .unwrap();
    // The names read as text.
    p.el(&format!("//*[contains(normalize-space(.), {})]", lit("Olga <img src=x onerror="))).await;
    // A walk of every blade of the left navigation.
    let count: u64 =
        p.b.client
            .execute("return document.querySelectorAll('nav.leftnav button').length", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap();
    assert!(count >= 8, "{count} blades");
    for i in 0..count {
        p.b.client
            .execute(&format!("document.querySelectorAll('nav.leftnav button')[{i}].click()"), vec![])
            .await
            .unwrap();
        p.el("//h1[@id='blade-title']").await;
    }
    p.click_in("leftnav", "Recovery Services vaults").await;
    p.click_in("grid", "vault1").await;
    p.click("Properties").await;
    let report = p
        .b
        .client
        .execute(
            "return { pwned: window.__pwned === undefined ? null : window.__pwned, \
                      images: document.querySelectorAll('img[src=\"x\"]').length, \
                      violations: window.__violations, \
                      offsite: performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin + '/')), \
                      requests: performance.getEntriesByType('resource').length }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(report["pwned"], serde_json::Value::Null, "no markup from a name ran: {report}");
    assert_eq!(report["images"], 0, "no <img> from a name: {report}");
    assert_eq!(report["violations"], serde_json::json!([]), "nothing the policy blocks was tried: {report}");
    assert_eq!(report["offsite"], serde_json::json!([]), "every request stays on the page's origin: {report}");
    assert!(report["requests"].as_u64().unwrap() >= 3, "the wasm, its loader and the styles were requested: {report}");
    p.shot("csp-names-as-text").await;
    p.b.close().await;
}

/// The bad-input catalogue's browser half (issue 14): share links, saved sessions and URL
/// parameters that cannot be used. Each shows its exact message — the sentence, and the technical
/// detail behind its disclosure — and the page still responds.
#[tokio::test]
async fn bad_links_and_saved_sessions_get_their_message_and_the_page_responds() {
    let default_shown = "The default scenario is shown.";
    let link = "This share link could not be opened: it may be cut short or from another version.";
    let long_data = "A".repeat(300_000);
    let cases: Vec<(String, Option<&str>, String, &str)> = vec![
        ("#s=2.AAAA".into(), None, format!("{link} {default_shown}"), "its data is cut short or damaged"),
        ("#s=2.!!!not-base64!!!".into(), None, format!("{link} {default_shown}"), "its data is cut short or damaged"),
        (format!("#s=2.{long_data}"), None, format!("{link} {default_shown}"), "its data is cut short or damaged"),
        ("#s=9.abc".into(), None, format!("{link} {default_shown}"), "it is of another version (9) of the playground"),
        ("#s=abc".into(), None, format!("{link} {default_shown}"), "it has no version"),
        ("#state=%7Bbroken".into(), None, format!("{link} {default_shown}"), "key must be a string at line 1 column 2"),
        (
            "#state=%7B%22v%22%3A7%7D".into(),
            None,
            format!("{link} {default_shown}"),
            "it was saved by another version (7) of the playground",
        ),
        (
            "?scenario=nope".into(),
            None,
            format!("The linked scenario \u{201c}nope\u{201d} could not be opened. {default_shown}"),
            "the gallery has no scenario `nope`",
        ),
        (
            "?scenario=%7Bbroken".into(),
            None,
            format!("The linked scenario could not be opened. {default_shown}"),
            "the scenario is not valid: invalid-input: line 1 column 2: key must be a string at line 1 column 2",
        ),
        ("?scenario=pim-jit-approve&as=eve".into(), None, "There is no principal `eve` in this scenario.".into(), ""),
        (
            "?scenario=pim-jit-approve&step=999".into(),
            None,
            "The link asks for step 999; the scenario has 19 steps, and all of them ran.".into(),
            "",
        ),
        (
            "?scenario=pim-jit-approve&step=abc".into(),
            None,
            "The link's step `abc` is not a number, so the tour starts at the beginning.".into(),
            "",
        ),
        (
            "?scenario=pim-jit-approve&blade=nope".into(),
            None,
            "The link's blade `nope` is not one of the portal's, so Home is shown.".into(),
            "",
        ),
        (
            "".into(),
            Some("{corrupted"),
            "Your saved session could not be restored, so a fresh one starts.".into(),
            "key must be a string at line 1 column 2",
        ),
        (
            "".into(),
            Some(r#"{"v":99}"#),
            "Your saved session could not be restored, so a fresh one starts.".into(),
            "it was saved by another version (99) of the playground",
        ),
    ];
    let p = Page::open("").await;
    for (suffix, stored, sentence, detail) in &cases {
        // A fresh page: nothing saved but what the case stores.
        p.b.client.goto("about:blank").await.unwrap();
        p.b.client.goto(&p.base).await.unwrap();
        p.expect_title("Home").await;
        // Let the page's debounced save (300 ms after a change) land before clearing what it saved.
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        let store = match stored {
            Some(text) => format!("localStorage.setItem('mua-playground/state', {})", serde_json::Value::from(*text)),
            None => String::new(),
        };
        p.b.client.execute(&format!("localStorage.clear(); {store}"), vec![]).await.unwrap();
        p.b.client.goto("about:blank").await.unwrap();
        p.b.client.goto(&format!("{}{suffix}", p.base)).await.unwrap();
        let shown = p.el("//div[@role='alert']/div/span").await.text().await.unwrap();
        assert_eq!(&shown, sentence, "{suffix} {stored:?}");
        let technical: String = p
            .b
            .client
            .execute("const c = document.querySelector('.notice-detail code'); return c ? c.textContent : ''", vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(&technical, detail, "{suffix} {stored:?}");
        // The page responds: the message goes when dismissed, and another blade opens.
        p.click_aria("Dismiss message").await;
        assert!(p.b.client.find(Locator::XPath("//div[@role='alert']")).await.is_err(), "{suffix}: dismissed");
        p.nav("Scenarios").await;
    }
    println!("bad-input catalogue (browser half): {} inputs", cases.len());
    p.b.close().await;
}

/// axe-core (the npm package `scripts/setup.sh` installs beside wasm-opt; injected from disk, no
/// network) on every blade, in the light, dark and high-contrast themes: no serious or critical
/// violation. Prints the count of each theme's violations by impact.
/// axe-core's script (installed by `scripts/setup.sh`).
fn axe_source() -> String {
    let tools = std::env::var("MUA_TOOLS")
        .unwrap_or_else(|_| format!("{}/.cache/mua-playground/tools", std::env::var("HOME").unwrap_or_default()));
    std::fs::read_to_string(format!("{tools}/node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed by scripts/setup.sh")
}

impl Page {
    /// axe-core's violations on the page as it is: id, impact, help and the first nodes.
    async fn axe(&self, axe: &str) -> Vec<serde_json::Value> {
        self.b.client.execute(axe, vec![]).await.unwrap();
        let result = self
            .b
            .client
            .execute_async(
                "const done = arguments[0]; axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))).catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                vec![],
            )
            .await
            .unwrap();
        result.as_array().cloned().unwrap_or_default()
    }
}

#[tokio::test]
async fn axe_finds_no_serious_or_critical_violation_on_any_blade_in_any_theme() {
    let axe = axe_source();
    let p = Page::open("?scenario=pim-jit-approve&step=14&as=bob").await;
    let (mut report, mut failures) = (Vec::new(), Vec::new());
    for theme in ["light", "dark", "contrast"] {
        p.set_theme(theme).await;
        let mut minor = 0;
        for (name, address, tab) in BLADES {
            p.visit(address, *tab).await;
            for v in p.axe(&axe).await {
                let impact = v["impact"].as_str().unwrap_or("");
                if impact == "serious" || impact == "critical" {
                    failures.push(format!("{theme} {name}: {} ({impact}): {} at {}", v["id"], v["help"], v["nodes"]));
                } else {
                    minor += 1;
                    println!("axe {theme} {name}: {} ({impact}): {} at {}", v["id"], v["help"], v["nodes"]);
                }
            }
        }
        report.push(format!(
            "{theme}: {} blades, {} serious or critical, {minor} moderate or minor",
            BLADES.len(),
            failures.iter().filter(|f| f.starts_with(theme)).count()
        ));
    }
    println!("axe-core: {}", report.join("; "));
    p.b.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn context_panes_hold_and_give_back_focus_and_menus_close_outside() {
    let p = Page::open("?scenario=pim-jit-approve&step=6&as=bob#/vaults/vault1/properties").await;
    p.expect_title("vault1").await;
    // Opening a pane by keyboard moves focus into it; Tab and Shift+Tab stay inside it.
    p.tab_enter("Update Security Settings").await;
    p.el("//aside[@role='dialog'][@aria-label='Security Settings'][@aria-modal='true']").await;
    assert_eq!(p.focused().await, "(dialog) Security Settings", "focus moves into the pane");
    let mut names = Vec::new();
    for _ in 0..8 {
        p.press(Key::Tab).await;
        assert!(p.focus_inside("aside.context-pane").await, "Tab left the pane after {names:?}");
        names.push(p.focused().await);
    }
    assert!(names.contains(&"Close".to_owned()) && names.contains(&"Enable soft delete".to_owned()), "{names:?}");
    for _ in 0..8 {
        p.shift_tab().await;
        assert!(p.focus_inside("aside.context-pane").await, "Shift+Tab left the pane");
    }
    // Escape closes it and gives focus back to the control that opened it.
    p.press(Key::Escape).await;
    assert!(p.b.client.find(Locator::Css("aside.context-pane")).await.is_err(), "Escape closed the pane");
    assert_eq!(p.focused().await, "Update Security Settings", "focus went back to the opener");
    // So does the Close button.
    p.press(Key::Enter).await;
    p.el("//aside[@aria-label='Security Settings']").await;
    p.press(Key::Tab).await;
    assert_eq!(p.focused().await, "Close");
    p.press(Key::Enter).await;
    assert!(p.b.client.find(Locator::Css("aside.context-pane")).await.is_err(), "Close closed the pane");
    assert_eq!(p.focused().await, "Update Security Settings", "focus went back to the opener");

    // Every menu of the top bar closes on a press outside it, and on Escape (focus back on its button).
    let menus = [
        ("//button[starts-with(normalize-space(.), 'Signed in as')]", "Switch persona"),
        ("//button[@title='Directory + subscription']", "Directories"),
        ("//button[starts-with(@aria-label, 'Simulated time')]", "Advance the clock"),
        ("//button[starts-with(@aria-label, 'Notifications')]", "Notifications"),
    ];
    for (button, menu) in menus {
        let open = format!("//*[@role='menu'][@aria-label='{menu}']");
        p.el(button).await.click().await.unwrap();
        p.el(&open).await;
        p.click_at(1000, 600).await;
        assert!(p.b.client.find(Locator::XPath(&open)).await.is_err(), "{menu} closed on a press outside");
        p.el(button).await.click().await.unwrap();
        p.el(&open).await;
        p.press(Key::Escape).await;
        assert!(p.b.client.find(Locator::XPath(&open)).await.is_err(), "{menu} closed on Escape");
        let back: bool = p
            .b
            .client
            .execute(
                "return document.activeElement === document.evaluate(arguments[0], document, null, 9, null).singleNodeValue",
                vec![serde_json::Value::from(button)],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false);
        assert!(back, "Escape gave focus back to the button of {menu}");
        // Tabbing away from an open menu closes it too.
        p.press(Key::Enter).await;
        p.el(&open).await;
        p.shift_tab().await;
        assert!(p.b.client.find(Locator::XPath(&open)).await.is_err(), "{menu} closed when focus left it");
    }
    p.b.close().await;
}

#[tokio::test]
async fn the_cross_tenant_flow_by_keyboard_only() {
    // Olga has created the vault. Everything after this is keys only: Tab to a control, Enter or
    // Space to use it, letters to type or choose.
    let p = Page::open("?scenario=pim-jit-approve&step=1&as=sara").await;
    let space: char = ' ';
    // Sara creates the guard in Fabrikam (the wizard: Basics → Review + create → Create)…
    p.tab_enter("Resource Guards").await;
    p.expect_title("Resource Guards").await;
    p.tab_enter("+ Create").await;
    p.expect_title("Create Resource Guard").await;
    p.tab_to("Name").await;
    p.type_keys("guard1").await;
    p.tab_enter("Review + create").await;
    p.el("//*[@role='status'][contains(normalize-space(.), 'Validation passed')]").await;
    p.tab_enter("Create").await;
    p.result("ok", "Create Resource Guard succeeded").await;
    // …and gives Bob, a guest of Fabrikam, Reader on it in Access control (IAM).
    p.tab_enter("Resource Guards").await;
    p.tab_enter("guard1").await;
    p.expect_title("guard1").await;
    p.tab_enter("Access control (IAM)").await;
    p.tab_enter("+ Add role assignment").await;
    p.tab_to("Search by role name or description").await;
    p.type_keys("Reader").await;
    p.tab_to("Reader").await;
    p.keys(&[space]).await;
    p.tab_enter("Next").await;
    p.tab_enter("+ Select members").await;
    p.tab_to("Select").await;
    p.type_keys("bob@contoso.com").await;
    p.tab_enter("Select Bob (Backup admin)").await;
    p.press(Key::Tab).await;
    assert_eq!(p.focused().await, "Select", "the picker's Select comes after the results");
    p.press(Key::Enter).await;
    p.tab_enter("Next").await;
    // The wizard's own tab of the same name comes first; the footer's button assigns.
    p.tab_enter("Review + assign").await;
    p.tab_enter("Review + assign").await;
    p.result("ok", "Create role assignment succeeded").await;
    p.el("//tbody[tr/th[starts-with(normalize-space(.), 'Reader (')]]/tr/td[normalize-space(.)='Bob (Backup admin)']")
        .await;

    // Bob protects his vault with the guard of the other directory.
    p.tab_enter("Signed in as…").await;
    p.tab_enter("Bob (Backup admin)…").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Bob (Backup admin)')]").await;
    p.tab_enter("Recovery Services vaults").await;
    p.expect_title("Recovery Services vaults").await;
    p.tab_enter("vault1").await;
    p.expect_title("vault1").await;
    p.tab_enter("Properties").await;
    // Multi-User Authorization → Update: protect with the guard of the other directory.
    p.tab_enter("Update Multi-User Authorization").await;
    p.tab_to("Protect with Resource Guard").await;
    p.keys(&[space]).await;
    // The radio "Select Resource Guard" comes first, then the button of the same name.
    p.tab_to("Select Resource Guard").await;
    p.tab_enter("Select Resource Guard").await;
    p.tab_to("Directory").await;
    p.type_keys("Fab").await;
    p.tab_enter("Authenticate").await;
    p.inline("inline-ok", "Sign in to directory succeeded").await;
    p.tab_to("Resource Guard").await;
    p.type_keys("guard1").await;
    p.tab_enter("Save").await;
    p.result("ok", "Update Resource Guard proxy succeeded").await;
    p.el("//p[contains(normalize-space(.), 'Protected using Resource Guard guard1 (Fabrikam Security)')]").await;
    assert_eq!(p.focused().await, "Update Multi-User Authorization", "the closed pane gave focus back");

    // Security Settings → Update: disabling soft delete is refused without the operator role.
    p.tab_enter("Update Security Settings").await;
    p.tab_to("Enable soft delete").await;
    p.keys(&[space]).await;
    p.tab_enter("Save").await;
    p.tab_enter("Yes, disable").await;
    p.inline("inline-error", "sufficient permissions on the Resource Guard").await;
    p.press(Key::Escape).await;
    p.result("error", "mua-operator-role-missing").await;
    p.tab_enter("Explain").await;
    p.el("//li[contains(@class, 'check fail')][contains(normalize-space(.), 'Active role on the Resource Guard')]")
        .await;

    // Sara makes Bob eligible for Backup MUA Operator on the guard (no approval: it activates at once).
    p.tab_enter("Signed in as…").await;
    p.tab_enter("Sara (Security admin)…").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Sara (Security admin)')]").await;
    p.tab_enter("Privileged Identity Management").await;
    p.expect_title("Privileged Identity Management").await;
    p.tab_enter("Azure resources").await;
    p.tab_enter("guard1").await;
    p.expect_title("guard1 | Privileged Identity Management").await;
    p.tab_enter("+ Add assignments").await;
    p.tab_to("Select role").await;
    p.type_keys("Backup MUA O").await;
    p.tab_to("Select members").await;
    p.type_keys("Bob").await;
    p.tab_enter("Next").await;
    p.tab_to("Assignment type").await;
    p.type_keys("Eligible").await;
    p.tab_enter("Assign").await;
    p.result("ok", "Add role assignment (PIM) succeeded").await;

    // Bob switches to the guard's directory, activates the role, and disables soft delete.
    p.tab_enter("Signed in as…").await;
    p.tab_enter("Bob (Backup admin)…").await;
    p.el("//*[contains(normalize-space(.), 'Signed in as Bob (Backup admin)')]").await;
    p.tab_enter("Contoso…").await;
    p.tab_enter("Switch to Fabrikam Security").await;
    p.tab_enter("Privileged Identity Management").await;
    p.tab_enter("Activate Backup MUA Operator…").await;
    p.tab_to("Justification").await;
    p.type_keys("INC-1234").await;
    p.tab_to("I completed multifactor authentication (simulated)").await;
    p.keys(&[space]).await;
    p.tab_enter("Activate").await;
    p.result("ok", "Activate role (PIM) succeeded").await;
    p.tab_enter("Fabrikam…").await;
    p.tab_enter("Switch to Contoso…").await;
    p.tab_enter("Recovery Services vaults").await;
    p.tab_enter("vault1").await;
    p.tab_enter("Properties").await;
    p.tab_enter("Update Security Settings").await;
    p.tab_to("Enable soft delete").await;
    p.keys(&[space]).await;
    p.tab_enter("Save").await;
    p.tab_enter("Yes, disable").await;
    p.result("ok", "Disable soft delete succeeded").await;
    p.el("//*[contains(normalize-space(.), 'Soft delete')][contains(normalize-space(.), 'Disabled')]").await;
    p.shot("keyboard-only-done").await;
    p.b.close().await;
}

#[tokio::test]
async fn the_timeline_and_the_posture_view_follow_the_session() {
    // The how-to's flow up to the approval: Bob's request waited and was approved; his activation
    // and his sign-in to Fabrikam are open.
    let p = Page::open("?scenario=pim-jit-approve&step=12&as=bob&blade=timeline").await;
    p.expect_title("Timeline").await;
    let row = |kind: &str, text: &str| {
        format!("//table[contains(@class, 'timeline')]//tr[td[1][starts-with(normalize-space(.), {})]][contains(normalize-space(.), {})]", lit(kind), lit(text))
    };
    p.el(&row("Eligible", "Backup MUA Operator at guard1")).await;
    p.el(&row("Eligible", "Step 8: Add role assignment (PIM) as Sara (Security admin)")).await;
    p.el(&row("Pending request", "approved 2026-01-05")).await;
    p.el(&row("Activation (open)", "Backup MUA Operator at guard1")).await;
    p.el(&row("Sign-in token (open)", "sign-in to Fabrikam Security")).await;
    p.shot("timeline-jit").await;
    // The clock's moves are on the timeline: a day later nothing of it is open.
    p.click_aria("Advance the clock by +1 day").await;
    p.el("//h2[normalize-space(.)='Now: 2026-01-06 09:00 UTC']").await;
    assert!(
        p.b.client.find(Locator::XPath(&row("Activation (open)", "guard1"))).await.is_err(),
        "the activation ended"
    );
    p.el(&row("Activation", "guard1")).await;

    // The posture view: vault1 with its checks; the top bar's summary opens it.
    p.click_aria_prefix("Security posture:").await;
    p.expect_title("Security posture").await;
    p.el("//section[contains(@class, 'posture')]//h2[contains(normalize-space(.), 'vault1')]").await;
    p.el("//li[contains(@class, 'check pass')][contains(normalize-space(.), 'Protected by a Resource Guard: protected by guard1')]").await;
    p.el("//li[contains(@class, 'check pass')][contains(normalize-space(.), 'Activation of Backup MUA Operator needs approval')]").await;
    p.el("//li[contains(@class, 'check pass')][contains(normalize-space(.), 'Maximum isolation: the Resource Guard is in another tenant')]").await;
    p.shot("posture-jit").await;
    p.b.close().await;

    // Without approval the operator role activates on its own: a warning whose fix opens PIM's settings.
    let p = Page::open("?scenario=pim-auto-approval&step=7&as=sara&blade=posture").await;
    p.el("//li[contains(@class, 'check warn')][contains(normalize-space(.), 'approved automatically')]").await;
    p.el("//span[contains(@class, 'badge-posture')][contains(normalize-space(.), '1 to improve')]").await;
    p.shot("posture-auto-approval").await;
    p.click("Open PIM settings").await;
    p.el("//h1[@id='blade-title'][contains(normalize-space(.), '| Privileged Identity Management')]").await;
    p.el("//*[contains(@class, 'tab') and contains(@class, 'active')][normalize-space(.)='Settings']").await;
    // The vault's Overview carries the same summary.
    p.b.client
        .goto(&format!("{}?scenario=pim-auto-approval&step=7&as=bob#/vaults/vault1/overview", p.base))
        .await
        .unwrap();
    p.el("//dd//span[contains(@class, 'badge-posture')][contains(normalize-space(.), '1 to improve')]").await;
    // An embed can open either view.
    p.b.client.goto(&format!("{}?scenario=pim-jit-approve&step=12&embed=1&blade=timeline", p.base)).await.unwrap();
    p.expect_title("Timeline").await;
    p.b.close().await;
}

#[tokio::test]
async fn the_topology_shows_the_worlds_and_where_a_refusal_broke() {
    // Step 7 of the how-to: Bob is refused disabling soft delete (no operator role on the guard).
    let p = Page::open("?scenario=pim-jit-approve&step=7&as=bob&blade=topology").await;
    p.expect_title("Topology").await;
    let node = |name: &str| format!("//*[local-name()='g'][@aria-label={}]", lit(name));
    // Both directories, the vault's resource group, the vault, the guard and the people.
    p.el(&node("Contoso (directory), on the decision's path")).await;
    p.el(&node("Fabrikam Security (directory), on the decision's path")).await;
    p.el(&node("rg-vault · westeurope, on the decision's path")).await;
    p.el(&node("Sara (Security admin)")).await;
    p.el(&node("Bob (Backup admin) (guest in Fabrikam Security), on the decision's path")).await;
    p.el(&node("vault1 (vault), on the decision's path")).await;
    p.el(&node("guard1 (Resource Guard), where the decision broke")).await;
    p.el("//*[local-name()='path'][@role='img'][starts-with(@aria-label, 'Missing: Bob (Backup admin)')]").await;
    p.shot("topology-refused").await;
    // A node opens its blade, by mouse and by keyboard.
    p.el(&node("vault1 (vault), on the decision's path")).await.click().await.unwrap();
    p.expect_title("vault1").await;
    p.b.client.back().await.unwrap();
    p.expect_title("Topology").await;
    p.tab_to("guard1 (Resource Guard), where the decision broke").await;
    p.press(Key::Enter).await;
    p.expect_title("guard1").await;
    p.b.close().await;

    // Once the role is active the same operation succeeds: the whole path is passed.
    let p = Page::open("?scenario=pim-jit-approve&step=14&as=bob&blade=topology").await;
    p.el(&node("guard1 (Resource Guard), on the decision's path")).await;
    assert!(p.b.client.find(Locator::XPath("//*[contains(@aria-label, 'where the decision broke')]")).await.is_err());
    // The activated role is time-bound (2 hours from the approval at 09:00): its line shows the end;
    // the eligibility (a year) shows its day.
    p.el("//*[local-name()='text'][@class='edge-end'][.='active until 11:00 UTC']").await;
    p.el("//*[local-name()='text'][@class='edge-end'][starts-with(., 'eligible until 2027-01-0')]").await;
    p.shot("topology-succeeded").await;
    p.b.close().await;
}

/// How many times the page has fetched Cloud Shell's own module.
async fn cloud_shell_fetches(p: &Page) -> u64 {
    let js = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('_cloud_shell.wasm')).length";
    p.b.client.execute(js, vec![]).await.unwrap().as_u64().unwrap()
}

#[tokio::test]
async fn cloud_shell_is_loaded_when_it_is_first_opened() {
    // A scenario without console steps: the page works without Cloud Shell's module.
    let p = Page::open("?scenario=rsv-cross-tenant&as=bob").await;
    p.nav("Recovery Services vaults").await;
    assert_eq!(cloud_shell_fetches(&p).await, 0, "Cloud Shell's module waits until it is needed");
    // Opening Cloud Shell fetches it once; then the command line takes a line.
    p.click_aria("Cloud Shell").await;
    p.shell_shows_the_account().await;
    assert_eq!(cloud_shell_fetches(&p).await, 1);
    p.shot("cloud-shell-loaded").await;
    // Closed and opened again, it is not fetched again.
    p.click_aria("Close Cloud Shell").await;
    p.click_aria("Cloud Shell").await;
    p.el("//textarea[@aria-label='Bash (az) command line'][not(@disabled)]").await;
    assert_eq!(cloud_shell_fetches(&p).await, 1);
    p.b.close().await;
}

#[tokio::test]
async fn cloud_shell_that_cannot_load_says_so_and_loads_on_try_again() {
    let refused: mua_e2e::Refused = std::sync::Arc::new(std::sync::Mutex::new(Some("_cloud_shell.wasm")));
    let p = Page::open_on(mua_e2e::serve_dist_refusing(refused.clone()), "?scenario=rsv-cross-tenant&as=bob").await;
    // The network fails: Cloud Shell says so, its command line waits, and the portal goes on working.
    p.click_aria("Cloud Shell").await;
    p.el("//p[@role='alert'][contains(normalize-space(.), 'Cloud Shell could not be loaded: check the connection and try again.')]").await;
    p.el("//textarea[@aria-label='Bash (az) command line'][@disabled]").await;
    p.shot("cloud-shell-unavailable").await;
    p.nav("Resource Guards").await;
    p.expect_title("Resource Guards").await;
    // The network is back: Try again loads it.
    *refused.lock().unwrap() = None;
    p.click_in("cloud-shell", "Try again").await;
    p.shell_shows_the_account().await;
    p.b.close().await;
}

#[tokio::test]
async fn the_cross_tenant_flow_typed_into_cloud_shell_changes_the_vaults_blade() {
    // Sara has created the guard and given Bob Reader on it with az lines; Bob looks at his vault.
    let p = Page::open("?scenario=console-az-cross-tenant&step=3&as=bob").await;
    p.open_vault("vault1").await;
    p.click("Properties").await;
    p.el("//*[normalize-space(.)='Not protected']").await;
    // The top bar's Cloud Shell button opens the pane with the cursor on the az command line.
    p.tab_enter("Cloud Shell").await;
    p.el("//section[@aria-label='Cloud Shell']").await;
    assert_eq!(p.focused().await, "Bash (az) command line", "the cursor is on the command line");
    let guard = "/subscriptions/bbbbbbbb-0000-0000-0000-000000000002/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/guard1";
    // Tab completes the command path word by word.
    p.type_keys("az backup vault resource-guard-mapping up").await;
    p.press(Key::Tab).await;
    p.type_keys(&format!("--resource-group rg-vault --name vault1 --resource-guard-id {guard}")).await;
    p.press(Key::Enter).await;
    // Without the guard directory's token ARM refuses: the shell prints az's error and the hint,
    // with Explain beside the line; the refusal stays in the shell (no toast over the page).
    p.el("//*[contains(@class, 'shell-entry')][contains(@class, 'refused')]//pre[contains(normalize-space(.), 'Hint: add --tenant-id 22222222-2222-2222-2222-222222222222')]").await;
    p.el("//pre[contains(@class, 'shell-line')][contains(normalize-space(.), 'az backup vault resource-guard-mapping update --resource-group rg-vault')]").await;
    p.el("(//div[contains(@class, 'shell-entry')])[last()]//button[normalize-space(.)='Explain']").await;
    assert!(
        p.b.client.find(Locator::Css("section.toast.error")).await.is_err(),
        "a refused Cloud Shell line raises no toast over the page"
    );
    p.el("//*[normalize-space(.)='Not protected']").await;
    // ↑ brings the line back; with az's auxiliary token for Fabrikam it runs, and the blade changes.
    p.press(Key::Up).await;
    p.press(Key::End).await;
    p.type_keys(" --tenant-id 22222222-2222-2222-2222-222222222222").await;
    p.press(Key::Enter).await;
    p.el("//p[contains(normalize-space(.), 'Protected using Resource Guard guard1 (Fabrikam Security)')]").await;
    p.el("//pre[contains(@class, 'shell-out')][contains(., '\"resourceGuardResourceId\"')]").await;
    p.result("ok", "az command succeeded").await;
    // Disabling soft delete is refused without the operator role: Explain on the line shows the checks.
    p.type_keys("az backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state Disable --tenant-id 22222222-2222-2222-2222-222222222222").await;
    p.press(Key::Enter).await;
    p.press(Key::Escape).await;
    p.el("(//div[contains(@class, 'shell-entry')])[last()][contains(@class, 'refused')]//pre[contains(normalize-space(.), 'Simulator code: mua-operator-role-missing')]").await;
    p.el("(//div[contains(@class, 'shell-entry')])[last()]//button[normalize-space(.)='Explain']")
        .await
        .click()
        .await
        .unwrap();
    p.result("error", "mua-operator-role-missing").await;
    p.click_in("toast", "Explain").await;
    p.el("//li[contains(@class, 'check fail')][contains(normalize-space(.), 'Active role on the Resource Guard')]")
        .await;
    // Escape leaves the command line (Tab, which completes there, would not): focus goes to the output.
    p.el("//textarea[@aria-label='Bash (az) command line']").await.click().await.unwrap();
    p.press(Key::Escape).await;
    assert_eq!(p.focused().await, "Console output", "Escape leaves the command line");
    // az's output formats (knack's table) and its "Did you mean" for a typo (azure-cli's parser).
    p.el("//textarea[@aria-label='Bash (az) command line']").await.click().await.unwrap();
    p.type_keys("az group list -o table").await;
    p.press(Key::Enter).await;
    p.el("//pre[contains(@class, 'shell-out')][contains(., 'Location    Name')][contains(., 'westeurope  rg-vault')]")
        .await;
    p.type_keys("az backup vualt show").await;
    p.press(Key::Enter).await;
    p.el("(//div[contains(@class, 'shell-entry')])[last()]//pre[contains(normalize-space(.), \"Did you mean 'vault' ?\")]").await;
    p.shot("cloud-shell-az").await;
    // The PowerShell tab: its own prompt, and Get-Help answers.
    p.click_in("shell-tabs", "PowerShell").await;
    assert_eq!(p.focused().await, "PowerShell command line", "the cursor is on PowerShell's command line");
    p.type_keys("Get-AzRecoveryServicesVault -ResourceGroupName rg-vault -Name vault1").await;
    p.press(Key::Enter).await;
    p.el("//pre[contains(@class, 'shell-out')][contains(., 'vault1')]").await;
    p.shot("cloud-shell").await;
    // The pane reads in every theme (axe, text contrast) and fits a phone's width.
    let (axe, mut failures) = (axe_source(), Vec::new());
    for (width, theme) in [(1280u32, "light"), (1280, "dark"), (1280, "contrast"), (390, "light"), (390, "contrast")] {
        p.b.client.set_window_size(width, 860).await.unwrap();
        p.set_theme(theme).await;
        p.el("//section[@aria-label='Cloud Shell']").await;
        for v in p.axe(&axe).await {
            let impact = v["impact"].as_str().unwrap_or("");
            if impact == "serious" || impact == "critical" {
                failures.push(format!("{theme} {width}: {} ({impact}): {} at {}", v["id"], v["help"], v["nodes"]));
            }
        }
        let c = p.b.client.execute(CONTRAST_JS, vec![]).await.unwrap();
        let needed = if theme == "contrast" { 7.0 } else { 4.5 };
        if c[0].as_f64().unwrap() < needed {
            failures.push(format!("{theme} {width}: contrast {c} < {needed}"));
        }
        let v = p.b.client.execute(OVERFLOW_JS, vec![]).await.unwrap();
        if v[0].as_f64().unwrap() > 0.0 || v[1].as_f64().unwrap() > 0.0 {
            failures.push(format!("{theme} {width}: overflows sideways: {v}"));
        }
        p.shot(&format!("cloud-shell-{width}-{theme}")).await;
    }
    p.b.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn cloud_shell_loads_the_scenarios_az_powershell_and_the_picker_types_the_line_that_changes_it() {
    // console-az14-tokens pins Az 14: Sara has made the guard and given Bob Reader and the operator role.
    let p = Page::open("?scenario=console-az14-tokens&step=4&as=bob").await;
    p.tab_enter("Cloud Shell").await;
    p.click_in("shell-tabs", "PowerShell").await;
    let picker = "//label[contains(@class, 'shell-az')]//select";
    let value = |p: &Page| {
        let p = p.b.client.clone();
        async move {
            let v = p.execute("return document.querySelector('.shell-az select').value", vec![]).await.unwrap();
            v.as_str().unwrap_or_default().to_owned()
        }
    };
    p.el(picker).await;
    assert_eq!(value(&p).await, "14", "the picker shows the scenario's Az 14");
    // The seed's line under Az 14: the deprecation warning, then ARM's refusal, with Explain's reason.
    let vault = "/subscriptions/aaaaaaaa-0000-0000-0000-000000000001/resourceGroups/rg-vault/providers/Microsoft.RecoveryServices/vaults/vault1";
    let guard = "/subscriptions/bbbbbbbb-0000-0000-0000-000000000002/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/guard1";
    p.el("//textarea[@aria-label='PowerShell command line']")
        .await
        .send_keys(&format!("$token = (Get-AzAccessToken -TenantId 22222222-2222-2222-2222-222222222222).Token; Set-AzRecoveryServicesResourceGuardMapping -VaultId {vault} -ResourceGuardId {guard} -Token $token"))
        .await
        .unwrap();
    p.press(Key::Enter).await;
    p.el("(//div[contains(@class, 'shell-entry')])[last()][contains(@class, 'refused')]//pre[contains(., 'WARNING: The Token parameter is deprecated')][contains(., 'The access token is invalid.')]").await;
    p.el("(//div[contains(@class, 'shell-entry')])[last()]//button[normalize-space(.)='Explain']")
        .await
        .click()
        .await
        .unwrap();
    p.click_in("toast", "Explain").await;
    p.el("//*[contains(normalize-space(.), 'pass it to -SecureToken') or contains(normalize-space(.), 'pass it to `-SecureToken`')]").await;
    p.shot("cloud-shell-az14").await;
    // Choosing Az 13 types the line that loads it; the picker then shows what the console has.
    p.el(picker).await.select_by_value("13").await.unwrap();
    p.el("//pre[contains(@class, 'shell-line')][contains(normalize-space(.), 'Import-Module Az -RequiredVersion 13.0.0')]").await;
    assert_eq!(value(&p).await, "13", "the picker shows the version the console loaded");
    p.b.close().await;
}

#[tokio::test]
async fn a_subscriptions_resource_providers_register_what_the_posture_view_asks_for() {
    // Contoso's Production subscription is registered to Microsoft.DataProtection only.
    let p = Page::open(
        "?scenario=console-groups-providers&step=1&as=olga&blade=subscriptions/sub-vault/resource-providers",
    )
    .await;
    p.el("//tr[td[normalize-space(.)='Microsoft.RecoveryServices']][td[normalize-space(.)='NotRegistered']]").await;
    p.el("//tr[td[normalize-space(.)='Microsoft.DataProtection']][td[normalize-space(.)='Registered']]").await;
    p.el("//button[@aria-label='Register Microsoft.RecoveryServices']").await.click().await.unwrap();
    p.el("//tr[td[normalize-space(.)='Microsoft.RecoveryServices']][td[normalize-space(.)='Registered']]").await;
    p.result("ok", "").await;
    p.shot("subscription-resource-providers").await;
    p.b.close().await;
}

#[tokio::test]
async fn the_tour_asks_for_a_command_line_in_cloud_shell_and_follows_it_typed() {
    let p = Page::open("?scenario=console-az-cross-tenant&step=3&as=bob").await;
    p.click("Start the guided tour").await;
    // The next step is Bob's az line: the coach says so, and Cloud Shell opens on az.
    p.el("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'Step 4 of 16')][contains(normalize-space(.), \"In Cloud Shell's Bash (az) tab, type: az backup vault resource-guard-mapping update\")]").await;
    p.el("//section[@aria-label='Cloud Shell']//button[@aria-selected='true'][normalize-space(.)='Bash (az)']").await;
    let line = "az backup vault resource-guard-mapping update --resource-group rg-vault --name vault1 --resource-guard-id /subscriptions/bbbbbbbb-0000-0000-0000-000000000002/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/guard1";
    p.el("//textarea[@aria-label='Bash (az) command line']").await.send_keys(line).await.unwrap();
    p.press(Key::Enter).await;
    // Typed as the plan has it, refused as the plan expects: the tour moves on.
    p.el("//section[@aria-label='Guided tour'][contains(normalize-space(.), 'as the scenario expects')]").await;
    p.shot("cloud-shell-tour").await;
    p.b.close().await;
}

#[tokio::test]
async fn the_build_it_yourself_world_is_built_in_the_portal_and_its_export_replays_with_mua_run() {
    // The vault and the guard exist; nothing is shared between the directories yet.
    let p = Page::open("?scenario=cross-tenant-build-it-yourself&step=2&as=sara").await;
    // Microsoft Entra ID → Users → + New user → Invite external user.
    p.search("Users").await;
    p.click_in("search-results", "Users").await;
    p.expect_title("Microsoft Entra ID").await;
    p.click("+ New user").await;
    p.type_into("Email", "bob@contoso.com").await;
    p.click_in("form", "Invite").await;
    p.result("ok", "Invite external user succeeded").await;
    p.el("//td[normalize-space(.)='bob_contoso.com#EXT#@fabrikamsec.com']/following-sibling::td[normalize-space(.)='Guest']").await;
    // Groups → MUA approvers → + Add members (Sara owns it).
    p.click("Groups").await;
    p.click_in("grid", "MUA approvers").await;
    p.choose("Member", "Sara (Security admin)").await;
    p.click_in("form", "Select").await;
    p.result("ok", "Add group member succeeded").await;
    p.shot("entra-group-members").await;
    // Subscriptions → Security → Access control (IAM): Reader for Bob at the guard's subscription.
    p.reader_for_bob_at_the_guards_subscription().await;
    // PIM → Azure resources → rg-guard: Bob eligible for Backup MUA Operator at the resource group.
    p.bob_eligible_at_the_guards_resource_group().await;
    // The session, exported, replays with `mua run` as docs CI would run it.
    p.nav("Scenarios").await;
    let link = p.el("//a[normalize-space(.)='Export session as scenario JSON'][starts-with(@href, 'data:')]").await;
    let href = link.attr("href").await.unwrap().unwrap();
    let text: String =
        p.b.client
            .execute("return decodeURIComponent(arguments[0].split(',').slice(1).join(','))", vec![href.into()])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
    for step in ["invite_guest", "add_group_member", "sub-guard", "rg-guard", "pim_assign"] {
        assert!(text.contains(step), "the export has {step}");
    }
    let file = mua_e2e::workspace_root().join("target").join("e2e-build-it-yourself.json");
    std::fs::write(&file, text).unwrap();
    let run = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--locked", "-p", "mua-cli", "--", "run"])
        .arg(&file)
        .current_dir(mua_e2e::workspace_root())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && out.contains("1 passed, 0 failed"),
        "{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    p.b.close().await;
}

#[tokio::test]
async fn the_how_tos_backup_vault_section_with_reader_at_the_subscription_and_pim_at_the_resource_group() {
    // The guard exists in Fabrikam and Bob is its guest; Olga creates a Backup vault in Contoso.
    let p = Page::open("?scenario=cross-tenant-build-it-yourself&step=3&as=olga").await;
    p.nav("Backup vaults").await;
    p.click("+ Create").await;
    p.type_into("Vault name", "bvault1").await;
    p.click_in("wizard-footer", "Review + create").await;
    p.click_in("wizard-footer", "Create").await;
    p.result("ok", "Create or update vault succeeded").await;
    // "The Backup admin must have Reader role on the Resource Guard or subscription that contains
    // the Resource Guard": Sara grants it at the subscription, in its Access control (IAM).
    p.act_as("Sara (Security admin)").await;
    p.reader_for_bob_at_the_guards_subscription().await;
    // "Select the resource (the Resource Guard or the containing subscription/RG)": the resource group.
    p.bob_eligible_at_the_guards_resource_group().await;
    // "Go to the Backup vault … Properties … Multi-User Authorization … Update … Select Resource
    // Guard … the directory … Authenticate … the Resource Guard … Save."
    p.act_as("Bob (Backup admin)").await;
    p.nav("Backup vaults").await;
    p.click_in("grid", "bvault1").await;
    p.click("Properties").await;
    p.click_aria("Update Multi-User Authorization").await;
    p.tick("Protect with Resource Guard").await;
    p.click("Select Resource Guard").await;
    p.choose("Directory", "Fabrikam Security").await;
    p.click_in("context-pane", "Authenticate").await;
    p.choose("Resource Guard", "guard1").await;
    p.click_in("pane-actions", "Save").await;
    p.result("ok", "Update Resource Guard proxy succeeded").await;
    // A protected operation is refused until he holds Backup MUA Operator (eligible is not enough).
    p.disable_soft_delete().await;
    p.inline("inline-error", "sufficient permissions on the Resource Guard").await;
    p.press(Key::Escape).await;
    // "My roles > Azure resources > Activate" in the guard's directory (no approval is set: at once).
    p.el("//button[@title='Directory + subscription']").await.click().await.unwrap();
    p.click_aria("Switch to Fabrikam Security").await;
    p.nav("Privileged Identity Management").await;
    p.click("My roles").await;
    p.click_in("grid", "Activate").await;
    p.type_into("Duration (hours)", "1").await;
    p.type_into("Justification", "INC-77").await;
    p.tick("I completed multifactor authentication (simulated)").await;
    p.click_in("form", "Activate").await;
    p.result("ok", "Activate role (PIM) succeeded").await;
    p.el("//td[normalize-space(.)='Activated']").await;
    // Back in Contoso, the operation succeeds: the activation at the resource group covers the guard.
    p.el("//button[@title='Directory + subscription']").await.click().await.unwrap();
    p.click_aria("Switch to Contoso").await;
    p.nav("Backup vaults").await;
    p.click_in("grid", "bvault1").await;
    p.disable_soft_delete().await;
    p.result("ok", "Disable soft delete succeeded").await;
    p.shot("backup-vault-section-done").await;
    p.b.close().await;
}

#[tokio::test]
async fn cloud_shell_asks_to_confirm_a_delete_az_confirms_and_an_n_after_the_question_cancels_it() {
    // Bob's vault is mapped to Sara's guard in Fabrikam; the scenario's next line is his delete.
    let p = Page::open("?scenario=console-az-cross-tenant&step=14&as=bob").await;
    p.open_vault("vault1").await;
    p.click("Properties").await;
    let protected = "//p[contains(normalize-space(.), 'Protected using Resource Guard guard1 (Fabrikam Security)')]";
    p.el(protected).await;
    // The top bar's Cloud Shell button opens the pane on the Bash (az) tab, as Bob.
    p.click_aria("Cloud Shell").await;
    let input = "//textarea[@id='shell-input'][@aria-label='Bash (az) command line'][not(@disabled)]";
    p.el(input).await.click().await.unwrap();
    p.el("//section[@aria-label='Cloud Shell']//span[@class='shell-who'][normalize-space(.)='as Bob (Backup admin)']")
        .await;
    let label = "//label[@class='shell-prompt'][@for='shell-input']";
    let label_text = |p: &Page| {
        let c = p.b.client.clone();
        async move {
            let e = c.find(Locator::XPath(label)).await.expect("the command line's prompt label");
            e.text().await.unwrap().trim().to_owned()
        }
    };
    assert_eq!(label_text(&p).await, "bob@Azure:~$", "the command line starts at the shell's prompt");
    // The delete is one az registers with a confirmation: az asks before it sends anything.
    p.type_keys(
        "az backup vault resource-guard-mapping delete --resource-group rg-vault --name vault1 --tenant-id 22222222-2222-2222-2222-222222222222",
    )
    .await;
    p.press(Key::Enter).await;
    let question = "Are you sure you want to perform this operation? (y/n):";
    p.el(&format!(
        "(//div[contains(@class, 'shell-entry')])[last()][.//pre[contains(@class, 'shell-line')][contains(normalize-space(.), 'resource-guard-mapping delete')]]//pre[contains(@class, 'shell-out')][normalize-space(.)={}]",
        lit(question)
    ))
    .await;
    // The command line's label now ends the question, where the answer goes.
    p.el(&format!("{label}[normalize-space(.)='(y/n):']")).await;
    assert_eq!(label_text(&p).await, "(y/n):", "the command line waits for the answer");
    assert!(!label_text(&p).await.contains("@Azure"), "no shell prompt while az asks");
    p.el(protected).await;
    p.shot("cloud-shell-az-delete-asks-y-n").await;
    // n cancels: az's error, the shell's prompt back on the command line, the mapping kept.
    p.type_keys("n").await;
    p.press(Key::Enter).await;
    let last = "(//div[contains(@class, 'shell-entry')])[last()]";
    p.el(&format!("{last}//pre[contains(@class, 'shell-out')][normalize-space(.)='ERROR: Operation cancelled.']"))
        .await;
    p.el(&format!("{label}[normalize-space(.)='bob@Azure:~$']")).await;
    assert_eq!(label_text(&p).await, "bob@Azure:~$", "the shell's prompt is back after the answer");
    // The answer's line follows the question: no prompt before the `n`; the delete's line has one.
    let answer_line = p.el(&format!("{last}//pre[contains(@class, 'shell-line')]")).await;
    assert_eq!(answer_line.text().await.unwrap().trim(), "n", "the answer's line is the answer alone");
    assert!(
        answer_line.find(Locator::Css("span.shell-prompt")).await.is_err(),
        "the answer's line has no shell prompt before it"
    );
    let asked = "(//div[contains(@class, 'shell-entry')])[last()-1]";
    p.el(&format!("{asked}//pre[contains(@class, 'shell-out')][normalize-space(.)={}]", lit(question))).await;
    p.el(&format!(
        "{asked}//pre[contains(@class, 'shell-line')]/span[@class='shell-prompt'][normalize-space(.)='bob@Azure:~$']"
    ))
    .await;
    p.el(protected).await;
    p.shot("cloud-shell-az-delete-cancelled-with-n").await;
    p.b.close().await;
}

#[tokio::test]
async fn the_vaults_security_settings_pane_turns_on_always_on_soft_delete_which_then_locks_both_checkboxes() {
    // Bob (Backup admin) has protected vault1 with guard1; its soft delete is on, not always on.
    let p = Page::open("?scenario=rsv-same-subscription&step=5&as=bob").await;
    p.open_vault("vault1").await;
    p.click("Properties").await;
    let state =
        |s: &str| format!("//p[starts-with(normalize-space(.), 'Soft delete:')]/strong[normalize-space(.)={}]", lit(s));
    p.el(&state("Enabled")).await;
    p.click_aria("Update Security Settings").await;
    p.el("//aside[@role='dialog'][@aria-label='Security Settings']").await;
    let always_on = p.field("Enable Always-on soft delete").await;
    assert_eq!(always_on.attr("id").await.unwrap().as_deref(), Some("soft-delete-always-on"));
    assert_eq!(always_on.attr("type").await.unwrap().as_deref(), Some("checkbox"));
    assert!(always_on.is_enabled().await.unwrap(), "always-on can be chosen while soft delete is on");
    assert_eq!(always_on.prop("checked").await.unwrap().as_deref(), Some("false"));
    let warning = "//aside[@aria-label='Security Settings']//p[starts-with(normalize-space(.), 'Once always-on soft delete is enabled')]";
    assert!(p.b.client.find(Locator::XPath(warning)).await.is_err(), "no warning before it is chosen");
    let save = "//aside[@aria-label='Security Settings']//div[contains(@class, 'pane-actions')]//button[normalize-space(.)='Save']";
    assert!(!p.el(save).await.is_enabled().await.unwrap(), "nothing to save before a change");
    p.tick("Enable Always-on soft delete").await;
    let said = p.el(warning).await.text().await.unwrap();
    assert!(said.contains("it can't be disabled"), "the warning says it is for good: {said}");
    assert_eq!(always_on.prop("checked").await.unwrap().as_deref(), Some("true"));
    assert!(p.el(save).await.is_enabled().await.unwrap(), "the change can be saved");
    p.shot("vault-security-settings-always-on-soft-delete-warning").await;
    p.click_in("pane-actions", "Save").await;
    p.result("ok", "Enable soft delete succeeded").await;
    p.el(&state("Always on")).await;
    // Reopened, the pane shows it locked: neither checkbox can change, and says why.
    p.click_aria("Update Security Settings").await;
    p.el("//aside[@aria-label='Security Settings']//p[starts-with(normalize-space(.), 'Soft delete is always on for this vault')]").await;
    for id in ["soft-delete", "soft-delete-always-on"] {
        let c = p.el(&format!("//aside[@aria-label='Security Settings']//input[@id='{id}']")).await;
        assert!(!c.is_enabled().await.unwrap(), "#{id} is disabled once soft delete is always on");
        assert_eq!(c.prop("checked").await.unwrap().as_deref(), Some("true"), "#{id} shows it is on");
    }
    assert!(p.b.client.find(Locator::XPath(warning)).await.is_err(), "the warning gives way to the note");
    assert!(!p.el(save).await.is_enabled().await.unwrap(), "there is nothing to save");
    p.shot("vault-security-settings-always-on-soft-delete-locked").await;
    p.b.close().await;
}

/// Scrolls the Scenario editor's card to the top of the blade area (below the top bar).
const SHOW_THE_EDITOR_JS: &str = r#"
const card = document.querySelector('form.editor').closest('.card');
card.scrollIntoView({block: 'start'});
"#;

#[tokio::test]
async fn the_scenario_editor_opens_a_gallery_file_lists_two_typed_mistakes_goes_to_one_and_runs_the_fix() {
    let p = Page::open("?scenario=pim-jit-approve").await;
    p.nav("Scenarios").await;
    p.el("//h2[normalize-space(.)='Scenario editor']").await;
    let status = "//p[@id='editor-status']";
    p.el(&format!(
        "{status}[normalize-space(.)='Open a scenario or the session, or paste one; it is checked as you type.']"
    ))
    .await;
    assert!(
        p.b.client.find(Locator::XPath("//*[normalize-space(.)='Import scenario JSON']")).await.is_err(),
        "the old import box is gone"
    );
    p.el("//a[normalize-space(.)='Export session as scenario JSON']").await;
    let run = "//form[contains(@class, 'editor')]//button[@type='submit'][normalize-space(.)='Run']";
    assert!(!p.el(run).await.is_enabled().await.unwrap(), "nothing to run before a file is open");
    // The gallery's console scenario, chosen by its title and opened: checked, no problems.
    let title = "Console: the cross-tenant flow with az";
    p.el("//label[contains(@class, 'editor-pick')][normalize-space(span)='Gallery scenario']").await;
    p.el("//select[@aria-label='Gallery scenario to open']").await.select_by_label(title).await.unwrap();
    p.el("//form[contains(@class, 'editor')]//button[normalize-space(.)='Open']").await.click().await.unwrap();
    p.el(&format!("{status}[normalize-space(.)='No problems: Run loads it.']")).await;
    let area = p.field("Scenario JSON").await;
    assert_eq!(area.attr("id").await.unwrap().as_deref(), Some("scenario-text"));
    let opened = area.prop("value").await.unwrap().unwrap_or_default();
    assert!(opened.contains(&format!("\"title\": \"{title}\"")), "the gallery file is in the editor: {opened:.200}");
    assert!(p.el(run).await.is_enabled().await.unwrap(), "a file with no problems can run");
    let gutter_lines = |p: &Page| {
        let c = p.b.client.clone();
        async move {
            let js = r#"const g = document.querySelector('pre.editor-gutter'), t = document.getElementById('scenario-text');
                const gs = getComputedStyle(g), ts = getComputedStyle(t);
                const top = (s) => parseFloat(s.paddingTop) + parseFloat(s.borderTopWidth);
                return [g.textContent, t.value.split('\n').length, gs.lineHeight, ts.lineHeight, gs.fontSize, ts.fontSize,
                        g.getBoundingClientRect().top + top(gs) - (t.getBoundingClientRect().top + top(ts))];"#;
            c.execute(js, vec![]).await.unwrap()
        }
    };
    let g = gutter_lines(&p).await;
    let numbers: String = (1..=g[1].as_u64().unwrap()).map(|n| format!("{n}\n")).collect();
    assert_eq!(g[0].as_str().unwrap(), numbers, "a number in the gutter per line of the text");
    assert_eq!(g[2], g[3], "the gutter's lines are the text's height");
    assert_eq!(g[4], g[5], "the gutter's numbers are the text's size");
    assert!(g[6].as_f64().unwrap().abs() < 1.0, "the gutter's first line is level with the text's: {g}");
    p.b.client.execute(SHOW_THE_EDITOR_JS, vec![]).await.unwrap();
    p.shot("scenario-editor-gallery-file").await;
    // A long file scrolls inside the editor's 16 rows, and the gutter scrolls with it.
    let mut failures = Vec::new();
    p.b.client
        .execute("const t = document.getElementById('scenario-text'); t.scrollTop = t.scrollHeight;", vec![])
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let m = p
        .b
        .client
        .execute(
            r#"const g = document.querySelector('pre.editor-gutter'), t = document.getElementById('scenario-text');
            return [t.scrollTop, g.scrollTop, t.clientHeight, t.rows, parseFloat(getComputedStyle(t).lineHeight), t.value.split('\n').length];"#,
            vec![],
        )
        .await
        .unwrap();
    let (rows, line_height) = (m[3].as_f64().unwrap(), m[4].as_f64().unwrap());
    if m[2].as_f64().unwrap() > (rows + 2.0) * line_height {
        failures.push(format!(
            "the editor grows with the file instead of scrolling in its {rows} rows: {} px tall for {} lines",
            m[2], m[5]
        ));
    }
    if m[0] != m[1] {
        failures.push(format!(
            "scrolled to the end, the gutter is {} px off the text's lines (text scrollTop {}, gutter scrollTop {})",
            m[0].as_f64().unwrap() - m[1].as_f64().unwrap(),
            m[0],
            m[1]
        ));
    }
    p.b.client.execute("document.querySelector('.editor-frame').scrollIntoView({block: 'end'})", vec![]).await.unwrap();
    p.shot("scenario-editor-gallery-file-end").await;

    // Everything selected and a small file typed over it, with two mistakes: a field the schema
    // does not have on line 2 and a duration that is not one on line 3.
    let select_all_and_type = |text: &'static str| {
        let c = p.b.client.clone();
        async move {
            let area = c.find(Locator::Id("scenario-text")).await.unwrap();
            area.click().await.unwrap();
            let (ctrl, a): (char, char) = (Key::Control.into(), 'a');
            let keys = KeyActions::new("keyboard".to_owned())
                .then(KeyAction::Down { value: ctrl })
                .then(KeyAction::Down { value: a })
                .then(KeyAction::Up { value: a })
                .then(KeyAction::Up { value: ctrl });
            c.perform_actions(keys).await.unwrap();
            area.send_keys(text).await.unwrap();
            let typed = area.prop("value").await.unwrap().unwrap_or_default();
            assert_eq!(typed, text, "the typed text replaced the file");
        }
    };
    let mistakes = "{\"version\": 1, \"title\": \"Two mistakes\", \"start\": \"2026-01-05T09:00:00Z\",\n \"world\": {\"tenants\": [{\"id\": \"c\", \"name\": \"C\", \"domain\": \"c.com\", \"colour\": 1}]},\n \"steps\": [{\"advance\": \"P1X\"}]}";
    select_all_and_type(mistakes).await;
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let said = p.el(status).await.text().await.unwrap();
    assert_eq!(said, "2 problems (line:column):", "checked a moment after the last key");
    assert!(!p.el(run).await.is_enabled().await.unwrap(), "a file with problems does not run");
    let items = p.b.client.find_all(Locator::Css("ul.editor-problems > li")).await.unwrap();
    assert_eq!(items.len(), 2, "a list item per problem");
    let mut places = Vec::new();
    for li in &items {
        let text = li.text().await.unwrap();
        let button = li.find(Locator::Css("button")).await.unwrap();
        let place = button.text().await.unwrap();
        assert!(text.starts_with(&place), "the item starts with its place: {text}");
        assert_eq!(button.attr("aria-label").await.unwrap(), Some(format!("Go to line {place}")));
        places.push((place, text));
    }
    assert_eq!(places[0].0, "2:68", "the unknown field: {places:?}");
    assert!(places[0].1.contains("colour"), "{places:?}");
    assert_eq!(places[1].0, "3:13", "the bad duration: {places:?}");
    assert!(places[1].1.contains("advance"), "{places:?}");
    let g = gutter_lines(&p).await;
    assert_eq!(g[0].as_str().unwrap(), "1\n2\n3\n", "the gutter follows the typed text");
    p.shot("scenario-editor-two-problems").await;

    // The second problem's place puts the cursor there: line 3, column 13 (UTF-16 units, 1-based).
    p.el("//ul[@class='editor-problems']/li[2]/button[@aria-label='Go to line 3:13']").await.click().await.unwrap();
    let (line, column) = (3usize, 13usize);
    let expected: usize = mistakes.split('\n').take(line - 1).map(|l| l.encode_utf16().count() + 1).sum::<usize>()
        + mistakes.split('\n').nth(line - 1).unwrap().chars().take(column - 1).map(char::len_utf16).sum::<usize>();
    let at = p
        .b
        .client
        .execute(
            "const t = document.getElementById('scenario-text'); return [document.activeElement === t, t.selectionStart, t.selectionEnd];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(at[0], true, "the cursor is in the text");
    assert_eq!(at[1].as_u64(), Some(expected as u64), "the cursor is at 3:13: {at}");
    assert_eq!(at[2].as_u64(), Some(expected as u64), "nothing selected: {at}");
    assert_eq!(&mistakes[expected..expected + 9], "\"advance\"", "3:13 is the step's advance");

    // On a phone: the editor with its problems fits the width.
    p.b.client.set_window_size(390, 860).await.unwrap();
    p.b.client.execute(SHOW_THE_EDITOR_JS, vec![]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    p.shot("scenario-editor-phone").await;
    // Checked here, said at the end (as above): the rest of the editor is still exercised.
    let v = p.b.client.execute(OVERFLOW_JS, vec![]).await.unwrap();
    if v[0].as_f64().unwrap() > 0.0 || v[1].as_f64().unwrap() > 0.0 {
        failures.push(format!("the Scenarios blade at 390 px overflows sideways (page, blade area, culprit): {v}"));
    }
    let wide = p
        .b
        .client
        .execute(
            "return [...document.querySelectorAll('form.editor *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className)",
            vec![],
        )
        .await
        .unwrap();
    if wide != serde_json::json!([]) {
        failures.push(format!("the editor reaches past the screen's edge at 390 px: {wide}"));
    }
    p.b.client.set_window_size(1280, 860).await.unwrap();

    // The fix, typed over it: no problems, Run loads it, and the tour is the new file's.
    let fixed = "{\"version\": 1, \"title\": \"Typed in the editor: one tenant, one hour\", \"start\": \"2026-01-05T09:00:00Z\",\n \"world\": {\"tenants\": [{\"id\": \"c\", \"name\": \"C\", \"domain\": \"c.com\"}],\n   \"principals\": [{\"id\": \"ann\", \"kind\": \"user\", \"tenant\": \"c\", \"name\": \"Ann\"}]},\n \"steps\": [{\"advance\": \"PT1H\"}]}";
    select_all_and_type(fixed).await;
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_eq!(p.el(status).await.text().await.unwrap(), "No problems: Run loads it.");
    assert!(p.b.client.find(Locator::Css("ul.editor-problems")).await.is_err(), "no problems listed");
    p.el(run).await.click().await.unwrap();
    p.el("//h2[normalize-space(.)='Guided tour: Typed in the editor: one tenant, one hour']").await;
    p.b.close().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
