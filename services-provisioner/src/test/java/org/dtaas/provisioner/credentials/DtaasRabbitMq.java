package org.dtaas.provisioner.credentials;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.ScriptedServer;

/**
 * DTaaS's own RabbitMQ (Debian's broker, set up by scripts/rabbitmq.sh as ./dtaas up does) on free
 * ports: AMQP, management API, Erlang distribution. Its only account is the generated administrator.
 */
public class DtaasRabbitMq extends ScriptedServer {

    @Override
    protected Path program() {
        return Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    }

    @Override
    protected String script() {
        return "rabbitmq.sh";
    }

    @Override
    protected int portCount() {
        return 3;
    }

    /** The management API opens last: ready when it answers. */
    @Override
    protected int readyPortIndex() {
        return 1;
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected Map<String, String> settings(List<Integer> ports, Path secretFile) {
        return Map.of("dtaas.services.endpoints.rabbitmq.url", "amqp://127.0.0.1:" + ports.get(0),
                "quarkus.rest-client.rabbitmq-management.url", "http://127.0.0.1:" + ports.get(1),
                "dtaas.provisioner.rabbitmq.admin-password-file", secretFile.toString(),
                "dtaas.test.rabbitmq.management-port", String.valueOf(ports.get(1)));
    }
}
