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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.AccountNames;

/**
 * InfluxDB 2 (dtaas.provisioner.influxdb.version=2): per user a bucket {@code dtaas-<user>} in the
 * platform's organisation and a token that may read and write that bucket only, made through the
 * v2 HTTP API ({@code /api/v2/orgs}, {@code /buckets}, {@code /authorizations}) with the operator
 * token. A token can only be read when it is made, so an issued one is kept and reused; provisioning
 * again makes a new token only when the bucket had to be made again.
 */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class InfluxDbV2Accounts extends InfluxDbAccounts {

    public InfluxDbV2Accounts(ServicesConfig services, ProvisionerConfig config, ObjectMapper json, AccountNames names) {
        super(services, config, json, names);
    }

    @Override
    public boolean configured() {
        return config.version() == 2 && url() != null && config.adminTokenFile().map(Path::of).filter(Files::isReadable).isPresent();
    }

    @Override
    public Map<String, String> provision(String user, Map<String, String> previous) {
        String orgId = orgId();
        String bucket = names.account(user);
        String encoded = URLEncoder.encode(bucket, StandardCharsets.UTF_8);
        JsonNode found = call("GET", "/api/v2/buckets?orgID=" + orgId + "&name=" + encoded, null, 200).path("buckets");
        String bucketId;
        boolean fresh = found.isEmpty();
        if (fresh) {
            bucketId = call("POST", "/api/v2/buckets", Map.of("orgID", orgId, "name", bucket, "retentionRules", List.of(),
                    "description", "DTaaS: " + user), 201).path("id").asText();
        } else {
            bucketId = found.path(0).path("id").asText();
        }
        String token = previous.get("token");
        if (token == null || fresh || !bucketId.equals(previous.get("bucketId"))) {
            Map<String, Object> resource = Map.of("type", "buckets", "id", bucketId, "orgID", orgId);
            token = call("POST", "/api/v2/authorizations", Map.of("orgID", orgId, "description", "DTaaS " + user,
                    "permissions", List.of(Map.of("action", "read", "resource", resource),
                            Map.of("action", "write", "resource", resource))), 201).path("token").asText();
        }
        Map<String, String> credential = new LinkedHashMap<>();
        credential.put("url", url());
        credential.put("org", config.org());
        credential.put("bucket", bucket);
        credential.put("token", token);
        credential.put("bucketId", bucketId);
        return credential;
    }

    @Override
    public void deprovision(String user) {
        String orgId = orgId();
        JsonNode found = call("GET", "/api/v2/buckets?orgID=" + orgId + "&name="
                + URLEncoder.encode(names.account(user), StandardCharsets.UTF_8), null, 200).path("buckets");
        for (JsonNode bucket : found) {
            // deleting the bucket takes its tokens' only permission with it
            call("DELETE", "/api/v2/buckets/" + bucket.path("id").asText(), null, 204);
        }
    }

    private String orgId() {
        JsonNode orgs = call("GET", "/api/v2/orgs?org=" + URLEncoder.encode(config.org(), StandardCharsets.UTF_8), null, 200)
                .path("orgs");
        if (orgs.isEmpty()) {
            throw new IllegalStateException("InfluxDB has no organisation '" + config.org() + "'; create it or set INFLUXDB_ORG");
        }
        return orgs.path(0).path("id").asText();
    }

    private JsonNode call(String method, String path, Object body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Token " + Files.readString(Path.of(config.adminTokenFile().orElseThrow())).strip())
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                throw new IllegalStateException("InfluxDB answered " + method + " " + path.split("\\?")[0] + " with HTTP "
                        + answer.statusCode() + (answer.statusCode() == 401 ? " (check the operator token)" : ""));
            }
            return answer.body().isEmpty() ? json.createObjectNode() : json.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB at " + url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
