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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
export DTAAS_HOME="$WORK/home" DTAAS_PORT=$(free_port) LIBRARY_PORT=$(free_port) WORKSPACE_PORT=$(free_port) \
  PROVISIONER_PORT=$(free_port) MQTT_PORT=$(free_port) INFLUXDB_PORT=$(free_port) \
  RABBITMQ_PORT=$(free_port) RABBITMQ_MANAGEMENT_PORT=$(free_port) RABBITMQ_DIST_PORT=$(free_port) \
  DTAAS_SHARED_PORT=$(free_port)
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
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
