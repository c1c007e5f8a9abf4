//! Scenario files (SPEC §8): parse, validate and run.
//!
//! Parsing is strict so that docs CI catches typos: unknown fields, unknown handles, unknown roles
//! and bad durations are `invalid-input` errors naming the step and the field. A handle is known
//! when the world declares it or an earlier step creates it (`id`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::command::Command;
use crate::duration;
use crate::error::{ErrorCode, Refusal};
use crate::model::{
    AssignmentType, IdentityRef, Principal, PrincipalKind, ResourceGroup, RoleAssignment, Subscription, Tenant, World,
    BACKUP_PROVIDERS,
};
use crate::mua::VaultKind;
use crate::pim::SettingsChange;
use crate::rbac;
use crate::sim::{Outcome, Simulator};

/// Why a scenario could not be loaded or did not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The file is not valid JSON or not of the scenario shape.
    #[error("invalid-input: {at}: {message}")]
    Invalid {
        /// Where: `step 4 field \`vault\``, `world.subscriptions[1]`.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A step's outcome differs from its `expect`.
    #[error("{0}")]
    Mismatch(Box<Mismatch>),
}

/// The details of a step whose outcome differs from its `expect`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("step {step} (`{action}`{actor}): expected `{expected}`, got `{got}`: {message}")]
pub struct Mismatch {
    /// 1-based step number.
    pub step: usize,
    /// The step's `do` (or `advance`).
    pub action: String,
    /// ` as \`bob\`` or empty.
    pub actor: String,
    /// What the step expected.
    pub expected: String,
    /// What happened.
    pub got: String,
    /// The refusal's sentence, or what succeeded.
    pub message: String,
}

impl ScenarioError {
    /// The error code: `invalid-input` for a malformed file, none for a mismatch.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ScenarioError::Invalid { .. } => Some(ErrorCode::InvalidInput),
            ScenarioError::Mismatch(_) => None,
        }
    }
}

fn invalid(at: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid { at: at.into(), message: message.into() }
}

/// What a step expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Success.
    Ok,
    /// A refusal with this code.
    Refused(ErrorCode),
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Ok => f.write_str("ok"),
            Expect::Refused(c) => f.write_str(c.as_str()),
        }
    }
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepAction {
    /// Run a command as a principal.
    Run {
        /// The principal.
        actor: String,
        /// The command.
        command: Command,
    },
    /// Move the clock.
    Advance(TimeDelta),
}

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What it does.
    pub action: StepAction,
    /// What it expects.
    pub expect: Expect,
}

impl Step {
    /// A one-line description: "bob: disable_soft_delete" or "advance PT2H".
    pub fn describe(&self) -> String {
        match &self.action {
            StepAction::Run { actor, command } => format!("{actor}: {}", command.action_name()),
            StepAction::Advance(d) => format!("advance {}", duration::format(*d)),
        }
    }
}

/// A loaded, validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Title.
    pub title: String,
    /// Optional longer description.
    pub description: String,
    /// The initial world.
    pub world: World,
    /// The steps.
    pub steps: Vec<Step>,
}

/// The result of a step that ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepResult {
    /// The command succeeded.
    Ok(Outcome),
    /// The clock moved.
    Advanced,
    /// The command was refused.
    Refused(Refusal),
}

impl StepResult {
    /// The result in `expect` terms.
    pub fn as_expect(&self) -> Expect {
        match self {
            StepResult::Ok(_) | StepResult::Advanced => Expect::Ok,
            StepResult::Refused(r) => Expect::Refused(r.code),
        }
    }
}

impl Scenario {
    /// Parses and validates a scenario file.
    pub fn load(json: &str) -> Result<Scenario, ScenarioError> {
        let file: ScenarioFile = serde_json::from_str(json)
            .map_err(|e| invalid(format!("line {} column {}", e.line(), e.column()), e.to_string()))?;
        if file.version != 1 {
            return Err(invalid(
                "version",
                format!("unsupported version {}; this simulator reads version 1", file.version),
            ));
        }
        let start = DateTime::parse_from_rfc3339(&file.start)
            .map_err(|e| invalid("start", format!("`{}` is not an RFC 3339 time: {e}", file.start)))?
            .with_timezone(&Utc);
        let world = build_world(&file.world, start)?;
        let mut known = known_handles(&world);
        let mut steps = Vec::with_capacity(file.steps.len());
        for (i, raw) in file.steps.iter().enumerate() {
            let step = parse_step(i + 1, raw, &world, &known)?;
            if let StepAction::Run { command, .. } = &step.action {
                if let Some(id) = created_handle(command) {
                    known.insert(id.to_owned());
                }
            }
            steps.push(step);
        }
        Ok(Scenario { title: file.title, description: file.description, world, steps })
    }

