//! The `az` commands the console knows, and reading a line's words into one of them with its
//! arguments, as az's own parser does: the longest known command path, `--name value`,
//! `--name=value`, several values after a list parameter, short aliases (`-g`, `-n`), az's global
//! arguments, and az's messages for what it does not accept (`ERROR: unrecognized arguments: …`,
//! `ERROR: the following arguments are required: …`, `ERROR: '…' is misspelled or not recognized by
//! the system.`). The commands are the families' (`family`, one table entry each); the parameters
//! are the ones the seeds' lines and synopses use (SPEC §10).

use std::fmt;

use crate::family::az_commands;
use crate::table::p;
pub use crate::table::{Arity, AzCall, AzCommand, Param};

/// az's global arguments, accepted by every command.
pub(crate) const GLOBAL: &[Param] = &[
    p(&["--subscription"], Arity::One, false),
    p(&["--output", "-o"], Arity::One, false),
    p(&["--query"], Arity::One, false),
    p(&["--only-show-errors"], Arity::Flag, false),
    p(&["--verbose"], Arity::Flag, false),
    p(&["--debug"], Arity::Flag, false),
];

/// What a line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AzLine {
    /// Run a command.
    Run(AzCall),
    /// `--help` of a command or of a group (its path as typed).
    Help(String),
}

/// Why az refused a line before running it; its `Display` is az's message (argparse's, as azure-cli's
/// `src/azure-cli-core/azure/cli/core/parser.py` prints it: a parameter named by all its option
/// strings joined with `/`, a recommendation on the line after the error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AzError {
    /// The line's first word is not `az`: Cloud Shell's bash has no such command.
    NotAz(String),
    /// No command has this path; the closest known word, if one is close (`difflib`, cutoff 0.7).
    NotRecognized(String, Option<&'static str>),
    /// Arguments no parameter of the command takes.
    Unrecognized(Vec<String>),
    /// A parameter given without its value.
    ExpectedValue(&'static Param),
    /// Required parameters missing, all of them.
    Required(Vec<&'static Param>),
}

impl Param {
    /// The parameter as argparse names it in a message: its option strings joined with `/`.
    pub fn shown(&self) -> String {
        self.names.join("/")
    }
}

impl fmt::Display for AzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AzError::NotAz(word) => write!(f, "bash: {word}: command not found"),
            AzError::NotRecognized(word, close) => {
                write!(f, "ERROR: '{word}' is misspelled or not recognized by the system.")?;
                match close {
                    Some(close) => write!(f, "\nDid you mean '{close}' ?"),
                    None => Ok(()),
                }
            }
            AzError::Unrecognized(words) => write!(f, "ERROR: unrecognized arguments: {}", words.join(" ")),
            AzError::ExpectedValue(param) => write!(f, "ERROR: argument {}: expected one argument", param.shown()),
            AzError::Required(params) => {
                let names: Vec<String> = params.iter().map(|p| p.shown()).collect();
                write!(f, "ERROR: the following arguments are required: {}", names.join(", "))
            }
        }
    }
}

