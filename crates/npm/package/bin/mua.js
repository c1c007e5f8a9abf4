#!/usr/bin/env node
// mua, the MUA Playground command line, as WebAssembly (the same Rust as the native `mua`):
// `npx mua-playground run docs/**/*.json`, `npx mua-playground shell --scenario s.json script.sh`.
"use strict";
const fs = require("node:fs");
const { run } = require("../pkg/mua_npm.js");

// A file that cannot be read, in the words the native mua uses (crates/cli/src/main.rs).
const WORDS = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a folder" };
function read(path) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(path));
  } catch (e) {
    throw new Error(WORDS[e.code] || (e instanceof TypeError ? "it is not UTF-8 text" : e.message));
  }
}

const ran = run(process.argv.slice(2), read, () => fs.readFileSync(0, "utf8"));
process.stdout.write(ran.stdout);
process.stderr.write(ran.stderr);
process.exitCode = ran.status;
