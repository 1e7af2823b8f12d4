package org.dtaas.provisioner.rabbitmq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.credentials.SecretBox;
import org.dtaas.provisioner.credentials.ServiceAccounts;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * RabbitMQ: per user a virtual host and a user (both named by {@link AccountNames}) with all
 * permissions on that vhost and none elsewhere, so users cannot see each other's queues or exchanges.
 */
@ApplicationScoped
public class RabbitMqAccounts implements ServiceAccounts {

    private final RabbitMqManagementApi api;
    private final ServicesConfig services;
    private final RabbitMqAdminHeaders admin;
    private final AccountNames names;

    public RabbitMqAccounts(@RestClient RabbitMqManagementApi api, ServicesConfig services, RabbitMqAdminHeaders admin,
            AccountNames names) {
        this.api = api;
        this.services = services;
        this.admin = admin;
        this.names = names;
    }

    @Override
    public String service() {
        return "rabbitmq";
    }

    @Override
    public boolean configured() {
        return brokerUrl() != null && admin.configured();
    }

    @Override
    public Map<String, String> provision(String user, Map<String, String> previous) {
        String password = previous.getOrDefault("password", SecretBox.newPassword());
        String name = names.account(user);
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
        String name = names.account(user);
        ignoreMissing(() -> api.deleteUser(name));
        ignoreMissing(() -> api.deleteVhost(name));
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
