#!/usr/bin/env python3
"""Size report of a trunk dist/ directory, and the download budget.

Prints raw, gzip -9 and brotli (q11) bytes of each .wasm and .js; checks the page's wasm
(`*_bg.wasm`, what every page and embed downloads) against the budget (250 KiB brotli, a hard
limit: the exit status is 1 above it) and the goal (150 KiB), and reports the module loaded when
first needed (Cloud Shell's, scripts/split.sh) and the sum;
and, given the wasm-bindgen output with its names (trunk keeps it in target/wasm-bindgen/release/),
shows where the bytes go: it optimizes a copy as the release build does but keeps the function
names (wasm-opt -g), and groups twiggy's sizes by crate and by function.

    size_report.py [--marginal] DIST [NAMED_WASM]

--marginal adds what each module costs in the brotli download: the wasm recompressed without that
module's function bodies (a minute or two). Raw bytes mislead here: view code compresses about 4:1,
the core's logic about 3:1, and repeated code (derives, generic copies) costs brotli almost nothing.
"""
import csv
import gzip
import io
import pathlib
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

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


def without_relocations(path: pathlib.Path) -> pathlib.Path:
    """A copy of the module without the linker's relocation sections (`linking`, `reloc.*`), which
    the release build keeps for wasm-split-cli and which wasm-opt and twiggy do not read."""
    b = path.read_bytes()
    kept, i = [b[:8]], 8
    while i < len(b):
        n, j = leb(b, i + 1)
        if b[i] == 0:
            length, k = leb(b, j)
            name = b[k:k + length]
            if name == b"linking" or name.startswith(b"reloc."):
                i = j + n
                continue
        kept.append(b[i:j + n])
        i = j + n
    out = path.parent / "size-report-input.wasm"
    out.write_bytes(b"".join(kept))
    return out


def contributors(named: pathlib.Path) -> None:
    if not (shutil.which("twiggy") and shutil.which("wasm-opt")):
        print("  (no twiggy or wasm-opt on PATH: run scripts/setup.sh for the top contributors)")
        return
    out = named.parent / "size-report-named.wasm"
    named = without_relocations(named)
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
    print(f"\ntop contributors by crate, the whole app before it is split (bytes after wasm-opt, before"
          f" compression; total {total}):")
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


def leb(b: bytes, i: int) -> tuple[int, int]:
    """An unsigned LEB128 number at `i`, and where it ends."""
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def module_of(name: str) -> str:
    """The module a function belongs to, for the marginal report: `mua_core::decide`,
    `view: pages::pim` (a component's body), or the crate for everything else."""
    name = plain(name)
    m = re.search(r"CompStateInner<mua_portal::([\w:]+)>", name)
    if m:
        return "view: " + m.group(1).rsplit("::", 1)[0]
    m = re.search(r"(mua_core|mua_portal)::(\w+)(?:::(\w+))?", name)
    if m:
        nested = m.group(2) in ("console", "pages", "components") and m.group(3)
        return f"{m.group(1)}::{m.group(2)}" + (f"::{m.group(3)}" if nested else "")
    return crate_of(name) or "(other)"


def read_module(path: pathlib.Path) -> tuple[list[tuple[int, bytes]], list[bytes], list[str]]:
    """A wasm module's sections (id, contents), its function bodies, and each body's name."""
    b = path.read_bytes()
    sections, i = [], 8
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        sections.append((sid, b[i:i + n]))
        i += n
    imported, names = 0, {}
    for sid, d in sections:
        if sid == 2:  # imports: function indices count the imported functions first
            count, j = leb(d, 0)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    length, j = leb(d, j)
                    j += length
                kind, j = d[j], j + 1
                if kind == 0:  # function: its type index
                    imported += 1
                    _, j = leb(d, j)
                elif kind in (1, 2):  # table (its element type first) or memory: limits
                    if kind == 1:
                        j += 1
                    flags, j = leb(d, j)
                    _, j = leb(d, j)
                    if flags & 1:
                        _, j = leb(d, j)
                else:  # global: value type and mutability
                    j += 2
        if sid == 0 and d[1:5] == b"name":
            j = 5
            while j < len(d):
                sub = d[j]
                size, j = leb(d, j + 1)
                if sub == 1:  # function names
                    count, k = leb(d, j)
                    for _ in range(count):
                        index, k = leb(d, k)
                        length, k = leb(d, k)
                        names[index] = d[k:k + length].decode("utf-8", "replace")
                        k += length
                j += size
    code = next(d for sid, d in sections if sid == 10)
    count, j = leb(code, 0)
    bodies = []
    for _ in range(count):
        length, j = leb(code, j)
        bodies.append(code[j:j + length])
        j += length
    return sections, bodies, [names.get(k + imported, "") for k in range(len(bodies))]


