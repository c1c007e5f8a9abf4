//! The console's command table: one entry per command family (the console's context, Entra ID's users
//! and group members, resource groups, vaults,
//! Resource Guards, vault mappings, vault properties, role assignments, PIM, Lighthouse), each an
//! `impl Family` in its own file holding everything the console knows of the family's commands:
//!
//! - its **az commands** with their parameters ([`Family::AZ`]: what `az` parses, `--help` lists
//!   and Tab completes) and its **cmdlets** with theirs ([`Family::CMDLETS`]);
//! - its **az reader**, the core's command each az line that changes something asks for
//!   ([`Family::read_az`]), and its **REST reader**, the command each of its ARM routes asks for
//!   ([`Family::read_rest`], `az rest`);
//! - the az lines it **runs** itself (the reads and the context lines, [`Family::run_az`]) and
//!   **what az prints** after one of its changes ([`Family::printed`]);
//! - its **cmdlets' bodies** ([`Family::run_cmdlet`]);
//! - its **writer**: the az, PowerShell and REST line(s) of each of its commands (export,
//!   [`Family::write`]).
//!
//! `run_az`, `run_pwsh`, `rest`, `export`, `complete` and az's help reach the families only through
//! the functions the `families!` list makes here; no command path or cmdlet name is matched outside
//! its family's file.

mod context;
mod directory;
mod groups;
mod guards;
mod identities;
mod lighthouse;
mod mappings;
mod pim;
mod properties;
mod roles;
mod vaults;

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use mua_core::model::AssignmentType;
use mua_core::scenario::Shell;
use mua_core::world::World;
use serde_json::{json, Value};

use crate::changes::{AzChange, AzContext, AzUsage, Ids};
use crate::host::{AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::rest::{RestCall, RestChange};
use crate::table::{AzCall, AzCommand, Cmdlet};
use crate::LineError;
use mua_core::model::{Carried, Credentials};

/// A command family's entry in the table. Every item has a default (nothing), so a family
/// declares only what it has.
trait Family {
    /// Its az commands.
    const AZ: &'static [AzCommand] = &[];
    /// Its cmdlets.
    const CMDLETS: &'static [Cmdlet] = &[];

    /// The command an az line of this family that changes something asks for.
    fn read_az(_: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        Ok(None)
    }

    /// The command one of its ARM routes asks for (`az rest`).
    fn read_rest(_: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        Ok(None)
    }

    /// Runs an az line of this family that only reads or sets az's context; `None` for a line it
    /// does not run itself (a change: read by [`Family::read_az`], submitted, then printed).
    fn run_az(_: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        None
    }

    /// What az warns of before running one of its lines (`WARNING: …`).
    fn warning(_: &AzCall) -> Option<&'static str> {
        None
    }

    /// What az prints after one of its changes went through (the object as it is now).
    fn printed(_: &World, _: &Command) -> Option<Value> {
        None
    }

    /// Runs one of its cmdlets, bound; `None` for a cmdlet not its own.
    fn run_cmdlet(_: &mut Host<'_>, _: &'static str, _: &Bound) -> Option<Result<PsValue, LineError>> {
        None
    }

    /// The line(s) that do `command` in a format; `None` where the family has none.
    fn write(_: &Writer<'_>, _: &Command, _: Format) -> Option<String> {
        None
    }
}

/// What a session is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// az commands.
    Az,
    /// Az PowerShell cmdlets.
    Pwsh,
    /// ARM REST calls, as `az rest` lines (method, URL, body, and the auxiliary token's header).
    Rest,
}

impl Format {
    /// The shell its script runs in.
    pub fn shell(self) -> Shell {
        match self {
            Format::Az | Format::Rest => Shell::Az,
            Format::Pwsh => Shell::Pwsh,
        }
    }
}

