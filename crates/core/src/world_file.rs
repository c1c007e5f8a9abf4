//! The scenario file's shape (SPEC §8): the typed file read by hand from its JSON document, field by
//! field, with strict messages naming where a field is (`world.tenants[0].name`): a missing field,
//! a value of the wrong kind, an unknown field (a typo docs CI must catch).
//!
//! Reading goes on past a problem, so one pass reports every problem it can: each is noted in
//! [`Problems`] and the entry it is in is left out (an unknown field is noted and the entry kept).

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::ids::derived_guid;
use crate::model::{Principal, PrincipalKind, ResourceGroup, RoleAssignment, Subscription, Tenant};
use crate::posture::BACKUP_PROVIDERS;
use crate::rbac;
use crate::scenario::{invalid, ScenarioError};
use crate::table::Set;
use crate::world::World;

/// What a reading has noted so far: its problems in the order found, and the handles whose entry
/// was left out for one — a reference to such a handle is a consequence, not reported again.
#[derive(Default)]
pub(crate) struct Problems {
    list: RefCell<Vec<ScenarioError>>,
    broken: RefCell<Set<String>>,
}

impl Problems {
    /// Notes a problem.
    pub(crate) fn note(&self, problem: ScenarioError) {
        self.list.borrow_mut().push(problem);
    }

    /// Notes that the entry declaring `handle` was left out.
    pub(crate) fn broke(&self, handle: &str) {
        self.broken.borrow_mut().insert(handle.to_owned());
    }

    /// Whether `handle`'s entry was left out for a problem already noted.
    pub(crate) fn is_broken(&self, handle: &str) -> bool {
        self.broken.borrow().contains(handle)
    }

    /// The problems noted, in the order found.
    pub(crate) fn into_list(self) -> Vec<ScenarioError> {
        self.list.into_inner()
    }
}

pub(crate) struct ScenarioFile {
    pub(crate) version: u32,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Absent where the file lacks it (noted as a problem).
    pub(crate) start: Option<String>,
    pub(crate) az_powershell: Option<String>,
    pub(crate) world: WorldFile,
    pub(crate) steps: Vec<Value>,
}

#[derive(Default)]
pub(crate) struct WorldFile {
    pub(crate) tenants: Vec<TenantFile>,
    pub(crate) subscriptions: Vec<SubscriptionFile>,
    pub(crate) resource_groups: Vec<ResourceGroupFile>,
    pub(crate) principals: Vec<PrincipalFile>,
    pub(crate) guests: Vec<GuestFile>,
    pub(crate) role_assignments: Vec<AssignmentFile>,
}

pub(crate) struct TenantFile {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) domain: String,
    pub(crate) tenant_id: Option<String>,
}

pub(crate) struct SubscriptionFile {
    pub(crate) id: String,
    pub(crate) tenant: String,
    pub(crate) name: String,
    pub(crate) subscription_id: Option<String>,
    /// Absent: both backup providers are registered.
    pub(crate) registered_providers: Option<Vec<String>>,
}

pub(crate) struct ResourceGroupFile {
    pub(crate) id: String,
    pub(crate) subscription: String,
    pub(crate) location: String,
}

pub(crate) struct PrincipalFile {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) tenant: String,
    pub(crate) name: Option<String>,
    pub(crate) object_id: Option<String>,
    pub(crate) members: Vec<String>,
    pub(crate) sign_in_name: Option<String>,
    pub(crate) owners: Vec<String>,
}

pub(crate) struct GuestFile {
    pub(crate) user: String,
    pub(crate) tenant: String,
}

pub(crate) struct AssignmentFile {
    pub(crate) principal: String,
    pub(crate) role: String,
    pub(crate) scope: String,
}

/// What a world entry's field holds (for the JSON Schema, `schema.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    /// Text (a handle, a name, a GUID).
    Text,
    /// A list of texts.
    Texts,
    /// A built-in role's name or id.
    Role,
    /// A principal's kind.
    PrincipalKind,
}

