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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.dtaas.gateway.identity.PasswordCheck;
import org.dtaas.gateway.proxy.ServiceTokenIssuer;
import org.dtaas.identity.Caller;
import org.dtaas.identity.InternalToken;
import org.dtaas.identity.UserNames;

/**
 * The launcher's user administration, run without starting Quarkus:
 * {@code user-add HOME NAME [--admin]} (password on stdin), {@code user-remove HOME NAME PROVISIONER_URL}
 * (signs the user out of the platform for good and removes their platform-service accounts; their
 * files stay) and {@code first-admin HOME} (creates {@code admin} with a random password when there
 * are no users yet; prints the password).
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
        } else if (args.length == 4 && args[0].equals("user-remove")) {
            System.exit(removeUser(Path.of(args[1]), args[2], args[3]));
        } else if (args.length == 2 && args[0].equals("first-admin")) {
            System.exit(firstAdmin(Path.of(args[1])));
        } else {
            System.err.println("usage: UserAdminCli user-add HOME NAME [--admin] < password | user-remove HOME NAME PROVISIONER_URL"
                    + " | first-admin HOME");
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

    static int removeUser(Path home, String name, String provisionerUrl) throws IOException {
        Path config = home.resolve("config");
        Path htpasswd = config.resolve("users.htpasswd");
        List<String> lines = new ArrayList<>(Files.exists(htpasswd) ? Files.readAllLines(htpasswd) : List.of());
        if (!UserNames.isValidUser(name) || lines.stream().noneMatch(line -> line.startsWith(name + ":"))) {
            System.err.println("refused: there is no user " + name);
            return 2;
        }
        Path admins = config.resolve("admins");
        List<String> adminLines = new ArrayList<>(Files.exists(admins) ? Files.readAllLines(admins) : List.of());
        if (adminLines.stream().map(String::strip).filter(a -> !a.isEmpty()).allMatch(a -> a.equals(name))
                && adminLines.stream().anyMatch(a -> a.strip().equals(name))) {
            System.err.println("refused: " + name + " is the last admin; add another admin first");
            return 2;
        }
        lines.removeIf(line -> line.startsWith(name + ":"));
        replace(htpasswd, lines, "rw-------");
        adminLines.removeIf(line -> line.strip().equals(name));
        replace(admins, adminLines, "rw-r-----");
        return deprovision(home, name, provisionerUrl);
    }

    /** Removes the user's platform-service accounts through the provisioner, as the launcher (an admin). */
    private static int deprovision(Path home, String name, String provisionerUrl) {
        String token = ServiceTokenIssuer.sign(new Caller("_launcher", true), ServiceTokenIssuer.readKey(
                home.resolve("config").resolve("keys").resolve(InternalToken.PRIVATE_KEY_FILE)), System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(provisionerUrl + "/api/services/" + name))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).DELETE().build();
        try {
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                System.err.println("note: the provisioner answered HTTP " + status + "; " + name
                        + "'s service accounts may remain (DELETE /api/services/" + name + " as an admin removes them)");
            }
        } catch (IOException e) {
            System.err.println("note: the platform is not running, so " + name + "'s service accounts (RabbitMQ, MQTT,"
                    + " InfluxDB, Grafana) remain; when it runs, an admin removes them with DELETE /api/services/" + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
