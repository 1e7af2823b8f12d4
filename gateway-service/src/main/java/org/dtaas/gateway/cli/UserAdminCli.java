package org.dtaas.gateway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.dtaas.gateway.identity.UserAccounts;
import org.dtaas.gateway.identity.ServiceTokenIssuer;
import org.dtaas.identity.Caller;
import org.dtaas.identity.InternalToken;

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
        try {
            new UserAccounts(home).put(name, password, admin);
            return 0;
        } catch (UserAccounts.Refused e) {
            System.err.println("refused: " + e.getMessage());
            return 2;
        }
    }

    static int removeUser(Path home, String name, String provisionerUrl) throws IOException {
        try {
            new UserAccounts(home).remove(name);
        } catch (UserAccounts.Refused e) {
            System.err.println("refused: " + e.getMessage());
            return 2;
        }
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
        UserAccounts.replace(credentials, List.of("admin:" + password), "rw-------");
        System.out.println(password);
        return result;
    }
}
