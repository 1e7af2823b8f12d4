#!/usr/bin/env bash
# Gateway throughput and latency against nginx (bench, not a test).
# A tiny upstream (nginx, 1 worker) serves a 12-byte and a 1 MiB file under /bench/. wrk (1 thread,
# 10 s) asks for them directly, through nginx configured as a reverse proxy (1 worker, keep-alive to
# the upstream), and through the DTaaS gateway (started with ./dtaas up, a fixed route in
# config/routes, a signed-in session cookie), at 16 and 256 connections. HAProxy (1 thread, keep-alive
# and connection reuse to the upstream, X-Forwarded-For, access log on) is the second peer.
# Three JVM reference points follow the gateway at each load (FLOOR=0 skips them): bench/floor/'s bare
# Vert.x proxy, HTTP proxy on Netty's codecs and Netty byte relay, which say how much of a gap to nginx
# is the JVM's, HTTP's and Vert.x'.
# At each load nginx, HAProxy and the gateway take turns ROUNDS times (3): each is reported by its run with
# the median throughput, and the table gives gateway/nginx for every turn.
# PROFILE=1 samples the gateway's CPU during each of its four measured runs (bench/profile.sh) and
# writes where the time went, per load, to bench/results/gateway-profile.md.
# Writes bench/results/gateway.md. Everything runs on loopback; every load is bounded by -d.
set -euo pipefail
# the tools `./dtaas test` installed (up only checks them instead of installing into a fresh home)
export DTAAS_TOOLS="${DTAAS_TOOLS:-$HOME/.cache/dtaas}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DURATION="${DURATION:-10s}"
WORK="$(mktemp -d /tmp/dtaas-bench.XXXXXX)"
RESULT="${RESULT:-$ROOT/bench/results/gateway.md}"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || need+=(haproxy)
if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

# shellcheck source=bench/free-ports.sh
. "$ROOT/bench/free-ports.sh"
# shellcheck source=bench/current-build.sh
. "$ROOT/bench/current-build.sh"
UP_PORT=$(free_port); PROXY_PORT=$(free_port); HAPROXY_PORT=$(free_port)
export DTAAS_HOME="$WORK/home"
# tools on the platform's own origin, so that /bench/... is proxied with the platform's session cookie
# (on an origin per user, the same request is a redirect to bench.localhost: no proxying to measure)
export DTAAS_TOOLS_URL=""

cleanup() {
  "$ROOT/dtaas" down >/dev/null 2>&1 || true
  [[ -f "$WORK/upstream.pid" ]] && kill "$(cat "$WORK/upstream.pid")" 2>/dev/null || true
  [[ -f "$WORK/proxy.pid" ]] && kill "$(cat "$WORK/proxy.pid")" 2>/dev/null || true
  [[ -f "$WORK/haproxy.pid" ]] && kill "$(cat "$WORK/haproxy.pid")" 2>/dev/null || true
  for floor in BareVertxProxy NettyHttpProxy NettyByteRelay; do
    [[ -f "$WORK/$floor.pid" ]] && kill "$(cat "$WORK/$floor.pid")" 2>/dev/null || true
  done
}
trap cleanup EXIT

mkdir -p "$WORK/www/bench" "$WORK/logs"
printf 'hello world\n' >"$WORK/www/bench/small"
head -c 1048576 /dev/urandom >"$WORK/www/bench/1mb"
# nginx workers run as an unprivileged user
chmod 755 "$WORK"; chmod -R a+rX "$WORK/www"

