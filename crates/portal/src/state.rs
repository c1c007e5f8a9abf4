//! The portal's state: a [`Simulator`] from the core, the scenario it started from, what the person
//! did (as scenario steps), who they act as, and which blade they look at.
//!
//! [`AppState`] is a yew `Reducible`; `reduce` only delegates to the core (`Simulator::execute`,
//! `advance`) and records the step. It never decides an Azure rule. Bad input (a malformed scenario,
//! a broken link, corrupted storage, a wrong duration) leaves the previous state and sets a notice.

use std::rc::Rc;

use chrono::TimeDelta;
use mua_core::mua::VaultKind;
use mua_core::scenario::{
    advance_json, check_expect, run_step, step_json, with_steps, Expect, Scenario, StepAction, StepResult,
};
use mua_core::{Command, Refusal, Simulator, Trace};
use serde_json::{json, Value};
use yew::Reducible;

mod gallery {
    include!(concat!(env!("OUT_DIR"), "/gallery.rs"));
}
pub use gallery::GALLERY;

/// The scenario a session starts from when nothing else is asked for.
pub const DEFAULT_SCENARIO: &str = "pim-jit-approve";
/// localStorage key.
pub const STORAGE_KEY: &str = "mua-playground/state";
/// Version of what is saved in localStorage and share links.
pub const STATE_VERSION: u64 = 1;

/// A tab of a vault blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultTab {
    /// Overview.
    Overview,
    /// Properties → Multi-User Authorization.
    Mua,
    /// Properties → Security Settings.
    Security,
    /// Identity.
    Identity,
    /// Backup items.
    Items,
}

/// A tab of a Resource Guard blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuardTab {
    /// Overview.
    Overview,
    /// Properties (protected operations).
    Properties,
    /// Access control (IAM).
    Iam,
}

/// A tab of the PIM blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PimTab {
    /// My roles.
    MyRoles,
    /// My pending requests.
    Pending,
    /// Approve requests.
    Approve,
    /// Azure resources → Assignments.
    Assignments,
    /// Settings (role settings editor).
    Settings,
    /// Audit history.
    Audit,
}

/// A tab of the Lighthouse blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LighthouseTab {
    /// My customers (as the managing tenant).
    MyCustomers,
    /// Service providers (as the customer).
    ServiceProviders,
}

/// A blade (the portal's page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blade {
    /// Home.
    Home,
    /// Vault list of a kind.
    Vaults(VaultKind),
    /// One vault.
    Vault(String, VaultTab),
    /// Create a vault.
    CreateVault(VaultKind),
    /// Resource Guard list.
    Guards,
    /// One guard.
    Guard(String, GuardTab),
    /// Create a guard.
    CreateGuard,
    /// Privileged Identity Management.
    Pim(PimTab),
    /// Azure Lighthouse.
    Lighthouse(LighthouseTab),
    /// Activity log.
    Activity,
    /// Scenarios: gallery, guided tour, import/export, share.
    Scenarios,
}

/// Colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
    /// High contrast.
    Contrast,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Contrast];

    /// CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Light => "theme-light",
            Theme::Dark => "theme-dark",
            Theme::Contrast => "theme-contrast",
        }
    }

    /// Label.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::Contrast => "High contrast",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    fn parse(s: &str) -> Theme {
        match s {
            "dark" => Theme::Dark,
            "contrast" => Theme::Contrast,
            _ => Theme::Light,
        }
    }
}

/// The outcome of the last action, for the result banner and the Explain panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastResult {
    /// What was attempted (the portal's operation name).
    pub label: String,
    /// Who attempted it.
    pub actor: String,
    /// Success with its checks, or the refusal.
    pub outcome: Result<Trace, Refusal>,
}

/// Where the session's scenario came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A gallery scenario, by name.
    Gallery(String),
    /// Imported or linked JSON (shared: it can be large).
    Custom(Rc<Value>),
}

