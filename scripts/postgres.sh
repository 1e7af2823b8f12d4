#!/usr/bin/env bash
# Prepares a PostgreSQL cluster of DTaaS's own (Debian's postgresql-15 binaries) in FOLDER and prints
# the command that runs it on 127.0.0.1:PORT, its socket in FOLDER too:
#   scripts/postgres.sh FOLDER PORT PASSWORD_FILE
# The superuser is "dtaas" with the generated password in PASSWORD_FILE (0600); password
# authentication (scram-sha-256) for every connection. The platform itself keeps its state in H2 by
# default; this is the server its PostgreSQL tests use, and what an admin can run for DTAAS_DB_URL.
# PostgreSQL refuses to run as root: as root the cluster belongs to the "postgres" system user, and the
# folders above FOLDER are made traversable (o+x) for it: give it a folder outside DTAAS_HOME.
set -euo pipefail
folder="${1:?folder}" port="${2:?port}" password_file="${3:?password file}"
bin=""
for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/initdb" ]] && bin="$candidate"; done
[[ -n "$bin" ]] || { echo "PostgreSQL is not installed (apt-get install postgresql-15)" >&2; exit 1; }
mkdir -p "$folder" "$(dirname "$password_file")"
folder="$(cd "$folder" && pwd)"
if [[ ! -s "$password_file" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
fi
run_as=()
if [[ $(id -u) -eq 0 ]]; then
  run_as=(runuser -u postgres --)
  # the server's own user has to reach its folder
  chown postgres: "$folder"
  chmod 700 "$folder"
  parent="$(dirname "$folder")"
  while [[ "$parent" != / ]]; do chmod o+x "$parent" 2>/dev/null || true; parent="$(dirname "$parent")"; done
fi
if [[ ! -f "$folder/data/PG_VERSION" ]]; then
  rm -rf "$folder/data"
  # initdb reads the password from a file its user can open: a copy inside the cluster's folder, gone after
  (umask 077; cp "$password_file" "$folder/initdb-password")
  [[ $(id -u) -ne 0 ]] || chown postgres: "$folder/initdb-password"
  status=0
  "${run_as[@]}" "$bin/initdb" -D "$folder/data" -U dtaas --auth=scram-sha-256 --pwfile="$folder/initdb-password" \
    -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || status=$?
  rm -f "$folder/initdb-password"
  ((status == 0)) || { cat "$folder/initdb.log" >&2; exit 1; }
fi
echo "${run_as[*]} $bin/postgres -D $folder/data -p $port -k $folder -c listen_addresses=127.0.0.1" | sed 's/^ //'
