#!/usr/bin/env bash
# Each user's library tree and workspace state (HOME, /tmp, tool logs) on a file system of their own,
# so the kernel enforces its size (this machine has no disk quotas; a sparse ext4 image per user on a
# loop device needs root and loop devices only):
#   scripts/user-disk.sh available              exit 0 when this machine can give users disks
#   scripts/user-disk.sh ensure HOME USER SIZE  USER's disk made (SIZE: 10G, 512M ...), grown to SIZE,
#                                               mounted; what is already in files/USER and
#                                               workspaces/USER is moved onto it (deferred while a
#                                               program of the user's runs: it would lose its files)
#   scripts/user-disk.sh mount-all HOME SIZE    every user's disk that exists, mounted (after a reboot)
#   scripts/user-disk.sh unmount-all HOME       every user's disk unmounted (./dtaas down), except
#                                               one still in use (a run goes on through down)
# Layout: HOME/disks/USER.img is the image; it is mounted at HOME/disks/USER (the platform's: the
# library-service stages uploads in its .staging, so they rename into place on the same mount); its
# tree/ is bind-mounted at HOME/files/USER, where every other part of the platform finds the library,
# and its state/ at HOME/workspaces/USER, the workspace's HOME, /tmp and logs.
# A disk grows to a larger SIZE when it is next mounted; it never shrinks (a smaller SIZE is reported).
set -euo pipefail

die() { echo "user-disk: $*" >&2; exit 1; }

available() {
  [[ $(id -u) -eq 0 && -c /dev/loop-control ]] && command -v mkfs.ext4 >/dev/null && command -v resize2fs >/dev/null && command -v e2fsck >/dev/null \
    && command -v losetup >/dev/null && command -v findmnt >/dev/null
}

bytes_of() { numfmt --from=iec "${1^^}" 2>/dev/null || die "not a size: '$1' (e.g. 10G, 512M)"; }

valid_user() { [[ "$1" =~ ^[a-z][a-z0-9_-]{0,31}$ ]] || die "not a user name: '$1'"; }

# OPTIONS for a user's mount: their programs make no devices or setuid files count
MOUNT_OPTIONS=loop,discard,nosuid,nodev

make_image() {
  local image="$1" size="$2" partial="$1.partial" probe
  rm -f "$partial"
  truncate -s "$size" "$partial"
  # -m 0: no blocks kept for root (the library-service writes as root and would get them);
  # the root folder and lost+found are the platform's; lost+found goes (e2fsck makes it again if needed)
  mkfs.ext4 -q -F -m 0 -E root_owner=0:0,lazy_itable_init=1,lazy_journal_init=1 -L dtaas-user "$partial" >/dev/null
  probe="$(mktemp -d)"
  mount -o "$MOUNT_OPTIONS" "$partial" "$probe"
  rmdir "$probe/lost+found"
  mkdir -m 755 "$probe/tree" "$probe/state"
  mkdir -m 700 "$probe/.staging"
  umount "$probe"
  rmdir "$probe"
  mv "$partial" "$image" # the image exists only once it is whole
}

# Grows an unmounted image to SIZE (ext4 grows online only with CAP_SYS_RESOURCE, which services in
# containers often lack: so a mounted disk grows at its next mount, i.e. the next ./dtaas down and up).
grow_unmounted() {
  local image="$1" size="$2" current
  current="$(stat -c %s "$image")"
  if ((size > current)); then
    truncate -s "$size" "$image"
    e2fsck -f -p "$image" >/dev/null 2>&1 || true # resize2fs wants a checked file system
    resize2fs "$image" >/dev/null 2>&1 || die "could not grow $image to $size bytes"
    echo "user-disk: $(basename "$image" .img)'s disk grown to $(numfmt --to=iec "$size")"
  elif ((size < current)); then
    echo "user-disk: $(basename "$image" .img)'s disk stays at $(numfmt --to=iec "$current") (disks never shrink)" >&2
  fi
}

