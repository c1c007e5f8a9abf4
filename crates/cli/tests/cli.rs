//! The `mua` binary: exit status and reports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

fn mua(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mua")).args(args).output().expect("run mua");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

fn temp_file(name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mua-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

fn library() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn the_library_passes_with_exit_zero() {
    let files = library();
    let args: Vec<&str> = std::iter::once("run").chain(files.iter().map(String::as_str)).collect();
    let (code, text) = mua(&args);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(&format!("{} passed, 0 failed", files.len())), "{text}");
}

#[test]
fn a_mismatch_and_a_malformed_file_fail_with_clear_reports() {
    let good = &library()[0];
    let mismatch = std::fs::read_to_string(good).unwrap().replacen(
        "\"expect\": \"cross-tenant-auth-required\"",
        "\"expect\": \"ok\"",
        1,
    );
    let mismatch = temp_file("mismatch.json", &mismatch);
    let malformed = temp_file("malformed.json", "{\"version\": 1, \"title\": ");
    let (code, text) = mua(&["run", good, mismatch.to_str().unwrap(), malformed.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    // Each failure at its line and column: the step that ended otherwise, the syntax error.
    assert!(
        text.contains(
            "mismatch.json:117:5: step 5 (`enable_mua` as `bob`): expected `ok`, got `cross-tenant-auth-required`"
        ),
        "{text}"
    );
    assert!(text.contains("malformed.json:1:24: EOF while parsing a value"), "{text}");
    assert!(text.contains("1 passed, 2 failed"), "{text}");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(mua(&[]).0, 2);
    assert_eq!(mua(&["run"]).0, 2);
    assert_eq!(mua(&["--help"]).0, 0);
    let (code, text) = mua(&["run", "/nonexistent/file.json"]);
    assert_eq!(code, 1);
    assert!(text.contains("cannot read"), "{text}");
}

#[test]
fn version_says_the_engines_version() {
    let (code, text) = mua(&["--version"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(text.trim(), format!("mua {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn verbose_prints_each_step_and_azures_code_beside_ours() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios/pim-cross-tenant-directory.json");
    let (code, text) = mua(&["run", "--verbose", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("step 1 "), "{text}");
    assert!(
        text.contains("refused (cross-tenant-auth-required)")
            && text.contains("[Azure: InvalidAuthenticationTokenTenant, https://learn.microsoft.com/"),
        "{text}"
    );
    let (code, text) = mua(&["run", "--verbose"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("usage: mua run [-v|--verbose] [--format text|json|junit|github] FILE..."), "{text}");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    let files = library();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mua"))
        .arg("run")
        .arg("--verbose")
        .args(&files)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe (as `| head -1` does).
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(stderr.is_empty(), "no panic, no backtrace: {stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
}

/// `mua shell` against the console scenario's world before the Backup admin maps the guard.
fn shell_scenario() -> PathBuf {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios/console-az-cross-tenant.json");
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    doc["steps"].as_array_mut().unwrap().truncate(3);
    temp_file("shell-world.json", &doc.to_string())
}

const GUARD: &str = "/subscriptions/bbbbbbbb-0000-0000-0000-000000000002/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/guard1";

#[test]
fn shell_runs_a_script_and_stops_at_the_first_unexpected_refusal() {
    let world = shell_scenario();
    let script = format!(
        "# expect: cross-tenant-auth-required\naz backup vault resource-guard-mapping update -g rg-vault -n vault1 \\\n  --resource-guard-id {GUARD}\naz backup vault resource-guard-mapping update -g rg-vault -n vault1 --resource-guard-id {GUARD} \\\n  --tenant-id 22222222-2222-2222-2222-222222222222 --query properties.resourceGuardResourceId -o tsv\naz backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state Disable --tenant-id 22222222-2222-2222-2222-222222222222\naz account show\n"
    );
    let script = temp_file("map.sh", &script);
    let world_arg = world.display().to_string();
    let script_arg = script.display().to_string();
    let (code, text) = mua(&["shell", "--scenario", &world_arg, "--as", "bob", &script_arg]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("Hint: add --tenant-id 22222222-2222-2222-2222-222222222222"), "{text}");
    assert!(text.contains(&format!("\n{GUARD}\n")), "--query … -o tsv prints the value: {text}");
    assert!(text.contains("mua shell: line 6: expected `ok`, got `mua-operator-role-missing`"), "{text}");
    assert!(!text.contains("\"tenantId\""), "the run stopped at the refusal: {text}");
    // --keep-going runs the rest.
    let (code, text) = mua(&["shell", "--scenario", &world_arg, "--as", "bob", "--keep-going", &script_arg]);
    assert_eq!(code, 1);
    assert!(text.contains("\"tenantId\": \"11111111-1111-1111-1111-111111111111\""), "{text}");
    // PowerShell from a .ps1 file; everything as expected exits 0.
    let ps1 = temp_file(
        "map.ps1",
        &format!("$token = (Get-AzAccessToken -TenantId 22222222-2222-2222-2222-222222222222).Token\nSet-AzRecoveryServicesResourceGuardMapping `\n  -VaultId (Get-AzRecoveryServicesVault -ResourceGroupName rg-vault -Name vault1).ID -ResourceGuardId {GUARD} -Token $token\n"),
    );
    let (code, text) = mua(&["shell", "--scenario", &world_arg, "--as", "bob", &ps1.display().to_string()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains(&format!("ResourceGuardResourceId      : {GUARD}")), "{text}");
    // Without --scenario: the default scenario's world at its start (Olga's Contoso, no vault yet).
    let bare = temp_file("bare.sh", "az account show --query user.name -o tsv\n");
    let (code, text) = mua(&["shell", "--as", "olga", &bare.display().to_string()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("olga@contoso.com"), "{text}");
    // Usage errors exit 2.
    assert_eq!(mua(&["shell", "--scenario", &world_arg, "--as", "nobody", &script_arg]).0, 2);
    assert_eq!(mua(&["shell", "--scenario", &world_arg, "--colour"]).0, 2);
}

#[test]
fn export_writes_a_script_that_shell_runs_back() {
    let scenario = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios/pim-jit-approve.json");
    let scenario = scenario.display().to_string();
    for (flag, name) in [("--az", "jit.sh"), ("--pwsh", "jit.ps1"), ("--rest", "jit-rest.sh")] {
        let (code, script) = mua(&["export", flag, &scenario]);
        assert_eq!(code, 0, "{script}");
        assert!(script.contains("# expect: cross-tenant-auth-required"), "{script}");
        if flag == "--rest" {
            // The cross-tenant calls carry the guard directory's token, as az --tenant-id sends it.
            assert!(script.contains("--headers \"x-ms-authorization-auxiliary=Bearer "), "{script}");
        }
        let file = temp_file(name, &script);
        let (code, text) = mua(&["shell", "--scenario", &scenario, "--start", &file.display().to_string()]);
        assert_eq!(code, 0, "{flag}: {text}");
    }
    assert_eq!(mua(&["export", &scenario]).0, 2);
}

/// A file with three mistakes far apart: one reading reports all three, each at its line and
/// column, in every format CI asks for (SPEC §13).
fn three_mistakes() -> PathBuf {
    let good = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios/rsv-same-subscription.json");
    let text = std::fs::read_to_string(good)
        .unwrap()
        .replacen("\"domain\": \"contoso.com\"", "\"domian\": \"contoso.com\"", 1)
        .replacen("\"role\": \"Backup MUA Operator\"", "\"role\": \"Backup MUA Operater\"", 1)
        .replacen(
            "\"vault\": \"vault1\",\n      \"expect\": \"mua-operator-role-missing\"",
            "\"vault\": \"vault9\"",
            1,
        );
    temp_file("three.json", &text)
}

#[test]
fn one_run_reports_every_problem_of_a_file_at_its_line_and_column() {
    let file = three_mistakes();
    let path = file.to_str().unwrap();
    let (code, text) = mua(&["run", path]);
    assert_eq!(code, 1, "{text}");
    let expected = [
        format!("FAIL  {path}: 3 problems"),
        format!("      {path}:8:7: world.tenants[0].domain: missing field `domain`"),
        format!("      {path}:116:7: step 7 field `vault`: unknown handle `vault9`"),
        format!("      {path}:122:7: step 8 field `role`: unknown role `Backup MUA Operater`; built-in roles: "),
    ];
    let lines: Vec<&str> = text.lines().collect();
    for (line, want) in lines.iter().zip(&expected) {
        assert!(line.starts_with(want.as_str()), "{line}\nexpected {want}\n{text}");
    }
    assert_eq!(lines.last(), Some(&"0 passed, 1 failed"), "{text}");

    let (code, text) = mua(&["run", "--format", "github", path]);
    assert_eq!(code, 1, "{text}");
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(annotations.len(), 3, "{text}");
    let escaped = path.replace(':', "%3A").replace(',', "%2C");
    assert_eq!(
        annotations[1],
        format!("::error file={escaped},line=116,col=7,title=mua run::step 7 field `vault`: unknown handle `vault9`")
    );

    let (code, text) = mua(&["run", "--format=json", path]);
    assert_eq!(code, 1, "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["failed"], 1);
    assert_eq!(report["files"][0]["problems"][2]["line"], 122);
    assert_eq!(report["files"][0]["problems"][2]["column"], 7);
    assert_eq!(report["files"][0]["problems"][2]["at"], "step 8 field `role`");

    let good = &library()[0];
    let (code, text) = mua(&["run", "--format", "junit", good, path]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"mua run\" tests=\"2\" failures=\"1\">"
        ),
        "{text}"
    );
    assert!(text.contains(&format!("<testcase classname=\"scenario\" name=\"{good}\"/>")), "{text}");
    assert!(text.contains("<failure message=\"missing field `domain`\">"), "{text}");
    assert!(text.contains(":116:7: step 7 field `vault`: unknown handle `vault9`&#10;"), "{text}");

    let (code, text) = mua(&["run", "--format", "yaml", path]);
    assert_eq!(code, 2, "{text}");
}
