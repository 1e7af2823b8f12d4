package org.dtaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway's packages read top-down: each uses only those below it (the top package, with
 * GatewayRouter, uses all). A name of a higher package in a lower one's source is a back edge.
 */
class PackageLayersTest {

    /** Lowest first. */
    private static final List<String> LAYERS = List.of("config", "identity", "web", "routing", "proxy", "oidc", "auth", "cli");

    private static final Pattern USE = Pattern.compile("org\\.dtaas\\.gateway\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        Path root = Path.of("src/main/java/org/dtaas/gateway");
        List<String> backEdges = new ArrayList<>();
        for (String layer : LAYERS) {
            try (Stream<Path> sources = Files.list(root.resolve(layer))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher use = USE.matcher(Files.readString(source));
                    while (use.find()) {
                        String used = use.group(1);
                        if (!used.equals(layer) && (!LAYERS.contains(used) || LAYERS.indexOf(used) > LAYERS.indexOf(layer))) {
                            backEdges.add(layer + "/" + source.getFileName() + " uses " + used);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), backEdges.stream().distinct().toList());
    }
}
