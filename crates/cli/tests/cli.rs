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
    assert!(text.contains("expected `ok`, got `cross-tenant-auth-required`"), "{text}");
    assert!(text.contains("malformed.json: invalid-input: line 1"), "{text}");
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
    assert!(text.contains("usage: mua run [-v|--verbose] FILE..."), "{text}");
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
