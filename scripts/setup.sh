#!/usr/bin/env bash
# Installs what a command of ./x needs, and nothing that is already there; then fetches every crate
# that a later `--offline` build reads, so nothing in ./x depends on a cache that ./x did not fill.
# Idempotent: on a warm machine it only checks versions (a few seconds).
#
#   scripts/setup.sh build   what building the site needs (./x serve, ./x dist):
#       the wasm32-unknown-unknown target; the nightly toolchain with rust-src (the release wasm's
#       build-std); trunk ~0.21 (0.22 needs a newer rustc); wasm-bindgen-cli at exactly the
#       Cargo.lock version (+ wasm-bindgen-test-runner); wasm-opt from npm binaryen@132 (Debian's
#       v108 fails on today's rustc output); wasm-split-cli 0.2.4 (splits Cloud Shell's code out of
#       the release wasm: scripts/split.sh); and the crates of the workspace and of nightly's std
#   scripts/setup.sh test    (the default) all of build, and what the checks and tests need:
#       Chromium and ChromeDriver and brotli (Debian packages), axe-core 4 (npm: the end-to-end
#       accessibility checks inject it from disk), twiggy 0.8 (the size report's top contributors),
#       cargo-fuzz 0.13 (libFuzzer needs nightly), the fuzz workspace's crates, and cargo-mutants 27
#       (the rules' mutation score)
#
# Tools go under $MUA_TOOLS (scripts/env.sh), outside the work tree and outside CARGO_HOME: a fresh
# clone on a warm machine reuses them, and CI runs with a throwaway CARGO_HOME (.ci/run) that has
# them but no crate, as a new user's machine has none. Source scripts/env.sh afterwards to get the
# tools first on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=env.sh
source "$root/scripts/env.sh"

what="${1:-test}"
case "$what" in
  build|test) ;;
  *) echo "usage: scripts/setup.sh [build|test]" >&2; exit 2 ;;
esac

say() { printf '[setup] %s\n' "$*"; }
started=$(date +%s)
# Runs "$@" as one step: says what and roughly how long (measured on 2 cores, a fresh machine),
# then how long it took.
timed() {
  local verb="$1" name="$2" about="$3"; shift 3
  say "$verb $name (about $about on 2 cores)"
  local t0; t0=$(date +%s)
  "$@"
  say "  $name: done in $(( $(date +%s) - t0 )) s"
}

# Every `cargo install` builds in one target folder, so a crate two tools share with the same
# features is compiled once, and without optimization: these tools orchestrate and transform files
# of a megabyte, where their speed is not felt, and compiling is most of a first run's wait
# (trunk at opt-level 2: 517 s on 2 cores, measured). The folder goes at the end.
build_dir="$MUA_TOOLS/cargo-install-target"
cargo_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
  CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=true \
    cargo install -q --root "$MUA_TOOLS" --target-dir "$build_dir" "$@"
}
installed() { cargo install --list --root "$MUA_TOOLS" 2>/dev/null | grep -q "^$1 v$2:"; }
mkdir -p "$MUA_TOOLS"

# Debian's packages download and unpack while cargo compiles (they take no CPU to speak of); the
# step waits for them at the end.
apt_pid=""
apt_log="$MUA_TOOLS/apt.log"
if [ "$what" = test ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v brotli >/dev/null; }; then
  say "installing chromium, chromium-driver and brotli (Debian packages, about 1 min, alongside the rest)"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  ( $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver brotli ) \
    >"$apt_log" 2>&1 &
  apt_pid=$!
fi

# 1. The wasm32 target, and nightly with rust-src: the release wasm is built by nightly with the
#    standard library rebuilt for it (x: release_env).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  timed installing "the wasm32-unknown-unknown target" "10 s" rustup target add wasm32-unknown-unknown
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  timed installing "the nightly toolchain" "1 min" rustup toolchain install nightly --profile minimal
fi
sysroot="$(rustc +nightly --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/src/rust/library" ]; then
  timed installing "rust-src for nightly" "10 s" rustup component add rust-src --toolchain nightly
fi

# 2. trunk ~0.21.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  timed installing "trunk 0.21" "4 min" cargo_install trunk --version '~0.21' --locked
fi

