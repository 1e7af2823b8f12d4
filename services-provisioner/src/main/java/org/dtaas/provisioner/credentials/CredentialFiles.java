package org.dtaas.provisioner.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.services.CredentialVariables;

/**
 * Puts a user's credentials where their workspace and twins read them: {@code .dtaas/services.json}
 * (the credentials document) and {@code .dtaas/services.env} ({@code RABBITMQ_URL=...} lines) in the
 * user's library, both mode 0600, written atomically.
 */
@ApplicationScoped
public class CredentialFiles {

    private final Path files;
    private final ObjectMapper json;

    public CredentialFiles(ProvisionerConfig config, ObjectMapper json) {
        this.files = Path.of(config.filesPath()).toAbsolutePath().normalize();
        this.json = json;
    }

    public void write(String user, Map<String, Map<String, String>> credentials) {
        Path folder = files.resolve(user).resolve(CredentialVariables.JSON_FILE).getParent();
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            replace(folder.resolve("services.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(credentials));
            replace(folder.resolve("services.env"), env(credentials));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the user's credential files are there (a user may have deleted them from their library). */
    public boolean exist(String user) {
        Path folder = files.resolve(user);
        return Files.isRegularFile(folder.resolve(CredentialVariables.JSON_FILE))
                && Files.isRegularFile(folder.resolve(CredentialVariables.ENV_FILE));
    }

    /** {@code RABBITMQ_URL='...'} lines, one per field ({@link CredentialVariables}), quoted for sh. */
    public static String env(Map<String, Map<String, String>> credentials) {
        StringBuilder env = new StringBuilder("# DTaaS platform-service credentials of this user; kept up to date by the platform\n");
        CredentialVariables.of(credentials).forEach((name, value) ->
                env.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        return env.toString();
    }

    private static void replace(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".write-", ".tmp"); // created 0600
        try {
            Files.writeString(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
