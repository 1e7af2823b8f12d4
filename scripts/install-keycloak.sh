#!/usr/bin/env bash
# Unpacks Keycloak (org.keycloak:keycloak-quarkus-dist from Maven Central, runs on Java 17) into DIR,
# for the system test that signs in through a real OIDC provider. Idempotent: a finished unpack is kept.
# Usage: scripts/install-keycloak.sh DIR
set -euo pipefail
VERSION=26.7.3
dir="${1:?usage: install-keycloak.sh DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -x "$dir/keycloak-$VERSION/bin/kc.sh" && -f "$dir/keycloak-$VERSION/.unpacked" ]]; then
  echo "Keycloak $VERSION in $dir/keycloak-$VERSION"; exit 0
fi
mkdir -p "$dir"
echo "install-keycloak: fetching Keycloak $VERSION (about 180 MB, once)..."
"$root/mvnw" -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$dir" \
  -Dmdep.overWriteIfNewer=true
rm -rf "$dir/keycloak-$VERSION"
# unpack beside, then move: an interrupted unpack never looks finished
tmp="$(mktemp -d "$dir/unpack.XXXXXX")"
(cd "$tmp" && unzip -q "$dir/keycloak-quarkus-dist-$VERSION.zip")
mv "$tmp/keycloak-$VERSION" "$dir/keycloak-$VERSION"
rmdir "$tmp"
rm -f "$dir/keycloak-quarkus-dist-$VERSION.zip"
touch "$dir/keycloak-$VERSION/.unpacked"
echo "install-keycloak: Keycloak $VERSION in $dir/keycloak-$VERSION"