# 3. wasm-bindgen-cli = the Cargo.lock version.
want_wb="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$root/Cargo.lock")"
if [ -z "$want_wb" ]; then echo "[setup] cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if ! grep -q "wasm_bindgen = \"$want_wb\"" "$root/Trunk.toml"; then
  echo "[setup] Trunk.toml [tools] wasm_bindgen must be \"$want_wb\" (the Cargo.lock version)" >&2; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want_wb" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  # Not --locked: one of its locked dependencies is missing from the registry.
  timed installing "wasm-bindgen-cli $want_wb" "1.5 min" cargo_install wasm-bindgen-cli --version "$want_wb" --force
fi

# 4. wasm-opt from npm binaryen@132.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]; then
  timed installing "binaryen@132 (wasm-opt) from npm" "5 s" \
    npm install --silent --no-audit --no-fund --prefix "$MUA_TOOLS" binaryen@132
fi

# 5. wasm-split-cli: splits Cloud Shell's code out of the release wasm (scripts/split.sh).
if ! installed wasm_split_cli_support 0.2.4; then
  timed installing "wasm-split-cli 0.2.4" "30 s" \
    cargo_install wasm_split_cli_support --version '=0.2.4' --features build-binary --locked
fi

if [ "$what" = test ]; then
  # 6. axe-core from npm, beside wasm-opt: the end-to-end tests inject axe.min.js into the page.
  if [ ! -f "$MUA_TOOLS/node_modules/axe-core/axe.min.js" ]; then
    timed installing "axe-core@4 from npm" "5 s" npm install --silent --no-audit --no-fund --prefix "$MUA_TOOLS" axe-core@4
  fi
  # 7. twiggy: where the wasm's bytes go (the size report).
  if ! twiggy --version 2>/dev/null | grep -q ' 0\.8\.'; then
    timed installing "twiggy 0.8" "30 s" cargo_install twiggy --version '~0.8' --locked
  fi
  # 8. cargo-fuzz: the fuzz targets (./x fuzz, and the smoke run of ./x test).
  if ! cargo fuzz --version 2>/dev/null | grep -q ' 0\.13\.'; then
    timed installing "cargo-fuzz 0.13" "20 s" cargo_install cargo-fuzz --version '~0.13' --locked
  fi
  # 9. cargo-mutants: the rules' mutation score (./x mutants, and one shard in ./x test).
  if ! cargo mutants --version 2>/dev/null | grep -q ' 27\.'; then
    timed installing "cargo-mutants 27" "45 s" cargo_install cargo-mutants --version '~27.1' --locked
  fi
fi
rm -rf "$build_dir"

# 10. Every crate a build reads, into CARGO_HOME's registry: `trunk build --offline` and build-std
#    never download, and the tests run with what was fetched here. Each fetch is tried offline
#    first (a warm machine: a fraction of a second), then from the registry.
fetch() {
  local label="$1"; shift
  "$@" --offline -q 2>/dev/null && return 0
  timed fetching "the crates of $label" "5 s" "$@" -q
}
fetch "the workspace" cargo fetch --locked --manifest-path "$root/Cargo.toml"
# build-std's own dependencies: the standard library is a workspace with its own Cargo.lock.
fetch "nightly's standard library (build-std)" \
  cargo +nightly fetch --locked --manifest-path "$sysroot/lib/rustlib/src/rust/library/Cargo.toml"
if [ "$what" = test ]; then
  fetch "the fuzz workspace" cargo +nightly fetch --locked --manifest-path "$root/fuzz/Cargo.toml"
fi

if [ -n "$apt_pid" ]; then
  say "waiting for the Debian packages"
  if ! wait "$apt_pid"; then
    cat "$apt_log" >&2
    echo "[setup] apt-get could not install chromium, chromium-driver and brotli" >&2
    exit 1
  fi
fi

tools="$(trunk --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), wasm-opt $(wasm-opt --version | awk '{print $3}')"
[ "$what" = test ] && tools="$tools, $(chromium --version 2>/dev/null | head -n1), $(twiggy --version)"
say "ok ($what, $(( $(date +%s) - started )) s): $tools"