    /// A fresh simulator at the scenario's start.
    pub fn simulator(&self) -> Simulator {
        Simulator::new(self.world.clone())
    }

    /// Runs every step, stopping at the first outcome that differs from its `expect`.
    pub fn run(&self) -> Result<Vec<StepResult>, ScenarioError> {
        let mut sim = self.simulator();
        let mut results = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let result = run_step(&mut sim, step);
            check_expect(i + 1, step, &result)?;
            results.push(result);
        }
        Ok(results)
    }
}

/// Runs one step on a simulator.
pub fn run_step(sim: &mut Simulator, step: &Step) -> StepResult {
    match &step.action {
        StepAction::Run { actor, command } => match sim.execute(actor, command) {
            Ok(o) => StepResult::Ok(o),
            Err(r) => StepResult::Refused(r),
        },
        StepAction::Advance(d) => match sim.advance(*d) {
            Ok(()) => StepResult::Advanced,
            Err(r) => StepResult::Refused(r),
        },
    }
}

/// Compares a step's result with its `expect`.
pub fn check_expect(number: usize, step: &Step, result: &StepResult) -> Result<(), ScenarioError> {
    let got = result.as_expect();
    if got == step.expect {
        return Ok(());
    }
    let (action, actor) = match &step.action {
        StepAction::Run { actor, command } => (command.action_name().to_owned(), format!(" as `{actor}`")),
        StepAction::Advance(_) => ("advance".to_owned(), String::new()),
    };
    let message = match result {
        StepResult::Refused(r) => r.message.clone(),
        StepResult::Ok(_) | StepResult::Advanced => "the operation succeeded".to_owned(),
    };
    Err(ScenarioError::Mismatch(Box::new(Mismatch {
        step: number,
        action,
        actor,
        expected: step.expect.to_string(),
        got: got.to_string(),
        message,
    })))
}

