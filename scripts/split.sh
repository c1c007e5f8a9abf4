#!/usr/bin/env bash
# Trunk post_build hook: when the portal was built with its split points (its `split` feature),
# split the code only they reach into modules of their own that the page loads when first needed,
# as the Azure portal loads its Cloud Shell and its blades (README: Size).
#
# Trunk has already run wasm-bindgen and wasm-opt on the whole wasm; this redoes both on the split
# modules from cargo's output, under trunk's hashed names, so index.html stays as trunk wrote it:
#   <name>_bg.wasm           the main module (wasm-bindgen's glue <name>.js loads it)
#   <name>_split.js          wasm-split-cli's loader, which <name>.js imports when first needed
#   <name>_cloud_shell.wasm  Cloud Shell's module (shell_code.rs), which the loader fetches
#   <name>_views.wasm        the blades few visits need at once (pages/lazy.rs)
#   <name>_chunk_<n>.wasm    code the split modules share, fetched with the first that needs it
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
bg=$(ls "$staging"/*_bg.wasm)
name=$(basename "$bg" _bg.wasm)
# Only a build with the split point imports its placeholder; any other build is left as it is.
grep -q "__wasm_split_placeholder__" "$staging/$name.js" || exit 0

input="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/${TRUNK_PROFILE:-release}/mua-portal.wasm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$input" "$work/split" --target web --out-name "$name"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/bindgen" --out-name "$name" \
  "$work/split/$name.wasm"

# The same wasm-opt passes as index.html's data-wasm-opt-params (trunk's -Oz run first).
opt() {
  wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features --flatten --rereloop -Oz \
    --enable-bulk-memory --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int "$1" -o "$2"
}
opt "$work/bindgen/${name}_bg.wasm" "$staging/${name}_bg.wasm"
cp "$work/split/__wasm_split.js" "$work/loader.js"
for module in "$work"/split/*.wasm; do
  base=$(basename "$module" .wasm)
  [ "$base" = "$name" ] && continue
  short="${name}_${base#split_}"
  opt "$module" "$staging/$short.wasm"
  sed -i "s|\"./$base.wasm\"|\"./$short.wasm\"|" "$work/loader.js"
done
# Every module the loader fetches now has its hashed name, and Cloud Shell's is among them.
if grep -Eq '"\./(split_|chunk_)[^"]*\.wasm"' "$work/loader.js" || ! grep -q "${name}_cloud_shell.wasm" "$work/loader.js"; then
  echo "split.sh: wasm-split-cli's loader changed: a module's name was not rewritten" >&2
  exit 1
fi
mv "$work/loader.js" "$staging/${name}_split.js"
# The glue imports the loader only when Cloud Shell's module is first asked for: a static import
# would put the loader (which imports the glue back) in the page's start-up, a round trip later
# than the glue, and preloading it races the import cycle in Chromium (measured: first render
# 96 -> 111-117 ms without a preload; with one, 1 load in 12 never started the app).
# Then index.html's preloads get the new files' digests (subresource integrity).
python3 - "$staging" "$name" "$work/bindgen/$name.js" <<'PY'
import base64, hashlib, pathlib, re, sys
staging, name, glue = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
js = glue.read_text(encoding="utf-8")
loads = re.findall(r"export const (__wasm_split_load_\w+)", (staging / f"{name}_split.js").read_text(encoding="utf-8"))
forward = ", ".join(f'{f}: (...a) => import("./{name}_split.js").then((m) => m.{f}(...a))' for f in loads)
js, n = re.subn(r'import \* as (\w+) from "\./__wasm_split\.js"', rf"const \g<1> = {{ {forward} }};", js)
# (wasm-bindgen imports the loader once per split point: each import becomes the forwarding object.)
if n < 1 or not loads:
    sys.exit("split.sh: wasm-bindgen's glue or wasm-split-cli's loader changed: the loader's import was not rewritten")
(staging / f"{name}.js").write_text(js, encoding="utf-8")

page = staging / "index.html"
html = page.read_text(encoding="utf-8")
for file in (f"{name}.js", f"{name}_bg.wasm"):
    digest = "sha384-" + base64.b64encode(hashlib.sha384((staging / file).read_bytes()).digest()).decode()
    html, n = re.subn(rf'(href="\./{re.escape(file)}"[^>]*integrity=")[^"]*"', rf'\g<1>{digest}"', html)
    if n != 1:
        sys.exit(f"split.sh: index.html has no preload of {file} to give its digest")
page.write_text(html, encoding="utf-8")
PY
