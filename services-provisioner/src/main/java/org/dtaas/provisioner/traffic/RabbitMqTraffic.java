package org.dtaas.provisioner.traffic;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.rabbitmq.RabbitMqAccounts;
import org.dtaas.provisioner.rabbitmq.RabbitMqManagementApi;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** RabbitMQ: the messages published into and delivered from each user's vhost (the management API's message_stats). */
@Singleton // no client proxy: the shared base class has no no-args constructor
public class RabbitMqTraffic extends AccountTraffic {

    private final RabbitMqManagementApi api;
    private final AccountNames names;

    public RabbitMqTraffic(@RestClient RabbitMqManagementApi api, RabbitMqAccounts accounts, AccountNames names) {
        super(accounts);
        this.api = api;
        this.names = names;
    }

    @Override
    public Map<String, Long> counters(Collection<String> users) {
        Map<String, String> userOfVhost = usersByName(users, names::account);
        Map<String, Long> counters = new HashMap<>();
        for (Map<String, Object> vhost : api.vhosts()) {
            String user = userOfVhost.get(String.valueOf(vhost.get("name")));
            if (user != null && vhost.get("message_stats") instanceof Map<?, ?> stats) {
                counters.put(user, count(stats.get("publish")) + count(stats.get("deliver_get")));
            }
        }
        return counters;
    }

    private static long count(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
