#!/usr/bin/env bash
# What `./dtaas up` costs once everything is installed (bench, not a test), on a fresh DTAAS_HOME and
# free ports, the tools where `./dtaas test` installed them:
#  - the install step alone (`./dtaas install`: every step only checks)
#  - a first `up` of a new home (build present): installs checked, brokers and services started
#  - `up` again while running (nothing to start)
#  - `down`, then `up` of the installed, stopped platform
# Writes bench/results/up.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/dtaas-upbench.XXXXXX)"
RESULT="$ROOT/bench/results/up.md"
# shellcheck source=bench/fresh-platform.sh
. "$ROOT/bench/fresh-platform.sh"
seconds() { local start=$EPOCHREALTIME; "$@" >>"$WORK/log" 2>&1; awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'; }

install=$(seconds "$ROOT/dtaas" install)
first=$(seconds "$ROOT/dtaas" up)
again=$(seconds "$ROOT/dtaas" up)
"$ROOT/dtaas" down >>"$WORK/log" 2>&1
restart=$(seconds "$ROOT/dtaas" up)
aux=$(grep -E '^  (rabbitmq|mqtt-broker|influxdb) started' "$WORK/log" | tail -3 | sed 's/^  //' | paste -sd ';' -)
{
  echo "# ./dtaas up on an installed machine — $(date -u +%Y-%m-%d), $(nproc) cores"
  echo
  echo "Fresh DTAAS_HOME, free ports, tools already in $DTAAS_TOOLS, services built. Seconds, one run each."
  echo
  echo "| what | seconds |"
  echo "| --- | --- |"
  printf '| `./dtaas install` (every step only checks) | %.1f |\n' "$install"
  printf '| first `up` of a new home (checks, own RabbitMQ/Mosquitto/InfluxDB, four services healthy) | %.1f |\n' "$first"
  printf '| `up` while running | %.1f |\n' "$again"
  printf '| `up` after `down` | %.1f |\n' "$restart"
  echo
  echo "Platform services at the last start: $aux."
} >"$RESULT"
cat "$RESULT"
