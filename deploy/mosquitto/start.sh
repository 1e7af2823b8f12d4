#!/bin/sh
# Mosquitto with dynamic security for DTaaS (per-user accounts made by the provisioner as broker-admin).
set -e
if [ ! -f /mosquitto/data/dynamic-security.json ]; then
  mosquitto_ctrl dynsec init /mosquitto/data/dynamic-security.json broker-admin "$(cat /run/secrets/mqtt_admin_password)"
fi
cat > /mosquitto/data/mosquitto.conf <<CONF
per_listener_settings false
allow_anonymous false
listener 1883
plugin /usr/lib/mosquitto_dynamic_security.so
plugin_opt_config_file /mosquitto/data/dynamic-security.json
persistence true
persistence_location /mosquitto/data/
log_dest stdout
CONF
exec mosquitto -c /mosquitto/data/mosquitto.conf
