package org.dtaas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml checked against the code, since no Docker engine runs here: every service's
 * image, build files, port, health check, state volume and settings must be ones that service really
 * reads; every secret comes from .env.example; only the gateway (and the broker ports devices need) is
 * published.
 */
class ComposeFileTest {

    private static final Path ROOT = Launcher.ROOT;
    /** compose service -> module, its port variable and port */
    private static final Map<String, List<String>> JAVA_SERVICES = Map.of(
            "gateway", List.of("gateway-service", "DTAAS_PORT", "8080"),
            "library", List.of("library-service", "LIBRARY_PORT", "4001"),
            "workspace", List.of("workspace-service", "WORKSPACE_PORT", "4002"),
            "provisioner", List.of("services-provisioner", "PROVISIONER_PORT", "4003"));
    private static JsonNode compose;
    private static String text;

    @BeforeAll
    static void read() throws IOException {
        text = Files.readString(ROOT.resolve("docker-compose.yml"));
        compose = new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    @Test
    void everyServiceRunsFromItsOwnImageWithAHealthCheckAndTheSharedState() throws IOException {
        for (var entry : JAVA_SERVICES.entrySet()) {
            JsonNode service = compose.at("/services/" + entry.getKey());
            String module = entry.getValue().get(0);
            assertTrue(service.isObject(), entry.getKey() + " is in docker-compose.yml");
            assertTrue(service.path("image").asText().endsWith("/" + module + ":${DTAAS_VERSION:-0.1.0}"), service.toString());
            Path context = ROOT.resolve(service.at("/build/context").asText()).normalize();
            assertTrue(Files.isRegularFile(context.resolve(service.at("/build/dockerfile").asText())), module + "'s Dockerfile");
            String port = entry.getValue().get(2);
            assertEquals(port, service.at("/environment/" + entry.getValue().get(1)).asText(), module + "'s port setting");
            assertTrue(service.at("/healthcheck/test").toString().contains("http://localhost:" + port + "/q/health"),
                    module + " is checked on /q/health");
            assertTrue(volumes(service).contains("dtaas-home:/dtaas"), module + " keeps its state in the dtaas-home volume");
            assertEquals("/dtaas", service.at("/environment/DTAAS_HOME").asText());
        }
    }

    @Test
    void everySettingGivenToAServiceIsOneItReads() throws IOException {
        for (var entry : JAVA_SERVICES.entrySet()) {
            Set<String> reads = ServiceSettings.readBy(entry.getValue().get(0));
            Iterator<String> names = compose.at("/services/" + entry.getKey() + "/environment").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                assertTrue(reads.contains(name), entry.getKey() + " is given " + name + ", which " + entry.getValue().get(0)
                        + " does not read");
            }
        }
    }

    @Test
    void theGatewayFindsTheServicesByTheirComposeNamesAndPorts() {
        JsonNode env = compose.at("/services/gateway/environment");
        assertEquals("http://library:4001", env.path("DTAAS_GATEWAY_LIBRARY_URL").asText());
        assertEquals("http://workspace:4002", env.path("DTAAS_GATEWAY_WORKSPACE_URL").asText());
        assertEquals("http://provisioner:4003", env.path("DTAAS_GATEWAY_PROVISIONER_URL").asText());
        for (String internal : List.of("library", "workspace", "provisioner", "postgres")) {
            assertTrue(compose.at("/services/" + internal + "/ports").isMissingNode(), internal + " is not published");
        }
        assertTrue(compose.at("/services/gateway/ports").toString().contains(":8080"));
        // browsers sign in at Keycloak's HTTPS port; its plain HTTP stays on the compose network
        assertEquals("[\"${KEYCLOAK_PORT:-8444}:8443\"]", compose.at("/services/keycloak/ports").toString());
        assertEquals("${DTAAS_OIDC_ISSUER:-http://keycloak:8080/realms/dtaas}", env.path("DTAAS_OIDC_ISSUER").asText());
    }

    @Test
    void thePlatformServicesAreThereWithHealthChecksAndTheProvisionerUsesThem() {
        assertTrue(compose.at("/services/rabbitmq/image").asText().contains("management"), "RabbitMQ with its management API");
        assertTrue(compose.at("/services/mosquitto/image").asText().startsWith("eclipse-mosquitto:2"));
        assertTrue(compose.at("/services/influxdb/image").asText().startsWith("influxdb:2"));
        assertTrue(compose.at("/services/grafana/image").asText().startsWith("grafana/grafana"));
        assertTrue(compose.at("/services/keycloak/image").asText().contains("keycloak"));
        for (String service : List.of("postgres", "rabbitmq", "influxdb", "grafana", "keycloak")) {
            assertTrue(compose.at("/services/" + service + "/healthcheck/test").isArray(), service + " has a health check");
        }
        JsonNode env = compose.at("/services/provisioner/environment");
        assertEquals("http://rabbitmq:15672", env.path("RABBITMQ_MANAGEMENT_URL").asText());
        assertEquals("mqtt://mosquitto:1883", env.path("MQTT_URL").asText());
        assertEquals("http://influxdb:8086", env.path("INFLUXDB_URL").asText());
        assertEquals("2", env.path("INFLUXDB_VERSION").asText());
        assertEquals("http://grafana:3000", env.path("GRAFANA_URL").asText());
        for (String secret : List.of("MQTT_ADMIN_PASSWORD_FILE", "INFLUXDB_TOKEN_FILE", "GRAFANA_ADMIN_PASSWORD_FILE")) {
            String name = env.path(secret).asText().replace("/run/secrets/", "");
            assertTrue(compose.at("/secrets/" + name).isObject(), secret + " points at a declared secret");
        }
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy/mosquitto/start.sh")), "Mosquitto's dynamic-security set-up");
    }

    @Test
    void everyVariableOfTheComposeFileIsExplainedInEnvExample() throws IOException {
        Set<String> documented = new HashSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (line.contains("=") && !line.startsWith("#")) {
                documented.add(line.substring(0, line.indexOf('=')).strip());
            }
        }
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(text);
        while (m.find()) {
            assertTrue(documented.contains(m.group(1)), m.group(1) + " is used by docker-compose.yml but not in .env.example");
        }
        compose.path("secrets").forEach(secret -> assertTrue(documented.contains(secret.path("environment").asText()),
                "secret from " + secret.path("environment").asText()));
        assertTrue(!text.contains("change-me"), "no secret values in docker-compose.yml");
    }

    private static Set<String> volumes(JsonNode service) {
        Set<String> found = new HashSet<>();
        service.path("volumes").forEach(v -> found.add(v.asText()));
        if (found.isEmpty() || service.path("volumes").isMissingNode()) {
            compose.at("/x-dtaas-service/volumes").forEach(v -> found.add(v.asText()));
        }
        return found;
    }
}
