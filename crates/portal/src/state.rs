//! The portal's state: the core's [`Session`] (the simulation, the scenario it started from and
//! what happened), who the person acts as, and what they look at.
//!
//! [`AppState`] is a yew `Reducible`; `reduce` hands each action to one method, and each method only
//! delegates to the session (`run`, `advance`, `play_next`) or changes what is shown. It never
//! decides an Azure rule. Bad input (a malformed scenario, a wrong duration) leaves the session as
//! it was and sets a notice. Reading and writing links and saved sessions is `snapshot.rs`.

use std::rc::Rc;

use chrono::TimeDelta;
use mua_core::critical_operations::VaultKind;
use mua_core::scenario::Scenario;
use mua_core::session::Recorded;
use mua_core::{Command, Session, World};
use yew::Reducible;

/// A scenario of the gallery (`web/scenarios/*.json`, embedded by the build script).
#[derive(Debug)]
pub struct GalleryEntry {
    /// The file name without `.json`.
    pub name: &'static str,
    /// The scenario's title.
    pub title: &'static str,
    /// The first sentence of its description.
    pub summary: &'static str,
    /// The gallery group it is shown in.
    pub topic: &'static str,
    /// Whether it has console steps (opening it loads Cloud Shell's code first).
    pub console: bool,
    /// The scenario file, minified, where it is compiled in (see [`gallery_text`]).
    pub text: Option<&'static str>,
}

/// The gallery's topics, in the order they are shown.
pub const TOPICS: [&str; 7] =
    ["Recovery Services vault", "Backup vault", "Cross-tenant", "PIM", "Lighthouse", "Identities", "Roles and errors"];

mod gallery {
    use super::GalleryEntry;
    include!(concat!(env!("OUT_DIR"), "/gallery.rs"));
}
pub use gallery::{DEFAULT_SCENARIO, GALLERY};

thread_local! {
    /// Gallery scenarios fetched from the site, by name.
    static FETCHED: std::cell::RefCell<Vec<(String, Rc<str>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub use crate::route::{Blade, EntraTab, GuardTab, LighthouseTab, PimResTab, PimTab, ScopeTab, VaultTab};

/// Colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// The visitor's own setting (`prefers-color-scheme`, `prefers-contrast`): the default until
    /// the person picks a theme.
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
    /// High contrast.
    Contrast,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Theme; 4] = [Theme::Auto, Theme::Light, Theme::Dark, Theme::Contrast];

    /// The theme shown: `Auto` is what the visitor's setting asks for (dark, more contrast).
    pub fn resolve(self, dark: bool, contrast: bool) -> Theme {
        match self {
            Theme::Auto if contrast => Theme::Contrast,
            Theme::Auto if dark => Theme::Dark,
            Theme::Auto => Theme::Light,
            fixed => fixed,
        }
    }

    /// CSS class (of a resolved theme; `Auto` reads as light).
    pub fn class(self) -> &'static str {
        match self {
            Theme::Auto | Theme::Light => "theme-light",
            Theme::Dark => "theme-dark",
            Theme::Contrast => "theme-contrast",
        }
    }

    /// Label.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Auto => "Same as system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::Contrast => "High contrast",
        }
    }

    /// The stable key saved sessions and the theme menu use.
    pub fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Contrast => "contrast",
        }
    }

    /// A theme by key; `None` for anything else.
    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// Where the session's scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A gallery scenario, by name.
    Gallery(String),
    /// Imported or linked JSON (the session's scenario keeps the document).
    Custom,
}

