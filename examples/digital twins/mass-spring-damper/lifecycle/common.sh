# Shared by the lifecycle programs of this twin (sourced, not run).
set -euo pipefail
TWIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKSPACE="${WORKSPACE:?WORKSPACE is set by the platform: the root of your library}"
MODELS="$WORKSPACE/models"
OUTPUT="$WORKSPACE/data/mass-spring-damper/output"
MAESTRO_JAR_NAME="maestro-2.3.0-jar-with-dependencies.jar"

find_maestro() {
  local candidate
  for candidate in "$WORKSPACE/tools/$MAESTRO_JAR_NAME" "${DTAAS_COMMON:-/nonexistent}/tools/$MAESTRO_JAR_NAME"; do
    if [[ -f "$candidate" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Maestro is not installed: ask your admin to run ./dtaas up (it puts $MAESTRO_JAR_NAME" >&2
  echo "into common/tools/), or upload the jar into your own tools/ folder." >&2
  return 1
}

fmus_built() {
  [[ -f "$MODELS/MassSpringDamper1.fmu" && -f "$MODELS/MassSpringDamper2.fmu" ]]
}
