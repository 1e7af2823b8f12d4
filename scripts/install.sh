#!/usr/bin/env bash
# Installs what DTaaS needs on this machine, one step a line with the time it took:
#   scripts/install.sh platform TOOLS_DIR   (what ./dtaas up needs: brokers, databases, workspace tools)
#   scripts/install.sh test TOOLS_DIR       (the same, plus chromium, PostgreSQL, Keycloak and the
#                                           Kubernetes test cluster, scripts/test-cluster.sh, for the tests)
# TOOLS_DIR receives what does not come from Debian: the Python environment of the workspaces
# (JupyterLab 4, Notebook 7 and the field's libraries, from PyPI), VS Code (code-server, from npm) and,
# for the tests, Keycloak. Each step is idempotent, so a second run only checks; a step that fails says
# which it was and leaves what an earlier run installed as it was (new installs go to a .partial folder
# and replace the old one only once complete).
# Not root: nothing is installed from Debian; the exact command to run is printed instead, and the
# script goes on with what it can do. Exit status 0 unless a step failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
purpose="${1:?usage: install.sh platform|test TOOLS_DIR}"
tools="${2:?usage: install.sh platform|test TOOLS_DIR}"
failed=()

step() { # step TITLE COMMAND...: runs COMMAND, prints one line with its outcome and duration
  local title="$1" start=$SECONDS output status
  shift
  output="$("$@" 2>&1)"
  status=$?
  if ((status == 0)); then
    printf '  %-44s %s (%ds)\n' "$title" "${output##*$'\n'}" $((SECONDS - start))
  else
    printf '  %-44s FAILED (%ds)\n' "$title" $((SECONDS - start))
    printf '%s\n' "$output" | tail -n 15 | sed 's/^/    | /'
    failed+=("$title")
  fi
  return 0
}

# Debian packages: program (or file) to look for, then the package that brings it
PLATFORM_PACKAGES=(
  rabbitmq-server:rabbitmq-server mosquitto:mosquitto mosquitto_pub:mosquitto-clients
  /usr/include/mosquitto_broker.h:mosquitto-dev /usr/include/mosquitto.h:libmosquitto-dev influxd:influxdb
  Xvfb:xvfb x11vnc:x11vnc websockify:websockify /usr/share/novnc/vnc.html:novnc startxfce4:xfce4 dbus-launch:dbus-x11
  xfce4-terminal:xfce4-terminal bwrap:bubblewrap ip:iproute2 nsenter:util-linux mkfs.ext4:e2fsprogs losetup:mount /usr/lib/python3.11/venv:python3-venv gcc:gcc curl:curl
  # code-server's native modules (scripts/install-code-server.sh) and its search tool
  /usr/include/krb5.h:libkrb5-dev /usr/include/X11/extensions/XKBfile.h:libxkbfile-dev
  /usr/include/libsecret-1:libsecret-1-dev pkg-config:pkg-config rg:ripgrep g++:g++ make:make
)
TEST_PACKAGES=(/usr/bin/chromium:chromium unzip:unzip openssl:openssl /usr/lib/postgresql/15/bin/initdb:postgresql-15)

