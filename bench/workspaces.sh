#!/usr/bin/env bash
# Workspace benchmark (bench, not a test), local backend, through the gateway:
#  - start to ready: POST start until the terminal answers, and until every installed tool answers (3 times)
#  - memory of one running workspace (all its programs and their children)
#  - 20 workspaces started together: time until all are ready, memory of all
# Needs the workspace tools (./dtaas install, or scripts/install.sh test ~/.cache/dtaas). Writes bench/results/workspaces.md.
set -euo pipefail
# the tools `./dtaas test` installed (up only checks them instead of installing into a fresh home)
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/dtaas-wsbench.XXXXXX)"
RESULT="$ROOT/bench/results/workspaces.md"
# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
export DTAAS_HOME="$WORK/home"
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true' EXIT

"$ROOT/dtaas" up >"$WORK/up.log"
GW="http://127.0.0.1:$DTAAS_PORT"
users=()
for i in $(seq -w 1 20); do
  echo "bench-password-$i" | "$ROOT/dtaas" user add "bench$i" >/dev/null
  users+=("bench$i:Basic $(printf 'bench%s:bench-password-%s' "$i" "$i" | base64 -w0)")
done
sleep 2 # the gateway re-reads users.htpasswd within a second
client() { python3 "$ROOT/bench/workspaces_client.py" "$GW" "$DTAAS_HOME" "$@"; }
auth1="Basic $(printf 'bench01:bench-password-01' | base64 -w0)"
singles=()
for run in 1 2 3; do singles+=("$(client single bench01 "$auth1")"); sleep 2; done
together=$(client together "${users[@]}")
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
tools=$(curl -s -H "Authorization: $auth1" "$GW/api/workspaces/bench01" | python3 -c \
  'import json,sys; print(", ".join(t["title"] for t in json.load(sys.stdin)["tools"] if t["available"]))')
{
  echo "# Workspaces (local backend) — $(date -u +%Y-%m-%d), $(nproc) cores, through the gateway"
  echo
  echo "Tools installed: $tools. Sandbox: bubblewrap. Client: bench/workspaces_client.py polling every 50 ms."
  echo
  echo "| measure | result | target |"
  echo "| --- | --- | --- |"
  for i in 0 1 2; do
    echo "| start → terminal ready (run $((i + 1))) | $(field "${singles[$i]}" terminal_s) s; all tools ready $(field "${singles[$i]}" all_tools_s) s | < 5 s |"
  done
  echo "| memory of one running workspace | $(field "${singles[2]}" rss_mib) MiB RSS in $(field "${singles[2]}" processes) processes | |"
  echo "| 20 workspaces started together | all ready after $(field "$together" wall_s) s (terminal p50 $(field "$together" terminal_p50_s) s, max $(field "$together" terminal_max_s) s), $(field "$together" failed) failed | |"
  echo "| memory of the 20 | $(field "$together" rss_total_mib) MiB RSS | |"
} >"$RESULT"
cat "$RESULT"