/// The whole portal state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Where the scenario came from.
    pub source: Source,
    /// The scenario file (its steps are the guided tour's plan).
    pub file: Rc<Value>,
    /// The parsed scenario.
    pub scenario: Rc<Scenario>,
    /// The running simulation (shared between states; copied only when a command changes it).
    pub sim: Rc<Simulator>,
    /// What happened so far, as scenario steps (tour steps and the person's own actions).
    pub history: Vec<Rc<Value>>,
    /// What each tour step that ran actually gave.
    pub tour: Vec<Expect>,
    /// Next step of the tour's plan.
    pub plan_pos: usize,
    /// Who the person acts as.
    pub actor: String,
    /// The blade shown.
    pub blade: Blade,
    /// Theme.
    pub theme: Theme,
    /// Last result.
    pub last: Option<LastResult>,
    /// A message for the person (load errors, bad input).
    pub notice: Option<String>,
    /// Embedded in an iframe (no chrome).
    pub embed: bool,
    /// Bumped by every reduce (lets the context compare states cheaply).
    pub revision: u64,
}

/// What the person does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Run a command as the current persona.
    Execute(Command),
    /// Move the clock.
    Advance(TimeDelta),
    /// Move the clock by an ISO 8601 duration typed by the person.
    AdvanceText(String),
    /// Act as someone else.
    SwitchPersona(String),
    /// Open a blade.
    Navigate(Blade),
    /// Change theme.
    SetTheme(Theme),
    /// Load a gallery scenario.
    LoadGallery(String),
    /// Load scenario JSON (import).
    LoadJson(String),
    /// Run the tour's next step.
    TourNext,
    /// Restart the scenario.
    Restart,
    /// Close the result banner.
    Dismiss,
    /// Show a message.
    Notify(String),
}

/// The text of a gallery scenario.
pub fn gallery_text(name: &str) -> Option<&'static str> {
    GALLERY.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

impl AppState {
    /// A fresh session of a scenario file (no step run yet).
    pub fn start(source: Source, text: &str) -> Result<AppState, String> {
        let file: Value = serde_json::from_str(text).map_err(|e| format!("the scenario is not valid JSON: {e}"))?;
        let scenario = Scenario::load(text).map_err(|e| format!("the scenario is not valid: {e}"))?;
        let sim = Rc::new(scenario.simulator());
        let actor = first_actor(&scenario);
        Ok(AppState {
            source,
            file: Rc::new(file),
            scenario: Rc::new(scenario),
            sim,
            history: Vec::new(),
            tour: Vec::new(),
            plan_pos: 0,
            actor,
            blade: Blade::Home,
            theme: Theme::Light,
            last: None,
            notice: None,
            embed: false,
            revision: 0,
        })
    }

    /// The default session.
    pub fn default_session() -> AppState {
        let text = gallery_text(DEFAULT_SCENARIO).unwrap_or("{}");
        AppState::start(Source::Gallery(DEFAULT_SCENARIO.to_owned()), text).unwrap_or_else(|e| AppState::broken(&e))
    }

    /// A session over an empty world, used only if even the default scenario cannot load.
    fn broken(why: &str) -> AppState {
        const EMPTY: &str =
            r#"{"version":1,"title":"Empty","start":"2026-01-05T09:00:00Z","world":{"tenants":[]},"steps":[]}"#;
        // PANIC SAFETY: a constant, valid scenario.
        #[allow(clippy::expect_used)]
        let empty = AppState::start(Source::Custom(Rc::new(json!({}))), EMPTY).expect("the empty scenario is valid");
        empty.with_notice(format!("The default scenario could not load: {why}"))
    }

    /// Runs the first `n` steps of the plan (embed links, tests).
    pub fn run_plan(&mut self, n: usize) {
        for _ in 0..n.min(self.scenario.steps.len()) {
            self.tour_next();
        }
        self.last = None;
    }