/// A world entry's field: its key, whether it is required, what it holds.
pub type EntryField = (&'static str, bool, Holds);

/// The fields of each world list's entries — the one table both the reader (an entry's other keys
/// are unknown fields) and the JSON Schema are made from.
pub const WORLD_ENTRIES: [(&str, &[EntryField]); 6] = [
    (
        "tenants",
        &[
            ("id", true, Holds::Text),
            ("name", true, Holds::Text),
            ("domain", true, Holds::Text),
            ("tenant_id", false, Holds::Text),
        ],
    ),
    (
        "subscriptions",
        &[
            ("id", true, Holds::Text),
            ("tenant", true, Holds::Text),
            ("name", true, Holds::Text),
            ("subscription_id", false, Holds::Text),
            ("registered_providers", false, Holds::Texts),
        ],
    ),
    (
        "resource_groups",
        &[("id", true, Holds::Text), ("subscription", true, Holds::Text), ("location", true, Holds::Text)],
    ),
    (
        "principals",
        &[
            ("id", true, Holds::Text),
            ("kind", true, Holds::PrincipalKind),
            ("tenant", true, Holds::Text),
            ("name", false, Holds::Text),
            ("object_id", false, Holds::Text),
            ("members", false, Holds::Texts),
            ("sign_in_name", false, Holds::Text),
            ("owners", false, Holds::Texts),
        ],
    ),
    ("guests", &[("user", true, Holds::Text), ("tenant", true, Holds::Text)]),
    (
        "role_assignments",
        &[("principal", true, Holds::Text), ("role", true, Holds::Role), ("scope", true, Holds::Text)],
    ),
];

/// The kinds of principal a world declares.
pub const PRINCIPAL_KINDS: [&str; 4] = ["user", "group", "service_principal", "managed_identity"];

/// A JSON object of the file being read: its fields by name, where it is (for messages), and
/// which fields were read (any other is an unknown field: a typo docs CI must catch).
struct Obj<'a> {
    at: String,
    map: &'a Map<String, Value>,
    used: Vec<&'static str>,
    problems: &'a Problems,
}

impl<'a> Obj<'a> {
    fn new(at: String, value: &'a Value, problems: &'a Problems) -> Result<Obj<'a>, ScenarioError> {
        match value {
            Value::Object(map) => Ok(Obj { at, map, used: Vec::new(), problems }),
            other => Err(invalid(at, format!("expected an object, found {}", kind_of(other)))),
        }
    }

    fn field(&self, key: &str) -> String {
        if self.at.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.at)
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.used.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn opt_str(&mut self, key: &'static str) -> Result<Option<String>, ScenarioError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(self.field(key), format!("expected a string, found {}", kind_of(other)))),
        }
    }

    fn str(&mut self, key: &'static str) -> Result<String, ScenarioError> {
        self.opt_str(key)?.ok_or_else(|| invalid(self.field(key), format!("missing field `{key}`")))
    }

    fn list(&mut self, key: &'static str) -> Result<&'a [Value], ScenarioError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(invalid(self.field(key), format!("expected a list, found {}", kind_of(other)))),
        }
    }

    fn opt_strings(&mut self, key: &'static str) -> Result<Option<Vec<String>>, ScenarioError> {
        if self.get(key).is_none() {
            return Ok(None);
        }
        let at = self.field(key);
        let items = self.list(key)?;
        let text = |(i, v): (usize, &Value)| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(invalid(format!("{at}[{i}]"), format!("expected a string, found {}", kind_of(other)))),
        };
        items.iter().enumerate().map(text).collect::<Result<Vec<_>, _>>().map(Some)
    }

    /// Each object of a list, read by `read` (absent: none); an object with a problem is left out.
    fn objects<T>(&mut self, key: &'static str, read: impl Fn(&mut Obj<'a>) -> Result<T, ScenarioError>) -> Vec<T> {
        let at = self.field(key);
        let problems = self.problems;
        let Some(items) = keep(problems, self.list(key)) else { return Vec::new() };
        let fields: Vec<&'static str> = WORLD_ENTRIES
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(Vec::new, |(_, f)| f.iter().map(|(k, _, _)| *k).collect());
        let each = |(i, v): (usize, &'a Value)| {
            let mut entry = Obj::new(format!("{at}[{i}]"), v, problems)?;
            // The table says which keys an entry has; the reader reads no other.
            entry.used.extend(&fields);
            entry.read_all(&read)
        };
        let kept = |entry: (usize, &'a Value)| {
            let id = entry.1.get("id").and_then(Value::as_str);
            let read = keep(problems, each(entry));
            if let (None, Some(id)) = (&read, id) {
                problems.broke(id);
            }
            read
        };
        items.iter().enumerate().filter_map(kept).collect()
    }

    /// Reads the object with `read`, then notes each field it did not read.
    fn read_all<T>(mut self, read: impl Fn(&mut Obj<'a>) -> Result<T, ScenarioError>) -> Result<T, ScenarioError> {
        let value = read(&mut self)?;
        let known = crate::table::sorted_unique(self.used.iter().copied());
        for unknown in self.map.keys().filter(|k| !self.used.contains(&k.as_str())) {
            let message = format!("unknown field `{unknown}`, expected one of {}", known.join(", "));
            self.problems.note(invalid(self.field(unknown), message));
        }
        Ok(value)
    }
}

