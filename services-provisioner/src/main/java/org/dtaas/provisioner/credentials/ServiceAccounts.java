package org.dtaas.provisioner.credentials;

import java.util.Map;

/**
 * One platform service's side of provisioning: makes (idempotently) the account a user gets, and
 * removes it. Credentials are string maps in the shape CONTRACT.md gives for that service.
 */
public interface ServiceAccounts {

    /** The service's name in {@code /api/services} and in the credentials document. */
    String service();

    /** Services are provisioned in this order, lowest first (Grafana needs the user's InfluxDB account). */
    default int order() {
        return 0;
    }

    /** Whether this installation offers the service with per-user accounts. */
    boolean configured();

    /**
     * Makes sure {@code user} has an account; {@code previous} is the credential issued before
     * (empty the first time), whose secrets are kept. Returns the credential fields. Safe to call again.
     */
    Map<String, String> provision(String user, Map<String, String> previous);

    /** Removes the user's account and everything only it used; nothing to remove is fine. */
    void deprovision(String user);
}
