package org.dtaas.provisioner.rabbitmq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Signs management API calls in as the broker's administrator. Its password is read from its file at
 * each call (a rotated password is used at once), or, for a broker elsewhere, given as a setting.
 */
@ApplicationScoped
public class RabbitMqAdminHeaders implements ClientHeadersFactory {

    private final ProvisionerConfig.RabbitMq config;

    public RabbitMqAdminHeaders(ProvisionerConfig config) {
        this.config = config.rabbitmq();
    }

    /** The password file, when it is there to be read. */
    private Optional<Path> passwordFile() {
        return config.adminPasswordFile().map(Path::of).filter(Files::isReadable);
    }

    /** Whether an admin password is known at all. */
    boolean configured() {
        return passwordFile().isPresent() || config.adminPassword().filter(p -> !p.isBlank()).isPresent();
    }

    private String password() throws IOException {
        Optional<Path> file = passwordFile();
        if (file.isPresent()) {
            return Files.readString(file.get(), StandardCharsets.UTF_8).strip();
        }
        return config.adminPassword().filter(p -> !p.isBlank()).orElseThrow(() -> new IllegalStateException(
                "RabbitMQ's admin password is unknown: set RABBITMQ_ADMIN_PASSWORD_FILE (or RABBITMQ_ADMIN_PASSWORD)"));
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        try {
            String basic = config.adminUser() + ":" + password();
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            return headers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