/// Every `id` the file's world declares, whether or not its entry could be read.
pub(crate) fn declared_handles(document: &Value) -> Set<String> {
    let sections = document.get("world").and_then(Value::as_object).into_iter().flat_map(|w| w.values());
    let entries = sections.filter_map(Value::as_array).flatten();
    entries.filter_map(|e| e.get("id").and_then(Value::as_str)).map(str::to_owned).collect()
}

/// The value, or none with its problem noted.
fn keep<T>(problems: &Problems, read: Result<T, ScenarioError>) -> Option<T> {
    read.map_err(|e| problems.note(e)).ok()
}

/// What a JSON value is, for messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The typed file from the document, with the problems of each part noted (a part with a problem
/// takes its default: a missing `world` reads as an empty one).
pub(crate) fn read_file<'a>(doc: &'a Value, problems: &'a Problems) -> Result<ScenarioFile, ScenarioError> {
    if !doc.is_object() {
        return Err(invalid("the file", format!("a scenario file is a JSON object, found {}", kind_of(doc))));
    }
    Obj::new(String::new(), doc, problems)?.read_all(|f| {
        let version = match f.get("version") {
            None => Err(invalid("version", "missing field `version` (a whole number: 1)")),
            Some(Value::Number(n)) if n.as_u64().and_then(|v| u32::try_from(v).ok()).is_some() => {
                Ok(n.as_u64().and_then(|v| u32::try_from(v).ok()).unwrap_or(1))
            }
            Some(other) => {
                let found = match other {
                    Value::Number(n) => n.to_string(),
                    other => kind_of(other).to_owned(),
                };
                Err(invalid("version", format!("expected a whole number (1), found {found}")))
            }
        };
        let world = match f.get("world") {
            None => Err(invalid("world", "missing field `world`")),
            Some(world) => Obj::new("world".to_owned(), world, problems).and_then(|w| w.read_all(read_world)),
        };
        // Where an editor finds the file's JSON Schema (`schema.rs`): any text.
        keep(problems, f.opt_str("$schema"));
        Ok(ScenarioFile {
            version: keep(problems, version).unwrap_or(1),
            title: keep(problems, f.str("title")).unwrap_or_default(),
            description: keep(problems, f.opt_str("description")).flatten().unwrap_or_default(),
            start: keep(problems, f.str("start")),
            az_powershell: keep(problems, f.opt_str("az_powershell")).flatten(),
            world: keep(problems, world).unwrap_or_default(),
            steps: keep(problems, f.list("steps")).unwrap_or_default().to_vec(),
        })
    })
}

fn read_world(w: &mut Obj<'_>) -> Result<WorldFile, ScenarioError> {
    if w.get("tenants").is_none() {
        w.problems.note(invalid(w.field("tenants"), "missing field `tenants`"));
    }
    Ok(WorldFile {
        tenants: w.objects("tenants", |t| {
            Ok(TenantFile {
                id: t.str("id")?,
                name: t.str("name")?,
                domain: t.str("domain")?,
                tenant_id: t.opt_str("tenant_id")?,
            })
        }),
        subscriptions: w.objects("subscriptions", |s| {
            Ok(SubscriptionFile {
                id: s.str("id")?,
                tenant: s.str("tenant")?,
                name: s.str("name")?,
                subscription_id: s.opt_str("subscription_id")?,
                registered_providers: s.opt_strings("registered_providers")?,
            })
        }),
        resource_groups: w.objects("resource_groups", |g| {
            Ok(ResourceGroupFile {
                id: g.str("id")?,
                subscription: g.str("subscription")?,
                location: g.str("location")?,
            })
        }),
        principals: w.objects("principals", |p| {
            Ok(PrincipalFile {
                id: p.str("id")?,
                kind: p.str("kind")?,
                tenant: p.str("tenant")?,
                name: p.opt_str("name")?,
                object_id: p.opt_str("object_id")?,
                members: p.opt_strings("members")?.unwrap_or_default(),
                sign_in_name: p.opt_str("sign_in_name")?,
                owners: p.opt_strings("owners")?.unwrap_or_default(),
            })
        }),
        guests: w.objects("guests", |g| Ok(GuestFile { user: g.str("user")?, tenant: g.str("tenant")? })),
        role_assignments: w.objects("role_assignments", |a| {
            Ok(AssignmentFile { principal: a.str("principal")?, role: a.str("role")?, scope: a.str("scope")? })
        }),
    })
}

