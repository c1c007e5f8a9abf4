#!/usr/bin/env python3
"""Size report of a trunk dist/ directory: raw, gzip -9 and brotli (q11) bytes of each .wasm and .js."""
import gzip
import pathlib
import sys

try:
    import brotli  # type: ignore
except ImportError:  # pragma: no cover - brotli is optional, the CLI tool is the fallback
    brotli = None
import shutil
import subprocess


def brotli_size(data: bytes) -> str:
    if brotli is not None:
        return str(len(brotli.compress(data, quality=11)))
    if shutil.which("brotli"):
        out = subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True, check=True)
        return str(len(out.stdout))
    return "n/a (no brotli)"


def main() -> int:
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    files = sorted(p for p in dist.iterdir() if p.suffix in (".wasm", ".js"))
    if not files:
        print(f"no .wasm or .js in {dist}: run the release build first", file=sys.stderr)
        return 1
    print(f"{'file':<44} {'raw':>10} {'gzip':>10} {'brotli':>10}")
    for p in files:
        data = p.read_bytes()
        gz = len(gzip.compress(data, compresslevel=9))
        br = brotli_size(data)
        print(f"{p.name:<44} {len(data):>10} {gz:>10} {br:>10}")
        if p.suffix == ".wasm" and br.isdigit():
            budget = 250 * 1024
            verdict = "within" if int(br) <= budget else "OVER"
            print(f"  wasm brotli {int(br) / 1024:.1f} KiB: {verdict} the 250 KiB budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