/// The whole portal state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Where the scenario came from.
    pub source: Source,
    /// The core's session (shared between states; copied only when something runs).
    pub session: Rc<Session>,
    /// Who the person acts as.
    pub actor: String,
    /// The directory the person is signed in to, as the portal's directory switcher sets it: what
    /// the lists show (vaults, guards, resource groups, PIM resources and requests).
    pub directory: String,
    /// Subscriptions the person unticked in the portal's subscription filter: their resources are
    /// not listed.
    pub hidden_subscriptions: mua_core::table::Set<String>,
    /// The blade shown.
    pub blade: Blade,
    /// Theme.
    pub theme: Theme,
    /// The history entry shown in the result banner.
    pub shown: Option<usize>,
    /// A message for the person (load errors, bad input).
    pub notice: Option<String>,
    /// Embedded in an iframe (no chrome; never reads or writes the visitor's saved session).
    pub embed: bool,
    /// Nothing can be changed (`readonly=1`): what would change the session is refused with a
    /// message, and the embed offers an editable copy.
    pub readonly: bool,
    /// What an embed could not open, shown as an error card in its frame instead of a blade.
    pub unopened: Option<String>,
    /// The history entry whose explanation starts open (`explain=last`).
    pub explain_at: Option<usize>,
    /// The Cloud Shell pane's shell while it is open.
    pub shell: Option<mua_core::scenario::Shell>,
    /// Bumped by every reduce (lets the context compare states cheaply).
    pub revision: u64,
    /// The guided tour's step the coach shows (`None`: the tour is not being followed). While it is
    /// the session's next planned step, the coach asks the person to do it; once the session has
    /// moved past it, the coach shows how it went and offers the next one.
    pub coach: Option<usize>,
    /// The tour step the coach last opened, and how long the history was then: *Back* takes back
    /// everything since (the sign-ins made for the step as well as the step).
    pub tour_mark: Option<(usize, usize)>,
    /// The session a restart, a gallery load, an import or an opened link replaced, kept until the
    /// person brings it back or lets it go (nothing is lost without a way back).
    pub previous: Option<Rc<AppState>>,
}

/// A share link's session, read by the front end ([`Action::OpenLink`]); two are equal when they
/// are the same reading.
#[derive(Clone, Debug)]
pub struct Linked(pub Result<Rc<AppState>, String>);

impl PartialEq for Linked {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Ok(a), Ok(b)) => Rc::ptr_eq(a, b),
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }
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
    /// Switch to a directory (signing in to it when it is not the person's home).
    SwitchDirectory(String),
    /// Tick or untick a subscription in the subscription filter.
    ToggleSubscription(String),
    /// Open a blade.
    Navigate(Blade),
    /// Change theme.
    SetTheme(Theme),
    /// Load a gallery scenario.
    LoadGallery(String),
    /// Load scenario JSON (import).
    LoadJson(String),
    /// Open a share link pasted into the address of an open tab: the session it holds, or why it
    /// could not be read.
    OpenLink(Linked),
    /// Run the tour's next step (*Do it for me*).
    TourNext,
    /// Follow the tour: open the next step's blade as its person, with the coach.
    TourOpen,
    /// Take back the last step and open the tour's step again (*Back*).
    TourBack,
    /// Stop following the tour (the coach closes; the session stays).
    TourEnd,
    /// Restart the scenario.
    Restart,
    /// Close the result toast.
    Dismiss,
    /// Close the result toast if it still shows this step (a success toast closing itself).
    DismissIf(Option<usize>),
    /// Show a message.
    Notify(String),
    /// Close the message.
    DismissNotice,
    /// Take back the last step.
    Undo,
    /// Bring back the session a restart, load or link replaced.
    BringBack,
    /// Let the replaced session go.
    ForgetPrevious,
    /// Open the Cloud Shell pane on a shell (`None`: close it).
    OpenShell(Option<mua_core::scenario::Shell>),
    /// Run console text (a line or a pasted block) as the current persona in a shell.
    TypeIn(mua_core::scenario::Shell, String),
    /// Show a step of the history in the result toast (a console line's *Explain*).
    ShowStep(usize),
    /// Start the scenario again and run its first `n` planned steps (an embed's host: `mua:goto`).
    GotoStep(usize),
    /// What the page around an embed asks for: done even in a read-only embed (the host is the
    /// author; the visitor is who read-only holds back).
    Host(Box<Action>),
}

