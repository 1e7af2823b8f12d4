package org.dtaas.provisioner.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.credentials.SecretBox;

/**
 * InfluxDB 1.x (dtaas.provisioner.influxdb.version=1): per user a database {@code dtaas_<user>} and
 * a user {@code dtaas-<user>} granted ALL on it and nothing else, made with InfluxQL over
 * {@code POST /query} as the admin {@code influx-admin}. A fresh server (auth on, no users yet) gets
 * that admin on the first call: InfluxDB 1.x allows creating the first user without credentials.
 */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class InfluxDbV1Accounts extends InfluxDbAccounts {

    static final String ADMIN = "influx-admin";

    public InfluxDbV1Accounts(ServicesConfig services, ProvisionerConfig config, ObjectMapper json, AccountNames names) {
        super(services, config, json, names);
    }

    @Override
    public boolean configured() {
        return config.version() == 1 && url() != null && config.adminPasswordFile().map(Path::of).filter(Files::isReadable).isPresent();
    }

    @Override
    public Map<String, String> provision(String user, Map<String, String> previous) {
        String password = previous.getOrDefault("password", SecretBox.newPassword());
        String database = names.database(user);
        String name = names.account(user);
        ensureAdmin();
        run("CREATE DATABASE " + identifier(database)); // no-op when it exists
        String created = error("CREATE USER " + identifier(name) + " WITH PASSWORD " + literal(password));
        if (created != null && created.contains("already exists")) {
            run("SET PASSWORD FOR " + identifier(name) + " = " + literal(password));
        } else if (created != null) {
            throw new IllegalStateException("InfluxDB refused to create " + name + ": " + created);
        }
        run("GRANT ALL ON " + identifier(database) + " TO " + identifier(name));
        Map<String, String> credential = new LinkedHashMap<>();
        credential.put("url", url());
        credential.put("database", database);
        credential.put("bucket", database); // what InfluxDB 2 clients call it
        credential.put("username", name);
        credential.put("password", password);
        return credential;
    }

    @Override
    public void deprovision(String user) {
        String gone = error("DROP USER " + identifier(names.account(user)));
        if (gone != null && !gone.contains("not found")) {
            throw new IllegalStateException("InfluxDB refused to drop the user: " + gone);
        }
        run("DROP DATABASE " + identifier(names.database(user)));
    }

    /** An identifier in double quotes; user names cannot hold quotes or backslashes, but never trust that here. */
    static String identifier(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private void ensureAdmin() {
        HttpResponse<String> answer = send("SHOW DATABASES", true);
        if (answer.statusCode() == 401 || answer.body().contains("create admin user first")) {
            // a fresh server: the first user may be created without credentials, and must be an admin
            HttpResponse<String> created = send("CREATE USER " + identifier(ADMIN) + " WITH PASSWORD " + literal(adminPassword())
                    + " WITH ALL PRIVILEGES", false);
            if (created.statusCode() != 200) {
                throw new IllegalStateException("InfluxDB refused the admin password and has users already;"
                        + " put the password of its admin '" + ADMIN + "' into " + config.adminPasswordFile().orElse("?"));
            }
        }
    }

    /** The answer to an InfluxQL statement run as the admin (for measures such as SHOW STATS). */
    public JsonNode query(String statement) {
        HttpResponse<String> answer = send(statement, true);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("InfluxDB answered " + statement + " with HTTP " + answer.statusCode());
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB's answer to " + statement + " is not JSON", e);
        }
    }

    private void run(String statement) {
        String problem = error(statement);
        if (problem != null) {
            throw new IllegalStateException("InfluxDB refused " + statement.split(" WITH PASSWORD")[0] + ": " + problem);
        }
    }

    /** Runs one statement; the error InfluxDB reports for it, or null. */
    private String error(String statement) {
        HttpResponse<String> answer = send(statement, true);
        try {
            JsonNode body = json.readTree(answer.body());
            if (body.has("error")) {
                return body.get("error").asText();
            }
            JsonNode result = body.path("results").path(0);
            return result.has("error") ? result.get("error").asText() : null;
        } catch (IOException e) {
            return "HTTP " + answer.statusCode() + ": " + answer.body();
        }
    }

    private HttpResponse<String> send(String statement, boolean asAdmin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/query"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)));
        if (asAdmin) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((ADMIN + ":" + adminPassword()).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB at " + url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String adminPassword() {
        try {
            return Files.readString(Path.of(config.adminPasswordFile().orElseThrow())).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the InfluxDB admin password: " + e.getMessage(), e);
        }
    }
}
