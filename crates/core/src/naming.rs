//! Azure's naming rules for the resources a person can create here: length and characters per
//! resource type, as Microsoft documents them in *Naming rules and restrictions for Azure resources*
//! (MicrosoftDocs/azure-docs, `articles/azure-resource-manager/management/resource-name-rules.md`):
//!
//! - `Microsoft.RecoveryServices/vaults`: 2-50, alphanumerics and hyphens, start with a letter.
//! - `Microsoft.Resources/resourcegroups`: 1-90, alphanumerics, underscores, parentheses, hyphens,
//!   periods (and Unicode letters and digits), can't end with a period.
//!
//! The stored version of that page has no `Microsoft.DataProtection` row: Backup vaults and Resource
//! Guards take the Recovery Services vault's rule, the provider's sibling vault type.
//!
//! The create wizards check a name as it is typed with [`check`], and the core refuses a create
//! command whose name breaks its rule (`invalid-input`), whichever front end sent it.

use crate::critical_operations::VaultKind;

/// What may be named, each with its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A Recovery Services vault or a Backup vault.
    Vault(VaultKind),
    /// A Resource Guard.
    ResourceGuard,
    /// A resource group.
    ResourceGroup,
}

impl Named {
    /// The fewest and the most characters.
    pub fn length(self) -> (usize, usize) {
        match self {
            Named::Vault(_) | Named::ResourceGuard => (2, 50),
            Named::ResourceGroup => (1, 90),
        }
    }

    /// The rule in the portal's words, shown under the field.
    pub fn rule(self) -> String {
        let (min, max) = self.length();
        let ends = match self {
            Named::Vault(_) | Named::ResourceGuard => ", starting with a letter",
            Named::ResourceGroup => ", not ending with a period",
        };
        format!("{min} to {max} characters: {}{ends}.", self.characters())
    }

    /// The characters a name may have.
    fn characters(self) -> &'static str {
        match self {
            Named::Vault(_) | Named::ResourceGuard => "letters, numbers and hyphens",
            Named::ResourceGroup => "letters, numbers, underscores, parentheses, hyphens and periods",
        }
    }

    fn allows(self, c: char) -> bool {
        match self {
            Named::Vault(_) | Named::ResourceGuard => c.is_ascii_alphanumeric() || c == '-',
            Named::ResourceGroup => c.is_alphanumeric() || matches!(c, '_' | '(' | ')' | '-' | '.'),
        }
    }
}

/// Why a name breaks its rule, in the portal's words (`None`: it keeps it).
pub fn check(named: Named, name: &str) -> Option<String> {
    let (min, max) = named.length();
    let count = name.chars().count();
    if count == 0 {
        return Some("The value must not be empty.".to_owned());
    }
    if let Some(bad) = name.chars().find(|&c| !named.allows(c)) {
        let shown = if bad.is_whitespace() { "a space".to_owned() } else { format!("'{bad}'") };
        return Some(format!("The name can't contain {shown}: use {} only.", named.characters()));
    }
    if !(min..=max).contains(&count) {
        return Some(format!("The name must be {min} to {max} characters long (it has {count})."));
    }
    match named {
        Named::Vault(_) | Named::ResourceGuard if !name.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            Some("The name must start with a letter.".to_owned())
        }
        Named::ResourceGroup if name.ends_with('.') => Some("The name can't end with a period.".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VAULT: Named = Named::Vault(VaultKind::RecoveryServices);

    #[test]
    fn vault_and_guard_names_follow_the_recovery_services_rule() {
        for good in ["vault1", "ab", "Contoso-Vault-01", &"a".repeat(50)] {
            assert_eq!(check(VAULT, good), None, "{good}");
            assert_eq!(check(Named::ResourceGuard, good), None, "{good}");
        }
        let cases = [
            ("", "must not be empty"),
            ("a", "2 to 50 characters long (it has 1)"),
            (&"a".repeat(51), "(it has 51)"),
            ("1vault", "must start with a letter"),
            ("-vault", "must start with a letter"),
            ("my vault", "can't contain a space"),
            ("vault_1", "can't contain '_'"),
            ("<img src=x onerror=alert(1)>", "can't contain '<'"),
            ("vault#1", "can't contain '#'"),
        ];
        for (bad, why) in cases {
            let got = check(Named::ResourceGuard, bad).unwrap_or_default();
            assert!(got.contains(why), "{bad:?}: {got}");
        }
    }

    #[test]
    fn resource_group_names_allow_more_and_must_not_end_with_a_period() {
        for good in ["rg", "r", "rg_vault(1).west-eu", "rg-ünïcode", &"r".repeat(90)] {
            assert_eq!(check(Named::ResourceGroup, good), None, "{good}");
        }
        assert!(check(Named::ResourceGroup, "rg.").unwrap_or_default().contains("end with a period"));
        assert!(check(Named::ResourceGroup, "rg/x").unwrap_or_default().contains("'/'"));
        assert!(check(Named::ResourceGroup, &"r".repeat(91)).unwrap_or_default().contains("(it has 91)"));
    }
}
