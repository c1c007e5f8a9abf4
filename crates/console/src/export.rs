//! A session as a script (SPEC §10): every step as the az or PowerShell line that does it, with the
//! directives of [`super::script`] — `# as:` for who types it, `# expect:` for a refusal, `# advance:`
//! for the clock, and `# mua:` for a step this console has no command line for (a portal action such
//! as creating a vault or activating a PIM role). The console runs the script back to the same
//! outcomes (`tests/console.rs`).
//!
//! A request's tokens are written as the session had them: a protected operation whose recorded
//! decision used a token for the guard's directory (its trace's typed evidence,
//! `Trace::guard_token`) carries `--tenant-id` / `-Token (Get-AzAccessToken -TenantId …).Token`
//! (`-SecureToken` where the console has Az 14 loaded)
//! (the portal's directory switch stays a `# mua:` step: it is the portal's token, which the
//! console's lines do not use). Each command's line comes from its family's writer (`family`).

use mua_core::command::Command;
use mua_core::scenario::{Expect, Shell, Step, StepAction};
use mua_core::scenario_file::step_json;
use mua_core::session::Session;
use mua_core::world::World;

pub use crate::family::Format;

/// The session as a script for `shell`.
pub fn script(session: &Session, shell: Shell) -> String {
    export(session, if shell == Shell::Az { Format::Az } else { Format::Pwsh })
}

/// The session as a script in a format.
pub fn export(session: &Session, format: Format) -> String {
    let shell = format.shell();
    let comment = match format {
        Format::Az => "az lines",
        Format::Pwsh => "Az PowerShell lines",
        Format::Rest => "ARM REST calls (az rest)",
    };
    let mut out = format!(
        "# {} — the session as {comment} (MUA Playground). Run it back: mua shell --scenario <its scenario file> --start <this file>\n",
        session.scenario().title
    );
    // The world before each step: the session replayed on the scenario's start.
    let mut replay = Session::new(std::rc::Rc::clone(session.scenario()));
    let mut actor: Option<String> = None;
    let mut asked = mua_core::table::Table::new();
    for (n, recorded) in session.history().iter().enumerate() {
        let step = recorded.step();
        let answering = awaits_answer(&replay, &step);
        let world = replay.world();
        let line = match &step.action {
            StepAction::Run { actor: who, command } if !same_tokens(world, who, command) => None,
            StepAction::Run { actor: who, command } => {
                let guard_token = recorded.result.trace().and_then(|t| t.guard_token());
                let az = crate::az_powershell(replay.consoles(), who);
                crate::family::write(
                    &crate::family::Writer { w: world, actor: who, n, guard_token, az },
                    command,
                    format,
                )
            }
            StepAction::Console { shell: typed, text, .. } if *typed == shell => Some(one_line(text, shell)),
            _ => None,
        };
        replay_step(&mut replay, &step);
        let asking = awaits_answer(&replay, &step);
        let (step, line) = match (answering || asking).then(|| confirmed(&mut asked, &step, answering, asking)) {
            None => (step, line),
            Some(None) => continue,
            Some(Some(step)) => {
                let line = match &step.action {
                    StepAction::Console { text, .. } if shell == Shell::Az => Some(text.clone()),
                    _ => None,
                };
                (step, line)
            }
        };
        match (&step.action, line) {
            (StepAction::Advance(by), _) => {
                out.push_str(&format!("# advance: {}\n", mua_core::duration::format(*by)));
            }
            (action, Some(line)) => {
                let who = action.actor().unwrap_or_default();
                if actor.as_deref() != Some(who) {
                    out.push_str(&format!("# as: {who}\n"));
                    actor = Some(who.to_owned());
                }
                if let Expect::Refused(code) = step.expect {
                    out.push_str(&format!("# expect: {}\n", code.as_str()));
                }
                out.push_str(&line);
                out.push('\n');
            }
            (_, None) => out.push_str(&format!("# mua: {}\n", step_json(&step))),
        }
    }
    out
}

/// Whether the step is an az line typed while its person's az waits for a confirmation's answer.
fn awaits_answer(replay: &Session, step: &Step) -> bool {
    match &step.action {
        StepAction::Console { actor, shell: Shell::Az, .. } => crate::awaits_answer(replay.consoles(), actor),
        _ => false,
    }
}

/// An az line az asked to confirm (Cloud Shell, a terminal) and the line that answered it: a script
/// has no terminal to answer on (`mua shell`, CI), so the two are written as one, the line with
/// `--yes`, where the answer `y` sent it — and not at all where the person answered `n`. A line
/// that asks is held (`asked`, by person) until its answer.
fn confirmed(
    asked: &mut mua_core::table::Table<String, String>,
    step: &Step,
    answering: bool,
    asking: bool,
) -> Option<Step> {
    let StepAction::Console { actor, shell, text } = &step.action else { return None };
    if !answering {
        asked.insert(actor.clone(), one_line(text, *shell));
        return None;
    }
    if asking {
        // Any answer but y or n: az asks again.
        return None;
    }
    let line = asked.remove(actor)?;
    text.trim().eq_ignore_ascii_case("y").then(|| Step {
        action: StepAction::Console { actor: actor.clone(), shell: *shell, text: format!("{line} --yes") },
        expect: step.expect,
    })
}

/// Whether a command line would act with the tokens the portal session had: a command line gets a
/// token for any directory the account is in, the portal only after switching to it. Where the
/// person had not switched to the object's directory, the step stays a `# mua:` step.
fn same_tokens(w: &World, actor: &str, command: &Command) -> bool {
    let Some((_, target)) = command.target() else { return true };
    let Some(directory) = w.tenant_of_scope(target) else { return true };
    let home = w.principals().get(actor).is_some_and(|p| p.tenant == directory);
    home || !w.is_member_or_guest(actor, directory) || w.has_valid_token(actor, directory)
}

fn replay_step(replay: &mut Session, step: &Step) {
    match &step.action {
        StepAction::Run { actor, command } => {
            replay.run(actor, command.clone());
        }
        StepAction::Advance(by) => {
            let _ = replay.advance(*by);
        }
        StepAction::Console { actor, shell, text } => {
            replay.type_in(actor, *shell, text);
        }
    }
}

/// A console block as one line (its commands joined by `;`), so the script runs it as one step,
/// stopping at its first refusal as the block did: continuations joined, comment lines dropped.
fn one_line(text: &str, shell: Shell) -> String {
    let continuation = match shell {
        Shell::Az => "\\\n",
        Shell::Pwsh => "`\n",
    };
    let joined = text.replace("\r\n", "\n").replace(continuation, " ");
    let commands: Vec<&str> = joined.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    commands.join("; ")
}
