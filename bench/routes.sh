#!/usr/bin/env bash
# Route bench (bench, not a test):
#  - lookup: the gateway's RouteTable with 10 to 100,000 users (5 tool routes each), ns per lookup and
#    ms per table swap (bench/RouteLookup.java against the built gateway-service);
#  - pushed routes: on a platform started with ./dtaas up, from the moment the workspace status says the
#    terminal is ready to the first request the gateway routes to it (bench/routes_client.py, 5 rounds),
#    with the routes pushed (default) and with only the periodic fetch (DTAAS_GATEWAY_ROUTE_PUSH=false:
#    the gateway never hears of changes, as before).
# Builds the jars as the sources are now (bench/current-build.sh); needs the workspace tools. Writes bench/results/routes.md.
set -euo pipefail
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# the bench's platform home, kept afterwards: its logs/ explain a figure that looks wrong
WORK="$(mktemp -d /tmp/dtaas-routebench.XXXXXX)"
RESULT="$ROOT/bench/results/routes.md"
APP="$ROOT/gateway-service/target/quarkus-app"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
classpath="$(ls "$APP"/app/*.jar "$APP"/lib/main/*.jar "$APP"/lib/boot/*.jar | tr '\n' ':')"
lookup=$(java -cp "$classpath" "$ROOT/bench/RouteLookup.java" 2>/dev/null)

# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
export DTAAS_HOME="$WORK/home"
# tools on the platform's own origin: the client asks for /<user>/... directly (no per-user host names)
export DTAAS_TOOLS_URL=""
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true' EXIT
GW="http://127.0.0.1:$DTAAS_PORT"
auth="Basic $(printf 'routebench:route-bench-1' | base64 -w0)"
measure() {
  "$ROOT/dtaas" up >"$WORK/up.log"
  echo "route-bench-1" | "$ROOT/dtaas" user add routebench >/dev/null 2>&1 || true
  sleep 2 # the gateway re-reads users.htpasswd within a second
  python3 "$ROOT/bench/routes_client.py" "$GW" routebench "$auth" 5
  "$ROOT/dtaas" down >/dev/null
}
pushed=$(measure)
# the gateway not told of changes: only the 1 s fetch is left
polled=$(DTAAS_GATEWAY_ROUTE_PUSH=false measure)
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
{
  echo "# Routes — $(date -u +%Y-%m-%d), $(nproc) cores"
  echo
  echo "## Lookup (RouteTable, in-process, 5 tool routes a user, random users and tools)"
  echo
  echo "| users | ns per lookup | ms to swap in the table |"
  echo "| --- | --- | --- |"
  while read -r users ns swap; do echo "| $users | $ns | $swap |"; done <<<"$lookup"
  echo
  echo "## Terminal reported ready → first request routed through the gateway (5 rounds each)"
  echo
  echo "| routes | p50 | max |"
  echo "| --- | --- | --- |"
  echo "| pushed (/internal/routes/changes) | $(field "$pushed" p50_ms) ms | $(field "$pushed" max_ms) ms |"
  echo "| fetched every second only | $(field "$polled" p50_ms) ms | $(field "$polled" max_ms) ms |"
} >"$RESULT"
cat "$RESULT"
