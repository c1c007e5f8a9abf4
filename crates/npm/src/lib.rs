//! `mua` for Node.js: the same command (`mua_cli`) compiled to WebAssembly, given Node's files and
//! standard input by the package's `bin/mua.js` (WebAssembly has no file system of its own), so a
//! docs site's CI runs `npx mua-playground run docs/**/*.json` with no Rust toolchain and gets the
//! native `mua`'s output and exit status. `./x package` builds the package.

use js_sys::Function;
use wasm_bindgen::prelude::*;

/// What a run of `mua` gave.
#[wasm_bindgen(getter_with_clone)]
pub struct Ran {
    /// Standard output, each line ended by `\n`.
    pub stdout: String,
    /// Standard error, each line ended by `\n`.
    pub stderr: String,
    /// The exit status.
    pub status: u8,
}

/// Node's side: a function that reads a file's text (it throws when it cannot), one that reads
/// standard input, and the output gathered for the caller to write.
struct Node<'a> {
    read: &'a Function,
    stdin: &'a Function,
    stdout: String,
    stderr: String,
}

/// What a JavaScript function gave: its text, or the message of what it threw.
fn text_of(result: Result<JsValue, JsValue>) -> Result<String, String> {
    match result {
        Ok(value) => value.as_string().ok_or_else(|| "not text".to_owned()),
        Err(thrown) => Err(thrown
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| thrown.as_string())
            .unwrap_or_else(|| "cannot read".to_owned())),
    }
}

impl mua_cli::Io for Node<'_> {
    fn read(&mut self, path: &str) -> Result<String, String> {
        text_of(self.read.call1(&JsValue::NULL, &JsValue::from_str(path)))
    }

    fn stdin(&mut self) -> Result<String, String> {
        text_of(self.stdin.call0(&JsValue::NULL))
    }

    fn out(&mut self, line: &str) -> bool {
        self.stdout.push_str(line);
        self.stdout.push('\n');
        true
    }

    fn err(&mut self, line: &str) {
        self.stderr.push_str(line);
        self.stderr.push('\n');
    }
}

/// Runs `mua` with `args` (without the program's name), reading files with `read(path)` and
/// standard input with `stdin()`.
#[wasm_bindgen]
pub fn run(args: Vec<String>, read: &Function, stdin: &Function) -> Ran {
    let mut node = Node { read, stdin, stdout: String::new(), stderr: String::new() };
    let status = mua_cli::main(&args, &mut node);
    Ran { stdout: node.stdout, stderr: node.stderr, status }
}
