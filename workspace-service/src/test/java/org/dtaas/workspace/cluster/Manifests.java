package org.dtaas.workspace.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** DTaaS's manifests ({@code k8s/}) as an admin would apply them: an overlay with its secrets filled from the example. */
final class Manifests {

    static final Path K8S = TestCluster.ROOT.resolve("k8s");

    private Manifests() {
    }

    /** The overlays in k8s/overlays, by name. */
    static List<String> overlays() {
        try (Stream<Path> entries = Files.list(K8S.resolve("overlays"))) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of k8s/ whose overlay {@code name} has secrets.env from secrets.env.example; the overlay's folder in it. */
    static Path withExampleSecrets(String name) {
        try {
            Path copy = Files.createTempDirectory("dtaas-k8s");
            try (Stream<Path> tree = Files.walk(K8S)) {
                for (Path source : (Iterable<Path>) tree::iterator) {
                    Path target = copy.resolve(K8S.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (!source.getFileName().toString().equals("secrets.env")) { // never a developer's own
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path overlay = copy.resolve("overlays").resolve(name);
            Path example = overlay.resolve("secrets.env.example");
            if (Files.exists(example)) {
                Files.copy(example, overlay.resolve("secrets.env"));
            }
            return overlay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
