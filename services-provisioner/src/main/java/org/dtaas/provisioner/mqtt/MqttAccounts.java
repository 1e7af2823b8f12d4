package org.dtaas.provisioner.mqtt;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.netty.handler.codec.mqtt.MqttQoS;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.credentials.SecretBox;
import org.dtaas.provisioner.credentials.ServiceAccounts;

/**
 * MQTT on Mosquitto with the dynamic-security plugin: per user a role allowed to publish and
 * subscribe under {@code dtaas/<user>/#} only, and a client {@code dtaas-<user>} with that role.
 * Commands go as JSON to the broker's {@code $CONTROL/dynamic-security/v1} topic, as the admin
 * account; answers come back on {@code .../response}. "Already exists" answers are what makes a
 * second provisioning harmless.
 */
@ApplicationScoped
public class MqttAccounts implements ServiceAccounts {

    static final String CONTROL = "$CONTROL/dynamic-security/v1";
    /** The broker's admin account (scripts/mqtt-broker.sh); outside the "dtaas-<user>" names users get. */
    static final String ADMIN = "broker-admin";

    private final Vertx vertx;
    private final ServicesConfig services;
    private final ProvisionerConfig.Mqtt config;
    private final AccountNames names;

    public MqttAccounts(Vertx vertx, ServicesConfig services, ProvisionerConfig config, AccountNames names) {
        this.names = names;
        this.vertx = vertx;
        this.services = services;
        this.config = config.mqtt();
    }

    @Override
    public String service() {
        return "mqtt";
    }

    @Override
    public boolean configured() {
        return brokerUrl() != null && config.adminPasswordFile().map(Path::of).filter(Files::isReadable).isPresent();
    }

    @Override
    public Map<String, String> provision(String user, Map<String, String> previous) {
        String password = previous.getOrDefault("password", SecretBox.newPassword());
        String name = names.account(user);
        String topics = names.topicPrefix(user) + "#";
        List<JsonObject> responses = send(List.of(
                command("createRole").put("rolename", name),
                acl(name, "publishClientSend", topics),
                acl(name, "subscribePattern", topics),
                command("createClient").put("username", name).put("password", password)
                        .put("roles", new JsonArray().add(new JsonObject().put("rolename", name)))));
        if (failed(responses.get(3), "already exists")) {
            // a client from before: make sure its password and role are the ones issued
            List<JsonObject> again = send(List.of(
                    command("setClientPassword").put("username", name).put("password", password),
                    command("addClientRole").put("username", name).put("rolename", name)));
            requireOk(again.get(0));
        } else {
            requireOk(responses.get(3));
        }
        for (JsonObject response : responses.subList(0, 3)) {
            if (failed(response, "already")) {
                continue;
            }
            requireOk(response);
        }
        Map<String, String> credential = new LinkedHashMap<>();
        credential.put("url", brokerUrl());
        credential.put("username", name);
        credential.put("password", password);
        credential.put("topicPrefix", names.topicPrefix(user));
        // the broker takes only client ids of this account: <username> or <username>/<name>
        credential.put("clientIdPrefix", name + "/");
        return credential;
    }

    @Override
    public void deprovision(String user) {
        String name = names.account(user);
        send(List.of(command("deleteClient").put("username", name), command("deleteRole").put("rolename", name)));
    }

    private static JsonObject command(String name) {
        return new JsonObject().put("command", name);
    }

    private static JsonObject acl(String role, String type, String topic) {
        return command("addRoleACL").put("rolename", role).put("acltype", type).put("topic", topic).put("allow", true);
    }

    private static boolean failed(JsonObject response, String because) {
        String error = response.getString("error");
        return error != null && error.toLowerCase().contains(because);
    }

    private static void requireOk(JsonObject response) {
        if (response.getString("error") != null) {
            throw new IllegalStateException("Mosquitto refused " + response.getString("command") + ": "
                    + response.getString("error"));
        }
    }

    /** One request/answer exchange on the control topic, as the admin; one answer per command. */
    private List<JsonObject> send(List<JsonObject> commands) {
        URI broker = URI.create(brokerUrl());
        MqttClientOptions options = new MqttClientOptions().setClientId(ADMIN + "/provisioner-" + UUID.randomUUID())
                .setUsername(ADMIN).setPassword(adminPassword()).setCleanSession(true);
        options.setConnectTimeout(3000);
        MqttClient client = MqttClient.create(vertx, options);
        CompletableFuture<List<JsonObject>> answer = new CompletableFuture<>();
        client.publishHandler(message -> {
            JsonArray responses = message.payload().toJsonObject().getJsonArray("responses", new JsonArray());
            answer.complete(responses.stream().map(JsonObject.class::cast).toList());
        });
        try {
            await(client.connect(broker.getPort() > 0 ? broker.getPort() : 1883, broker.getHost()));
            await(client.subscribe(CONTROL + "/response", MqttQoS.AT_LEAST_ONCE.value()));
            JsonObject request = new JsonObject().put("commands", new JsonArray(commands));
            await(client.publish(CONTROL, Buffer.buffer(request.encode()), MqttQoS.AT_LEAST_ONCE, false, false));
            List<JsonObject> responses = answer.get(10, TimeUnit.SECONDS);
            if (responses.size() != commands.size()) {
                throw new IllegalStateException("Mosquitto answered " + responses.size() + " of " + commands.size() + " commands");
            }
            return responses;
        } catch (Exception e) {
            throw new IllegalStateException("MQTT provisioning failed: " + e.getMessage()
                    + " (is the DTaaS Mosquitto with dynamic security running, and the admin password right?)", e);
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String adminPassword() {
        try {
            return Files.readString(Path.of(config.adminPasswordFile().orElseThrow())).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String brokerUrl() {
        return services.urlOf(service());
    }
}
