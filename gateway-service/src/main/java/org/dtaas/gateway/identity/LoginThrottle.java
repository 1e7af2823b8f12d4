package org.dtaas.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.config.GatewayConfig;

/**
 * Slows down password guessing: after too many failures for one user from one address, or from one
 * address in all, further attempts are refused (429) until the oldest failure leaves the window.
 * A success clears that user's count for that address.
 */
@ApplicationScoped
public class LoginThrottle {

    private final int maxPerUser;
    private final int maxPerAddress;
    private final long windowMillis;
    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(GatewayConfig config) {
        this.maxPerUser = config.gateway().login().maxFailures();
        this.maxPerAddress = config.gateway().login().maxFailuresPerAddress();
        this.windowMillis = config.gateway().login().window().toMillis();
    }

    /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
    public long retryAfterSeconds(String user, String address) {
        long now = System.currentTimeMillis();
        long waitUser = waitFor(userKey(user, address), maxPerUser, now);
        long waitAddress = waitFor(addressKey(address), maxPerAddress, now);
        return Math.max(waitUser, waitAddress);
    }

    public void recordFailure(String user, String address) {
        long now = System.currentTimeMillis();
        add(userKey(user, address), now);
        add(addressKey(address), now);
    }

    public void recordSuccess(String user, String address) {
        failures.remove(userKey(user, address));
    }

    private long waitFor(String key, int max, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < max) {
                return 0;
            }
            return Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000);
        }
    }

    private void add(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() + windowMillis <= now) {
            times.removeFirst();
        }
    }

    private static String userKey(String user, String address) {
        return "u\u0000" + user + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a\u0000" + address;
    }
}
