# Shared by the lifecycle programs of this twin (sourced, not run).
set -euo pipefail
WORKSPACE="${WORKSPACE:?WORKSPACE is set by the platform: the root of your library}"
OUT="$WORKSPACE/data/thermostat-mqtt"
need_mqtt() {
  command -v mosquitto_pub >/dev/null && command -v mosquitto_sub >/dev/null || {
    echo "The Mosquitto clients are missing: ask your admin to run ./dtaas install-tools (apt-get install mosquitto-clients)." >&2
    exit 1
  }
  if [[ -z "${MQTT_URL:-}" || -z "${MQTT_PASSWORD:-}" ]]; then
    echo "You have no MQTT credentials yet: open the Services page of DTaaS once (or POST /api/services/$DTAAS_USER/provision)," >&2
    echo "then run this phase again." >&2
    exit 1
  fi
  local hostport="${MQTT_URL#mqtt://}"
  MQTT=(-h "${hostport%%:*}" -p "${hostport##*:}" -u "$MQTT_USERNAME" -P "$MQTT_PASSWORD")
  TOPICS="$MQTT_TOPICPREFIX"
}