/// The entries of one of the families' tables (`AZ`, `CMDLETS`) in one array, sorted by a key
/// (`path`, `name`) as help lists them: a `const` block (an insertion sort, at compile time).
macro_rules! sorted {
    ($empty:expr, $table:ident, $key:ident, $($family:ty),*) => {{
        let mut all = $empty;
        let mut n = 0;
        $(
            let mut i = 0;
            while i < <$family>::$table.len() {
                all[n] = <$family>::$table[i];
                i += 1;
                n += 1;
            }
        )*
        let mut i = 1;
        while i < all.len() {
            let mut j = i;
            while j > 0 && crate::table::before(all[j].$key, all[j - 1].$key) {
                let swap = all[j];
                all[j] = all[j - 1];
                all[j - 1] = swap;
                j -= 1;
            }
            i += 1;
        }
        all
    }};
}

/// Every family, in the order they are asked: the one list the table is read through. The calls
/// are static, so a build that uses only some directions (the site's Cloud Shell runs lines but
/// never exports) leaves the others out of its download (a table of function pointers kept every
/// writer: +8.3 KB brotli in Cloud Shell's module, measured).
macro_rules! families {
    ($($family:ty),*) => {
        /// Every az command, by path: one array, put together and sorted at compile time.
        static AZ_COMMANDS: [AzCommand; 0 $(+ <$family>::AZ.len())*] =
            sorted!([crate::table::az("", "", &[]); 0 $(+ <$family>::AZ.len())*], AZ, path, $($family),*);

        /// Every cmdlet, by name: one array, put together and sorted at compile time.
        static CMDLETS: [Cmdlet; 0 $(+ <$family>::CMDLETS.len())*] =
            sorted!([crate::table::cmdlet("", "", &[]); 0 $(+ <$family>::CMDLETS.len())*], CMDLETS, name, $($family),*);

        /// Every az command, by path.
        pub(crate) fn az_commands() -> std::slice::Iter<'static, AzCommand> {
            AZ_COMMANDS.iter()
        }

        /// Every cmdlet, by name.
        pub(crate) fn cmdlets() -> std::slice::Iter<'static, Cmdlet> {
            CMDLETS.iter()
        }

        /// The line(s) that do `command` as the writer's person in the writer's world, in a
        /// format: the first family's that has one; `None` where none has (a `# mua:` step).
        pub(crate) fn write(writer: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
            None$(.or_else(|| <$family>::write(writer, command, format)))*
        }

        /// The command an `az rest` call asks for, read by the family whose route it is.
        fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
            $(if let Some(command) = <$family>::read_rest(call)? {
                return Ok(Some(command));
            })*
            Ok(None)
        }

        /// The command an az line asks for, read by the family whose line it is.
        fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
            $(if let Some(command) = <$family>::read_az(ids)? {
                return Ok(Some(command));
            })*
            Ok(None)
        }

        /// Runs an az line its family runs itself (a read, a context line).
        fn run_own(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
            $(if let Some(returned) = <$family>::run_az(run) {
                return Some(returned);
            })*
            None
        }

        /// What az warns of before running a line.
        fn warning(call: &AzCall) -> Option<&'static str> {
            None$(.or_else(|| <$family>::warning(call)))*
        }

        /// What az prints after a change went through.
        fn printed(world: &World, command: &Command) -> Option<Value> {
            None$(.or_else(|| <$family>::printed(world, command)))*
        }

        /// Runs a bound cmdlet by its family.
        pub(crate) fn run_cmdlet(host: &mut Host<'_>, name: &'static str, bound: &Bound) -> Result<PsValue, LineError> {
            $(if let Some(returned) = <$family>::run_cmdlet(host, name, bound) {
                return returned;
            })*
            Ok(PsValue::Null)
        }
    };
}

families!(
    context::Context,
    directory::Directory,
    groups::Groups,
    vaults::Vaults,
    identities::Identities,
    guards::Guards,
    mappings::Mappings,
    properties::Properties,
    roles::Roles,
    pim::Pim,
    lighthouse::Lighthouse
);

/// Runs an az line: a line its family runs itself, else a change — read by its family, submitted
/// with the line's tokens, and printed as az prints it.
pub(crate) fn run_az(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    if let Some(returned) = run_own(run) {
        return returned;
    }
    let Some(change) = az_change(run.world(), run.actor, &*run.context, run.call)? else {
        return Ok(Returned::nothing(mua_core::error::Trace::default()));
    };
    // The addressed directory's token and each `--tenant-id`.
    let (command, aux) = change.into_parts();
    let warning = warning(run.call);
    let mut returned = submit(run, command, aux)?;
    returned.warnings.extend(warning.map(str::to_owned));
    Ok(returned)
}