/// Reads an az line's words (see `words::shell_commands`).
pub fn parse(words: &[String]) -> Result<AzLine, AzError> {
    let (first, rest) = words.split_first().ok_or_else(|| AzError::NotAz(String::new()))?;
    if first != "az" {
        return Err(AzError::NotAz(first.clone()));
    }
    let path_len = rest.iter().take_while(|w| !w.starts_with('-')).count();
    let typed = rest[..path_len].join(" ");
    let help = rest[path_len..].iter().any(|w| w == "--help" || w == "-h");
    let command = az_commands().find(|c| c.path == typed);
    let Some(command) = command else {
        let is_group = !typed.is_empty() && az_commands().any(|c| c.path.starts_with(&format!("{typed} ")));
        if help || typed.is_empty() || is_group {
            return Ok(AzLine::Help(typed));
        }
        // az names the first word it does not know: the one after the longest known prefix.
        let known_prefix = |n: usize| {
            let prefix = rest[..n].join(" ");
            n == 0 || az_commands().any(|c| c.path == prefix || c.path.starts_with(&format!("{prefix} ")))
        };
        let known = (0..path_len).rev().find(|&n| known_prefix(n)).unwrap_or(0);
        // The words az would take in that place: the next word of every command under the known prefix.
        let prefix: Vec<&str> = rest[..known].iter().map(String::as_str).collect();
        let choices = az_commands().filter_map(|c| {
            let mut parts = c.path.split(' ');
            prefix.iter().all(|w| parts.next() == Some(w)).then(|| parts.next()).flatten()
        });
        let close = crate::difflib::closest(&rest[known], choices, 0.7);
        return Err(AzError::NotRecognized(rest[known].clone(), close));
    };
    if help {
        return Ok(AzLine::Help(typed));
    }
    let mut args: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut unrecognized = Vec::new();
    let mut i = path_len;
    while i < rest.len() {
        let word = &rest[i];
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_owned())),
            _ => (word.as_str(), None),
        };
        let param = command.params.iter().chain(GLOBAL).find(|p| p.names.contains(&name));
        let Some(param) = param else {
            unrecognized.push(word.clone());
            i += 1;
            continue;
        };
        i += 1;
        let mut values: Vec<String> = inline.into_iter().collect();
        match param.arity {
            Arity::Flag => {}
            Arity::One if values.is_empty() => match rest.get(i) {
                Some(v) if !v.starts_with("--") => {
                    values.push(v.clone());
                    i += 1;
                }
                _ => return Err(AzError::ExpectedValue(param)),
            },
            Arity::One => {}
            Arity::Many => {
                while let Some(v) = rest.get(i).filter(|v| !v.starts_with("--")) {
                    values.push(v.clone());
                    i += 1;
                }
                if values.is_empty() {
                    return Err(AzError::ExpectedValue(param));
                }
            }
        }
        match args.iter_mut().find(|(n, _)| *n == param.names[0]) {
            Some((_, existing)) => *existing = values,
            None => args.push((param.names[0], values)),
        }
    }
    if !unrecognized.is_empty() {
        return Err(AzError::Unrecognized(unrecognized));
    }
    let missing: Vec<&'static Param> =
        command.params.iter().filter(|p| p.required && !args.iter().any(|(n, _)| *n == p.names[0])).collect();
    if !missing.is_empty() {
        return Err(AzError::Required(missing));
    }
    Ok(AzLine::Run(AzCall { command: command.path, args }))
}

