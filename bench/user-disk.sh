#!/usr/bin/env bash
# What users' own library disks cost (bench, not a test; needs root and loop devices): making a disk
# for a new user (scripts/user-disk.sh ensure), asking again once it is mounted, mounting 20 disks after
# a reboot (mount-all), what an empty 10 GiB disk takes on the host, and sequential write speed (1 GiB,
# fsync'd) on a user's disk against the host's file system beside it. Writes bench/results/user-disk.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULT="$ROOT/bench/results/user-disk.md"
DISK="$ROOT/scripts/user-disk.sh"
"$DISK" available || { echo "bench/user-disk.sh needs root and loop devices" >&2; exit 1; }
HOME_DIR="$(mktemp -d /tmp/dtaas-diskbench.XXXXXX)"
trap '"$DISK" unmount-all "$HOME_DIR"; rm -rf "$HOME_DIR"' EXIT

ms() { local start=$EPOCHREALTIME; "$@" >/dev/null; echo "$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

create=() again=()
for i in $(seq 1 20); do
  create+=("$(ms "$DISK" ensure "$HOME_DIR" "user$i" 10G)")
  again+=("$(ms "$DISK" ensure "$HOME_DIR" "user$i" 10G)")
done
empty_kib="$(du -k "$HOME_DIR/disks/user1.img" | cut -f1)"
"$DISK" unmount-all "$HOME_DIR"
mount_all="$(ms "$DISK" mount-all "$HOME_DIR" 10G)"

write_mib_s() { # folder: MiB/s of a 1 GiB fsync'd write there
  local out
  out="$(dd if=/dev/zero of="$1/write.bin" bs=1M count=1024 conv=fsync 2>&1 | tail -n 1)"
  rm -f "$1/write.bin"
  python3 -c "import sys,re; m=re.search(r'([0-9.]+) s,', sys.argv[1]); print(round(1024/float(m.group(1))))" "$out"
}
own="$(write_mib_s "$HOME_DIR/files/user1")"
mkdir -p "$HOME_DIR/host"
host="$(write_mib_s "$HOME_DIR/host")"

{
  echo "# Users' library disks"
  echo
  echo "\`bench/user-disk.sh\` on $(nproc) cores, $(date -u +%Y-%m-%d); kernel $(uname -r). One run."
  echo
  echo "| measure | result |"
  echo "|---|---|"
  echo "| a new user's disk made and mounted (10 GiB, ensure), median of 20 | $(printf '%s\n' "${create[@]}" | median) ms |"
  echo "| asking again once mounted, median of 20 | $(printf '%s\n' "${again[@]}" | median) ms |"
  echo "| 20 disks mounted after a reboot (mount-all) | $mount_all ms |"
  echo "| an empty 10 GiB disk on the host | $((empty_kib / 1024)) MiB |"
  echo "| 1 GiB written and fsync'd: on a user's disk / on the host's file system | $own / $host MiB/s |"
} >"$RESULT"
cat "$RESULT"
