#!/usr/bin/env bash
# Writes systemd units that run DTaaS instead of ./dtaas up's own supervisor:
#   scripts/systemd-units.sh ROOT FOLDER ENV_FILE LOG_FOLDER AUX_SERVICE... -- SERVICE...
# dtaas.target wants dtaas-prepare.service (build, disks, keys, installs: ./dtaas prepare), then each
# platform service (./dtaas run NAME, in the foreground) restarted by systemd within 2 s when it ends.
# The workspace-service's unit stops only its own process: runs and their monitors go on through a
# restart, as with ./dtaas down/up. ./dtaas systemd calls this with the installation's settings.
set -euo pipefail
root="${1:?root}" folder="${2:?folder}" env_file="${3:?environment file}" logs="${4:?log folder}"
shift 4
aux=() services=()
while [[ $# -gt 0 && "$1" != -- ]]; do aux+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
services=("$@")
mkdir -p "$folder"

unit_of() { echo "dtaas-$1.service"; }

write() { # FILE: content from stdin, by a rename, so systemd never reads half a unit
  cat >"$folder/$1.tmp" && mv -f "$folder/$1.tmp" "$folder/$1"
}

write dtaas.target <<UNIT
# written by scripts/systemd-units.sh (./dtaas systemd); start with: systemctl start dtaas.target
[Unit]
Description=DTaaS, Digital Twin as a Service
Wants=dtaas-prepare.service $(for s in "${aux[@]}" "${services[@]}"; do printf '%s ' "$(unit_of "$s")"; done)

[Install]
WantedBy=multi-user.target
UNIT

write dtaas-prepare.service <<UNIT
[Unit]
Description=DTaaS: build, users' disks, keys and installs before the services start
PartOf=dtaas.target
After=network.target

[Service]
Type=oneshot
RemainAfterExit=yes
EnvironmentFile=$env_file
ExecStart=$root/dtaas prepare
# users' library disks are unmounted when DTaaS stops (one still in use stays mounted)
ExecStop=$root/dtaas release-disks
TimeoutStartSec=infinity
StandardOutput=append:$logs/prepare.log
StandardError=inherit

[Install]
WantedBy=dtaas.target
UNIT

service_unit() { # NAME AFTER KILL_MODE EXTRA
  write "$(unit_of "$1")" <<UNIT
[Unit]
Description=DTaaS $1
PartOf=dtaas.target
Requires=dtaas-prepare.service
After=dtaas-prepare.service $2
# a service that keeps ending is left stopped after 10 starts in a minute (systemctl status says why)
StartLimitIntervalSec=60
StartLimitBurst=10

[Service]
Type=simple
EnvironmentFile=$env_file
ExecStart=$root/dtaas run $1
$4
Restart=always
RestartSec=2
KillMode=$3
TimeoutStopSec=30
StandardOutput=append:$logs/$1.log
StandardError=inherit

[Install]
WantedBy=dtaas.target
UNIT
}

for s in "${aux[@]}"; do
  extra=""
  # InfluxDB 1.x takes its first admin from anyone: made before any user's code can run
  [[ "$s" != influxdb ]] || extra="ExecStartPost=$root/dtaas after-start $s"
  service_unit "$s" "" control-group "$extra"
done
aux_units="$(for s in "${aux[@]}"; do printf '%s ' "$(unit_of "$s")"; done)"
for s in "${services[@]}"; do
  after="$aux_units"
  # the gateway polls the others: it starts last
  [[ "$s" != gateway-service ]] || after="$after $(for o in "${services[@]}"; do [[ "$o" == "$s" ]] || printf '%s ' "$(unit_of "$o")"; done)"
  mode=control-group
  [[ "$s" != workspace-service ]] || mode=process
  service_unit "$s" "$after" "$mode" ""
done
