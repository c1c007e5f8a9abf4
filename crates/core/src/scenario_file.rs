//! The scenario file edge (SPEC §8): reading a scenario file into a typed [`Scenario`], writing a
//! session back as one, and resuming a session from its recorded steps. JSON lives here.
//!
//! Reading is strict so that docs CI catches typos: unknown fields, unknown handles, unknown roles
//! and bad durations are `invalid-input` errors naming the step and the field. A handle is known
//! when the world declares it or an earlier step creates it (`id`); a step that expects a refusal
//! may name an unknown one (the core refuses it when it runs: an exported session's `not-found`).

use std::rc::Rc;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Map, Value};

use crate::command::{Command, DelegatedScope, FieldReader, FieldRef, Tags};
use crate::critical_operations::VaultKind;
use crate::duration;
use crate::error::{ErrorCode, Refusal};
use crate::json::json_line;
use crate::model::{AssignmentType, Handle, IdentityRef};
use crate::pim::SettingsChange;
use crate::rbac::{self, Role};
use crate::scenario::{invalid, AzPowerShell, Expect, Problem, Scenario, ScenarioError, Shell, Step, StepAction};
use crate::session::Session;
use crate::table::Set;
use crate::world::World;
use crate::world_file::{build_world, declared_handles, read_file, Problems};

/// The largest scenario file read (a share link, a paste or a file is refused above it): far
/// above the gallery's (a few KB) and the 1,000-vault performance world.
const MAX_FILE_BYTES: usize = 4 * 1_048_576;

impl Scenario {
    /// Parses and validates a scenario file: its first problem, where it has any ([`check`] lists
    /// them all).
    pub fn load(json: &str) -> Result<Scenario, ScenarioError> {
        let (scenario, problems) = read(json);
        match (scenario, problems.into_iter().next()) {
            (Some(scenario), None) => Ok(scenario),
            (_, first) => Err(first.unwrap_or_else(|| invalid("the file", "it could not be read"))),
        }
    }
}

/// Every problem of a scenario file that one reading finds, in the order of the text, each with
/// where it is: the place the reader names (`step 4 field \`vault\``) and its line and column.
/// `mua run`, the portal's import and the editor list these.
pub fn check(json: &str) -> Vec<Problem> {
    let mut problems: Vec<Problem> = read(json)
        .1
        .into_iter()
        .map(|e| match e {
            ScenarioError::Invalid { at, message } => {
                Problem { position: crate::locate::locate(json, &at), at, message }
            }
            other => Problem { at: "the file".to_owned(), position: None, message: other.to_string() },
        })
        .collect();
    problems.sort_by_key(|p| p.position);
    problems
}

/// Reads a scenario file, going on past each problem: the scenario where it has none, and every
/// problem found.
fn read(json: &str) -> (Option<Scenario>, Vec<ScenarioError>) {
    if json.len() > MAX_FILE_BYTES {
        let message = format!(
            // Integer arithmetic: float formatting would add to the wasm.
            "it is {}.{} MB; a scenario file may be at most {} MB",
            json.len() / 1_048_576,
            json.len() % 1_048_576 * 10 / 1_048_576,
            MAX_FILE_BYTES / 1_048_576
        );
        return (None, vec![invalid("the file", message)]);
    }
    // The document is kept as written: an exported session carries the author's world, and a
    // link to a custom scenario carries its plan. The typed file is read from it by hand (a
    // serde-derived reader would add a second, typed deserializer to the wasm: ~5 KB brotli).
    let document: Value = match serde_json::from_str(json) {
        Ok(document) => document,
        Err(e) => return (None, vec![invalid(format!("line {} column {}", e.line(), e.column()), e.to_string())]),
    };
    let problems = Problems::default();
    let note = |e: ScenarioError| problems.note(e);
    let file = match read_file(&document, &problems) {
        Ok(file) => file,
        Err(e) => return (None, vec![e]),
    };
    if file.version != 1 {
        note(invalid("version", format!("unsupported version {}; this simulator reads version 1", file.version)));
    }
    let start = file.start.as_deref().and_then(|text| match DateTime::parse_from_rfc3339(text) {
        Ok(start) => Some(start.with_timezone(&Utc)),
        Err(e) => {
            note(invalid("start", format!("`{text}` is not an RFC 3339 time: {e}")));
            None
        }
    });
    let az_powershell = match file.az_powershell.as_deref() {
        None => AzPowerShell::default(),
        Some(v) => AzPowerShell::parse(v).filter(|_| !v.contains('.')).unwrap_or_else(|| {
            note(invalid(
                "az_powershell",
                format!("`{v}` is not an Az PowerShell this simulator has: \"13\" or \"14\""),
            ));
            AzPowerShell::default()
        }),
    };
    let world = build_world(&file.world, start.unwrap_or_default(), &problems);
    // Steps are checked against the world even where part of it had a problem: handles its
    // entries declare count as known, so one mistake is not reported again at every step.
    let plan = read_steps(&file.steps, &world, &declared_handles(&document), &problems);
    let problems = problems.into_list();
    let scenario = (problems.is_empty() && start.is_some()).then(|| Scenario {
        title: file.title,
        description: file.description,
        world,
        steps: plan.steps,
        numbers: plan.numbers,
        assertions: plan.assertions,
        az_powershell,
        document,
    });
    (scenario, problems)
}

