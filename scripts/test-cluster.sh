#!/usr/bin/env bash
# A real single-node Kubernetes control plane on this machine, for the tests and for trying k8s/:
#   scripts/test-cluster.sh build BIN_DIR     builds etcd, kube-apiserver, kube-controller-manager,
#                                             kube-scheduler, kubectl and kwok (k8s/test-cluster/go.mod)
#   scripts/test-cluster.sh up STATE_DIR      starts them; the last line printed is the kubeconfig's path
#   scripts/test-cluster.sh down STATE_DIR    stops them and removes STATE_DIR
#   scripts/test-cluster.sh kubectl STATE_DIR ARGS...
# The binaries are built once per machine from the Go module proxy (BIN_DIR keeps the hash of the
# go.mod and go.sum they came from) and found in DTAAS_TEST_CLUSTER_BIN (default ~/.cache/dtaas/test-cluster).
#
# What it is: the same technique as controller-runtime's envtest plus kwok. The API server is the real
# one, with etcd, RBAC, admission, the controllers (Deployments, ReplicaSets, Jobs, garbage collection,
# service account tokens) and the scheduler; one node is kwok's, which plays the kubelet: pods bound to it
# go Running with an address, but no container runs, no image is pulled, and there is no pod network
# (k8s/test-cluster/kwok.yaml says how statuses move). It does not prove that images start or that
# NetworkPolicies are enforced: that needs a real cluster (docs/admin/install.md, microk8s).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOURCE="$ROOT/k8s/test-cluster"
BIN="${DTAAS_TEST_CLUSTER_BIN:-$HOME/.cache/dtaas/test-cluster}"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

die() { echo "test-cluster: $*" >&2; exit 1; }

source_hash() { cat "$SOURCE/go.mod" "$SOURCE/go.sum" | sha256sum | cut -c1-16; }

cmd_build() {
  local target="${1:-$BIN}" wanted
  wanted="$(source_hash)"
  if [[ -x "$target/kubectl" && "$(cat "$target/.source" 2>/dev/null)" == "$wanted" ]]; then
    echo "built ($("$target/kubectl" version --client 2>/dev/null | sed -n 's/^Client Version: //p') in $target)"
    return 0
  fi
  command -v go >/dev/null || die "Go is needed to build the test cluster (apt-get install golang)"
  mkdir -p "$target"
  rm -rf "$target.partial" && mkdir -p "$target.partial"
  # one go build for all: the packages they share are compiled once. The version is what a release
  # build stamps in (clients and `kubectl version` read it; a module build would say v0.0.0)
  local version minor
  version="$(sed -n 's/^[[:space:]]*k8s.io\/kubernetes \(v[0-9.]*\).*/\1/p' "$SOURCE/go.mod")"
  minor="$(cut -d. -f2 <<<"$version")"
  local stamp="-s"
  for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    stamp+=" -X $package.gitVersion=$version -X $package.gitMajor=1 -X $package.gitMinor=$minor -X $package.gitTreeState=clean"
  done
  (cd "$SOURCE" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags="$stamp" -o "$target.partial/" \
    go.etcd.io/etcd/server/v3 k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl sigs.k8s.io/kwok/cmd/kwok) || return 1
  mv "$target.partial/server" "$target.partial/etcd" # (etcd's main package is its server module)
  rm -rf "$target.old"
  [[ -d "$target" ]] && mv "$target" "$target.old"
  mv "$target.partial" "$target" && rm -rf "$target.old"
  echo "$wanted" >"$target/.source"
  echo "built $("$target/kubectl" version --client | sed -n 's/^Client Version: //p') ($target)"
}

# N distinct free ports (held open together while asked, so the kernel hands out different ones)
free_ports() {
  python3 -c 'import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))' "$1"
}

# until COMMAND succeeds, for at most SECONDS; names WHAT and its log when it does not
await() {
  local seconds="$1" what="$2" log="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "test-cluster: $what did not come up in ${seconds}s; the end of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
}

# the cluster's CA, the API server's certificate, an admin's client certificate and the key that signs
# service account tokens
make_certificates() {
  local pki="$1"
  mkdir -p "$pki"
  (
    cd "$pki"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=dtaas-test-cluster-ca -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile server.ext -out server.crt
    # system:masters: what the controllers, the scheduler, kwok and the tests' admin act as
    openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=dtaas-test-admin" -keyout admin.key -out admin.csr
    printf 'extendedKeyUsage=clientAuth\n' >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile admin.ext -out admin.crt
    openssl genrsa -out service-accounts.key 2048
    openssl rsa -in service-accounts.key -pubout -out service-accounts.pub
  ) >"$pki/openssl.log" 2>&1 || { cat "$pki/openssl.log" >&2; die "certificates could not be made"; }
}

write_kubeconfig() {
  local state="$1" port="$2"
  cat >"$state/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: dtaas-test
    cluster: { server: "https://127.0.0.1:$port", certificate-authority: "$state/pki/ca.crt" }
users:
  - name: admin
    user: { client-certificate: "$state/pki/admin.crt", client-key: "$state/pki/admin.key" }
contexts:
  - name: dtaas-test
    context: { cluster: dtaas-test, user: admin }
current-context: dtaas-test
EOF
  chmod 600 "$state/kubeconfig"
}

