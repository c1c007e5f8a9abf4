//! The console (SPEC §10): the seed's own command blocks, verbatim with their placeholders
//! replaced by the world's names and ids, run through the session as the principals would type
//! them; per-request tokens; refusals and usage errors changing nothing; console steps in a
//! scenario file that export and replay.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::rc::Rc;

use mua_core::scenario::{Scenario, Shell, StepResult};
use mua_core::{ErrorCode, Session};

mod common;
use common::{GUARD_SUB, GUARD_TENANT, VAULT_SUB};

fn session() -> Session {
    common::session(&["vault1", "vault2"])
}

fn guard_id(name: &str) -> String {
    format!(
        "/subscriptions/{GUARD_SUB}/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/{name}"
    )
}

fn vault_id(name: &str) -> String {
    format!("/subscriptions/{VAULT_SUB}/resourceGroups/rg-vault/providers/Microsoft.RecoveryServices/vaults/{name}")
}

/// Sara creates guard1 in Fabrikam and gives Bob Reader on it, with az lines.
fn guard_and_reader(s: &mut Session) {
    let guard = guard_id("guard1");
    ok(
        s,
        "sara",
        Shell::Az,
        "az dataprotection resource-guard create -g rg-guard --resource-guard-name guard1 -l westeurope",
    );
    ok(s, "sara", Shell::Az, &format!("az role assignment create --role Reader --assignee bob --scope {guard}"));
}

/// Types `text` as `actor` and returns what it printed and its outcome.
fn typed(session: &mut Session, actor: &str, shell: Shell, text: &str) -> (String, Result<(), ErrorCode>) {
    let recorded = session.type_in(actor, shell, text);
    let outcome = match &recorded.result {
        StepResult::Refused(r) => Err(r.code),
        _ => Ok(()),
    };
    (recorded.output.clone(), outcome)
}

fn ok(session: &mut Session, actor: &str, shell: Shell, text: &str) -> String {
    let (output, outcome) = typed(session, actor, shell, text);
    assert_eq!(outcome, Ok(()), "{text}\n{output}");
    output
}

// The seed's blocks (mua-resource-guard-howto.md), verbatim, placeholders and all.
const PS_CREATE: &str =
    "New-AzDataProtectionResourceGuard -Location “Location” -Name “ResourceGuardName” -ResourceGroupName “rgName”";
const CLI_CREATE: &str = r#"az dataprotection resource-guard create --location "Location" --tags key1="val1" --resource-group "RgName" --resource-guard-name "ResourceGuardName""#;
const PS_UPDATE: &str = r#"$resourceGuard = Get-AzDataProtectionResourceGuard -SubscriptionId "xxxxxxxx-xxxx-xxxx-xxxxxxxxxxxx" -ResourceGroupName "rgName" -Name "resGuardName"
$criticalOperations = $resourceGuard.ResourceGuardOperation.VaultCriticalOperation
$operationsToBeExcluded = $criticalOperations | Where-Object { $_ -match "backupSecurityPIN/action" -or $_ -match "backupInstances/delete" }


Update-AzDataProtectionResourceGuard -SubscriptionId "xxxxxxxx-xxxx-xxxx-xxxxxxxxxxxx" -ResourceGroupName "rgName" -Name $resourceGuard.Name -CriticalOperationExclusionList $operationsToBeExcluded"#;
const CLI_UPDATE: &str = r#"az dataprotection resource-guard update --resource-group "RgName" --resource-guard-name "ResourceGuardName" --resource-type "Microsoft.RecoveryServices/vaults" --critical-operation-exclusion-list deleteProtection getSecurityPIN updatePolicy   "#;
const PS_MAP: &str = r#"$token = (Get-AzAccessToken -TenantId "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx").Token
Set-AzRecoveryServicesResourceGuardMapping -VaultId “VaultArmId” -ResourceGuardId "ResourceGuardArmId" -Token $token"#;
const CLI_MAP: &str = "az backup vault resource-guard-mapping update --resource-group RgName --name VaultName --resource-guard-id ResourceGuardId";
const PS_UNMAP: &str = r#"$token = (Get-AzAccessToken -TenantId "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx").Token
Remove-AzRecoveryServicesResourceGuardMapping -VaultId “VaultArmId”  -Token $token"#;
const CLI_UNMAP: &str = "az backup vault resource-guard-mapping delete --resource-group RgName --name VaultName";

