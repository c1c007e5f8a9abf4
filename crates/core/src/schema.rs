//! The JSON Schema (draft 2020-12) of a scenario file (SPEC §8, §13), made from the reader's own
//! tables: each action's step from the command table ([`Command::FIELDS`]: every key and the
//! [`crate::command::FieldReader`] method that reads it), the error codes from [`ErrorCode::ALL`],
//! the built-in roles from the role catalogue, the world's entries from the fields
//! `world_file.rs` reads. Editors complete and check a file with it (`"$schema"`); `mua schema`
//! prints it; the site serves it as `scenario.schema.json`. The tests check it against the reader:
//! every gallery file valid for both, every wrong file in a set refused by both.
//!
//! Only `mua` and the tests call it: the page's download does not carry it.

use serde_json::{json, Map, Value};

use crate::command::Command;
use crate::error::ErrorCode;
use crate::world_file::{Holds, PRINCIPAL_KINDS, WORLD_ENTRIES};

/// Where the site serves the schema, beside its page (a file's `"$schema"` may name it).
pub const FILE_NAME: &str = "scenario.schema.json";

/// The keys `pim_update_settings` reads besides its own (its `settings_change` reader): each with
/// what it holds. The tests check the reader takes each and nothing else.
pub const SETTINGS_FIELDS: &[(&str, Kind)] = &[
    ("maximum_activation", Kind::Duration),
    ("require_mfa", Kind::Bool),
    ("require_justification", Kind::Bool),
    ("require_ticket", Kind::Bool),
    ("require_approval", Kind::Bool),
    ("approvers", Kind::Handles),
    ("allow_permanent_eligible", Kind::Bool),
    ("expire_eligible_after", Kind::Duration),
    ("allow_permanent_active", Kind::Bool),
    ("expire_active_after", Kind::Duration),
    ("require_mfa_on_active", Kind::Bool),
    ("require_justification_on_active", Kind::Bool),
    ("notify_admin_on_eligible", Kind::Bool),
    ("notify_assignee_on_eligible", Kind::Bool),
    ("notify_admin_on_active", Kind::Bool),
    ("notify_assignee_on_active", Kind::Bool),
    ("notify_admin_on_activation", Kind::Bool),
    ("notify_requestor_on_activation", Kind::Bool),
    ("notify_approvers_on_activation", Kind::Bool),
    ("additional_recipients", Kind::Handles),
];

/// What a field holds, as the schema says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A handle (or an ARM id, or a sign-in name where a user is named).
    Handle,
    /// Free text.
    Text,
    /// A list of strings.
    Texts,
    /// A list of handles.
    Handles,
    /// `true` or `false`.
    Bool,
    /// An ISO 8601 duration (`PT2H`).
    Duration,
    /// An RFC 3339 time.
    Time,
    /// A built-in role's name or id.
    Role,
    /// `recovery_services` or `backup` (or its ARM resource type).
    VaultKind,
    /// `eligible` or `active`.
    AssignmentType,
    /// `system` or a user-assigned identity's handle.
    Identity,
    /// A JSON object carried as it is.
    Object,
    /// Tag names and their string values.
    Tags,
}

/// A field's schema, and whether the reader requires it.
fn field(reader: &str) -> (Kind, bool) {
    match reader {
        "handle" | "new_handle" | "guard_ref" => (Kind::Handle, true),
        "text" | "opt_text" | "datasource" => (Kind::Text, false),
        "text_list" => (Kind::Texts, false),
        "role" => (Kind::Role, true),
        "flag" | "flag_or_true" => (Kind::Bool, false),
        "vault_kind" => (Kind::VaultKind, true),
        "opt_vault_kind" => (Kind::VaultKind, false),
        "assignment_type" => (Kind::AssignmentType, true),
        "assignment_type_or_eligible" => (Kind::AssignmentType, false),
        "opt_time" => (Kind::Time, false),
        "duration" => (Kind::Duration, true),
        "opt_duration" => (Kind::Duration, false),
        "identity_ref" => (Kind::Identity, true),
        "opt_identity_ref" => (Kind::Identity, false),
        "document" => (Kind::Object, true),
        "tags" | "opt_tags" => (Kind::Tags, false),
        // `delegated_scope` and `settings_change` read fields of their own (see [`step`]).
        _ => (Kind::Text, false),
    }
}