/// Parses steps against a world, each knowing the handles the world declares and earlier steps
/// create: the first problem.
fn parse_steps(raw: &[Value], world: &World) -> Result<Vec<Step>, ScenarioError> {
    let problems = Problems::default();
    let plan = read_steps(raw, world, &Set::new(), &problems);
    match problems.into_list().into_iter().next() {
        Some(first) => Err(first),
        None => Ok(plan.steps),
    }
}

/// A file's steps as read: the plan, each step's number in the file, and the assertions.
struct Plan {
    steps: Vec<Step>,
    numbers: Vec<usize>,
    assertions: Vec<crate::scenario::PlannedAssertion>,
}

/// Reads each step, noting each step's problem and going on: a step with a problem still makes
/// the handle it names as `id` known to the steps after it.
fn read_steps(raw: &[Value], world: &World, declared: &Set<String>, problems: &Problems) -> Plan {
    let mut known = known_handles(world);
    known.extend(declared.iter().cloned());
    let mut steps = Vec::with_capacity(raw.len());
    let (mut numbers, mut assertions) = (Vec::with_capacity(raw.len()), Vec::new());
    for (i, raw) in raw.iter().enumerate() {
        // A state assertion: checked where it stands, not a step of the plan.
        if let Some(assert) = raw.get("assert") {
            let at = format!("step {}", i + 1);
            let read = match raw.as_object().and_then(|m| m.keys().find(|k| *k != "assert")) {
                Some(other) => Err(invalid(format!("{at} field `{other}`"), "an assertion step has only `assert`")),
                None => crate::assertion::read(&at, assert).map_err(|e| invalid(e.at, e.message)),
            };
            match read {
                Ok(assertion) => assertions.push(crate::scenario::PlannedAssertion {
                    after: steps.len(),
                    number: i + 1,
                    assertion,
                    json: raw.clone(),
                }),
                Err(e) => problems.note(e),
            }
            continue;
        }
        // A person the world meant to declare but could not (a problem noted there) reads as known,
        // so the step's own problems are still found.
        let someone = |actor: &str| world.principals().contains_key(actor) || problems.is_broken(actor);
        let step = match parse_step(i + 1, raw, &someone, &known) {
            Ok(step) => step,
            Err(e) => {
                problems.note(e);
                if let Some(id) = raw.get("id").and_then(Value::as_str) {
                    known.insert(id.to_owned());
                }
                continue;
            }
        };
        match &step.action {
            StepAction::Run { command, .. } => {
                if let Some(id) = command.created_handle() {
                    known.insert(id.to_owned());
                }
            }
            StepAction::Console { shell, text, .. } => {
                let Some(engine) = crate::engine::engine() else {
                    let at = format!("step {} field `{}`", i + 1, shell.as_str());
                    problems.note(invalid(at, crate::scenario::CONSOLE_NOT_LOADED));
                    continue;
                };
                for id in (engine.creates)(*shell, text) {
                    known.insert(id);
                }
            }
            StepAction::Advance(_) => {}
        }
        steps.push(step);
        numbers.push(i + 1);
    }
    // An assertion may name what a later step creates (`"exists": false` before it is made).
    for a in &assertions {
        if let Some(unknown) = crate::assertion::handles(&a.assertion).into_iter().find(|h| !known.contains(*h)) {
            let at = format!("step {} field `assert`", a.number);
            problems.note(invalid(at, format!("unknown handle `{unknown}`")));
        }
    }
    Plan { steps, numbers, assertions }
}