// ----- The file shape (serialization stays at this edge) -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    version: u32,
    title: String,
    #[serde(default)]
    description: String,
    start: String,
    world: WorldFile,
    #[serde(default)]
    steps: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldFile {
    tenants: Vec<TenantFile>,
    #[serde(default)]
    subscriptions: Vec<SubscriptionFile>,
    #[serde(default)]
    resource_groups: Vec<ResourceGroupFile>,
    #[serde(default)]
    principals: Vec<PrincipalFile>,
    #[serde(default)]
    guests: Vec<GuestFile>,
    #[serde(default)]
    role_assignments: Vec<AssignmentFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantFile {
    id: String,
    name: String,
    domain: String,
    tenant_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionFile {
    id: String,
    tenant: String,
    name: String,
    subscription_id: Option<String>,
    /// Absent: both backup providers are registered.
    registered_providers: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourceGroupFile {
    id: String,
    subscription: String,
    location: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrincipalFile {
    id: String,
    kind: String,
    tenant: String,
    name: Option<String>,
    object_id: Option<String>,
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuestFile {
    user: String,
    tenant: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentFile {
    principal: String,
    role: String,
    scope: String,
}

/// A GUID derived from a handle, stable across runs (UUID v5 in a project namespace).
pub fn derived_guid(kind: &str, handle: &str) -> String {
    const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6d75_6170_6c61_7967_726f_756e_6400_0001);
    uuid::Uuid::new_v5(&NAMESPACE, format!("{kind}:{handle}").as_bytes()).to_string()
}

fn build_world(f: &WorldFile, start: DateTime<Utc>) -> Result<World, ScenarioError> {
    let mut w = World {
        now: start,
        tenants: BTreeMap::new(),
        principals: BTreeMap::new(),
        member_of: BTreeMap::new(),
        guests: BTreeSet::new(),
        subscriptions: BTreeMap::new(),
        resource_groups: BTreeMap::new(),
        vaults: BTreeMap::new(),
        items: BTreeMap::new(),
        guards: BTreeMap::new(),
        assignments: BTreeMap::new(),
        tokens: BTreeMap::new(),
        pim_settings: BTreeMap::new(),
        requests: BTreeMap::new(),
        audit: Vec::new(),
        inbox: BTreeMap::new(),
        delegations: BTreeMap::new(),
        identities: BTreeMap::new(),
        key_vaults: BTreeMap::new(),
    };
    let mut seen = BTreeSet::new();
    let mut unique = |at: String, id: &str| {
        if id.is_empty() {
            return Err(invalid(at, "a handle cannot be empty"));
        }
        if !seen.insert(id.to_owned()) {
            return Err(invalid(at, format!("handle `{id}` is used twice")));
        }
        Ok(())
    };
    for (i, t) in f.tenants.iter().enumerate() {
        unique(format!("world.tenants[{i}].id"), &t.id)?;
        let tenant_id = t.tenant_id.clone().unwrap_or_else(|| derived_guid("tenant", &t.id));
        w.tenants.insert(
            t.id.clone(),
            Tenant { id: t.id.clone(), tenant_id, name: t.name.clone(), domain: t.domain.clone() },
        );
    }
    for (i, s) in f.subscriptions.iter().enumerate() {
        unique(format!("world.subscriptions[{i}].id"), &s.id)?;
        if !w.tenants.contains_key(&s.tenant) {
            return Err(invalid(format!("world.subscriptions[{i}].tenant"), format!("unknown tenant `{}`", s.tenant)));
        }
        let registered_providers = match &s.registered_providers {
            Some(list) => list.iter().cloned().collect(),
            None => BACKUP_PROVIDERS.iter().map(|p| (*p).to_owned()).collect(),
        };
        w.subscriptions.insert(
            s.id.clone(),
            Subscription {
                id: s.id.clone(),
                tenant: s.tenant.clone(),
                name: s.name.clone(),
                subscription_id: s.subscription_id.clone().unwrap_or_else(|| derived_guid("subscription", &s.id)),
                registered_providers,
            },
        );
    }
    for (i, rg) in f.resource_groups.iter().enumerate() {
        unique(format!("world.resource_groups[{i}].id"), &rg.id)?;
        if !w.subscriptions.contains_key(&rg.subscription) {
            return Err(invalid(
                format!("world.resource_groups[{i}].subscription"),
                format!("unknown subscription `{}`", rg.subscription),
            ));
        }
        w.resource_groups.insert(
            rg.id.clone(),
            ResourceGroup { id: rg.id.clone(), subscription: rg.subscription.clone(), location: rg.location.clone() },
        );
    }
    for (i, p) in f.principals.iter().enumerate() {
        unique(format!("world.principals[{i}].id"), &p.id)?;
        let kind = match p.kind.as_str() {
            "user" => PrincipalKind::User,
            "group" => PrincipalKind::Group,
            "service_principal" => PrincipalKind::ServicePrincipal,
            "managed_identity" => PrincipalKind::ManagedIdentity,
            other => {
                return Err(invalid(
                    format!("world.principals[{i}].kind"),
                    format!("unknown kind `{other}`; expected user, group, service_principal or managed_identity"),
                ))
            }
        };
        if !w.tenants.contains_key(&p.tenant) {
            return Err(invalid(format!("world.principals[{i}].tenant"), format!("unknown tenant `{}`", p.tenant)));
        }
        if kind != PrincipalKind::Group && !p.members.is_empty() {
            return Err(invalid(format!("world.principals[{i}].members"), "only groups have members"));
        }
        w.principals.insert(
            p.id.clone(),
            Principal {
                id: p.id.clone(),
                kind,
                tenant: p.tenant.clone(),
                name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                object_id: p.object_id.clone().unwrap_or_else(|| derived_guid("principal", &p.id)),
                members: p.members.clone(),
            },
        );
    }
    for (i, p) in f.principals.iter().enumerate() {
        for m in &p.members {
            if !w.principals.contains_key(m) {
                return Err(invalid(format!("world.principals[{i}].members"), format!("unknown principal `{m}`")));
            }
            w.member_of.entry(m.clone()).or_default().push(p.id.clone());
        }
    }
    for (i, g) in f.guests.iter().enumerate() {
        match w.principals.get(&g.user) {
            Some(p) if p.kind == PrincipalKind::User => {}
            Some(_) => return Err(invalid(format!("world.guests[{i}].user"), format!("`{}` is not a user", g.user))),
            None => return Err(invalid(format!("world.guests[{i}].user"), format!("unknown user `{}`", g.user))),
        }
        if !w.tenants.contains_key(&g.tenant) {
            return Err(invalid(format!("world.guests[{i}].tenant"), format!("unknown tenant `{}`", g.tenant)));
        }
        w.guests.insert((g.user.clone(), g.tenant.clone()));
    }
    for (i, a) in f.role_assignments.iter().enumerate() {
        if !w.principals.contains_key(&a.principal) {
            return Err(invalid(
                format!("world.role_assignments[{i}].principal"),
                format!("unknown principal `{}`", a.principal),
            ));
        }
        let role = rbac::role(&a.role)
            .ok_or_else(|| invalid(format!("world.role_assignments[{i}].role"), unknown_role(&a.role)))?;
        if w.scope_chain(&a.scope).is_none() {
            return Err(invalid(
                format!("world.role_assignments[{i}].scope"),
                format!("unknown scope `{}`: the world's scopes are subscriptions and resource groups", a.scope),
            ));
        }
        let ra = RoleAssignment::direct(&a.principal, role, &a.scope);
        let list = w.assignments.entry(a.principal.clone()).or_default();
        if !list.contains(&ra) {
            list.push(ra);
        }
    }
    Ok(w)
}

fn unknown_role(role: &str) -> String {
    format!("unknown role `{role}`; built-in roles: {}", rbac::role_names().join(", "))
}

fn known_handles(w: &World) -> BTreeSet<String> {
    w.tenants()
        .keys()
        .chain(w.principals().keys())
        .chain(w.subscriptions().keys())
        .chain(w.resource_groups().keys())
        .cloned()
        .collect()
}

fn created_handle(c: &Command) -> Option<&str> {
    match c {
        Command::CreateVault { id, .. }
        | Command::ConfigureBackup { id, .. }
        | Command::CreateResourceGuard { id, .. }
        | Command::CreateUserIdentity { id, .. }
        | Command::CreateKeyVault { id, .. }
        | Command::PimActivate { id, .. }
        | Command::PimExtend { id, .. }
        | Command::PimRenew { id, .. }
        | Command::LighthouseOnboard { id, .. }
        | Command::LighthouseActivate { id, .. } => Some(id),
        _ => None,
    }
}

/// Reads the fields of one step, remembering which were used so leftovers can be reported.
struct Fields<'a> {
    step: usize,
    map: &'a Map<String, Value>,
    used: BTreeSet<&'static str>,
    known: &'a BTreeSet<String>,
}

impl<'a> Fields<'a> {
    fn at(&self, field: &str) -> String {
        format!("step {} field `{field}`", self.step)
    }

    fn opt_str(&mut self, field: &'static str) -> Result<Option<String>, ScenarioError> {
        self.used.insert(field);
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(self.at(field), format!("expected a string, found {other}"))),
        }
    }

    fn str(&mut self, field: &'static str) -> Result<String, ScenarioError> {
        self.opt_str(field)?.ok_or_else(|| invalid(self.at(field), "missing"))
    }

    /// A handle that must be known (declared in the world or created by an earlier step).
    fn handle(&mut self, field: &'static str) -> Result<String, ScenarioError> {
        let h = self.str(field)?;
        if !self.known.contains(&h) {
            return Err(invalid(self.at(field), format!("unknown handle `{h}`")));
        }
        Ok(h)
    }

    /// A handle this step creates.
    fn new_handle(&mut self, field: &'static str) -> Result<String, ScenarioError> {
        let h = self.str(field)?;
        if h.is_empty() {
            return Err(invalid(self.at(field), "a handle cannot be empty"));
        }
        Ok(h)
    }

    fn role(&mut self, field: &'static str) -> Result<String, ScenarioError> {
        let r = self.str(field)?;
        if rbac::role(&r).is_none() {
            return Err(invalid(self.at(field), unknown_role(&r)));
        }
        Ok(r)
    }

    fn bool_or(&mut self, field: &'static str, default: bool) -> Result<bool, ScenarioError> {
        self.used.insert(field);
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(invalid(self.at(field), format!("expected true or false, found {other}"))),
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
                        .ok_or_else(|| invalid(self.at(field), format!("expected strings, found {v}")))
                })
                .collect(),
            Some(other) => Err(invalid(self.at(field), format!("expected a list of strings, found {other}"))),
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

    fn opt_duration(&mut self, field: &'static str) -> Result<Option<TimeDelta>, ScenarioError> {
        match self.opt_str(field)? {
            None => Ok(None),
            Some(d) => duration::parse(&d).map(Some).map_err(|r| invalid(self.at(field), r.message)),
        }
    }

    fn opt_time(&mut self, field: &'static str) -> Result<Option<DateTime<Utc>>, ScenarioError> {
        match self.opt_str(field)? {
            None => Ok(None),
            Some(t) => DateTime::parse_from_rfc3339(&t)
                .map(|d| Some(d.with_timezone(&Utc)))
                .map_err(|e| invalid(self.at(field), format!("`{t}` is not an RFC 3339 time: {e}"))),
        }
    }

    fn assignment_type(
        &mut self,
        field: &'static str,
        default: Option<AssignmentType>,
    ) -> Result<AssignmentType, ScenarioError> {
        match (self.opt_str(field)?.as_deref(), default) {
            (Some("eligible"), _) => Ok(AssignmentType::Eligible),
            (Some("active"), _) => Ok(AssignmentType::Active),
            (None, Some(d)) => Ok(d),
            (None, None) => Err(invalid(self.at(field), "missing (eligible or active)")),
            (Some(other), _) => Err(invalid(self.at(field), format!("`{other}` must be eligible or active"))),
        }
    }

    fn handles(&mut self, field: &'static str) -> Result<Option<Vec<String>>, ScenarioError> {
        if !self.map.contains_key(field) {
            self.used.insert(field);
            return Ok(None);
        }
        let list = self.str_list(field)?;
        if let Some(unknown) = list.iter().find(|h| !self.known.contains(*h)) {
            return Err(invalid(self.at(field), format!("unknown handle `{unknown}`")));
        }
        Ok(Some(list))
    }

    fn object(&mut self, field: &'static str) -> Result<Value, ScenarioError> {
        self.used.insert(field);
        match self.map.get(field) {
            Some(v @ Value::Object(_)) => Ok(v.clone()),
            Some(other) => Err(invalid(self.at(field), format!("expected a JSON object, found {other}"))),
            None => Err(invalid(self.at(field), "missing")),
        }
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

fn parse_step(n: usize, raw: &Value, world: &World, known: &BTreeSet<String>) -> Result<Step, ScenarioError> {
    let Value::Object(map) = raw else {
        return Err(invalid(format!("step {n}"), "a step is a JSON object"));
    };
    let mut f = Fields { step: n, map, used: BTreeSet::new(), known };
    let expect = match f.opt_str("expect")? {
        None => Expect::Ok,
        Some(e) if e == "ok" => Expect::Ok,
        Some(e) => Expect::Refused(
            ErrorCode::parse(&e).ok_or_else(|| invalid(f.at("expect"), format!("unknown error code `{e}`")))?,
        ),
    };
    if let Some(d) = f.opt_str("advance")? {
        let span = duration::parse(&d).map_err(|r: Refusal| invalid(f.at("advance"), r.message))?;
        f.finish()?;
        return Ok(Step { action: StepAction::Advance(span), expect });
    }
    let actor = f.str("as")?;
    if !world.principals().contains_key(&actor) {
        return Err(invalid(f.at("as"), format!("unknown principal `{actor}`")));
    }
    let action = f.str("do")?;
    let command = match action.as_str() {
        "create_vault" => {
            let kind = match f.str("kind")?.as_str() {
                "recovery_services" => VaultKind::RecoveryServices,
                "backup" => VaultKind::Backup,
                other => {
                    return Err(invalid(
                        f.at("kind"),
                        format!("unknown vault kind `{other}`; expected recovery_services or backup"),
                    ))
                }
            };
            Command::CreateVault {
                id: f.new_handle("id")?,
                kind,
                resource_group: f.handle("resource_group")?,
                location: f.opt_str("location")?,
                identity: f.opt_str("identity")?,
            }
        }
        "delete_vault" => Command::DeleteVault { vault: f.handle("vault")? },
        "configure_backup" => Command::ConfigureBackup {
            id: f.new_handle("id")?,
            vault: f.handle("vault")?,
            datasource: f.opt_str("datasource")?.unwrap_or_else(|| "vm-workload".to_owned()),
        },
        "create_resource_guard" => Command::CreateResourceGuard {
            id: f.new_handle("id")?,
            resource_group: f.handle("resource_group")?,
            location: f.opt_str("location")?,
            description: f.opt_str("description")?.unwrap_or_default(),
        },
        "update_resource_guard" => Command::UpdateResourceGuard {
            guard: f.handle("guard")?,
            excluded_operations: f.str_list("excluded_operations")?,
        },
        "delete_resource_guard" => Command::DeleteResourceGuard { guard: f.handle("guard")? },
        "assign_role" => {
            Command::AssignRole { principal: f.handle("principal")?, role: f.role("role")?, scope: f.handle("scope")? }
        }
        "remove_role_assignment" => Command::RemoveRoleAssignment {
            principal: f.handle("principal")?,
            role: f.role("role")?,
            scope: f.handle("scope")?,
        },
        "invite_guest" => Command::InviteGuest { user: f.handle("user")?, tenant: f.handle("tenant")? },
        "authenticate" => Command::Authenticate { tenant: f.handle("tenant")? },
        "enable_mua" => {
            let vault = f.handle("vault")?;
            // The guard may be given by handle or by ARM id (URI), which is resolved at run time.
            let guard = f.str("guard")?;
            if !guard.starts_with('/') && !known.contains(&guard) {
                return Err(invalid(f.at("guard"), format!("unknown handle `{guard}`")));
            }
            Command::EnableMua { vault, guard }
        }
        "disable_mua" => Command::DisableMua { vault: f.handle("vault")? },
        "disable_soft_delete" => Command::DisableSoftDelete { vault: f.handle("vault")? },
        "enable_soft_delete" => Command::EnableSoftDelete { vault: f.handle("vault")? },
        "modify_policy" => {
            Command::ModifyPolicy { vault: f.handle("vault")?, reduce_retention: f.bool_or("reduce_retention", true)? }
        }
        "modify_protection" => Command::ModifyProtection {
            item: f.handle("item")?,
            reduce_retention: f.bool_or("reduce_retention", true)?,
        },
        "delete_protection" => Command::DeleteProtection { item: f.handle("item")? },
        "stop_protection_retain_data" => Command::StopProtectionRetainData { item: f.handle("item")? },
        "get_security_pin" => Command::GetSecurityPin { vault: f.handle("vault")? },
        "disable_immutability" => Command::DisableImmutability { vault: f.handle("vault")? },
        "delete_backup_instance" => Command::DeleteBackupInstance { item: f.handle("item")? },
        "stop_backup_retain_forever" => Command::StopBackupRetainForever { item: f.handle("item")? },
        "stop_backup_retain_as_per_policy" => Command::StopBackupRetainAsPerPolicy { item: f.handle("item")? },
        "trigger_backup" => Command::TriggerBackup { item: f.handle("item")? },
        "restore" => Command::Restore { item: f.handle("item")? },
        "pim_assign" => Command::PimAssign {
            principal: f.handle("principal")?,
            role: f.role("role")?,
            scope: f.handle("scope")?,
            kind: f.assignment_type("type", None)?,
            start: f.opt_time("start")?,
            end: f.opt_time("end")?,
            justification: f.opt_str("justification")?.unwrap_or_default(),
            mfa: f.bool_or("mfa", false)?,
        },
        "pim_remove_assignment" => Command::PimRemoveAssignment {
            principal: f.handle("principal")?,
            role: f.role("role")?,
            scope: f.handle("scope")?,
            kind: f.assignment_type("type", Some(AssignmentType::Eligible))?,
        },
        "pim_update_settings" => Command::PimUpdateSettings {
            role: f.role("role")?,
            scope: f.handle("scope")?,
            change: SettingsChange {
                maximum_activation: f.opt_duration("maximum_activation")?,
                require_mfa: f.opt_bool("require_mfa")?,
                require_justification: f.opt_bool("require_justification")?,
                require_ticket: f.opt_bool("require_ticket")?,
                require_approval: f.opt_bool("require_approval")?,
                approvers: f.handles("approvers")?,
                allow_permanent_eligible: f.opt_bool("allow_permanent_eligible")?,
                expire_eligible_after: f.opt_duration("expire_eligible_after")?,
                allow_permanent_active: f.opt_bool("allow_permanent_active")?,
                expire_active_after: f.opt_duration("expire_active_after")?,
                require_mfa_on_active: f.opt_bool("require_mfa_on_active")?,
                require_justification_on_active: f.opt_bool("require_justification_on_active")?,
            },
        },
        "pim_activate" => Command::PimActivate {
            id: f.new_handle("id")?,
            role: f.role("role")?,
            scope: f.handle("scope")?,
            duration: f.opt_duration("duration")?.ok_or_else(|| invalid(f.at("duration"), "missing"))?,
            justification: f.opt_str("justification")?.unwrap_or_default(),
            ticket: f.opt_str("ticket")?,
            mfa: f.bool_or("mfa", false)?,
        },
        "pim_approve" => Command::PimApprove {
            request: f.handle("request")?,
            justification: f.opt_str("justification")?.unwrap_or_default(),
        },
        "pim_deny" => Command::PimDeny {
            request: f.handle("request")?,
            justification: f.opt_str("justification")?.unwrap_or_default(),
        },
        "pim_cancel" => Command::PimCancel { request: f.handle("request")? },
        "pim_deactivate" => Command::PimDeactivate { role: f.role("role")?, scope: f.handle("scope")? },
        "pim_extend" | "pim_renew" => {
            let (id, role, scope) = (f.new_handle("id")?, f.role("role")?, f.handle("scope")?);
            let kind = f.assignment_type("type", Some(AssignmentType::Eligible))?;
            let justification = f.opt_str("justification")?.unwrap_or_default();
            if action == "pim_extend" {
                Command::PimExtend { id, role, scope, kind, justification }
            } else {
                Command::PimRenew { id, role, scope, kind, justification }
            }
        }
        "enable_system_identity" => Command::EnableSystemIdentity { vault: f.handle("vault")? },
        "disable_system_identity" => Command::DisableSystemIdentity { vault: f.handle("vault")? },
        "create_user_identity" => {
            Command::CreateUserIdentity { id: f.new_handle("id")?, resource_group: f.handle("resource_group")? }
        }
        "attach_user_identity" => {
            Command::AttachUserIdentity { vault: f.handle("vault")?, identity: f.handle("identity")? }
        }
        "detach_user_identity" => {
            Command::DetachUserIdentity { vault: f.handle("vault")?, identity: f.handle("identity")? }
        }
        "create_key_vault" => {
            Command::CreateKeyVault { id: f.new_handle("id")?, resource_group: f.handle("resource_group")? }
        }
        "configure_encryption" => {
            let vault = f.handle("vault")?;
            let key_vault = f.handle("key_vault")?;
            let identity = match f.str("identity")?.as_str() {
                "system" => IdentityRef::System,
                h if known.contains(h) => IdentityRef::User(h.to_owned()),
                h => {
                    return Err(invalid(
                        f.at("identity"),
                        format!("unknown handle `{h}` (use `system` or a user-assigned identity)"),
                    ))
                }
            };
            Command::ConfigureEncryption { vault, key_vault, identity }
        }
        "lighthouse_onboard" => {
            let id = f.new_handle("id")?;
            let scope = match (f.opt_str("subscription")?, f.opt_str("resource_group")?) {
                (Some(s), None) | (None, Some(s)) if known.contains(&s) => s,
                (Some(s), None) | (None, Some(s)) => {
                    return Err(invalid(format!("step {n}"), format!("unknown handle `{s}`")))
                }
                _ => {
                    return Err(invalid(format!("step {n}"), "give exactly one of `subscription` or `resource_group`"))
                }
            };
            Command::LighthouseOnboard { id, scope, parameters: f.object("parameters")? }
        }
        "lighthouse_activate" => Command::LighthouseActivate {
            id: f.new_handle("id")?,
            delegation: f.handle("delegation")?,
            role: f.role("role")?,
            duration: f.opt_duration("duration")?,
            justification: f.opt_str("justification")?.unwrap_or_default(),
            mfa: f.bool_or("mfa", false)?,
        },
        other => return Err(invalid(f.at("do"), format!("unknown action `{other}`"))),
    };
    f.finish()?;
    Ok(Step { action: StepAction::Run { actor, command }, expect })
}

/// A command as a scenario step (the inverse of the step parser), with its outcome as `expect`.
/// The portal records what a person does this way, so an exported session is itself a scenario.
pub fn step_json(world: &World, actor: &str, command: &Command, expect: Expect) -> Value {
    use serde_json::json;
    let dur = |d: &TimeDelta| Value::String(duration::format(*d));
    let time = |t: &Option<DateTime<Utc>>| t.map(|t| Value::String(t.to_rfc3339()));
    let mut v = match command {
        Command::CreateVault { id, kind, resource_group, location, identity } => json!({
            "id": id, "kind": kind.scenario_name(), "resource_group": resource_group, "location": location, "identity": identity }),
        Command::DeleteVault { vault }
        | Command::DisableMua { vault }
        | Command::DisableSoftDelete { vault }
        | Command::EnableSoftDelete { vault }
        | Command::GetSecurityPin { vault }
        | Command::DisableImmutability { vault }
        | Command::EnableSystemIdentity { vault }
        | Command::DisableSystemIdentity { vault } => json!({ "vault": vault }),
        Command::ConfigureBackup { id, vault, datasource } => {
            json!({ "id": id, "vault": vault, "datasource": datasource })
        }
        Command::CreateResourceGuard { id, resource_group, location, description } => json!({
            "id": id, "resource_group": resource_group, "location": location, "description": description }),
        Command::UpdateResourceGuard { guard, excluded_operations } => {
            json!({ "guard": guard, "excluded_operations": excluded_operations })
        }
        Command::DeleteResourceGuard { guard } => json!({ "guard": guard }),
        Command::AssignRole { principal, role, scope } | Command::RemoveRoleAssignment { principal, role, scope } => {
            json!({ "principal": principal, "role": role, "scope": scope })
        }
        Command::InviteGuest { user, tenant } => json!({ "user": user, "tenant": tenant }),
        Command::Authenticate { tenant } => json!({ "tenant": tenant }),
        Command::EnableMua { vault, guard } => json!({ "vault": vault, "guard": guard }),
        Command::ModifyPolicy { vault, reduce_retention } => {
            json!({ "vault": vault, "reduce_retention": reduce_retention })
        }
        Command::ModifyProtection { item, reduce_retention } => {
            json!({ "item": item, "reduce_retention": reduce_retention })
        }
        Command::DeleteProtection { item }
        | Command::StopProtectionRetainData { item }
        | Command::DeleteBackupInstance { item }
        | Command::StopBackupRetainForever { item }
        | Command::StopBackupRetainAsPerPolicy { item }
        | Command::TriggerBackup { item }
        | Command::Restore { item } => json!({ "item": item }),
        Command::PimAssign { principal, role, scope, kind, start, end, justification, mfa } => json!({
            "principal": principal, "role": role, "scope": scope, "type": kind.as_str(), "start": time(start), "end": time(end),
            "justification": justification, "mfa": mfa }),
        Command::PimRemoveAssignment { principal, role, scope, kind } => json!({
            "principal": principal, "role": role, "scope": scope, "type": kind.as_str() }),
        Command::PimUpdateSettings { role, scope, change: c } => json!({
            "role": role, "scope": scope,
            "maximum_activation": c.maximum_activation.as_ref().map(dur), "require_mfa": c.require_mfa,
            "require_justification": c.require_justification, "require_ticket": c.require_ticket,
            "require_approval": c.require_approval, "approvers": c.approvers,
            "allow_permanent_eligible": c.allow_permanent_eligible, "expire_eligible_after": c.expire_eligible_after.as_ref().map(dur),
            "allow_permanent_active": c.allow_permanent_active, "expire_active_after": c.expire_active_after.as_ref().map(dur),
            "require_mfa_on_active": c.require_mfa_on_active, "require_justification_on_active": c.require_justification_on_active }),
        Command::PimActivate { id, role, scope, duration, justification, ticket, mfa } => json!({
            "id": id, "role": role, "scope": scope, "duration": dur(duration), "justification": justification,
            "ticket": ticket, "mfa": mfa }),
        Command::PimApprove { request, justification } | Command::PimDeny { request, justification } => {
            json!({ "request": request, "justification": justification })
        }
        Command::PimCancel { request } => json!({ "request": request }),
        Command::PimDeactivate { role, scope } => json!({ "role": role, "scope": scope }),
        Command::PimExtend { id, role, scope, kind, justification }
        | Command::PimRenew { id, role, scope, kind, justification } => {
            json!({ "id": id, "role": role, "scope": scope, "type": kind.as_str(), "justification": justification })
        }
        Command::CreateUserIdentity { id, resource_group } | Command::CreateKeyVault { id, resource_group } => {
            json!({ "id": id, "resource_group": resource_group })
        }
        Command::AttachUserIdentity { vault, identity } | Command::DetachUserIdentity { vault, identity } => {
            json!({ "vault": vault, "identity": identity })
        }
        Command::ConfigureEncryption { vault, key_vault, identity } => json!({
            "vault": vault, "key_vault": key_vault,
            "identity": match identity { IdentityRef::System => "system".to_owned(), IdentityRef::User(h) => h.clone() } }),
        Command::LighthouseOnboard { id, scope, parameters } => {
            let field = if world.subscriptions().contains_key(scope) { "subscription" } else { "resource_group" };
            json!({ "id": id, field: scope, "parameters": parameters })
        }
        Command::LighthouseActivate { id, delegation, role, duration, justification, mfa } => json!({
            "id": id, "delegation": delegation, "role": role, "duration": duration.as_ref().map(dur),
            "justification": justification, "mfa": mfa }),
    };
    if let Value::Object(map) = &mut v {
        map.retain(|_, x| !x.is_null());
        map.insert("as".to_owned(), Value::String(actor.to_owned()));
        map.insert("do".to_owned(), Value::String(command.action_name().to_owned()));
        if expect != Expect::Ok {
            map.insert("expect".to_owned(), Value::String(expect.to_string()));
        }
    }
    v
}

/// An `advance` step.
pub fn advance_json(by: TimeDelta) -> Value {
    serde_json::json!({ "advance": duration::format(by) })
}

/// Replaces a scenario file's steps; the result loads with [`Scenario::load`].
pub fn with_steps(file: &Value, steps: Vec<Value>) -> Value {
    let mut doc = file.clone();
    if let Value::Object(map) = &mut doc {
        map.insert("steps".to_owned(), Value::Array(steps));
    }
    doc
}
