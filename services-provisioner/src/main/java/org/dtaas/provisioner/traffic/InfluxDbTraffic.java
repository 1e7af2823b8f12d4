package org.dtaas.provisioner.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.influxdb.InfluxDbV1Accounts;

/**
 * InfluxDB 1.x: the points written into each user's database, summed over its shards
 * ({@code SHOW STATS FOR 'shard'}, field {@code writePointsOk}). InfluxDB 2 has no such statement
 * for its buckets; there its writes do not count as use.
 */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class InfluxDbTraffic extends AccountTraffic {

    private final InfluxDbV1Accounts accounts;
    private final AccountNames names;

    public InfluxDbTraffic(InfluxDbV1Accounts accounts, AccountNames names) {
        super(accounts);
        this.accounts = accounts;
        this.names = names;
    }

    @Override
    public Map<String, Long> counters(Collection<String> users) {
        Map<String, String> userOfDatabase = usersByName(users, names::database);
        Map<String, Long> counters = new HashMap<>();
        for (JsonNode shard : accounts.query("SHOW STATS FOR 'shard'").path("results").path(0).path("series")) {
            String user = userOfDatabase.get(shard.path("tags").path("database").asText());
            int column = columnOf(shard.path("columns"), "writePointsOk");
            if (user != null && column >= 0) {
                counters.merge(user, shard.path("values").path(0).path(column).asLong(), Long::sum);
            }
        }
        return counters;
    }

    private static int columnOf(JsonNode columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (name.equals(columns.get(i).asText())) {
                return i;
            }
        }
        return -1;
    }
}
