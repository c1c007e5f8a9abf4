//! `mua`: runs MUA Playground scenario files. The library is the whole command; the native binary
//! (`main.rs`) and the npm package (`crates/npm`, WebAssembly for Node.js) give it their files and
//! standard streams through [`Io`].
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

use std::rc::Rc;

use mua_console::export::Format as ScriptFormat;
use mua_core::scenario::Scenario;
use report::{FileReport, Format};

pub mod report;
mod shell;

/// What `mua` reads and writes through: the files and standard input and output of the machine
/// it runs on — the native binary's, or Node.js's in the npm package (WebAssembly has no files).
pub trait Io {
    /// A file's text, or why it cannot be read.
    fn read(&mut self, path: &str) -> Result<String, String>;
    /// Standard input's text.
    fn stdin(&mut self) -> Result<String, String>;
    /// Writes a line to standard output; false once it is closed (`mua run … | head`).
    fn out(&mut self, line: &str) -> bool;
    /// Writes a line to standard error.
    fn err(&mut self, line: &str);
}

const USAGE: &str = "usage: mua run [-v|--verbose] [--format text|json|junit|github] FILE...\n       mua --version\n       mua schema\n       mua shell --scenario FILE [--as PRINCIPAL] [--az|--pwsh] [--start] [--keep-going] [SCRIPT]\n\nmua run: runs MUA Playground scenario files (README: Scenario files). Exits 0 only when every scenario holds;\n  a file that does not read is reported with every problem found, each at its line and column.\n  -v, --verbose   print every step with its outcome (a refusal with its code, sentence and Azure's code)\n  --format F      text (default), json, junit (JUnit XML) or github (GitHub Actions annotations)\nmua shell: runs an az or PowerShell script against a scenario's world (mua shell --help).\nmua schema: prints the JSON Schema of a scenario file (draft 2020-12; the site serves it as scenario.schema.json).\nmua export (--az|--pwsh|--rest) FILE: prints the scenario played through as an az or PowerShell script, or as ARM REST calls (az rest lines), that mua shell runs back.";

/// Runs `mua` with its arguments (without the program's name); its exit status.
pub fn main(args: &[String], io: &mut dyn Io) -> u8 {
    // Console steps and scripts (`az`, `pwsh`) run through the console, installed in the core.
    mua_console::install();
    match args.split_first() {
        Some((cmd, _)) if cmd == "--version" || cmd == "-V" => {
            io.out(&format!("mua {}", mua_core::VERSION));
            0
        }
        Some((cmd, rest)) if cmd == "run" => match run_options(rest) {
            Some((files, verbose, format)) => run(io, &files, verbose, format),
            None => {
                io.err(USAGE);
                2
            }
        },
        Some((cmd, rest)) if cmd == "schema" && rest.is_empty() => {
            io.out(&mua_core::json::json_pretty(&mua_core::schema::scenario_schema()));
            0
        }
        Some((cmd, rest)) if cmd == "shell" => {
            if rest.iter().any(|a| a == "-h" || a == "--help") {
                io.out(shell::USAGE);
                return 0;
            }
            shell::main(io, rest)
        }
        Some((cmd, rest)) if cmd == "export" => {
            let format = match rest.first().map(String::as_str) {
                Some("--az") => ScriptFormat::Az,
                Some("--pwsh") => ScriptFormat::Pwsh,
                Some("--rest") => ScriptFormat::Rest,
                _ => {
                    io.err(USAGE);
                    return 2;
                }
            };
            let [file] = &rest[1..] else {
                io.err(USAGE);
                return 2;
            };
            export(io, file, format)
        }
        Some((cmd, _)) if cmd == "-h" || cmd == "--help" || cmd == "help" => {
            io.out(USAGE);
            0
        }
        _ => {
            io.err(USAGE);
            2
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

fn run(io: &mut dyn Io, files: &[String], verbose: bool, format: Format) -> u8 {
    let reports: Vec<FileReport> = files
        .iter()
        .map(|path| {
            let text = io.read(path).map_err(|e| format!("cannot read: {e}"));
            report::run_file(path, text, verbose)
        })
        .collect();
    let (lines, status) = report::render(&reports, format);
    // A reader that goes away (`mua run … | head`) ends the run quietly.
    for line in &lines {
        if !io.out(line) {
            break;
        }
    }
    status
}

/// Prints a scenario played through as a script; exit 1 when it cannot be read or does not hold.
fn export(io: &mut dyn Io, path: &str, format: ScriptFormat) -> u8 {
    let played = io
        .read(path)
        .map_err(|e| format!("cannot read: {e}"))
        .and_then(|text| Scenario::load(&text).map_err(|e| e.to_string()))
        .and_then(|scenario| Rc::new(scenario).run().map_err(|e| e.to_string()));
    match played {
        Ok(session) => {
            io.out(&mua_console::export::export(&session, format));
            0
        }
        Err(why) => {
            io.err(&format!("mua export: {path}: {why}"));
            1
        }
    }
}