/// Replaces the seed's placeholders: each where it stands as a whole word or value (not inside
/// a parameter's name: `-Location “Location”` becomes `-Location “westeurope”`).
fn fill(block: &str, pairs: &[(&str, &str)]) -> String {
    let bounded = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "\"“”=".contains(c));
    let mut text = block.to_owned();
    for (from, to) in pairs {
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(from) {
            let before = out.chars().last().or_else(|| rest[..at].chars().last());
            let before = if at > 0 { rest[..at].chars().last() } else { before };
            let after = rest[at + from.len()..].chars().next();
            out.push_str(&rest[..at]);
            out.push_str(if bounded(before) && bounded(after) { to } else { from });
            rest = &rest[at + from.len()..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

#[test]
fn every_command_block_of_the_seed_runs_through_the_console() {
    let mut s = session();
    // Create a Resource Guard (PowerShell, then CLI).
    ok(
        &mut s,
        "sara",
        Shell::Pwsh,
        &fill(PS_CREATE, &[("Location", "westeurope"), ("ResourceGuardName", "guard1"), ("rgName", "rg-guard")]),
    );
    let printed = ok(
        &mut s,
        "sara",
        Shell::Az,
        &fill(CLI_CREATE, &[("Location", "westeurope"), ("RgName", "rg-guard"), ("ResourceGuardName", "guard2")]),
    );
    assert!(printed.contains(&format!("\"id\": \"{}\"", guard_id("guard2"))), "az prints the ARM resource: {printed}");
    assert!(printed.contains("\"key1\": \"val1\"") && printed.contains("\"vaultCriticalOperationExclusionList\": []"));
    assert_eq!(s.world().guards()["guard2"].tags.get("key1").map(String::as_str), Some("val1"));

    // Select the operations to protect (PowerShell's pipeline, then the CLI's list).
    let update = fill(
        PS_UPDATE,
        &[("xxxxxxxx-xxxx-xxxx-xxxxxxxxxxxx", GUARD_SUB), ("rgName", "rg-guard"), ("resGuardName", "guard1")],
    );
    let printed = ok(&mut s, "sara", Shell::Pwsh, &update);
    let excluded: Vec<&str> = s.world().guards()["guard1"].excluded.iter().map(String::as_str).collect();
    assert_eq!(
        excluded,
        [
            "Microsoft.DataProtection/backupVaults/backupInstances/delete",
            "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action"
        ]
    );
    // Az.DataProtection's table view of a guard (its docs' output).
    assert!(
        printed.starts_with("ETag Id") && printed.contains("westeurope guard1 Microsoft.DataProtection/resourceGuards"),
        "the guard's table: {printed}"
    );
    ok(&mut s, "sara", Shell::Az, &fill(CLI_UPDATE, &[("RgName", "rg-guard"), ("ResourceGuardName", "guard2")]));
    assert_eq!(s.world().guards()["guard2"].excluded.len(), 3, "deleteProtection getSecurityPIN updatePolicy");

    // The Backup admin needs Reader on the guards (the seed's "Before you start").
    for guard in ["guard1", "guard2"] {
        ok(
            &mut s,
            "sara",
            Shell::Az,
            &format!("az role assignment create --role Reader --assignee bob --scope {}", guard_id(guard)),
        );
    }

    // Enable MUA: PowerShell sends the guard tenant's token with -Token.
    let map = fill(
        PS_MAP,
        &[
            ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", GUARD_TENANT),
            ("VaultArmId", &vault_id("vault1")),
            ("ResourceGuardArmId", &guard_id("guard1")),
        ],
    );
    let printed = ok(&mut s, "bob", Shell::Pwsh, &map);
    assert!(printed.contains(&format!("ResourceGuardResourceId      : {}", guard_id("guard1"))), "{printed}");
    assert_eq!(s.world().vaults()["vault1"].guard.as_deref(), Some("guard1"));
    // The CLI's line as the seed writes it has no --tenant-id: az sends no token for the guard's
    // directory, and Azure refuses; with --tenant-id it maps.
    let cli_map =
        fill(CLI_MAP, &[("RgName", "rg-vault"), ("VaultName", "vault2"), ("ResourceGuardId", &guard_id("guard2"))]);
    let (printed, outcome) = typed(&mut s, "bob", Shell::Az, &cli_map);
    assert_eq!(outcome, Err(ErrorCode::CrossTenantAuthRequired), "{printed}");
    assert!(printed.starts_with("ERROR: The Resource Guard 'guard2' is in directory 'Fabrikam Security'"), "{printed}");
    assert!(
        printed.ends_with(&format!(
            "Hint: add --tenant-id {GUARD_TENANT} to send a token for that directory (az's auxiliary token)."
        )),
        "{printed}"
    );
    assert_eq!(s.world().vaults()["vault2"].guard, None, "a refused line changes nothing");
    ok(&mut s, "bob", Shell::Az, &format!("{cli_map} --tenant-id {GUARD_TENANT}"));
    assert_eq!(s.world().vaults()["vault2"].guard.as_deref(), Some("guard2"));

    // Disable MUA: a critical operation; refused until Bob holds Backup MUA Operator on the guard.
    let unmap =
        fill(PS_UNMAP, &[("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", GUARD_TENANT), ("VaultArmId", &vault_id("vault1"))]);
    let (printed, outcome) = typed(&mut s, "bob", Shell::Pwsh, &unmap);
    assert_eq!(outcome, Err(ErrorCode::MuaOperatorRoleMissing), "{printed}");
    assert!(printed.starts_with("Remove-AzRecoveryServicesResourceGuardMapping: "), "{printed}");
    for guard in ["guard1", "guard2"] {
        ok(
            &mut s,
            "sara",
            Shell::Az,
            &format!(
                "az role assignment create --role \"Backup MUA Operator\" --assignee bob --scope {}",
                guard_id(guard)
            ),
        );
    }
    ok(&mut s, "bob", Shell::Pwsh, &unmap);
    assert_eq!(s.world().vaults()["vault1"].guard, None);
    // The seed's delete line has no --yes: az asks first (Cloud Shell is a terminal), and sends the
    // request once Bob answers y (azure-cli `backup/commands.py`: `confirmation=True`).
    let cli_unmap = fill(CLI_UNMAP, &[("RgName", "rg-vault"), ("VaultName", "vault2")]);
    assert_eq!(ok(&mut s, "bob", Shell::Az, &cli_unmap), "Are you sure you want to perform this operation? (y/n):");
    assert_eq!(typed(&mut s, "bob", Shell::Az, "y").1, Err(ErrorCode::CrossTenantAuthRequired));
    ok(&mut s, "bob", Shell::Az, &format!("{cli_unmap} --tenant-id {GUARD_TENANT}"));
    assert!(s.world().vaults()["vault2"].guard.is_some(), "nothing is sent before the answer");
    ok(&mut s, "bob", Shell::Az, "y");
    assert_eq!(s.world().vaults()["vault2"].guard, None);
}

/// A script has no terminal to ask on (`mua shell`, as az in CI): a delete az confirms is refused
/// naming `--yes`, and sends nothing (azure-cli `commands/__init__.py`, `resolve_confirmation`, and
/// knack `commands.py`, `_user_confirmed`); with `--yes` it runs; a block pasted into Cloud Shell
/// answers the prompt with its next line, as a terminal does.
#[test]
fn a_script_with_no_terminal_is_refused_what_az_would_ask_to_confirm() {
    let mut s = session();
    guard_and_reader(&mut s);
    let delete = "az dataprotection resource-guard delete -g rg-guard -n guard1";
    let pasted = s.clone();
    s.without_terminal();
    let (printed, outcome) = typed(&mut s, "sara", Shell::Az, delete);
    assert_eq!(outcome, Err(ErrorCode::InvalidInput));
    assert_eq!(
        printed,
        "WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled."
    );
    assert!(s.world().guards().contains_key("guard1"), "a cancelled line sends nothing");
    // Undoing a step keeps the session a script's.
    s.undo();
    assert_eq!(typed(&mut s, "sara", Shell::Az, delete).1, Err(ErrorCode::InvalidInput));
    ok(&mut s, "sara", Shell::Az, &format!("{delete} --yes"));
    assert!(!s.world().guards().contains_key("guard1"));

    let mut s = pasted;
    let printed = ok(&mut s, "sara", Shell::Az, &format!("{delete}\ny"));
    assert_eq!(printed, "Are you sure you want to perform this operation? (y/n):");
    assert!(!s.world().guards().contains_key("guard1"));
}

#[test]
fn the_seeds_synopses_are_what_help_lists() {
    let mut s = session();
    let help = ok(&mut s, "bob", Shell::Az, "az dataprotection resource-guard update --help");
    for param in
        ["--name", "--resource-group", "--critical-operation-exclusion-list", "--resource-type", "--tags", "--type"]
    {
        assert!(help.contains(param), "{param}: {help}");
    }
    let help = ok(&mut s, "bob", Shell::Az, "az backup vault resource-guard-mapping update --help");
    for param in ["--resource-guard-id [Required]", "--ids", "--name", "--resource-group", "--tenant-id"] {
        assert!(help.contains(param), "{param}: {help}");
    }
    let help = ok(&mut s, "bob", Shell::Az, "az backup vault resource-guard-mapping delete --help");
    for param in ["--ids", "--name", "--resource-group", "--tenant-id", "--yes"] {
        assert!(help.contains(param), "{param}: {help}");
    }
    let help = ok(&mut s, "bob", Shell::Pwsh, "Get-Help Set-AzRecoveryServicesResourceGuardMapping");
    assert!(help.contains("-ResourceGuardId <String>") && help.contains("[-Token <String>]"), "{help}");
}

#[test]
fn console_tokens_are_per_request_whatever_the_portal_holds() {
    let mut s = session();
    guard_and_reader(&mut s);
    // The portal's directory switch gives Bob a Fabrikam token; the az line still sends none.
    s.run("bob", mua_core::Command::Authenticate { tenant: "fabrikam".into() });
    let line = format!(
        "az backup vault resource-guard-mapping update -g rg-vault -n vault1 --resource-guard-id {}",
        guard_id("guard1")
    );
    assert_eq!(typed(&mut s, "bob", Shell::Az, &line).1, Err(ErrorCode::CrossTenantAuthRequired));
    // PowerShell without -Token neither; a token for the wrong directory does not help.
    let ps = format!(
        "Set-AzRecoveryServicesResourceGuardMapping -VaultId {} -ResourceGuardId {}",
        vault_id("vault1"),
        guard_id("guard1")
    );
    assert_eq!(typed(&mut s, "bob", Shell::Pwsh, &ps).1, Err(ErrorCode::CrossTenantAuthRequired));
    let home_token = format!("$t = (Get-AzAccessToken).Token\n{ps} -Token $t");
    assert_eq!(typed(&mut s, "bob", Shell::Pwsh, &home_token).1, Err(ErrorCode::CrossTenantAuthRequired));
    // Variables live for Bob's console across steps: the next step uses the token fetched now.
    ok(&mut s, "bob", Shell::Pwsh, &format!("$fab = (Get-AzAccessToken -TenantId {GUARD_TENANT}).Token"));
    ok(&mut s, "bob", Shell::Pwsh, &format!("{ps} -Token $fab"));
    // A token from Get-AzAccessToken lasts an hour: at minute 60 the request is refused and says
    // the token expired; a new one still works at its minute 59.
    let fetch = format!("$fab = (Get-AzAccessToken -TenantId {GUARD_TENANT}).Token");
    let map2 = format!(
        "Set-AzRecoveryServicesResourceGuardMapping -VaultId {} -ResourceGuardId {} -Token $fab",
        vault_id("vault2"),
        guard_id("guard1")
    );
    ok(&mut s, "bob", Shell::Pwsh, &fetch);
    s.advance(chrono::TimeDelta::minutes(60)).unwrap();
    let (printed, outcome) = typed(&mut s, "bob", Shell::Pwsh, &map2);
    assert_eq!(outcome, Err(ErrorCode::CrossTenantAuthRequired), "{printed}");
    let checks = match &s.last().unwrap().result {
        mua_core::scenario::StepResult::Refused(r) => format!("{:?}", r.trace.checks()),
        other => panic!("{other:?}"),
    };
    assert!(checks.contains("the token expired at"), "{checks}");
    ok(&mut s, "bob", Shell::Pwsh, &fetch);
    s.advance(chrono::TimeDelta::minutes(59)).unwrap();
    ok(&mut s, "bob", Shell::Pwsh, &map2);
    // Olga has no account in Fabrikam: Entra refuses her token.
    let (printed, outcome) = typed(&mut s, "olga", Shell::Pwsh, &format!("Get-AzAccessToken -TenantId {GUARD_TENANT}"));
    assert_eq!(outcome, Err(ErrorCode::AuthorizationFailed), "{printed}");
    assert!(printed.contains("ErrorCode: AADSTS50020"), "{printed}");
    // A request to a subscription carries a token for its directory where the account is: Bob, a
    // guest of Fabrikam, reads the guard there; Olga, with no account in Fabrikam, has none.
    let show = format!("az dataprotection resource-guard show --ids {}", guard_id("guard1"));
    let printed = ok(&mut s, "bob", Shell::Az, &show);
    assert!(printed.contains("\"type\": \"Microsoft.DataProtection/resourceGuards\""), "{printed}");
    assert_eq!(typed(&mut s, "olga", Shell::Az, &show).1, Err(ErrorCode::CrossTenantAuthRequired));
    // az login to a directory: its first subscription is where the next lines act.
    ok(&mut s, "bob", Shell::Az, "az login --tenant fabrikamsec.com");
    let printed = ok(&mut s, "bob", Shell::Az, "az account show --query name -o tsv");
    assert_eq!(printed, "Security");
    // A token lasts an hour from the clock (now 10:59), its expiry written as az writes it.
    let printed = ok(&mut s, "bob", Shell::Az, "az account get-access-token --query expiresOn -o tsv");
    assert_eq!(printed, "2026-01-05 11:59:00.000000");
    assert_eq!(
        typed(&mut s, "olga", Shell::Az, "az login --tenant fabrikamsec.com").1,
        Err(ErrorCode::AuthorizationFailed)
    );
    // A refusal Azure documents prints az's error shape with Azure's code, and ours.
    let (printed, outcome) = typed(
        &mut s,
        "bob",
        Shell::Az,
        "az role assignment create --role Owner --assignee bob --resource-group rg-vault",
    );
    assert_eq!(outcome, Err(ErrorCode::AuthorizationFailed));
    assert!(
        printed.starts_with("ERROR: (AuthorizationFailed) ")
            && printed.contains("\nCode: AuthorizationFailed\nMessage: "),
        "{printed}"
    );
    assert!(printed.ends_with("Simulator code: authorization-failed"), "{printed}");
}

#[test]
fn bad_lines_get_the_tools_messages_and_change_nothing() {
    let mut s = session();
    let before = s.world().clone();
    let cases: &[(Shell, &str, &str)] = &[
        (Shell::Az, "az backup vault resource-guard-mapping update --name vault1", "ERROR: the following arguments are required: --resource-guard-id"),
        (Shell::Az, "az dataprotection resource-guard show -g rg -n g --colour red", "ERROR: unrecognized arguments: --colour red"),
        (Shell::Az, "az dataprotection resource-gaurd show", "ERROR: 'resource-gaurd' is misspelled or not recognized by the system."),
        (Shell::Az, "az account set --subscription nope", "ERROR: The subscription of 'nope' doesn't exist in cloud 'AzureCloud'."),
        (Shell::Az, "az dataprotection resource-guard create -g rg \"unclosed", "ERROR: a quote (\") is not closed (at character 47)"),
        (Shell::Pwsh, "Get-AzResourceGuard", "Get-AzResourceGuard: The term 'Get-AzResourceGuard' is not recognized"),
        (Shell::Pwsh, "New-AzDataProtectionResourceGuard -Name g -ResourceGroupName rg-guard -Colour red", "New-AzDataProtectionResourceGuard: A parameter cannot be found that matches parameter name 'Colour'."),
        (Shell::Pwsh, "New-AzDataProtectionResourceGuard -Name g", "New-AzDataProtectionResourceGuard: Cannot process command because of one or more missing mandatory parameters: Location ResourceGroupName."),
        (Shell::Pwsh, "Set-AzDataProtectionResourceGuardMapping -Resource x", "Set-AzDataProtectionResourceGuardMapping: Parameter cannot be processed because the parameter name 'Resource' is ambiguous. Possible matches include: -ResourceGroupName -ResourceGuardId."),
        (Shell::Az, "az rest --method put --url https://example.com/x --body {}", "ERROR: this console calls ARM URLs (https://management.azure.com/subscriptions/…), not 'https://example.com/x'"),
        (Shell::Az, "az rest --method put --url /subscriptions/s/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/g --body '{oops'", "ERROR: --body is not JSON: "),
        (Shell::Az, "az rest --method post --url /subscriptions/s/providers/Microsoft.Foo/bars/b", "ERROR: this console does not call POST /subscriptions/s/providers/Microsoft.Foo/bars/b"),
        (Shell::Az, "az rest --method put --url /providers/Microsoft.Authorization/roleAssignmentApprovals/r/stages/r --body '{\"properties\":{\"reviewResult\":\"Maybe\"}}'", "ERROR: the body's properties.reviewResult is Approve or Deny"),
        (Shell::Az, "az rest --method patch --url /subscriptions/s/resourceGroups/rg-vault/providers/Microsoft.Authorization/roleManagementPolicies/nope --body {}", "ERROR: (RoleManagementPolicyNotFound) No policy 'nope' at '/subscriptions/s/resourceGroups/rg-vault'."),
    ];
    for (shell, line, message) in cases {
        let (printed, outcome) = typed(&mut s, "bob", *shell, line);
        assert_eq!(outcome, Err(ErrorCode::InvalidInput), "{line}");
        assert!(printed.starts_with(message), "{line}:\n{printed}");
        assert_eq!(s.world(), &before, "{line} changed nothing");
    }
    // A role's policy is found by its name; of its rules the console reads the Activation tab's.
    let policy = mua_console::rest::policy_name("vault1", mua_core::rbac::READER);
    let line = format!(
        "az rest --method patch --url {}/providers/Microsoft.Authorization/roleManagementPolicies/{policy} --body '{{\"properties\":{{\"rules\":[{{\"id\":\"Notification_Admin_Admin_Eligibility\"}}]}}}}'",
        vault_id("vault1")
    );
    let (printed, outcome) = typed(&mut s, "bob", Shell::Az, &line);
    assert_eq!(outcome, Err(ErrorCode::InvalidInput), "{printed}");
    assert!(printed.contains("not 'Notification_Admin_Admin_Eligibility'"), "{printed}");
}

#[test]
fn console_steps_record_export_replay_and_undo() {
    let mut s = session();
    ok(
        &mut s,
        "sara",
        Shell::Az,
        "az dataprotection resource-guard create -g rg-guard --resource-guard-name guard1 -l westeurope",
    );
    ok(&mut s, "sara", Shell::Pwsh, "$g = Get-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name guard1");
    ok(&mut s, "sara", Shell::Pwsh, "Update-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name $g.Name -CriticalOperationExclusionList Microsoft.RecoveryServices/vaults/backupSecurityPIN/action");
    let exported = mua_core::scenario_file::export(&s).to_string();
    assert!(exported.contains("\"pwsh\":\"$g = Get-AzDataProtectionResourceGuard"), "{exported}");
    let again = Rc::new(Scenario::load(&exported).unwrap()).run().unwrap();
    assert_eq!(again.world(), s.world(), "an exported session with console steps replays to the same world");
    // Undo the update: the variable `$g` from the step before lives on in the replayed console.
    s.undo();
    assert!(s.world().guards()["guard1"].excluded.is_empty());
    ok(&mut s, "sara", Shell::Pwsh, "Update-AzDataProtectionResourceGuard -ResourceGroupName rg-guard -Name $g.Name -CriticalOperationExclusionList Microsoft.RecoveryServices/vaults/backupSecurityPIN/action");
    assert_eq!(s.world().guards()["guard1"].excluded.len(), 1);
}

/// Every gallery scenario played through, exported as an az script and as a PowerShell script, and
/// each script run back through the console on the scenario's start: every step gives the same
/// outcome and the world ends the same. Prints how many steps became command lines.
#[test]
fn every_gallery_session_exports_as_scripts_that_run_back_to_the_same_outcomes() {
    use mua_console::export::{export, Format};
    use mua_console::script::{read_script, run_script};
    // Not left to another test of this binary having installed it first.
    mua_console::install();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (mut lines, mut steps) = ([0usize; 3], [0usize; 3]);
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
        let scenario = Rc::new(Scenario::load(&std::fs::read_to_string(file).unwrap()).unwrap());
        let played = scenario.run().unwrap();
        for (k, format) in [Format::Az, Format::Pwsh, Format::Rest].into_iter().enumerate() {
            let shell = format.shell();
            let text = export(&played, format);
            let items = read_script(&text, shell).unwrap_or_else(|e| panic!("{}: {e}\n{text}", file.display()));
            let mut again = Session::new(Rc::clone(&scenario));
            again.without_terminal();
            let outcomes = run_script(&mut again, &scenario.first_actor(), shell, &items, true);
            for o in &outcomes {
                assert!(
                    o.held(),
                    "{} ({format:?}) line {}: expected {}, got {}: {}\n{text}",
                    file.display(),
                    o.line,
                    o.expected,
                    o.got,
                    o.message
                );
            }
            // A line az asked to confirm and its answer are one line with --yes in a script.
            let asked = played.history().iter().filter(|r| r.output.ends_with("(y/n):")).count();
            assert_eq!(outcomes.len(), played.history().len() - asked, "{} ({format:?})\n{text}", file.display());
            assert_eq!(again.world(), played.world(), "{} ({format:?}) ends in the same world\n{text}", file.display());
            steps[k] += outcomes.len();
            lines[k] += items.iter().filter(|i| matches!(i.action, mua_console::script::ScriptAction::Type(_))).count();
        }
    }
    println!(
        "steps written as command lines: az {}/{}, PowerShell {}/{}, ARM REST {}/{}",
        lines[0], steps[0], lines[1], steps[1], lines[2], steps[2]
    );
    assert!(lines[0] * 4 > steps[0], "a good share of the gallery's steps are az lines");
}

/// Az 14's SecureString given to `-Token` (the seed's line): ARM's `InvalidAuthenticationToken`,
/// refused before any other check with the reason Explain shows, and nothing changed; the same
/// token given to `-SecureToken` works. Sources: see `transcripts.rs`, `az_powershell_tokens`.
#[test]
fn a_securestring_given_to_token_is_refused_with_its_reason_and_changes_nothing() {
    let mut s = session();
    let guard = guard_id("guard1");
    guard_and_reader(&mut s);
    let vault = vault_id("vault1");
    let get = format!("$token = (Get-AzAccessToken -TenantId {GUARD_TENANT}).Token");
    ok(&mut s, "bob", Shell::Pwsh, "Import-Module Az -RequiredVersion 14.0.0");
    let before = s.world().clone();
    let recorded = s.type_in(
        "bob",
        Shell::Pwsh,
        &format!(
            "{get}\nSet-AzRecoveryServicesResourceGuardMapping -VaultId {vault} -ResourceGuardId {guard} -Token $token"
        ),
    );
    let StepResult::Refused(refusal) = &recorded.result else { panic!("{}", recorded.output) };
    assert_eq!(refusal.code, ErrorCode::CrossTenantAuthRequired);
    assert_eq!(refusal.azure.map(|a| a.code), Some("InvalidAuthenticationToken"));
    assert_eq!(refusal.message, "The access token is invalid.");
    assert!(refusal.remedy.contains("pass it to `-SecureToken`"), "{}", refusal.remedy);
    let last = refusal.trace.checks().last().unwrap();
    assert!(!last.passed && last.what.contains("`System.Security.SecureString` is not an access token"), "{last:?}");
    assert_eq!(refusal.trace.checks().len(), 2, "signed in, then the token: no other check ran");
    assert_eq!(s.world(), &before, "nothing changed");
    // The portal's token for Fabrikam changes nothing: the request carries its own.
    ok(
        &mut s,
        "bob",
        Shell::Pwsh,
        &format!("{get}\nSet-AzRecoveryServicesResourceGuardMapping -VaultId {vault} -ResourceGuardId {guard} -SecureToken $token"),
    );
    assert!(s.world().vaults()["vault1"].guard.is_some(), "mapped with -SecureToken");
}

/// A scenario file chooses its consoles' Az PowerShell (`"az_powershell": "14"`); another value
/// is refused naming the field, and the session exports its tokens as that version takes them.
#[test]
fn a_scenario_pins_its_az_powershell() {
    let file = |v: &str| {
        std::fs::read_to_string(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios/pim-jit-approve.json"),
        )
        .unwrap()
        .replacen("\"version\": 1,", &format!("\"version\": 1, \"az_powershell\": {v},"), 1)
    };
    mua_console::install();
    let az14 = Rc::new(Scenario::load(&file("\"14\"")).unwrap());
    assert_eq!(az14.az_powershell, mua_core::scenario::AzPowerShell::Az14);
    let mut s = Session::new(Rc::clone(&az14));
    let printed = ok(&mut s, "bob", Shell::Pwsh, "Get-AzAccessToken -TenantId fabrikamsec.com");
    assert!(printed.starts_with("Token     : System.Security.SecureString"), "{printed}");
    for bad in ["\"15\"", "14", "\"14.0.0\""] {
        let err = Scenario::load(&file(bad)).err().unwrap().to_string();
        assert!(err.contains("az_powershell"), "{bad}: {err}");
    }
}
