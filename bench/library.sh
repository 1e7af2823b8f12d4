#!/usr/bin/env bash
# Library benchmark (bench, not a test): the five GraphQL requests upstream libms 0.5.4 was measured
# with (../shared/bench/libms-bodies/: the bodies, the tree of user1 and upstream's figures), wrk -t1
# -c16 -d10s --latency as upstream, both through the gateway (HTTP Basic, as scripts call /lib) and
# straight to the library-service (with the internal token the gateway would send: upstream was
# measured with nothing in front); then a streamed upload + download of a large sparse file through
# the gateway, sampling the RSS of the library-service and the gateway. Writes bench/results/library.md.
# PROFILE=1 samples the library-service's CPU during the direct runs (bench/profile.sh) and writes
# where the time went to bench/results/library-profile.md. Loopback only, bounded.
#   SIZE=10G bench/library.sh   (default SIZE=2G to keep a run short)
set -euo pipefail
# the tools `./dtaas test` installed (up only checks them instead of installing into a fresh home)
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-10s}"
# per request, after 30 s of the first: on 2 cores the gateway's JIT compiler still took a quarter of its
# CPU after 20 s of /lib traffic (async-profiler) and was done after ~80 s; 15 s measured it mid-compile
WARMUP="${WARMUP:-45s}"
SIZE="${SIZE:-2G}"
BODIES="${LIBMS_BODIES:-$ROOT/../shared/bench/libms-bodies}"
[[ -f "$BODIES/ld_user1.json" ]] || { echo "no request bodies in $BODIES (set LIBMS_BODIES)" >&2; exit 1; }
APP="$ROOT/gateway-service/target/quarkus-app"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
WORK="$(mktemp -d /tmp/dtaas-libbench.XXXXXX)"
RESULT="$ROOT/bench/results/library.md"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
export DTAAS_HOME="$WORK/home"
trap '"$ROOT/dtaas" down >/dev/null 2>&1 || true' EXIT # $WORK stays for its logs

"$ROOT/dtaas" up >"$WORK/up.log"
password=$(cut -d: -f2 "$DTAAS_HOME/config/initial-credentials")
GW="http://127.0.0.1:$DTAAS_PORT"
AUTH="Authorization: Basic $(printf 'admin:%s' "$password" | base64 -w0)"
printf 'bench-password-1\n' | "$ROOT/dtaas" user add user1 >/dev/null
USER1="Basic $(printf 'user1:bench-password-1' | base64 -w0)"
# upstream's tree of user1 (README of the bodies), exactly: the listing must have the same 6 entries
tree="$DTAAS_HOME/files/user1"
mkdir -p "$tree"
find "$tree" -mindepth 1 -maxdepth 1 ! -name '.*' -exec rm -rf {} + # the platform's own .dtaas/ stays
mkdir -p "$tree/data" "$tree/digital twins" "$tree/functions" "$tree/models" "$tree/tools/many"
printf '# user1\n' >"$tree/README.md"
for i in $(seq -w 0 999); do printf 'file %03d\n' "$((10#$i))" >"$tree/tools/many/f$i.txt"; done
printf 'hello world' >"$tree/data/welcome.txt"
head -c 10485760 /dev/urandom >"$tree/data/big.bin"
head -c 10485760 /dev/zero | tr '\0' a >"$tree/data/big.txt"
sleep 1.5 # the gateway re-reads users.htpasswd within a second

classpath="$(ls "$APP"/app/*.jar "$APP"/lib/main/*.jar "$APP"/lib/boot/*.jar | tr '\n' ':')"
token() { java -cp "$classpath" "$ROOT/bench/InternalTokenFor.java" "$DTAAS_HOME/config/keys" user1 2>/dev/null; }
script() { # name body-file authorization
  { echo 'wrk.method = "POST"'
    echo 'wrk.headers["Content-Type"] = "application/json"'
    echo "wrk.headers[\"Authorization\"] = \"$3\""
    printf 'wrk.body = [==[%s]==]\n' "$(cat "$2")"; } >"$WORK/$1.lua"
}

