package org.dtaas.provisioner.rabbitmq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.SecretBox;
import org.dtaas.provisioner.credentials.ServiceAccounts;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * RabbitMQ: per user a virtual host {@code dtaas-<user>} and a user {@code dtaas-<user>} with all
 * permissions on that vhost and none elsewhere, so users cannot see each other's queues or exchanges.
 */
@ApplicationScoped
public class RabbitMqAccounts implements ServiceAccounts {

    private final RabbitMqManagementApi api;
    private final ServicesConfig services;

    public RabbitMqAccounts(@RestClient RabbitMqManagementApi api, ServicesConfig services) {
        this.api = api;
        this.services = services;
    }

    @Override
    public String service() {
        return "rabbitmq";
    }

    @Override
    public boolean configured() {
        return brokerUrl() != null;
    }

    @Override
    public Map<String, String> provision(String user, Map<String, String> previous) {
        String password = previous.getOrDefault("password", SecretBox.newPassword());
        String name = accountOf(user);
        api.putVhost(name, Map.of("description", "DTaaS: " + user));
        api.putUser(name, Map.of("password", password, "tags", ""));
        api.putPermissions(name, name, Map.of("configure", ".*", "write", ".*", "read", ".*"));
        URI broker = URI.create(brokerUrl());
        Map<String, String> credential = new LinkedHashMap<>();
        credential.put("url", broker.getScheme() + "://" + broker.getHost() + ":" + (broker.getPort() > 0 ? broker.getPort() : 5672)
                + "/" + name);
        credential.put("username", name);
        credential.put("password", password);
        credential.put("vhost", name);
        return credential;
    }

    @Override
    public void deprovision(String user) {
        String name = accountOf(user);
        ignoreMissing(() -> api.deleteUser(name));
        ignoreMissing(() -> api.deleteVhost(name));
    }

    static String accountOf(String user) {
        return "dtaas-" + user;
    }

    private String brokerUrl() {
        return services.urlOf(service());
    }

    private static void ignoreMissing(Runnable call) {
        try {
            call.run();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                throw e;
            }
        }
    }
}
