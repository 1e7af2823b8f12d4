# Sourced by the benches that start a platform: free_port, and a free port for every listener the
# platform opens (so that a bench runs beside another platform on this machine, as a developer's).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export DTAAS_PORT=$(free_port) LIBRARY_PORT=$(free_port) WORKSPACE_PORT=$(free_port) \
  PROVISIONER_PORT=$(free_port) MQTT_PORT=$(free_port) INFLUXDB_PORT=$(free_port) INFLUXDB_RPC_PORT=$(free_port) \
  RABBITMQ_PORT=$(free_port) RABBITMQ_MANAGEMENT_PORT=$(free_port) RABBITMQ_DIST_PORT=$(free_port) \
  DTAAS_SHARED_PORT=$(free_port)
