# Sourced by scripts: puts the project's tools first on PATH. Tools live outside the work tree and
# outside CARGO_HOME (scripts/setup.sh installs them with `cargo install --root "$MUA_TOOLS"`), so
# that a fresh clone on a warm machine reuses them, and CI's throwaway CARGO_HOME (.ci/run) has them.
export MUA_TOOLS="${MUA_TOOLS:-$HOME/.cache/mua-playground/tools}"
# rustup's cargo and rustc stay where rustup put them ($HOME/.cargo/bin), whatever CARGO_HOME is.
export PATH="$MUA_TOOLS/bin:$MUA_TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
