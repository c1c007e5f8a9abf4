#!/usr/bin/env bash
# Installs what MUA Playground needs to build and test, and nothing that is already there.
# Idempotent: on a warm machine it only checks versions (a few seconds).
#
# Tools it guarantees:
#   - the wasm32-unknown-unknown Rust target
#   - trunk ~0.21 (0.22 needs a newer rustc)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (+ wasm-bindgen-test-runner)
#   - wasm-opt from the npm package binaryen@132 (Debian's v108 fails on today's rustc output)
#   - Chromium and ChromeDriver (Debian packages), brotli
#   - twiggy 0.8 (the size report's top contributors)
#   - the nightly toolchain with rust-src (the release wasm's build-std) and cargo-fuzz 0.13 (the fuzz
#     targets: libFuzzer needs nightly's sanitizers)
#   - wasm-split-cli 0.2.4 (splits Cloud Shell's code out of the release wasm: scripts/split.sh)
#   - axe-core 4 from npm (the end-to-end accessibility checks inject it from disk)
# Source scripts/env.sh afterwards to get the tools first on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
source "$root/scripts/env.sh"

say() { printf '[setup] %s\n' "$*"; }

# 1. wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. trunk ~0.21.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk ~0.21 (takes ~7 min on 2 cores)"
  cargo install trunk --version '~0.21' --locked
fi

# 3. wasm-bindgen-cli = the Cargo.lock version.
want_wb="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$root/Cargo.lock")"
if [ -z "$want_wb" ]; then echo "[setup] cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if ! grep -q "wasm_bindgen = \"$want_wb\"" "$root/Trunk.toml"; then
  echo "[setup] Trunk.toml [tools] wasm_bindgen must be \"$want_wb\" (the Cargo.lock version)" >&2; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want_wb" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $want_wb (takes ~3 min)"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$want_wb" --force
fi

# 4. wasm-opt from npm binaryen@132.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]; then
  say "installing binaryen@132 (wasm-opt) into $MUA_TOOLS"
  mkdir -p "$MUA_TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$MUA_TOOLS" binaryen@132
fi

# 4b. axe-core from npm, beside wasm-opt: the end-to-end tests inject axe.min.js into the page.
if [ ! -f "$MUA_TOOLS/node_modules/axe-core/axe.min.js" ]; then
  say "installing axe-core@4 into $MUA_TOOLS"
  mkdir -p "$MUA_TOOLS"
  npm install --silent --no-audit --no-fund --prefix "$MUA_TOOLS" axe-core@4
fi

# 5. Chromium + ChromeDriver, and brotli for the size report.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v brotli >/dev/null; then
  say "installing chromium, chromium-driver and brotli"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver brotli
fi

# 6. twiggy: where the wasm's bytes go (the size report).
if ! twiggy --version 2>/dev/null | grep -q ' 0\.8\.'; then
  say "installing twiggy 0.8 (takes ~1 min)"
  cargo install twiggy --version '~0.8' --locked
fi

# 7. nightly + rust-src + cargo-fuzz: the release build of the wasm, and the fuzz targets (./x fuzz,
#    and the smoke run of ./x test).
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (release wasm build, cargo-fuzz)"
  rustup toolchain install nightly --profile minimal
fi
# The release wasm rebuilds std with nightly (x: release_env), which needs nightly's library source.
if [ ! -d "$(rustc +nightly --print sysroot)/lib/rustlib/src/rust/library" ]; then
  say "adding rust-src to the nightly toolchain (the release build rebuilds std for the wasm)"
  rustup component add rust-src --toolchain nightly
fi
if ! cargo fuzz --version 2>/dev/null | grep -q ' 0\.13\.'; then
  say "installing cargo-fuzz 0.13 (takes ~2 min)"
  cargo install cargo-fuzz --version '~0.13' --locked
fi

# 8. wasm-split-cli: splits Cloud Shell's code out of the release wasm (scripts/split.sh).
if ! cargo install --list | grep -q '^wasm_split_cli_support v0\.2\.4:'; then
  say "installing wasm-split-cli 0.2.4 (takes ~2 min)"
  cargo install wasm_split_cli_support --version '=0.2.4' --features build-binary --locked
fi

say "ok: $(trunk --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -n1), $(twiggy --version)"