/// A session resumed from the steps it recorded (a share link, a saved session): they are parsed
/// against the scenario's world and replayed, each checked against the outcome it recorded.
/// A step of the history may be a number `i`: the scenario's own step `i` (see [`history_compact`]).
pub fn resume(scenario: Rc<Scenario>, history: &[Value]) -> Result<Session, ScenarioError> {
    let expanded = expand(&scenario, history)?;
    let steps = parse_steps(&expanded, &scenario.world)?;
    Session::replay(scenario, &steps)
}

/// A history with the scenario's own steps written as their index, written out in full.
fn expand(scenario: &Scenario, history: &[Value]) -> Result<Vec<Value>, ScenarioError> {
    history
        .iter()
        .enumerate()
        .map(|(n, v)| match v.as_u64() {
            Some(i) => scenario.steps.get(i as usize).map(step_json).ok_or_else(|| {
                invalid(
                    format!("history[{n}]"),
                    format!("the scenario has no step {i} (it has {})", scenario.steps.len()),
                )
            }),
            None => Ok(v.clone()),
        })
        .collect()
}

/// [`resume`], noting instead of refusing what ends otherwise than recorded: each step expects the
/// outcome `ends` recorded for it (a share link's `ends`, one per history entry: `ok` or a code),
/// else its own `expect`, and every step that now ends otherwise is listed.
pub fn resume_noting(
    scenario: Rc<Scenario>,
    history: &[Value],
    ends: &[Value],
) -> Result<(Session, Vec<crate::session::Drift>), ScenarioError> {
    let mut expanded = expand(&scenario, history)?;
    for (step, end) in expanded.iter_mut().zip(ends) {
        if let (Value::Object(map), Some(end)) = (step, end.as_str()) {
            map.insert("expect".to_owned(), Value::from(end));
        }
    }
    let steps = parse_steps(&expanded, &scenario.world)?;
    Ok(Session::replay_noting(scenario, &steps))
}

/// How each step of a session ended (`ok` or the refusal's code), for share links to carry.
pub fn history_ends(session: &Session) -> Vec<Value> {
    session.history().iter().map(|r| Value::from(r.result.as_expect().to_string())).collect()
}

/// A short fingerprint of a scenario file's text (64-bit FNV-1a, in hex): links to a gallery
/// scenario carry it, so a link opened after the file changed can say so.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// What happened, written short for share links: a step that is exactly one of the scenario's own
/// steps (the same person, action, fields and outcome) is written as that step's index.
pub fn history_compact(session: &Session) -> Vec<Value> {
    let plan: Vec<Value> = session.scenario().steps.iter().map(step_json).collect();
    session
        .history()
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let json = step_json(&r.step());
            // The step at the same place first (a tour played through reads 0, 1, 2, ...).
            let same_place = (plan.get(k) == Some(&json)).then_some(k);
            same_place.or_else(|| plan.iter().position(|p| *p == json)).map_or(json, Value::from)
        })
        .collect()
}

/// What happened, with the scenario's state assertions where the session followed its plan so far
/// (an assertion after the plan's step k is written after the session's step k when the session's
/// first k steps are the plan's).
fn steps_with_assertions(session: &Session) -> Vec<Value> {
    let scenario = session.scenario();
    let compact = history_compact(session);
    let history = history_json(session);
    let mut out = Vec::with_capacity(history.len() + scenario.assertions.len());
    for k in 0..=history.len() {
        let followed = compact[..k].iter().enumerate().all(|(j, v)| v.as_u64() == Some(j as u64));
        if followed {
            out.extend(scenario.assertions.iter().filter(|a| a.after == k).map(|a| a.json.clone()));
        }
        out.extend(history.get(k).cloned());
    }
    out
}

