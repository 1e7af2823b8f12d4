#!/usr/bin/env bash
# CPU profiles of a running JVM for the benches, Java and native frames alike (async-profiler 4.2 from
# Maven Central, itimer sampling: no perf events needed):
#   bench/profile.sh start PID          start sampling (every 1 ms of CPU)
#   bench/profile.sh stop PID FILE      stop and write collapsed stacks to FILE
#   bench/profile.sh summary FILE [N]   where the samples are: the deepest of our frames, a library
#                                       layer, or a system call, N lines
# Why not JFR alone: on JDK 17 its execution sampler skips threads that are in native code, and the
# gateway's event loops spend a third of their time in write(2): JFR saw 769 samples in 160 s of load.
set -euo pipefail
VERSION=4.2
LIB="${DTAAS_PROFILER_LIB:-$HOME/.cache/dtaas/async-profiler-$VERSION/libasyncProfiler.so}"

library() {
  [[ -f "$LIB" ]] && return
  local jar="$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar"
  [[ -f "$jar" ]] || mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION" >&2
  mkdir -p "$(dirname "$LIB")"
  unzip -p "$jar" "linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/libasyncProfiler.so" >"$LIB.part"
  mv "$LIB.part" "$LIB"
}

# the diagnostic command parser splits a bare "a=b,c=d" at '=': the agent's options go quoted
agent() { jcmd "$1" JVMTI.agent_load "$LIB" "\"$2\"" >/dev/null; }

case "${1:-}" in
  start) library; agent "$2" "start,event=itimer,interval=1ms" ;;
  stop) agent "$2" "stop,collapsed,file=$3" ;;
  summary)
    python3 - "$2" "${3:-25}" <<'PY'
import collections, sys
LAYERS = [("io/vertx/ext/web/impl/RoutingContextImpl.next", "vertx-web routing and Quarkus' handlers (security)"),
          ("io/vertx/ext/web/impl/RouterImpl.handle", "vertx-web routing and Quarkus' handlers (security)"),
          ("io/vertx/core/http/impl/Http1xClientConnection", "Vert.x HTTP client connection"),
          ("io/vertx/core/http/impl/Http1xServerConnection", "Vert.x HTTP server connection"),
          ("graphql/", "graphql-java"), ("com/fasterxml/jackson", "Jackson"),
          ("org/jboss/resteasy/reactive", "Quarkus REST (RESTEasy Reactive)"),
          ("io/smallrye/jwt", "smallrye-jwt"), ("jnr/", "jnr (system calls for TrustedTree)"),
          ("org/jboss/threads", "worker pool hand-off")]
SYSCALLS = {"__GI_write": "write(2)", "__GI_read": "read(2)", "epoll_wait": "epoll_wait(2)", "writeBytes": "write(2)"}
where, total = collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(" ")
    frames, count = stack.split(";"), int(count)
    total += count
    place = None
    for frame in reversed(frames):
        if frame.startswith("org/dtaas/") and "Lambda" not in frame and "ClientProxy" not in frame:
            place = frame.replace("/", ".")
        else:
            place = next((name for prefix, name in LAYERS if frame.startswith(prefix)), None)
            if place is None and ("Compile" in frame or "C2Compiler" in frame):
                place = "JIT compiler"
        if place:
            break
    place = place or "Netty event loop, JVM, other"
    if frames[-1] in SYSCALLS:
        place += " - in " + SYSCALLS[frames[-1]]
    where[place] += count
print(f"{total} samples of CPU time (one a kernel timer tick at most, so 4 ms each at HZ=250, not the 1 ms asked)")
for place, count in where.most_common(int(sys.argv[2])):
    print(f"{100 * count / total:5.1f}%  {place}")
PY
    ;;
  *) echo "usage: bench/profile.sh start PID | stop PID FILE | summary FILE [N]" >&2; exit 2 ;;
esac
