//! `mua shell`: runs an az or PowerShell script (or standard input) against a scenario's world, as
//! a principal, printing what the tools print — so a docs site can test its command snippets in CI.
//!
//! Each command of the script is one console step of the session (a line, with its `\` or backtick
//! continuations). A comment `# expect: <code>` says the next command is refused with that code
//! (SPEC §8's codes). The run stops at the first command whose outcome is not the expected one and
//! exits 1 — unless `--keep-going`, which runs every command and still exits 1 if any differed.

use std::io::Read;
use std::process::ExitCode;
use std::rc::Rc;

use mua_core::scenario::{Expect, Scenario, Shell, StepResult};
use mua_core::{ErrorCode, Session};

pub const USAGE: &str =
    "usage: mua shell --scenario FILE [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]

Runs an az (default; or a .ps1 script: PowerShell) script against the world of a scenario, as a
principal (default: the scenario's first actor), printing what the tools print. Without SCRIPT,
reads standard input. The scenario's steps run first (--start: its world as it starts).
A comment line `# expect: <code>` says the next command is refused with that code.
Exits 0 when every command gives what it should, 1 at the first that does not (--keep-going:
after running them all), 2 on a usage error.";

/// The options of a `mua shell` line.
struct Options {
    scenario: String,
    actor: Option<String>,
    shell: Option<Shell>,
    start: bool,
    keep_going: bool,
    script: Option<String>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o =
        Options { scenario: String::new(), actor: None, shell: None, start: false, keep_going: false, script: None };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--scenario" | "-s" => o.scenario = value(arg)?,
            "--as" => o.actor = Some(value(arg)?),
            "--az" => o.shell = Some(Shell::Az),
            "--pwsh" => o.shell = Some(Shell::Pwsh),
            "--start" => o.start = true,
            "--keep-going" | "-k" => o.keep_going = true,
            flag if flag.starts_with('-') && flag != "-" => return Err(format!("unknown option {flag}")),
            script if o.script.is_none() => o.script = Some(script.to_owned()),
            extra => return Err(format!("one script at a time (also given: {extra})")),
        }
    }
    if o.scenario.is_empty() {
        return Err("--scenario FILE is required".to_owned());
    }
    Ok(o)
}

/// Runs `mua shell` with its arguments.
pub fn main(args: &[String]) -> ExitCode {
    let o = match options(args) {
        Ok(o) => o,
        Err(why) => {
            eprintln!("mua shell: {why}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&o) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(why) => {
            eprintln!("mua shell: {why}");
            ExitCode::from(2)
        }
    }
}

/// Whether every command gave what it should; `Err` for what stops the run before it starts.
fn run(o: &Options) -> Result<bool, String> {
    let text = std::fs::read_to_string(&o.scenario).map_err(|e| format!("{}: cannot read: {e}", o.scenario))?;
    let scenario = Rc::new(Scenario::load(&text).map_err(|e| format!("{}: {e}", o.scenario))?);
    let mut session = if o.start {
        Session::new(Rc::clone(&scenario))
    } else {
        scenario.run().map_err(|e| format!("{}: {e}", o.scenario))?
    };
    let actor = o.actor.clone().unwrap_or_else(|| scenario.first_actor());
    if !session.world().principals().contains_key(&actor) {
        return Err(format!("the scenario has no principal `{actor}`"));
    }
    let script = match &o.script {
        Some(path) if path != "-" => std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))?,
        _ => {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("standard input: {e}"))?;
            text
        }
    };
    let shell = o.shell.unwrap_or(match &o.script {
        Some(path) if path.to_ascii_lowercase().ends_with(".ps1") => Shell::Pwsh,
        _ => Shell::Az,
    });
    let mut all_held = true;
    for command in commands(&script, shell) {
        let recorded = session.type_in(&actor, shell, &command.text);
        if !recorded.output.is_empty() {
            println!("{}", recorded.output);
        }
        let got = recorded.result.as_expect();
        if got != command.expect {
            all_held = false;
            let message = match &recorded.result {
                StepResult::Refused(r) => r.message.clone(),
                _ => "it succeeded".to_owned(),
            };
            eprintln!("mua shell: line {}: expected `{}`, got `{got}`: {message}", command.line, command.expect);
            if !o.keep_going {
                return Ok(false);
            }
        }
    }
    Ok(all_held)
}

/// One command of a script: its text, the line it starts on, and what it should give.
struct ScriptCommand {
    text: String,
    line: usize,
    expect: Expect,
}

/// The commands of a script: lines joined by `\` (az) or a backtick (PowerShell) at their end,
/// and, in PowerShell, while a `(` or `{` is open; blank lines and comments skipped; `# expect:`
/// comments read.
fn commands(script: &str, shell: Shell) -> Vec<ScriptCommand> {
    let mut out = Vec::new();
    let mut expect = Expect::Ok;
    let mut current: Option<ScriptCommand> = None;
    for (n, line) in script.lines().enumerate() {
        let trimmed = line.trim();
        if current.is_none() {
            if trimmed.is_empty() {
                continue;
            }
            if let Some(comment) = trimmed.strip_prefix('#') {
                if let Some(code) = comment.trim().strip_prefix("expect:") {
                    let code = code.trim();
                    expect = if code == "ok" {
                        Expect::Ok
                    } else {
                        ErrorCode::parse(code).map_or(Expect::Ok, Expect::Refused)
                    };
                }
                continue;
            }
        }
        let command = current.get_or_insert_with(|| ScriptCommand { text: String::new(), line: n + 1, expect });
        if !command.text.is_empty() {
            command.text.push('\n');
        }
        command.text.push_str(line);
        let continues = match shell {
            Shell::Az => trimmed.ends_with('\\'),
            Shell::Pwsh => trimmed.ends_with('`') || open_brackets(&command.text) > 0,
        };
        if !continues {
            out.extend(current.take());
            expect = Expect::Ok;
        }
    }
    out.extend(current);
    out
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