/// What happened in a session, as scenario steps (each expecting what it gave).
pub fn history_json(session: &Session) -> Vec<Value> {
    session.history().iter().map(|r| step_json(&r.step())).collect()
}

/// The session as a scenario file: the original world and everything that happened. `mua run`
/// accepts it, and it replays to the same world.
pub fn export(session: &Session) -> Value {
    let mut doc = session.scenario().document.clone();
    if let Value::Object(map) = &mut doc {
        map.insert("steps".to_owned(), Value::Array(steps_with_assertions(session)));
        let title = map.get("title").and_then(Value::as_str).unwrap_or("Session").to_owned();
        if !title.ends_with("(session)") {
            map.insert("title".to_owned(), Value::String(format!("{title} (session)")));
        }
    }
    doc
}

/// The scenario file a session started from, as it was read.
pub fn document(scenario: &Scenario) -> &Value {
    &scenario.document
}

/// The handles a step may name, and the users' sign-in names (lowercase, the external form of each
/// guest included): a step names a user by either (SPEC §8).
fn known_handles(w: &World) -> Set<String> {
    let mut known: Set<String> = w
        .tenants()
        .keys()
        .chain(w.principals().keys())
        .chain(w.subscriptions().keys())
        .chain(w.resource_groups().keys())
        .cloned()
        .collect();
    for p in w.principals().values().filter(|p| !p.sign_in_name.is_empty()) {
        for t in w.tenants().keys() {
            let name = w.sign_in_name_in(&p.id, t);
            if !name.is_empty() {
                known.insert(name.to_lowercase());
            }
        }
    }
    known
}

/// Reads the fields of one step, remembering which were used so leftovers can be reported.
struct Fields<'a> {
    step: usize,
    map: &'a Map<String, Value>,
    used: Set<&'static str>,
    known: &'a Set<String>,
    /// Whether unknown handles are let through: a step that expects a refusal may name what does
    /// not exist (an exported session's `not-found` step); the core refuses it when it runs.
    lenient: bool,
}

impl Fields<'_> {
    fn knows(&self, handle: &str) -> bool {
        self.lenient
            || self.known.contains(handle)
            || (handle.contains('@') && self.known.contains(&handle.to_lowercase()))
    }

    fn at(&self, field: &str) -> String {
        format!("step {} field `{field}`", self.step)
    }

    fn opt_str(&mut self, field: &'static str) -> Result<Option<String>, ScenarioError> {
        self.used.insert(field);
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(self.at(field), format!("expected a string, found {}", json_line(other)))),
        }
    }

    fn str(&mut self, field: &'static str) -> Result<String, ScenarioError> {
        self.opt_str(field)?.ok_or_else(|| invalid(self.at(field), "missing"))
    }

    fn bool_or(&mut self, field: &'static str, default: bool) -> Result<bool, ScenarioError> {
        self.used.insert(field);
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(invalid(self.at(field), format!("expected true or false, found {}", json_line(other)))),
        }
    }

    fn str_list(&mut self, field: &'static str) -> Result<Vec<String>, ScenarioError> {
        self.used.insert(field);
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| invalid(self.at(field), format!("expected strings, found {}", json_line(v))))
                })
                .collect(),
            Some(other) => {
                Err(invalid(self.at(field), format!("expected a list of strings, found {}", json_line(other))))
            }
        }
    }

    fn opt_bool(&mut self, field: &'static str) -> Result<Option<bool>, ScenarioError> {
        match self.map.get(field) {
            None | Some(Value::Null) => {
                self.used.insert(field);
                Ok(None)
            }
            Some(_) => self.bool_or(field, false).map(Some),
        }
    }

    fn handles(&mut self, field: &'static str) -> Result<Option<Vec<String>>, ScenarioError> {
        if !self.map.contains_key(field) {
            self.used.insert(field);
            return Ok(None);
        }
        let list = self.str_list(field)?;
        if let Some(unknown) = list.iter().find(|h| !self.knows(h)) {
            return Err(invalid(self.at(field), format!("unknown handle `{unknown}`")));
        }
        Ok(Some(list))
    }

    fn finish(self) -> Result<(), ScenarioError> {
        for key in self.map.keys() {
            if !self.used.contains(key.as_str()) {
                return Err(invalid(format!("step {} field `{key}`", self.step), "unknown field for this action"));
            }
        }
        Ok(())
    }
}

