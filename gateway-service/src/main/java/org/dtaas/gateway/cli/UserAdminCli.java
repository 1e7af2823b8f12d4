package org.dtaas.gateway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.dtaas.gateway.identity.PasswordCheck;
import org.dtaas.identity.UserNames;

/**
 * The launcher's user administration, run without starting Quarkus:
 * {@code user-add HOME NAME [--admin]} (password on stdin) and {@code first-admin HOME}
 * (creates {@code admin} with a random password when there are no users yet; prints the password).
 * Files are replaced atomically, so a running gateway never reads half a file.
 */
public final class UserAdminCli {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private UserAdminCli() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("user-add")) {
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.exit(addUser(Path.of(args[1]), args[2], password, args.length > 3 && args[3].equals("--admin")));
        } else if (args.length == 2 && args[0].equals("first-admin")) {
            System.exit(firstAdmin(Path.of(args[1])));
        } else {
            System.err.println("usage: UserAdminCli user-add HOME NAME [--admin] < password | first-admin HOME");
            System.exit(2);
        }
    }

    static int addUser(Path home, String name, String password, boolean admin) throws IOException {
        if (!UserNames.isValidUser(name)) {
            System.err.println("refused: " + UserNames.rule());
            return 2;
        }
        if (password == null || password.length() < 8) {
            System.err.println("refused: the password must have at least 8 characters");
            return 2;
        }
        Path config = home.resolve("config");
        Files.createDirectories(config);
        Path htpasswd = config.resolve("users.htpasswd");
        List<String> lines = new ArrayList<>(Files.exists(htpasswd) ? Files.readAllLines(htpasswd) : List.of());
        lines.removeIf(line -> line.startsWith(name + ":"));
        lines.add(name + ":" + PasswordCheck.hash(password));
        replace(htpasswd, lines, "rw-------");
        Path admins = config.resolve("admins");
        List<String> adminLines = new ArrayList<>(Files.exists(admins) ? Files.readAllLines(admins) : List.of());
        adminLines.removeIf(line -> line.strip().equals(name));
        if (admin) {
            adminLines.add(name);
        }
        replace(admins, adminLines, "rw-r-----");
        return 0;
    }

    static int firstAdmin(Path home) throws IOException {
        Path htpasswd = home.resolve("config").resolve("users.htpasswd");
        if (Files.exists(htpasswd) && Files.readAllLines(htpasswd).stream().anyMatch(l -> l.contains(":"))) {
            return 0;
        }
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        int result = addUser(home, "admin", password.toString(), true);
        Path credentials = home.resolve("config").resolve("initial-credentials");
        replace(credentials, List.of("admin:" + password), "rw-------");
        System.out.println(password);
        return result;
    }

    private static void replace(Path target, List<String> lines, String permissions) throws IOException {
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