/// The world a scenario file declares, checked as it is built: handles used once, references that
/// resolve, sign-in names and owners where they may be (messages name where, like
/// `world.principals[2].owners`). An entry with a problem is noted and left out.
pub(crate) fn build_world(f: &WorldFile, start: DateTime<Utc>, problems: &Problems) -> World {
    // A problem leaves its entry out; one that only follows from another entry's is not noted.
    let left_out = |id: &str, problem: ScenarioError, consequence: bool| {
        if !consequence {
            problems.note(problem);
        }
        problems.broke(id);
    };
    let note = |e: ScenarioError| problems.note(e);
    let mut w = World::empty(start);
    let mut seen = Set::new();
    let mut unique = |at: String, id: &str| unique_handle(&mut seen, at, id).map_err(note).is_ok();
    for (i, t) in f.tenants.iter().enumerate() {
        if !unique(format!("world.tenants[{i}].id"), &t.id) {
            continue;
        }
        let tenant_id = t.tenant_id.clone().unwrap_or_else(|| derived_guid("tenant", &t.id));
        w.tenants.insert(
            t.id.clone(),
            Tenant { id: t.id.clone(), tenant_id, name: t.name.clone(), domain: t.domain.clone() },
        );
    }
    for (i, s) in f.subscriptions.iter().enumerate() {
        if !unique(format!("world.subscriptions[{i}].id"), &s.id) {
            continue;
        }
        if !w.tenants.contains_key(&s.tenant) {
            let problem = invalid(format!("world.subscriptions[{i}].tenant"), format!("unknown tenant `{}`", s.tenant));
            left_out(&s.id, problem, problems.is_broken(&s.tenant));
            continue;
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
        if !unique(format!("world.resource_groups[{i}].id"), &rg.id) {
            continue;
        }
        if !w.subscriptions.contains_key(&rg.subscription) {
            let problem = invalid(
                format!("world.resource_groups[{i}].subscription"),
                format!("unknown subscription `{}`", rg.subscription),
            );
            left_out(&rg.id, problem, problems.is_broken(&rg.subscription));
            continue;
        }
        w.resource_groups.insert(
            rg.id.clone(),
            ResourceGroup { id: rg.id.clone(), subscription: rg.subscription.clone(), location: rg.location.clone() },
        );
    }
    add_principals(&mut w, f, &mut unique, problems);
    add_guests_and_assignments(&mut w, f, problems);
    w
}

/// A handle declared by the world: not empty, not used twice.
fn unique_handle(seen: &mut Set<String>, at: String, id: &str) -> Result<(), ScenarioError> {
    if id.is_empty() {
        return Err(invalid(at, "a handle cannot be empty"));
    }
    if !seen.insert(id.to_owned()) {
        return Err(invalid(at, format!("handle `{id}` is used twice")));
    }
    Ok(())
}

/// The world's users, groups, service principals and managed identities, with group membership.
fn add_principals(w: &mut World, f: &WorldFile, unique: &mut impl FnMut(String, &str) -> bool, problems: &Problems) {
    let note = |e: ScenarioError| problems.note(e);
    for (i, p) in f.principals.iter().enumerate() {
        if !unique(format!("world.principals[{i}].id"), &p.id) {
            continue;
        }
        match principal(w, i, p) {
            Ok(principal) => {
                std::rc::Rc::make_mut(&mut w.principals).insert(p.id.clone(), principal);
            }
            Err(e) => {
                if !problems.is_broken(&p.tenant) {
                    note(e);
                }
                problems.broke(&p.id);
            }
        }
    }
    for (i, p) in f.principals.iter().enumerate() {
        if !w.principals.contains_key(&p.id) {
            continue;
        }
        for m in &p.members {
            if !w.principals.contains_key(m) {
                if !problems.is_broken(m) {
                    note(invalid(format!("world.principals[{i}].members"), format!("unknown principal `{m}`")));
                }
                continue;
            }
            w.member_of.entry(m.clone()).or_default().push(p.id.clone());
        }
        for o in &p.owners {
            match w.principals.get(o) {
                Some(owner) if owner.kind == PrincipalKind::User => {}
                Some(_) => note(invalid(format!("world.principals[{i}].owners"), format!("`{o}` is not a user"))),
                None if problems.is_broken(o) => {}
                None => note(invalid(format!("world.principals[{i}].owners"), format!("unknown principal `{o}`"))),
            }
        }
    }
}

/// One principal of the file, checked against the world built so far.
fn principal(w: &World, i: usize, p: &PrincipalFile) -> Result<Principal, ScenarioError> {
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
    if kind != PrincipalKind::Group && !p.owners.is_empty() {
        return Err(invalid(format!("world.principals[{i}].owners"), "only groups have owners"));
    }
    let sign_in_name = match (&p.sign_in_name, kind) {
        (Some(_), k) if k != PrincipalKind::User => {
            return Err(invalid(format!("world.principals[{i}].sign_in_name"), "only users have a sign-in name"))
        }
        (Some(name), _) => {
            if !name.split_once('@').is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.')) {
                return Err(invalid(
                    format!("world.principals[{i}].sign_in_name"),
                    format!("`{name}` is not a sign-in name: expected name@domain, like bob@contoso.com"),
                ));
            }
            name.clone()
        }
        (None, PrincipalKind::User) => {
            format!("{}@{}", p.id, w.tenants.get(&p.tenant).map_or("", |t| t.domain.as_str()))
        }
        (None, _) => String::new(),
    };
    if !sign_in_name.is_empty()
        && w.principals.values().any(|other| other.sign_in_name.eq_ignore_ascii_case(&sign_in_name))
    {
        return Err(invalid(
            format!("world.principals[{i}].sign_in_name"),
            format!("sign-in name `{sign_in_name}` is used twice"),
        ));
    }
    Ok(Principal {
        id: p.id.clone(),
        kind,
        tenant: p.tenant.clone(),
        name: p.name.clone().unwrap_or_else(|| p.id.clone()),
        object_id: p.object_id.clone().unwrap_or_else(|| derived_guid("principal", &p.id)),
        members: p.members.clone(),
        sign_in_name,
        owners: p.owners.clone(),
    })
}

