#!/usr/bin/env bash
# What isolation costs (bench, not a test): bench/runs.sh and bench/workspaces.sh once with users' own
# Unix accounts and per-user limits (the default when the services run as root) and once without
# (DTAAS_UNIX_ACCOUNTS=off DTAAS_USER_LIMITS=off). Writes bench/results/isolation.md; the two benches'
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
    echo
  } >>"$WORK/sections.md"
}

measure "Isolated: own Unix accounts, per-user limits ($( [[ $(id -u) == 0 ]] && echo root || echo not root))" \
  DTAAS_UNIX_ACCOUNTS=auto DTAAS_USER_LIMITS=auto
measure "Not isolated: DTAAS_UNIX_ACCOUNTS=off DTAAS_USER_LIMITS=off" DTAAS_UNIX_ACCOUNTS=off DTAAS_USER_LIMITS=off
{
  echo "# What isolation costs — $(date -u +%Y-%m-%d), $(nproc) cores, by bench/isolation.sh"
  echo
  echo "The same benchmarks (bench/runs.sh, bench/workspaces.sh), each once, with and without users' own"
  echo "Unix accounts and per-user limits. One run each on a shared machine: read differences of a few"
  echo "per cent as noise."
  echo
  cat "$WORK/sections.md"
} >"$RESULT"
cat "$RESULT"
