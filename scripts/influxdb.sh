#!/usr/bin/env bash
# Prepares DTaaS's own InfluxDB 1.x (Debian's influxdb) with authentication on, in a folder of its
# own, and prints the command that runs it. The admin account is created by the provisioner on its
# first call (InfluxDB 1.x lets the very first user be created without credentials).
#   scripts/influxdb.sh FOLDER HTTP_PORT ADMIN_PASSWORD_FILE [RPC_PORT]
set -euo pipefail
folder="${1:?folder}" port="${2:?http port}" password_file="${3:?admin password file}" rpc_port="${4:-$((port + 1))}"
influxd="$(command -v influxd || echo /usr/bin/influxd)"
[[ -x "$influxd" ]] || { echo "influxd is not installed (apt-get install influxdb)" >&2; exit 1; }
mkdir -p "$folder"/{meta,data,wal} "$(dirname "$password_file")"
if [[ ! -f "$password_file" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
fi
# the RPC port (8088 by default) would collide between instances: a port of its own (./dtaas checks it is free)
cat >"$folder/influxdb.conf" <<CONF
# written by scripts/influxdb.sh
reporting-enabled = false
bind-address = "127.0.0.1:$rpc_port"
[meta]
  dir = "$folder/meta"
[data]
  dir = "$folder/data"
  wal-dir = "$folder/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  auth-enabled = true
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
CONF
echo "$influxd -config $folder/influxdb.conf"
