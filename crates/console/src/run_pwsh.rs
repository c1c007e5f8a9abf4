//! Running the Az PowerShell cmdlets of the seeds (SPEC §10): a call bound to its cmdlet's
//! parameters as PowerShell binds them (any unambiguous prefix, any case), then run by the cmdlet's
//! family (`family`) as the principal with the tokens the cmdlet sends — one for the directory of
//! the subscription it addresses (any directory the account is in, its own or a guest's) and the
//! `-Token` of `Get-AzAccessToken -TenantId` — with the objects they return as PowerShell shows
//! them, and PowerShell's error text.

use super::pwsh::{Call, Cmdlets, PsValue};
use super::LineError;
use crate::family::cmdlets;
use crate::host::{Bound, Host};
use crate::table::Cmdlet;
use crate::words::{powershell_tokens, Token};
use mua_core::error::Refusal;

/// Parameters every cmdlet takes (PowerShell's common parameters and Az's profile).
const COMMON: &[&str] = &["DefaultProfile", "ErrorAction", "Confirm", "WhatIf", "Verbose", "Debug"];

impl Cmdlets for Host<'_> {
    fn invoke(&mut self, call: Call) -> Result<PsValue, LineError> {
        let cmdlet = cmdlets().find(|c| c.name.eq_ignore_ascii_case(&call.name)).ok_or_else(|| {
            LineError::Usage(format!(
                "{0}: The term '{0}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                call.name
            ))
        })?;
        self.current = cmdlet.name;
        let bound = bind(cmdlet, call)?;
        crate::family::run_cmdlet(self, cmdlet.name, &bound)
    }
}

/// Binds named arguments (any unambiguous prefix, any case), and a bare argument to the first
/// parameter of a cmdlet that takes one by position (`Get-Help`'s name).
fn bind(cmdlet: &Cmdlet, call: Call) -> Result<Bound, LineError> {
    let mut args: Vec<(&'static str, PsValue)> = Vec::new();
    for (name, value) in call.args {
        let param = if name.is_empty() {
            cmdlet.params.first().map(|p| p.0).filter(|_| cmdlet.positional).ok_or_else(|| {
                LineError::Usage(format!(
                    "{}: A positional parameter cannot be found that accepts argument '{}'.",
                    cmdlet.name,
                    value.as_text().unwrap_or_default()
                ))
            })?
        } else {
            let exact =
                cmdlet.params.iter().map(|p| p.0).chain(COMMON.iter().copied()).find(|p| p.eq_ignore_ascii_case(&name));
            let prefixed: Vec<&'static str> = cmdlet
                .params
                .iter()
                .map(|p| p.0)
                .filter(|p| p.len() >= name.len() && p[..name.len()].eq_ignore_ascii_case(&name))
                .collect();
            match (exact, prefixed.as_slice()) {
                (Some(p), _) | (None, &[p]) => p,
                (None, []) => {
                    return Err(LineError::Usage(format!(
                        "{}: A parameter cannot be found that matches parameter name '{name}'.",
                        cmdlet.name
                    )))
                }
                (None, many) => {
                    return Err(LineError::Usage(format!(
                        "{}: Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: -{}.",
                        cmdlet.name,
                        many.join(" -")
                    )))
                }
            }
        };
        args.push((param, value));
    }
    let missing: Vec<&str> =
        cmdlet.params.iter().filter(|(p, m)| *m && !args.iter().any(|(n, _)| n == p)).map(|p| p.0).collect();
    if !missing.is_empty() {
        return Err(LineError::Usage(format!(
            "{}: Cannot process command because of one or more missing mandatory parameters: {}.",
            cmdlet.name,
            missing.join(" ")
        )));
    }
    Ok(Bound { args })
}

/// The `-Name` of each cmdlet in a text that creates what it names (its entry says so).
pub(crate) fn created(text: &str) -> Vec<String> {
    let tokens = powershell_tokens(text).unwrap_or_default();
    let mut names = Vec::new();
    let mut creating = false;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Word(w) => {
                creating |= cmdlets().any(|c| c.creates && c.name.eq_ignore_ascii_case(w));
            }
            Token::End | Token::Pipe => creating = false,
            Token::Parameter(p) if creating && p.eq_ignore_ascii_case("Name") => {
                if let Some(Token::Str(name, _) | Token::Word(name)) = tokens.get(i + 1) {
                    names.push(name.clone());
                }
            }
            _ => {}
        }
    }
    names
}

/// A refusal as PowerShell shows a cmdlet's error, with Azure's code where a public source shows
/// it, and the simulator's own code.
pub(crate) fn error_text(cmdlet: &str, refusal: &Refusal) -> String {
    let azure = refusal.azure.map(|a| format!("\nErrorCode: {}", a.code)).unwrap_or_default();
    format!("{cmdlet}: {}{azure}\nSimulator code: {}", refusal.message, refusal.code.as_str())
}
