//! State assertions of a scenario file (SPEC §8): `{"assert": {…}}` steps that check the world
//! after the steps before them — a vault's settings, an item's state, a role assignment's status, a
//! PIM request's state, a guard's exclusions, a guest — and change nothing. A scenario can say not
//! only "disabling soft delete succeeds" but "and soft delete is off". They are not steps of a
//! session's history: the runner checks them where they stand in the plan, an export writes them
//! back where the session followed the plan, and the guided tour passes over them.

use serde_json::Value;

use crate::json::json_line;
use crate::model::{AssignmentType, Handle, ProtectionState};
use crate::world::World;

/// A problem reading an assertion: where (the reader's place) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// `step 7 field \`assert.soft_delete\``.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

fn invalid(at: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid { at: at.into(), message: message.into() }
}

/// One assertion, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assertion {
    /// A vault: whether it exists, and each setting given.
    Vault {
        /// The vault.
        vault: Handle,
        /// Expected fields: `(key, value)` of `exists`, `soft_delete`, `always_on`, `immutable`,
        /// `mua`, `security_pins`, `policy_retention_days`.
        expected: Vec<(&'static str, Value)>,
    },
    /// A protected item or backup instance: whether it exists, its state and retention.
    Item {
        /// The item.
        item: Handle,
        /// Expected fields: `exists`, `state`, `retention_days`.
        expected: Vec<(&'static str, Value)>,
    },
    /// A role assignment's status: `active`, `eligible` or `absent`.
    RoleAssignment {
        /// Who.
        principal: Handle,
        /// Which role (its name as the world has it).
        role: String,
        /// Where.
        scope: Handle,
        /// `active`, `eligible` or `absent`.
        status: String,
    },
    /// A PIM request's state (`PendingApproval`, `Provisioned`, …).
    Request {
        /// The request.
        request: Handle,
        /// Its state.
        state: String,
    },
    /// A Resource Guard's excluded operations, in any of the seeds' notations.
    Guard {
        /// The guard.
        guard: Handle,
        /// The operations it excludes (exactly these).
        excluded: Vec<String>,
    },
    /// Whether a user is a guest in a directory.
    Guest {
        /// The user.
        user: Handle,
        /// The directory.
        tenant: Handle,
        /// Whether the guest account exists.
        exists: bool,
    },
}

/// A field that does not hold: its key, what the file expected and what the world has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed {
    /// The field (`soft_delete`).
    pub field: &'static str,
    /// What the assertion expects, as JSON.
    pub expected: String,
    /// What the world has, as JSON.
    pub got: String,
    /// What was looked at (`vault \`vault1\``).
    pub what: String,
}

/// What a vault assertion may check.
pub const VAULT_FIELDS: [&str; 7] =
    ["exists", "soft_delete", "always_on", "immutable", "mua", "security_pins", "policy_retention_days"];
/// What an item assertion may check.
pub const ITEM_FIELDS: [&str; 3] = ["exists", "state", "retention_days"];
/// An item's states, by their scenario names.
pub const STATES: [&str; 3] = ["protected", "stopped_retain_data", "stopped_retain_as_per_policy"];
/// A role assignment's statuses.
pub const STATUSES: [&str; 3] = ["active", "eligible", "absent"];

