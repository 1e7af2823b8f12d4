package org.dtaas.provisioner.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.jboss.logging.Logger;

/**
 * Gives a user an account on every configured platform service, keeps the issued passwords (so
 * provisioning again changes nothing), and writes the user's credential files. Each service is
 * provisioned on its own: one that is down does not stop the others, and is tried again on the
 * next call.
 */
@ApplicationScoped
public class Provisioning {

    private static final Logger LOG = Logger.getLogger(Provisioning.class);

    private final List<ServiceAccounts> services;
    private final CredentialStore store;
    private final CredentialFiles files;
    private final int attempts;
    private final java.util.concurrent.ConcurrentHashMap<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    public Provisioning(Instance<ServiceAccounts> services, CredentialStore store, CredentialFiles files,
            ProvisionerConfig config) {
        this.services = services.stream().sorted(java.util.Comparator.comparingInt(ServiceAccounts::order)).toList();
        this.store = store;
        this.files = files;
        this.attempts = config.attempts();
    }

    /** What happened per service: the credential, or why there is none. */
    public record Result(Map<String, Map<String, String>> credentials, Map<String, String> problems) {
    }

    /**
     * Provisions whatever the user does not have yet (all of it with {@code again}), and returns the
     * credentials. One user at a time per user: others are not held up by a slow broker.
     */
    public Result provision(String user, boolean again) {
        synchronized (lockOf(user)) {
            return provisionLocked(user, again);
        }
    }

    private Result provisionLocked(String user, boolean again) {
        boolean changed = false;
        Map<String, Map<String, String>> credentials = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (ServiceAccounts service : services) {
            if (!service.configured()) {
                continue;
            }
            Optional<Map<String, String>> issued = store.find(user, service.service());
            if (issued.isPresent() && !again) {
                credentials.put(service.service(), issued.get());
                continue;
            }
            Map<String, String> previous = issued.orElse(Map.of());
            try {
                Map<String, String> credential = withRetries(() -> service.provision(user, previous));
                store.save(user, service.service(), credential);
                credentials.put(service.service(), credential);
                changed = true;
            } catch (RuntimeException e) {
                LOG.warnf("provisioning %s for %s failed: %s", service.service(), user, e.getMessage());
                problems.put(service.service(), "could not be provisioned (" + e.getMessage() + "); try again later");
                issued.ifPresent(c -> credentials.put(service.service(), c));
            }
        }
        if (changed || !files.exist(user)) {
            files.write(user, credentials); // a plain look-up (the Services page) writes nothing
        }
        return new Result(credentials, problems);
    }

    /** Removes the user's accounts everywhere and forgets their credentials. */
    public void deprovision(String user) {
        synchronized (lockOf(user)) {
            deprovisionLocked(user);
        }
    }

    private Object lockOf(String user) {
        return locks.computeIfAbsent(user, u -> new Object());
    }

    private void deprovisionLocked(String user) {
        for (ServiceAccounts service : services) {
            if (service.configured()) {
                withRetries(() -> {
                    service.deprovision(user);
                    return null;
                });
            }
            store.delete(user, service.service());
        }
        files.write(user, Map.of());
    }

    private <T> T withRetries(java.util.function.Supplier<T> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }
}
