package org.dtaas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which user's tools origin a Host names, and only a valid user's on the configured port. */
class ToolOriginsTest {

    private final ToolOrigins local = new ToolOrigins(Optional.of("http://{user}.localhost:8080"));

    @Test
    void aUsersHostOnTheConfiguredPortIsTheirs() {
        assertEquals(Optional.of("alice"), local.ownerOf("alice.localhost", 8080));
        assertEquals(Optional.of("alice"), local.ownerOf("ALICE.Localhost", 8080));
        assertEquals("http://alice.localhost:8080", local.originOf("alice"));
    }

    @Test
    void anythingElseIsThePlatformsOrigin() {
        for (String host : new String[] {"localhost", ".localhost", "alice.localhost.evil", "a.b.localhost", "api.localhost",
                "Alice!.localhost", "127.0.0.1"}) {
            assertEquals(Optional.empty(), local.ownerOf(host, 8080), host);
        }
        assertEquals(Optional.empty(), local.ownerOf("alice.localhost", 8081));
        assertFalse(new ToolOrigins(Optional.empty()).ownerOf("alice.localhost", 8080).isPresent());
    }

    @Test
    void withoutAPortAnyPortIsTaken() {
        ToolOrigins behindProxy = new ToolOrigins(Optional.of("https://{user}.tools.example.org"));
        assertEquals(Optional.of("bob"), behindProxy.ownerOf("bob.tools.example.org", 443));
        assertEquals("https://bob.tools.example.org", behindProxy.originOf("bob"));
    }

    @Test
    void aTemplateWithoutTheUserOrWithAPathIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ToolOrigins(Optional.of("http://tools.localhost")));
        assertThrows(IllegalArgumentException.class, () -> new ToolOrigins(Optional.of("http://{user}.localhost/tools")));
    }
}
