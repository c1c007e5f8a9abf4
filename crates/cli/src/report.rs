//! `mua run`'s report: each file read, checked and played through, then written in the format CI
//! asks for — text for people, JSON for tools, JUnit XML for test dashboards, and GitHub Actions
//! workflow commands (`::error file=…,line=…,col=…::…`, shown on the pull request's lines).
//! Nothing here reads files or prints: the native `mua` and the npm package's WebAssembly build
//! give it the files' text and print what it returns.

use std::rc::Rc;

use mua_core::locate::{locate, Position};
use mua_core::scenario::{Problem, Scenario, ScenarioError, StepAction, StepResult};
use mua_core::scenario_file::check;
use serde_json::{json, Value};

/// How `mua run` writes its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A line per file (and per problem), then the totals.
    Text,
    /// One JSON document.
    Json,
    /// JUnit XML: a test case per file.
    Junit,
    /// GitHub Actions workflow commands: an `::error` per problem, at its file, line and column.
    Github,
}

impl Format {
    /// The format a `--format` value names.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "junit" => Some(Format::Junit),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// What one file gave.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as given.
    pub path: String,
    /// How many steps the scenario has (when it was read).
    pub steps: usize,
    /// With `--verbose`, a line per step played.
    pub step_lines: Vec<String>,
    /// Why it failed, if it did: every problem of the file, or the one that ended it.
    pub problems: Vec<Problem>,
}

impl FileReport {
    fn passed(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads, checks and plays one file's text (`Err`: the file could not be read, and why).
pub fn run_file(path: &str, text: Result<String, String>, verbose: bool) -> FileReport {
    let mut report = FileReport { path: path.to_owned(), steps: 0, step_lines: Vec::new(), problems: Vec::new() };
    let text = match text {
        Ok(text) => text,
        Err(why) => {
            report.problems.push(Problem { at: "the file".to_owned(), position: None, message: why });
            return report;
        }
    };
    let scenario = match Scenario::load(&text) {
        Ok(scenario) => Rc::new(scenario),
        Err(_) => {
            report.problems = check(&text);
            return report;
        }
    };
    report.steps = scenario.steps.len();
    match scenario.run() {
        Ok(session) if verbose => {
            report.step_lines = session.history().iter().enumerate().map(|(n, r)| step_line(n + 1, r)).collect();
        }
        Ok(_) => {}
        Err(ScenarioError::Mismatch(m)) => {
            let at = format!("step {}", m.step);
            let message = format!("expected `{}`, got `{}`: {}", m.expected, m.got, m.message);
            let what = format!("{at} (`{}`{})", m.action, m.actor);
            report.problems.push(Problem { position: locate(&text, &at), at: what, message });
        }
        Err(ScenarioError::Invalid { at, message }) => {
            report.problems.push(Problem { position: locate(&text, &at), at, message });
        }
    }
    report
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

/// `path:line:column: place: message` (or without the line and column where the place is not
/// in the text), as compilers write a located error.
fn located(path: &str, p: &Problem) -> String {
    match p.position {
        Some(Position { line, column }) if p.at.starts_with("line ") => {
            format!("{path}:{line}:{column}: {}", p.message)
        }
        Some(Position { line, column }) => format!("{path}:{line}:{column}: {}: {}", p.at, p.message),
        None => format!("{path}: {}: {}", p.at, p.message),
    }
}

/// The text report of one file: `ok` with its step count, or `FAIL` with each problem located.
fn text_lines(r: &FileReport) -> Vec<String> {
    if r.passed() {
        let mut lines = vec![format!("ok    {} ({} steps)", r.path, r.steps)];
        lines.extend(r.step_lines.iter().map(|l| format!("      {l}")));
        return lines;
    }
    match r.problems.as_slice() {
        [one] => vec![format!("FAIL  {}", located(&r.path, one))],
        many => {
            let mut lines = vec![format!("FAIL  {}: {} problems", r.path, many.len())];
            lines.extend(many.iter().map(|p| format!("      {}", located(&r.path, p))));
            lines
        }
    }
}

/// The lines of the whole report in `format`, and the exit status (0 when every file holds).
pub fn render(reports: &[FileReport], format: Format) -> (Vec<String>, u8) {
    let failed = reports.iter().filter(|r| !r.passed()).count();
    let totals = format!("{} passed, {failed} failed", reports.len() - failed);
    let lines = match format {
        Format::Text => reports.iter().flat_map(text_lines).chain([totals]).collect(),
        Format::Github => reports
            .iter()
            .flat_map(|r| {
                let mut lines = text_lines(r);
                lines.extend(r.problems.iter().map(|p| github(&r.path, p)));
                lines
            })
            .chain([totals])
            .collect(),
        Format::Json => vec![json_report(reports, failed).to_string()],
        Format::Junit => junit(reports, failed),
    };
    (lines, u8::from(failed > 0))
}

/// A GitHub Actions `::error` workflow command at the problem's file, line and column.
fn github(path: &str, p: &Problem) -> String {
    let mut props = format!("file={}", escape_property(path));
    if let Some(Position { line, column }) = p.position {
        props.push_str(&format!(",line={line},col={column}"));
    }
    let message = if p.at.starts_with("line ") { p.message.clone() } else { format!("{}: {}", p.at, p.message) };
    format!("::error {props},title=mua run::{}", escape_data(&message))
}

/// A workflow command's message (GitHub's `escapeData`: `%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property (GitHub's `escapeProperty`: also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn json_report(reports: &[FileReport], failed: usize) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let problems: Vec<Value> = r
                .problems
                .iter()
                .map(|p| {
                    json!({
                        "at": p.at,
                        "line": p.position.map(|p| p.line),
                        "column": p.position.map(|p| p.column),
                        "message": p.message,
                    })
                })
                .collect();
            json!({ "file": r.path, "passed": r.passed(), "steps": r.steps, "problems": problems })
        })
        .collect();
    json!({ "files": files, "passed": reports.len() - failed, "failed": failed })
}

