//! `mua`: runs MUA Playground scenario files.
//!
//! ```text
//! mua run FILE...     run each scenario; exit 0 only when every one holds
//! ```

use std::process::ExitCode;
use std::rc::Rc;

use mua_core::scenario::Scenario;

const USAGE: &str =
    "usage: mua run FILE...\n\nRuns MUA Playground scenario files (SPEC §8). Exits 0 only when every scenario holds.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, files)) if cmd == "run" && !files.is_empty() => run(files),
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

fn run(files: &[String]) -> ExitCode {
    let mut failed = 0usize;
    for path in files {
        match run_file(path) {
            Ok(steps) => println!("ok    {path} ({steps} steps)"),
            Err(report) => {
                failed += 1;
                println!("FAIL  {path}: {report}");
            }
        }
    }
    println!("{} passed, {failed} failed", files.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run_file(path: &str) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let scenario = Rc::new(Scenario::load(&text).map_err(|e| e.to_string())?);
    scenario.run().map_err(|e| e.to_string())?;
    Ok(scenario.steps.len())
}
