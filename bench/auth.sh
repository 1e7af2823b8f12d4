#!/usr/bin/env bash
# What each way of signing in costs the gateway (bench, not a test). The platform runs from
# ./dtaas up with a real Keycloak (scripts/install-keycloak.sh, kc.sh start-dev) as its OIDC provider;
# wrk (1 thread, 16 connections) asks GET /auth/me, which the gateway answers itself, so the figure is
# the authentication alone: the signed session cookie (HMAC), HTTP Basic (bcrypt, remembered for 5 min),
# an OIDC bearer token (Keycloak's RS256 JWT, verified against its cached keys) and no credentials (401).
# Writes bench/results/auth.md.
set -euo pipefail
# the tools `./dtaas test` installed (up only checks them instead of installing into a fresh home)
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-10s}"
WORK="$(mktemp -d /tmp/dtaas-bench-auth.XXXXXX)"
RESULT="$ROOT/bench/results/auth.md"
KC_HOME="$HOME/.cache/dtaas/keycloak/keycloak-26.7.3"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
"$ROOT/scripts/install-keycloak.sh" "$HOME/.cache/dtaas/keycloak"

# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
KC_PORT=$(free_port)
export DTAAS_HOME="$WORK/home"
GW="http://127.0.0.1:$DTAAS_PORT"
KC="http://127.0.0.1:$KC_PORT"

cleanup() {
  "$ROOT/dtaas" down >/dev/null 2>&1 || true
  [[ -f "$WORK/kc.pid" ]] && pkill -P "$(cat "$WORK/kc.pid")" 2>/dev/null; kill "$(cat "$WORK/kc.pid" 2>/dev/null)" 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$KC_HOME/data"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$KC_HOME/bin/kc.sh" start-dev --http-port="$KC_PORT" --http-host=127.0.0.1 --hostname="$KC" >"$WORK/kc.log" 2>&1 &
echo $! >"$WORK/kc.pid"
for _ in $(seq 180); do curl -fsS -o /dev/null "$KC/realms/master" 2>/dev/null && break; sleep 1; done
kcadm() { "$KC_HOME/bin/kcadm.sh" "$@" --config "$WORK/kcadm.config"; }
kcadm config credentials --server "$KC" --realm master --user admin --password admin 2>/dev/null
kcadm create realms -s realm=dtaas -s enabled=true
kcadm create clients -r dtaas -s clientId=dtaas -s secret=bench-secret -s publicClient=false \
  -s directAccessGrantsEnabled=true -s "redirectUris=[\"$GW/auth/oidc/callback\"]"
kcadm create users -r dtaas -s username=bench -s enabled=true -s email=bench@example.org -s emailVerified=true \
  -s firstName=Bench -s lastName=Mark
kcadm set-password -r dtaas --username bench --new-password bench-password-1

export DTAAS_OIDC_ENABLED=true DTAAS_OIDC_ISSUER="$KC/realms/dtaas" DTAAS_OIDC_CLIENT_ID=dtaas DTAAS_OIDC_CLIENT_SECRET=bench-secret
"$ROOT/dtaas" up >"$WORK/up.log"
printf 'bench-password-1\n' | "$ROOT/dtaas" user add bench >/dev/null
sleep 1.5
cookie=$(curl -fsS -c - -o /dev/null -H "Origin: $GW" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-1"}' "$GW/auth/login" | awk '/dtaas_session/ {print $7}')
basic="Basic $(printf 'bench:bench-password-1' | base64 -w0)"
token() {
  curl -fsS -d grant_type=password -d client_id=dtaas -d client_secret=bench-secret -d username=bench \
    -d password=bench-password-1 -d scope=openid "$KC/realms/dtaas/protocol/openid-connect/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
bearer="Bearer $(token)"
for h in "Cookie: dtaas_session=$cookie" "Authorization: $basic" "Authorization: $bearer"; do
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$h" "$GW/auth/me") == 200 ]] || { echo "not signed in with: ${h%%:*}" >&2; exit 1; }
done

# warm the JIT on every path first (2 shared cores)
for h in "Cookie: dtaas_session=$cookie" "Authorization: $basic" "Authorization: $bearer"; do
  wrk -t1 -c16 -d10s -H "$h" "$GW/auth/me" >/dev/null
done

declare -A RPS P50 P99
run() { # key header
  local out
  if [[ -n "$2" ]]; then out=$(wrk -t1 -c16 -d"$DURATION" --latency -H "$2" "$GW/auth/me"); else out=$(wrk -t1 -c16 -d"$DURATION" --latency "$GW/auth/me"); fi
  RPS[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  P50[$1]=$(awk '$1=="50%" {print $2}' <<<"$out")
  P99[$1]=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$1: ${RPS[$1]} req/s, p50 ${P50[$1]}, p99 ${P99[$1]}" >&2
}
run session "Cookie: dtaas_session=$cookie"
run basic "Authorization: $basic"
bearer="Bearer $(token)" # Keycloak's tokens live 5 minutes: a fresh one for the measurement
run bearer "Authorization: $bearer"
run none ""

{
  echo "# Authentication benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(uname -m)), by \`bench/auth.sh\`: wrk -t1 -c16 -d$DURATION"
  echo "against \`GET /auth/me\` (answered by the gateway itself), platform from \`./dtaas up\` with Keycloak 26.7.3"
  echo "(start-dev) as OIDC provider; wrk, Keycloak and the JVMs share the cores."
  echo
  echo "| credentials | req/s | p50 | p99 |"
  echo "| --- | --- | --- | --- |"
  echo "| session cookie (HMAC-signed) | ${RPS[session]} | ${P50[session]} | ${P99[session]} |"
  echo "| HTTP Basic (bcrypt, remembered 5 min) | ${RPS[basic]} | ${P50[basic]} | ${P99[basic]} |"
  echo "| OIDC bearer token (Keycloak RS256 JWT) | ${RPS[bearer]} | ${P50[bearer]} | ${P99[bearer]} |"
  echo "| none (401) | ${RPS[none]} | ${P50[none]} | ${P99[none]} |"
} >"$RESULT"
cat "$RESULT"
