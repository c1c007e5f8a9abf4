//! The bad-input catalogue (issue 14), native half: every entry point of the core given bad input
//! answers with a clear message — asserted exactly — and leaves the session as it was. The browser
//! half (share links, saved sessions, URL parameters) is in `tests/e2e.rs`.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::rc::Rc;

use mua_core::scenario::{Scenario, Shell, StepResult};
use mua_core::{Command, Session};

fn gallery(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../web/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const MINIMAL: &str = r#"{"version": 1, "title": "t", "start": "2026-01-05T09:00:00Z",
  "world": {"tenants": [{"id": "contoso", "name": "Contoso", "domain": "contoso.com"}],
            "subscriptions": [{"id": "sub", "tenant": "contoso", "name": "Prod"}],
            "resource_groups": [{"id": "rg", "subscription": "sub", "location": "westeurope"}],
            "principals": [{"id": "olga", "kind": "user", "tenant": "contoso"}],
            "role_assignments": [{"principal": "olga", "role": "Owner", "scope": "sub"}]},
  "steps": []}"#;

/// MINIMAL with one replacement.
fn minimal(from: &str, to: &str) -> String {
    assert!(MINIMAL.contains(from), "{from}");
    MINIMAL.replacen(from, to, 1)
}

fn load_error(text: &str) -> String {
    match Scenario::load(text) {
        Ok(_) => "loaded".to_owned(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_bad_input_gets_a_clear_message_and_changes_nothing() {
    // The console's lines are among the inputs.
    mua_console::install();
    let mut cases: Vec<(&str, String, String)> = Vec::new();
    let mut case = |what: &'static str, got: String, expected: &str| cases.push((what, got, expected.to_owned()));

    // ----- Scenario files -----
    case("empty file", load_error(""), "invalid-input: line 1 column 0: EOF while parsing a value at line 1 column 0");
    case(
        "truncated",
        load_error(&MINIMAL[..40]),
        "invalid-input: line 1 column 40: EOF while parsing a string at line 1 column 40",
    );
    case("not an object", load_error("[]"), "invalid-input: the file: a scenario file is a JSON object, found a list");
    case(
        "version as text",
        load_error(&minimal(r#""version": 1"#, r#""version": "1""#)),
        "invalid-input: version: expected a whole number (1), found a string",
    );
    case(
        "version 2",
        load_error(&minimal(r#""version": 1"#, r#""version": 2"#)),
        "invalid-input: version: unsupported version 2; this simulator reads version 1",
    );
    case(
        "no world",
        load_error(r#"{"version": 1, "title": "t", "start": "2026-01-05T09:00:00Z"}"#),
        "invalid-input: world: missing field `world`",
    );
    case(
        "unknown top-level field",
        load_error(&minimal(r#""steps": []"#, r#""steps": [], "stepz": []"#)),
        "invalid-input: stepz: unknown field `stepz`, expected one of $schema, az_powershell, description, start, steps, title, version, world",
    );
    case(
        "an Az PowerShell the simulator does not have",
        load_error(&minimal(r#""steps": []"#, r#""steps": [], "az_powershell": "12""#)),
        r#"invalid-input: az_powershell: `12` is not an Az PowerShell this simulator has: "13" or "14""#,
    );
    case(
        "huge number",
        load_error(&minimal(r#""version": 1"#, r#""version": 1e400"#)),
        "invalid-input: version: expected a whole number (1), found 1e+400",
    );
    case(
        "deep nesting",
        load_error(&minimal(r#""steps": []"#, &format!(r#""steps": {}{}"#, "[".repeat(300), "]".repeat(300)))),
        "invalid-input: line 7 column 138: recursion limit exceeded at line 7 column 138",
    );
    case(
        "bad start time",
        load_error(&minimal("2026-01-05T09:00:00Z", "yesterday")),
        "invalid-input: start: `yesterday` is not an RFC 3339 time: premature end of input",
    );
    case(
        "unknown tenant",
        load_error(&minimal(r#""tenant": "contoso", "name": "Prod""#, r#""tenant": "nope", "name": "Prod""#)),
        "invalid-input: world.subscriptions[0].tenant: unknown tenant `nope`",
    );
    case(
        "duplicate handle",
        load_error(&minimal(r#"{"id": "olga", "kind""#, r#"{"id": "rg", "kind""#)),
        "invalid-input: world.principals[0].id: handle `rg` is used twice",
    );
    case("unknown role", load_error(&minimal(r#""role": "Owner""#, r#""role": "Overlord""#)),"invalid-input: world.role_assignments[0].role: unknown role `Overlord`; built-in roles: Owner, Contributor, Reader, User Access Administrator, Backup Contributor, Backup Operator, Backup Reader, Backup MUA Admin, Backup MUA Operator, Key Vault Crypto Service Encryption User, Disk Backup Reader");
    case(
        "unknown principal in a step",
        load_error(&minimal(
            r#""steps": []"#,
            r#""steps": [{"as": "eve", "do": "create_vault", "id": "v", "kind": "recovery_services", "resource_group": "rg"}]"#,
        )),
        "invalid-input: step 1 field `as`: unknown principal `eve`",
    );
    case(
        "unknown action",
        load_error(&minimal(r#""steps": []"#, r#""steps": [{"as": "olga", "do": "hack"}]"#)),
        "invalid-input: step 1 field `do`: unknown action `hack`",
    );
    case(
        "unknown field in a step",
        load_error(&minimal(
            r#""steps": []"#,
            r#""steps": [{"as": "olga", "do": "create_vault", "id": "v", "kind": "recovery_services", "resource_group": "rg", "colour": "red"}]"#,
        )),
        "invalid-input: step 1 field `colour`: unknown field for this action",
    );
    case(
        "field of the wrong type",
        load_error(&minimal(r#""steps": []"#, r#""steps": [{"as": "olga", "do": "disable_soft_delete", "vault": 3}]"#)),
        "invalid-input: step 1 field `vault`: expected a string, found 3",
    );
    case(
        "unknown handle in a step",
        load_error(&minimal(
            r#""steps": []"#,
            r#""steps": [{"as": "olga", "do": "disable_soft_delete", "vault": "v9"}]"#,
        )),
        "invalid-input: step 1 field `vault`: unknown handle `v9`",
    );
    case(
        "unknown error code",
        load_error(&minimal(
            r#""steps": []"#,
            r#""steps": [{"as": "olga", "do": "disable_soft_delete", "vault": "rg", "expect": "oops"}]"#,
        )),
        "invalid-input: step 1 field `expect`: unknown error code `oops`",
    );
    case("negative advance", load_error(&minimal(r#""steps": []"#, r#""steps": [{"advance": "PT-1H"}]"#)),"invalid-input: step 1 field `advance`: `PT-1H` is not a valid ISO 8601 duration: expected a form like PT2H, PT30M, P1D or P1DT12H");
    let huge = minimal(r#""title": "t""#, &format!(r#""title": "{}""#, "x".repeat(10 * 1024 * 1024)));
    case(
        "10 MB file",
        load_error(&huge),
        "invalid-input: the file: it is 10.0 MB; a scenario file may be at most 4 MB",
    );

    // ----- Durations -----
    let dur = |t: &str| mua_core::duration::parse_forward(t).map_or_else(|r| r.message, |d| format!("ok {d}"));
    case("PT0S", dur("PT0S"), "Enter a duration longer than zero, like 30m or 1d.");
    case("0h", dur("0h"), "Enter a duration longer than zero, like 30m or 1d.");
    case(
        "PT-1H",
        dur("PT-1H"),
        "\u{201c}PT-1H\u{201d} is not a valid ISO 8601 duration: expected a form like PT2H, PT30M, P1D or P1DT12H",
    );
    case(
        "P1Y",
        dur("P1Y"),
        "\u{201c}P1Y\u{201d} is not a valid ISO 8601 duration: years and months have no fixed length; use days (P30D)",
    );
    case(
        "overflow",
        dur("PT99999999999999999999H"),
        "\u{201c}PT99999999999999999999H\u{201d} is not a valid ISO 8601 duration: a number is too large",
    );
    case("empty duration", dur(""), "Enter how far to move the clock, like 2h, 30m or 1d.");
    for bad in ["2x", "h2", "30m 1h", "1h 1h", "2 parsecs", "-2h", "1.5h", "99999999999999999999m"] {
        case(
            bad,
            dur(bad),
            &format!(
                "\u{201c}{bad}\u{201d} is not a duration: enter a number and a unit, like 2h, 30m, 1d or 1h 30m (or ISO 8601: PT2H)."
            ),
        );
    }
    // What a person types, and ISO 8601, give the same spans.
    for (typed, minutes) in [
        ("2h", 120),
        ("30m", 30),
        ("1d", 1_440),
        ("1h 30m", 90),
        ("1h30m", 90),
        ("90 min", 90),
        ("2 hours", 120),
        ("1 day, 2 hours", 1_560),
        ("1w", 10_080),
        (" 2H ", 120),
        ("PT2H", 120),
        ("pt30m", 30),
        ("P1DT12H", 2_160),
    ] {
        case(typed, dur(typed), &format!("ok {}", chrono::TimeDelta::minutes(minutes)));
    }

    // ----- Lighthouse parameters files -----
    let params = |t: &str| {
        let json: serde_json::Value = serde_json::from_str(t).unwrap();
        mua_core::lighthouse::parse_parameters(&json)
            .map_or_else(|r| format!("{}: {}", r.code, r.message), |_| "ok".to_owned())
    };
    case(
        "parameters: not an object",
        params("[]"),
        "lighthouse-invalid-template: the parameters must be a JSON object",
    );
    case("parameters: the template", params(r#"{"$schema": "x", "contentVersion": "1.0.0.0", "parameters": {"mspOfferName": {"type": "string"}}}"#),"lighthouse-invalid-template: parameter `mspOfferName` has no value: this looks like the deployment template, not its parameters file");
    case(
        "parameters: missing offer",
        params(r#"{"mspOfferDescription": {"value": "d"}}"#),
        "lighthouse-invalid-template: parameter `mspOfferName` is missing",
    );
    case(
        "parameters: authorizations not a list",
        params(
            r#"{"mspOfferName": {"value": "o"}, "mspOfferDescription": {"value": "d"}, "managedByTenantId": {"value": "t"}, "authorizations": {"value": 3}}"#,
        ),
        "lighthouse-invalid-template: `authorizations` must be an array",
    );

    // ----- Handles and ARM ids: refused by the core, the session as it was -----
    let scenario = Rc::new(Scenario::load(&gallery("pim-jit-approve")).unwrap());
    let mut session = Session::new(Rc::clone(&scenario));
    for _ in 0..3 {
        session.play_next();
    }
    let mut refused = |actor: &str, command: Command| {
        let before = session.world().clone();
        let recorded = session.run(actor, command);
        let StepResult::Refused(r) = &recorded.result else { panic!("not refused") };
        let message = format!("{}: {}", r.code, r.message);
        assert_eq!(session.world(), &before, "{message}: the world as it was");
        message
    };
    case(
        "unknown vault",
        refused("bob", Command::DisableSoftDelete { vault: "vault9".into() }),
        "not-found: Vault `vault9` does not exist.",
    );
    case("unknown vault by ARM id", refused("bob", Command::DisableSoftDelete { vault: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-vault/providers/Microsoft.RecoveryServices/vaults/vault1".into() }),"not-found: The Resource 'Microsoft.RecoveryServices/vaults/vault1' under resource group 'rg-vault' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    case(
        "injection-like handle",
        refused("bob", Command::DisableSoftDelete { vault: "vault1'; DROP TABLE vaults; --<script>".into() }),
        "not-found: Vault `vault1'; DROP TABLE vaults; --<script>` does not exist.",
    );
    case(
        "path-like ARM id",
        refused("bob", Command::DisableSoftDelete { vault: "/subscriptions/../vaults/vault1".into() }),
        "not-found: Vault `/subscriptions/../vaults/vault1` does not exist.",
    );
    case("the other tenant's guard without a token", refused("bob", Command::EnableMua { vault: "vault1".into(), guard: "guard1".into() }),"cross-tenant-auth-required: The Resource Guard 'guard1' is in directory 'Fabrikam Security' (no token). Authenticate to that directory to continue.");
    case(
        "unknown principal",
        refused("mallory", Command::DisableSoftDelete { vault: "vault1".into() }),
        "not-found: Principal `mallory` does not exist.",
    );
    // Azure's naming rules per resource type (crate::naming, cited there).
    let guard_named = |id: &str| Command::CreateResourceGuard {
        id: id.into(),
        resource_group: "rg-guard".into(),
        location: None,
        description: String::new(),
        excluded_operations: Vec::new(),
        tags: Default::default(),
    };
    case(
        "a guard named with markup",
        refused("sara", guard_named("<img src=x onerror=alert(1)>")),
        "invalid-input: `<img src=x onerror=alert(1)>` is not a valid name: The name can't contain '<': use letters, numbers and hyphens only.",
    );
    case(
        "a guard name that starts with a digit",
        refused("sara", guard_named("1guard")),
        "invalid-input: `1guard` is not a valid name: The name must start with a letter.",
    );
    case(
        "a vault name of 51 characters",
        refused(
            "olga",
            Command::CreateVault {
                id: "v".repeat(51),
                kind: mua_core::critical_operations::VaultKind::RecoveryServices,
                resource_group: "rg-vault".into(),
                location: None,
                identity: None,
            },
        ),
        &format!(
            "invalid-input: `{}` is not a valid name: The name must be 2 to 50 characters long (it has 51).",
            "v".repeat(51)
        ),
    );

    // ----- Share links and saved sessions: histories -----
    let resume = |history: serde_json::Value| {
        let steps = history.as_array().cloned().unwrap();
        mua_core::scenario_file::resume(Rc::clone(&scenario), &steps)
            .map_or_else(|e| e.to_string(), |_| "resumed".to_owned())
    };
    case(
        "history: step index out of range",
        resume(serde_json::json!([0, 1, 99])),
        "invalid-input: history[2]: the scenario has no step 99 (it has 19)",
    );
    case(
        "history: a step that is text",
        resume(serde_json::json!(["x"])),
        "invalid-input: step 1: a step is a JSON object",
    );
    case(
        "history: an outcome that differs",
        resume(
            serde_json::json!([0, {"as": "bob", "do": "disable_soft_delete", "vault": "vault1", "expect": "authorization-failed"}]),
        ),
        "step 2 (`disable_soft_delete` as `bob`): expected `authorization-failed`, got `ok`: the operation succeeded",
    );
    case(
        "history: an unknown action",
        resume(serde_json::json!([{"as": "bob", "do": "teleport"}])),
        "invalid-input: step 1 field `do`: unknown action `teleport`",
    );

    // ----- Console lines: the tool's message, the world as it was -----
    let mut typed = |shell: Shell, text: &str| {
        let before = session.world().clone();
        let recorded = session.type_in("bob", shell, text);
        let StepResult::Refused(r) = &recorded.result else { panic!("not refused: {text}") };
        let message = format!("{}: {}", r.code, r.message);
        assert_eq!(session.world(), &before, "{message}: the world as it was");
        message
    };
    case(
        "az: unknown command",
        typed(Shell::Az, "az backup vault explode"),
        "invalid-input: ERROR: 'explode' is misspelled or not recognized by the system.",
    );
    case(
        "az: a required argument missing",
        typed(Shell::Az, "az backup vault resource-guard-mapping update -g rg-vault -n vault1"),
        "invalid-input: ERROR: the following arguments are required: --resource-guard-id",
    );
    case(
        "az: unclosed quote",
        typed(Shell::Az, "az dataprotection resource-guard show --ids \"/subscriptions"),
        "invalid-input: ERROR: a quote (\") is not closed (at character 45)",
    );
    case("az rest: body not JSON", typed(Shell::Az, "az rest --method put --url /subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/resourceGuards/g --body '{'"),"invalid-input: ERROR: --body is not JSON: EOF while parsing an object at line 1 column 1");
    case("PowerShell: unknown cmdlet", typed(Shell::Pwsh, "Remove-Everything -Force"),"invalid-input: Remove-Everything: The term 'Remove-Everything' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.");
    case(
        "PowerShell: unclosed parenthesis",
        typed(Shell::Pwsh, "$t = (Get-AzAccessToken"),
        "invalid-input: ParserError: Missing closing ')' in expression.",
    );
    // Found by fuzzing: 10,000 nested parentheses overflowed the stack (a dead page in the browser).
    let deep = format!("$x = {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    case(
        "PowerShell: parentheses nested 10,000 deep",
        typed(Shell::Pwsh, &deep),
        "invalid-input: ParserError: The expression nests more than 32 parentheses; this console reads at most 32.",
    );
    case(
        "PowerShell: -Token that is not a token",
        typed(Shell::Pwsh, "Remove-AzRecoveryServicesResourceGuardMapping -VaultId /x -Token abc"),
        "cross-tenant-auth-required: The access token is invalid.",
    );
    let script =
        |text: &str| mua_console::script::read_script(text, Shell::Az).map_or_else(|e| e, |_| "read".to_owned());
    case(
        "script: unknown expected code",
        script("# expect: nope\naz account show"),
        "line 1: unknown error code `nope`",
    );
    case(
        "script: a bad # mua: step",
        script("# mua: {oops"),
        "line 1: `# mua:` step: key must be a string at line 1 column 2",
    );

    let failures: Vec<String> = cases
        .iter()
        .filter(|(_, got, expected)| got != expected)
        .map(|(what, got, expected)| format!("{what}:\n  got      {got}\n  expected {expected}"))
        .collect();
    println!("bad-input catalogue (native half): {} inputs", cases.len());
    assert!(cases.len() >= 40, "the catalogue has {} inputs", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
