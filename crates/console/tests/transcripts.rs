//! Table-driven: each command family's lines, typed in order as the seed's people would type them
//! into the two-tenant world, with the whole transcript — prompt, what the tool printed, how the
//! core ended it — pinned in `tests/transcripts/<family>.txt` by one helper, [`check`]. A change of
//! any output shows as a diff of that file; when the diff is what was meant,
//! `UPDATE_EXPECT=1 cargo test -p mua-console --test transcripts` writes the new transcript
//! (expect-test, as rust-analyzer pins its fixtures).
#![allow(clippy::unwrap_used)]

use std::rc::Rc;

use expect_test::{expect_file, ExpectFile};
use mua_core::scenario::{Scenario, Shell, StepResult};
use mua_core::Session;

use Shell::{Az, Pwsh};

mod common;
use common::GUARD_TENANT;
const GUARD1: &str =
    "/subscriptions/bbbbbbbb-0000-0000-0000-000000000002/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/guard1";
const VAULT1: &str =
    "/subscriptions/aaaaaaaa-0000-0000-0000-000000000001/resourceGroups/rg-vault/providers/Microsoft.RecoveryServices/vaults/vault1";

fn session() -> Session {
    common::session(&["vault1"])
}

/// Types each line in turn into a fresh session and compares the transcript with its file.
fn check(lines: &[(&str, Shell, &str)], expected: ExpectFile) {
    let mut session = session();
    let mut transcript = String::new();
    for (actor, shell, line) in lines {
        let recorded = session.type_in(actor, *shell, line);
        let prompt = match shell {
            Az => format!("{actor}@Azure:~$ "),
            Pwsh => format!("PS /home/{actor}> "),
        };
        let ended = match &recorded.result {
            StepResult::Refused(r) => format!("refused: {}", r.code.as_str()),
            _ => "ok".to_owned(),
        };
        transcript.push_str(&format!("{prompt}{line}\n"));
        if !recorded.output.is_empty() {
            transcript.push_str(&recorded.output);
            transcript.push('\n');
        }
        transcript.push_str(&format!("[{ended}]\n\n"));
    }
    expected.assert_eq(&transcript);
}

/// Sara's guard1 in Fabrikam, and Reader on it for Bob.
fn guard_and_reader() -> Vec<(&'static str, Shell, String)> {
    vec![
        (
            "sara",
            Az,
            "az dataprotection resource-guard create -g rg-guard --resource-guard-name guard1 -l westeurope".to_owned(),
        ),
        ("sara", Az, format!("az role assignment create --role Reader --assignee bob@contoso.com --scope {GUARD1}")),
    ]
}

fn with_prefix<'a>(
    prefix: &'a [(&'static str, Shell, String)],
    lines: &[(&'a str, Shell, &'a str)],
) -> Vec<(&'a str, Shell, &'a str)> {
    prefix.iter().map(|(a, s, l)| (*a, *s, l.as_str())).chain(lines.iter().copied()).collect()
}

#[test]
fn context() {
    let token = format!("az account get-access-token --tenant {GUARD_TENANT} --query tenant -o tsv");
    let login = format!("az login --tenant {GUARD_TENANT}");
    let tenant_level = format!("az login --tenant {GUARD_TENANT} --allow-no-subscriptions");
    let connect = format!("Connect-AzAccount -Tenant {GUARD_TENANT}");
    check(
        &[
            // Cloud Shell's sign-in chose the first subscription Bob holds a role in (Production),
            // not Contoso's first (Sandbox): azure-cli `_profile.py`, `_pick_working_subscription`
            // over the subscriptions ARM lists for him.
            ("bob", Az, "az account show"),
            // Bob holds no role in Fabrikam's subscriptions: az finds none, unless told a directory
            // alone will do (a tenant-level account).
            ("bob", Az, &login),
            ("bob", Az, "az account show --query name -o tsv"),
            ("bob", Az, &tenant_level),
            ("bob", Az, "az account show --query name -o tsv"),
            ("bob", Az, "az account set --subscription Production"),
            ("bob", Az, &token),
            ("olga", Az, &login),
            ("bob", Pwsh, &connect),
            ("bob", Pwsh, "Get-AzContext"),
            ("bob", Pwsh, "Set-AzContext -Subscription Production"),
            ("bob", Az, "az account set --subscription nope"),
        ],
        expect_file!["transcripts/context.txt"],
    );
}

