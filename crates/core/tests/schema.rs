//! The scenario file's JSON Schema (`mua_core::schema`) against the reader: the site's copy is
//! what the tables make; every gallery file is valid for both; a set of wrong files is refused by
//! both — except what only the reader can know (whether a handle names anything), which the
//! schema leaves to it. The validator is an independent one (the `jsonschema` crate).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use mua_core::scenario::Scenario;
use mua_core::schema::scenario_schema;
use serde_json::Value;

fn web() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web")
}

fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&scenario_schema())
        .unwrap()
}

/// The schema the site serves (`web/scenario.schema.json`) is the one the tables make; with
/// `UPDATE_EXPECT=1` this writes it.
#[test]
fn the_sites_schema_is_the_one_the_reader_tables_make() {
    let path = web().join(mua_core::schema::FILE_NAME);
    let made = mua_core::json::json_pretty(&scenario_schema()) + "\n";
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let served = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        served == made,
        "{} is not what the tables make: run UPDATE_EXPECT=1 cargo test -p mua-core --test schema",
        path.display()
    );
}

#[test]
fn every_gallery_file_is_valid_for_the_schema_and_the_reader() {
    mua_console::install();
    let validator = validator();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(web().join("scenarios")).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    assert!(files.len() > 40);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
        assert!(Scenario::load(&text).is_ok(), "{}", file.display());
    }
}

/// Wrong files, each one mistake in an otherwise good file: refused by the reader, and by the
/// schema unless the mistake is one only the reader can see (`false`: a handle that names nothing).
#[test]
fn the_schema_and_the_reader_refuse_the_same_wrong_files() {
    mua_console::install();
    let validator = validator();
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(web().join("scenarios/pim-jit-approve.json")).unwrap()).unwrap();
    type Change = fn(&mut Value);
    let cases: &[(&str, bool, Change)] = &[
        ("an unknown top-level field", true, |d| d["colour"] = "blue".into()),
        ("version 2", true, |d| d["version"] = 2.into()),
        ("no title", true, |d| drop(d.as_object_mut().unwrap().remove("title"))),
        ("a start that is no time", true, |d| d["start"] = "tomorrow".into()),
        ("az_powershell 12", true, |d| d["az_powershell"] = "12".into()),
        ("a tenant without a domain", true, |d| {
            drop(d["world"]["tenants"][0].as_object_mut().unwrap().remove("domain"))
        }),
        ("a tenant's unknown field", true, |d| d["world"]["tenants"][0]["colour"] = "blue".into()),
        ("a principal of no kind the world has", true, |d| d["world"]["principals"][0]["kind"] = "robot".into()),
        ("a role assignment's unknown role", true, |d| d["world"]["role_assignments"][0]["role"] = "Reeder".into()),
        ("an unknown action", true, |d| d["steps"][0]["do"] = "make_coffee".into()),
        ("a step's unknown field", true, |d| d["steps"][0]["colour"] = "blue".into()),
        ("a step without `as`", true, |d| drop(d["steps"][0].as_object_mut().unwrap().remove("as"))),
        ("an unknown error code", true, |d| d["steps"][3]["expect"] = "nope".into()),
        ("a duration in months", true, |d| d["steps"][0] = serde_json::json!({"advance": "P1M"})),
        ("a duration that is no duration", true, |d| d["steps"][0] = serde_json::json!({"advance": "2 hours"})),
        (
            "a flag given as text",
            true,
            |d| d["steps"][0] = serde_json::json!({"as": "bob", "do": "pim_activate", "id": "r", "role": "Reader", "scope": "rg-vault", "duration": "PT1H", "justification": "j", "mfa": "yes"}),
        ),
        (
            "an assignment type that is neither",
            true,
            |d| d["steps"][0] = serde_json::json!({"as": "sara", "do": "pim_assign", "principal": "bob", "role": "Reader", "scope": "rg-vault", "type": "permanent"}),
        ),
        ("a vault of no kind", true, |d| d["steps"][0]["kind"] = "tape".into()),
        (
            "a settings field of the wrong type",
            true,
            |d| d["steps"][0] = serde_json::json!({"as": "sara", "do": "pim_update_settings", "role": "Reader", "scope": "rg-vault", "require_mfa": "no"}),
        ),
        (
            "a settings field pim_update_settings does not take",
            true,
            |d| d["steps"][0] = serde_json::json!({"as": "sara", "do": "pim_update_settings", "role": "Reader", "scope": "rg-vault", "require_coffee": true}),
        ),
        (
            "two delegated scopes",
            true,
            |d| d["steps"][0] = serde_json::json!({"as": "olga", "do": "lighthouse_onboard", "id": "d", "subscription": "sub-vault", "resource_group": "rg-vault", "parameters": {}}),
        ),
        // Only the reader knows what the world declares.
        ("a handle that names nothing", false, |d| d["steps"][0]["resource_group"] = "rg-nowhere".into()),
        ("an unknown principal acting", false, |d| d["steps"][0]["as"] = "mallory".into()),
    ];
    for (what, schema_sees_it, change) in cases {
        let mut doc = base.clone();
        change(&mut doc);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        assert!(Scenario::load(&text).is_err(), "the reader takes {what}");
        assert_eq!(!validator.is_valid(&doc), *schema_sees_it, "the schema on {what}");
    }
    // Each settings field the schema lists is one the reader takes.
    for (key, _) in mua_core::schema::SETTINGS_FIELDS {
        let mut doc = base.clone();
        let value: Value = if key.starts_with("maximum") || key.starts_with("expire") {
            "PT2H".into()
        } else if *key == "approvers" || *key == "additional_recipients" {
            serde_json::json!(["sara"])
        } else {
            true.into()
        };
        doc["steps"][0] = serde_json::json!({"as": "sara", "do": "pim_update_settings", "role": "Reader", "scope": "rg-vault", *key: value});
        let text = serde_json::to_string(&doc).unwrap();
        let read = Scenario::load(&text);
        assert!(
            read.as_ref().err().is_none_or(|e| !e.to_string().contains("unknown field")),
            "the reader refuses {key}: {read:?}"
        );
        assert!(validator.is_valid(&doc), "the schema refuses {key}");
    }
    // A `"$schema"` is taken by both.
    let mut doc = base;
    doc["$schema"] = "https://example.org/scenario.schema.json".into();
    assert!(Scenario::load(&doc.to_string()).is_ok());
    assert!(validator.is_valid(&doc));
}

