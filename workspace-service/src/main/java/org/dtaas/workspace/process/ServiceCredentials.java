package org.dtaas.workspace.process;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.dtaas.files.TrustedTree;
import org.dtaas.services.CredentialVariables;
import org.jboss.logging.Logger;

/**
 * A user's platform-service credentials as environment variables (RABBITMQ_URL, MQTT_PASSWORD, ...),
 * read from the file the provisioner writes into the user's folder. Lifecycle runs and workspace tools
 * (their terminals) start with them.
 */
public final class ServiceCredentials {

    private static final Logger LOG = Logger.getLogger(ServiceCredentials.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceCredentials() {
    }

    /** The document is a few hundred bytes; anything much larger is not the platform's. */
    static final int LIMIT = 256 * 1024;

    /**
     * The user's variables. The user's programs can change their folder: a link planted as
     * {@code .dtaas} or {@code services.json} (say, to another user's) is not followed.
     */
    public static Map<String, String> of(Path userFolder) {
        Path file = userFolder.resolve(CredentialVariables.JSON_FILE);
        if (!Files.isDirectory(userFolder, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        try (TrustedTree library = TrustedTree.open(userFolder)) {
            Optional<TrustedTree> folder = library.folder(file.getParent().getFileName().toString());
            if (folder.isEmpty()) {
                return Map.of();
            }
            Optional<String> document;
            try (TrustedTree dtaas = folder.get()) {
                document = dtaas.readText(file.getFileName().toString(), LIMIT);
            }
            if (document.isEmpty()) {
                return Map.of();
            }
            return CredentialVariables.of(JSON.readValue(document.get(), new TypeReference<Map<String, Map<String, String>>>() {
            }));
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return Map.of();
        }
    }
}
