#!/usr/bin/env bash
# Runs `./x serve` as a person would and checks that it serves the page with its wasm: the page
# answers, and the glue and the wasm it names answer with the right types. Then stops the server.
# CI runs it first, with an empty registry cache (.ci/run). Prints how long it took to the first
# served page.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${MUA_PORT:-8089}"
base="http://127.0.0.1:$port"
log="$(mktemp)"
start=$(date +%s)
# A process group of its own, so that trunk and everything it started stop with it.
setsid env MUA_PORT="$port" ./x serve >"$log" 2>&1 &
pid=$!
stop() { kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap 'stop; rm -f "$log"' EXIT
fail() { tail -n 60 "$log"; echo "serve_check: $*" >&2; exit 1; }

# Up to 25 minutes: a first run installs the build tools and builds everything.
for _ in $(seq 1500); do
  kill -0 "$pid" 2>/dev/null || fail "./x serve stopped before serving (exit status $(wait "$pid"; echo $?))"
  curl -fsS "$base/" -o /dev/null 2>/dev/null && break
  sleep 1
done
page="$(curl -fsS "$base/")" || fail "no page on $base/ after 25 minutes"
served=$(( $(date +%s) - start ))
glue="$(grep -o 'href="\./[^"]*\.js"' <<<"$page" | head -n1 | sed 's/href="\.\///; s/"$//')"
wasm="$(grep -o 'href="\./[^"]*_bg\.wasm"' <<<"$page" | head -n1 | sed 's/href="\.\///; s/"$//')"
[ -n "$glue" ] && [ -n "$wasm" ] || fail "the served page names no glue or wasm: $page"
type_of() { curl -fsS -o /dev/null -w '%{content_type} %{size_download}' "$base/$1"; }
read -r wasm_type wasm_size <<<"$(type_of "$wasm")" || fail "$wasm does not answer"
read -r glue_type _ <<<"$(type_of "$glue")" || fail "$glue does not answer"
[ "$wasm_type" = application/wasm ] || fail "$wasm is served as $wasm_type, not application/wasm"
case "$glue_type" in application/javascript*|text/javascript*) ;; *) fail "$glue is served as $glue_type" ;; esac
[ "$wasm_size" -gt 100000 ] || fail "$wasm is only $wasm_size bytes"
grep -q "serving dist/ on" "$log" || fail "the page answered before ./x serve's own build finished"
# What setup and the build said (each step and how long it took), and the served files.
grep -E '^\[setup\]|^=== ' "$log" || true
echo "serve_check: ./x serve served the page, $glue ($glue_type) and $wasm ($wasm_type, $wasm_size B) after $served s"
