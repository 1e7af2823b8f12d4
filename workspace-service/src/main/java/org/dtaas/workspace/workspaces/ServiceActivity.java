package org.dtaas.workspace.workspaces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.jboss.logging.Logger;

/**
 * When each user's service accounts (RabbitMQ, MQTT, InfluxDB) last moved messages or points, read
 * from the file the services-provisioner writes ({@code {"alice": {"mqtt": "2026-12-03T09:12:00Z"}}}).
 * Read again only when the file changed. A file that is missing, too big or not in that shape means
 * no traffic is known: nobody is kept for it.
 */
@ApplicationScoped
public class ServiceActivity {

    private static final Logger LOG = Logger.getLogger(ServiceActivity.class);
    private static final long MAX_BYTES = 16L << 20;

    private final Path file;
    private final ObjectMapper json;
    private Object readVersion;
    private Map<String, Map<String, Instant>> lastActive = Map.of();

    public ServiceActivity(WorkspaceConfig config, ObjectMapper json) {
        this.file = Path.of(config.serviceActivityFile());
        this.json = json;
    }

    /** When each of {@code user}'s services last had traffic (service name → time); empty when none is known. */
    public synchronized Map<String, Instant> lastActive(String user) {
        refresh();
        return lastActive.getOrDefault(user, Map.of());
    }

    private void refresh() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object version = attributes.lastModifiedTime() + " " + attributes.size() + " " + attributes.fileKey();
            if (version.equals(readVersion)) {
                return;
            }
            readVersion = version;
            lastActive = attributes.isRegularFile() && attributes.size() <= MAX_BYTES ? parse(json.readTree(file.toFile())) : Map.of();
        } catch (NoSuchFileException none) {
            lastActive = Map.of(); // no provisioner here, or no traffic yet
            readVersion = null;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the service activity in %s is not readable (%s): traffic keeps no workspace until it is", file,
                    e.getMessage());
            lastActive = Map.of();
        }
    }

    private static Map<String, Map<String, Instant>> parse(JsonNode document) {
        Map<String, Map<String, Instant>> users = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> u = document.fields(); u.hasNext();) {
            Map.Entry<String, JsonNode> user = u.next();
            Map<String, Instant> services = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> s = user.getValue().fields(); s.hasNext();) {
                Map.Entry<String, JsonNode> service = s.next();
                try {
                    services.put(service.getKey(), Instant.parse(service.getValue().asText()));
                } catch (DateTimeParseException notATime) {
                    // not the provisioner's: skipped
                }
            }
            users.put(user.getKey(), Map.copyOf(services));
        }
        return users;
    }
}