/// A principal's home directory.
pub fn home_of(w: &World, principal: &str) -> String {
    w.principals().get(principal).map(|p| p.tenant.clone()).unwrap_or_default()
}

/// The text of a gallery scenario: compiled in, or fetched already by `snapshot::fetch_gallery`; else why not.
pub fn gallery_text(name: &str) -> Result<Rc<str>, String> {
    let entry =
        GALLERY.iter().find(|g| g.name == name).ok_or_else(|| format!("the gallery has no scenario `{name}`"))?;
    match entry.text {
        Some(text) => Ok(Rc::from(text)),
        None => FETCHED
            .with(|f| f.borrow().iter().find(|(n, _)| n == name).map(|(_, t)| t.clone()))
            .ok_or_else(|| format!("the scenario `{name}` is not loaded: its file could not be fetched from the site")),
    }
}

/// Whether a gallery scenario's text has been fetched from the site already.
pub fn fetched(name: &str) -> bool {
    FETCHED.with(|f| f.borrow().iter().any(|(n, _)| n == name))
}

/// Keeps a gallery scenario's text fetched from the site (`snapshot::fetch_gallery`) for
/// [`gallery_text`].
pub fn keep_fetched(name: &str, text: &str) {
    FETCHED.with(|f| f.borrow_mut().push((name.to_owned(), Rc::from(text))));
}

impl AppState {
    /// A fresh session of a scenario file (no step run yet).
    pub fn start(source: Source, text: &str) -> Result<AppState, String> {
        let scenario = Scenario::load(text).map_err(|e| format!("the scenario is not valid: {e}"))?;
        Ok(AppState::with_session(source, Session::new(Rc::new(scenario))))
    }

    /// A state around a session, acting as the scenario's first actor, on the home blade.
    pub fn with_session(source: Source, session: Session) -> AppState {
        let actor = session.scenario().first_actor();
        let directory = home_of(session.world(), &actor);
        AppState {
            source,
            actor,
            directory,
            session: Rc::new(session),
            hidden_subscriptions: Default::default(),
            blade: Blade::Home,
            theme: Theme::Auto,
            shown: None,
            notice: None,
            embed: false,
            readonly: false,
            unopened: None,
            explain_at: None,
            shell: None,
            revision: 0,
            coach: None,
            tour_mark: None,
            previous: None,
        }
    }

    /// A gallery scenario by name.
    pub fn from_gallery(name: &str) -> Result<AppState, String> {
        AppState::start(Source::Gallery(name.to_owned()), &gallery_text(name)?)
    }

    /// A session of imported scenario JSON.
    /// One that does not read says every problem the reader finds, each at its line and column.
    pub fn import(text: &str) -> Result<AppState, String> {
        AppState::start(Source::Custom, text).map_err(|e| {
            let problems = mua_core::scenario_file::check(text);
            if problems.is_empty() {
                return notice("The scenario could not be imported: the text is not a valid scenario file.", &e);
            }
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let count = match problems.len() {
                1 => "1 problem".to_owned(),
                n => format!("{n} problems"),
            };
            notice(
                &format!("The scenario could not be imported: the text has {count} (line:column, where, what)."),
                &list.join("\n"),
            )
        })
    }

    /// The default session.
    pub fn default_session() -> AppState {
        AppState::from_gallery(DEFAULT_SCENARIO).unwrap_or_else(|e| AppState::broken(&e))
    }

    /// A session over an empty world, used only if even the default scenario cannot load.
    fn broken(why: &str) -> AppState {
        AppState::empty().with_notice(format!("The default scenario could not load: {why}"))
    }

    /// An embed that could not open what its address asks for: an error card in its frame (it
    /// stays an embed, and shows nobody's saved session).
    pub fn unopened(why: String) -> AppState {
        AppState { embed: true, unopened: Some(why), ..AppState::empty() }
    }

    fn empty() -> AppState {
        const EMPTY: &str =
            r#"{"version":1,"title":"Empty","start":"2026-01-05T09:00:00Z","world":{"tenants":[]},"steps":[]}"#;
        // PANIC SAFETY: a constant, valid scenario.
        #[allow(clippy::expect_used)]
        AppState::start(Source::Custom, EMPTY).expect("the empty scenario is valid")
    }

