//! The console's edge (SPEC §10): the seeds' `az` and PowerShell lines, read into the core's
//! commands and run through the session as the signed-in principal.
//!
//! The command table is `family`: one entry per command family (`impl Family`), holding its az
//! commands and cmdlets with their parameters, its readers (az lines, ARM REST routes), the lines it
//! runs itself, what az prints, its cmdlets' bodies and its export writer. Below it: [`table`] (the
//! entries' shapes), [`words`] (splitting console text as the two shells do), [`arm`] (the world's
//! objects as ARM returns them), [`pwsh`] (the PowerShell language the seeds write), [`changes`]
//! (az's context and the ARM ids a line names), [`rest`] (reading `az rest` calls) and `host` (what a
//! family's commands run with). Above it: [`az`] (reading an az line against the table, az's usage
//! messages and help), `run_az` and [`run_pwsh`] (running a line through its family and printing it
//! as the tool does), [`complete`] (Tab), [`script`] (scripts with their directives) and [`export`]
//! (a session as az, PowerShell or REST script). The console decides nothing: every read and change
//! is the core's decision ([`mua_core::World::decide_read`], [`Simulator::submit`]).

pub mod arm;
pub mod az;
pub mod changes;
pub mod complete;
mod difflib;
pub mod export;
mod family;
mod host;
mod output;
pub mod pwsh;
pub mod rest;
mod run_az;
pub mod run_pwsh;
pub mod script;
pub mod table;
pub mod words;

use mua_core::engine::{Consoles, Engine, Ran};
use mua_core::error::{ErrorCode, Refusal, Trace};
use mua_core::model::{Carried, Handle};
use mua_core::scenario::AzPowerShell;
use mua_core::sim::{Outcome, Simulator};
use mua_core::table::Table;

pub use changes::AzContext;
pub use complete::{complete, Completion};
pub use mua_core::scenario::Shell;

/// One principal's console: where its az and PowerShell lines act from, and its variables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsoleState {
    /// az's context (`az login --tenant`, `az account set`).
    pub az: AzContext,
    /// Az PowerShell's context (`Connect-AzAccount`, `Set-AzContext`).
    pub pwsh_context: AzContext,
    /// PowerShell's variables.
    pub pwsh: pwsh::PwshState,
    /// The Az PowerShell `Import-Module Az -RequiredVersion` loaded (else the scenario's).
    pub az_powershell: Option<AzPowerShell>,
    /// The az line waiting for its `y` or `n` (az asked "Are you sure…?"): the next az line answers.
    pub confirming: Option<Vec<String>>,
}

/// The Az PowerShell a principal's console has loaded: the one it imported, else the scenario's
/// (what Cloud Shell's version picker shows).
pub fn az_powershell(consoles: &Consoles, actor: &str) -> AzPowerShell {
    consoles
        .get::<States>()
        .and_then(|s| s.states.get(actor))
        .and_then(|s| s.az_powershell)
        .unwrap_or(consoles.az_powershell)
}

/// Whether a principal's az is waiting for the answer to its confirmation prompt (Cloud Shell
/// shows the question, not the shell's prompt, before what the person types next).
pub fn awaits_answer(consoles: &Consoles, actor: &str) -> bool {
    consoles.get::<States>().and_then(|s| s.states.get(actor)).is_some_and(|s| s.confirming.is_some())
}

/// Every principal's console in a session; a console starts the first time its principal types.
/// The session keeps it for the console (`mua_core::engine::Consoles`), which alone reads it.
#[derive(Clone, Debug, Default)]
pub struct States {
    states: Table<Handle, ConsoleState>,
}

/// The console's entry points, which a front end installs in the core ([`install`]).
pub static ENGINE: Engine = Engine { run, creates };

/// Makes the console available to the core's sessions and scenario reader (once; later calls
/// change nothing): `mua` and the tests at start, the portal once Cloud Shell's code has loaded.
pub fn install() {
    mua_core::engine::install(&ENGINE);
}

