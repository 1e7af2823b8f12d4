package org.dtaas.provisioner.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.credentials.CredentialStore;
import org.dtaas.provisioner.credentials.SecretBox;
import org.dtaas.provisioner.credentials.ServiceAccounts;

/**
 * Grafana: per user an organisation {@code dtaas-<installation>-<user>} of their own, a Grafana user
 * {@code dtaas-<installation>-<user>} who is its Editor, and in it a data source on the user's own InfluxDB
 * database or bucket (with the user's InfluxDB credentials, which the provisioner issued just
 * before). Through Grafana's HTTP API as its server admin; every step tolerates "already exists".
 */
@ApplicationScoped
public class GrafanaAccounts implements ServiceAccounts {

    static final String DATA_SOURCE = "InfluxDB (DTaaS)";

    private final ServicesConfig services;
    private final ProvisionerConfig.Grafana config;
    private final CredentialStore store;
    private final ObjectMapper json;
    private final AccountNames names;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public GrafanaAccounts(ServicesConfig services, ProvisionerConfig config, CredentialStore store, ObjectMapper json,
            AccountNames names) {
        this.services = services;
        this.names = names;
        this.config = config.grafana();
        this.store = store;
        this.json = json;
    }

    @Override
    public String service() {
        return "grafana";
    }

    @Override
    public int order() {
        return 100; // after InfluxDB: the data source uses the user's InfluxDB credentials
    }

    @Override
    public boolean configured() {
        return url() != null && config.adminPasswordFile().map(Path::of).filter(Files::isReadable).isPresent();
    }

    @Override
    public Map<String, String> provision(String user, Map<String, String> previous) {
        String password = previous.getOrDefault("password", SecretBox.newPassword());
        String name = names.account(user);
        long orgId = orgId(name);
        long userId = userId(user, name, password, orgId);
        HttpResponse<String> member = call("POST", "/api/orgs/" + orgId + "/users",
                Map.of("loginOrEmail", name, "role", "Editor"), null);
        if (member.statusCode() == 409) {
            expect(call("PATCH", "/api/orgs/" + orgId + "/users/" + userId, Map.of("role", "Editor"), null), 200);
        } else {
            expect(member, 200);
        }
        store.find(user, "influxdb").ifPresent(influx -> dataSource(orgId, influx));
        Map<String, String> credential = new LinkedHashMap<>();
        credential.put("url", url());
        credential.put("username", name);
        credential.put("password", password);
        return credential;
    }

    @Override
    public void deprovision(String user) {
        String name = names.account(user);
        HttpResponse<String> found = call("GET", "/api/users/lookup?loginOrEmail=" + encode(name), null, null);
        if (found.statusCode() == 200) {
            expect(call("DELETE", "/api/admin/users/" + read(found).path("id").asLong(), null, null), 200);
        }
        HttpResponse<String> org = call("GET", "/api/orgs/name/" + encode(name), null, null);
        if (org.statusCode() == 200) {
            expect(call("DELETE", "/api/orgs/" + read(org).path("id").asLong(), null, null), 200);
        }
    }

    private long orgId(String name) {
        HttpResponse<String> created = call("POST", "/api/orgs", Map.of("name", name), null);
        if (created.statusCode() == 200) {
            return read(created).path("orgId").asLong();
        }
        if (created.statusCode() != 409) {
            expect(created, 200);
        }
        return read(expect(call("GET", "/api/orgs/name/" + encode(name), null, null), 200)).path("id").asLong();
    }

    private long userId(String user, String name, String password, long orgId) {
        HttpResponse<String> created = call("POST", "/api/admin/users",
                Map.of("name", user, "login", name, "password", password, "OrgId", orgId), null);
        if (created.statusCode() == 200) {
            return read(created).path("id").asLong();
        }
        if (created.statusCode() != 412 && created.statusCode() != 409) {
            expect(created, 200);
        }
        long id = read(expect(call("GET", "/api/users/lookup?loginOrEmail=" + encode(name), null, null), 200)).path("id").asLong();
        expect(call("PUT", "/api/admin/users/" + id + "/password", Map.of("password", password), null), 200);
        return id;
    }

    /** The user's InfluxDB as a data source of their organisation (1.x: InfluxQL; 2: Flux with a token). */
    private void dataSource(long orgId, Map<String, String> influx) {
        Map<String, Object> source = new HashMap<>();
        source.put("name", DATA_SOURCE);
        source.put("type", "influxdb");
        source.put("access", "proxy");
        source.put("url", influx.get("url"));
        source.put("isDefault", true);
        if (influx.containsKey("token")) {
            source.put("jsonData", Map.of("version", "Flux", "organization", influx.get("org"), "defaultBucket", influx.get("bucket")));
            source.put("secureJsonData", Map.of("token", influx.get("token")));
        } else {
            source.put("database", influx.get("database"));
            source.put("user", influx.get("username"));
            source.put("jsonData", Map.of("dbName", influx.get("database")));
            source.put("secureJsonData", Map.of("password", influx.get("password")));
        }
        HttpResponse<String> made = call("POST", "/api/datasources", source, orgId);
        if (made.statusCode() != 409) { // 409: it is there from an earlier provisioning
            expect(made, 200);
        }
    }

    private HttpResponse<String> call(String method, String path, Object body, Long orgId) {
        try {
            String admin = config.adminUser() + ":" + Files.readString(Path.of(config.adminPasswordFile().orElseThrow())).strip();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(admin.getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/json");
            if (orgId != null) {
                request.header("X-Grafana-Org-Id", String.valueOf(orgId));
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Grafana at " + url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException("Grafana answered " + answer.request().method() + " "
                    + answer.request().uri().getPath() + " with HTTP " + answer.statusCode()
                    + (answer.statusCode() == 401 ? " (check GRAFANA_ADMIN_USER and its password file)" : ""));
        }
        return answer;
    }

    private JsonNode read(HttpResponse<String> answer) {
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("Grafana answered something that is not JSON: " + answer.body(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String url() {
        return services.urlOf(service());
    }
}
