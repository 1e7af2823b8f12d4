package org.dtaas.gateway.auth;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.dtaas.gateway.config.GatewayConfig;

/**
 * The token a metrics scraper sends for {@code /q/metrics} without an account, as
 * {@code Authorization: Scrape <token>} (Prometheus: {@code authorization: {type: Scrape, credentials_file: ...}};
 * not "Bearer", which an OIDC provider's check would take for its own): {@code $DTAAS_HOME/config/metrics-token},
 * made on first start, mode 0600. Being on the same machine proves nothing: users' code runs there too.
 */
@Singleton
public class MetricsScrapeToken {

    static final String FILE = "metrics-token";
    private final byte[] token;

    public MetricsScrapeToken(GatewayConfig config) {
        Path file = Path.of(config.home(), "config", FILE);
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Path temp = Files.createTempFile(file.getParent(), ".metrics-token", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                try {
                    Files.move(temp, file); // another replica may have made it first: keep that one
                } catch (java.nio.file.FileAlreadyExistsException other) {
                    Files.deleteIfExists(temp);
                }
            }
            this.token = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String SCHEME = "Scrape ";

    /** Whether {@code authorization} (the request's header) is {@code Scrape <the token>}. */
    public boolean presentedIn(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return false;
        }
        byte[] presented = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return token.length > 0 && MessageDigest.isEqual(presented, token);
    }
}
