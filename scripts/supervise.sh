#!/usr/bin/env bash
# Keeps one of DTaaS's platform services running (RabbitMQ, Mosquitto, InfluxDB):
#   scripts/supervise.sh NAME STATE_FILE COMMAND [ARGS...]
# COMMAND is started again when it ends unasked, after 1, 2, 4 ... 60 s (back to 1 s once it has run
# for 10 minutes); each restart is a line in this script's output (the service's log) and the state
# file says how many there were, when the last was and how the service had ended:
#   "<restarts> <UTC time> <exit status>". TERM or INT (./dtaas down) stops COMMAND and this script.
set -u
name="$1" state="$2"
shift 2
stopping=0 child="" delay=1 restarts=0
trap 'stopping=1; [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null' TERM INT
printf '0 - -\n' >"$state"
while :; do
  started=$SECONDS
  "$@" &
  child=$!
  wait "$child"
  status=$?
  # a trapped signal ends wait early: wait for the service's own end
  while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
  child=""
  ((stopping)) && exit 0
  ((SECONDS - started >= 600)) && delay=1
  restarts=$((restarts + 1))
  printf '%s %s %s\n' "$restarts" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$status" >"$state"
  echo "[dtaas] $name ended (exit status $status); starting it again in ${delay} s (restart $restarts)"
  sleep "$delay" &
  wait $! 2>/dev/null
  ((stopping)) && exit 0
  delay=$((delay * 2 > 60 ? 60 : delay * 2))
done
