#!/usr/bin/env python3
"""Trunk post_build hook: gives the built index.html a Content-Security-Policy.

The page may load only its own files: scripts from its origin plus trunk's inline module loader,
allowed by its SHA-256 hash (no 'unsafe-inline'); WebAssembly compiled with 'wasm-unsafe-eval';
styles, images and fetches from its origin only. Nothing reaches another origin. The policy is a
<meta> element right after the charset, so it holds on any static host (a server may also send it as a header,
README: Hosting).

Usage: run by trunk with TRUNK_STAGING_DIR set (Trunk.toml [[hooks]]), or `csp.py DIR`.
"""
import base64
import hashlib
import os
import re
import sys

POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
)


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR", "dist")
    path = os.path.join(folder, "index.html")
    html = open(path, encoding="utf-8").read()
    html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    scripts = re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", html, re.S)
    if not scripts:
        print("csp.py: no inline script in index.html: trunk's loader changed?", file=sys.stderr)
        return 1
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
    )
    meta = '<meta http-equiv="Content-Security-Policy" content="' + POLICY.format(hashes=hashes) + '" />'
    # After <meta charset> (which must come first), before anything that loads.
    anchor = r"(<meta charset=[^>]*>)" if re.search(r"<meta charset=", html) else r"(<head>)"
    html, n = re.subn(anchor, lambda m: m.group(1) + "\n    " + meta, html, count=1)
    if n != 1:
        print("csp.py: index.html has no <head>", file=sys.stderr)
        return 1
    open(path, "w", encoding="utf-8").write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