/// JUnit XML: one test suite, a test case per file, a failure per failed file listing its problems.
fn junit(reports: &[FileReport], failed: usize) -> Vec<String> {
    let n = reports.len();
    let mut lines = vec![
        r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_owned(),
        format!(r#"<testsuites name="mua run" tests="{n}" failures="{failed}">"#),
        format!(r#"  <testsuite name="mua run" tests="{n}" failures="{failed}">"#),
    ];
    for r in reports {
        let name = xml(&r.path);
        if r.passed() {
            lines.push(format!(r#"    <testcase classname="scenario" name="{name}"/>"#));
            continue;
        }
        let all: Vec<String> = r.problems.iter().map(|p| xml(&located(&r.path, p))).collect();
        let first = r.problems.first().map(|p| xml(&p.message)).unwrap_or_default();
        lines.push(format!(r#"    <testcase classname="scenario" name="{name}">"#));
        lines.push(format!(r#"      <failure message="{first}">{}</failure>"#, all.join("&#10;")));
        lines.push("    </testcase>".to_owned());
    }
    lines.push("  </testsuite>".to_owned());
    lines.push("</testsuites>".to_owned());
    lines
}

/// Text as XML character data or an attribute value.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_as_github_does() {
        let p = Problem {
            at: "step 3 field `role`".to_owned(),
            position: Some(Position { line: 14, column: 9 }),
            message: "unknown role `Reeder`: 100% sure\nnext".to_owned(),
        };
        assert_eq!(
            github("docs/a,b:c.json", &p),
            "::error file=docs/a%2Cb%3Ac.json,line=14,col=9,title=mua run::step 3 field `role`: unknown role `Reeder`: 100%25 sure%0Anext"
        );
    }
}
