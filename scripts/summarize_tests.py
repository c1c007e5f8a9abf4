#!/usr/bin/env python3
"""Adds up every `test result:` line of cargo test / wasm-bindgen-test-runner output."""
import re
import sys

log = open(sys.argv[1], encoding="utf-8", errors="replace").read()
seconds = sys.argv[2] if len(sys.argv) > 2 else "?"
passed = failed = ignored = 0
for m in re.finditer(r"test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored", log):
    passed += int(m.group(1))
    failed += int(m.group(2))
    ignored += int(m.group(3))
print(f"all checks ran in {seconds}s")
print(f"{passed} passed, {failed} failed, {ignored} skipped")
fuzzed = re.findall(r"^fuzz: (\S+) +(\S+) executions in (\S+)s, no crash$", log, re.M)
if fuzzed:
    print("fuzz smoke run: " + ", ".join(f"{name} {runs}" for name, runs, _ in fuzzed) + " executions, no crash")
sys.exit(1 if failed else 0)
