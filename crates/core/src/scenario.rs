//! Scenarios as typed data (SPEC §8): the initial world and the steps, each with what it expects,
//! and how an outcome is compared with an expectation. Reading and writing the JSON file is
//! `scenario_file.rs`; running is a [`crate::Session`].

use std::fmt;

use chrono::TimeDelta;

use crate::command::Command;
use crate::duration;
use crate::error::{ErrorCode, Refusal};
use crate::model::PrincipalKind;
use crate::sim::{Outcome, Simulator};
use crate::world::World;

/// Why a scenario could not be loaded or did not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The file is not valid JSON or not of the scenario shape.
    #[error("invalid-input: {at}: {message}")]
    Invalid {
        /// Where: `step 4 field \`vault\``, `world.subscriptions[1]`.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A step's outcome differs from its `expect`.
    #[error("{0}")]
    Mismatch(Box<Mismatch>),
}

/// One problem of a scenario file (what `scenario_file::check` lists): where, in the reader's words
/// and in the text, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The place the reader names: `step 4 field \`vault\``, `world.tenants[0].name`.
    pub at: String,
    /// Its line and column in the file's text, where the place is in it.
    pub position: Option<crate::locate::Position>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) if !self.at.starts_with("line ") => {
                write!(f, "{}:{}: {}: {}", p.line, p.column, self.at, self.message)
            }
            Some(p) => write!(f, "{}:{}: {}", p.line, p.column, self.message),
            None => write!(f, "{}: {}", self.at, self.message),
        }
    }
}

/// The details of a step whose outcome differs from its `expect`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("step {step} (`{action}`{actor}): expected `{expected}`, got `{got}`: {message}")]
pub struct Mismatch {
    /// 1-based step number.
    pub step: usize,
    /// The step's `do` (or `advance`).
    pub action: String,
    /// ` as \`bob\`` or empty.
    pub actor: String,
    /// What the step expected.
    pub expected: String,
    /// What happened.
    pub got: String,
    /// The refusal's sentence, or what succeeded.
    pub message: String,
}

impl ScenarioError {
    /// The error code: `invalid-input` for a malformed file, none for a mismatch.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ScenarioError::Invalid { .. } => Some(ErrorCode::InvalidInput),
            ScenarioError::Mismatch(_) => None,
        }
    }
}

pub(crate) fn invalid(at: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid { at: at.into(), message: message.into() }
}

/// What a step expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Success.
    Ok,
    /// A refusal with this code.
    Refused(ErrorCode),
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Ok => f.write_str("ok"),
            Expect::Refused(c) => f.write_str(c.as_str()),
        }
    }
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepAction {
    /// Run a command as a principal.
    Run {
        /// The principal.
        actor: String,
        /// The command.
        command: Command,
    },
    /// Move the clock.
    Advance(TimeDelta),
    /// Console text (one line or a block) run as a principal (SPEC §10).
    Console {
        /// The principal.
        actor: String,
        /// az or PowerShell.
        shell: Shell,
        /// The text as typed or pasted.
        text: String,
    },
}

impl StepAction {
    /// Who acts (none for a clock move).
    pub fn actor(&self) -> Option<&str> {
        match self {
            StepAction::Run { actor, .. } | StepAction::Console { actor, .. } => Some(actor),
            StepAction::Advance(_) => None,
        }
    }

    /// A console step's first line, as a person reads it: `az backup vault …` (and `…` when the
    /// text goes on).
    pub fn console_line(&self) -> Option<String> {
        let StepAction::Console { text, .. } = self else { return None };
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or_default();
        Some(if lines.next().is_some() { format!("{first} …") } else { first.to_owned() })
    }

    /// The step's name in messages: the command's action name, `advance`, `az` or `pwsh`.
    pub fn name(&self) -> &'static str {
        match self {
            StepAction::Run { command, .. } => command.action_name(),
            StepAction::Advance(_) => "advance",
            StepAction::Console { shell, .. } => shell.as_str(),
        }
    }
}

/// The two shells of the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    /// The Azure CLI.
    Az,
    /// Azure PowerShell.
    Pwsh,
}

impl Shell {
    /// Both shells, az first.
    pub const ALL: [Shell; 2] = [Shell::Az, Shell::Pwsh];

    /// The scenario file's key for the shell's steps: `az` or `pwsh`.
    pub fn as_str(self) -> &'static str {
        match self {
            Shell::Az => "az",
            Shell::Pwsh => "pwsh",
        }
    }
}

/// The Az PowerShell module a scenario's consoles load (SPEC §10a): Az 13, the seeds' (the
/// default: `Get-AzAccessToken`'s `.Token` is a string the Recovery Services cmdlets take as
/// `-Token`), or Az 14, where `.Token` is a SecureString, the cmdlets take `-SecureToken` and
/// `-Token` is deprecated. Source: learn.microsoft.com/powershell/azure/migrate-az-14.0.0
/// (Az.Accounts 5.0.0), and azure-powershell's `Set-AzRecoveryServicesResourceGuardMapping`
/// (`src/RecoveryServices/RecoveryServices.Backup/Cmdlets/ResourceGuard`, PR #27406).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AzPowerShell {
    /// Az 13: `.Token` is a string.
    #[default]
    Az13,
    /// Az 14 and later: `.Token` is a SecureString.
    Az14,
}

