//! Running an az line: read against the families' commands (`az`), run by its family (`family`: the
//! context lines, the reads, and the changes, each asked of the core as the principal with the
//! tokens az would send — one for the directory of the subscription the line addresses, any
//! directory the account is in, its own or a guest's, and one for each `--tenant-id`, az's
//! auxiliary token), and printed as az prints it: `--query`, `--output`, and az's error text.

use serde_json::Value;

use super::az::{self, AzLine};
use super::{ConsoleState, LineError, Printed};
use crate::host::AzRun;
use mua_core::error::{Refusal, Trace};
use mua_core::sim::Simulator;

/// Runs one az line's words.
pub(crate) fn run_line(
    sim: &mut Simulator,
    state: &mut ConsoleState,
    actor: &str,
    words: &[String],
) -> Result<Printed, LineError> {
    let call = match az::parse(words).map_err(|e| LineError::Usage(e.to_string()))? {
        AzLine::Help(path) => return Ok(Printed { text: az::help(&path), trace: Trace::default() }),
        AzLine::Run(call) => call,
    };
    let query = call.value("--query").map(str::to_owned);
    // az lower-cases the format (knack's `type=str.lower`) and takes knack's formats.
    let output = call.value("--output").unwrap_or("json").to_ascii_lowercase();
    if !crate::output::FORMATS.contains(&output.as_str()) {
        return Err(LineError::Usage(format!(
            "ERROR: argument --output/-o: invalid choice: '{output}' (choose from {})",
            crate::output::FORMATS.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ")
        )));
    }
    if output.starts_with("yaml") {
        // Refused before anything is sent: the line changes nothing.
        return Err(LineError::Usage(format!(
            "ERROR: this console prints --output json, jsonc, table, tsv and none, not '{output}'"
        )));
    }
    let printed = crate::family::run_az(&mut AzRun { sim, context: &mut state.az, actor, call: &call })?;
    if printed.value.is_null() {
        return Ok(Printed { text: String::new(), trace: printed.trace });
    }
    let value = match &query {
        Some(q) => select(&printed.value, q)?,
        None => printed.value,
    };
    let columns = crate::family::az_commands().find(|c| c.path == call.command).map_or(&[][..], |c| c.table);
    let text = crate::output::format(&value, &output, query.is_some(), columns).unwrap_or_default();
    Ok(Printed { text, trace: printed.trace })
}

/// `--query`: the JMESPath subset docs use — dotted names, `[N]` and `[]` (each element).
fn select(value: &Value, query: &str) -> Result<Value, LineError> {
    let bad = || {
        LineError::Usage(format!(
            "ERROR: argument --query: this console reads dotted names with [N] and [] (e.g. properties.resourceGuardResourceId), not '{query}'"
        ))
    };
    let mut current = vec![value.clone()];
    let mut projected = false;
    for part in query.split('.') {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(bad());
            }
            current = current.iter().map(|v| v.get(name).cloned().unwrap_or(Value::Null)).collect();
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            let index = index.strip_suffix(']').ok_or_else(bad)?;
            current = if index.is_empty() {
                projected = true;
                current.iter().flat_map(|v| v.as_array().cloned().unwrap_or_default()).collect()
            } else {
                let i: usize = index.parse().map_err(|_| bad())?;
                current.iter().map(|v| v.get(i).cloned().unwrap_or(Value::Null)).collect()
            };
        }
    }
    Ok(if projected { Value::Array(current) } else { current.into_iter().next().unwrap_or(Value::Null) })
}

/// A refusal as az prints an ARM error: `(Code) Message`, `Code:`, `Message:` — with Azure's code
/// where a public source shows it — and the simulator's own code.
pub(crate) fn error_text(refusal: &Refusal) -> String {
    let ours = refusal.code.as_str();
    match refusal.azure {
        Some(azure) => format!(
            "ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\nSimulator code: {ours}",
            code = azure.code,
            message = refusal.message
        ),
        None => format!("ERROR: {}\nSimulator code: {ours}", refusal.message),
    }
}
