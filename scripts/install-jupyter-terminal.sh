#!/usr/bin/env bash
# Makes Jupyter Notebook's terminal page work on Debian 12. Debian's notebook 6.4 bundles xterm.js
# from its CommonJS sources into terminal/js/main.min.js, so the page stops at "exports is not
# defined" and stays blank. This writes an extra static folder (Jupyter searches it first) with a
# main.min.js that loads notebook's own unbundled terminal code and xterm 3.14.5's browser build from npm.
# Usage: scripts/install-jupyter-terminal.sh TARGET   (idempotent, a few seconds)
set -euo pipefail
XTERM=3.14.5
TARGET=${1:?usage: install-jupyter-terminal.sh TARGET}
if [ -f "$TARGET/dtaas/xterm/xterm.js" ] && [ "$(cat "$TARGET/.dtaas-version" 2>/dev/null)" = "$XTERM" ]; then
    echo "Jupyter terminal fix already in $TARGET"; exit 0
fi
command -v npm >/dev/null || { echo "the Jupyter terminal fix needs npm (apt-get install npm)" >&2; exit 1; }
mkdir -p "$(dirname "$TARGET")"
work=$(mktemp -d "${TARGET%/}.partial.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "xterm@$XTERM" >/dev/null && tar -xzf "xterm-$XTERM.tgz")
mkdir -p "$work/static/dtaas/xterm/addons/fit" "$work/static/terminal/js"
cp "$work/package/dist/xterm.js" "$work/static/dtaas/xterm/xterm.js"
cp "$work/package/dist/addons/fit/fit.js" "$work/static/dtaas/xterm/addons/fit/fit.js"
cat > "$work/static/terminal/js/main.min.js" <<'JS'
// DTaaS: replaces Debian's broken bundle. notebook's own terminal/js/main.js and terminado.js are
// loaded unbundled, with xterm 3.14.5's browser (UMD) build, whose API they were written for.
require.config({ paths: { xterm: 'dtaas/xterm/xterm', 'xtermjs-fit': 'dtaas/xterm/addons/fit/fit' } });
require(['terminal/js/main']);
JS
echo "$XTERM" > "$work/static/.dtaas-version"
rm -rf "$TARGET"
mv "$work/static" "$TARGET"
echo "Jupyter terminal fix installed in $TARGET"
