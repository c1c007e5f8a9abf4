//! The shapes of the console's command table, at the bottom of the console's layers: an az
//! command with its parameters ([`AzCommand`], [`Param`]), a cmdlet with its parameters
//! ([`Cmdlet`]), and an az line read against them ([`AzCall`]). The entries themselves are the
//! command families' (`family`): each family declares the az commands and cmdlets it runs beside
//! the code that reads, runs, prints and writes them.

/// How many values a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// No value (`--yes`).
    Flag,
    /// One value.
    One,
    /// One or more values (`--critical-operation-exclusion-list a b c`, `--tags k=v k2=v2`).
    Many,
}

/// A parameter of an az command: its names (the first is the one az's messages use), its arity
/// and whether it is required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// `--resource-group`, then aliases such as `-g`.
    pub names: &'static [&'static str],
    /// How many values it takes.
    pub arity: Arity,
    /// Whether the command refuses to run without it.
    pub required: bool,
}

/// A parameter (for the tables' `const`s).
pub(crate) const fn p(names: &'static [&'static str], arity: Arity, required: bool) -> Param {
    Param { names, arity, required }
}

/// `--resource-group` / `-g`, optional.
pub(crate) const RG: Param = p(&["--resource-group", "-g"], Arity::One, false);
/// `--resource-group` / `-g`, required.
pub(crate) const RG_REQ: Param = p(&["--resource-group", "-g"], Arity::One, true);
/// `--ids`: one or more ARM ids.
pub(crate) const IDS: Param = p(&["--ids"], Arity::Many, false);
/// `--tenant-id`: az's auxiliary token for another directory.
pub(crate) const TENANT_ID: Param = p(&["--tenant-id"], Arity::One, false);
/// `--yes` / `-y`.
pub(crate) const YES: Param = p(&["--yes", "-y"], Arity::Flag, false);
/// `--location` / `-l`, optional.
pub(crate) const LOCATION: Param = p(&["--location", "-l"], Arity::One, false);
/// `--tags`: `key=value` words.
pub(crate) const TAGS: Param = p(&["--tags"], Arity::Many, false);

/// A command az knows: its path after `az`, what it does, and its parameters.
#[derive(Clone, Copy, Debug)]
pub struct AzCommand {
    /// `dataprotection resource-guard create`.
    pub path: &'static str,
    /// az's one-line summary.
    pub summary: &'static str,
    /// Its parameters (az's global arguments are accepted by every command).
    pub params: &'static [Param],
    /// The parameter naming the object the command creates (a scenario's later steps may name it).
    pub creates: Option<&'static str>,
    /// The columns of `--output table` where az's command picks them (its `table_transformer`):
    /// `(header, field)`; empty: knack's own table of the result's scalar fields.
    pub table: &'static [(&'static str, &'static str)],
}

/// An az command that creates nothing.
pub(crate) const fn az(path: &'static str, summary: &'static str, params: &'static [Param]) -> AzCommand {
    AzCommand { path, summary, params, creates: None, table: &[] }
}

/// A cmdlet this console runs: its name, synopsis and parameters (`true`: mandatory).
#[derive(Clone, Copy, Debug)]
pub struct Cmdlet {
    /// `Set-AzRecoveryServicesResourceGuardMapping`.
    pub name: &'static str,
    /// Get-Help's synopsis.
    pub synopsis: &'static str,
    /// Its parameters.
    pub params: &'static [(&'static str, bool)],
    /// Whether its `-Name` names an object it creates.
    pub creates: bool,
    /// Whether a bare argument binds to its first parameter (`Get-Help Connect-AzAccount`).
    pub positional: bool,
}

/// A cmdlet that creates nothing.
pub(crate) const fn cmdlet(
    name: &'static str,
    synopsis: &'static str,
    params: &'static [(&'static str, bool)],
) -> Cmdlet {
    Cmdlet { name, synopsis, params, creates: false, positional: false }
}

/// A line read: the command and each argument given, by the parameter's first name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzCall {
    /// The command.
    pub command: &'static str,
    /// `(first name, values)` in the order given.
    pub args: Vec<(&'static str, Vec<String>)>,
}

impl AzCall {
    /// The values of a parameter, by its first name.
    pub fn values(&self, name: &str) -> Option<&[String]> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_slice())
    }

    /// The value of a one-value parameter.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values(name).and_then(|v| v.first()).map(String::as_str)
    }

    /// Whether a flag was given.
    pub fn flag(&self, name: &str) -> bool {
        self.values(name).is_some()
    }
}

/// Whether `a` sorts before `b`, byte by byte (the tables are sorted at compile time, so help lists
/// them by name with no sort in the download).
pub(crate) const fn before(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}