    /// The world now.
    pub fn world(&self) -> &World {
        self.session.world()
    }

    /// The step shown in the result banner.
    pub fn shown(&self) -> Option<&Recorded> {
        self.shown.and_then(|i| self.session.history().get(i)).map(|r| &**r)
    }

    /// Runs the first `n` steps of the plan (embed links, tests); no banner.
    pub fn run_plan(&mut self, n: usize) {
        for _ in 0..n.min(self.session.scenario().steps.len()) {
            self.tour_next();
        }
        self.shown = None;
    }

    /// Sets a message.
    pub fn with_notice(mut self, notice: String) -> AppState {
        self.notice = Some(notice);
        self
    }

    fn session(&mut self) -> &mut Session {
        Rc::make_mut(&mut self.session)
    }

    fn execute(&mut self, command: Command) {
        let actor = self.actor.clone();
        let ok = self.session().run(&actor, command.clone()).result.as_expect() == mua_core::scenario::Expect::Ok;
        self.shown = Some(self.session.history().len() - 1);
        // A create opens what it made: the vault, or the guard's deployment page (as the portal does).
        if ok {
            match command {
                Command::CreateVault { id, .. } => self.blade = Blade::Vault(id, VaultTab::Overview),
                Command::CreateResourceGuard { id, .. } => self.blade = Blade::GuardDeployed(id),
                _ => {}
            }
        }
    }

    /// Console text as the current persona: the toast shows a line that changed something, as it
    /// shows a click's result; a read, and a refused line (a typo as much as a refused operation),
    /// show only in the console, where the person is looking, with *Explain* beside a refusal.
    fn type_in(&mut self, shell: mua_core::scenario::Shell, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let actor = self.actor.clone();
        let recorded = self.session().type_in(&actor, shell, text);
        let worth_a_toast = match &recorded.result {
            mua_core::scenario::StepResult::Ok(outcome) => !outcome.events.is_empty(),
            _ => false,
        };
        self.shown = worth_a_toast.then(|| self.session.history().len() - 1);
    }

    fn advance(&mut self, by: TimeDelta) {
        if let Err(refusal) = self.session().advance(by) {
            self.notice = Some(refusal.message);
        }
    }

    fn advance_text(&mut self, text: &str) {
        match mua_core::duration::parse_forward(text) {
            Ok(by) => self.advance(by),
            Err(refusal) => self.notice = Some(refusal.message),
        }
    }

    fn switch_persona(&mut self, principal: String) {
        if self.world().principals().contains_key(&principal) {
            self.directory = home_of(self.world(), &principal);
            self.actor = principal;
            self.shown = None;
            self.keep_blade_in_directory();
        } else {
            self.notice = Some(format!("There is no principal `{principal}` in this scenario."));
        }
    }

    /// The portal's directory switch: the home directory at once, another one by signing in to it
    /// (the core decides whether the person may; a refusal is shown like any other).
    fn switch_directory(&mut self, tenant: String) {
        if tenant != home_of(self.world(), &self.actor) {
            self.execute(Command::Authenticate { tenant: tenant.clone() });
            if !matches!(self.session.last().map(|r| &r.result), Some(mua_core::scenario::StepResult::Ok(_))) {
                return;
            }
        }
        self.directory = tenant;
        self.keep_blade_in_directory();
    }

    /// After a change of person or directory, a blade of a resource the directory does not hold
    /// gives way to its list (as the portal does); any other blade stays.
    fn keep_blade_in_directory(&mut self) {
        let list = match &self.blade {
            Blade::Vault(v, _) if !self.in_directory(v) => {
                Blade::Vaults(self.world().vaults().get(v).map_or(VaultKind::RecoveryServices, |v| v.kind))
            }
            Blade::Guard(g, _) | Blade::GuardDeployed(g) if !self.in_directory(g) => Blade::Guards,
            _ => return,
        };
        self.blade = list;
    }

