package org.dtaas.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where issued credentials are kept and written, and how the provisioner reaches each service as admin. */
@ConfigMapping(prefix = "dtaas.provisioner")
public interface ProvisionerConfig {

    /** The credential database [DTAAS_PROVISIONER_DB_URL]: H2 file by default, or jdbc:postgresql://... */
    String dbUrl();

    Optional<String> dbUser();

    Optional<String> dbPassword();

    /** The AES key that encrypts stored credentials (32 bytes, made on first start). */
    String secretsKey();

    /** The libraries: a user's credentials are also written to {@code <files>/<user>/.dtaas/}. */
    String filesPath();

    /**
     * Tells this installation's accounts apart from another's on a shared service [DTAAS_INSTALLATION_ID]:
     * lower-case letters and digits; {@code ./dtaas up} makes one per DTAAS_HOME.
     */
    Optional<String> installationId();

    /** How often a failed provisioning call is tried again (transient failures: a broker restarting). */
    @WithDefault("3")
    int attempts();

    RabbitMq rabbitmq();

    Mqtt mqtt();

    InfluxDb influxdb();

    Grafana grafana();

    /**
     * Where the provisioner notes when each user's accounts last moved messages or points
     * [DTAAS_SERVICE_ACTIVITY_FILE]; the workspace-service reads it to keep busy twins' workspaces.
     */
    String activityFile();

    /** How often the services' traffic is read [DTAAS_TRAFFIC_EVERY], e.g. 30s. */
    @WithDefault("30s")
    String trafficEvery();

    /** Grafana's server admin, who makes organisations, users and data sources. */
    interface Grafana {
        /** [GRAFANA_ADMIN_USER] */
        @WithDefault("admin")
        String adminUser();

        /** A file holding the admin's password [GRAFANA_ADMIN_PASSWORD_FILE]; without it Grafana has no per-user accounts. */
        Optional<String> adminPasswordFile();
    }

    /** InfluxDB: 1.x (a database, a user and a GRANT per user) or 2 (a bucket and a scoped token per user). */
    interface InfluxDb {
        /** 1 or 2 [INFLUXDB_VERSION]. */
        @WithDefault("1")
        int version();

        /** 1.x: a file holding the password of the admin {@code influx-admin} [INFLUXDB_ADMIN_PASSWORD_FILE]. */
        Optional<String> adminPasswordFile();

        /** 2: a file holding an operator (all-access) token [INFLUXDB_TOKEN_FILE]. */
        Optional<String> adminTokenFile();

        /** 2: the organisation that holds the users' buckets [INFLUXDB_ORG]. */
        @WithDefault("dtaas")
        String org();
    }

    /** Mosquitto's dynamic-security admin (scripts/mqtt-broker.sh makes it): user broker-admin. */
    interface Mqtt {
        /** A file holding the admin password [MQTT_ADMIN_PASSWORD_FILE]; without it MQTT has no per-user accounts. */
        Optional<String> adminPasswordFile();

        /**
         * Where DTaaS's broker plugin counts each account's published messages [MQTT_TRAFFIC_FILE]
         * (scripts/mosquitto-traffic.c); without it MQTT traffic does not count as use.
         */
        Optional<String> trafficFile();
    }

    /** RabbitMQ's management API (the management plugin): admin credentials to create vhosts and users. */
    interface RabbitMq {
        /** Admin user of the management API [RABBITMQ_ADMIN_USER]; DTaaS's own broker's is dtaas-admin. */
        @WithDefault("dtaas-admin")
        String adminUser();

        /** A file holding the admin's password [RABBITMQ_ADMIN_PASSWORD_FILE] (scripts/rabbitmq.sh writes it). */
        Optional<String> adminPasswordFile();

        /** The password itself [RABBITMQ_ADMIN_PASSWORD], for brokers elsewhere (Compose, Kubernetes); the file wins. */
        Optional<String> adminPassword();
    }
}