#[test]
fn resource_guards() {
    let list = "az dataprotection resource-guard list -g rg-guard --query [].name -o tsv";
    check(
        &[
            ("sara", Az, "az dataprotection resource-guard create -g rg-guard --resource-guard-name guard1 -l westeurope --tags env=prod"),
            ("sara", Az, "az dataprotection resource-guard show -g rg-guard -n guard1 --query name -o tsv"),
            ("sara", Az, "az dataprotection resource-guard update -g rg-guard -n guard1 --resource-type Microsoft.RecoveryServices/vaults --critical-operation-exclusion-list getSecurityPIN"),
            ("sara", Az, "az dataprotection resource-guard list-protected-operations -g rg-guard -n guard1 --resource-type Microsoft.RecoveryServices/vaults"),
            // Without --resource-type az warns and leaves the list as it is; so does a line without a list.
            ("sara", Az, "az dataprotection resource-guard update -g rg-guard -n guard1 --critical-operation-exclusion-list deleteProtection --query properties.vaultCriticalOperationExclusionList"),
            ("sara", Az, "az dataprotection resource-guard update -g rg-guard -n guard1 --tags env=test --query properties.vaultCriticalOperationExclusionList"),
            // With --resource-type the list replaces the guard's whole list, both vault kinds'
            // (azure-cli-extensions dataprotection `Update.pre_operations`, `helpers.py`'s names):
            // the Backup vault's exclusion set by its ARM string goes when the next line names
            // only Recovery Services operations; a word az does not send is refused.
            ("sara", Az, "az dataprotection resource-guard update -g rg-guard -n guard1 --resource-type Microsoft.DataProtection/backupVaults --critical-operation-exclusion-list Microsoft.DataProtection/backupVaults/backupInstances/delete Microsoft.RecoveryServices/vaults/backupSecurityPIN/action --query properties.vaultCriticalOperationExclusionList"),
            ("sara", Az, "az dataprotection resource-guard update -g rg-guard -n guard1 --resource-type Microsoft.RecoveryServices/vaults --critical-operation-exclusion-list updatePolicy --query properties.vaultCriticalOperationExclusionList"),
            ("sara", Az, "az dataprotection resource-guard update -g rg-guard -n guard1 --resource-type Microsoft.RecoveryServices/vaults --critical-operation-exclusion-list delete-protection"),
            ("sara", Pwsh, "New-AzDataProtectionResourceGuard -Location westeurope -Name guard2 -ResourceGroupName rg-guard -Tag @{env = \"prod\"; team = 'security'}"),
            ("sara", Pwsh, "Get-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name guard2"),
            ("sara", Pwsh, "(Get-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name guard2).Tag.team"),
            ("sara", Pwsh, "$g = Get-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name guard2\n$g.ResourceGuardOperation.VaultCriticalOperation | Where-Object { $_ -match \"backupSecurityPIN\" }"),
            ("sara", Az, list),
            ("sara", Pwsh, "Remove-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name guard2"),
            ("sara", Az, list),
            ("bob", Az, "az dataprotection resource-guard show -g rg-guard -n guard1"),
            ("sara", Az, "az dataprotection resource-guard delete -g rg-guard -n guard1 --yes"),
        ],
        expect_file!["transcripts/resource_guards.txt"],
    );
}

#[test]
fn role_assignments() {
    let create = format!("az role assignment create --role Reader --assignee bob@contoso.com --scope {GUARD1}");
    let list = format!("az role assignment list --scope {GUARD1} --query [].roleDefinitionName -o tsv");
    let ps_new = format!(
        "New-AzRoleAssignment -SignInName bob@contoso.com -RoleDefinitionName \"Backup Reader\" -Scope {GUARD1}"
    );
    let ps_remove = format!(
        "Remove-AzRoleAssignment -SignInName bob@contoso.com -RoleDefinitionName \"Backup Reader\" -Scope {GUARD1}"
    );
    let delete = format!("az role assignment delete --role Reader --assignee bob@contoso.com --scope {GUARD1}");
    let eve = format!("az role assignment create --role Reader --assignee eve@contoso.com --scope {GUARD1}");
    check(
        &[
            (
                "sara",
                Az,
                "az dataprotection resource-guard create -g rg-guard --resource-guard-name guard1 -l westeurope",
            ),
            ("sara", Az, &create),
            ("sara", Pwsh, &ps_new),
            ("sara", Az, &list),
            ("sara", Pwsh, &ps_remove),
            ("sara", Az, &delete),
            ("sara", Az, &list),
            ("sara", Az, &eve),
            ("bob", Az, &create),
        ],
        expect_file!["transcripts/role_assignments.txt"],
    );
}

