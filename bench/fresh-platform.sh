# Sourced by the benches that start a platform of their own (after setting ROOT and WORK): a fresh
# DTAAS_HOME in $WORK/home, free ports for everything, the tools where ./dtaas test installed them; on
# exit the platform stops and $WORK goes.
# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
export DTAAS_HOME="$WORK/home"
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
