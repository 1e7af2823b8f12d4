package org.dtaas.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The environment variables a service reads, for checking deployment files against the code. */
final class ServiceSettings {

    /** Settings read through config mappings (environment form of their property names), not ${VAR} references. */
    static final Set<String> MAPPED = Set.of("DTAAS_HOME", "DTAAS_GATEWAY_LIBRARY_URL",
            "DTAAS_GATEWAY_WORKSPACE_URL", "DTAAS_GATEWAY_PROVISIONER_URL", "QUARKUS_HTTP_SSL_PORT",
            "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES",
            "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED");

    private ServiceSettings() {
    }

    /** What {@code module} reads: its own and platform-identity's ${NAME} references, and the mapped names. */
    static Set<String> readBy(String module) throws IOException {
        Set<String> names = new HashSet<>(referenced(Launcher.ROOT.resolve(module + "/src/main/resources")));
        names.addAll(referenced(Launcher.ROOT.resolve("platform-identity/src/main/resources")));
        names.addAll(MAPPED);
        return names;
    }

    private static Set<String> referenced(Path resources) throws IOException {
        Set<String> names = new HashSet<>();
        if (!Files.isDirectory(resources)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