start() { # start STATE NAME COMMAND...: in the background, its log in STATE/logs/NAME.log
  local state="$1" name="$2"
  shift 2
  nohup "$@" >"$state/logs/$name.log" 2>&1 &
  echo $! >"$state/pids/$name"
}

cmd_up() {
  local state="${1:?usage: test-cluster.sh up STATE_DIR}" began=$SECONDS
  [[ -x "$BIN/kube-apiserver" ]] || cmd_build "$BIN" >&2 || die "the build failed (above)"
  if [[ -f "$state/kubeconfig" ]] && "$BIN/kubectl" --kubeconfig "$state/kubeconfig" get --raw /readyz >/dev/null 2>&1; then
    echo "already up"
    echo "$state/kubeconfig"
    return 0
  fi
  [[ ! -d "$state/pids" ]] || cmd_down "$state" >/dev/null
  mkdir -p "$state/logs" "$state/pids" "$state/etcd"
  state="$(cd "$state" && pwd)"
  local etcd_port peer_port api_port kwok_port
  read -r etcd_port peer_port api_port kwok_port <<<"$(free_ports 4)"
  echo "$api_port" >"$state/api-port"
  make_certificates "$state/pki"
  local pki="$state/pki"

  start "$state" etcd "$BIN/etcd" --name test --data-dir "$state/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "test=http://127.0.0.1:$peer_port" --listen-metrics-urls "" --log-level warn
  await 30 etcd "$state/logs/etcd.log" curl -fsS "http://127.0.0.1:$etcd_port/health"

  start "$state" kube-apiserver "$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" --cert-dir "$state/pki" \
    --tls-cert-file "$pki/server.crt" --tls-private-key-file "$pki/server.key" --client-ca-file "$pki/ca.crt" \
    --service-account-key-file "$pki/service-accounts.pub" --service-account-signing-key-file "$pki/service-accounts.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local --api-audiences https://kubernetes.default.svc.cluster.local \
    --authorization-mode Node,RBAC --service-cluster-ip-range 10.96.0.0/16 --endpoint-reconciler-type none \
    --kubelet-client-certificate "$pki/admin.crt" --kubelet-client-key "$pki/admin.key" \
    --allow-privileged --profiling=false
  write_kubeconfig "$state" "$api_port"
  local kubectl=("$BIN/kubectl" --kubeconfig "$state/kubeconfig")
  await 90 kube-apiserver "$state/logs/kube-apiserver.log" "${kubectl[@]}" get --raw /readyz

  start "$state" kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$state/kubeconfig" \
    --service-account-private-key-file "$pki/service-accounts.key" --root-ca-file "$pki/ca.crt" \
    --use-service-account-credentials --leader-elect=false --secure-port 0 --controllers '*,-nodeipam'
  start "$state" kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$state/kubeconfig" --leader-elect=false --secure-port 0
  # kwok's config: its stages, and the log file `kubectl logs` answers with
  { cat "$SOURCE/kwok.yaml"
    printf -- '---\napiVersion: kwok.x-k8s.io/v1alpha1\nkind: ClusterLogs\nmetadata: { name: pod-logs }\nspec:\n  logs:\n    - logsFile: %s\n' "$state/pod.log"
  } >"$state/kwok.yaml"
  : >"$state/pod.log"
  start "$state" kwok "$BIN/kwok" --kubeconfig "$state/kubeconfig" --config "$state/kwok.yaml" \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --cidr 10.244.0.1/16 --node-ip 127.0.0.1 \
    --node-port "$kwok_port" --server-address "127.0.0.1:$kwok_port" \
    --tls-cert-file "$pki/server.crt" --tls-private-key-file "$pki/server.key"
  "${kubectl[@]}" apply -f "$SOURCE/node.yaml" >/dev/null
  await 60 "the fake node" "$state/logs/kwok.log" "${kubectl[@]}" wait --for=condition=Ready node/kwok-node --timeout=1s
  # the controllers are up once the default namespace has its service account
  await 60 kube-controller-manager "$state/logs/kube-controller-manager.log" "${kubectl[@]}" get serviceaccount default
  echo "up in $((SECONDS - began))s: $("${kubectl[@]}" version 2>/dev/null | sed -n 's/^Server Version: /Kubernetes /p'), API server https://127.0.0.1:$api_port"
  echo "$state/kubeconfig"
}

cmd_down() {
  local state="${1:?usage: test-cluster.sh down STATE_DIR}" name pid
  [[ -d "$state" ]] || { echo "not up"; return 0; }
  for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    pid="$(cat "$state/pids/$name" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for name in "${COMPONENTS[@]}"; do
    pid="$(cat "$state/pids/$name" 2>/dev/null || true)"
    [[ -n "$pid" ]] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$state"
  echo "down"
}

case "${1:-}" in
  build) cmd_build "${2:-$BIN}" ;;
  up) cmd_up "${2:-}" ;;
  down) cmd_down "${2:-}" ;;
  kubectl) state="${2:?usage: test-cluster.sh kubectl STATE_DIR ARGS...}"; shift 2; exec "$BIN/kubectl" --kubeconfig "$state/kubeconfig" "$@" ;;
  *) echo "usage: test-cluster.sh build [BIN_DIR] | up STATE_DIR | down STATE_DIR | kubectl STATE_DIR ARGS..." >&2; exit 2 ;;
esac
