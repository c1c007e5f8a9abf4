//! `mua`: runs MUA Playground scenario files.
//!
//! ```text
//! mua --version                    the engine's version (links and embeds carry it as `v=`)
//! mua run [-v|--verbose] [--format text|json|junit|github] FILE...
//!                                   run each scenario; exit 0 only when every one holds
//! mua shell --scenario FILE [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]
//!                                   run an az / PowerShell script against the scenario's world
//! mua schema                       the JSON Schema of a scenario file
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

use mua_console::export::Format as ScriptFormat;
use mua_core::scenario::Scenario;
use report::{FileReport, Format};

mod report;
mod shell;

const USAGE: &str = "usage: mua run [-v|--verbose] [--format text|json|junit|github] FILE...\n       mua --version\n       mua schema\n       mua shell --scenario FILE [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]\n\nmua run: runs MUA Playground scenario files (README: Scenario files). Exits 0 only when every scenario holds;\n  a file that does not read is reported with every problem found, each at its line and column.\n  -v, --verbose   print every step with its outcome (a refusal with its code, sentence and Azure's code)\n  --format F      text (default), json, junit (JUnit XML) or github (GitHub Actions annotations)\nmua shell: runs an az or PowerShell script against a scenario's world (mua shell --help).\nmua schema: prints the JSON Schema of a scenario file (draft 2020-12; the site serves it as scenario.schema.json).\nmua export (--az|--pwsh|--rest) FILE: prints the scenario played through as an az or PowerShell script, or as ARM REST calls (az rest lines), that mua shell runs back.";

fn main() -> ExitCode {
    // Console steps and scripts (`az`, `pwsh`) run through the console, installed in the core.
    mua_console::install();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, _)) if cmd == "--version" || cmd == "-V" => {
            println!("mua {}", mua_core::VERSION);
            ExitCode::SUCCESS
        }
        Some((cmd, rest)) if cmd == "run" => match run_options(rest) {
            Some((files, verbose, format)) => run(&files, verbose, format),
            None => {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }
        },
        Some((cmd, rest)) if cmd == "schema" && rest.is_empty() => {
            say(&[mua_core::json::json_pretty(&mua_core::schema::scenario_schema())]);
            ExitCode::SUCCESS
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
                Some("--az") => ScriptFormat::Az,
                Some("--pwsh") => ScriptFormat::Pwsh,
                Some("--rest") => ScriptFormat::Rest,
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

/// `mua run`'s options: the files, `--verbose`, `--format` (text when absent).
fn run_options(args: &[String]) -> Option<(Vec<String>, bool, Format)> {
    let (mut files, mut verbose, mut format) = (Vec::new(), false, Format::Text);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-v" | "--verbose" => verbose = true,
            "--format" => format = Format::parse(args.next()?)?,
            other if other.starts_with("--format=") => format = Format::parse(&other["--format=".len()..])?,
            other if other.starts_with('-') => return None,
            file => files.push(file.to_owned()),
        }
    }
    (!files.is_empty()).then_some((files, verbose, format))
}

fn run(files: &[String], verbose: bool, format: Format) -> ExitCode {
    let reports: Vec<FileReport> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"));
            report::run_file(path, text, verbose)
        })
        .collect();
    let (lines, status) = report::render(&reports, format);
    // A reader that goes away (`mua run … | head`) ends the run quietly.
    say(&lines);
    ExitCode::from(status)
}

/// Prints a scenario played through as a script; exit 1 when it cannot be read or does not hold.
fn export(path: &str, format: ScriptFormat) -> ExitCode {
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

/// Writes the lines to standard output; false when it is closed.
fn say(lines: &[String]) -> bool {
    let mut out = std::io::stdout().lock();
    lines.iter().all(|line| writeln!(out, "{line}").is_ok()) && out.flush().is_ok()
}