    /// While the person follows the tour and its next step is `action`, the name that step gives
    /// what it creates: create forms start with it.
    pub fn planned_name(&self, action: &str) -> String {
        let step = self.session.next_step().filter(|_| self.session.following_tour());
        match step.map(|s| &s.action) {
            Some(mua_core::scenario::StepAction::Run { command, .. }) if command.action_name() == action => {
                match command.field("id") {
                    Some(mua_core::command::FieldRef::Text(id)) => id.to_owned(),
                    _ => String::new(),
                }
            }
            _ => String::new(),
        }
    }

    /// Whether a scope (vault, guard, resource group, subscription) is listed: in the current
    /// directory, and in a subscription the filter shows.
    pub fn in_directory(&self, scope: &str) -> bool {
        let w = self.world();
        w.reach(&self.actor, scope, &self.directory) == mua_core::world::Reach::Here
            && w.scope_chain(scope).is_some_and(|chain| !self.hidden_subscriptions.contains(chain.subscription))
    }

    fn tour_next(&mut self) {
        let session = self.session();
        let Some(played) = session.play_next() else {
            self.notice = Some("The tour is complete: every step of the scenario has run.".to_owned());
            return;
        };
        let actor = played.ok().and_then(|recorded| recorded.action.actor().map(str::to_owned));
        if let Some(actor) = actor {
            if actor != self.actor {
                self.directory = home_of(self.world(), &actor);
            }
            self.actor = actor;
            self.shown = Some(self.session.history().len() - 1);
        }
    }

    /// *Back* in the tour: takes back everything done since the coach opened its step (the step,
    /// and the sign-ins made for it), else the last step.
    fn tour_back(&mut self) {
        let len = self.session.history().len();
        let keep = match self.tour_mark {
            Some((_, mark)) if mark < len => mark,
            _ => len.saturating_sub(1),
        };
        let taken = self.session().undo_to(keep);
        self.notice = match taken.len() {
            0 => Some("There is nothing to take back.".to_owned()),
            1 => Some("Took back the last step.".to_owned()),
            n => Some(format!("Took back the last {n} steps: the tour's step and what was done for it.")),
        };
    }

    /// Opens the tour's next step: as its person (in their home directory), on the blade where it
    /// is done; the coach shows it.
    fn tour_open(&mut self) {
        let (position, _) = self.session.tour();
        if self.tour_mark.map(|(at, _)| at) != Some(position) {
            self.tour_mark = Some((position, self.session.history().len()));
        }
        self.coach = Some(position);
        self.session().follow_tour(true);
        let Some(step) = self.session.next_step() else { return };
        let action = step.action.clone();
        if let Some(actor) = action.actor() {
            if actor != self.actor {
                self.switch_persona(actor.to_owned());
            }
        }
        if let Some(blade) = crate::route::blade_for(self.world(), &action) {
            self.blade = blade;
        }
        // A command line is typed in Cloud Shell: its pane opens on the step's shell.
        match &action {
            mua_core::scenario::StepAction::Console { shell, .. } if cfg!(feature = "console") => {
                self.shell = Some(*shell)
            }
            _ => {}
        }
        self.shown = None;
    }

    /// The scenario from its start with its first `n` planned steps run, the last one's result
    /// shown (the rest of the view stays: theme, embed, blade).
    fn goto_step(&mut self, n: usize) {
        let mut fresh = AppState::with_session(self.source.clone(), Session::new(self.session.scenario().clone()));
        fresh.run_plan(n);
        self.session = fresh.session;
        if n > 0 {
            self.actor = fresh.actor;
            self.directory = fresh.directory;
        }
        self.shown = self.session.history().len().checked_sub(1);
        self.coach = None;
        self.tour_mark = None;
    }

    fn restart(&mut self) {
        let restarted = AppState::with_session(self.source.clone(), Session::new(self.session.scenario().clone()));
        let blade = self.blade.clone();
        self.load(Ok(restarted), blade);
        self.notice = Some("The scenario restarted: every step was cleared.".to_owned());
    }

