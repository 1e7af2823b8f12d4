package org.dtaas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SafeNextTest {

    @Test
    void loginRedirectsOnlyToLocalPaths() {
        assertEquals("/", AuthRoutes.safeNext("//evil.example/x"));
        assertEquals("/", AuthRoutes.safeNext("https://evil.example/"));
        assertEquals("/", AuthRoutes.safeNext("/\\evil.example"));
        assertEquals("/", AuthRoutes.safeNext(null));
        assertEquals("/alice/lab", AuthRoutes.safeNext("/alice/lab"));
    }
}
