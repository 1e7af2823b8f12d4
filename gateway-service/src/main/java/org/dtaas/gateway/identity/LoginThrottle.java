package org.dtaas.gateway.identity;

import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.config.GatewayConfig;

/**
 * Slows down password guessing without locking anyone out: a back-off, never a ban.
 * <ul>
 * <li>one account from one address: after {@code maxFailures} failures within the window, each
 * further attempt waits 1, 2, 4 ... seconds after the last failure, up to {@code maxBackoff};</li>
 * <li>one account from everywhere (guessing spread over many addresses): the same back-off after
 * {@code maxFailuresPerAccount} failures.</li>
 * </ul>
 * So the right password always gets in within {@code maxBackoff} of the last wrong guess, and failures
 * for many names from one address (a NAT, a proxy, every local process) slow only those names — there
 * is no per-address limit that would shut out everybody behind it. A success clears the account's
 * count for that address.
 */
@Singleton
public class LoginThrottle {

    private final int maxPerUserAndAddress;
    private final int maxPerAccount;
    private final long windowMillis;
    private final long maxBackoffMillis;
    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public LoginThrottle(GatewayConfig config) {
        this(config.gateway().login().maxFailures(), config.gateway().login().maxFailuresPerAccount(),
                config.gateway().login().window().toMillis(), config.gateway().login().maxBackoff().toMillis());
    }

    LoginThrottle(int maxPerUserAndAddress, int maxPerAccount, long windowMillis, long maxBackoffMillis) {
        this.maxPerUserAndAddress = maxPerUserAndAddress;
        this.maxPerAccount = maxPerAccount;
        this.windowMillis = windowMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
    public long retryAfterSeconds(String user, String address) {
        long now = System.currentTimeMillis();
        long wait = Math.max(waitFor(userKey(user, address), maxPerUserAndAddress, now), waitFor(accountKey(user), maxPerAccount, now));
        return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    public void recordFailure(String user, String address) {
        long now = System.currentTimeMillis();
        add(userKey(user, address), now);
        add(accountKey(user), now);
    }

    public void recordSuccess(String user, String address) {
        failures.remove(userKey(user, address));
    }

    /** Milliseconds until the next attempt under {@code key}: 2^(failures beyond max) s after the last one. */
    private long waitFor(String key, int max, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, now);
            int beyond = times.size() - max;
            if (beyond < 0) {
                return 0;
            }
            long backoff = Math.min(maxBackoffMillis, 1000L << Math.min(beyond, 20));
            return Math.max(0, times.peekLast() + backoff - now);
        }
    }

    private void add(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            if (times.size() > 4 * Math.max(maxPerAccount, maxPerUserAndAddress)) {
                times.removeFirst(); // the back-off is capped long before: no need to keep more
            }
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

    private static String accountKey(String user) {
        return "a\u0000" + user;
    }
}