    /// Replaces the session with a newly loaded one, keeping the theme and the embed mode, and the
    /// replaced session (when anything had happened in it) so it can be brought back.
    fn load(&mut self, loaded: Result<AppState, String>, blade: Blade) {
        match loaded {
            Ok(next) => {
                let previous = self.replaced();
                let notice = next.notice.clone();
                *self = AppState {
                    theme: self.theme,
                    embed: self.embed,
                    readonly: self.readonly,
                    shell: self.shell,
                    blade,
                    revision: self.revision,
                    previous,
                    ..next
                };
                self.notice = notice;
            }
            Err(why) => self.notice = Some(why),
        }
    }

    /// This session, to keep when another replaces it; `None` when nothing happened in it.
    pub fn replaced(&self) -> Option<Rc<AppState>> {
        if self.session.history().is_empty() {
            return self.previous.clone();
        }
        Some(Rc::new(AppState { previous: None, notice: None, shown: None, ..self.clone() }))
    }

    fn undo(&mut self) {
        match self.session().undo() {
            Some(step) => {
                let what = match &step.action {
                    mua_core::scenario::StepAction::Run { command, .. } => command.label().to_owned(),
                    mua_core::scenario::StepAction::Advance(_) => "the clock move".to_owned(),
                    console @ mua_core::scenario::StepAction::Console { .. } => {
                        console.console_line().unwrap_or_default()
                    }
                };
                self.notice = Some(format!("Undone: {what}."));
            }
            None => self.notice = Some("There is nothing to undo.".to_owned()),
        }
    }