ensure() {
  local home="$1" user="$2" size disks image disk tree
  valid_user "$user"
  size="$(bytes_of "$3")"
  available || die "users' disks need root, /dev/loop-control, mkfs.ext4, e2fsck, resize2fs, losetup and findmnt"
  disks="$home/disks" image="$home/disks/$user.img" disk="$home/disks/$user" tree="$home/files/$user"
  mkdir -p "$disks" "$home/files" "$home/workspaces"
  chmod 700 "$disks"
  # the library-service and the workspace-service may both ask at once: one at a time per user
  exec 9>"$disks/.$user.lock"
  flock 9
  [[ -f "$image" ]] || make_image "$image" "$size"
  mkdir -p "$disk"
  if ! mountpoint -q "$disk"; then
    grow_unmounted "$image" "$size"
    mount -o "$MOUNT_OPTIONS" "$image" "$disk"
    # direct I/O to the image: its pages are cached once (in the user's file system), not twice
    losetup --direct-io=on "$(findmnt -n -o SOURCE --target "$disk")" 2>/dev/null || true
  elif (($(stat -c %s "$image") < size)); then
    echo "user-disk: $user's disk grows to $3 at its next mount (./dtaas down, then up)" >&2
  fi
  [[ -d "$disk/tree" ]] || mkdir -m 755 "$disk/tree"
  [[ -d "$disk/state" ]] || mkdir -m 755 "$disk/state"
  [[ -d "$disk/.staging" ]] || mkdir -m 700 "$disk/.staging"
  local state="$home/workspaces/$user"
  if { ! mountpoint -q "$tree" && needs_moving "$tree"; } || { ! mountpoint -q "$state" && needs_moving "$state"; }; then
    if user_busy "$home" "$user"; then
      # a program that has its files open would write beside the disk, into what is deleted: later
      mountpoint -q "$tree" || umount "$disk"
      echo "user-disk: $user's programs are running; their files move onto their disk when none runs" >&2
      return 0
    fi
  fi
  bind_onto_disk "$disk/tree" "$tree"
  bind_onto_disk "$disk/state" "$state"
}

# True when FOLDER holds something that must move onto the disk first.
needs_moving() {
  [[ -d "$1" && ! -L "$1" && -n "$(ls -A "$1")" ]]
}

# True when a process runs as USER's own Unix account (config/unix-accounts: "name uid" lines).
user_busy() {
  local uid
  uid="$(awk -v u="$2" '$1 == u {print $2}' "$1/config/unix-accounts" 2>/dev/null)"
  [[ -n "$uid" ]] && pgrep -u "$uid" >/dev/null
}

# FOLDER on the disk (ON_DISK) for good: its content from before moved there first (owners, modes and
# links as they are: cp -a never follows a link), then off the shared disk so it counts once.
bind_onto_disk() {
  local on_disk="$1" folder="$2"
  mountpoint -q "$folder" && return 0
  [[ ! -L "$folder" ]] || die "$folder is a link; the platform's own folder must not be (remove it)"
  if [[ -d "$folder" ]]; then
    if needs_moving "$folder"; then
      cp -a "$folder/." "$on_disk/" || die "moving $folder onto its disk failed (is the disk too small?)"
      find "$folder" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +
      echo "user-disk: $folder moved onto its own disk"
    fi
    chown --reference="$folder" "$on_disk"
    chmod --reference="$folder" "$on_disk"
  else
    mkdir -p "$folder"
  fi
  mount --bind "$on_disk" "$folder"
}

mount_all() {
  local home="$1" size="$2" image
  [[ -d "$home/disks" ]] || return 0
  for image in "$home/disks"/*.img; do
    [[ -f "$image" ]] || continue
    ensure "$home" "$(basename "$image" .img)" "$size"
  done
}

unmount_all() {
  local home="$1" image user mount
  [[ -d "$home/disks" ]] || return 0
  for image in "$home/disks"/*.img; do
    [[ -f "$image" ]] || continue
    user="$(basename "$image" .img)"
    # never lazily: a disk detached while a run still writes to it would be mounted a second time by
    # the next up (two loop devices on one ext4 image corrupt it); a disk in use stays mounted instead
    if user_busy "$home" "$user"; then
      echo "user-disk: $user's programs still run (a twin, say): their disk stays mounted" >&2
      continue
    fi
    for mount in "files/$user" "workspaces/$user" "disks/$user"; do
      mountpoint -q "$home/$mount" || continue
      umount "$home/$mount" 2>/dev/null || { echo "user-disk: $home/$mount is in use: $user's disk stays mounted" >&2; break; }
    done
  done
}

case "${1:-}" in
  available) available ;;
  ensure) [[ $# -eq 4 ]] || die "usage: user-disk.sh ensure HOME USER SIZE"; ensure "$2" "$3" "$4" ;;
  mount-all) [[ $# -eq 3 ]] || die "usage: user-disk.sh mount-all HOME SIZE"; mount_all "$2" "$3" ;;
  unmount-all) [[ $# -eq 2 ]] || die "usage: user-disk.sh unmount-all HOME"; unmount_all "$2" ;;
  *) die "usage: user-disk.sh available | ensure HOME USER SIZE | mount-all HOME SIZE | unmount-all HOME" ;;
esac
