package org.dtaas.provisioner.influxdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.ScriptedServer;

/** A real InfluxDB 1.x (Debian's influxd) with auth on, on a free port, set up by scripts/influxdb.sh. */
public class DtaasInfluxDb extends ScriptedServer {

    @Override
    protected Path program() {
        return Path.of("/usr/bin/influxd");
    }

    @Override
    protected String script() {
        return "influxdb.sh";
    }

    /** The HTTP API and the RPC service (a free port of its own: port + 1 may be anyone's). */
    @Override
    protected int portCount() {
        return 2;
    }

    @Override
    protected Map<String, String> settings(List<Integer> ports, Path secretFile) {
        int port = ports.get(0);
        return Map.of("dtaas.services.endpoints.influxdb.url", "http://127.0.0.1:" + port,
                "dtaas.provisioner.influxdb.version", "1",
                "dtaas.provisioner.influxdb.admin-password-file", secretFile.toString());
    }

    static boolean installed() {
        return new DtaasInfluxDb().isInstalled();
    }
}