#[test]
fn guard_mappings_and_protected_operations() {
    let prefix = guard_and_reader();
    let map =
        format!("az backup vault resource-guard-mapping update -g rg-vault -n vault1 --resource-guard-id {GUARD1}");
    let map_token = format!("{map} --tenant-id {GUARD_TENANT}");
    let soft =
        "az backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state Disable".to_owned();
    let soft_token = format!("{soft} --tenant-id {GUARD_TENANT}");
    let operator =
        format!("az role assignment create --role \"Backup MUA Operator\" --assignee bob@contoso.com --scope {GUARD1}");
    let ps_show = format!("Get-AzRecoveryServicesResourceGuardMapping -VaultId {VAULT1}");
    let ps_unmap = format!(
        "$token = (Get-AzAccessToken -TenantId {GUARD_TENANT}).Token\nRemove-AzRecoveryServicesResourceGuardMapping -VaultId {VAULT1} -Token $token"
    );
    let lines = [
        ("bob", Az, map.as_str()),
        ("bob", Az, map_token.as_str()),
        ("bob", Az, "az backup vault resource-guard-mapping show -g rg-vault -n vault1"),
        ("bob", Pwsh, ps_show.as_str()),
        ("bob", Az, soft.as_str()),
        ("bob", Az, soft_token.as_str()),
        ("sara", Az, operator.as_str()),
        ("bob", Az, soft_token.as_str()),
        ("bob", Pwsh, ps_unmap.as_str()),
        ("bob", Az, "az backup vault resource-guard-mapping show -g rg-vault -n vault1"),
    ];
    check(&with_prefix(&prefix, &lines), expect_file!["transcripts/guard_mappings.txt"]);
}

/// A delete az confirms (azure-cli `backup/commands.py` registers `resource-guard-mapping delete`
/// with `confirmation=True`; the dataprotection extension's aaz commands with `confirmation=`): without
/// `--yes` az asks, Cloud Shell being a terminal, and sends nothing until the answer — knack
/// `prompting.py`, `_prompt_bool`: `y` sends it, `n` cancels ("Operation cancelled.", azure-cli
/// `commands/__init__.py`, `resolve_confirmation`), any other answer asks again.
#[test]
fn confirmation_prompts() {
    let prefix = guard_and_reader();
    let map = format!(
        "az backup vault resource-guard-mapping update -g rg-vault -n vault1 --resource-guard-id {GUARD1} --tenant-id {GUARD_TENANT}"
    );
    let operator =
        format!("az role assignment create --role \"Backup MUA Operator\" --assignee bob@contoso.com --scope {GUARD1}");
    let unmap =
        format!("az backup vault resource-guard-mapping delete -g rg-vault -n vault1 --tenant-id {GUARD_TENANT}");
    let lines = [
        ("bob", Az, map.as_str()),
        ("sara", Az, operator.as_str()),
        ("bob", Az, unmap.as_str()),
        ("bob", Az, "maybe"),
        ("bob", Az, "n"),
        ("bob", Az, "az backup vault resource-guard-mapping show -g rg-vault -n vault1 --query properties.resourceGuardResourceId"),
        ("bob", Az, unmap.as_str()),
        ("bob", Az, "Y"),
        ("bob", Az, "az backup vault resource-guard-mapping show -g rg-vault -n vault1"),
        ("sara", Az, "az dataprotection resource-guard delete -g rg-guard -n guard1 --yes"),
    ];
    check(&with_prefix(&prefix, &lines), expect_file!["transcripts/confirmation.txt"]);
}