# the pid file names the service's supervisor; the JVM is its child
rss_kb() { ps -o rss= -p "$(pgrep -n -P "$(cat "$DTAAS_HOME/run/$1.pid")" java)" | tr -d ' '; }
NAMES=(ld_user1 ld_many rf_welcome rf_big rf_bigtxt)
declare -A RPS P50 P99 ERR SIZE_OF
measure() { # key url name authorization
  local out
  script "$1" "$BODIES/$3.json" "$4"
  # each request must answer data, not errors, before it is timed
  curl -sS -o "$WORK/$1.answer" -H "Authorization: $4" -H 'Content-Type: application/json' \
    --data-binary @"$BODIES/$3.json" "$2"
  [[ "$(head -c 9 "$WORK/$1.answer")" == '{"data":{' ]] || { echo "$1: /lib answered $(head -c 300 "$WORK/$1.answer")" >&2; exit 1; }
  SIZE_OF[$3]=$(stat -c %s "$WORK/$1.answer")
  # warm-up: both JVMs compile what this request needs first (5 s left the 1,000-entry listing's first
  # measured run at half of its second: ~1,000 requests are not enough for the JIT)
  wrk -t1 -c16 -d"$WARMUP" -s "$WORK/$1.lua" "$2" >/dev/null
  local pid; pid=$(pgrep -n -P "$(cat "$DTAAS_HOME/run/library-service.pid")" java)
  if [[ -n "${PROFILE:-}" && "$1" == direct-* ]]; then "$ROOT/bench/profile.sh" start "$pid"; fi
  out=$(wrk -t1 -c16 -d"$DURATION" --latency -s "$WORK/$1.lua" "$2")
  if [[ -n "${PROFILE:-}" && "$1" == direct-* ]]; then "$ROOT/bench/profile.sh" stop "$pid" "$WORK/$1.collapsed"; fi
  ERR[$1]=$(awk '/Non-2xx/ {print $5}' <<<"$out"); ERR[$1]=${ERR[$1]:-0}
  RPS[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  P50[$1]=$(awk '$1=="50%" {print $2}' <<<"$out")
  P99[$1]=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$1: ${RPS[$1]} req/s p50 ${P50[$1]} p99 ${P99[$1]} non-2xx ${ERR[$1]}" >&2
}
# the JVMs need ~30 s of traffic before their JIT settles (measured on 2 cores)
script warm "$BODIES/ld_user1.json" "$USER1"
wrk -t1 -c16 -d30s -s "$WORK/warm.lua" "$GW/lib" >/dev/null
for name in "${NAMES[@]}"; do
  measure "gateway-$name" "$GW/lib" "$name" "$USER1"
  measure "direct-$name" "http://127.0.0.1:$LIBRARY_PORT/lib" "$name" "Bearer $(token)"
done
graphql_rss=$(rss_kb library-service)
if [[ -n "${PROFILE:-}" ]]; then
  {
    echo "# Where the library-service's CPU goes ($(date -u +%Y-%m-%d), bench/library.sh with PROFILE=1, direct runs)"
    echo
    echo "async-profiler, itimer (CPU-time samples; shares, not seconds); each sample goes to the deepest DTaaS frame on its stack, else to the library layer."
    for name in "${NAMES[@]}"; do
      echo; echo "## $name (${RPS[direct-$name]} req/s while sampled)"; echo; echo '```'
      "$ROOT/bench/profile.sh" summary "$WORK/direct-$name.collapsed" 18
      echo '```'
    done
  } >"$ROOT/bench/results/library-profile.md"
fi

# streamed transfer of a sparse file through the gateway, sampling RSS while it runs
truncate -s "$SIZE" "$WORK/big.bin"
bytes=$(stat -c %s "$WORK/big.bin")
sample() { local peak_l=0 peak_g=0 r; while kill -0 "$1" 2>/dev/null; do
  r=$(rss_kb library-service); ((r > peak_l)) && peak_l=$r; r=$(rss_kb gateway-service); ((r > peak_g)) && peak_g=$r; sleep 0.5; done
  echo "$peak_l $peak_g"; }
curl -fsS -o /dev/null -H "$AUTH" -T "$WORK/big.bin" -w '%{time_total}\n' "$GW/api/library/raw/admin/data/big.bin" >"$WORK/up.time" &
read -r up_rss_l up_rss_g < <(sample $!)
wait
curl -fsS -o /dev/null -H "$AUTH" -w '%{time_total} %{size_download}\n' "$GW/api/library/raw/admin/data/big.bin" >"$WORK/down.time" &
read -r down_rss_l down_rss_g < <(sample $!)
wait
up_s=$(cat "$WORK/up.time"); read -r down_s down_bytes <"$WORK/down.time"
[[ "$down_bytes" == "$bytes" ]] || { echo "download returned $down_bytes of $bytes bytes" >&2; exit 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0==0) print "-"; else printf "%.1f", a/b }'; }
declare -A UPSTREAM=([ld_user1]=2200 [ld_many]=35 [rf_welcome]=2260 [rf_big]=1.6 [rf_bigtxt]=8.0)
declare -A LABEL=([ld_user1]="listDirectory user1 (6 entries)" [ld_many]="listDirectory user1/tools/many (1,000)"
  [rf_welcome]="readFile welcome.txt (11 B)" [rf_big]="readFile big.bin (10 MiB binary)" [rf_bigtxt]="readFile big.txt (10 MiB text)")
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1048576 }'; }

