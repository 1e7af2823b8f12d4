#!/usr/bin/env bash
# Prepares DTaaS's own RabbitMQ (Debian's rabbitmq-server) in a folder of its own and prints the
# command that runs it:
#   scripts/rabbitmq.sh FOLDER AMQP_PORT ADMIN_PASSWORD_FILE [MANAGEMENT_PORT [DIST_PORT]]
# Its data, logs, Erlang cookie and node name are its own, so it never meets a RabbitMQ the machine
# runs. The management plugin is on (the provisioner makes per-user vhosts and accounts through it),
# everything listens on 127.0.0.1 only, and the one account is an administrator "dtaas-admin" with a
# generated password (ADMIN_PASSWORD_FILE, 0600): RabbitMQ's guest/guest is never created.
set -euo pipefail
folder="${1:?folder}" port="${2:?amqp port}" password_file="${3:?admin password file}"
management_port="${4:-$((port + 10000))}"
dist_port="${5:-$((port + 20000))}"
server=/usr/lib/rabbitmq/bin/rabbitmq-server
[[ -x "$server" ]] || { echo "rabbitmq-server is not installed (apt-get install rabbitmq-server)" >&2; exit 1; }
mkdir -p "$folder" "$(dirname "$password_file")"
folder="$(cd "$folder" && pwd)"
if [[ ! -s "$password_file" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
  # the administrator is made when the broker's database is new: a new password needs a new database
  rm -rf "$folder/mnesia"
fi
chmod 600 "$password_file"
mkdir -p "$folder"/{mnesia,log,home}
(umask 077
cat >"$folder/rabbitmq.conf" <<CONF
# written by scripts/rabbitmq.sh
listeners.tcp.default = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management_port
default_user = dtaas-admin
default_pass = $(cat "$password_file")
default_user_tags.administrator = true
default_vhost = /
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.console = true
log.console.level = warning
log.file = false
CONF
)
echo '[rabbitmq_management].' >"$folder/enabled_plugins"
# one node name per broker folder, so several installations share the machine's epmd
node="dtaas-$(printf '%s' "$folder" | sha256sum | cut -c1-10)@localhost"
cat >"$folder/run" <<RUN
#!/bin/sh
# written by scripts/rabbitmq.sh: DTaaS's own RabbitMQ, its state all in $folder
export HOME="$folder/home" RABBITMQ_NODENAME="$node" RABBITMQ_USE_LONGNAME=false
export RABBITMQ_CONFIG_FILE="$folder/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$folder/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$folder/mnesia" RABBITMQ_LOG_BASE="$folder/log" RABBITMQ_DIST_PORT=$dist_port
export RABBITMQ_CONF_ENV_FILE="$folder/rabbitmq-env.conf" RABBITMQ_PID_FILE="$folder/rabbitmq.pid"
export RABBITMQ_ADVANCED_CONFIG_FILE="$folder/advanced.config" ERL_EPMD_ADDRESS=127.0.0.1
# Erlang distribution (node-to-node, the CLI tools) on loopback too
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
# Erlang writes crash dumps (erl_crash.dump, MnesiaCore.*) into its working folder: keep them here
export ERL_CRASH_DUMP="$folder/log/erl_crash.dump"
cd "$folder/log"
exec $server
RUN
: >"$folder/rabbitmq-env.conf"
chmod 700 "$folder/run"
echo "$folder/run"
