package org.dtaas.workspace.workspaces;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dtaas.workspace.run.RunService;

/**
 * Twin-aware idleness: whether a user whose tools are idle still uses the platform through their
 * twins — a lifecycle run going, or traffic of their service accounts (a physical twin publishing to
 * their broker vhost or MQTT topics, a twin writing its InfluxDB database) within the idle time.
 */
@ApplicationScoped
public class TwinActivity {

    private static final Map<String, String> TITLES = Map.of("rabbitmq", "RabbitMQ", "mqtt", "MQTT", "influxdb", "InfluxDB",
            "grafana", "Grafana");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final RunService runs;
    private final ServiceActivity services;

    public TwinActivity(RunService runs, ServiceActivity services) {
        this.runs = runs;
        this.services = services;
    }

    /** Why {@code user} is in use although their tools were idle for {@code idle}; empty when they are not. */
    public Optional<String> whyInUse(String user, Duration idle) {
        if (!runs.processesOf(user).isEmpty()) {
            return Optional.of("a twin of " + user + " is running");
        }
        Instant since = Instant.now().minus(idle);
        Map<String, Instant> recent = services.lastActive(user).entrySet().stream()
                .filter(service -> service.getValue().isAfter(since))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        String names = recent.keySet().stream().sorted().map(name -> TITLES.getOrDefault(name, name))
                .collect(Collectors.joining(", "));
        Instant last = recent.values().stream().max(Instant::compareTo).orElseThrow();
        return Optional.of(user + "'s twins used " + names + " in that time (last at " + AT.format(last) + ")");
    }
}
