# Sourced by every bench that measures the platform (after setting ROOT): builds and installs the jars
# from the sources as they are now. `./dtaas up` builds only when a jar is missing, so a jar left by an
# older checkout would be measured in place of the change under test (it happened: bench/gateway.sh once
# compared a setting the jar it ran did not have yet).
echo "building the platform as the sources are now (./mvnw install -DskipTests)..." >&2
(cd "$ROOT" && ./mvnw -q -B install -DskipTests) >&2 || { echo "the build failed: nothing measured" >&2; exit 1; }