    fn tour_next(&mut self) {
        let Some(step) = self.scenario.steps.get(self.plan_pos).cloned() else {
            self.notice = Some("The tour is complete: every step of the scenario has run.".to_owned());
            return;
        };
        self.plan_pos += 1;
        if let StepAction::Run { actor, .. } = &step.action {
            self.actor = actor.clone();
        }
        let sim = Rc::make_mut(&mut self.sim);
        let written = written_step(sim.world(), &step.action);
        let result = run_step(sim, &step);
        self.tour.push(result.as_expect());
        self.record(written, &step.action, &result);
    }

    /// Records what happened: the step (written before it ran) with its outcome, and the result banner.
    fn record(&mut self, written: Value, action: &StepAction, result: &StepResult) {
        let expect = result.as_expect();
        let mut written = written;
        if let (Value::Object(map), Expect::Refused(code)) = (&mut written, expect) {
            map.insert("expect".to_owned(), Value::String(code.as_str().to_owned()));
        }
        match action {
            StepAction::Run { actor, command } => {
                self.history.push(Rc::new(written));
                self.last = Some(LastResult {
                    label: command.label().to_owned(),
                    actor: actor.clone(),
                    outcome: match result {
                        StepResult::Ok(o) => Ok(o.trace.clone()),
                        StepResult::Refused(r) => Err(r.clone()),
                        StepResult::Advanced => Ok(Trace::default()),
                    },
                });
            }
            StepAction::Advance(_) => {
                if expect == Expect::Ok {
                    self.history.push(Rc::new(written));
                }
            }
        }
    }

    /// The session as a scenario file: the original world and everything that happened.
    pub fn export(&self) -> Value {
        let mut doc = with_steps(&self.file, self.history_values());
        if let Value::Object(map) = &mut doc {
            let title = map.get("title").and_then(Value::as_str).unwrap_or("Session").to_owned();
            if !title.ends_with("(session)") {
                map.insert("title".to_owned(), Value::String(format!("{title} (session)")));
            }
        }
        doc
    }

    /// The history as plain JSON values.
    pub fn history_values(&self) -> Vec<Value> {
        self.history.iter().map(|v| (**v).clone()).collect()
    }

    /// What localStorage and share links hold.
    pub fn snapshot(&self) -> Value {
        let source = match &self.source {
            Source::Gallery(name) => json!({ "gallery": name }),
            Source::Custom(v) => json!({ "json": **v }),
        };
        json!({
            "v": STATE_VERSION, "source": source, "history": self.history_values(), "plan_pos": self.plan_pos,
            "as": self.actor, "theme": self.theme.key(),
        })
    }

    /// Rebuilds a session from a snapshot; an error says what is wrong with it.
    pub fn from_snapshot(v: &Value) -> Result<AppState, String> {
        let version = v.get("v").and_then(Value::as_u64).ok_or("it has no version")?;
        if version != STATE_VERSION {
            return Err(format!("it was saved by another version ({version}) of the playground"));
        }
        let source = v.get("source").ok_or("it has no scenario")?;
        let (src, text) = if let Some(name) = source.get("gallery").and_then(Value::as_str) {
            let text = gallery_text(name).ok_or_else(|| format!("the gallery has no scenario `{name}`"))?;
            (Source::Gallery(name.to_owned()), text.to_owned())
        } else if let Some(json) = source.get("json") {
            (Source::Custom(Rc::new(json.clone())), json.to_string())
        } else {
            return Err("its scenario is neither a gallery name nor JSON".to_owned());
        };
        let mut state = AppState::start(src, &text)?;
        let history = v.get("history").and_then(Value::as_array).cloned().unwrap_or_default();
        // Replay what happened: the history is a scenario of its own, checked step by step.
        let replay = Scenario::load(&with_steps(&state.file, history.clone()).to_string())
            .map_err(|e| format!("its history is not valid: {e}"))?;
        // One pass: each step runs once and is checked against the outcome it recorded.
        let mut sim = state.scenario.simulator();
        for (i, step) in replay.steps.iter().enumerate() {
            let result = run_step(&mut sim, step);
            check_expect(i + 1, step, &result).map_err(|e| format!("its history does not replay: {e}"))?;
        }
        state.sim = Rc::new(sim);
        state.history = history.into_iter().map(Rc::new).collect();
        state.plan_pos = v.get("plan_pos").and_then(Value::as_u64).unwrap_or(0) as usize;
        if let Some(actor) = v.get("as").and_then(Value::as_str) {
            if state.sim.world().principals().contains_key(actor) {
                state.actor = actor.to_owned();
            }
        }
        state.theme = Theme::parse(v.get("theme").and_then(Value::as_str).unwrap_or("light"));
        Ok(state)
    }

