package org.dtaas.workspace.workspaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twin-aware idleness from the services' side: traffic of a user's accounts within the idle time (as
 * the services-provisioner notes it) keeps them in use, says which services and when; old traffic,
 * other users' traffic and a file not in the provisioner's shape keep nobody.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class TwinActivityTest {

    private static final Duration IDLE = Duration.ofHours(8);

    @Inject
    TwinActivity twins;

    @Inject
    WorkspaceConfig config;

    @AfterEach
    void noActivity() throws Exception {
        Files.deleteIfExists(Path.of(config.serviceActivityFile()));
    }

    private void provisionerWrites(String document) throws Exception {
        Path file = Path.of(config.serviceActivityFile());
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("activity.tmp");
        Files.writeString(temp, document);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void recentTrafficOfAUsersAccountsKeepsThemInUseAndSaysWhich() throws Exception {
        Instant now = Instant.now();
        provisionerWrites("{\"alice\": {\"mqtt\": \"" + now.minusSeconds(60) + "\", \"influxdb\": \"" + now.minusSeconds(120)
                + "\", \"rabbitmq\": \"" + now.minus(Duration.ofHours(9)) + "\"}, \"bob\": {\"mqtt\": \""
                + now.minus(Duration.ofHours(9)) + "\"}}");
        String why = twins.whyInUse("alice", IDLE).orElseThrow();
        assertTrue(why.startsWith("alice's twins used InfluxDB, MQTT in that time (last at "), why);
        assertEquals(Optional.empty(), twins.whyInUse("bob", IDLE), "bob's traffic is older than the idle time");
        assertEquals(Optional.empty(), twins.whyInUse("carol", IDLE), "carol had none");
    }

    @Test
    void aFileNotInTheProvisionersShapeKeepsNobody() throws Exception {
        String recent = Instant.now().toString();
        for (String hostile : new String[] {"not json", "[1, 2]", "{\"alice\": \"" + recent + "\"}",
                "{\"alice\": {\"mqtt\": \"yesterday\"}}", "{\"alice\": {\"mqtt\": 5}}"}) {
            provisionerWrites(hostile);
            assertEquals(Optional.empty(), twins.whyInUse("alice", IDLE), hostile);
        }
        provisionerWrites("{\"alice\": {\"mqtt\": \"" + recent + "\"}}");
        assertTrue(twins.whyInUse("alice", IDLE).isPresent(), "a good file after bad ones is read");

        Path file = Path.of(config.serviceActivityFile());
        Files.delete(file);
        Path elsewhere = file.resolveSibling("elsewhere.json");
        Files.writeString(elsewhere, "{\"alice\": {\"mqtt\": \"" + recent + "\"}}");
        Files.createSymbolicLink(file, elsewhere);
        try {
            assertEquals(Optional.empty(), twins.whyInUse("alice", IDLE), "a link in its place is not followed");
        } finally {
            Files.delete(elsewhere);
        }
    }
}
