#!/usr/bin/env bash
# Lifecycle-run benchmark (bench, not a test): through the gateway, with the launcher's defaults.
#  - launch: POST .../runs to the first output byte at an event-stream follower, 50 runs in a row
#  - concurrent: 50 twins started at once, until all have ended
#  - chatty: a run printing 1,000,000 lines, lines/s delivered to an event-stream follower
# Writes bench/results/runs.md.
set -euo pipefail
# the tools `./dtaas test` installed (up only checks them instead of installing into a fresh home)
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/dtaas-runbench.XXXXXX)"
RESULT="$ROOT/bench/results/runs.md"
# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
export DTAAS_HOME="$WORK/home"
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true' EXIT

"$ROOT/dtaas" up >"$WORK/up.log"
password=$(cut -d: -f2 "$DTAAS_HOME/config/initial-credentials")
GW="http://127.0.0.1:$DTAAS_PORT"
AUTH="Basic $(printf 'admin:%s' "$password" | base64 -w0)"
twins="$DTAAS_HOME/files/admin/digital twins"
program() { mkdir -p "$twins/$1/lifecycle"; printf '%s\n' "$2" >"$twins/$1/lifecycle/execute"; chmod +x "$twins/$1/lifecycle/execute"; }
program quick $'#!/bin/sh\necho ready'
for i in $(seq 0 49); do program "quick$i" $'#!/bin/sh\necho ready\nsleep 0.5\necho done'; done
program chatty $'#!/bin/sh\nseq 1 1000000'

client() { python3 "$ROOT/bench/runs_client.py" "$GW" "$AUTH" "$@"; }
client launch 10 >/dev/null # warm-up (JIT)
launch=$(client launch 50)
concurrent=$(client concurrent 50)
client chatty >/dev/null # warm-up
chatty=$(client chatty)
rss() { ps -o rss= -p "$(cat "$DTAAS_HOME/run/workspace-service.pid")" | tr -d ' '; }

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
{
  echo "# Lifecycle runs — $(date -u +%Y-%m-%d), $(nproc) cores, through the gateway"
  echo
  echo "JVM options: workspace-service \`${DTAAS_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}\`; H2 database; client: bench/runs_client.py on the same machine."
  echo
  echo "| measure | result | target |"
  echo "| --- | --- | --- |"
  echo "| launch: POST to first output at the follower (50 in a row) | p50 $(field "$launch" p50_ms) ms, p90 $(field "$launch" p90_ms) ms, max $(field "$launch" max_ms) ms | < 100 ms |"
  echo "| 50 twins started together (each runs 0.5 s) | all ended after $(field "$concurrent" wall_s) s, $(field "$concurrent" succeeded)/50 succeeded | |"
  echo "| chatty run, 1,000,000 lines to an event-stream follower | $(field "$chatty" lines_per_s) lines/s ($(field "$chatty" lines) lines in $(field "$chatty" seconds) s) | ≥ 50,000 lines/s |"
  echo "| workspace-service RSS after the runs | $(( $(rss) / 1024 )) MiB | |"
} >"$RESULT"
cat "$RESULT"
