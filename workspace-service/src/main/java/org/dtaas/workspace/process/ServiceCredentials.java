package org.dtaas.workspace.process;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    public static Map<String, String> of(Path userFolder) {
        Path file = userFolder.resolve(CredentialVariables.JSON_FILE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return CredentialVariables.of(JSON.readValue(file.toFile(), new TypeReference<Map<String, Map<String, String>>>() {
            }));
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return Map.of();
        }
    }
}
