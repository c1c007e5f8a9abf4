//! What az prints for a result, in each `--output` format, as knack (the CLI framework az is built on)
//! formats it — `microsoft/knack` `knack/output.py`:
//!
//! - `json` / `jsonc`: two-space indents, every object's keys **sorted** (`format_json`:
//!   `json.dumps(…, indent=2, sort_keys=True)`);
//! - `table`: `_TableOutput` — each row's scalar fields (not `id`, `type`, `etag`, not null, not a list
//!   or an object), keys sorted unless `--query` chose them, each header's first letter capitalized,
//!   laid out as `tabulate(…, tablefmt="simple")` lays it out: a column is as wide as its widest value
//!   or its header plus two, columns two spaces apart, a rule of dashes under the headers, each
//!   line's end stripped;
//! - `tsv`: `_TsvOutput` — a row per item of a list (or the one result); an object's values sorted by
//!   key unless `--query` chose them, a list as its length, an object as nothing, tab-separated;
//! - `none`: nothing.
//!
//! A value prints as Python's `str` prints it (`True`, `False`, `None`).

use serde_json::{Map, Value};

/// The formats az takes (`--output`), as its message lists them.
pub(crate) const FORMATS: &[&str] = &["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"];

/// The result as az prints it in `format`; `query` says whether `--query` chose the result's shape
/// (then its objects keep their order in `table` and `tsv`); `columns` are the command's own table
/// columns (`(header, field)`), if it has them. `None` for a format this console does not print
/// (YAML).
pub(crate) fn format(value: &Value, format: &str, query: bool, columns: &[(&str, &str)]) -> Option<String> {
    Some(match format {
        "json" | "jsonc" => mua_core::json::json_pretty(&sorted(value)),
        // A command's own columns (`format_table`: its `table_transformer`, unless `--query` is given).
        "table" if !query && !columns.is_empty() => {
            let picked = rows(value)
                .iter()
                .map(|item| Value::Object(columns.iter().map(|(h, f)| ((*h).to_owned(), item[*f].clone())).collect()))
                .collect();
            table(&Value::Array(picked), false)
        }
        "table" => table(value, !query),
        "tsv" => tsv(value, !query),
        "none" => String::new(),
        _ => return None,
    })
}

/// A value with every object's keys sorted.
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A scalar as Python's `str` writes it.
fn python_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        other => mua_core::json::json_line(other),
    }
}

/// An object's entries, sorted by key or in their own order.
fn entries(map: &Map<String, Value>, sort: bool) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    if sort {
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    entries
}

/// The rows of a result: a list's items, or the one result.
fn rows(value: &Value) -> &[Value] {
    match value {
        Value::Array(items) => items,
        one => std::slice::from_ref(one),
    }
}

/// `--output table`.
fn table(value: &Value, sort: bool) -> String {
    let mut headers: Vec<String> = Vec::new();
    let mut cells: Vec<Vec<(usize, String)>> = Vec::new();
    for item in rows(value) {
        let fields: Vec<(String, String)> = match item {
            Value::Object(map) => entries(map, sort)
                .into_iter()
                .filter(|(k, v)| !["id", "type", "etag"].contains(&k.as_str()) && !v.is_null())
                .filter(|(_, v)| !v.is_array() && !v.is_object())
                .map(|(k, v)| (capitalized(k), python_str(v)))
                .collect(),
            Value::Array(values) => {
                values.iter().enumerate().map(|(i, v)| (format!("Column{}", i + 1), python_str(v))).collect()
            }
            other => vec![("Result".to_owned(), python_str(other))],
        };
        let row = fields
            .into_iter()
            .map(|(header, cell)| {
                let column = headers.iter().position(|h| *h == header).unwrap_or_else(|| {
                    headers.push(header);
                    headers.len() - 1
                });
                (column, cell)
            })
            .collect();
        cells.push(row);
    }
    if headers.is_empty() {
        return String::new();
    }
    // tabulate's "simple" format: a header is padded by two at least (MIN_PADDING).
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 2).collect();
    for row in &cells {
        for (column, cell) in row {
            widths[*column] = widths[*column].max(cell.chars().count());
        }
    }
    let line = |values: Vec<&str>| -> String {
        // tabulate's `_build_simple_row` strips the line's end.
        values.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect::<Vec<_>>().join("  ").trim_end().to_owned()
    };
    let mut out = vec![line(headers.iter().map(String::as_str).collect())];
    out.push(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    for row in &cells {
        let mut values = vec![""; headers.len()];
        for (column, cell) in row {
            values[*column] = cell;
        }
        out.push(line(values));
    }
    out.join("\n")
}

