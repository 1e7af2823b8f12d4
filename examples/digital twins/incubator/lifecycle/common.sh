# Shared by the lifecycle programs of this twin (sourced, not run).
set -euo pipefail
TWIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKSPACE="${WORKSPACE:?WORKSPACE is set by the platform: the root of your library}"
OUT="$WORKSPACE/data/incubator"
CONF="$TWIN_DIR/incubator.conf"
setting() { sed -n "s/^$1=\([^ #]*\).*/\1/p" "$CONF"; }
