//! Tab completion of command and parameter names (SPEC §10), from the same tables the console
//! runs by (the families' az commands and cmdlets), so a front end completes exactly what the
//! console accepts and copies no list of its own.
//!
//! az: the next word of a command path (`az dataprotection resource-g` → `resource-guard`), then
//! the command's long parameter names and az's global ones, leaving out those already given.
//! PowerShell: cmdlet names where a command starts (after `|`, `(`, `=`, `;` or at the start) and,
//! after `-`, the current cmdlet's parameter names, both in any case, as PowerShell completes them.

use super::{az, Shell};
use crate::family::{az_commands, cmdlets};

/// What Tab offers at the end of a line: the candidates for its last word, and where that word starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// The candidates, sorted; empty when nothing fits.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The line after Tab: the word completed to the single candidate (and a space), or to the
    /// candidates' longest common prefix; the line as it was when nothing fits.
    pub fn apply(&self, line: &str) -> String {
        let head = &line[..self.start.min(line.len())];
        match self.candidates.as_slice() {
            [] => line.to_owned(),
            [only] => [head, only, " "].concat(),
            [first, rest @ ..] => {
                let word = &line[head.len()..];
                let mut common = first.as_str();
                for c in rest {
                    let same = common.char_indices().zip(c.chars()).find(|((_, a), b)| !a.eq_ignore_ascii_case(b));
                    common = &common[..same.map_or(common.len().min(c.len()), |((i, _), _)| i)];
                }
                // Never shorter than what was typed (a case-insensitive match may differ in case).
                if common.len() <= word.len() {
                    line.to_owned()
                } else {
                    [head, common].concat()
                }
            }
        }
    }
}

/// The completion of the last word of `line` in `shell`.
pub fn complete(shell: Shell, line: &str) -> Completion {
    let start = line.rfind(|c: char| c.is_ascii_whitespace()).map_or(0, |i| i + 1);
    let word = &line[start..];
    let before: Vec<&str> = line[..start].split_ascii_whitespace().collect();
    let candidates = match shell {
        Shell::Az => az_candidates(&before, word),
        Shell::Pwsh => pwsh_candidates(&before, word),
    };
    Completion { start, candidates: mua_core::table::sorted_unique(candidates) }
}

fn az_candidates(before: &[&str], word: &str) -> Vec<String> {
    let Some((&first, words)) = before.split_first() else {
        return ["az"].into_iter().filter(|az| az.starts_with(word)).map(str::to_owned).collect();
    };
    if first != "az" {
        return Vec::new();
    }
    let path: Vec<&str> = words.iter().copied().take_while(|w| !w.starts_with('-')).collect();
    let given = &words[path.len()..];
    if given.is_empty() && !word.starts_with('-') {
        // The next word of every command whose path begins with the words typed.
        return az_commands()
            .filter_map(|c| {
                let mut parts = c.path.split(' ');
                path.iter().all(|w| parts.next() == Some(w)).then(|| parts.next()).flatten()
            })
            .filter(|next| next.starts_with(word))
            .map(str::to_owned)
            .collect();
    }
    let joined = path.join(" ");
    let Some(command) = az_commands().find(|c| c.path == joined) else { return Vec::new() };
    command
        .params
        .iter()
        .chain(az::GLOBAL)
        .filter(|p| !p.names.iter().any(|n| given.contains(n)))
        .map(|p| p.names[0])
        .filter(|n| n.starts_with(word))
        .map(str::to_owned)
        .collect()
}

fn pwsh_candidates(before: &[&str], word: &str) -> Vec<String> {
    // The words of the current command: back to the last `|`, `(`, `;` or assignment.
    let starts_command = |w: &&str| matches!(*w, "|" | "(" | ";" | "=") || w.ends_with(['(', '|', ';', '{']);
    let command = before.iter().rposition(starts_command).map_or(before, |i| &before[i + 1..]);
    let word = word.trim_start_matches(['(', '{']);
    match command.first() {
        None if !word.starts_with(['-', '$']) => cmdlets()
            .map(|c| c.name)
            .chain(["Out-Null", "Select-Object", "Where-Object"])
            .filter(|name| starts_ignore_case(name, word))
            .map(str::to_owned)
            .collect(),
        Some(name) if word.starts_with('-') => {
            let Some(cmdlet) = cmdlets().find(|c| c.name.eq_ignore_ascii_case(name)) else {
                return Vec::new();
            };
            let given =
                |p: &str| command.iter().any(|w| w.strip_prefix('-').is_some_and(|w| w.eq_ignore_ascii_case(p)));
            cmdlet
                .params
                .iter()
                .map(|(p, _)| *p)
                .filter(|p| !given(p) && starts_ignore_case(p, &word[1..]))
                .map(|p| format!("-{p}"))
                .collect()
        }
        _ => Vec::new(),
    }
}

