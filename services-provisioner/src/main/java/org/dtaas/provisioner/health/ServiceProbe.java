package org.dtaas.provisioner.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.provisioner.config.ServicesConfig;

/**
 * Tells whether each configured platform service accepts connections on its port. Results are
 * reused for a few seconds so a page refresh storm does not become a connection storm.
 */
@ApplicationScoped
public class ServiceProbe {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("amqp", 5672, "mqtt", 1883, "http", 80, "https", 443);

    private final ServicesConfig config;
    private final ConcurrentHashMap<String, Probed> recent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> lastErrors = new ConcurrentHashMap<>();

    private record Probed(String status, String error, long at) {
    }

    public ServiceProbe(ServicesConfig config) {
        this.config = config;
    }

    public List<PlatformService> all() {
        List<PlatformService> services = new ArrayList<>();
        config.endpoints().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String url = e.getValue().url().filter(u -> !u.isBlank()).orElse(null);
            if (url == null) {
                services.add(new PlatformService(e.getKey(), e.getValue().title(), null, "not-configured", null, null));
            } else {
                Probed probed = probed(e.getKey(), url);
                services.add(new PlatformService(e.getKey(), e.getValue().title(), url, probed.status(), lastErrors.get(e.getKey()),
                        java.time.Instant.ofEpochMilli(probed.at())));
            }
        });
        return services;
    }

    /** Checks every configured service now; runs every probe-interval so status is known before anyone asks. */
    @io.quarkus.scheduler.Scheduled(every = "${dtaas.services.probe-interval:30s}", delayed = "5s")
    void checkAll() {
        config.endpoints().forEach((name, endpoint) -> endpoint.url().filter(u -> !u.isBlank())
                .ifPresent(url -> recent.put(name, probe(name, url))));
    }

    private Probed probed(String name, String url) {
        Probed probed = recent.get(name);
        if (probed == null || System.currentTimeMillis() - probed.at() > config.probeCacheTime().toMillis()) {
            probed = probe(name, url);
            recent.put(name, probed);
        }
        return probed;
    }

    /** Connects to the service's port; a failure is kept as the service's last error. */
    private Probed probe(String name, String url) {
        long now = System.currentTimeMillis();
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(uri.getScheme(), -1);
        String error = null;
        if (uri.getHost() == null || port <= 0) {
            error = "the URL " + url + " names no host and port";
        } else {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), (int) config.probeTimeout().toMillis());
            } catch (IOException e) {
                error = uri.getHost() + ":" + port + ": " + e.getMessage() + " at " + java.time.Instant.ofEpochMilli(now);
            }
        }
        if (error != null) {
            lastErrors.put(name, error);
        }
        return new Probed(error == null ? "up" : "down", error, now);
    }
}
