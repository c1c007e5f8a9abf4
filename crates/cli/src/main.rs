//! `mua`: runs MUA Playground scenario files.
//!
//! ```text
//! mua --version                    the engine's version (links and embeds carry it as `v=`)
//! mua run [-v|--verbose] FILE...   run each scenario; exit 0 only when every one holds
//! mua shell --scenario FILE [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]
//!                                   run an az / PowerShell script against the scenario's world
//! mua export (--az|--pwsh|--rest) FILE
//!                                   the scenario played through, as an az or PowerShell script, or
//!                                   as ARM REST calls (az rest lines)
//! ```
//!
//! With `--verbose`, each step is printed with its outcome; a refusal with its code, its sentence
//! and, where Microsoft documents it, Azure's own code and where it is documented.

use std::io::Write;
use std::process::ExitCode;
use std::rc::Rc;

use mua_console::export::Format;
use mua_core::scenario::{Scenario, StepAction, StepResult};

mod shell;

const USAGE: &str = "usage: mua run [-v|--verbose] FILE...\n       mua --version\n       mua shell --scenario FILE [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]\n\nmua run: runs MUA Playground scenario files (README: Scenario files). Exits 0 only when every scenario holds.\n  -v, --verbose   print every step with its outcome (a refusal with its code, sentence and Azure's code)\nmua shell: runs an az or PowerShell script against a scenario's world (mua shell --help).\nmua export (--az|--pwsh|--rest) FILE: prints the scenario played through as an az or PowerShell script, or as ARM REST calls (az rest lines), that mua shell runs back.";

fn main() -> ExitCode {
    // Console steps and scripts (`az`, `pwsh`) run through the console, installed in the core.
    mua_console::install();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, _)) if cmd == "--version" || cmd == "-V" => {
            println!("mua {}", mua_core::VERSION);
            ExitCode::SUCCESS
        }
        Some((cmd, rest)) if cmd == "run" => {
            let verbose = rest.first().is_some_and(|a| a == "-v" || a == "--verbose");
            let files = if verbose { &rest[1..] } else { rest };
            if files.is_empty() || files.iter().any(|f| f.starts_with('-')) {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
            run(files, verbose)
        }
        Some((cmd, rest)) if cmd == "shell" => {
            if rest.iter().any(|a| a == "-h" || a == "--help") {
                println!("{}", shell::USAGE);
                return ExitCode::SUCCESS;
            }
            shell::main(rest)
        }
        Some((cmd, rest)) if cmd == "export" => {
            let format = match rest.first().map(String::as_str) {
                Some("--az") => Format::Az,
                Some("--pwsh") => Format::Pwsh,
                Some("--rest") => Format::Rest,
                _ => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            };
            let [file] = &rest[1..] else {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            };
            export(file, format)
        }
        Some((cmd, _)) if cmd == "-h" || cmd == "--help" || cmd == "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(files: &[String], verbose: bool) -> ExitCode {
    let mut failed = 0usize;
    for path in files {
        let lines = match run_file(path, verbose) {
            Ok((steps, mut lines)) => {
                lines.insert(0, format!("ok    {path} ({steps} steps)"));
                lines
            }
            Err(report) => {
                failed += 1;
                vec![format!("FAIL  {path}: {report}")]
            }
        };
        // A reader that goes away (`mua run … | head`) ends the run quietly.
        if !say(&lines) {
            return status(failed);
        }
    }
    say(&[format!("{} passed, {failed} failed", files.len() - failed)]);
    status(failed)
}

/// Prints a scenario played through as a script; exit 1 when it cannot be read or does not hold.
fn export(path: &str, format: Format) -> ExitCode {
    let played = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|text| Scenario::load(&text).map_err(|e| e.to_string()))
        .and_then(|scenario| Rc::new(scenario).run().map_err(|e| e.to_string()));
    match played {
        Ok(session) => {
            say(&[mua_console::export::export(&session, format)]);
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("mua export: {path}: {why}");
            ExitCode::FAILURE
        }
    }
}

fn status(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes the lines to standard output; false when it is closed.
fn say(lines: &[String]) -> bool {
    let mut out = std::io::stdout().lock();
    lines.iter().all(|line| writeln!(out, "{line}").is_ok()) && out.flush().is_ok()
}

/// The scenario's step count, and with `verbose` a line per step.
fn run_file(path: &str, verbose: bool) -> Result<(usize, Vec<String>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let scenario = Rc::new(Scenario::load(&text).map_err(|e| e.to_string())?);
    let session = scenario.run().map_err(|e| e.to_string())?;
    let lines = if verbose {
        session.history().iter().enumerate().map(|(n, record)| format!("      {}", step_line(n + 1, record))).collect()
    } else {
        Vec::new()
    };
    Ok((scenario.steps.len(), lines))
}

/// One step as `--verbose` prints it.
fn step_line(n: usize, record: &mua_core::session::Recorded) -> String {
    let what = match &record.action {
        StepAction::Run { actor, command } => format!("{} as `{actor}`", command.action_name()),
        StepAction::Advance(by) => format!("advance {}", mua_core::duration::format(*by)),
        StepAction::Console { actor, shell, .. } => format!("{} as `{actor}`", shell.as_str()),
    };
    let line = match &record.result {
        StepResult::Refused(r) => {
            let azure = r.azure.map(|a| format!(" [Azure: {}, {}]", a.code, a.source)).unwrap_or_default();
            format!("step {n} {what}: refused ({}) {}{azure}", r.code, r.message)
        }
        StepResult::Ok(_) | StepResult::Advanced => format!("step {n} {what}: ok"),
    };
    // What a console step printed, under it.
    let printed: String = record.output.lines().map(|l| format!("\n        | {l}")).collect();
    line + &printed
}
