# Sourced by scripts: puts the project's tools first on PATH. Tools live outside the work tree
# so that a fresh clone on a warm machine reuses them.
export MUA_TOOLS="${MUA_TOOLS:-$HOME/.cache/mua-playground/tools}"
export PATH="$MUA_TOOLS/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