impl AzPowerShell {
    /// Its major version as the scenario file writes it (`"az_powershell": "14"`).
    pub fn as_str(self) -> &'static str {
        match self {
            AzPowerShell::Az13 => "13",
            AzPowerShell::Az14 => "14",
        }
    }

    /// The version a scenario file or `Import-Module -RequiredVersion` names: `13`, `14` or a full
    /// version of either (`14.0.0`).
    pub fn parse(text: &str) -> Option<AzPowerShell> {
        match text.split('.').next()? {
            "13" => Some(AzPowerShell::Az13),
            "14" => Some(AzPowerShell::Az14),
            _ => None,
        }
    }
}

/// Why console steps wait until a front end installs the console (`engine::install`): in the site,
/// while Cloud Shell's code loads.
pub const CONSOLE_NOT_LOADED: &str = "console steps (`az`, `pwsh`) need Cloud Shell, which has not loaded yet";

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What it does.
    pub action: StepAction,
    /// What it expects.
    pub expect: Expect,
}

impl Step {
    /// A one-line description: "bob: disable_soft_delete", "advance PT2H" or "bob: az backup vault …".
    pub fn describe(&self) -> String {
        match &self.action {
            StepAction::Run { actor, command } => format!("{actor}: {}", command.action_name()),
            StepAction::Advance(d) => format!("advance {}", duration::format(*d)),
            StepAction::Console { actor, .. } => {
                format!("{actor}: {}", self.action.console_line().unwrap_or_default())
            }
        }
    }
}

/// A loaded, validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Title.
    pub title: String,
    /// Optional longer description.
    pub description: String,
    /// The initial world.
    pub world: World,
    /// The steps (the plan: a guided tour's steps, without the assertions).
    pub steps: Vec<Step>,
    /// Each step's number among the file's steps, assertions counted (what messages name).
    pub numbers: Vec<usize>,
    /// The state assertions, each where it stands in the plan.
    pub assertions: Vec<PlannedAssertion>,
    /// The Az PowerShell its consoles start with (`"az_powershell"`; Az 13 when absent).
    pub az_powershell: AzPowerShell,
    /// The file it was read from (its world is exported as the author wrote it).
    pub(crate) document: serde_json::Value,
}

/// A state assertion where it stands in a scenario: after how many of the plan's steps, its
/// number among the file's steps, and its JSON (written back by exports as it was).
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedAssertion {
    /// How many plan steps come before it.
    pub after: usize,
    /// Its number among the file's steps (1-based).
    pub number: usize,
    /// What it checks.
    pub assertion: crate::assertion::Assertion,
    /// The step as the file has it.
    pub json: serde_json::Value,
}

impl Scenario {
    /// The assertions that stand after `n` plan steps, checked against `world`: the first that does
    /// not hold, as a mismatch naming its step and field.
    pub fn check_assertions(&self, n: usize, world: &World) -> Result<(), ScenarioError> {
        for a in self.assertions.iter().filter(|a| a.after == n) {
            if let Err(f) = crate::assertion::check(&a.assertion, world) {
                return Err(ScenarioError::Mismatch(Box::new(Mismatch {
                    step: a.number,
                    action: "assert".to_owned(),
                    actor: String::new(),
                    expected: format!("{}: {}", f.field, f.expected),
                    got: format!("{}: {}", f.field, f.got),
                    message: format!("{} does not hold what the assertion says", f.what),
                })));
            }
        }
        Ok(())
    }

    /// A fresh simulator at the scenario's start.
    pub fn simulator(&self) -> Simulator {
        Simulator::new(self.world.clone())
    }

    /// The principal a session of this scenario acts as first: the first actor of its steps, else
    /// its first user.
    pub fn first_actor(&self) -> String {
        self.steps
            .iter()
            .find_map(|step| match &step.action {
                StepAction::Run { actor, .. } | StepAction::Console { actor, .. } => Some(actor.clone()),
                StepAction::Advance(_) => None,
            })
            .or_else(|| self.world.principals().values().find(|p| p.kind == PrincipalKind::User).map(|p| p.id.clone()))
            .unwrap_or_default()
    }
}

/// The result of a step that ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepResult {
    /// The command succeeded.
    Ok(Outcome),
    /// The clock moved.
    Advanced,
    /// The command was refused.
    Refused(Refusal),
}

impl StepResult {
    /// The checks of the decision, when a command was decided (not a move of the clock).
    pub fn trace(&self) -> Option<&crate::error::Trace> {
        match self {
            StepResult::Ok(outcome) => Some(&outcome.trace),
            StepResult::Refused(refusal) => Some(&refusal.trace),
            StepResult::Advanced => None,
        }
    }

    /// The result in `expect` terms.
    pub fn as_expect(&self) -> Expect {
        match self {
            StepResult::Ok(_) | StepResult::Advanced => Expect::Ok,
            StepResult::Refused(r) => Expect::Refused(r.code),
        }
    }
}

/// Compares a step's result with its `expect`.
pub fn check_expect(number: usize, step: &Step, result: &StepResult) -> Result<(), ScenarioError> {
    let got = result.as_expect();
    if got == step.expect {
        return Ok(());
    }
    let action = step.action.name().to_owned();
    let actor = step.action.actor().map_or_else(String::new, |actor| format!(" as `{actor}`"));
    let message = match result {
        // Azure's own code beside ours, where a public source shows it.
        StepResult::Refused(r) => match r.azure {
            Some(azure) => format!("{} (Azure: {}, {})", r.message, azure.code, azure.source),
            None => r.message.clone(),
        },
        StepResult::Ok(_) | StepResult::Advanced => "the operation succeeded".to_owned(),
    };
    Err(ScenarioError::Mismatch(Box::new(Mismatch {
        step: number,
        action,
        actor,
        expected: step.expect.to_string(),
        got: got.to_string(),
        message,
    })))
}
