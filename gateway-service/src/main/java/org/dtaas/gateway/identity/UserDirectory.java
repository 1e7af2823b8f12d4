package org.dtaas.gateway.identity;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.config.WatchedFile;
import org.jboss.logging.Logger;

/**
 * The built-in users: {@code config/users.htpasswd} (Apache format, bcrypt entries) and
 * {@code config/admins} (one name a line), both re-read when they change.
 */
@Singleton
public class UserDirectory {

    private static final Logger LOG = Logger.getLogger(UserDirectory.class);

    private final WatchedFile<Map<String, String>> passwords;
    private final WatchedFile<Set<String>> admins;

    @jakarta.inject.Inject
    public UserDirectory(GatewayConfig config) {
        this(config.home());
    }

    UserDirectory(String home) {
        Path configDir = Path.of(home, "config");
        this.passwords = new WatchedFile<>(configDir.resolve("users.htpasswd"), UserDirectory::parseHtpasswd, 1000);
        this.admins = new WatchedFile<>(configDir.resolve("admins"), UserDirectory::parseAdmins, 1000);
    }

    /** The bcrypt hash of a user, empty when there is no such user. */
    public Optional<String> passwordHash(String user) {
        return Optional.ofNullable(passwords.get().get(user));
    }

    public boolean exists(String user) {
        return passwords.get().containsKey(user);
    }

    public boolean isAdmin(String user) {
        return admins.get().contains(user);
    }

    static Map<String, String> parseHtpasswd(List<String> lines) {
        Map<String, String> users = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String hash = colon > 0 ? trimmed.substring(colon + 1) : "";
            if (!hash.startsWith("$2")) {
                // MD5/SHA/crypt entries are too weak to accept; say so rather than silently locking the user out
                LOG.warnf("users.htpasswd: entry for '%s' is not bcrypt; recreate it with 'htpasswd -B' or './dtaas user add'",
                        colon > 0 ? trimmed.substring(0, colon) : trimmed);
                continue;
            }
            users.put(trimmed.substring(0, colon), hash);
        }
        return Map.copyOf(users);
    }

    static Set<String> parseAdmins(List<String> lines) {
        Set<String> names = new HashSet<>();
        for (String line : lines) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }
}