/// Az PowerShell 13 and 14 (SPEC §10a): since Az 14, `(Get-AzAccessToken).Token` is a
/// SecureString; the Recovery Services cmdlets take it as `-SecureToken`, warn on `-Token`, and a
/// SecureString given to `-Token` is sent as `System.Security.SecureString`, which ARM refuses as
/// `InvalidAuthenticationToken`. Sources: learn.microsoft.com/powershell/azure/migrate-az-14.0.0;
/// azure-powershell `src/RecoveryServices/RecoveryServices.Backup/Helpers/HelperUtils.cs`
/// (`GetPlainToken`), `RecoveryServices.Backup.Models/Properties/Resources.resx`
/// (`BothTokenProvided`, `TokenParameterDepricate`), `help/Set-AzRecoveryServicesResourceGuardMapping.md`.
#[test]
fn az_powershell_tokens() {
    let mut prefix = guard_and_reader();
    prefix.push((
        "sara",
        Az,
        format!("az role assignment create --role \"Backup MUA Operator\" --assignee bob@contoso.com --scope {GUARD1}"),
    ));
    prefix.push((
        "bob",
        Az,
        format!("az backup vault resource-guard-mapping update -g rg-vault -n vault1 --resource-guard-id {GUARD1} --tenant-id {GUARD_TENANT}"),
    ));
    let unmap = format!("Remove-AzRecoveryServicesResourceGuardMapping -VaultId {VAULT1}");
    let get = format!("$token = (Get-AzAccessToken -TenantId {GUARD_TENANT}).Token");
    let secure_in_13 = format!("{unmap} -SecureToken $token");
    let as_secure =
        format!("$s = (Get-AzAccessToken -TenantId {GUARD_TENANT} -AsSecureString).Token\n{unmap} -Token $s");
    let show_token = format!("Get-AzAccessToken -TenantId {GUARD_TENANT}");
    let seed = format!("{get}\n{unmap} -Token $token");
    let both = format!("{get}\n{unmap} -Token $token -SecureToken $token");
    let text = format!("{unmap} -SecureToken \"not-a-secure-string\"");
    let fixed = format!("{get}\n{unmap} -SecureToken $token");
    let lines = [
        // Az 13, the scenario's default: the seed's string token; `-SecureToken` is Az 14's.
        ("bob", Pwsh, secure_in_13.as_str()),
        ("bob", Pwsh, as_secure.as_str()),
        ("bob", Pwsh, "Import-Module Az -RequiredVersion 12.0.0"),
        ("bob", Pwsh, "Import-Module Az -RequiredVersion 14.0.0"),
        ("bob", Pwsh, show_token.as_str()),
        // The seed's lines under Az 14: the deprecation warning, then ARM's refusal.
        ("bob", Pwsh, seed.as_str()),
        ("bob", Pwsh, both.as_str()),
        ("bob", Pwsh, text.as_str()),
        ("bob", Pwsh, fixed.as_str()),
        ("bob", Pwsh, "Import-Module Az.Accounts -RequiredVersion 4.1.0"),
        ("bob", Pwsh, "(Get-AzAccessToken).Token"),
    ];
    check(&with_prefix(&prefix, &lines), expect_file!["transcripts/az_powershell.txt"]);
}

/// `az backup vault resource-guard-mapping update` on a vault already mapped: azure-cli deletes the
/// mapping first (the delete the guard protects: refused without the operator role), then maps the
/// new guard (azure-cli `backup/custom.py`, `update_resource_guard_mapping`).
#[test]
fn remapping_a_mapped_vault() {
    let guard2 = GUARD1.replace("guard1", "guard2");
    let map = |guard: &str| {
        format!("az backup vault resource-guard-mapping update -g rg-vault -n vault1 --resource-guard-id {guard} --tenant-id {GUARD_TENANT} --query properties.resourceGuardResourceId -o tsv")
    };
    let (map1, map2) = (map(GUARD1), map(&guard2));
    let guard2_create = "az dataprotection resource-guard create -g rg-guard --resource-guard-name guard2 -l westeurope --query name -o tsv";
    let reader2 = format!("az role assignment create --role Reader --assignee bob@contoso.com --scope {guard2} --query roleDefinitionId -o tsv");
    let operator = format!("az role assignment create --role \"Backup MUA Operator\" --assignee bob@contoso.com --scope {GUARD1} --query roleDefinitionId -o tsv");
    let operator2 = format!("az role assignment create --role \"Backup MUA Operator\" --assignee bob@contoso.com --scope {guard2} --query roleDefinitionId -o tsv");
    let map9 = map(&GUARD1.replace("guard1", "guard9"));
    let prefix = guard_and_reader();
    let lines = [
        ("bob", Az, map1.as_str()),
        ("sara", Az, guard2_create),
        ("sara", Az, reader2.as_str()),
        ("bob", Az, map2.as_str()),
        ("sara", Az, operator.as_str()),
        ("bob", Az, map2.as_str()),
        // The old mapping's delete allowed, the new guard refused (it does not exist): the vault
        // keeps guard2 — a refused line changes nothing.
        ("sara", Az, operator2.as_str()),
        ("bob", Az, map9.as_str()),
        ("bob", Az, "az backup vault resource-guard-mapping show -g rg-vault -n vault1 --query properties.resourceGuardResourceId -o tsv"),
    ];
    check(&with_prefix(&prefix, &lines), expect_file!["transcripts/remapping.txt"]);
}

