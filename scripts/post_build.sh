#!/usr/bin/env bash
# Trunk's post_build hook: split Cloud Shell's code into a module of its own (split.sh), then give
# index.html its Content-Security-Policy (csp.py). One hook, the steps in order: trunk starts the
# hooks of a stage at the same time, and both steps rewrite index.html.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/split.sh"
python3 "$here/csp.py"
