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
 * Gives a service under test a fresh key pair, as {@code ./dtaas up} would, and points the service's
 * verification (and, for the gateway, its signing) at it.
 */
public class InternalKeysResource implements QuarkusTestResourceLifecycleManager {

    private static Path keyDir;

    @Override
    public Map<String, String> start() {
        try {
            keyDir = InternalKeys.ensure(Files.createTempDirectory("dtaas-keys"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKey().toString(),
                "dtaas.keys-dir", keyDir.toString());
    }

    @Override
    public void stop() {
        // the temp folder is left for the OS: a key of a finished test run is worth nothing
    }

    public static Path privateKey() {
        return keyDir.resolve(InternalToken.PRIVATE_KEY_FILE);
    }

    public static Path publicKey() {
        return keyDir.resolve(InternalToken.PUBLIC_KEY_FILE);
    }
}
