package org.dtaas.gateway.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dtaas.identity.UserNames;

/**
 * The built-in accounts: {@code config/users.htpasswd} (bcrypt) and {@code config/admins}. Used by the
 * launcher's CLI and by the admin API; files are replaced atomically, so the gateway (which re-reads
 * them within a second) never sees half a file. One change at a time (the methods are synchronized
 * and the CLI is one process).
 */
public final class UserAccounts {

    /** A refused change, with a message for the person who asked. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** One account as the admin page lists it. */
    public record Account(String name, boolean admin) {
    }

    private final Path htpasswd;
    private final Path admins;

    public UserAccounts(Path home) {
        Path config = home.resolve("config");
        this.htpasswd = config.resolve("users.htpasswd");
        this.admins = config.resolve("admins");
    }

    public synchronized List<Account> list() throws IOException {
        Set<String> adminNames = adminNames();
        List<Account> accounts = new ArrayList<>();
        for (String line : lines(htpasswd)) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                String name = line.substring(0, colon).strip();
                accounts.add(new Account(name, adminNames.contains(name)));
            }
        }
        accounts.sort(java.util.Comparator.comparing(Account::name));
        return accounts;
    }

    public synchronized boolean exists(String name) throws IOException {
        return lines(htpasswd).stream().anyMatch(line -> line.startsWith(name + ":"));
    }

    /** Adds the account or replaces its password and admin flag. */
    public synchronized void put(String name, String password, boolean admin) throws IOException, Refused {
        if (!UserNames.isValidUser(name)) {
            throw new Refused(UserNames.rule());
        }
        checkPassword(password);
        if (!admin && isLastAdmin(name)) {
            throw new Refused(name + " is the last admin; make another user admin first");
        }
        List<String> lines = lines(htpasswd);
        lines.removeIf(line -> line.startsWith(name + ":"));
        lines.add(name + ":" + PasswordCheck.hash(password));
        replace(htpasswd, lines, "rw-------");
        List<String> adminLines = lines(admins);
        adminLines.removeIf(line -> line.strip().equals(name));
        if (admin) {
            adminLines.add(name);
        }
        replace(admins, adminLines, "rw-r-----");
    }

    public synchronized void setPassword(String name, String password) throws IOException, Refused {
        if (!exists(name)) {
            throw new Refused("there is no user " + name);
        }
        checkPassword(password);
        List<String> lines = lines(htpasswd);
        lines.replaceAll(line -> line.startsWith(name + ":") ? name + ":" + PasswordCheck.hash(password) : line);
        replace(htpasswd, lines, "rw-------");
    }

    /** Removes the account (signed out within a second); the last admin cannot be removed. */
    public synchronized void remove(String name) throws IOException, Refused {
        if (!UserNames.isValidUser(name) || !exists(name)) {
            throw new Refused("there is no user " + name);
        }
        if (isLastAdmin(name)) {
            throw new Refused(name + " is the last admin; add another admin first");
        }
        List<String> lines = lines(htpasswd);
        lines.removeIf(line -> line.startsWith(name + ":"));
        replace(htpasswd, lines, "rw-------");
        List<String> adminLines = lines(admins);
        adminLines.removeIf(line -> line.strip().equals(name));
        replace(admins, adminLines, "rw-r-----");
    }

    private boolean isLastAdmin(String name) throws IOException {
        Set<String> adminNames = adminNames();
        return adminNames.size() == 1 && adminNames.contains(name);
    }

    private Set<String> adminNames() throws IOException {
        Set<String> names = new TreeSet<>();
        lines(admins).stream().map(String::strip).filter(a -> !a.isEmpty() && !a.startsWith("#")).forEach(names::add);
        return names;
    }

    private static void checkPassword(String password) throws Refused {
        if (password == null || password.length() < 8) {
            throw new Refused("the password must have at least 8 characters");
        }
        if (password.length() > 72) {
            throw new Refused("the password may have at most 72 characters (bcrypt reads no more)");
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.exists(file) ? Files.readAllLines(file) : List.of());
    }

    /** Writes {@code lines} to {@code target} through a temporary file and an atomic move. */
    public static void replace(Path target, List<String> lines, String permissions) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