def marginal(named: pathlib.Path) -> None:
    """Each module's brotli cost: the module recompressed without its function bodies."""
    sections, bodies, body_names = read_module(named)
    rest = b"".join(d for sid, d in sections if sid not in (0, 10))
    modules: dict[str, list[int]] = {}
    for k in range(len(bodies)):
        modules.setdefault(module_of(body_names[k]), []).append(k)
    raw = {m: sum(len(bodies[k]) for k in ks) for m, ks in modules.items()}
    big = [m for m in modules if raw[m] >= 4000]

    data = "(data: strings, tables)"
    raw[data] = sum(len(d) for sid, d in sections if sid == 11)

    def without(module: str | None) -> int:
        skip = set(modules[module]) if module in modules else set()
        head = b"".join(d for sid, d in sections if sid not in (0, 10, 11)) if module == data else rest
        return brotli_size(head + b"".join(body for k, body in enumerate(bodies) if k not in skip))

    big.append(data)
    with ThreadPoolExecutor() as pool:
        base, *sizes = pool.map(without, [None, *big])
    print(f"\nwhat each module costs in the brotli download (bytes; the code and data without names: {base}):")
    for cost, module in sorted(zip((base - s for s in sizes), big), reverse=True)[:25]:
        print(f"  {cost:>9} {100 * cost / base:5.1f}%  {module}  ({raw[module]} raw)")


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--marginal"]
    dist = pathlib.Path(args[0] if args else "dist")
    files = sorted(p for p in dist.iterdir() if p.suffix in (".wasm", ".js"))
    if not files:
        print(f"no .wasm or .js in {dist}: run the release build first", file=sys.stderr)
        return 1
    print(f"{'file':<44} {'raw':>10} {'gzip':>10} {'brotli':>10}")
    over = False
    wasm_total = 0
    for p in files:
        data = p.read_bytes()
        br = brotli_size(data)
        print(f"{p.name:<44} {len(data):>10} {len(gzip.compress(data, compresslevel=9)):>10} {br:>10}")
        if p.name.endswith("_bg.wasm"):
            # The page's own module: what every page, every embed downloads.
            over = br > BUDGET
            verdict = "OVER" if br > BUDGET else "within"
            print(f"  wasm brotli {br / KIB:.1f} KiB ({br} bytes): {verdict} the {BUDGET // KIB} KiB budget"
                  f" ({(BUDGET - br) / KIB:+.1f} KiB to spare); goal {GOAL // KIB} KiB ({(br - GOAL) / KIB:.1f} KiB to go)")
        elif p.suffix == ".wasm":
            print(f"  loaded when first needed (scripts/split.sh): {br / KIB:.1f} KiB brotli")
        if p.suffix == ".wasm":
            wasm_total += br
    if wasm_total and sum(p.suffix == ".wasm" for p in files) > 1:
        print(f"  all wasm, Cloud Shell opened: {wasm_total / KIB:.1f} KiB brotli ({wasm_total} bytes)")
    if len(args) > 1 and pathlib.Path(args[1]).is_file():
        contributors(pathlib.Path(args[1]))
        if "--marginal" in sys.argv:
            marginal(pathlib.Path(args[1]).parent / "size-report-named.wasm")
    if over:
        print(f"\nFAIL: the wasm is over the {BUDGET // KIB} KiB brotli budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