/// Reads a step's `assert` object; `at` names the step (`step 7`).
pub fn read(at: &str, value: &Value) -> Result<Assertion, Invalid> {
    let field = |key: &str| format!("{at} field `assert.{key}`");
    let Value::Object(map) = value else {
        return Err(invalid(format!("{at} field `assert`"), format!("expected an object, found {}", json_line(value))));
    };
    let text = |key: &str| match map.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(invalid(field(key), format!("expected a string, found {}", json_line(other)))),
        None => Err(invalid(field(key), "missing")),
    };
    let only = |allowed: &[&str]| match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(invalid(field(k), format!("unknown field, expected one of {}", allowed.join(", ")))),
        None => Ok(()),
    };
    let expected = |subject: &str, fields: &[&'static str]| -> Result<Vec<(&'static str, Value)>, Invalid> {
        let mut allowed = vec![subject];
        allowed.extend(fields);
        only(&allowed)?;
        let mut out = Vec::new();
        for key in fields {
            let Some(v) = map.get(*key) else { continue };
            let fits = match *key {
                "exists" | "soft_delete" | "always_on" | "immutable" => v.is_boolean(),
                "mua" => v.is_string() || v.is_null(),
                "security_pins" | "policy_retention_days" | "retention_days" => v.is_u64(),
                "state" => v.as_str().is_some_and(|s| STATES.contains(&s)),
                _ => false,
            };
            if !fits {
                let wanted = match *key {
                    "mua" => "a guard's handle or null".to_owned(),
                    "security_pins" | "policy_retention_days" | "retention_days" => "a whole number".to_owned(),
                    "state" => STATES.join(", "),
                    _ => "true or false".to_owned(),
                };
                return Err(invalid(field(key), format!("expected {wanted}, found {}", json_line(v))));
            }
            out.push((*key, v.clone()));
        }
        if out.is_empty() {
            return Err(invalid(format!("{at} field `assert`"), format!("say what to check: {}", fields.join(", "))));
        }
        Ok(out)
    };
    if map.contains_key("vault") {
        return Ok(Assertion::Vault { vault: text("vault")?, expected: expected("vault", &VAULT_FIELDS)? });
    }
    if map.contains_key("item") {
        return Ok(Assertion::Item { item: text("item")?, expected: expected("item", &ITEM_FIELDS)? });
    }
    if let Some(ra) = map.get("role_assignment") {
        only(&["role_assignment", "status"])?;
        let Value::Object(ra) = ra else {
            return Err(invalid(field("role_assignment"), "expected {\"principal\", \"role\", \"scope\"}"));
        };
        let part = |key: &str| match ra.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(invalid(field(&format!("role_assignment.{key}")), "missing (a string)")),
        };
        if let Some(k) = ra.keys().find(|k| !["principal", "role", "scope"].contains(&k.as_str())) {
            return Err(invalid(
                field(&format!("role_assignment.{k}")),
                "unknown field, expected principal, role, scope",
            ));
        }
        let role = part("role")?;
        let role = crate::rbac::role(&role)
            .ok_or_else(|| invalid(field("role_assignment.role"), crate::rbac::unknown_role(&role)))?;
        let status = text("status")?;
        if !STATUSES.contains(&status.as_str()) {
            return Err(invalid(field("status"), format!("expected {}, found `{status}`", STATUSES.join(", "))));
        }
        return Ok(Assertion::RoleAssignment {
            principal: part("principal")?,
            role: role.name.to_owned(),
            scope: part("scope")?,
            status,
        });
    }
    if map.contains_key("request") {
        only(&["request", "state"])?;
        let state = text("state")?;
        if !crate::pim::RequestStatus::ALL.iter().any(|s| s.as_str() == state) {
            let all: Vec<&str> = crate::pim::RequestStatus::ALL.iter().map(|s| s.as_str()).collect();
            return Err(invalid(field("state"), format!("expected {}, found `{state}`", all.join(", "))));
        }
        return Ok(Assertion::Request { request: text("request")?, state });
    }
    if map.contains_key("guard") {
        only(&["guard", "excluded"])?;
        let excluded = match map.get("excluded") {
            Some(Value::Array(list)) => list
                .iter()
                .map(|v| match v.as_str() {
                    Some(name) if !crate::critical_operations::named_operations(name, None).is_empty() => {
                        Ok(name.to_owned())
                    }
                    _ => Err(invalid(field("excluded"), format!("`{}` names no critical operation", json_line(v)))),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(invalid(field("excluded"), "missing (a list of operation names)")),
        };
        return Ok(Assertion::Guard { guard: text("guard")?, excluded });
    }
    if map.contains_key("guest") {
        only(&["guest", "tenant", "exists"])?;
        let exists = map
            .get("exists")
            .and_then(Value::as_bool)
            .ok_or_else(|| invalid(field("exists"), "missing (true or false)"))?;
        return Ok(Assertion::Guest { user: text("guest")?, tenant: text("tenant")?, exists });
    }
    Err(invalid(
        format!("{at} field `assert`"),
        "say what to check: `vault`, `item`, `role_assignment`, `request`, `guard` or `guest`",
    ))
}

/// The handles an assertion names (the reader checks each is known).
pub fn handles(a: &Assertion) -> Vec<&str> {
    match a {
        Assertion::Vault { vault, expected } => {
            let guard = expected.iter().find(|(k, _)| *k == "mua").and_then(|(_, v)| v.as_str());
            std::iter::once(vault.as_str()).chain(guard).collect()
        }
        Assertion::Item { item, .. } => vec![item],
        Assertion::RoleAssignment { principal, scope, .. } => vec![principal, scope],
        Assertion::Request { request, .. } => vec![request],
        Assertion::Guard { guard, .. } => vec![guard],
        Assertion::Guest { user, tenant, .. } => vec![user, tenant],
    }
}

/// Whether the world holds what the assertion says: the first field that does not, if any.
pub fn check(a: &Assertion, w: &World) -> Result<(), Failed> {
    let fail = |field: &'static str, expected: &Value, got: Value, what: String| {
        Err(Failed { field, expected: json_line(expected), got: json_line(&got), what })
    };
    match a {
        Assertion::Vault { vault, expected } => {
            let v = w.vaults().get(vault);
            let what = format!("vault `{vault}`");
            for (key, want) in expected {
                let got = match (*key, v) {
                    ("exists", v) => Value::Bool(v.is_some()),
                    (_, None) => return fail(key, want, Value::String("no such vault".to_owned()), what),
                    ("soft_delete", Some(v)) => Value::Bool(v.soft_delete),
                    ("always_on", Some(v)) => Value::Bool(v.soft_delete_always_on),
                    ("immutable", Some(v)) => Value::Bool(v.immutable),
                    ("mua", Some(v)) => v.guard.clone().map_or(Value::Null, Value::String),
                    ("security_pins", Some(v)) => Value::from(v.security_pins),
                    (_, Some(v)) => Value::from(v.policy_retention_days),
                };
                if got != *want {
                    return fail(key, want, got, what);
                }
            }
            Ok(())
        }
        Assertion::Item { item, expected } => {
            let i = w.items().get(item);
            let what = format!("item `{item}`");
            for (key, want) in expected {
                let got = match (*key, i) {
                    ("exists", i) => Value::Bool(i.is_some()),
                    (_, None) => return fail(key, want, Value::String("no such item".to_owned()), what),
                    ("state", Some(i)) => Value::String(state_name(i.state).to_owned()),
                    (_, Some(i)) => Value::from(i.retention_days),
                };
                if got != *want {
                    return fail(key, want, got, what);
                }
            }
            Ok(())
        }
        Assertion::RoleAssignment { principal, role, scope, status } => {
            let now = w.now();
            let mine =
                w.assignments().filter(|r| &r.principal == principal && r.role.name == role && &r.scope == scope);
            let (mut active, mut eligible) = (false, false);
            for r in mine {
                match r.kind {
                    AssignmentType::Active if r.in_window(now) => active = true,
                    AssignmentType::Eligible if r.in_window(now) => eligible = true,
                    _ => {}
                }
            }
            let got = if active {
                "active"
            } else if eligible {
                "eligible"
            } else {
                "absent"
            };
            if got == status {
                return Ok(());
            }
            let what = format!("`{role}` for `{principal}` at `{scope}`");
            fail("status", &Value::String(status.clone()), Value::String(got.to_owned()), what)
        }
        Assertion::Request { request, state } => {
            let got = w.requests().get(request).map_or("no such request", |r| r.status.as_str());
            if got == state {
                return Ok(());
            }
            fail("state", &Value::String(state.clone()), Value::String(got.to_owned()), format!("request `{request}`"))
        }
        Assertion::Guard { guard, excluded } => {
            let what = format!("guard `{guard}`");
            let Some(g) = w.guards().get(guard) else {
                return fail(
                    "excluded",
                    &Value::from(excluded.clone()),
                    Value::String("no such guard".to_owned()),
                    what,
                );
            };
            // A name may stand for an operation of either vault kind: it holds when each of the
            // guard's excluded operations has its name in the list, and each name one of them.
            let ops: Vec<_> = crate::critical_operations::all_operations()
                .filter(|o| g.excluded.iter().any(|e| e == o.vault_operation))
                .collect();
            if g.excluded.iter().all(|e| ops.iter().any(|o| o.vault_operation == e))
                && ops.iter().all(|o| excluded.iter().any(|n| o.is_named(n)))
                && excluded.iter().all(|n| ops.iter().any(|o| o.is_named(n)))
            {
                return Ok(());
            }
            let names: Vec<&str> = ops.iter().map(|o| o.name).collect();
            fail("excluded", &Value::from(excluded.clone()), Value::from(crate::table::sorted_unique(names)), what)
        }
        Assertion::Guest { user, tenant, exists } => {
            let got = w.guests().contains(&(user.clone(), tenant.clone()));
            if got == *exists {
                return Ok(());
            }
            fail("exists", &Value::Bool(*exists), Value::Bool(got), format!("guest `{user}` in `{tenant}`"))
        }
    }
}

/// An item state's scenario name.
pub fn state_name(state: ProtectionState) -> &'static str {
    match state {
        ProtectionState::Protected => STATES[0],
        ProtectionState::StoppedRetainData => STATES[1],
        ProtectionState::StoppedRetainAsPerPolicy => STATES[2],
    }
}
