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

/// What az asks before a command registered with a confirmation (azure-cli `backup/commands.py`'s
/// `confirmation=True`, the dataprotection extension's aaz `confirmation=`): knack's `prompt_y_n`.
const QUESTION: &str = "Are you sure you want to perform this operation? (y/n):";

/// What az prints when it has no terminal to ask on (azure-cli `azure/cli/core/commands/__init__.py`,
/// `resolve_confirmation`; knack `commands.py`, `_user_confirmed`).
const NO_TTY: &str =
    "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.";

/// Runs one az line's words — or, when az is waiting for its confirmation prompt's answer, takes the
/// line as that answer (knack `prompting.py`, `_prompt_bool`: `y` runs the line, `n` cancels it, any
/// other answer asks again; a terminal gives the pasted lines after a prompt to it, as here).
pub(crate) fn run_or_answer(
    sim: &mut Simulator,
    state: &mut ConsoleState,
    actor: &str,
    terminal: bool,
    words: &[String],
) -> Result<Printed, LineError> {
    let Some(mut held) = state.confirming.take() else {
        return run_line(sim, state, actor, terminal, words);
    };
    match words {
        [answer] if answer.eq_ignore_ascii_case("y") => {
            held.push("--yes".to_owned());
            run_line(sim, state, actor, terminal, &held)
        }
        [answer] if answer.eq_ignore_ascii_case("n") => Err(LineError::Usage("ERROR: Operation cancelled.".to_owned())),
        _ => {
            state.confirming = Some(held);
            Ok(Printed { text: QUESTION.to_owned(), trace: Trace::default() })
        }
    }
}

/// Runs one az line's words.
fn run_line(
    sim: &mut Simulator,
    state: &mut ConsoleState,
    actor: &str,
    terminal: bool,
    words: &[String],
) -> Result<Printed, LineError> {
    let call = match az::parse(words).map_err(|e| LineError::Usage(e.to_string()))? {
        AzLine::Help(path) => return Ok(Printed { text: az::help(&path), trace: Trace::default() }),
        AzLine::Run(call) => call,
    };
    let query = call.value("--query").map(compile).transpose()?;
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
    let command = crate::family::az_commands().find(|c| c.path == call.command);
    // A command az confirms asks before it sends anything (after argparse's checks above).
    if command.is_some_and(|c| c.params.contains(&crate::table::YES)) && !call.flag("--yes") {
        if !terminal {
            return Err(LineError::Usage(NO_TTY.to_owned()));
        }
        state.confirming = Some(words.to_vec());
        return Ok(Printed { text: QUESTION.to_owned(), trace: Trace::default() });
    }
    let printed = crate::family::run_az(&mut AzRun { sim, context: &mut state.az, actor, call: &call })?;
    let warnings: String = printed.warnings.iter().map(|w| format!("WARNING: {w}\n")).collect();
    if printed.value.is_null() {
        return Ok(Printed { text: warnings.trim_end().to_owned(), trace: printed.trace });
    }
    let mut value = printed.value;
    crate::arm::add_resource_group(&mut value);
    let value = match &query {
        Some(q) => select(&value, q)?,
        None => value,
    };
    let columns = command.map_or(&[][..], |c| c.table);
    let text = crate::output::format(&value, &output, query.is_some(), columns).unwrap_or_default();
    Ok(Printed { text: warnings + &text, trace: printed.trace })
}

/// `--query`, compiled as az's argument type does before anything runs (knack `knack/query.py`,
/// `jmespath_type`: argparse's "invalid jmespath_type value", then az's pointer to its docs).
fn compile(query: &str) -> Result<jmespath::Expression<'static>, LineError> {
    jmespath::compile(query).map_err(|_| {
        LineError::Usage(format!(
            "ERROR: argument --query: invalid jmespath_type value: '{query}'\nTo learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'"
        ))
    })
}

/// The result of `--query` on what the command returned (JMESPath: projections, filters,
/// multi-select hashes, functions such as `length()`).
fn select(value: &Value, query: &jmespath::Expression<'_>) -> Result<Value, LineError> {
    let found = query.search(value.clone()).map_err(|e| LineError::Usage(format!("ERROR: {e}")))?;
    serde_json::to_value(&*found).map_err(|e| LineError::Usage(format!("ERROR: {e}")))
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