/// The world's entries: the table the schema is made from (`world_file::WORLD_ENTRIES`) is what the
/// reader reads — an entry with every field of the table reads, one without a required field is
/// missing it for both, and a field the table lacks is unknown to both.
#[test]
fn the_world_entries_table_is_what_the_reader_reads() {
    use mua_core::world_file::{Holds, WORLD_ENTRIES};
    let validator = validator();
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(web().join("scenarios/pim-jit-approve.json")).unwrap()).unwrap();
    for (section, fields) in WORLD_ENTRIES {
        // An entry of the section with every field of the table, values the reader takes.
        let mut full = serde_json::Map::new();
        for (key, _, holds) in fields {
            let value: Value = match (section, *key, holds) {
                (_, _, Holds::Texts) => serde_json::json!([]),
                (_, _, Holds::Role) => "Reader".into(),
                (_, _, Holds::PrincipalKind) => "user".into(),
                (_, "id", _) => format!("new-{section}").into(),
                ("subscriptions" | "principals" | "guests", "tenant", _) => "contoso".into(),
                ("resource_groups", "subscription", _) => "sub-vault".into(),
                ("guests", "user", _) => "olga".into(),
                ("role_assignments", "principal", _) => "olga".into(),
                ("role_assignments", "scope", _) => "sub-vault".into(),
                ("principals", "sign_in_name", _) => "new@contoso.com".into(),
                ("principals", "object_id", _)
                | ("tenants", "tenant_id", _)
                | ("subscriptions", "subscription_id", _) => "aaaaaaaa-1111-2222-3333-444444444444".into(),
                _ => "x.example".into(),
            };
            full.insert((*key).to_owned(), value);
        }
        let with = |entry: serde_json::Map<String, Value>| {
            let mut doc = base.clone();
            match doc["world"][section].as_array_mut() {
                Some(list) => list.push(Value::Object(entry)),
                None => doc["world"][section] = Value::Array(vec![Value::Object(entry)]),
            }
            doc
        };
        let doc = with(full.clone());
        let read = Scenario::load(&doc.to_string());
        assert!(read.is_ok(), "{section} with every field of the table: {read:?}");
        assert!(validator.is_valid(&doc), "{section}: the schema refuses every field of the table");
        for (key, required, _) in fields.iter().filter(|(_, r, _)| *r) {
            let mut less = full.clone();
            less.remove(*key);
            let doc = with(less);
            let read = Scenario::load(&doc.to_string());
            assert!(
                read.as_ref().err().is_some_and(|e| e.to_string().contains(&format!("missing field `{key}`"))),
                "{section} without {key}: {read:?} ({required})"
            );
            assert!(!validator.is_valid(&doc), "{section}: the schema takes an entry without {key}");
        }
        let mut more = full.clone();
        more.insert("zz".to_owned(), "1".into());
        let doc = with(more);
        assert!(
            Scenario::load(&doc.to_string()).err().is_some_and(|e| e.to_string().contains("unknown field `zz`")),
            "{section}"
        );
        assert!(!validator.is_valid(&doc), "{section}: the schema takes an unknown field");
    }
}
