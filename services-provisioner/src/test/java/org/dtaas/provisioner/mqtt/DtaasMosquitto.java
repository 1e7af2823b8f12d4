package org.dtaas.provisioner.mqtt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.ScriptedServer;

/** A real Mosquitto with dynamic security on a free port, set up by the same script as ./dtaas up's. */
public class DtaasMosquitto extends ScriptedServer {

    @Override
    protected Path program() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? Path.of("/usr/sbin/mosquitto") : Path.of("/usr/bin/mosquitto");
    }

    @Override
    protected String script() {
        return "mqtt-broker.sh";
    }

    @Override
    protected Map<String, String> settings(List<Integer> ports, Path secretFile) {
        int port = ports.get(0);
        return Map.of("dtaas.services.endpoints.mqtt.url", "mqtt://127.0.0.1:" + port,
                "dtaas.provisioner.mqtt.admin-password-file", secretFile.toString(),
                "dtaas.provisioner.mqtt.traffic-file", folder().resolve("server/traffic").toString());
    }

    static boolean installed() {
        return new DtaasMosquitto().isInstalled();
    }
}