    fn with_notice(mut self, notice: String) -> AppState {
        self.notice = Some(notice);
        self
    }
}

/// A step as JSON, written from the world before it runs (its outcome is added afterwards).
fn written_step(world: &mua_core::World, action: &StepAction) -> Value {
    match action {
        StepAction::Run { actor, command } => step_json(world, actor, command, Expect::Ok),
        StepAction::Advance(d) => advance_json(*d),
    }
}

/// The first principal that acts in the plan, else the first user.
fn first_actor(s: &Scenario) -> String {
    s.steps
        .iter()
        .find_map(|st| match &st.action {
            StepAction::Run { actor, .. } => Some(actor.clone()),
            StepAction::Advance(_) => None,
        })
        .or_else(|| {
            s.world.principals().values().find(|p| p.kind == mua_core::model::PrincipalKind::User).map(|p| p.id.clone())
        })
        .unwrap_or_default()
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.notice = None;
        s.revision += 1;
        match action {
            Action::Execute(command) => {
                let actor = s.actor.clone();
                let sim = Rc::make_mut(&mut s.sim);
                let action = StepAction::Run { actor: actor.clone(), command: command.clone() };
                let written = written_step(sim.world(), &action);
                let result = match sim.execute(&actor, &command) {
                    Ok(o) => StepResult::Ok(o),
                    Err(r) => StepResult::Refused(r),
                };
                s.record(written, &action, &result);
            }
            Action::Advance(by) => {
                let sim = Rc::make_mut(&mut s.sim);
                let written = advance_json(by);
                let result = match sim.advance(by) {
                    Ok(()) => StepResult::Advanced,
                    Err(r) => StepResult::Refused(r),
                };
                if let StepResult::Refused(r) = &result {
                    s.notice = Some(r.message.clone());
                }
                s.record(written, &StepAction::Advance(by), &result);
            }
            Action::AdvanceText(text) => match mua_core::duration::parse(text.trim()) {
                Ok(d) if d > TimeDelta::zero() => return Rc::new(s).reduce(Action::Advance(d)),
                Ok(_) => s.notice = Some("Enter a duration longer than zero, like PT30M or P1D.".to_owned()),
                Err(r) => s.notice = Some(r.message),
            },
            Action::SwitchPersona(p) => {
                if s.sim.world().principals().contains_key(&p) {
                    s.actor = p;
                    s.last = None;
                } else {
                    s.notice = Some(format!("There is no principal `{p}` in this scenario."));
                }
            }
            Action::Navigate(b) => s.blade = b,
            Action::SetTheme(t) => s.theme = t,
            Action::LoadGallery(name) => {
                let loaded = gallery_text(&name)
                    .ok_or_else(|| format!("The gallery has no scenario `{name}`."))
                    .and_then(|text| AppState::start(Source::Gallery(name.clone()), text));
                return Rc::new(match loaded {
                    Ok(n) => {
                        AppState { theme: s.theme, embed: s.embed, blade: Blade::Scenarios, revision: s.revision, ..n }
                    }
                    Err(e) => s.with_notice(e),
                });
            }
            Action::LoadJson(text) => {
                let loaded = serde_json::from_str::<Value>(&text)
                    .map_err(|e| format!("The scenario could not be imported: it is not valid JSON ({e})."))
                    .and_then(|v| {
                        AppState::start(Source::Custom(Rc::new(v)), &text)
                            .map_err(|e| format!("The scenario could not be imported: {e}."))
                    });
                return Rc::new(match loaded {
                    Ok(n) => {
                        AppState { theme: s.theme, embed: s.embed, blade: Blade::Scenarios, revision: s.revision, ..n }
                    }
                    Err(e) => s.with_notice(e),
                });
            }
            Action::TourNext => s.tour_next(),
            Action::Restart => {
                let text = s.file.to_string();
                if let Ok(n) = AppState::start(s.source.clone(), &text) {
                    s = AppState { theme: s.theme, embed: s.embed, blade: s.blade.clone(), revision: s.revision, ..n };
                }
            }
            Action::Dismiss => s.last = None,
            Action::Notify(m) => s.notice = Some(m),
        }
        Rc::new(s)
    }
}