fn starts_ignore_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn az(line: &str) -> Vec<String> {
        complete(Shell::Az, line).candidates
    }

    fn ps(line: &str) -> Vec<String> {
        complete(Shell::Pwsh, line).candidates
    }

    #[test]
    fn az_completes_command_paths_word_by_word() {
        assert_eq!(az("a"), ["az"]);
        assert_eq!(az("az dataprotection resource-g"), ["resource-guard"]);
        assert_eq!(
            az("az dataprotection resource-guard "),
            ["create", "delete", "list", "list-protected-operations", "show", "update"]
        );
        assert_eq!(az("az backup vault resource-guard-mapping u"), ["update"]);
        assert!(az("az nosuch ").is_empty());
        assert!(az("kubectl g").is_empty());
    }

    #[test]
    fn az_completes_the_commands_parameters_and_leaves_out_those_given() {
        let line = "az backup vault resource-guard-mapping update --resource-g";
        assert_eq!(az(line), ["--resource-group", "--resource-guard-id"]);
        // Given by an alias (-g) counts as given.
        let line = "az backup vault resource-guard-mapping update -g rg-vault --resource-g";
        assert_eq!(az(line), ["--resource-guard-id"]);
        // az's global arguments are offered with every command.
        assert!(az("az account show --").contains(&"--query".to_owned()));
        // A parameter's value is not completed.
        assert!(az("az account set --subscription Con").is_empty());
    }

    #[test]
    fn powershell_completes_cmdlets_and_their_parameters_in_any_case() {
        assert_eq!(
            ps("get-azdataprotectionres"),
            ["Get-AzDataProtectionResourceGuard", "Get-AzDataProtectionResourceGuardMapping"]
        );
        assert_eq!(
            ps("$ops = (Get-AzDataProtectionResourceGuard -Name g).ResourceGuardOperation | Wh"),
            ["Where-Object"]
        );
        assert_eq!(ps("$guard = New-AzDataProtectionRes"), ["New-AzDataProtectionResourceGuard"]);
        assert_eq!(ps("Set-AzRecoveryServicesResourceGuardMapping -VaultId $v.ID -to"), ["-Token"]);
        let params = ps("Set-AzRecoveryServicesResourceGuardMapping -VaultId $v.ID -");
        assert!(
            !params.contains(&"-VaultId".to_owned()) && params.contains(&"-ResourceGuardId".to_owned()),
            "{params:?}"
        );
        assert!(ps("$v.").is_empty());
    }

    #[test]
    fn tab_completes_a_single_candidate_and_a_common_prefix() {
        let line = "az dataprotection resource-g";
        assert_eq!(complete(Shell::Az, line).apply(line), "az dataprotection resource-guard ");
        let line = "az dataprotection resource-guard list";
        // `list` and `list-protected-operations`: nothing longer in common, the line stays.
        assert_eq!(complete(Shell::Az, line).apply(line), line);
        let line = "az dataprotection resource-guard l";
        assert_eq!(complete(Shell::Az, line).apply(line), "az dataprotection resource-guard list");
        // PowerShell's case: the common prefix in the cmdlets' own spelling.
        let line = "get-azdataprotectionres";
        assert_eq!(complete(Shell::Pwsh, line).apply(line), "Get-AzDataProtectionResourceGuard");
        let line = "get-azrecoveryservicesresourceguardm";
        assert_eq!(complete(Shell::Pwsh, line).apply(line), "Get-AzRecoveryServicesResourceGuardMapping ");
        let line = "az nosuch x";
        assert_eq!(complete(Shell::Az, line).apply(line), line);
    }
}
