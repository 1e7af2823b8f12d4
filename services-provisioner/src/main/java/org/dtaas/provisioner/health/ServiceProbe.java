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

    private record Probed(String status, long at) {
    }

    public ServiceProbe(ServicesConfig config) {
        this.config = config;
    }

    public List<PlatformService> all() {
        List<PlatformService> services = new ArrayList<>();
        config.endpoints().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String url = e.getValue().url().filter(u -> !u.isBlank()).orElse(null);
            String status = url == null ? "not-configured" : status(e.getKey(), url);
            services.add(new PlatformService(e.getKey(), e.getValue().title(), url, status));
        });
        return services;
    }

    private String status(String name, String url) {
        long now = System.currentTimeMillis();
        Probed probed = recent.get(name);
        if (probed == null || now - probed.at() > config.probeCacheTime().toMillis()) {
            probed = new Probed(accepts(url) ? "up" : "down", now);
            recent.put(name, probed);
        }
        return probed.status();
    }

    private boolean accepts(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(uri.getScheme(), -1);
        if (uri.getHost() == null || port <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) config.probeTimeout().toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