/// Why a line did not run or was refused.
#[derive(Debug)]
pub(crate) enum LineError {
    /// The tool refused the line before sending anything: its usage message (the core's
    /// `invalid-input`).
    Usage(String),
    /// The core refused the request.
    Refused(Refusal),
}

impl From<Refusal> for LineError {
    fn from(refusal: Refusal) -> Self {
        LineError::Refused(refusal)
    }
}

/// What a line that ran printed, and the checks of what it asked the core.
pub(crate) struct Printed {
    pub(crate) text: String,
    pub(crate) trace: Trace,
}

/// Runs console text as `actor`: each command of the text in turn, until one is refused.
pub fn run(sim: &mut Simulator, consoles: &mut Consoles, actor: &str, shell: Shell, text: &str) -> Ran {
    let start = sim.events().len();
    let az_powershell = consoles.az_powershell;
    let terminal = !consoles.no_terminal;
    let state = consoles.get_mut::<States>().states.entry(actor.to_owned()).or_default();
    let mut output = Vec::new();
    let mut trace = Trace::default();
    let ended = match shell {
        Shell::Az => run_az_text(sim, state, actor, terminal, text, &mut output, &mut trace),
        Shell::Pwsh => run_pwsh_text(sim, state, az_powershell, actor, text, &mut output, &mut trace),
    };
    let result = match ended {
        Ok(()) => Ok(Outcome { events: start..sim.events().len(), trace }),
        Err(refusal) => Err(refusal),
    };
    Ran { output: output.join("\n"), result }
}

fn run_az_text(
    sim: &mut Simulator,
    state: &mut ConsoleState,
    actor: &str,
    terminal: bool,
    text: &str,
    output: &mut Vec<String>,
    trace: &mut Trace,
) -> Result<(), Refusal> {
    let lines = words::shell_commands(text).map_err(|e| usage(output, format!("ERROR: {e}")))?;
    for words in &lines {
        let ran = run_az::run_or_answer(sim, state, actor, terminal, words).map(|printed| {
            trace.append(printed.trace);
            printed.text
        });
        settle(output, ran, sim.world(), Shell::Az, AzPowerShell::default(), run_az::error_text)?;
    }
    Ok(())
}

fn run_pwsh_text(
    sim: &mut Simulator,
    state: &mut ConsoleState,
    scenario_az: AzPowerShell,
    actor: &str,
    text: &str,
    output: &mut Vec<String>,
    trace: &mut Trace,
) -> Result<(), Refusal> {
    let statements = pwsh::statements(text).map_err(|e| match e {
        LineError::Usage(message) => usage(output, message),
        LineError::Refused(refusal) => refusal,
    })?;
    let ConsoleState { pwsh_context, pwsh, az_powershell, .. } = state;
    let az = az_powershell.unwrap_or(scenario_az);
    let mut host = host::Host {
        sim,
        actor,
        context: pwsh_context,
        trace: Trace::default(),
        current: "",
        az,
        warnings: Vec::new(),
    };
    let mut ended = Ok(());
    for statement in &statements {
        let ran = pwsh::run_statement(pwsh, &mut host, statement);
        trace.append(std::mem::take(&mut host.trace));
        output.extend(host.warnings.drain(..).map(|w| format!("WARNING: {w}")));
        let cmdlet = host.current;
        ended = settle(output, ran, host.sim.world(), Shell::Pwsh, host.az, |r| run_pwsh::error_text(cmdlet, r));
        if ended.is_err() {
            break;
        }
    }
    if host.az != az {
        *az_powershell = Some(host.az);
    }
    ended
}

/// What a line that ran leaves: what it printed, or its error as the tool prints it (with the hint
/// of how to send a missing directory's token) and the refusal that ends the text.
fn settle(
    output: &mut Vec<String>,
    ran: Result<String, LineError>,
    world: &mua_core::world::World,
    shell: Shell,
    az: AzPowerShell,
    error_text: impl FnOnce(&Refusal) -> String,
) -> Result<(), Refusal> {
    match ran {
        Ok(printed) => {
            if !printed.is_empty() {
                output.push(printed);
            }
            Ok(())
        }
        Err(LineError::Usage(message)) => Err(usage(output, message)),
        Err(LineError::Refused(refusal)) => {
            output.push(error_text(&refusal));
            output.extend(token_hint(world, shell, az, &refusal));
            Err(refusal)
        }
    }
}

