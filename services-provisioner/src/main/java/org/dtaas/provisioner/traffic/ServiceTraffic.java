package org.dtaas.provisioner.traffic;

import java.util.Collection;
import java.util.Map;

/**
 * One platform service's measure of use, for twin-aware idleness: a counter per user that grows with
 * the messages or points that user's account moves (a physical twin publishing, a twin writing its
 * time series). Only changes matter; a counter may start again from zero when the service restarts.
 */
public interface ServiceTraffic {

    /** The service's name, as in {@code /api/services}. */
    String service();

    /** Whether this installation can measure the service's traffic. */
    boolean configured();

    /** The counters of those of {@code users} the service has seen traffic of; throws when it cannot answer. */
    Map<String, Long> counters(Collection<String> users);
}
