package org.dtaas.provisioner.traffic;

import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.mqtt.MqttAccounts;

/**
 * MQTT: the messages each user's account published, as DTaaS's broker plugin counts them
 * ({@code scripts/mosquitto-traffic.c} writes "<username> <count>" lines to the traffic file; the
 * dynamic-security ACLs let an account publish only on its own topics).
 */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class MqttTraffic extends AccountTraffic {

    /** The file has a line per account; more than this is not the plugin's file. */
    private static final int MAX_LINES = 100_000;

    private final Optional<Path> trafficFile;
    private final AccountNames names;

    public MqttTraffic(MqttAccounts accounts, ProvisionerConfig config, AccountNames names) {
        super(accounts);
        this.trafficFile = config.mqtt().trafficFile().filter(path -> !path.isBlank()).map(Path::of);
        this.names = names;
    }

    @Override
    public boolean configured() {
        return super.configured() && trafficFile.isPresent();
    }

    @Override
    public Map<String, Long> counters(Collection<String> users) {
        Map<String, String> userOfAccount = usersByName(users, names::account);
        Map<String, Long> counters = new HashMap<>();
        try (BufferedReader lines = Files.newBufferedReader(trafficFile.orElseThrow(), StandardCharsets.UTF_8)) {
            String line;
            for (int read = 0; (line = lines.readLine()) != null && read < MAX_LINES; read++) {
                String[] fields = line.split(" ");
                String user = fields.length == 2 ? userOfAccount.get(fields[0]) : null;
                if (user != null && fields[1].matches("\\d{1,18}")) {
                    counters.put(user, Long.parseLong(fields[1]));
                }
            }
        } catch (NoSuchFileException none) {
            return Map.of(); // nothing published since the broker started
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counters;
    }
}