have() {
  local what="$1"
  if [[ "$what" == /* ]]; then [[ -e "$what" ]]; else command -v "$what" >/dev/null || [[ -x "/usr/sbin/$what" ]]; fi
}

debian_packages() {
  local wanted=() entry
  for entry in "$@"; do have "${entry%%:*}" || wanted+=("${entry##*:}"); done
  if ((${#wanted[@]} == 0)); then echo "all there"; return 0; fi
  if [[ $(id -u) -ne 0 ]]; then
    # (each step runs in a subshell of its own: what it has to say goes into its one line)
    echo "not root; run: sudo apt-get install -y --no-install-recommends ${wanted[*]}"
    return 0
  fi
  # Debian starts a package's service when it installs it (a RabbitMQ with guest/guest, an anonymous
  # Mosquitto on 1883): DTaaS runs its own, so nothing is started here
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1; fi
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${wanted[@]}" >/tmp/dtaas-apt.log 2>&1 || {
    apt-get update -q >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${wanted[@]}" >/tmp/dtaas-apt.log 2>&1
  } || status=$?
  ((made_policy)) && rm -f "$policy"
  if ((status != 0)); then tail -n 10 /tmp/dtaas-apt.log; echo "apt-get install ${wanted[*]} failed"; return 1; fi
  echo "installed ${wanted[*]}"
}

# The workspaces' Python: a virtual environment of Debian's python3 (the sandbox shows /usr, not a
# user's pyenv), rebuilt only when scripts/workspace-python.txt changed.
python_environment() {
  local target="$tools/python" wanted
  wanted="$(sha256sum "$ROOT/scripts/workspace-python.txt" | cut -c1-16)"
  if [[ -x "$target/bin/jupyter-lab" && "$(cat "$target/.dtaas-requirements" 2>/dev/null)" == "$wanted" ]]; then
    lab_settings "$target"
    echo "$(lab_version "$target") in $target"
    return 0
  fi
  [[ -x /usr/bin/python3 && -d /usr/lib/python3.11/venv ]] || { echo "needs Debian's python3-venv first"; return 1; }
  local work
  mkdir -p "$tools"
  # a venv records its own path, so it is built where it will live and the old one kept aside meanwhile
  work="$target.partial"
  rm -rf "$work"
  /usr/bin/python3 -m venv "$work" || return 1
  "$work/bin/pip" install -q --disable-pip-version-check --no-cache-dir -r "$ROOT/scripts/workspace-python.txt" || {
    rm -rf "$work"; echo "pip install -r scripts/workspace-python.txt failed"; return 1; }
  rm -rf "$target.old"
  [[ -d "$target" ]] && mv "$target" "$target.old"
  # the scripts inside name the folder they were built in: rewrite their first line for the final one
  grep -rlI --null "^#!$work/bin/" "$work/bin" | xargs -0 -r sed -i "1s|^#!$work/bin/|#!$target/bin/|"
  sed -i "s|$work|$target|g" "$work/bin/activate" "$work/pyvenv.cfg" 2>/dev/null
  mv "$work" "$target" && rm -rf "$target.old"
  echo "$wanted" >"$target/.dtaas-requirements"
  lab_settings "$target"
  echo "$(lab_version "$target") in $target"
}

# JupyterLab's defaults for every workspace: no news feed and no update check (the machine may not
# reach the internet, and users should not be asked about either)
lab_settings() {
  mkdir -p "$1/share/jupyter/lab/settings"
  cat >"$1/share/jupyter/lab/settings/overrides.json" <<'JSON'
{
  "@jupyterlab/apputils-extension:notification": { "fetchNews": "false", "checkForUpdates": false }
}
JSON
}

# from the installed package's metadata: starting Python to ask would take seconds
lab_version() {
  local info
  info="$(ls -d "$1"/lib/python3*/site-packages/jupyterlab-*.dist-info 2>/dev/null | head -n1)"
  info="${info##*/jupyterlab-}"
  echo "JupyterLab ${info%.dist-info}"
}

code_server() { "$ROOT/scripts/install-code-server.sh" "$tools/code-server" | tail -n 1; }

# dtaas-netbridge (scripts/netbridge, Go's standard library only): the one way between a user's network
# namespace and the host. Built again when its source changed (the source's hash is kept beside it).
netbridge() {
  local target="$tools/bin/dtaas-netbridge" source="$ROOT/scripts/netbridge" wanted
  command -v go >/dev/null || { echo "Go is needed to build it (apt-get install golang, or go.dev/dl)"; return 1; }
  wanted="$(cat "$source"/go.mod "$source"/*.go | sha256sum | cut -c1-16)"
  if [[ -x "$target" && "$(cat "$target.source" 2>/dev/null)" == "$wanted" ]]; then
    echo "built ($target)"
    return 0
  fi
  mkdir -p "$tools/bin"
  (cd "$source" && CGO_ENABLED=0 go build -trimpath -o "$target.partial" .) || return 1
  mv "$target.partial" "$target" && echo "$wanted" >"$target.source"
  echo "built $(go version | cut -d' ' -f3) ($target)"
}
keycloak() { "$ROOT/scripts/install-keycloak.sh" "$tools/keycloak" | tail -n 1; }
test_cluster() { "$ROOT/scripts/test-cluster.sh" build "$tools/test-cluster"; }

node_version() {
  command -v node >/dev/null || { echo "Node.js 20 or newer is needed (apt-get install nodejs npm)"; return 1; }
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  ((major >= 20)) || { echo "Node.js 20 or newer is needed, found $(node --version)"; return 1; }
  echo "node $(node --version)"
}

echo "Installing what DTaaS needs ($purpose; tools in $tools)..."
step "Node.js" node_version
if [[ "$purpose" == test ]]; then
  step "Debian packages" debian_packages "${PLATFORM_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
else
  step "Debian packages" debian_packages "${PLATFORM_PACKAGES[@]}"
fi
step "Python: JupyterLab, Notebook, libraries" python_environment
step "VS Code (code-server)" code_server
step "Network bridge (dtaas-netbridge)" netbridge
[[ "$purpose" == test ]] && step "Keycloak (sign-in system test)" keycloak
# a Kubernetes control plane for the manifests' and the Kubernetes backends' tests (the first build
# takes about 5 minutes on 2 cores; then it is only checked)
[[ "$purpose" == test ]] && step "Kubernetes test cluster (built from Go)" test_cluster

if ((${#failed[@]})); then
  echo "install: these steps failed: ${failed[*]} (see above); what was installed before is unchanged" >&2
  exit 1
fi