impl FieldReader for Fields<'_> {
    type Error = ScenarioError;

    fn handle(&mut self, key: &'static str) -> Result<Handle, ScenarioError> {
        let h = self.str(key)?;
        // An ARM id is resolved when the command runs (what it names may be created by a step).
        if !h.starts_with('/') && !self.knows(&h) {
            return Err(invalid(self.at(key), format!("unknown handle `{h}`")));
        }
        Ok(h)
    }

    fn new_handle(&mut self, key: &'static str) -> Result<Handle, ScenarioError> {
        let h = self.str(key)?;
        if h.is_empty() {
            return Err(invalid(self.at(key), "a handle cannot be empty"));
        }
        Ok(h)
    }

    fn guard_ref(&mut self, key: &'static str) -> Result<String, ScenarioError> {
        // A handle, or an ARM id (URI) resolved when the command runs.
        let guard = self.str(key)?;
        if !guard.starts_with('/') && !self.knows(&guard) {
            return Err(invalid(self.at(key), format!("unknown handle `{guard}`")));
        }
        Ok(guard)
    }

    fn text(&mut self, key: &'static str) -> Result<String, ScenarioError> {
        Ok(self.opt_str(key)?.unwrap_or_default())
    }

    fn opt_text(&mut self, key: &'static str) -> Result<Option<String>, ScenarioError> {
        self.opt_str(key)
    }

    fn datasource(&mut self, key: &'static str) -> Result<String, ScenarioError> {
        Ok(self.opt_str(key)?.unwrap_or_else(|| "vm-workload".to_owned()))
    }

    fn text_list(&mut self, key: &'static str) -> Result<Vec<String>, ScenarioError> {
        self.str_list(key)
    }

    fn role(&mut self, key: &'static str) -> Result<Role, ScenarioError> {
        let name = self.str(key)?;
        rbac::role(&name).ok_or_else(|| invalid(self.at(key), rbac::unknown_role(&name)))
    }

    fn flag(&mut self, key: &'static str) -> Result<bool, ScenarioError> {
        self.bool_or(key, false)
    }

    fn flag_or_true(&mut self, key: &'static str) -> Result<bool, ScenarioError> {
        self.bool_or(key, true)
    }

    fn vault_kind(&mut self, key: &'static str) -> Result<VaultKind, ScenarioError> {
        self.opt_vault_kind(key)?.ok_or_else(|| invalid(self.at(key), "missing (recovery_services or backup)"))
    }

    fn opt_vault_kind(&mut self, key: &'static str) -> Result<Option<VaultKind>, ScenarioError> {
        let Some(text) = self.opt_str(key)? else { return Ok(None) };
        VaultKind::parse(&text).map(Some).ok_or_else(|| {
            invalid(
                self.at(key),
                format!(
                    "unknown vault kind `{text}`; expected recovery_services, backup, \
                     Microsoft.RecoveryServices/vaults or Microsoft.DataProtection/backupVaults"
                ),
            )
        })
    }

    fn assignment_type(&mut self, key: &'static str) -> Result<AssignmentType, ScenarioError> {
        self.opt_assignment_type(key)?.ok_or_else(|| invalid(self.at(key), "missing (eligible or active)"))
    }

    fn assignment_type_or_eligible(&mut self, key: &'static str) -> Result<AssignmentType, ScenarioError> {
        Ok(self.opt_assignment_type(key)?.unwrap_or(AssignmentType::Eligible))
    }

    fn opt_time(&mut self, key: &'static str) -> Result<Option<DateTime<Utc>>, ScenarioError> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(t) => DateTime::parse_from_rfc3339(&t)
                .map(|d| Some(d.with_timezone(&Utc)))
                .map_err(|e| invalid(self.at(key), format!("`{t}` is not an RFC 3339 time: {e}"))),
        }
    }

    fn duration(&mut self, key: &'static str) -> Result<TimeDelta, ScenarioError> {
        self.opt_duration(key)?.ok_or_else(|| invalid(self.at(key), "missing"))
    }

    fn opt_duration(&mut self, key: &'static str) -> Result<Option<TimeDelta>, ScenarioError> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(d) => duration::parse(&d).map(Some).map_err(|r| invalid(self.at(key), r.message)),
        }
    }

    fn identity_ref(&mut self, key: &'static str) -> Result<IdentityRef, ScenarioError> {
        match self.str(key)?.as_str() {
            "system" => Ok(IdentityRef::System),
            h if self.knows(h) => Ok(IdentityRef::User(h.to_owned())),
            h => Err(invalid(self.at(key), format!("unknown handle `{h}` (use `system` or a user-assigned identity)"))),
        }
    }

    fn opt_identity_ref(&mut self, key: &'static str) -> Result<Option<IdentityRef>, ScenarioError> {
        // Checked when the vault is created (a missing identity is `not-found` there, I2).
        Ok(self.opt_str(key)?.map(|h| if h == "system" { IdentityRef::System } else { IdentityRef::User(h) }))
    }

    fn delegated_scope(&mut self, _key: &'static str) -> Result<DelegatedScope, ScenarioError> {
        let groups = self.handles("resource_groups")?;
        let scope = match (self.opt_str("subscription")?, self.opt_str("resource_group")?, groups) {
            (Some(s), None, None) => DelegatedScope::Subscription(s),
            (None, Some(s), None) => DelegatedScope::ResourceGroup(s),
            (None, None, Some(list)) if !list.is_empty() => DelegatedScope::ResourceGroups(list),
            _ => {
                return Err(invalid(
                    format!("step {}", self.step),
                    "give exactly one of `subscription`, `resource_group` or `resource_groups` (one or more)",
                ))
            }
        };
        if let Some(unknown) = scope.handles().iter().find(|h| !self.knows(h)) {
            return Err(invalid(format!("step {}", self.step), format!("unknown handle `{unknown}`")));
        }
        Ok(scope)
    }

    fn settings_change(&mut self, _key: &'static str) -> Result<SettingsChange, ScenarioError> {
        Ok(SettingsChange {
            maximum_activation: self.opt_duration("maximum_activation")?,
            require_mfa: self.opt_bool("require_mfa")?,
            require_justification: self.opt_bool("require_justification")?,
            require_ticket: self.opt_bool("require_ticket")?,
            require_approval: self.opt_bool("require_approval")?,
            approvers: self.handles("approvers")?,
            allow_permanent_eligible: self.opt_bool("allow_permanent_eligible")?,
            expire_eligible_after: self.opt_duration("expire_eligible_after")?,
            allow_permanent_active: self.opt_bool("allow_permanent_active")?,
            expire_active_after: self.opt_duration("expire_active_after")?,
            require_mfa_on_active: self.opt_bool("require_mfa_on_active")?,
            require_justification_on_active: self.opt_bool("require_justification_on_active")?,
            notify_admin_on_eligible: self.opt_bool("notify_admin_on_eligible")?,
            notify_assignee_on_eligible: self.opt_bool("notify_assignee_on_eligible")?,
            notify_admin_on_active: self.opt_bool("notify_admin_on_active")?,
            notify_assignee_on_active: self.opt_bool("notify_assignee_on_active")?,
            notify_admin_on_activation: self.opt_bool("notify_admin_on_activation")?,
            notify_requestor_on_activation: self.opt_bool("notify_requestor_on_activation")?,
            notify_approvers_on_activation: self.opt_bool("notify_approvers_on_activation")?,
            additional_recipients: self.handles("additional_recipients")?,
        })
    }

    fn tags(&mut self, key: &'static str) -> Result<Tags, ScenarioError> {
        Ok(self.opt_tags(key)?.unwrap_or_default())
    }

    fn opt_tags(&mut self, key: &'static str) -> Result<Option<Tags>, ScenarioError> {
        self.used.insert(key);
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(name, value)| match value.as_str() {
                    Some(v) => Ok((name.clone(), v.to_owned())),
                    None => Err(invalid(
                        self.at(key),
                        format!("tag `{name}`: expected a string value, found {}", json_line(value)),
                    )),
                })
                .collect::<Result<Tags, _>>()
                .map(Some),
            Some(other) => Err(invalid(
                self.at(key),
                format!("expected an object of tag names and values, found {}", json_line(other)),
            )),
        }
    }

    fn document(&mut self, key: &'static str) -> Result<Value, ScenarioError> {
        self.used.insert(key);
        match self.map.get(key) {
            Some(v @ Value::Object(_)) => Ok(v.clone()),
            Some(other) => Err(invalid(self.at(key), format!("expected a JSON object, found {}", json_line(other)))),
            None => Err(invalid(self.at(key), "missing")),
        }
    }
}