#[test]
fn vaults() {
    check(
        &[
            ("olga", Az, "az backup vault create -g rg-vault -n vault2 -l westeurope"),
            ("olga", Pwsh, "New-AzRecoveryServicesVault -Name vault3 -ResourceGroupName rg-vault -Location westeurope"),
            ("olga", Pwsh, "(Get-AzRecoveryServicesVault -ResourceGroupName rg-vault).Name"),
            // Four properties or fewer: PowerShell's default formatter makes one table of the list.
            ("olga", Pwsh, "Get-AzRecoveryServicesVault -ResourceGroupName rg-vault | Select-Object -Property Name, Location"),
            ("olga", Pwsh, "Get-AzRecoveryServicesVault -ResourceGroupName rg-vault -Name vault1 | Format-List Name, Location"),
            ("olga", Az, "az dataprotection backup-vault create -g rg-vault --vault-name bvault1 -l westeurope --storage-setting \"[{type:LocallyRedundant,datastore-type:VaultStore}]\""),
            ("bob", Az, "az backup vault create -g rg-vault -n vault4 -l westeurope"),
            ("olga", Az, "az backup vault delete -g rg-vault -n vault2 --yes"),
        ],
        expect_file!["transcripts/vaults.txt"],
    );
}

/// Always-on soft delete (enhanced soft delete): az's `--soft-delete-feature-state AlwaysOn`
/// (learn.microsoft.com/cli/azure/backup/vault/backup-properties), ARM's `AlwaysON` with
/// `isSoftDeleteFeatureStateEditable: false`; once on, disabling or changing it is refused whoever
/// asks (learn.microsoft.com `backup/backup-azure-enhanced-soft-delete-about`: "Once you enable the
/// always-on state for soft delete, you can't disable it for that vault").
#[test]
fn always_on_soft_delete() {
    let ps_enable = format!("Set-AzRecoveryServicesVaultProperty -VaultId {VAULT1} -SoftDeleteFeatureState Enable");
    let ps_on = format!("Set-AzRecoveryServicesVaultProperty -VaultId {VAULT1} -SoftDeleteFeatureState On");
    check(
        &[
            (
                "olga",
                Az,
                "az backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state Always",
            ),
            (
                "olga",
                Az,
                "az backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state alwayson",
            ),
            (
                "olga",
                Az,
                "az backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state Disable",
            ),
            ("olga", Pwsh, ps_on.as_str()),
            ("olga", Pwsh, ps_enable.as_str()),
        ],
        expect_file!["transcripts/always_on_soft_delete.txt"],
    );
}

#[test]
fn rest_calls() {
    let prefix = guard_and_reader();
    let get = format!(
        "az rest --method get --url https://management.azure.com{GUARD1}?api-version=2023-05-01 --query name -o tsv"
    );
    let proxy = format!(
        "az rest --method put --url {VAULT1}/backupResourceGuardProxies/VaultProxy?api-version=2023-04-01 --body '{{\"properties\":{{\"resourceGuardResourceId\":\"{GUARD1}\"}}}}'"
    );
    let lines = [("bob", Az, get.as_str()), ("bob", Az, proxy.as_str())];
    check(&with_prefix(&prefix, &lines), expect_file!["transcripts/rest_calls.txt"]);
}

/// Resource groups: what the caller can read of the current subscription (az `group list|show`,
/// `Get-AzResourceGroup`); a group it cannot read, or that is not there, as the tools say it.
#[test]
fn resource_groups() {
    check(
        &[
            ("bob", Az, "az group list -o table"),
            ("bob", Az, "az group show -n rg-vault"),
            ("bob", Az, "az group show -n rg-nope"),
            ("bob", Az, "az group show"),
            ("olga", Az, "az group list --query \"[].name\" -o tsv"),
            ("bob", Pwsh, "Get-AzResourceGroup"),
            ("bob", Pwsh, "Get-AzResourceGroup -Name rg-nope"),
            ("bob", Pwsh, "Get-AzResourceGroup -Name rg-vault | Select-Object -ExpandProperty ResourceId"),
        ],
        expect_file!["transcripts/resource_groups.txt"],
    );
}