/// Reads the session asked for by the page's URL, else localStorage, else the default. The
/// returned notice explains anything that could not be used.
pub fn initial_state(query: &str, hash: &str, stored: Option<String>) -> AppState {
    let params = parse_query(query);
    let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    // 1. A share link: #state=<snapshot>.
    if let Some(raw) = hash.strip_prefix("#state=") {
        return restore(&percent_decode(raw)).unwrap_or_else(|e| {
            fallback(format!("This share link could not be opened ({e}); showing the default scenario."))
        });
    }
    // 2. An embed or scenario link: ?scenario=<name or JSON>&as=<principal>&step=<n>&embed=1.
    if let Some(sc) = get("scenario") {
        let loaded = if sc.trim_start().starts_with('{') {
            serde_json::from_str::<Value>(&sc)
                .map_err(|e| e.to_string())
                .and_then(|v| AppState::start(Source::Custom(Rc::new(v)), &sc))
        } else {
            gallery_text(&sc)
                .ok_or_else(|| format!("the gallery has no scenario `{sc}`"))
                .and_then(|t| AppState::start(Source::Gallery(sc.clone()), t))
        };
        let mut state = loaded.unwrap_or_else(|e| {
            fallback(format!("The linked scenario could not be opened ({e}); showing the default scenario."))
        });
        if let Some(n) = get("step").and_then(|n| n.parse::<usize>().ok()) {
            state.run_plan(n);
        }
        if let Some(actor) = get("as") {
            state = (*Rc::new(state).reduce(Action::SwitchPersona(actor))).clone();
        }
        state.embed = get("embed").is_some_and(|v| v == "1" || v == "true");
        if let Some(b) = get("blade").and_then(|b| blade_from_name(&b)) {
            state.blade = b;
        }
        return state;
    }
    // 3. What was saved in this browser.
    if let Some(text) = stored {
        return restore(&text)
            .unwrap_or_else(|e| fallback(format!("Your saved session could not be restored ({e}); starting fresh.")));
    }
    AppState::default_session()
}

/// A session from snapshot text (a share link's or localStorage's).
fn restore(text: &str) -> Result<AppState, String> {
    let v = serde_json::from_str::<Value>(text).map_err(|e| e.to_string())?;
    AppState::from_snapshot(&v)
}

/// The default session, with a message saying why it is shown.
fn fallback(notice: String) -> AppState {
    AppState::default_session().with_notice(notice)
}

/// A blade by the short name embed links use (`vaults`, `guards`, `pim`, `activity`…).
pub fn blade_from_name(name: &str) -> Option<Blade> {
    Some(match name {
        "home" => Blade::Home,
        "vaults" => Blade::Vaults(VaultKind::RecoveryServices),
        "backup-vaults" => Blade::Vaults(VaultKind::Backup),
        "guards" => Blade::Guards,
        "pim" => Blade::Pim(PimTab::MyRoles),
        "approve" => Blade::Pim(PimTab::Approve),
        "lighthouse" => Blade::Lighthouse(LighthouseTab::MyCustomers),
        "activity" => Blade::Activity,
        "scenarios" => Blade::Scenarios,
        _ => return None,
    })
}

/// `a=1&b=x%20y` → [("a","1"), ("b","x y")].
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

/// Decodes `%XX` escapes (UTF-8); a broken escape is kept as it is.
pub fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but unreserved characters as `%XX` (URL-safe in a query or fragment).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