/// The handles console text creates (a scenario's later steps may name them): what the lines whose
/// command creates something name (the table's `creates`). Text that does not read creates nothing.
pub fn creates(shell: Shell, text: &str) -> Vec<String> {
    if shell == Shell::Pwsh {
        return run_pwsh::created(text);
    }
    let lines = words::shell_commands(text).unwrap_or_default();
    lines
        .iter()
        .filter_map(|words| match az::parse(words) {
            Ok(az::AzLine::Run(call)) => family::az_creates(&call).map(str::to_owned),
            _ => None,
        })
        .collect()
}

/// A directory named as the tools take it (its GUID, its domain) or by its handle; an unknown name
/// stays as it is (the core refuses it as `not-found`).
pub(crate) fn tenant_handle(world: &mua_core::world::World, named: &str) -> Handle {
    world
        .tenants()
        .values()
        .find(|t| t.id == named || t.tenant_id.eq_ignore_ascii_case(named) || t.domain.eq_ignore_ascii_case(named))
        .map_or_else(|| named.to_owned(), |t| t.id.clone())
}

/// A principal named as the tools take it (its sign-in name, its object id, its display name) or
/// by its handle ([`mua_core::world::World::find_principal`]); an unknown name stays as it is (the core refuses it
/// as `not-found`).
pub(crate) fn principal_handle(world: &mua_core::world::World, named: &str) -> Handle {
    world.find_principal(named).map_or_else(|| named.to_owned(), |p| p.id.clone())
}

/// An access token for a directory (`Get-AzAccessToken`, `az account get-access-token`), as opaque
/// to read as the real one, naming the directory's GUID and when it expires (the Unix time) —
/// which is all a request needs of it here.
pub(crate) fn token(tenant_guid: &str, expires: chrono::DateTime<chrono::Utc>) -> String {
    format!("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.tid_{tenant_guid}_exp_{}.simulated", expires.timestamp())
}

/// The directory a token from [`token`] is for, and when it expires.
pub(crate) fn token_tenant(world: &mua_core::world::World, token: &str) -> Option<Carried> {
    let (guid, expires) = token.split('.').nth(1)?.strip_prefix("tid_")?.split_once("_exp_")?;
    let expires = chrono::DateTime::from_timestamp(expires.parse().ok()?, 0)?;
    let tenant = world.tenants().values().find(|t| t.tenant_id.eq_ignore_ascii_case(guid))?;
    Some(Carried { tenant: tenant.id.clone(), expires: Some(expires) })
}

/// For a request refused for want of a directory's token, how the shell sends one: the refusal's
/// fix names the directory (the portal offers "Authenticate" for it).
fn token_hint(world: &mua_core::world::World, shell: Shell, az: AzPowerShell, refusal: &Refusal) -> Option<String> {
    let Some(mua_core::error::Fix::Authenticate { tenant }) = refusal.fix.as_deref() else { return None };
    let guid = world.tenants().get(tenant).map_or(tenant.as_str(), |t| t.tenant_id.as_str());
    Some(match shell {
        Shell::Az => format!("Hint: add --tenant-id {guid} to send a token for that directory (az's auxiliary token)."),
        Shell::Pwsh => format!(
            "Hint: pass {} (Get-AzAccessToken -TenantId {guid}).Token to send a token for that directory.",
            token_parameter(az)
        ),
    })
}

/// The parameter the Recovery Services cmdlets take the token from `Get-AzAccessToken` by.
pub(crate) fn token_parameter(az: AzPowerShell) -> &'static str {
    match az {
        AzPowerShell::Az13 => "-Token",
        AzPowerShell::Az14 => "-SecureToken",
    }
}

/// A line the tool refused before sending it: its message printed, the core's `invalid-input`.
fn usage(output: &mut Vec<String>, message: String) -> Refusal {
    let refusal = Refusal::new(ErrorCode::InvalidInput, message.clone());
    output.push(message);
    refusal
}