/// Creating resource groups and registering the backup providers (SPEC §10a): the core's
/// `create_resource_group` and `register_provider`, each needing its action on the subscription.
/// Sources: azure-cli `resource/_params.py`, `resource/custom.py` (`_update_provider`'s warning);
/// Az.Resources' `New-AzResourceGroup`, `Register-AzResourceProvider`; ARM's
/// `SubscriptionNotFound` for a subscription the caller holds no role in.
#[test]
fn resource_groups_created_and_providers_registered() {
    check(
        &[
            ("bob", Az, "az group create -n rg-new -l westeurope"),
            ("olga", Az, "az group create -n rg-new -l WestEurope"),
            ("olga", Az, "az group create -n \"bad name!\" -l westeurope"),
            ("olga", Az, "az group create -n rg-new2"),
            ("olga", Pwsh, "New-AzResourceGroup -Name rg-ps -Location westeurope"),
            ("olga", Az, "az group list --query \"[].name\" -o tsv"),
            ("olga", Az, "az provider show -n Microsoft.RecoveryServices --query registrationState -o tsv"),
            ("olga", Az, "az provider register -n Microsoft.Compute"),
            ("olga", Az, "az provider register -n microsoft.recoveryservices"),
            ("olga", Az, "az provider register --namespace Microsoft.DataProtection --wait"),
            ("bob", Pwsh, "Register-AzResourceProvider -ProviderNamespace Microsoft.DataProtection"),
            ("olga", Pwsh, "Get-AzResourceProvider -ProviderNamespace Microsoft.DataProtection"),
            // az's list of subscriptions is ARM's: Olga holds no role in Sandbox.
            ("olga", Az, "az account set -s aaaaaaaa-0000-0000-0000-000000000000"),
            ("olga", Az, "az provider show -n Microsoft.DataProtection"),
        ],
        expect_file!["transcripts/resource_groups_created.txt"],
    );
}

/// Microsoft Entra ID: a member lists the directory's users and a group's members and, as the
/// group's owner, adds one; a guest reads a user it names but cannot list the directory, nor change
/// a group it does not own.
#[test]
fn directory() {
    let bob = session().world().principals().get("bob").unwrap().object_id.clone();
    let add = format!("az ad group member add --group approvers --member-id {bob}");
    let sara_login = format!("az login --tenant {GUARD_TENANT}");
    let bob_login = format!("az login --tenant {GUARD_TENANT} --allow-no-subscriptions");
    let remove = format!("az ad group member remove --group approvers --member-id {bob}");
    let ps_login = format!("Connect-AzAccount -Tenant {GUARD_TENANT}");
    let ps_add =
        "Add-AzADGroupMember -TargetGroupDisplayName approvers -MemberUserPrincipalName bob@contoso.com".to_owned();
    check(
        &[
            ("sara", Az, &sara_login),
            ("sara", Az, "az ad user list --query \"[].userPrincipalName\" -o tsv"),
            ("bob", Az, &bob_login),
            ("bob", Az, "az ad user list"),
            ("bob", Az, "az ad user show --id sara@fabrikamsec.com --query displayName -o tsv"),
            ("bob", Az, "az ad user show --id nobody@fabrikamsec.com"),
            ("bob", Az, &add),
            ("sara", Az, &add),
            ("sara", Az, "az ad group member list --group approvers --query \"[].userPrincipalName\" -o tsv"),
            ("olga", Pwsh, "Get-AzADUser -UserPrincipalName bob@contoso.com"),
            ("olga", Pwsh, "Get-AzADUser | Select-Object -ExpandProperty UserPrincipalName"),
            // Removing a member is its owner's, as adding is (azure-cli `ad group member remove`;
            // Az.Resources `Remove-AzADGroupMember`, `Add-AzADGroupMember`).
            ("bob", Az, &remove),
            ("sara", Az, &remove),
            ("sara", Pwsh, &ps_login),
            ("sara", Pwsh, &ps_add),
            (
                "sara",
                Pwsh,
                "Remove-AzADGroupMember -GroupDisplayName approvers -MemberUserPrincipalName nobody@fabrikamsec.com",
            ),
            ("sara", Az, "az ad group member list --group approvers --query \"[].userPrincipalName\" -o tsv"),
        ],
        expect_file!["transcripts/directory.txt"],
    );
}

