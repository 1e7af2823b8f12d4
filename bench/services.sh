#!/usr/bin/env bash
# Platform-services benchmark (bench, not a test), with the launcher's defaults and
# DTaaS's own RabbitMQ, Mosquitto and InfluxDB:
#  - provisioning: one new user, then 100 new users one after the other (admin POST .../provision)
#  - messages/s a twin gets through RabbitMQ (amqp-client, publish + consume) and MQTT (mosquitto
#    clients, QoS 0 and 1) with the credentials the platform issued
# Writes bench/results/services.md.
set -euo pipefail
# the tools `./dtaas test` installed (up only checks them instead of installing into a fresh home)
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/dtaas-svcbench.XXXXXX)"
RESULT="$ROOT/bench/results/services.md"
# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
export DTAAS_HOME="$WORK/home"
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true' EXIT

"$ROOT/dtaas" up >"$WORK/up.log"
password=$(cut -d: -f2 "$DTAAS_HOME/config/initial-credentials")
GW="http://127.0.0.1:$DTAAS_PORT"
run_id="$(date +%s)"
provision() { curl -fsS -o /dev/null -u "admin:$password" -X POST "$GW/api/services/$1/provision"; }

provision "warm$run_id" # first calls pay for class loading
t0=$(date +%s.%N); provision "one$run_id"; t1=$(date +%s.%N)
one_ms=$(python3 -c "print(round(($t1-$t0)*1000))")
t0=$(date +%s.%N)
for i in $(seq 1 100); do provision "u${run_id}x$i"; done
t1=$(date +%s.%N)
hundred_s=$(python3 -c "print(round($t1-$t0, 1))")

creds="$(curl -fsS -u "admin:$password" "$GW/api/services/admin/credentials")"
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]][sys.argv[3]])' "$creds" "$1" "$2"; }

amqp_client="$(find "$HOME/.m2/repository/com/rabbitmq/amqp-client" -name 'amqp-client-*.jar' | sort | tail -1)"
slf4j="$(find "$HOME/.m2/repository/org/slf4j/slf4j-api" -name 'slf4j-api-*.jar' | sort | tail -1)"
amqp=$(java -cp "$amqp_client:$slf4j" "$ROOT/bench/AmqpRate.java" "$(field rabbitmq url)" "$(field rabbitmq username)" \
  "$(field rabbitmq password)" 200000 2>/dev/null)

mqtt_rate() { # qos
  local host port n=100000 topic
  host="$(field mqtt url | sed 's#mqtt://##; s#:.*##')"; port="$(field mqtt url | sed 's#.*:##')"
  topic="$(field mqtt topicPrefix)bench"
  local auth=(-h "$host" -p "$port" -u "$(field mqtt username)" -P "$(field mqtt password)")
  mosquitto_sub "${auth[@]}" -q "$1" -t "$topic" -C "$n" -W 120 >/dev/null &
  local sub=$!
  sleep 0.5
  local t0 t1
  t0=$(date +%s.%N)
  seq 1 "$n" | mosquitto_pub "${auth[@]}" -q "$1" -t "$topic" -l
  wait "$sub"
  t1=$(date +%s.%N)
  python3 -c "print(int($n/($t1-$t0)))"
}
mqtt0=$(mqtt_rate 0)
mqtt1=$(mqtt_rate 1)
rss() { ps -o rss= -p "$(cat "$DTAAS_HOME/run/services-provisioner.pid")" | tr -d ' '; }

{
  echo "# Platform services — $(date -u +%Y-%m-%d), $(nproc) cores"
  echo
  echo "Provisioning through the gateway as admin (RabbitMQ vhost + user + permissions, MQTT role + client over"
  echo "dynamic security, InfluxDB 1.x database + user + grant, credentials encrypted into H2, files written)."
  echo "Messages: one publisher and one consumer on the same machine, with the credentials the platform issued."
  echo
  echo "| measure | result |"
  echo "| --- | --- |"
  echo "| provisioning one new user (all services) | $one_ms ms |"
  echo "| provisioning 100 new users one after the other | $hundred_s s |"
  echo "| RabbitMQ, 200,000 messages of 27 B, publish + consume | $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["per_s"])' "$amqp") msg/s |"
  echo "| MQTT QoS 0, 100,000 messages, mosquitto_pub -l → mosquitto_sub | $mqtt0 msg/s |"
  echo "| MQTT QoS 1, 100,000 messages | $mqtt1 msg/s |"
  echo "| services-provisioner RSS after the run | $(( $(rss) / 1024 )) MiB |"
} >"$RESULT"
cat "$RESULT"
