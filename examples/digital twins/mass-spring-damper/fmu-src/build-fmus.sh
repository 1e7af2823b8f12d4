#!/bin/bash
# Builds MassSpringDamper1.fmu and MassSpringDamper2.fmu from msd.c with gcc into $1 (a folder).
# An FMU is a zip: modelDescription.xml + binaries/linux64/<modelIdentifier>.so
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build-fmus.sh OUTPUT_FOLDER}"
command -v gcc >/dev/null || { echo "gcc is needed to build the FMUs: sudo apt-get install gcc" >&2; exit 1; }
mkdir -p "$out"
for n in 1 2; do
  model="MassSpringDamper$n"
  work="$(mktemp -d)"
  mkdir -p "$work/binaries/linux64"
  gcc -std=gnu99 -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -DMSD=$n \
    -o "$work/binaries/linux64/$model.so" "$here/msd.c"
  cp "$here/$model.xml" "$work/modelDescription.xml"
  rm -f "$out/$model.fmu"
  # zip is not always installed; Python's zipfile and Java's jar are the fallbacks
  if command -v zip >/dev/null; then
    (cd "$work" && zip -q -r "$out/$model.fmu" modelDescription.xml binaries)
  elif command -v python3 >/dev/null; then
    (cd "$work" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write("modelDescription.xml")
    z.write("binaries/linux64/" + sys.argv[2] + ".so")' "$out/$model.fmu" "$model")
  else
    (cd "$work" && jar --create --no-manifest --file "$out/$model.fmu" modelDescription.xml binaries)
  fi
  rm -rf "$work"
  echo "built $out/$model.fmu"
done
