//! `mua`, the native binary: the command (the `mua_cli` library) with this machine's files and
//! standard streams.

use std::io::{Read, Write};
use std::process::ExitCode;

/// The machine's files and standard streams.
struct Native;

impl mua_cli::Io for Native {
    fn read(&mut self, path: &str) -> Result<String, String> {
        // In the words the npm package's bin/mua.js uses for Node's error codes: both say the same.
        std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::IsADirectory => "it is a folder".to_owned(),
            std::io::ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
            _ => e.to_string(),
        })
    }

    fn stdin(&mut self) -> Result<String, String> {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| e.to_string())?;
        Ok(text)
    }

    fn out(&mut self, line: &str) -> bool {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}").is_ok() && out.flush().is_ok()
    }

    fn err(&mut self, line: &str) {
        eprintln!("{line}");
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    ExitCode::from(mua_cli::main(&args, &mut Native))
}
