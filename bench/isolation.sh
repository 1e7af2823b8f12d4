#!/usr/bin/env bash
# What isolation costs (bench, not a test): bench/runs.sh and bench/workspaces.sh with users' own
# Unix accounts, per-user limits and a network namespace each (the default when the services run as
# root), then in the host's network (DTAAS_USER_NETWORK=host), then with none of the three. Writes bench/results/isolation.md; the two benches'
# own result files are left as they were.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULT="$ROOT/bench/results/isolation.md"
WORK="$(mktemp -d /tmp/dtaas-isobench.XXXXXX)"
trap 'cp "$WORK/runs.md" "$ROOT/bench/results/runs.md"; cp "$WORK/workspaces.md" "$ROOT/bench/results/workspaces.md"; rm -rf "$WORK"' EXIT
cp "$ROOT/bench/results/runs.md" "$ROOT/bench/results/workspaces.md" "$WORK/"

measure() { # label, then the environment for the services
  local label="$1"; shift
  env "$@" "$ROOT/bench/runs.sh" >/dev/null
  env "$@" "$ROOT/bench/workspaces.sh" >/dev/null
  {
    echo "## $label"
    echo
    echo "| measure | result | target |"
    echo "| --- | --- | --- |"
    grep '^| [a-z0-9]' "$ROOT/bench/results/runs.md" | grep -v '^| measure'
    grep '^| [a-z0-9]' "$ROOT/bench/results/workspaces.md" | grep -v '^| measure'
    # the users' network bridges (one per user, outliving the services for two idle minutes)
    local rss
    rss="$( (ps -C dtaas-netbridge -o rss= || true) | awk '{s+=$1; n++} END {if (n) printf "%d bridges, %.1f MiB RSS together (%.1f MiB each)", n, s/1024, s/1024/n}')"
    [[ -z "$rss" ]] || echo "| network bridges alive after the benches | $rss | |"
    echo
  } >>"$WORK/sections.md"
}

measure "Isolated: own Unix accounts, per-user limits, own network ($( [[ $(id -u) == 0 ]] && echo root || echo not root))" \
  DTAAS_UNIX_ACCOUNTS=auto DTAAS_USER_LIMITS=auto DTAAS_USER_NETWORK=auto
pkill -f -- '--control /run/dtaas/' || true # the next measures start without bridges
measure "Own accounts and limits, the host's network: DTAAS_USER_NETWORK=host" \
  DTAAS_UNIX_ACCOUNTS=auto DTAAS_USER_LIMITS=auto DTAAS_USER_NETWORK=host
measure "Not isolated: DTAAS_UNIX_ACCOUNTS=off DTAAS_USER_LIMITS=off DTAAS_USER_NETWORK=host" \
  DTAAS_UNIX_ACCOUNTS=off DTAAS_USER_LIMITS=off DTAAS_USER_NETWORK=host
{
  echo "# What isolation costs — $(date -u +%Y-%m-%d), $(nproc) cores, by bench/isolation.sh"
  echo
  echo "The same benchmarks (bench/runs.sh, bench/workspaces.sh), each once, with users' own Unix accounts,"
  echo "per-user limits and network namespaces, without the namespaces, and without any. One run each on a"
  echo "shared machine: read differences of a few per cent as noise."
  echo
  cat "$WORK/sections.md"
} >"$RESULT"
cat "$RESULT"