{
  echo "# Library benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores by \`bench/library.sh\`: through the gateway (HTTP Basic)"
  echo "and straight to the library-service (internal token), the five upstream request bodies on upstream's tree,"
  echo "wrk -t1 -c16 -d$DURATION --latency after a 30 s + $WARMUP warm-up, services as started by \`./dtaas up\`"
  echo "(service JVM options: ${DTAAS_JAVA_OPTS:-launcher default, -Xmx256m -XX:+UseSerialGC})."
  echo
  echo "| request | answer bytes | upstream libms req/s | gateway req/s | gateway/upstream | gateway p50 | gateway p99 | direct req/s | direct/upstream | direct p50 | direct p99 | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for name in "${NAMES[@]}"; do
    g="gateway-$name"; d="direct-$name"; u=${UPSTREAM[$name]}
    echo "| ${LABEL[$name]} | ${SIZE_OF[$name]} | $u | ${RPS[$g]} | $(ratio "${RPS[$g]}" "$u") | ${P50[$g]} | ${P99[$g]} | ${RPS[$d]} | $(ratio "${RPS[$d]}" "$u") | ${P50[$d]} | ${P99[$d]} | $((ERR[$g] + ERR[$d])) |"
  done
  echo
  echo "Upstream: libms 0.5.4 (Node 20) on this kind of machine with the same bodies, tree and wrk flags"
  echo "(\`../shared/bench/libms-bodies/README.md\`); it could not be run beside ours here (not on the npm registry"
  echo "this machine reaches), so the ratios compare with its recorded figures. Target (issue 20): >= 5x on each."
  echo
  echo "library-service RSS after the GraphQL runs: $((graphql_rss / 1024)) MiB."
  echo
  echo "Streamed transfer of a $SIZE sparse file through the gateway (curl, loopback):"
  echo
  echo "| direction | seconds | MiB/s | peak RSS library-service | peak RSS gateway |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| upload (PUT raw) | $up_s | $(mbps "$bytes" "$up_s") | $((up_rss_l / 1024)) MiB | $((up_rss_g / 1024)) MiB |"
  echo "| download (GET raw) | $down_s | $(mbps "$bytes" "$down_s") | $((down_rss_l / 1024)) MiB | $((down_rss_g / 1024)) MiB |"
  echo
  echo "A transfer larger than the services' heaps shows that nothing holds a whole file in memory."
  echo "Targets (issue 3): >= 5x the upstream figures, >= 1 GB/s streamed."
  echo
  echo "Statuses other than 200 in the gateway's access log of this run:"
  echo
  echo '```'
  grep -h ' /lib ' "$DTAAS_HOME/logs/gateway-service.log" | awk '$(NF-1) != 200' | head -5
  echo '```'
} >"$RESULT"
rm -f "$WORK/big.bin"
cat "$RESULT"
