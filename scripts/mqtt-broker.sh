#!/usr/bin/env bash
# Prepares DTaaS's own Mosquitto with the dynamic-security plugin (per-user accounts and topic ACLs),
# in a folder of its own; prints the command that runs it.
#   scripts/mqtt-broker.sh FOLDER PORT ADMIN_PASSWORD_FILE
# The machine's own Mosquitto (1883) lets anyone in anonymously and cannot be given per-user
# accounts without changing its system configuration, so the platform runs this one beside it.
set -euo pipefail
folder="${1:?folder}" port="${2:?port}" password_file="${3:?admin password file}"
mosquitto="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
[[ -x "$mosquitto" ]] || { echo "mosquitto is not installed (apt-get install mosquitto)" >&2; exit 1; }
plugin=""
for candidate in /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so /usr/lib/*/mosquitto_dynamic_security.so \
  /usr/lib/mosquitto_dynamic_security.so; do
  [[ -f "$candidate" ]] && { plugin="$candidate"; break; }
done
[[ -n "$plugin" ]] || { echo "the Mosquitto dynamic-security plugin is missing (Mosquitto 2.0 or newer has it)" >&2; exit 1; }
mkdir -p "$folder" "$(dirname "$password_file")"
# DTaaS's own plugins, built here from their sources, once per change: a client id belongs to the
# account that uses it (<username> or <username>/<name>), so nobody can take over another user's client;
# and each account's published messages are counted in $folder/traffic (twin-aware idleness)
scripts="$(cd "$(dirname "$0")" && pwd)"
build_plugin() { # SOURCE PLUGIN
  if [[ ! -f "$2" || "$1" -nt "$2" ]]; then
    [[ -f /usr/include/mosquitto_broker.h ]] || { echo "Mosquitto's plugin headers are missing (apt-get install mosquitto-dev)" >&2; exit 1; }
    gcc -std=c99 -Wall -O2 -shared -fPIC -o "$2.tmp" "$1" && mv "$2.tmp" "$2"
  fi
}
ids_plugin="$folder/dtaas_client_ids.so"
traffic_plugin="$folder/dtaas_traffic.so"
build_plugin "$scripts/mosquitto-client-ids.c" "$ids_plugin"
build_plugin "$scripts/mosquitto-traffic.c" "$traffic_plugin"
if [[ ! -f "$password_file" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
fi
if [[ ! -f "$folder/dynamic-security.json" ]]; then
  mosquitto_ctrl dynsec init "$folder/dynamic-security.json" broker-admin "$(cat "$password_file")" >/dev/null
fi
cat >"$folder/mosquitto.conf" <<CONF
# written by scripts/mqtt-broker.sh
per_listener_settings false
# stay the user who runs it (as root, Mosquitto would switch to "mosquitto", who cannot read this folder)
user $(id -un)
allow_anonymous false
listener $port 127.0.0.1
# first the client-id rule (it only refuses), then the accounts and their topics
plugin $ids_plugin
plugin $traffic_plugin
plugin_opt_traffic_file $folder/traffic
plugin $plugin
plugin_opt_config_file $folder/dynamic-security.json
persistence false
log_dest stdout
CONF
echo "$mosquitto -c $folder/mosquitto.conf"
