#!/usr/bin/env bash
# Installs what `./dtaas test` needs beyond Java and the Maven Wrapper: Debian's chromium for the
# browser tests, and checks node/npm (the web app and playwright-core are built with them).
set -euo pipefail

need_apt=()
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
command -v curl >/dev/null || need_apt+=(curl)
command -v unzip >/dev/null || need_apt+=(unzip) # the Keycloak distribution
command -v gcc >/dev/null || need_apt+=(gcc) # the mass-spring-damper example builds its FMUs
command -v mosquitto_pub >/dev/null || need_apt+=(mosquitto-clients) # the thermostat-mqtt example
command -v influxd >/dev/null || need_apt+=(influxdb) # the provisioner's InfluxDB 1.x tests and ./dtaas up
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)

if ((${#need_apt[@]})); then
  if [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null; then
    echo "install-test-deps: please install: ${need_apt[*]} (apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  echo "install-test-deps: installing ${need_apt[*]} from Debian..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# the workspace tests run the real tools: Jupyter Notebook (and its terminals), the desktop, bubblewrap
need_tools=()
[[ -x /usr/bin/jupyter-notebook ]] || need_tools+=(jupyter-notebook python3-terminado)
[[ -x /usr/bin/Xvfb ]] || need_tools+=(xvfb)
[[ -x /usr/bin/x11vnc ]] || need_tools+=(x11vnc)
[[ -x /usr/bin/websockify ]] || need_tools+=(websockify)
[[ -f /usr/share/novnc/vnc.html ]] || need_tools+=(novnc)
[[ -x /usr/bin/bwrap ]] || need_tools+=(bubblewrap)
if ((${#need_tools[@]})); then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  echo "install-test-deps: installing the workspace tools ${need_tools[*]} from Debian..."
  [[ ${#need_apt[@]} -gt 0 ]] || $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_tools[@]}" >/dev/null
fi
# VS Code (code-server) for the workspace tests, kept outside the checkout (~300 MB, ~1 min once)
"$(dirname "$0")/install-code-server.sh" "$HOME/.cache/dtaas/code-server"
"$(dirname "$0")/install-jupyter-terminal.sh" "$HOME/.cache/dtaas/jupyter-static"

# a real OIDC provider for the sign-in system test (~180 MB, once)
"$(dirname "$0")/install-keycloak.sh" "$HOME/.cache/dtaas/keycloak"

# the provisioner's tests create vhosts and users through RabbitMQ's management API
if command -v rabbitmq-plugins >/dev/null && ! curl -fsS -m 2 -o /dev/null -u guest:guest http://127.0.0.1:15672/api/overview 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    rabbitmq-plugins enable rabbitmq_management >/dev/null || echo "install-test-deps: could not enable rabbitmq_management" >&2
  else
    sudo rabbitmq-plugins enable rabbitmq_management >/dev/null || echo "install-test-deps: could not enable rabbitmq_management" >&2
  fi
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  echo "install-test-deps: Node.js 20 or newer is needed for the web app build (found $(node --version))" >&2
  exit 1
fi
echo "install-test-deps: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $(node --version), ready"