nginx_conf() { # name port body
  cat >"$WORK/$1.conf" <<CONF
worker_processes 1;
pid $WORK/$1.pid;
error_log $WORK/logs/$1-error.log;
events { worker_connections 4096; }
http {
  access_log $WORK/logs/$1-access.log;
  client_body_temp_path $WORK/$1-body; proxy_temp_path $WORK/$1-proxy;
  fastcgi_temp_path $WORK/$1-fcgi; uwsgi_temp_path $WORK/$1-uwsgi; scgi_temp_path $WORK/$1-scgi;
  keepalive_requests 1000000;
  $3
}
CONF
}
nginx_conf upstream "$UP_PORT" "server { listen 127.0.0.1:$UP_PORT; root $WORK/www; }"
nginx_conf proxy "$PROXY_PORT" "upstream up { server 127.0.0.1:$UP_PORT; keepalive 512; }
  server { listen 127.0.0.1:$PROXY_PORT; location / { proxy_pass http://up; proxy_http_version 1.1;
    proxy_set_header Connection \"\"; proxy_set_header X-Forwarded-For \$remote_addr; } }"
"$NGINX" -c "$WORK/upstream.conf"
"$NGINX" -c "$WORK/proxy.conf"
# HAProxy as the second peer: one thread like nginx's one worker, the access log written by the
# same process (stdout to a file, as the gateway's log)
cat >"$WORK/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
  log stdout format raw local0 info
defaults
  mode http
  log global
  option httplog
  option http-keep-alive
  option forwardfor
  http-reuse always
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend up
backend up
  server up 127.0.0.1:$UP_PORT maxconn 512
CONF
"$HAPROXY" -db -f "$WORK/haproxy.cfg" >"$WORK/logs/haproxy-access.log" 2>&1 &
echo $! >"$WORK/haproxy.pid"

"$ROOT/dtaas" up >"$WORK/up.log"
password=$(cut -d: -f2 "$DTAAS_HOME/config/initial-credentials")
# the fixed route sends /bench/... to the upstream, as a workspace route would
echo "bench http://127.0.0.1:$UP_PORT" >"$DTAAS_HOME/config/routes"
printf 'bench-password-1\n' | "$ROOT/dtaas" user add bench >/dev/null
sleep 1.5
GW="http://127.0.0.1:$DTAAS_PORT"
# A browser takes the cookie the gateway re-issues once a minute while a session is used; wrk cannot
# (it would send the first one, and get a new Set-Cookie, signed, with every answer after a minute).
# So each measured run signs in afresh: 15 s of load stays inside one cookie's first minute.
sign_in() {
  curl -fsS -c - -o /dev/null -H "Origin: $GW" -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-password-1"}' "$GW/auth/login" | awk '/dtaas_session/ {print $7}'
}
cookie=$(sign_in)
status=$(curl -sS -o /dev/null -w '%{http_code}' -b "dtaas_session=$cookie" "$GW/bench/small")
[[ "$status" == 200 ]] || { echo "the gateway answers /bench/small with $status, not 200 (see $DTAAS_HOME/logs)" >&2; exit 1; }

# warm the gateway's JIT before measuring: on 2 shared cores C2 kept compiling for ~50 s of traffic
# (jstat -compiler: 0.8 s of compiling in the first 10 s, 0.1 s in each of the next three, 0.02 s after)
wrk -t1 -c16 -d60s -H "Cookie: dtaas_session=$cookie" "$GW/bench/small" >/dev/null
wrk -t1 -c16 -d10s -H "Cookie: dtaas_session=$cookie" "$GW/bench/1mb" >/dev/null

# (the pid file names the service's supervisor; the JVM is its child)
gateway_pid=$(pgrep -n -P "$(cat "$DTAAS_HOME/run/gateway-service.pid")" java)
nginx_proxy_pid=$(pgrep -n -P "$(cat "$WORK/proxy.pid")")  # its one worker
haproxy_pid=$(cat "$WORK/haproxy.pid")

# Three reference points on the JVM (bench/floor/, not parts of the platform), with as many event loops
# as the gateway: the least a Vert.x reverse proxy does (what the gateway is built on, minus all of the
# gateway's own work), the least an HTTP proxy on Netty's own codecs does (no Vert.x), and a Netty relay
# that passes bytes without reading HTTP (the JVM's floor). They say how much of a gap to nginx is the
# gateway's own, how much Vert.x' and how much HTTP's on the JVM.
FLOOR="${FLOOR:-1}"
if [[ "$FLOOR" == 1 ]]; then
  APP="$ROOT/gateway-service/target/quarkus-app"
  floor_cp="$(ls "$APP"/lib/main/*.jar "$APP"/lib/boot/*.jar | tr '\n' ':')"
  floor_loops="${DTAAS_GATEWAY_EVENT_LOOPS:-$(nproc)}"
  BARE_PORT=$(free_port); NETTY_PORT=$(free_port); RELAY_PORT=$(free_port)
  for program in "BareVertxProxy $BARE_PORT" "NettyHttpProxy $NETTY_PORT" "NettyByteRelay $RELAY_PORT"; do
    set -- $program
    # the gateway's Netty flags (./dtaas), so that both allocate buffers the same way
    java -Xmx512m -XX:+UseParallelGC -Dio.netty.tryReflectionSetAccessible=true --add-opens java.base/java.nio=ALL-UNNAMED \
      --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp "$floor_cp" "$ROOT/bench/floor/$1.java" "$2" "$UP_PORT" "$floor_loops" \
      >"$WORK/logs/$1.log" 2>&1 &
    echo $! >"$WORK/$1.pid"
  done
  for port in $BARE_PORT $NETTY_PORT $RELAY_PORT; do
    for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/bench/small" 2>/dev/null && break; sleep 0.2; done
    wrk -t1 -c16 -d20s "http://127.0.0.1:$port/bench/small" >/dev/null
  done
  bare_pid=$(cat "$WORK/BareVertxProxy.pid"); netty_pid=$(cat "$WORK/NettyHttpProxy.pid"); relay_pid=$(cat "$WORK/NettyByteRelay.pid")
fi
# CPU a process has used so far (all threads), in clock ticks: user and system
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
declare -A RPS P50 P99 TPUT CPU_US
run() { # key url connections [proxy-pid [header]]: CPU_US = the proxy's CPU per answered request, in µs (user + system)
  local out before="0 0"
  [[ -n "${4:-}" ]] && before=$(cpu_ticks "$4")
  if [[ -n "${5:-}" ]]; then out=$(wrk -t1 -c"$3" -d"$DURATION" --latency -H "$5" "$2"); else out=$(wrk -t1 -c"$3" -d"$DURATION" --latency "$2"); fi
  RPS[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  TPUT[$1]=$(awk '/Transfer\/sec/ {print $2}' <<<"$out")
  P50[$1]=$(awk '$1=="50%" {print $2}' <<<"$out")
  P99[$1]=$(awk '$1=="99%" {print $2}' <<<"$out")
  CPU_US[$1]="-"
  if [[ -n "${4:-}" ]]; then
    CPU_US[$1]=$(awk -v b="$before" -v a="$(cpu_ticks "$4")" -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
      'BEGIN { split(b, x, " "); split(a, y, " "); u = (y[1] - x[1]) / hz * 1e6 / n; s = (y[2] - x[2]) / hz * 1e6 / n
               printf "%.1f (%.1f + %.1f)", u + s, u, s }')
  fi
  echo "$1: ${RPS[$1]} req/s, ${TPUT[$1]}/s, p50 ${P50[$1]}, p99 ${P99[$1]}, proxy CPU ${CPU_US[$1]} us/request" >&2
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b+0==0) print "-"; else printf "%.2f", a/b }'; }
# the round of a proxy's runs with the median throughput stands for it: all its figures come from that run
median_round() { # proxy body conns
  for r in $(seq "$ROUNDS"); do echo "${RPS[$1-$2-$3-$r]} $r"; done | sort -g | awk '{r[NR]=$2} END {print r[int((NR+1)/2)]}'
}
keep_median() { # proxy body conns
  local r; r=$(median_round "$1" "$2" "$3")
  RPS[$1-$2-$3]=${RPS[$1-$2-$3-$r]}; TPUT[$1-$2-$3]=${TPUT[$1-$2-$3-$r]}; P50[$1-$2-$3]=${P50[$1-$2-$3-$r]}
  P99[$1-$2-$3]=${P99[$1-$2-$3-$r]}; CPU_US[$1-$2-$3]=${CPU_US[$1-$2-$3-$r]}
}
declare -A ROUND_RATIOS ROUND_RATIOS_HAPROXY
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# LOADS="small-16 small-256" measures only those (quick comparisons of gateway settings)
LOADS="${LOADS:-small-16 small-256 1mb-16 1mb-256}"
# nginx, HAProxy and the gateway take turns, ROUNDS times per load: the machine's load drifts by ±10% over
# minutes (nginx against itself), so one run each, minutes apart, decided a ratio near 1 by chance
ROUNDS="${ROUNDS:-3}"
for load in $LOADS; do
  body=${load%-*}; c=${load#*-}
  run "direct-$body-$c" "http://127.0.0.1:$UP_PORT/bench/$body" "$c"
  for round in $(seq "$ROUNDS"); do
    run "nginx-$body-$c-$round" "http://127.0.0.1:$PROXY_PORT/bench/$body" "$c" "$nginx_proxy_pid"
    run "haproxy-$body-$c-$round" "http://127.0.0.1:$HAPROXY_PORT/bench/$body" "$c" "$haproxy_pid"
    cookie=$(sign_in)
    if ((round == 1)); then
      # 5 s of the same load first, as bench/library.sh does: the JIT re-compiles for each load (profiled:
      # up to 13% of the gateway's CPU was C2 still at work in a run measured straight after another load)
      wrk -t1 -c"$c" -d5s -H "Cookie: dtaas_session=$cookie" "$GW/bench/$body" >/dev/null
      if [[ -n "${PROFILE:-}" ]]; then "$ROOT/bench/profile.sh" start "$gateway_pid"; fi
    fi
    run "gateway-$body-$c-$round" "$GW/bench/$body" "$c" "$gateway_pid" "Cookie: dtaas_session=$cookie"
    if ((round == 1)) && [[ -n "${PROFILE:-}" ]]; then "$ROOT/bench/profile.sh" stop "$gateway_pid" "$WORK/gateway-$body-$c.collapsed"; fi
    ROUND_RATIOS[$body-$c]+="$(ratio "${RPS[gateway-$body-$c-$round]}" "${RPS[nginx-$body-$c-$round]}") "
    ROUND_RATIOS_HAPROXY[$body-$c]+="$(ratio "${RPS[gateway-$body-$c-$round]}" "${RPS[haproxy-$body-$c-$round]}") "
  done
  for proxy in nginx haproxy gateway; do keep_median "$proxy" "$body" "$c"; done
  if [[ "$FLOOR" == 1 ]]; then
    wrk -t1 -c"$c" -d5s "http://127.0.0.1:$BARE_PORT/bench/$body" >/dev/null
    run "bare-$body-$c" "http://127.0.0.1:$BARE_PORT/bench/$body" "$c" "$bare_pid"
    wrk -t1 -c"$c" -d5s "http://127.0.0.1:$NETTY_PORT/bench/$body" >/dev/null
    run "netty-$body-$c" "http://127.0.0.1:$NETTY_PORT/bench/$body" "$c" "$netty_pid"
    wrk -t1 -c"$c" -d5s "http://127.0.0.1:$RELAY_PORT/bench/$body" >/dev/null
    run "relay-$body-$c" "http://127.0.0.1:$RELAY_PORT/bench/$body" "$c" "$relay_pid"
  fi
done
if [[ -n "${PROFILE:-}" ]]; then
  {
    echo "# Where the gateway's CPU goes ($(date -u +%Y-%m-%d), bench/gateway.sh with PROFILE=1)"
    echo
    echo "async-profiler, itimer (CPU-time samples; shares, not seconds); each sample goes to the deepest DTaaS frame on its stack, else to the library layer."
    for load in $LOADS; do
      body=${load%-*}; c=${load#*-}
      echo; echo "## $body, $c connections (${RPS[gateway-$body-$c-1]} req/s while sampled, its first turn)"; echo; echo '```'
      "$ROOT/bench/profile.sh" summary "$WORK/gateway-$body-$c.collapsed" 18
      echo '```'
    done
  } >"${PROFILE_RESULT:-$ROOT/bench/results/gateway-profile.md}"
fi

ms() { # wrk latency (us/ms/s) -> ms
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n*=1000; printf "%.3f", n }'
}
{
  echo "# Gateway benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(uname -m)), by \`bench/gateway.sh\`: wrk -t1 -d$DURATION on the same machine,"
  echo "upstream nginx $("$NGINX" -v 2>&1 | sed 's#.*/##') (1 worker) serving a 12-byte and a 1 MiB file; nginx as reverse proxy with 1 worker and"
  echo "upstream keep-alive; HAProxy $("$HAPROXY" -v 2>&1 | awk 'NR==1 {print $3}') with 1 thread, connection reuse and its access log; the DTaaS"
  echo "gateway as started by \`./dtaas up\` (session cookie checked per request, fixed route, access log on)."
  echo
  echo "| body | conns | direct req/s | nginx req/s | haproxy req/s | gateway req/s | gateway/nginx | gateway/nginx by round | gateway/haproxy | nginx p50 ms | haproxy p50 ms | gateway p50 ms | nginx p99 ms | haproxy p99 ms | gateway p99 ms | nginx transfer/s | gateway transfer/s | nginx CPU µs/req | haproxy CPU µs/req | gateway CPU µs/req |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for load in $LOADS; do
    body=${load%-*}; c=${load#*-}
    d="direct-$body-$c"; n="nginx-$body-$c"; h="haproxy-$body-$c"; g="gateway-$body-$c"
    echo "| $body | $c | ${RPS[$d]} | ${RPS[$n]} | ${RPS[$h]} | ${RPS[$g]} | $(median <<<"${ROUND_RATIOS[$body-$c]}") | ${ROUND_RATIOS[$body-$c]% } | $(median <<<"${ROUND_RATIOS_HAPROXY[$body-$c]}") | $(ms "${P50[$n]}") | $(ms "${P50[$h]}") | $(ms "${P50[$g]}") | $(ms "${P99[$n]}") | $(ms "${P99[$h]}") | $(ms "${P99[$g]}") | ${TPUT[$n]} | ${TPUT[$g]} | ${CPU_US[$n]} | ${CPU_US[$h]} | ${CPU_US[$g]} |"
  done
  echo
  echo "Target (issue 20): at every load, gateway throughput >= nginx's and gateway p50 <= nginx's."
  echo "nginx, HAProxy and the gateway took turns $ROUNDS times at each load. gateway/nginx and gateway/haproxy are the"
  echo "medians of the ratios within each turn (\"by round\" lists gateway/nginx's: the machine's own drift shows there);"
  echo "every other figure of a proxy is that of its run with the median throughput."
  echo "CPU µs/req: the proxy process's CPU during the run over the requests answered, as total (user + system):"
  echo "all its threads, the kernel's work for its sockets on loopback included. It decides throughput when the"
  echo "proxy shares the cores with wrk and the upstream."
  echo "wrk, nginx and the JVM share the cores, so the figures are relative, not absolute. The gateway is"
  echo "warmed with 70 s of traffic first and 5 s of each load before it is measured; it errs against itself"
  echo "on the access log (a line per request, on)."
  echo
  echo "Gateway answers in its access log: $(grep -c ' bench ' "$DTAAS_HOME/logs/gateway-service.log" || true) proxied, of which"
  echo "$(grep ' bench ' "$DTAAS_HOME/logs/gateway-service.log" | awk '$(NF-1) != 200 && $(NF-1) != 499' | wc -l) not 200 (wrk counts no 3xx as errors: a redirect must not pass for a proxied answer)"
  echo "and $(grep ' bench ' "$DTAAS_HOME/logs/gateway-service.log" | awk '$(NF-1) == 499' | wc -l) logged 499: requests wrk still had open when a run ended, left before the tool answered."
  if [[ "$FLOOR" == 1 ]]; then
    echo
    echo "## Reference points on the JVM (bench/floor/: not products, no sign-in, routing or log)"
    echo
    echo "Bare Vert.x proxy: the gateway's HTTP server and client with none of the gateway's work. Netty HTTP proxy:"
    echo "requests and answers decoded and encoded by Netty's HTTP codecs, headers copied, pooled upstream connections,"
    echo "no Vert.x. Netty byte relay: one upstream connection per client connection, bytes passed unread (no HTTP at"
    echo "all): the JVM's floor."
    echo "All three with the gateway's event loops ($floor_loops) and Netty flags, measured right after the gateway at each load."
    echo
    echo "| body | conns | nginx req/s | bare Vert.x req/s | bare/nginx | Netty HTTP req/s | Netty HTTP/nginx | relay req/s | relay/nginx | bare p50 ms | Netty HTTP p50 ms | relay p50 ms | nginx CPU µs/req | gateway CPU µs/req | bare CPU µs/req | Netty HTTP CPU µs/req | relay CPU µs/req |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for load in $LOADS; do
      body=${load%-*}; c=${load#*-}
      n="nginx-$body-$c"; g="gateway-$body-$c"; b="bare-$body-$c"; t="netty-$body-$c"; r="relay-$body-$c"
      echo "| $body | $c | ${RPS[$n]} | ${RPS[$b]} | $(ratio "${RPS[$b]}" "${RPS[$n]}") | ${RPS[$t]} | $(ratio "${RPS[$t]}" "${RPS[$n]}") | ${RPS[$r]} | $(ratio "${RPS[$r]}" "${RPS[$n]}") | $(ms "${P50[$b]}") | $(ms "${P50[$t]}") | $(ms "${P50[$r]}") | ${CPU_US[$n]} | ${CPU_US[$g]} | ${CPU_US[$b]} | ${CPU_US[$t]} | ${CPU_US[$r]} |"
    done
  fi
} >"$RESULT"
cat "$RESULT"