/// A vault's managed identities: az `backup vault identity assign|remove|show` and
/// `Update-AzRecoveryServicesVault -IdentityType`, each the core's identity command.
#[test]
fn vault_identities() {
    check(
        &[
            ("bob", Az, "az backup vault identity assign -g rg-vault -n vault1 --system-assigned"),
            ("bob", Az, "az backup vault identity show -g rg-vault -n vault1 --query type -o tsv"),
            ("bob", Az, "az backup vault identity assign -g rg-vault -n vault1"),
            ("bob", Az, "az backup vault identity remove -g rg-vault -n vault1 --system-assigned"),
            ("bob", Az, "az backup vault identity show -g rg-vault -n vault1"),
            (
                "olga",
                Pwsh,
                "Update-AzRecoveryServicesVault -ResourceGroupName rg-vault -Name vault1 -IdentityType SystemAssigned",
            ),
            ("olga", Az, "az backup vault identity show -g rg-vault -n vault1 --query type -o tsv"),
            (
                "olga",
                Pwsh,
                "Update-AzRecoveryServicesVault -ResourceGroupName rg-vault -Name vault1 -IdentityType Bogus",
            ),
        ],
        expect_file!["transcripts/vault_identities.txt"],
    );
}

/// Each `--output` format as knack writes it (`microsoft/knack` `knack/output.py`): JSON with its
/// keys sorted, a table, tab-separated values, nothing; YAML is refused before anything is sent.
#[test]
fn output_formats() {
    let prefix = guard_and_reader();
    let lines = [
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard"),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard -o table"),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard --output TSV"),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard -o none"),
        ("sara", Az, "az role assignment list --scope /subscriptions/bbbbbbbb-0000-0000-0000-000000000002 -o table"),
        // --query is JMESPath: projections, filters, multi-select hashes, functions.
        ("sara", Az, "az role assignment list --scope /subscriptions/bbbbbbbb-0000-0000-0000-000000000002 --all --query \"[].{role:roleDefinitionName, who:principalName}\" -o table"),
        ("sara", Az, "az role assignment list --scope /subscriptions/bbbbbbbb-0000-0000-0000-000000000002 --all --query \"length([?roleDefinitionName=='Reader'])\""),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard --query \"[?name=='guard1'].location\" -o tsv"),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard --query \"[].{\""),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard -o yaml"),
        ("sara", Az, "az dataprotection resource-guard list -g rg-guard -o xml"),
    ];
    check(&with_prefix(&prefix, &lines), expect_file!["transcripts/output_formats.txt"]);
}

#[test]
fn help() {
    check(
        &[
            ("bob", Az, "az backup vault resource-guard-mapping update --help"),
            ("bob", Pwsh, "Get-Help Set-AzRecoveryServicesResourceGuardMapping"),
            // A group's commands and the cmdlets, by name (as az lists a group).
            ("bob", Az, "az backup vault"),
            ("bob", Pwsh, "Get-Help"),
        ],
        expect_file!["transcripts/help.txt"],
    );
}

/// A gallery session written as each script format (`mua export`), pinned as a whole.
fn check_export(gallery: &str, expected: [ExpectFile; 3]) {
    use mua_console::export::{export, Format};
    mua_console::install();
    let path = format!("{}/../../web/scenarios/{gallery}.json", env!("CARGO_MANIFEST_DIR"));
    let scenario = Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    let session = Rc::new(scenario).run().unwrap();
    for (format, expected) in [Format::Az, Format::Pwsh, Format::Rest].into_iter().zip(expected) {
        expected.assert_eq(&export(&session, format));
    }
}

#[test]
fn exports_of_the_cross_tenant_flow() {
    check_export(
        "pim-jit-approve",
        [
            expect_file!["transcripts/export-pim-jit-approve.az.txt"],
            expect_file!["transcripts/export-pim-jit-approve.ps1.txt"],
            expect_file!["transcripts/export-pim-jit-approve.rest.txt"],
        ],
    );
}

#[test]
fn exports_of_backup_vaults_and_exclusions() {
    check_export(
        "bv-exclusions",
        [
            expect_file!["transcripts/export-bv-exclusions.az.txt"],
            expect_file!["transcripts/export-bv-exclusions.ps1.txt"],
            expect_file!["transcripts/export-bv-exclusions.rest.txt"],
        ],
    );
}
