package org.dtaas.provisioner.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.dtaas.files.TrustedTree;
import org.dtaas.files.UnixAccounts;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.services.CredentialVariables;

/**
 * Puts a user's credentials where their workspace and twins read them: {@code .dtaas/services.json}
 * (the credentials document) and {@code .dtaas/services.env} ({@code RABBITMQ_URL=...} lines) in the
 * user's library, both mode 0600, written atomically. The library is the user's to change, so the
 * files are written through {@link TrustedTree}: a link planted as {@code .dtaas} or as one of the
 * files is replaced, never written through or chmod-ed.
 */
@ApplicationScoped
public class CredentialFiles {

    private static final String FOLDER = Path.of(CredentialVariables.JSON_FILE).getParent().toString();
    private static final String JSON = Path.of(CredentialVariables.JSON_FILE).getFileName().toString();
    private static final String ENV = Path.of(CredentialVariables.ENV_FILE).getFileName().toString();
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private final Path files;
    private final ObjectMapper json;
    private final UnixAccounts accounts;

    public CredentialFiles(ProvisionerConfig config, ObjectMapper json,
            @ConfigProperty(name = "dtaas.home") String home, @ConfigProperty(name = "dtaas.unix-accounts") String accounts,
            @ConfigProperty(name = "dtaas.uid-base") int uidBase) {
        this.files = Path.of(config.filesPath()).toAbsolutePath().normalize();
        this.json = json;
        this.accounts = UnixAccounts.of(Path.of(home), accounts, uidBase);
    }

    public void write(String user, Map<String, Map<String, String>> credentials) {
        Path library = files.resolve(user);
        try {
            Files.createDirectories(library);
            // the user's own account reads them (their code runs as it); nobody else can
            int uid = accounts.uidOf(user).orElse(-1);
            try (TrustedTree tree = TrustedTree.open(library);
                    TrustedTree folder = tree.ensureFolder(FOLDER, PosixFilePermissions.fromString("rwx------"))) {
                if (uid >= 0) {
                    folder.setOwner(uid);
                }
                folder.writeAtomically(JSON, json.writerWithDefaultPrettyPrinter().writeValueAsString(credentials), OWNER_ONLY, uid);
                folder.writeAtomically(ENV, env(credentials), OWNER_ONLY, uid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the user's credential files are there (a user may have deleted them from their library). */
    public boolean exist(String user) {
        Path library = files.resolve(user);
        if (!Files.isDirectory(library, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (TrustedTree tree = TrustedTree.open(library)) {
            Optional<TrustedTree> folder = tree.folder(FOLDER);
            if (folder.isEmpty()) {
                return false;
            }
            try (TrustedTree dtaas = folder.get()) {
                return dtaas.entry(JSON).filter(BasicFileAttributes::isRegularFile).isPresent()
                        && dtaas.entry(ENV).filter(BasicFileAttributes::isRegularFile).isPresent();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code RABBITMQ_URL='...'} lines, one per field ({@link CredentialVariables}), quoted for sh. */
    public static String env(Map<String, Map<String, String>> credentials) {
        StringBuilder env = new StringBuilder("# DTaaS platform-service credentials of this user; kept up to date by the platform\n");
        CredentialVariables.of(credentials).forEach((name, value) ->
                env.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        return env.toString();
    }

}
