package org.dtaas.identity.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dtaas.identity.InternalKeys;
import org.dtaas.identity.InternalToken;

/**
 * Gives a service under test its own empty DTAAS_HOME with a fresh key pair, as {@code ./dtaas up}
 * would. Test-resource settings outrank environment variables, so a developer's own
 * {@code DTAAS_HOME} is never touched by a test.
 */
public class TestPlatformHome implements QuarkusTestResourceLifecycleManager {

    private static Path home;

    @Override
    public Map<String, String> start() {
        try {
            home = Files.createTempDirectory("dtaas-test-home");
            Path keys = InternalKeys.ensure(home.resolve("config").resolve("keys"));
            Files.createDirectories(home.resolve("files"));
            return Map.of("dtaas.home", home.toString(),
                    "dtaas.keys-dir", keys.toString(),
                    "mp.jwt.verify.publickey.location", keys.resolve(InternalToken.PUBLIC_KEY_FILE).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the temp folder is left for the OS: it holds nothing of value after the run
    }

    public static Path home() {
        return home;
    }

    /** The library root, {@code $DTAAS_HOME/files}. */
    public static Path files() {
        return home.resolve("files");
    }

    public static Path privateKey() {
        return home.resolve("config/keys").resolve(InternalToken.PRIVATE_KEY_FILE);
    }

    public static Path publicKey() {
        return home.resolve("config/keys").resolve(InternalToken.PUBLIC_KEY_FILE);
    }
}
