package org.dtaas.gateway.oidc;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.identity.UserProvisioning;
import org.dtaas.identity.Caller;
import org.jboss.logging.Logger;

/**
 * Provider accounts have no "add user" step: the first request of a provider user (browser or token)
 * makes their library folders, once per gateway process (existing folders are kept).
 */
@Singleton
public class ProviderUserSetup {

    private static final Logger LOG = Logger.getLogger(ProviderUserSetup.class);

    private final UserProvisioning provisioning;
    private static final long RETRY_AFTER_MILLIS = 60_000;

    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();

    public ProviderUserSetup(UserProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    /** Ready, or tried less than a minute ago: a library-service that is down must not slow every request. */
    public boolean isReady(String user) {
        Long failed = failedAt.get(user);
        return ready.contains(user) || (failed != null && System.currentTimeMillis() - failed < RETRY_AFTER_MILLIS);
    }

    /** Blocks (calls the library-service); a failure is logged and tried again a minute later. */
    public void prepare(Caller user) {
        String outcome = provisioning.createLibrary(user, user.user());
        if (outcome.equals(UserProvisioning.LIBRARY_CREATED)) {
            ready.add(user.user());
            failedAt.remove(user.user());
        } else {
            failedAt.put(user.user(), System.currentTimeMillis());
            LOG.warnf("first sign-in of %s: %s", user.user(), outcome);
        }
    }
}