impl Fields<'_> {
    fn opt_assignment_type(&mut self, key: &'static str) -> Result<Option<AssignmentType>, ScenarioError> {
        match self.opt_str(key)?.as_deref() {
            None => Ok(None),
            Some("eligible") => Ok(Some(AssignmentType::Eligible)),
            Some("active") => Ok(Some(AssignmentType::Active)),
            Some(other) => Err(invalid(self.at(key), format!("`{other}` must be eligible or active"))),
        }
    }
}

/// One scenario step read on its own (a console script's `# mua:` step): its handles are not
/// checked against the file (there is none); the core refuses an unknown one when it runs, as
/// `not-found`.
pub fn read_step(n: usize, raw: &Value, world: &World) -> Result<Step, ScenarioError> {
    let mut known = known_handles(world);
    if let Value::Object(map) = raw {
        for value in map.values() {
            if let Value::String(handle) = value {
                known.insert(handle.clone());
            }
        }
    }
    parse_step(n, raw, &|actor| world.principals().contains_key(actor), &known)
}

fn parse_step(
    n: usize,
    raw: &Value,
    someone: &dyn Fn(&str) -> bool,
    known: &Set<String>,
) -> Result<Step, ScenarioError> {
    let Value::Object(map) = raw else {
        return Err(invalid(format!("step {n}"), "a step is a JSON object"));
    };
    let mut f = Fields { step: n, map, used: Set::new(), known, lenient: false };
    let expect = match f.opt_str("expect")? {
        None => Expect::Ok,
        Some(e) if e == "ok" => Expect::Ok,
        Some(e) => Expect::Refused(
            ErrorCode::parse(&e).ok_or_else(|| invalid(f.at("expect"), format!("unknown error code `{e}`")))?,
        ),
    };
    f.lenient = expect != Expect::Ok;
    if let Some(d) = f.opt_str("advance")? {
        let span = duration::parse(&d).map_err(|r: Refusal| invalid(f.at("advance"), r.message))?;
        f.finish()?;
        return Ok(Step { action: StepAction::Advance(span), expect });
    }
    let actor = f.str("as")?;
    if !someone(&actor) {
        return Err(invalid(f.at("as"), format!("unknown principal `{actor}`")));
    }
    for shell in [Shell::Az, Shell::Pwsh] {
        if let Some(text) = f.opt_str(shell.as_str())? {
            f.finish()?;
            return Ok(Step { action: StepAction::Console { actor, shell, text }, expect });
        }
    }
    let action = f.str("do")?;
    let command = Command::read(&action, &mut f)
        .unwrap_or_else(|| Err(invalid(f.at("do"), format!("unknown action `{action}`"))))?;
    f.finish()?;
    Ok(Step { action: StepAction::Run { actor, command }, expect })
}

