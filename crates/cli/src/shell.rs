//! `mua shell`: runs an az or PowerShell script (or standard input) against a scenario's world, as
//! a principal, printing what the tools print — so a docs site can test its command snippets in CI.
//!
//! The script is read and run by the console (`mua_console::script`): each command is one console
//! step of the session; comments `# as:`, `# expect:`, `# advance:` and `# mua:` direct the run. It
//! stops at the first command whose outcome is not the expected one and exits 1 — unless
//! `--keep-going`, which runs every command and still exits 1 if any differed.

use std::rc::Rc;

use mua_console::script::{read_script, run_script};
use mua_core::scenario::{Scenario, Shell};
use mua_core::Session;

use crate::Io;

pub const USAGE: &str =
    "usage: mua shell [--scenario FILE] [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]

Runs an az (default; or a .ps1 script: PowerShell) script against the world of a scenario, as a
principal (default: the scenario's first actor), printing what the tools print. Without SCRIPT,
reads standard input. The scenario's steps run first (--start: its world as it starts). Without
--scenario, the default scenario (the site's first, pim-jit-approve) at its start, as the site opens it.
Comment lines direct the run: `# expect: <code>` (the next command is refused with that code),
`# as: <principal>`, `# advance: PT2H` (the simulated clock), `# mua: {scenario step}`.
Exits 0 when every command gives what it should, 1 at the first that does not (--keep-going:
after running them all), 2 on a usage error.";

/// The scenario the site opens first, which `mua shell` uses without `--scenario`.
const DEFAULT_SCENARIO: &str = include_str!("../../../web/scenarios/pim-jit-approve.json");

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
    Ok(o)
}

/// Runs `mua shell` with its arguments.
pub fn main(io: &mut dyn Io, args: &[String]) -> u8 {
    let o = match options(args) {
        Ok(o) => o,
        Err(why) => {
            io.err(&format!("mua shell: {why}\n\n{USAGE}"));
            return 2;
        }
    };
    match run(io, &o) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(why) => {
            io.err(&format!("mua shell: {why}"));
            2
        }
    }
}

/// Whether every command gave what it should; `Err` for what stops the run before it starts.
fn run(io: &mut dyn Io, o: &Options) -> Result<bool, String> {
    let (text, start) = if o.scenario.is_empty() {
        (DEFAULT_SCENARIO.to_owned(), true)
    } else {
        (io.read(&o.scenario).map_err(|e| format!("{}: cannot read: {e}", o.scenario))?, o.start)
    };
    let scenario = Rc::new(Scenario::load(&text).map_err(|e| format!("{}: {e}", o.scenario))?);
    let mut session = if start {
        Session::new(Rc::clone(&scenario))
    } else {
        scenario.run().map_err(|e| format!("{}: {e}", o.scenario))?
    };
    // A script has no terminal to answer az's confirmation prompts on (as in CI).
    session.without_terminal();
    let actor = o.actor.clone().unwrap_or_else(|| scenario.first_actor());
    if !session.world().principals().contains_key(&actor) {
        return Err(format!("the scenario has no principal `{actor}`"));
    }
    let script = match &o.script {
        Some(path) if path != "-" => io.read(path).map_err(|e| format!("{path}: cannot read: {e}"))?,
        _ => io.stdin().map_err(|e| format!("standard input: {e}"))?,
    };
    let shell = o.shell.unwrap_or(match &o.script {
        Some(path) if path.to_ascii_lowercase().ends_with(".ps1") => Shell::Pwsh,
        _ => Shell::Az,
    });
    let items = read_script(&script, shell)?;
    let mut all_held = true;
    for outcome in run_script(&mut session, &actor, shell, &items, o.keep_going) {
        if !outcome.output.is_empty() {
            io.out(&outcome.output);
        }
        if !outcome.held() {
            all_held = false;
            io.err(&format!(
                "mua shell: line {}: expected `{}`, got `{}`: {}",
                outcome.line, outcome.expected, outcome.got, outcome.message
            ));
        }
    }
    Ok(all_held)
}
