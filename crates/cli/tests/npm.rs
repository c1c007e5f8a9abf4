//! The npm package `mua-playground` (`./x package`: `mua` compiled to WebAssembly for Node.js)
//! installed from its tarball with npm into a temporary folder, and run beside the native `mua`:
//! the same output and exit status on the gallery, on a file with mistakes, in every report format,
//! for `mua shell` and `mua schema`. Built only with the `npm-package` feature (a plain `cargo
//! test` has no package); `./x test` builds the package, then runs this with that feature.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(program: &Path, args: &[&str], stdin: Option<&str>) -> (Output, f64) {
    use std::io::Write;
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    child.stdin.take().unwrap().write_all(stdin.unwrap_or_default().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out, start.elapsed().as_secs_f64())
}

#[test]
fn the_npm_package_gives_what_the_native_mua_gives() {
    let tarball = root().join(format!("target/npm/mua-playground-{}.tgz", env!("CARGO_PKG_VERSION")));
    assert!(tarball.is_file(), "{} is missing: run ./x package", tarball.display());
    let folder = std::env::temp_dir().join(format!("mua-npm-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let install = Command::new("npm")
        .args(["install", "--silent", "--no-audit", "--no-fund", "--offline", "--prefix"])
        .arg(&folder)
        .arg(&tarball)
        .output()
        .expect("npm");
    assert!(install.status.success(), "npm install: {}", String::from_utf8_lossy(&install.stderr));
    let npm = folder.join("node_modules/.bin/mua-playground");
    let native = PathBuf::from(env!("CARGO_BIN_EXE_mua"));

    let mut gallery: Vec<String> = std::fs::read_dir(root().join("web/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    gallery.sort();
    let mistakes = std::env::temp_dir().join(format!("mua-npm-mistakes-{}.json", std::process::id()));
    let good = std::fs::read_to_string(root().join("web/scenarios/rsv-same-subscription.json")).unwrap();
    std::fs::write(
        &mistakes,
        good.replacen("\"domain\"", "\"domian\"", 1).replacen("\"Backup MUA Operator\"", "\"Operater\"", 1),
    )
    .unwrap();
    let mistakes = mistakes.to_str().unwrap();
    let script = "# expect: cross-tenant-auth-required\naz backup vault backup-properties set -g rg-vault -n vault1 --soft-delete-feature-state Disable\n";

    let mut cases: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["--version"], None),
        (vec!["schema"], None),
        (vec!["run"], None),
        (vec!["run", mistakes], None),
        (vec!["run", "--format", "github", mistakes], None),
        (vec!["run", "--format", "junit", mistakes, "web/scenarios/pim-jit-approve.json"], None),
        (vec!["run", "--format", "json", mistakes], None),
        (vec!["run", "no/such/file.json"], None),
        (vec!["shell", "--scenario", "web/scenarios/pim-jit-approve.json", "--as", "bob"], Some(script)),
        (vec!["export", "--az", "web/scenarios/console-az-cross-tenant.json"], None),
    ];
    let mut all = vec!["run"];
    all.extend(gallery.iter().map(String::as_str));
    cases.push((all, None));
    let mut times = (0.0, 0.0);
    for (args, stdin) in &cases {
        let (theirs, t_npm) = run(&npm, args, *stdin);
        let (ours, t_native) = run(&native, args, *stdin);
        let what = args.join(" ");
        assert_eq!(theirs.status.code(), ours.status.code(), "exit status of {what}");
        assert_eq!(String::from_utf8_lossy(&theirs.stdout), String::from_utf8_lossy(&ours.stdout), "stdout of {what}");
        // Node's message for a missing file is its own; the rest of standard error is the same.
        if !what.contains("no/such") {
            assert_eq!(
                String::from_utf8_lossy(&theirs.stderr),
                String::from_utf8_lossy(&ours.stderr),
                "stderr of {what}"
            );
        }
        if args.len() > 40 {
            times = (t_npm, t_native);
            assert!(String::from_utf8_lossy(&ours.stdout).contains(&format!("{} passed, 0 failed", gallery.len())));
        }
    }
    println!(
        "the gallery ({} files): npm package {:.0} ms, native mua (test build) {:.0} ms",
        gallery.len(),
        times.0 * 1000.0,
        times.1 * 1000.0
    );
    let _ = std::fs::remove_dir_all(&folder);
}