/// Submits a change with the line's tokens and the auxiliary ones, and what az prints for it.
fn submit(run: &mut AzRun<'_>, command: Command, aux: Vec<Carried>) -> Result<Returned, LineError> {
    let (command, trace) = run.submit(command, aux)?;
    Ok(Returned::json(printed(run.world(), &command).unwrap_or(Value::Null), trace))
}

/// The handles an az line creates (`None` for one that creates nothing): the value of the
/// parameter its command's entry names.
pub(crate) fn az_creates(call: &AzCall) -> Option<&str> {
    az_commands().find(|c| c.path == call.command).and_then(|c| c.creates).and_then(|p| call.value(p))
}

/// The change of an az line that changes something, read by the family whose command it is, with
/// the tokens the line carries; `None` for a line that only reads (show, list) or sets the
/// console's context (login, account set).
pub fn az_change(world: &World, actor: &str, context: &AzContext, call: &AzCall) -> Result<Option<AzChange>, AzUsage> {
    let Some(command) = read_az(&Ids { world, actor, context, call })? else { return Ok(None) };
    // `--tenant-id` takes the directory's GUID; the world's handle is accepted too.
    let tenants = call.value("--tenant-id").map(|t| crate::tenant_handle(world, t));
    let credentials = Credentials::PerRequest(tenants.into_iter().map(Carried::fresh).collect());
    Ok(Some(AzChange { command, credentials }))
}

/// Reads `az rest`'s method, URL, body and headers into a change (the family whose route it is
/// reads it); `None` for a GET.
pub(crate) fn rest_change(
    world: &World,
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[String],
) -> Result<Option<RestChange>, AzUsage> {
    let Some((call, aux)) = crate::rest::read_call(world, method, url, body, headers)? else { return Ok(None) };
    match read_rest(&call)? {
        Some(command) => Ok(Some(RestChange { command, aux })),
        None => Err(call.unsupported()),
    }
}

/// What a family's writer reads: the world before the step, who does it, the step's place in the
/// session (which names the PIM requests it sends), and the evidence its recorded decision gave.
pub(crate) struct Writer<'w> {
    /// The world before the step.
    pub w: &'w World,
    /// Who does the step.
    pub actor: &'w str,
    /// The step's index in the session.
    pub n: usize,
    /// The directory whose token for a Resource Guard in another directory the recorded decision
    /// used (`Trace::guard_token`): the request carried it, so its line carries it too.
    pub guard_token: Option<&'w str>,
    /// The Az PowerShell the actor's console has loaded then (which token parameter it takes).
    pub az: mua_core::scenario::AzPowerShell,
}

