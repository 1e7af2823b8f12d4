#!/usr/bin/env bash
# 500 signed-in sessions for 60 s against a fresh platform (bench, not a test): bench/load/main.go
# (Go, standard library) signs each in with the login form, then mixes web app page loads, library
# listings and reads, workspace status and twin runs followed to their end, 0.5-1.5 s apart. 25 users
# with 20 sessions each. Writes bench/results/load.md: per call the count, errors, p50/p95/p99, and the
# largest resident memory of each service during the load. SESSIONS, DURATION (s), USERS change the load.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULT="$ROOT/bench/results/load.md"
SESSIONS="${SESSIONS:-500}" DURATION="${DURATION:-60}" USERS="${USERS:-25}"
WORK="$(mktemp -d /tmp/dtaas-loadbench.XXXXXX)"
# shellcheck source=bench/fresh-platform.sh
. "$ROOT/bench/fresh-platform.sh"
base="http://127.0.0.1:$DTAAS_PORT"

(cd "$ROOT/bench/load" && go build -o "$WORK/load" .)
"$ROOT/dtaas" up >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; exit 1; }
for i in $(seq 1 "$USERS"); do
  echo "load$i-password" | "$ROOT/dtaas" user add "load$i" >/dev/null
  echo "load$i:load$i-password" >>"$WORK/users"
done
sleep 1.5 # the gateway re-reads users.htpasswd within a second
for i in $(seq 1 "$USERS"); do
  curl -fsS -u "load$i:load$i-password" -X PUT --data-binary "a note of load$i" "$base/api/library/raw/load$i/data/note.txt" >/dev/null
done

rss_of() { # the largest VmRSS (KiB) of a service's process tree, sampled until the load ends
  local s="$1" max=0 kib pid rss
  while [[ ! -f "$WORK/done" ]]; do
    kib=0
    for pid in $(pgrep -g "$(cat "$DTAAS_HOME/run/$s.pid")"); do
      rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      kib=$((kib + ${rss:-0}))
    done
    ((kib > max)) && max=$kib
    sleep 1
  done
  echo "$max" >"$WORK/rss-$s"
}
services=(gateway-service library-service workspace-service services-provisioner)
for s in "${services[@]}"; do rss_of "$s" & done
"$WORK/load" -url "$base" -users "$WORK/users" -sessions "$SESSIONS" -duration "${DURATION}s" >"$WORK/load.json"
touch "$WORK/done"
wait

python3 - "$WORK" "$SESSIONS" "$USERS" "${services[@]}" >"$RESULT" <<'PY'
import json, os, sys, datetime
work, sessions, users, services = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
load = json.load(open(os.path.join(work, "load.json")))
print("# Load: %s signed-in sessions for %.0f s" % (sessions, load["seconds"]))
print()
print("`bench/load.sh` on %d cores, %s: %s users with %d sessions each, one run; calls through the gateway"
      " with its access log on." % (os.cpu_count(), datetime.date.today(), users, int(sessions) // int(users)))
print("Errors are transport errors, 5xx, 401 and 403; refused are 409 (the twin runs already: one run per twin).")
print()
print("| call | count | errors | refused | p50 ms | p95 ms | p99 ms |")
print("|---|---|---|---|---|---|---|")
total = errors = 0
for call, r in sorted(load["calls"].items()):
    total += r["count"]; errors += r["errors"]
    print("| %s | %d | %d | %d | %.1f | %.1f | %.1f |" % (call, r["count"], r["errors"], r["refused"], r["p50"], r["p95"], r["p99"]))
print()
print("%d calls, %d errors (%.1f calls/s)." % (total, errors, total / load["seconds"]))
print()
print("| service | largest resident memory during the load |")
print("|---|---|")
for s in services:
    kib = int(open(os.path.join(work, "rss-" + s)).read())
    print("| %s | %d MiB |" % (s, kib // 1024))
PY
cat "$RESULT"
