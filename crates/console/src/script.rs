//! Console scripts: an az or PowerShell script read into the commands it runs, each one console step
//! of a session, with the directives a script for the simulator carries as comments (so the script
//! stays valid for the real tool):
//!
//! - `# as: <principal>` — who types the lines that follow (in a real rehearsal: sign in as them);
//! - `# expect: <code>` — the next command is refused with that code (SPEC §8), `# expect: ok`;
//! - `# advance: <ISO 8601 duration>` — the simulated clock moves on (in a real rehearsal: wait);
//! - `# mua: <scenario step as JSON>` — a step the console has no command line for (an export
//!   writes one for a portal action such as creating a vault).
//!
//! `mua shell` and the export's round-trip test run scripts with [`run_script`].

use chrono::TimeDelta;
use serde_json::Value;

use mua_core::duration;
use mua_core::error::ErrorCode;
use mua_core::scenario::{Expect, Shell, StepAction};
use mua_core::session::Session;

/// What one item of a script does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptAction {
    /// A command (a line, with its continuations) typed in the shell.
    Type(String),
    /// The clock moves on.
    Advance(TimeDelta),
    /// A scenario step as JSON (run as its own `as`).
    Step(Value),
}

/// One item of a script: where it starts, who runs it, what it does and what it should give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptItem {
    /// The 1-based line it starts on.
    pub line: usize,
    /// Who types it (`None`: the principal the script runs as).
    pub actor: Option<String>,
    /// What it does.
    pub action: ScriptAction,
    /// What it should give.
    pub expect: Expect,
}

/// Reads a script: commands are lines joined by a trailing `\` (az) or backtick (PowerShell), and
/// in PowerShell while a `(` or `{` is open; blank lines and other comments are skipped. A bad
/// directive is an error naming its line.
pub fn read_script(script: &str, shell: Shell) -> Result<Vec<ScriptItem>, String> {
    let mut items = Vec::new();
    let mut actor: Option<String> = None;
    let mut expect = Expect::Ok;
    let mut current: Option<(usize, String)> = None;
    for (n, line) in script.lines().enumerate() {
        let trimmed = line.trim();
        if current.is_none() {
            if trimmed.is_empty() {
                continue;
            }
            if let Some(comment) = trimmed.strip_prefix('#') {
                let at = |what: String| format!("line {}: {what}", n + 1);
                match comment.trim().split_once(':') {
                    Some(("as", who)) => actor = Some(who.trim().to_owned()),
                    Some(("expect", code)) => {
                        let code = code.trim();
                        expect = if code == "ok" {
                            Expect::Ok
                        } else {
                            Expect::Refused(
                                ErrorCode::parse(code).ok_or_else(|| at(format!("unknown error code `{code}`")))?,
                            )
                        };
                    }
                    Some(("advance", by)) => {
                        let by = duration::parse(by.trim()).map_err(|r| at(r.message))?;
                        items.push(ScriptItem { line: n + 1, actor: None, action: ScriptAction::Advance(by), expect });
                        expect = Expect::Ok;
                    }
                    Some(("mua", step)) => {
                        let step: Value =
                            serde_json::from_str(step.trim()).map_err(|e| at(format!("`# mua:` step: {e}")))?;
                        items.push(ScriptItem { line: n + 1, actor: None, action: ScriptAction::Step(step), expect });
                        expect = Expect::Ok;
                    }
                    _ => {}
                }
                continue;
            }
        }
        let (_, text) = current.get_or_insert_with(|| (n + 1, String::new()));
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
        let continues = match shell {
            Shell::Az => trimmed.ends_with('\\'),
            Shell::Pwsh => trimmed.ends_with('`') || open_brackets(text) > 0,
        };
        if !continues {
            if let Some((line, text)) = current.take() {
                items.push(ScriptItem { line, actor: actor.clone(), action: ScriptAction::Type(text), expect });
            }
            expect = Expect::Ok;
        }
    }
    if let Some((line, text)) = current {
        items.push(ScriptItem { line, actor, action: ScriptAction::Type(text), expect });
    }
    Ok(items)
}

/// How many `(` and `{` a PowerShell text leaves open (outside quotes).
fn open_brackets(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '{') => depth += 1,
            (None, ')' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// What one item gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemOutcome {
    /// The item's first line.
    pub line: usize,
    /// What the tool printed.
    pub output: String,
    /// What it should have given.
    pub expected: Expect,
    /// What it gave.
    pub got: Expect,
    /// The refusal's sentence, or what succeeded.
    pub message: String,
}

impl ItemOutcome {
    /// Whether it gave what it should.
    pub fn held(&self) -> bool {
        self.expected == self.got
    }
}

/// Runs a script's items in a session, `actor` typing until a `# as:` says otherwise; stops after
/// the first item that does not give what it should unless `keep_going`.
pub fn run_script(
    session: &mut Session,
    actor: &str,
    shell: Shell,
    items: &[ScriptItem],
    keep_going: bool,
) -> Vec<ItemOutcome> {
    let mut outcomes = Vec::new();
    for item in items {
        let who = item.actor.as_deref().unwrap_or(actor);
        let told = |r: &mua_core::scenario::StepResult| match r {
            mua_core::scenario::StepResult::Refused(r) => r.message.clone(),
            _ => "it succeeded".to_owned(),
        };
        let (output, expected, got, message) = match &item.action {
            ScriptAction::Type(text) => {
                let recorded = session.type_in(who, shell, text);
                (recorded.output.clone(), item.expect, recorded.result.as_expect(), told(&recorded.result))
            }
            ScriptAction::Advance(by) => match session.advance(*by) {
                Ok(_) => (String::new(), item.expect, Expect::Ok, "the clock moved".to_owned()),
                Err(r) => (String::new(), item.expect, Expect::Refused(r.code), r.message),
            },
            // The step says who runs it and what it expects.
            ScriptAction::Step(raw) => match mua_core::scenario_file::read_step(item.line, raw, session.world()) {
                Ok(mua_core::scenario::Step { action: StepAction::Run { actor, command }, expect }) => {
                    let recorded = session.run(&actor, command);
                    (String::new(), expect, recorded.result.as_expect(), told(&recorded.result))
                }
                Ok(mua_core::scenario::Step { action: StepAction::Console { actor, shell, text }, expect }) => {
                    let recorded = session.type_in(&actor, shell, &text);
                    (recorded.output.clone(), expect, recorded.result.as_expect(), told(&recorded.result))
                }
                Ok(_) => {
                    let why = "a `# mua:` step runs a command (`as` and `do`)".to_owned();
                    (String::new(), item.expect, Expect::Refused(ErrorCode::InvalidInput), why)
                }
                Err(e) => (String::new(), item.expect, Expect::Refused(ErrorCode::InvalidInput), e.to_string()),
            },
        };
        let outcome = ItemOutcome { line: item.line, output, expected, got, message };
        let held = outcome.held();
        outcomes.push(outcome);
        if !held && !keep_going {
            break;
        }
    }
    outcomes
}
