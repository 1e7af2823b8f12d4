# Sourced by the benches that start a platform of their own (after setting ROOT and WORK): a fresh
# DTAAS_HOME in $WORK/home, free ports for everything, the tools where ./dtaas test installed them; on
# exit the platform stops and $WORK goes.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
export DTAAS_HOME="$WORK/home" DTAAS_PORT=$(free_port) LIBRARY_PORT=$(free_port) WORKSPACE_PORT=$(free_port) \
  PROVISIONER_PORT=$(free_port) MQTT_PORT=$(free_port) INFLUXDB_PORT=$(free_port) \
  RABBITMQ_PORT=$(free_port) RABBITMQ_MANAGEMENT_PORT=$(free_port) RABBITMQ_DIST_PORT=$(free_port) \
  DTAAS_SHARED_PORT=$(free_port)
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
