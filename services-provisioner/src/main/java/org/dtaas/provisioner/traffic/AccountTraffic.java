package org.dtaas.provisioner.traffic;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.dtaas.provisioner.credentials.ServiceAccounts;

/** What the measures share: they measure a service whose accounts the platform made, named after users. */
abstract class AccountTraffic implements ServiceTraffic {

    private final ServiceAccounts accounts;

    AccountTraffic(ServiceAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public String service() {
        return accounts.service();
    }

    @Override
    public boolean configured() {
        return accounts.configured();
    }

    /** Each of {@code users} under the name the service knows them by (vhost, account, database). */
    static Map<String, String> usersByName(Collection<String> users, Function<String, String> nameOf) {
        Map<String, String> byName = new HashMap<>();
        users.forEach(user -> byName.put(nameOf.apply(user), user));
        return byName;
    }
}