/// B2B guests and the world's role assignments.
fn add_guests_and_assignments(w: &mut World, f: &WorldFile, problems: &Problems) {
    let note = |e: ScenarioError| problems.note(e);
    for (i, g) in f.guests.iter().enumerate() {
        if problems.is_broken(&g.user) || problems.is_broken(&g.tenant) {
            continue;
        }
        match w.principals.get(&g.user) {
            Some(p) if p.kind == PrincipalKind::User => {}
            Some(_) => {
                note(invalid(format!("world.guests[{i}].user"), format!("`{}` is not a user", g.user)));
                continue;
            }
            None => {
                note(invalid(format!("world.guests[{i}].user"), format!("unknown user `{}`", g.user)));
                continue;
            }
        }
        if !w.tenants.contains_key(&g.tenant) {
            note(invalid(format!("world.guests[{i}].tenant"), format!("unknown tenant `{}`", g.tenant)));
            continue;
        }
        w.guests.insert((g.user.clone(), g.tenant.clone()));
    }
    for (i, a) in f.role_assignments.iter().enumerate() {
        if problems.is_broken(&a.principal) || problems.is_broken(&a.scope) {
            // Its principal or scope was left out (said there); its role is its own.
            if rbac::role(&a.role).is_none() {
                note(invalid(format!("world.role_assignments[{i}].role"), crate::rbac::unknown_role(&a.role)));
            }
            continue;
        }
        if let Err(e) = assignment(w, i, a) {
            note(e);
        }
    }
}

/// One role assignment of the world, added where its principal, role and scope resolve.
fn assignment(w: &mut World, i: usize, a: &AssignmentFile) -> Result<(), ScenarioError> {
    if !w.principals.contains_key(&a.principal) {
        return Err(invalid(
            format!("world.role_assignments[{i}].principal"),
            format!("unknown principal `{}`", a.principal),
        ));
    }
    let role = rbac::role(&a.role)
        .ok_or_else(|| invalid(format!("world.role_assignments[{i}].role"), crate::rbac::unknown_role(&a.role)))?;
    if w.scope_chain(&a.scope).is_none() {
        return Err(invalid(
            format!("world.role_assignments[{i}].scope"),
            format!("unknown scope `{}`: the world's scopes are subscriptions and resource groups", a.scope),
        ));
    }
    let ra = RoleAssignment::direct(&a.principal, role, &a.scope);
    let list = std::rc::Rc::make_mut(&mut w.assignments).entry(a.principal.clone()).or_default();
    if !list.contains(&ra) {
        list.push(ra);
    }
    Ok(())
}
