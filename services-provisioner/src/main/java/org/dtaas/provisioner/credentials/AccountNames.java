package org.dtaas.provisioner.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;
import org.dtaas.provisioner.config.ProvisionerConfig;

/**
 * The names the platform gives a user's accounts on the services: {@code dtaas-<installation>-<user>}.
 * The installation id keeps two DTaaS installations on one shared broker or database apart, so one
 * never changes or removes the other's accounts; without one the names are {@code dtaas-<user>}.
 */
@ApplicationScoped
public class AccountNames {

    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,16}");
    private final String scope;

    public AccountNames(ProvisionerConfig config) {
        String id = config.installationId().map(String::strip).orElse("");
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("DTAAS_INSTALLATION_ID must be 1 to 16 lower-case letters and digits, not '"
                    + id + "'");
        }
        this.scope = id.isEmpty() ? "" : id + "-";
    }

    /** The account (and RabbitMQ vhost) of {@code user}. */
    public String account(String user) {
        return "dtaas-" + scope + user;
    }

    /** An InfluxDB 1.x database name (no dashes needed in queries). */
    public String database(String user) {
        return account(user).replace('-', '_');
    }

    /** The MQTT topics a user may use: {@code dtaas/<installation>/<user>/}. */
    public String topicPrefix(String user) {
        return "dtaas/" + scope.replace('-', '/') + user + "/";
    }
}
