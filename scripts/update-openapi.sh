#!/usr/bin/env bash
# Copies the OpenAPI documents the build generated (<service>/target/openapi/) into docs/api/openapi/,
# after an API change: the build itself never writes into tracked files, and OpenApiDocumentsTest
# (system-tests) fails while the two differ. Run after ./mvnw package (or ./dtaas test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for service in gateway-service library-service workspace-service services-provisioner; do
  for kind in yaml json; do
    generated="$root/$service/target/openapi/$service.$kind"
    [[ -f "$generated" ]] || { echo "no $generated: build first (./mvnw -DskipTests package)" >&2; exit 1; }
    cp "$generated" "$root/docs/api/openapi/$service.$kind"
  done
done
echo "docs/api/openapi/ now holds the generated documents; commit them with the API change"
