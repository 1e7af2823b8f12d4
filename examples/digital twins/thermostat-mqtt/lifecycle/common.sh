# Shared by the lifecycle programs of this twin (sourced, not run).
set -euo pipefail
WORKSPACE="${WORKSPACE:?WORKSPACE is set by the platform: the root of your library}"
OUT="$WORKSPACE/data/thermostat-mqtt"
need_mqtt() {
  python3 -c 'import paho.mqtt' 2>/dev/null || {
    echo "paho-mqtt is missing from this Python ($(command -v python3)): ask your admin to run ./dtaas up, which installs the workspaces' Python." >&2
    exit 1
  }
  if [[ -z "${MQTT_URL:-}" || -z "${MQTT_PASSWORD:-}" ]]; then
    echo "You have no MQTT credentials yet: open the Services page of DTaaS once (or POST /api/services/$DTAAS_USER/provision)," >&2
    echo "then run this phase again." >&2
    exit 1
  fi
}
