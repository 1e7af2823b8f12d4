package org.dtaas.provisioner.traffic;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.credentials.CredentialStore;
import org.jboss.logging.Logger;

/**
 * Notes when each user's service accounts last moved something: every {@code traffic-every} it reads
 * each measurable service's counters ({@link ServiceTraffic}) and, for a counter that grew, writes the
 * time to the activity file ({@code {"alice": {"mqtt": "2026-12-03T09:12:00Z"}}}, by a rename). The
 * workspace-service reads that file before it stops a workspace as idle: a twin that talks to its
 * physical twin is in use with no tool open. A file channel, since services call each other only
 * through the gateway.
 */
@ApplicationScoped
public class TrafficWatch {

    private static final Logger LOG = Logger.getLogger(TrafficWatch.class);

    private final Instance<ServiceTraffic> services;
    private final CredentialStore store;
    private final ObjectMapper json;
    private final Path activityFile;
    /** "user service" → the counter last seen (a first sight is no activity: it counts since the service started). */
    private final Map<String, Long> lastCounters = new HashMap<>();
    /** user → service → when its counter last grew; what the activity file holds. */
    private final Map<String, Map<String, Instant>> lastActive = new ConcurrentHashMap<>();
    private final Set<String> unanswered = new HashSet<>();

    public TrafficWatch(Instance<ServiceTraffic> services, CredentialStore store, ObjectMapper json, ProvisionerConfig config) {
        this.services = services;
        this.store = store;
        this.json = json;
        this.activityFile = Path.of(config.activityFile());
        readEarlierActivity();
    }

    @Scheduled(every = "${dtaas.provisioner.traffic-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void look() {
        Instant now = Instant.now();
        boolean changed = false;
        for (ServiceTraffic service : services) {
            if (service.configured()) {
                changed |= look(service, now);
            }
        }
        if (changed) {
            write();
        }
    }

    /** When each of {@code user}'s services last had traffic, as far as this watch knows. */
    public Map<String, Instant> lastActive(String user) {
        return Map.copyOf(lastActive.getOrDefault(user, Map.of()));
    }

    private boolean look(ServiceTraffic service, Instant now) {
        Map<String, Long> counters;
        try {
            List<String> users = store.owners(service.service());
            counters = new HashMap<>();
            // an account the service has no counter for has moved nothing yet: its first message counts
            users.forEach(user -> counters.put(user, 0L));
            if (!users.isEmpty()) {
                counters.putAll(service.counters(users));
            }
        } catch (RuntimeException e) {
            if (unanswered.add(service.service())) {
                LOG.warnf("the traffic of %s could not be read (%s); its use does not keep workspaces until it answers",
                        service.service(), e.getMessage());
            }
            return false;
        }
        if (unanswered.remove(service.service())) {
            LOG.infof("the traffic of %s is read again", service.service());
        }
        boolean changed = false;
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            Long before = lastCounters.put(counter.getKey() + " " + service.service(), counter.getValue());
            // a smaller counter: the service started again, and counts anew
            boolean moved = before != null && (counter.getValue() > before || counter.getValue() < before && counter.getValue() > 0);
            if (moved) {
                lastActive.computeIfAbsent(counter.getKey(), user -> new ConcurrentHashMap<>()).put(service.service(), now);
                changed = true;
            }
        }
        return changed;
    }

    private void write() {
        Map<String, Map<String, String>> document = new TreeMap<>();
        lastActive.forEach((user, times) -> {
            Map<String, String> services = new TreeMap<>();
            times.forEach((service, at) -> services.put(service, at.toString()));
            document.put(user, services);
        });
        try {
            Files.createDirectories(activityFile.getParent());
            Path temp = activityFile.resolveSibling(activityFile.getFileName() + ".tmp");
            Files.write(temp, json.writeValueAsBytes(document));
            Files.move(temp, activityFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("the service activity could not be written to %s: %s", activityFile, e.getMessage());
        }
    }

    /** Times noted before a restart still count (the counters themselves are seen anew). */
    private void readEarlierActivity() {
        try {
            if (Files.isRegularFile(activityFile) && Files.size(activityFile) < 16 << 20) {
                Map<String, Map<String, String>> earlier = json.readValue(activityFile.toFile(),
                        new TypeReference<Map<String, Map<String, String>>>() {
                        });
                earlier.forEach((user, times) -> times.forEach((service, at) -> lastActive
                        .computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(service, Instant.parse(at))));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the earlier service activity in %s is not readable (%s); it is noted anew", activityFile, e.getMessage());
        }
    }
}