/// az's help for a command or a group: its commands, or the command's arguments.
pub fn help(path: &str) -> String {
    if let Some(command) = az_commands().find(|c| c.path == path) {
        let mut out = format!("Command\n    az {} : {}\n\nArguments\n", command.path, command.summary);
        for param in command.params {
            let required = if param.required { " [Required]" } else { "" };
            out.push_str(&format!("    {}{required}\n", param.names.join(" ")));
        }
        out.push_str("\nGlobal Arguments\n");
        for param in GLOBAL {
            out.push_str(&format!("    {}\n", param.names.join(" ")));
        }
        return out;
    }
    let prefix = if path.is_empty() { String::new() } else { format!("{path} ") };
    let mut out = format!("Group\n    az {path}\n\nCommands\n");
    // As az lists a group's commands: by name (the table is sorted).
    for command in az_commands().filter(|c| c.path.starts_with(&prefix)) {
        out.push_str(&format!("    az {:<58} : {}\n", command.path, command.summary));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::words::shell_commands;

    fn line(text: &str) -> Result<AzLine, AzError> {
        parse(&shell_commands(text).unwrap()[0])
    }

    fn call(text: &str) -> AzCall {
        match line(text) {
            Ok(AzLine::Run(call)) => call,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn the_seeds_lines_read_as_az_reads_them() {
        let c = call(
            r#"az dataprotection resource-guard create --location "Location" --tags key1="val1" --resource-group "RgName" --resource-guard-name "ResourceGuardName""#,
        );
        assert_eq!(c.command, "dataprotection resource-guard create");
        assert_eq!(c.value("--location"), Some("Location"));
        assert_eq!(c.values("--tags"), Some(&["key1=val1".to_owned()][..]));
        assert_eq!(c.value("--name"), Some("ResourceGuardName"));
        let c = call(
            r#"az dataprotection resource-guard update --resource-group "RgName" --resource-guard-name "ResourceGuardName" --resource-type "Microsoft.RecoveryServices/vaults" --critical-operation-exclusion-list deleteProtection getSecurityPIN updatePolicy   "#,
        );
        assert_eq!(
            c.values("--critical-operation-exclusion-list").unwrap(),
            ["deleteProtection", "getSecurityPIN", "updatePolicy"]
        );
        assert_eq!(c.value("--resource-type"), Some("Microsoft.RecoveryServices/vaults"));
        let c = call("az backup vault resource-guard-mapping update --resource-group RgName --name VaultName --resource-guard-id ResourceGuardId");
        assert_eq!((c.value("--name"), c.value("--resource-guard-id")), (Some("VaultName"), Some("ResourceGuardId")));
        let c =
            call("az backup vault resource-guard-mapping delete -g RgName -n VaultName --tenant-id=t2 --yes -o json");
        assert_eq!(
            (c.value("--resource-group"), c.value("--tenant-id"), c.flag("--yes")),
            (Some("RgName"), Some("t2"), true)
        );
        assert_eq!(c.value("--output"), Some("json"));
    }

    /// azure-cli `src/azure-cli-core/azure/cli/core/parser.py` (argparse's messages, `_check_value`'s
    /// "Did you mean" from `difflib.get_close_matches(…, cutoff=0.7)`), and Cloud Shell's bash for a
    /// word that is not a command.
    #[test]
    fn what_az_does_not_accept_gets_azs_message() {
        let cases = [
            (
                "az backup vault resource-guard-mapping update --name v",
                "ERROR: the following arguments are required: --resource-guard-id",
            ),
            // Every missing argument at once, each with all its option strings.
            (
                "az dataprotection resource-guard create -l westeurope",
                "ERROR: the following arguments are required: --resource-group/-g, --name/-n/--resource-guard-name",
            ),
            ("az dataprotection resource-guard show -g rg -n g --colour red", "ERROR: unrecognized arguments: --colour red"),
            (
                "az dataprotection resource-gaurd show",
                "ERROR: 'resource-gaurd' is misspelled or not recognized by the system.\nDid you mean 'resource-guard' ?",
            ),
            (
                "az backup vualt show",
                "ERROR: 'vualt' is misspelled or not recognized by the system.\nDid you mean 'vault' ?",
            ),
            ("az foo", "ERROR: 'foo' is misspelled or not recognized by the system."),
            ("az account set --subscription", "ERROR: argument --subscription/-s/--name/-n: expected one argument"),
            // `backup vault` takes the vault's name as --name/-n only (backup/_params.py).
            (
                "az backup vault resource-guard-mapping show -g rg --vault-name v",
                "ERROR: unrecognized arguments: --vault-name v",
            ),
            ("Get-AzContext", "bash: Get-AzContext: command not found"),
        ];
        for (text, message) in cases {
            assert_eq!(line(text).unwrap_err().to_string(), message, "{text}");
        }
    }

    #[test]
    fn help_lists_commands_and_arguments() {
        assert_eq!(
            line("az dataprotection resource-guard").unwrap(),
            AzLine::Help("dataprotection resource-guard".to_owned())
        );
        assert_eq!(line("az login --help").unwrap(), AzLine::Help("login".to_owned()));
        let group = help("dataprotection resource-guard");
        assert!(group.contains("az dataprotection resource-guard list-protected-operations"), "{group}");
        assert!(!group.contains("az login"), "{group}");
        let command = help("backup vault resource-guard-mapping update");
        assert!(command.contains("--resource-guard-id [Required]") && command.contains("--tenant-id"), "{command}");
        assert!(help("").contains("az role assignment create"));
    }
}
