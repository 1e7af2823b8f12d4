package org.dtaas.gateway.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.identity.UserProvisioning;
import org.dtaas.identity.Caller;
import org.jboss.logging.Logger;

/**
 * Provider accounts have no "add user" step: the first request of a provider user (browser or token)
 * makes their library folders, once per gateway process (existing folders are kept).
 */
@ApplicationScoped
public class ProviderUserSetup {

    private static final Logger LOG = Logger.getLogger(ProviderUserSetup.class);

    private final UserProvisioning provisioning;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    public ProviderUserSetup(UserProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    public boolean isReady(String user) {
        return ready.contains(user);
    }

    /** Blocks (calls the library-service); a failure is logged and tried again at the user's next request. */
    public void prepare(Caller user) {
        String outcome = provisioning.createLibrary(user, user.user());
        if (outcome.equals(UserProvisioning.LIBRARY_CREATED)) {
            ready.add(user.user());
        } else {
            LOG.warnf("first sign-in of %s: %s", user.user(), outcome);
        }
    }
}