impl Writer<'_> {
    /// An object's ARM id.
    fn arm(&self, handle: &str) -> Option<String> {
        self.w.arm_id(handle)
    }

    /// An object's ARM id, or the name as given (a line names what it can).
    fn arm_or_name(&self, handle: &str) -> String {
        self.arm(handle).unwrap_or_else(|| handle.to_owned())
    }

    /// A guard's ARM id (a guard may be named by handle or by ARM id).
    fn guard_arm(&self, guard: &str) -> Option<String> {
        self.w.resolve_guard(guard).and_then(|g| self.w.arm_id(&g.id))
    }

    /// The subscription id of an object's subscription.
    fn subscription_of(&self, handle: &str) -> Option<String> {
        let chain = self.w.scope_chain(handle)?;
        self.w.subscriptions().get(chain.subscription).map(|s| s.subscription_id.clone())
    }

    /// Whether a vault is a Recovery Services vault (or unknown: the line names it as given).
    fn recovery_services(&self, vault: &str) -> bool {
        self.w.vaults().get(vault).is_none_or(|v| v.kind == VaultKind::RecoveryServices)
    }

    /// A location as given, else the resource group's.
    fn location(&self, location: &Option<String>, resource_group: &str) -> Option<String> {
        location.clone().or_else(|| self.w.resource_groups().get(resource_group).map(|r| r.location.clone()))
    }

    /// A principal's object id.
    fn object_id(&self, principal: &str) -> Option<String> {
        self.w.principals().get(principal).map(|p| p.object_id.clone())
    }

    /// The name of the PIM request this step sends.
    fn request_name(&self) -> String {
        mua_core::ids::derived_guid("pim-request", &self.n.to_string())
    }

    /// The `az rest` call of a PIM schedule request at a scope.
    fn pim(scope: &str, kind: AssignmentType, name: &str, properties: Value) -> String {
        let kind = match kind {
            AssignmentType::Eligible => "roleEligibilityScheduleRequests",
            AssignmentType::Active => "roleAssignmentScheduleRequests",
        };
        let path = format!("{scope}/providers/Microsoft.Authorization/{kind}/{name}");
        call("put", &path, &format!("Microsoft.Authorization/{kind}"), Some(json!({ "properties": properties })), None)
    }

    /// The auxiliary token a protected operation sends for its guard's directory, as the
    /// recorded decision used it: `--tenant-id` (az) or `-Token` (PowerShell); nothing when the
    /// decision used none (the guard is in the vault's directory, or there was no token).
    fn token(&self, shell: Shell) -> String {
        let Some(guid) = self.guard_directory() else { return String::new() };
        match shell {
            Shell::Az => format!(" --tenant-id {guid}"),
            Shell::Pwsh => format!(" {} (Get-AzAccessToken -TenantId {guid}).Token", crate::token_parameter(self.az)),
        }
    }

    /// The token of `x-ms-authorization-auxiliary` for the guard's directory, as [`Writer::token`]
    /// decides it.
    fn aux_token(&self) -> Option<String> {
        let guid = self.guard_directory()?;
        Some(crate::token(&guid, self.w.now() + chrono::TimeDelta::hours(1)))
    }

    /// The tenant id of the directory whose token the recorded decision used.
    fn guard_directory(&self) -> Option<String> {
        let tenant = self.guard_token?;
        Some(self.w.tenants().get(tenant).map_or(tenant, |t| t.tenant_id.as_str()).to_owned())
    }
}

/// The id of a built-in role's definition at the subscription of a scope.
fn role_id(scope: &str, role: &mua_core::rbac::RoleDefinition) -> String {
    let sub = scope.split("/resourceGroups").next().unwrap_or(scope).split("/providers").next().unwrap_or(scope);
    format!("{sub}/providers/Microsoft.Authorization/roleDefinitions/{}", role.id)
}

/// An `az rest` call: method, URL with the resource type's API version, body, auxiliary token.
fn call(method: &str, path: &str, resource_type: &str, body: Option<Value>, aux: Option<String>) -> String {
    let mut line = format!(
        "az rest --method {method} --url \"{}{path}?api-version={}\"",
        crate::rest::ENDPOINT,
        crate::rest::api_version(resource_type)
    );
    if let Some(body) = body {
        line.push_str(&format!(" --body '{}'", mua_core::json::json_line(&body).replace('\'', "'\\''")));
    }
    if let Some(token) = aux {
        line.push_str(&format!(" --headers \"x-ms-authorization-auxiliary=Bearer {token}\""));
    }
    line
}

/// Tags as a JSON object.
fn tags_json(tags: &mua_core::command::Tags) -> Value {
    Value::Object(tags.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect())
}

/// Tags as the tools take them: ` --tags k=v …` (az) or ` -Tag k=v,…` (PowerShell); nothing for none.
fn tags_words<'a>(tags: impl Iterator<Item = (&'a String, &'a String)>, shell: Shell) -> String {
    let words: Vec<String> = tags.map(|(k, v)| quote(&format!("{k}={v}"))).collect();
    match (words.is_empty(), shell) {
        (true, _) => String::new(),
        (false, Shell::Az) => format!(" --tags {}", words.join(" ")),
        (false, Shell::Pwsh) => format!(" -Tag {}", words.join(",")),
    }
}

/// A word quoted for both shells when it needs it (spaces, quotes, `$`).
pub(crate) fn quote(word: &str) -> String {
    if word.chars().all(|c| c.is_alphanumeric() || "-_./=:".contains(c)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "''"))
    }
}