// ----- Writing steps (the inverse of reading them) -----

/// A step as scenario JSON. The portal records what a person does this way, so an exported session
/// is itself a scenario.
pub fn step_json(step: &Step) -> Value {
    let mut map = Map::new();
    match &step.action {
        StepAction::Run { actor, command } => {
            map.insert("as".to_owned(), Value::String(actor.clone()));
            map.insert("do".to_owned(), Value::String(command.action_name().to_owned()));
            for key in command.keys() {
                if let Some(field) = command.field(key) {
                    write_field(&mut map, key, field);
                }
            }
        }
        StepAction::Advance(by) => {
            map.insert("advance".to_owned(), Value::String(duration::format(*by)));
        }
        StepAction::Console { actor, shell, text } => {
            map.insert("as".to_owned(), Value::String(actor.clone()));
            map.insert(shell.as_str().to_owned(), Value::String(text.clone()));
        }
    }
    if step.expect != Expect::Ok {
        map.insert("expect".to_owned(), Value::String(step.expect.to_string()));
    }
    Value::Object(map)
}

fn write_field(map: &mut Map<String, Value>, key: &str, field: FieldRef<'_>) {
    let dur = |d: TimeDelta| Value::String(duration::format(d));
    let value = match field {
        FieldRef::Text(s) => Value::String(s.to_owned()),
        FieldRef::OptText(s) => s.map_or(Value::Null, |s| Value::String(s.to_owned())),
        FieldRef::List(items) => json!(items),
        FieldRef::Flag(b) => Value::Bool(b),
        FieldRef::Role(role) => Value::String(role.name.to_owned()),
        FieldRef::VaultKind(kind) => Value::String(kind.scenario_name().to_owned()),
        FieldRef::ResourceType(kind) => kind.map_or(Value::Null, |k| Value::String(k.resource_type().to_owned())),
        FieldRef::AssignmentType(kind) => Value::String(kind.as_str().to_owned()),
        FieldRef::Time(t) => t.map_or(Value::Null, |t| Value::String(t.to_rfc3339())),
        FieldRef::Duration(d) => d.map_or(Value::Null, dur),
        FieldRef::Identity(identity) => match identity {
            None => Value::Null,
            Some(IdentityRef::System) => Value::String("system".to_owned()),
            Some(IdentityRef::User(h)) => Value::String(h.clone()),
        },
        FieldRef::Scope(DelegatedScope::Subscription(h)) => {
            map.insert("subscription".to_owned(), Value::String(h.clone()));
            return;
        }
        FieldRef::Scope(DelegatedScope::ResourceGroup(h)) => {
            map.insert("resource_group".to_owned(), Value::String(h.clone()));
            return;
        }
        FieldRef::Scope(DelegatedScope::ResourceGroups(list)) => {
            map.insert("resource_groups".to_owned(), json!(list));
            return;
        }
        FieldRef::Settings(c) => {
            let fields = json!({
                "maximum_activation": c.maximum_activation.map(dur), "require_mfa": c.require_mfa,
                "require_justification": c.require_justification, "require_ticket": c.require_ticket,
                "require_approval": c.require_approval, "approvers": c.approvers,
                "allow_permanent_eligible": c.allow_permanent_eligible,
                "expire_eligible_after": c.expire_eligible_after.map(dur),
                "allow_permanent_active": c.allow_permanent_active, "expire_active_after": c.expire_active_after.map(dur),
                "require_mfa_on_active": c.require_mfa_on_active,
                "require_justification_on_active": c.require_justification_on_active,
                "notify_admin_on_eligible": c.notify_admin_on_eligible,
                "notify_assignee_on_eligible": c.notify_assignee_on_eligible,
                "notify_admin_on_active": c.notify_admin_on_active,
                "notify_assignee_on_active": c.notify_assignee_on_active,
                "notify_admin_on_activation": c.notify_admin_on_activation,
                "notify_requestor_on_activation": c.notify_requestor_on_activation,
                "notify_approvers_on_activation": c.notify_approvers_on_activation,
                "additional_recipients": c.additional_recipients });
            if let Value::Object(fields) = fields {
                map.extend(fields.into_iter().filter(|(_, v)| !v.is_null()));
            }
            return;
        }
        FieldRef::Document(doc) => doc.clone(),
        FieldRef::Tags(tags) => tags.map_or(Value::Null, |t| {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
        }),
    };
    if !value.is_null() {
        map.insert(key.to_owned(), value);
    }
}
