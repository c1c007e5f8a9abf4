#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets), or the TARGETs named, for SECONDS each (default 60) or
# until FUZZ_RUNS executions if that comes first, with libFuzzer through cargo-fuzz on the nightly
# toolchain. The live corpus grows in target/fuzz-corpus/<target>; the seed
# corpora are fuzz/seeds/<target> (and web/scenarios for scenario files). A crash stops the run with
# the input in fuzz/artifacts/<target>/ and exit status 1. Prints each target's executions.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
targets=(scenario_load duration parameters history console sequences)
[ $# -gt 1 ] && targets=("${@:2}")
# No sanitizer: every crate of this workspace forbids unsafe code, and AddressSanitizer made the
# targets about 10 times slower (sequences: 183 -> 1,780 executions/s, measured). libFuzzer still
# finds panics (the invariants are assertions), hangs (timeouts) and runaway memory.
limit="${FUZZ_RUNS:+-runs=$FUZZ_RUNS}"
cargo +nightly fuzz build -O -s none >/dev/null
for t in "${targets[@]}"; do
  live="target/fuzz-corpus/$t"; mkdir -p "$live"
  seeds=("fuzz/seeds/$t"); [ -d "fuzz/seeds/$t" ] || seeds=()
  [ "$t" = scenario_load ] && seeds=(web/scenarios)
  log="target/fuzz-$t.log"
  if ! cargo +nightly fuzz run -O -s none "$t" "$live" "${seeds[@]}" -- -max_total_time="$seconds" $limit -max_len=65536 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $t found a crash (input in fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  took="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n1)"
  printf 'fuzz: %-14s %12s executions in %ss, no crash\n' "$t" "${runs:-?}" "${took:-$seconds}"
done
