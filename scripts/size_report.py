#!/usr/bin/env python3
"""Size report of a trunk dist/ directory, and the download budget.

Prints raw, gzip -9 and brotli (q11) bytes of each .wasm and .js; checks the wasm's brotli size
against the budget (250 KiB, a hard limit: the exit status is 1 above it) and the goal (150 KiB);
and, given the wasm-bindgen output with its names (trunk keeps it in target/wasm-bindgen/release/),
shows where the bytes go: it optimizes a copy as the release build does but keeps the function
names (wasm-opt -g), and groups twiggy's sizes by crate and by function.

    size_report.py [--no-budget] DIST [NAMED_WASM]

--no-budget reports a build that is not shipped (the Cloud Shell build) without failing on it.
"""
import csv
import gzip
import io
import pathlib
import re
import shutil
import subprocess
import sys

KIB = 1024
BUDGET = 250 * KIB  # hard limit, console and diagram included
GOAL = 150 * KIB
# The release build's wasm-opt flags (index.html: data-wasm-opt="z" data-wasm-opt-params).
WASM_OPT = ["-Oz", "--converge", "--low-memory-unused", "--strip-producers", "--strip-target-features", "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"]


def brotli_size(data: bytes) -> int:
    out = subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True, check=True)
    return len(out.stdout)


def plain(name: str) -> str:
    """A symbol without the crate hashes a build-std build puts in it (`mua_core[96acce728353ec6e]`)."""
    return re.sub(r"\[[0-9a-f]{16}\]", "", name)


def crate_of(name: str) -> str | None:
    """The crate an item of twiggy's list belongs to (None for what the release build strips)."""
    if name.startswith(('"function names"', "custom section", "name")):
        return None
    if name.startswith(("data segment", "data[")):
        return "(data: strings, tables)"
    if "CompStateInner" in name and "::view" in name:
        return "mua_portal (component bodies)"
    s = re.sub(r"^[<&]+|mut |dyn ", "", name)
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)", s)
    crate = m.group(1) if m else "(other)"
    if crate in ("T", "str", "char", "usize", "u8", "u32", "i32", "f64", "bool", "__rustc", "std", "core", "alloc"):
        return "std (core, alloc, std)"
    if crate in ("code", "elem", "import", "type", "export", "table", "memory", "global"):
        return "(wasm sections)"
    return crate


def contributors(named: pathlib.Path) -> None:
    if not (shutil.which("twiggy") and shutil.which("wasm-opt")):
        print("  (no twiggy or wasm-opt on PATH: run scripts/setup.sh for the top contributors)")
        return
    out = named.parent / "size-report-named.wasm"
    subprocess.run(["wasm-opt", str(named), *WASM_OPT, "-g", "-o", str(out)], check=True)
    table = subprocess.run(["twiggy", "top", "-n", "1000000", "-f", "csv", str(out)],
                           capture_output=True, text=True, check=True).stdout
    rows = [(plain(r["Name"]), int(r["ShallowSize"])) for r in csv.DictReader(io.StringIO(table))]
    by_crate: dict[str, int] = {}
    for name, size in rows:
        crate = crate_of(name)
        if crate:
            by_crate[crate] = by_crate.get(crate, 0) + size
    total = sum(by_crate.values())
    print(f"\ntop contributors by crate (bytes after wasm-opt, before compression; total {total}):")
    for crate, size in sorted(by_crate.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {size:>9} {100 * size / total:5.1f}%  {crate}")
    # The functions by the names the compiler gave them (before wasm-opt inlines a component's body
    # into yew's generic `view`, which would hide which component it is).
    table = subprocess.run(["twiggy", "top", "-n", "1000000", "-f", "csv", str(named)],
                           capture_output=True, text=True, check=True).stdout
    rows = [(plain(r["Name"]), int(r["ShallowSize"])) for r in csv.DictReader(io.StringIO(table))]
    print("\ntop functions (bytes before wasm-opt, by the compiler's names):")
    functions = [(n, s) for n, s in rows
                 if crate_of(n) not in (None, "(data: strings, tables)", "(wasm sections)") and "__wbindgen" not in n]
    for name, size in sorted(functions, key=lambda kv: -kv[1])[:15]:
        short = re.sub(r"::h[0-9a-f]{16}$", "", name)
        print(f"  {size:>9}  {short[:110]}")


def main() -> int:
    checked = "--no-budget" not in sys.argv
    args = [a for a in sys.argv[1:] if a != "--no-budget"]
    dist = pathlib.Path(args[0] if args else "dist")
    files = sorted(p for p in dist.iterdir() if p.suffix in (".wasm", ".js"))
    if not files:
        print(f"no .wasm or .js in {dist}: run the release build first", file=sys.stderr)
        return 1
    print(f"{'file':<44} {'raw':>10} {'gzip':>10} {'brotli':>10}")
    over = False
    for p in files:
        data = p.read_bytes()
        br = brotli_size(data)
        print(f"{p.name:<44} {len(data):>10} {len(gzip.compress(data, compresslevel=9)):>10} {br:>10}")
        if p.suffix == ".wasm":
            over = checked and br > BUDGET
            verdict = "OVER" if br > BUDGET else "within"
            print(f"  wasm brotli {br / KIB:.1f} KiB ({br} bytes): {verdict} the {BUDGET // KIB} KiB budget"
                  f" ({(BUDGET - br) / KIB:+.1f} KiB to spare); goal {GOAL // KIB} KiB ({(br - GOAL) / KIB:.1f} KiB to go)")
    if not checked:
        print("  (a build that is not shipped: reported, not held to the budget)")
    if len(args) > 1 and pathlib.Path(args[1]).is_file():
        contributors(pathlib.Path(args[1]))
    if over:
        print(f"\nFAIL: the wasm is over the {BUDGET // KIB} KiB brotli budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