fn capitalized(key: &str) -> String {
    let mut chars = key.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `--output tsv`.
fn tsv(value: &Value, sort: bool) -> String {
    let cell = |v: &Value| match v {
        Value::Array(items) => items.len().to_string(),
        Value::Object(_) => String::new(),
        other => python_str(other),
    };
    rows(value)
        .iter()
        .map(|item| match item {
            Value::Object(map) => entries(map, sort).into_iter().map(|(_, v)| cell(v)).collect::<Vec<_>>().join("\t"),
            Value::Array(values) => values.iter().map(cell).collect::<Vec<_>>().join("\t"),
            Value::Bool(b) => b.to_string(),
            other => cell(other),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(value: Value, output: &str, query: bool, expected: &str) {
        assert_eq!(format(&value, output, query, &[]).as_deref(), Some(expected), "{output}");
    }

    /// knack/output.py: `format_json` sorts keys; `_TableOutput` skips id/type/etag, nulls, lists
    /// and objects, sorts and capitalizes headers, tabulate's "simple" layout; `_TsvOutput` writes
    /// an object's values sorted by key, a list as its length, an object as nothing.
    #[test]
    fn each_format_as_knack_writes_it() {
        let vault = json!({"name": "vault1", "location": "westeurope", "id": "/subscriptions/x", "tags": {}, "properties": {"a": 1}, "zones": [1, 2], "enabled": true, "etag": null});
        check(vault.clone(), "json", false, "{\n  \"enabled\": true,\n  \"etag\": null,\n  \"id\": \"/subscriptions/x\",\n  \"location\": \"westeurope\",\n  \"name\": \"vault1\",\n  \"properties\": {\n    \"a\": 1\n  },\n  \"tags\": {},\n  \"zones\": [\n    1,\n    2\n  ]\n}");
        check(
            vault.clone(),
            "table",
            false,
            "Enabled    Location    Name\n---------  ----------  ------\nTrue       westeurope  vault1",
        );
        check(vault.clone(), "tsv", false, "True\tNone\t/subscriptions/x\twesteurope\tvault1\t\t\t2");
        check(vault, "none", false, "");
        // A list: one row each; a header first seen in a later row is added on the right.
        let list = json!([{"name": "a"}, {"name": "bb", "kind": "x"}]);
        check(list.clone(), "table", false, "Name    Kind\n------  ------\na\nbb      x");
        check(list, "tsv", false, "a\nx\tbb");
        // A scalar result.
        check(json!("westeurope"), "table", false, "Result\n----------\nwesteurope");
        check(json!(false), "tsv", false, "false");
        // --query: the shape it chose keeps its order.
        check(json!({"b": "1", "a": "2"}), "tsv", true, "1\t2");
        check(json!({"b": "1", "a": "2"}), "table", true, "B    A\n---  ---\n1    2");
        check(json!([]), "table", false, "");
        assert_eq!(format(&json!({}), "yaml", false, &[]), None);
        // A command's own columns, in their order (not sorted), unless --query is given.
        let columns = [("Role", "roleDefinitionName"), ("Scope", "scope")];
        let assignments = json!([{"scope": "/s", "roleDefinitionName": "Owner", "name": "x"}]);
        assert_eq!(
            format(&assignments, "table", false, &columns).as_deref(),
            Some("Role    Scope\n------  -------\nOwner   /s")
        );
    }
}
