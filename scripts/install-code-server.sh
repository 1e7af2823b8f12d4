#!/usr/bin/env bash
# Installs VS Code in the browser (npm code-server 4.100.3, the last line for Node 20) into TARGET.
# A plain `npm install code-server` fails here: the native kerberos module needs libkrb5-dev, and
# @vscode/ripgrep's postinstall downloads rg from GitHub. So: Debian's dev packages and rg, npm with
# scripts off, then the native modules rebuilt (recipe in docs/admin/users.md, tried in FEASIBILITY).
# Usage: scripts/install-code-server.sh TARGET   (idempotent; ~1.5 min, ~300 MB)
set -euo pipefail
VERSION=4.100.3
TARGET=${1:?usage: install-code-server.sh TARGET}
if [ -f "$TARGET/out/node/entry.js" ] && [ "$(cat "$TARGET/.dtaas-version" 2>/dev/null)" = "$VERSION" ]; then
    echo "code-server $VERSION already in $TARGET"; exit 0
fi
command -v node >/dev/null || { echo "code-server needs Node.js 20 (apt-get install nodejs npm)" >&2; exit 1; }
need=()
for p in libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep g++ make python3; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "code-server needs these Debian packages first: sudo apt-get install ${need[*]}" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
mkdir -p "$(dirname "$TARGET")"
work=$(mktemp -d "${TARGET%/}.partial.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "[1/5] fetching code-server $VERSION"
npm pack --silent "code-server@$VERSION" >/dev/null
tar -xzf "code-server-$VERSION.tgz"
cd package
echo "[2/5] installing its dependencies"
npm install --silent --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
npm rebuild --silent argon2 >/dev/null
cd lib/vscode
echo "[3/5] installing VS Code's dependencies"
npm install --silent --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
echo "[4/5] building native modules (node-pty, spdlog, watchdog, kerberos)"
npm_config_yes=true npm rebuild --silent >/dev/null
(cd extensions && npm install --silent --omit=dev --no-audit --no-fund >/dev/null)
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd ../..
echo "[5/5] placing it in $TARGET"
echo "$VERSION" > .dtaas-version
rm -rf "$TARGET"
mkdir -p "$(dirname "$TARGET")"
mv "$work/package" "$TARGET"
echo "code-server $VERSION installed in $TARGET"