fn kind_schema(kind: Kind) -> Value {
    match kind {
        Kind::Handle => json!({ "$ref": "#/$defs/handle" }),
        Kind::Text => json!({ "type": "string" }),
        Kind::Texts => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Handles => json!({ "type": "array", "items": { "$ref": "#/$defs/handle" } }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Duration => json!({ "$ref": "#/$defs/duration" }),
        Kind::Time => json!({ "type": "string", "format": "date-time" }),
        Kind::Role => json!({ "$ref": "#/$defs/role" }),
        Kind::VaultKind => json!({ "$ref": "#/$defs/vault_kind" }),
        Kind::AssignmentType => json!({ "enum": ["eligible", "active"] }),
        Kind::Identity => json!({ "type": "string", "minLength": 1 }),
        Kind::Object => json!({ "type": "object" }),
        Kind::Tags => json!({ "type": "object", "additionalProperties": { "type": "string" } }),
    }
}

/// A value the reader takes as absent too (`null`), for an optional field.
fn or_null(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// The schema of one action's step: `as`, `do`, `expect` and the action's fields.
fn step(action: &str, fields: &[(&str, &str)]) -> Value {
    let mut properties = Map::new();
    properties.insert("as".to_owned(), json!({ "$ref": "#/$defs/handle" }));
    properties.insert("do".to_owned(), json!({ "const": action }));
    properties.insert("expect".to_owned(), json!({ "$ref": "#/$defs/expect" }));
    let mut required = vec![json!("as"), json!("do")];
    let mut extra = Map::new();
    for (key, reader) in fields {
        match *reader {
            "delegated_scope" => {
                for (k, kind) in [
                    ("subscription", Kind::Handle),
                    ("resource_group", Kind::Handle),
                    ("resource_groups", Kind::Handles),
                ] {
                    properties.insert(k.to_owned(), kind_schema(kind));
                }
                // Exactly one of the three (the reader's own message says so).
                extra.insert("oneOf".to_owned(), json!([
                    { "required": ["subscription"], "not": { "anyOf": [{ "required": ["resource_group"] }, { "required": ["resource_groups"] }] } },
                    { "required": ["resource_group"], "not": { "anyOf": [{ "required": ["subscription"] }, { "required": ["resource_groups"] }] } },
                    { "required": ["resource_groups"], "properties": { "resource_groups": { "minItems": 1 } }, "not": { "anyOf": [{ "required": ["subscription"] }, { "required": ["resource_group"] }] } }
                ]));
            }
            "settings_change" => {
                for (k, kind) in SETTINGS_FIELDS {
                    properties.insert((*k).to_owned(), or_null(kind_schema(*kind)));
                }
            }
            reader => {
                let (kind, needed) = field(reader);
                if needed {
                    required.push(json!(key));
                    properties.insert((*key).to_owned(), kind_schema(kind));
                } else {
                    properties.insert((*key).to_owned(), or_null(kind_schema(kind)));
                }
            }
        }
    }
    let mut schema = json!({
        "title": action,
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    });
    if let Value::Object(map) = &mut schema {
        map.extend(extra);
    }
    schema
}

/// A world entry's schema, from the reader's table (`world_file::WORLD_ENTRIES`).
fn entry(fields: &[(&str, bool, Holds)]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (key, needed, holds) in fields {
        let schema = match holds {
            Holds::Text => json!({ "type": "string" }),
            Holds::Texts => json!({ "type": "array", "items": { "type": "string" } }),
            Holds::Role => json!({ "$ref": "#/$defs/role" }),
            Holds::PrincipalKind => json!({ "enum": PRINCIPAL_KINDS }),
        };
        if *needed {
            required.push(*key);
            properties.insert((*key).to_owned(), schema);
        } else {
            properties.insert((*key).to_owned(), or_null(schema));
        }
    }
    json!({ "type": "object", "required": required, "properties": properties, "additionalProperties": false })
}

/// The world's lists (`tenants` required, the others optional).
fn world() -> Value {
    let mut properties = Map::new();
    for (section, fields) in WORLD_ENTRIES {
        let list = json!({ "type": "array", "items": entry(fields) });
        properties.insert(section.to_owned(), if section == "tenants" { list } else { or_null(list) });
    }
    json!({ "type": "object", "required": ["tenants"], "additionalProperties": false, "properties": properties })
}

/// A state assertion step (`assertion.rs`): `{"assert": {…}}` with one subject and what to check.
fn assertion() -> Value {
    use crate::assertion::{ITEM_FIELDS, STATES, STATUSES, VAULT_FIELDS};
    let field = |key: &str| match key {
        "mua" => json!({ "anyOf": [{ "$ref": "#/$defs/handle" }, { "type": "null" }] }),
        "security_pins" | "policy_retention_days" | "retention_days" => json!({ "type": "integer", "minimum": 0 }),
        "state" => json!({ "enum": STATES }),
        _ => json!({ "type": "boolean" }),
    };
    let subject = |name: &str, fields: &[&str]| {
        let mut properties = Map::new();
        properties.insert(name.to_owned(), json!({ "$ref": "#/$defs/handle" }));
        for f in fields {
            properties.insert((*f).to_owned(), field(f));
        }
        json!({ "required": [name], "minProperties": 2, "properties": properties, "additionalProperties": false })
    };
    let statuses: Vec<&str> = crate::pim::RequestStatus::ALL.iter().map(|s| s.as_str()).collect();
    json!({
        "title": "assert",
        "type": "object",
        "required": ["assert"],
        "additionalProperties": false,
        "properties": { "assert": { "type": "object", "oneOf": [
            subject("vault", &VAULT_FIELDS),
            subject("item", &ITEM_FIELDS),
            {
                "required": ["role_assignment", "status"],
                "properties": {
                    "role_assignment": {
                        "type": "object",
                        "required": ["principal", "role", "scope"],
                        "properties": { "principal": { "$ref": "#/$defs/handle" }, "role": { "$ref": "#/$defs/role" }, "scope": { "$ref": "#/$defs/handle" } },
                        "additionalProperties": false,
                    },
                    "status": { "enum": STATUSES },
                },
                "additionalProperties": false,
            },
            {
                "required": ["request", "state"],
                "properties": { "request": { "$ref": "#/$defs/handle" }, "state": { "enum": statuses } },
                "additionalProperties": false,
            },
            {
                "required": ["guard", "excluded"],
                "properties": { "guard": { "$ref": "#/$defs/handle" }, "excluded": { "type": "array", "items": { "type": "string" } } },
                "additionalProperties": false,
            },
            {
                "required": ["guest", "tenant", "exists"],
                "properties": { "guest": { "$ref": "#/$defs/handle" }, "tenant": { "$ref": "#/$defs/handle" }, "exists": { "type": "boolean" } },
                "additionalProperties": false,
            },
        ] } },
    })
}

/// The scenario file's JSON Schema.
pub fn scenario_schema() -> Value {
    let mut steps: Vec<Value> = vec![json!({
        "title": "advance",
        "type": "object",
        "required": ["advance"],
        "properties": { "advance": { "$ref": "#/$defs/duration" }, "expect": { "$ref": "#/$defs/expect" } },
        "additionalProperties": false,
    })];
    for shell in ["az", "pwsh"] {
        steps.push(json!({
            "title": shell,
            "type": "object",
            "required": ["as", shell],
            "properties": { "as": { "$ref": "#/$defs/handle" }, shell: { "type": "string" }, "expect": { "$ref": "#/$defs/expect" } },
            "additionalProperties": false,
        }));
    }
    steps.extend(Command::FIELDS.iter().map(|(action, fields)| step(action, fields)));
    steps.push(assertion());
    let expect: Vec<&str> = std::iter::once("ok").chain(ErrorCode::ALL.iter().map(|c| c.as_str())).collect();
    let roles: Vec<&str> = crate::rbac::BUILT_IN_ROLES.iter().map(|r| r.name).collect();
    let kinds =
        [crate::critical_operations::VaultKind::RecoveryServices, crate::critical_operations::VaultKind::Backup];
    let vault_kinds: Vec<&str> =
        kinds.iter().map(|k| k.scenario_name()).chain(kinds.iter().map(|k| k.resource_type())).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FILE_NAME,
        "title": "MUA Playground scenario file",
        "description": "A world (tenants, subscriptions, resource groups, principals, guests, role assignments) and the steps people take in it, each with the outcome it expects.",
        "type": "object",
        "required": ["version", "title", "start", "world"],
        "additionalProperties": false,
        "properties": {
            "$schema": { "type": "string" },
            "version": { "const": 1 },
            "title": { "type": "string" },
            "description": or_null(json!({ "type": "string" })),
            "start": { "type": "string", "format": "date-time" },
            "az_powershell": or_null(json!({ "enum": ["13", "14"] })),
            "world": world(),
            "steps": or_null(json!({ "type": "array", "items": { "$ref": "#/$defs/step" } })),
        },
        "$defs": {
            "handle": { "type": "string", "minLength": 1 },
            // Weeks and days, then hours, minutes and whole seconds, in order (`duration::parse`;
            // years and months have no fixed length, so the reader refuses them).
            "duration": { "type": "string", "pattern": "^P(?=\\d|T\\d)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$" },
            "expect": { "enum": expect },
            // A built-in role's name, or its id (alone or ending a role definition's ARM id).
            "role": { "anyOf": [{ "enum": roles }, { "type": "string", "pattern": "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" }] },
            "vault_kind": { "enum": vault_kinds },
            "step": { "oneOf": steps },
        },
    })
}