    fn bring_back(&mut self) {
        if let Some(previous) = self.previous.take() {
            let revision = self.revision;
            *self = AppState {
                theme: self.theme,
                embed: self.embed,
                readonly: self.readonly,
                shell: self.shell,
                revision,
                previous: None,
                ..(*previous).clone()
            };
            self.notice = Some("Your previous session is back.".to_owned());
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.notice = None;
        s.revision += 1;
        if s.readonly && changes_the_session(&s, &action) {
            s.notice = Some(READ_ONLY.to_owned());
            return Rc::new(s);
        }
        match action {
            Action::Execute(command) => s.execute(command),
            Action::Advance(by) => s.advance(by),
            Action::AdvanceText(text) => s.advance_text(&text),
            Action::SwitchPersona(principal) => s.switch_persona(principal),
            Action::SwitchDirectory(tenant) => s.switch_directory(tenant),
            Action::ToggleSubscription(sub) => {
                if !s.hidden_subscriptions.remove(&sub) {
                    s.hidden_subscriptions.insert(sub);
                }
                s.keep_blade_in_directory();
            }
            Action::Navigate(blade) => {
                // A result does not follow the person to another blade.
                if blade != s.blade {
                    s.shown = None;
                }
                s.blade = blade;
            }
            Action::SetTheme(theme) => s.theme = theme,
            Action::LoadGallery(name) => s.load(AppState::from_gallery(&name), Blade::Scenarios),
            Action::LoadJson(text) => s.load(AppState::import(&text), Blade::Scenarios),
            // The link's session with its own blade; the replaced one is kept to bring back, and a
            // link that cannot be read leaves the session as it is.
            Action::OpenLink(Linked(linked)) => {
                let linked = linked
                    .map(|state| (*state).clone())
                    .map_err(|why| format!("This share link could not be opened: {why}. Your session is unchanged."));
                let blade = linked.as_ref().map_or_else(|_| s.blade.clone(), |state| state.blade.clone());
                s.load(linked, blade);
            }
            Action::TourNext => s.tour_next(),
            Action::TourOpen => s.tour_open(),
            Action::TourBack => {
                s.shown = None;
                s.tour_back();
                s.tour_open();
            }
            Action::TourEnd => {
                s.coach = None;
                s.session().follow_tour(false);
            }
            Action::Restart => s.restart(),
            Action::Dismiss => s.shown = None,
            Action::DismissIf(step) => {
                if s.shown == step {
                    s.shown = None;
                }
            }
            Action::Notify(message) => s.notice = Some(message),
            Action::DismissNotice => {}
            Action::Undo => {
                s.shown = None;
                s.undo();
            }
            Action::BringBack => s.bring_back(),
            Action::ForgetPrevious => s.previous = None,
            Action::OpenShell(shell) => s.shell = shell,
            Action::TypeIn(shell, text) => s.type_in(shell, &text),
            Action::ShowStep(i) => s.shown = (i < s.session.history().len()).then_some(i),
            Action::GotoStep(n) => s.goto_step(n),
            Action::Host(action) => {
                let readonly = std::mem::replace(&mut s.readonly, false);
                let mut done = (*Rc::new(s).reduce(*action)).clone();
                done.readonly = readonly;
                return Rc::new(done);
            }
        }
        Rc::new(s)
    }
}

/// What separates a notice's sentence from its technical detail (shown behind a disclosure).
pub const DETAIL: char = '\u{1f}';

/// A notice: a sentence in plain words, then the technical detail.
pub fn notice(sentence: &str, detail: &str) -> String {
    format!("{sentence}{DETAIL}{detail}")
}

/// What a read-only embed says when the visitor tries to change something.
pub const READ_ONLY: &str =
    "This embed is read-only: nothing in it can be changed. Open it in MUA Playground to try it yourself.";

/// Whether an action would change the session (what a read-only embed refuses): running, typing,
/// moving the clock, signing in to another directory, loading, the tour's steps. Looking around
/// (blades, persona, theme, filters, explanations) changes nothing.
pub fn changes_the_session(s: &AppState, action: &Action) -> bool {
    match action {
        Action::Execute(_)
        | Action::Advance(_)
        | Action::AdvanceText(_)
        | Action::LoadGallery(_)
        | Action::LoadJson(_)
        | Action::OpenLink(_)
        | Action::TourNext
        | Action::TourOpen
        | Action::TourBack
        | Action::Restart
        | Action::Undo
        | Action::BringBack
        | Action::TypeIn(..)
        | Action::GotoStep(_) => true,
        Action::SwitchDirectory(tenant) => *tenant != home_of(s.world(), &s.actor),
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // Tests report failure by panicking.
mod tests {
    use super::*;
    use mua_core::scenario::{Shell, StepResult};

    fn state() -> Rc<AppState> {
        const SCENARIO: &str = r#"{"version":1,"title":"T","start":"2026-01-05T09:00:00Z",
            "world":{"tenants":[{"id":"contoso","name":"Contoso","domain":"contoso.com"}],
                     "principals":[{"id":"bob","kind":"user","tenant":"contoso","name":"Bob"}]},"steps":[]}"#;
        Rc::new(AppState::start(Source::Custom, SCENARIO).unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn cloud_shell_opens_runs_typed_text_as_a_step_and_shows_a_refused_line() {
        let s = state().reduce(Action::OpenShell(Some(Shell::Pwsh)));
        assert_eq!(s.shell, Some(Shell::Pwsh));
        // Blank text is no step.
        let s = s.reduce(Action::TypeIn(Shell::Az, "   ".into()));
        assert!(s.session.history().is_empty());
        // A line the tool refuses is a step of the session, shown in the console only (no toast
        // over the page)...
        let s = s.reduce(Action::TypeIn(Shell::Az, "az nothing-of-the-sort".into()));
        assert_eq!(s.session.history().len(), 1);
        assert_eq!(s.shown, None);
        // ...until its *Explain* shows that step; a step that is not there shows nothing.
        let s = s.reduce(Action::ShowStep(0));
        assert!(matches!(s.shown().map(|r| &r.result), Some(StepResult::Refused(_))));
        assert_eq!(s.shown, Some(0));
        assert_eq!(s.clone().reduce(Action::ShowStep(5)).shown, None);
        let s = s.reduce(Action::OpenShell(None));
        assert_eq!(s.shell, None);
    }
}
