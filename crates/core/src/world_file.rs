//! The scenario file's shape (SPEC §8): the typed file read by hand from its JSON document, field by
//! field, with strict messages naming where a field is (`world.tenants[0].name`): a missing field,
//! a value of the wrong kind, an unknown field (a typo docs CI must catch).

use serde_json::{Map, Value};

use crate::scenario::{invalid, ScenarioError};

pub(crate) struct ScenarioFile {
    pub(crate) version: u32,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) start: String,
    pub(crate) world: WorldFile,
    pub(crate) steps: Vec<Value>,
}

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

/// A JSON object of the file being read: its fields by name, where it is (for messages), and
/// which fields were read (any other is an unknown field: a typo docs CI must catch).
struct Obj<'a> {
    at: String,
    map: &'a Map<String, Value>,
    used: Vec<&'static str>,
}

impl<'a> Obj<'a> {
    fn new(at: String, value: &'a Value) -> Result<Obj<'a>, ScenarioError> {
        match value {
            Value::Object(map) => Ok(Obj { at, map, used: Vec::new() }),
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

    /// Each object of a list, read by `read` (absent: none).
    fn objects<T>(
        &mut self,
        key: &'static str,
        read: impl Fn(&mut Obj<'a>) -> Result<T, ScenarioError>,
    ) -> Result<Vec<T>, ScenarioError> {
        let at = self.field(key);
        let items = self.list(key)?;
        items.iter().enumerate().map(|(i, v)| Obj::new(format!("{at}[{i}]"), v)?.read_all(&read)).collect()
    }

    /// Reads the object with `read`, then refuses any field it did not read.
    fn read_all<T>(mut self, read: impl Fn(&mut Obj<'a>) -> Result<T, ScenarioError>) -> Result<T, ScenarioError> {
        let value = read(&mut self)?;
        match self.map.keys().find(|k| !self.used.contains(&k.as_str())) {
            Some(unknown) => {
                let known = crate::table::sorted_unique(self.used.iter().copied());
                Err(invalid(
                    self.field(unknown),
                    format!("unknown field `{unknown}`, expected one of {}", known.join(", ")),
                ))
            }
            None => Ok(value),
        }
    }
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

/// The typed file from the document.
pub(crate) fn read_file(doc: &Value) -> Result<ScenarioFile, ScenarioError> {
    if !doc.is_object() {
        return Err(invalid("the file", format!("a scenario file is a JSON object, found {}", kind_of(doc))));
    }
    Obj::new(String::new(), doc)?.read_all(|f| {
        let version = match f.get("version") {
            None => return Err(invalid("version", "missing field `version` (a whole number: 1)")),
            Some(Value::Number(n)) => n.as_u64().and_then(|v| u32::try_from(v).ok()),
            Some(_) => None,
        };
        let version = version.ok_or_else(|| {
            let found = match f.get("version") {
                Some(Value::Number(n)) => n.to_string(),
                other => other.map_or("nothing", kind_of).to_owned(),
            };
            invalid("version", format!("expected a whole number (1), found {found}"))
        })?;
        Ok(ScenarioFile {
            version,
            title: f.str("title")?,
            description: f.opt_str("description")?.unwrap_or_default(),
            start: f.str("start")?,
            world: {
                let world = f.get("world").ok_or_else(|| invalid("world", "missing field `world`"))?;
                Obj::new("world".to_owned(), world)?.read_all(read_world)?
            },
            steps: f.list("steps")?.to_vec(),
        })
    })
}

fn read_world(w: &mut Obj<'_>) -> Result<WorldFile, ScenarioError> {
    if w.get("tenants").is_none() {
        return Err(invalid(w.field("tenants"), "missing field `tenants`"));
    }
    Ok(WorldFile {
        tenants: w.objects("tenants", |t| {
            Ok(TenantFile {
                id: t.str("id")?,
                name: t.str("name")?,
                domain: t.str("domain")?,
                tenant_id: t.opt_str("tenant_id")?,
            })
        })?,
        subscriptions: w.objects("subscriptions", |s| {
            Ok(SubscriptionFile {
                id: s.str("id")?,
                tenant: s.str("tenant")?,
                name: s.str("name")?,
                subscription_id: s.opt_str("subscription_id")?,
                registered_providers: s.opt_strings("registered_providers")?,
            })
        })?,
        resource_groups: w.objects("resource_groups", |g| {
            Ok(ResourceGroupFile {
                id: g.str("id")?,
                subscription: g.str("subscription")?,
                location: g.str("location")?,
            })
        })?,
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
        })?,
        guests: w.objects("guests", |g| Ok(GuestFile { user: g.str("user")?, tenant: g.str("tenant")? }))?,
        role_assignments: w.objects("role_assignments", |a| {
            Ok(AssignmentFile { principal: a.str("principal")?, role: a.str("role")?, scope: a.str("scope")? })
        })?,
    })
}
