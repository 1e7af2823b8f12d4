package org.dtaas.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeaderNamesTest {

    private final HeaderNames names = HeaderNames.of("connection", "keep-alive", "te", "trailer", "upgrade", "x-forwarded-for");

    @Test
    void aMemberIsFoundWhateverItsCase() {
        assertTrue(names.contains("connection"));
        assertTrue(names.contains("Connection"));
        assertTrue(names.contains("KEEP-ALIVE")); // the same length as "connection": both are looked at
        assertTrue(names.contains("tE"));
        assertTrue(names.contains("X-Forwarded-For"));
        assertTrue(names.contains("Upgrade"));
    }

    @Test
    void onlyWholeNamesOfTheSetCount() {
        assertFalse(names.contains(""));
        assertFalse(names.contains("t"));
        assertFalse(names.contains("trailers"));
        assertFalse(names.contains("connectio"));
        assertFalse(names.contains("connections"));
        assertFalse(names.contains("x-forwarded-for-something-longer-than-any-member"));
        assertFalse(names.contains("Content-Type"));
        assertFalse(names.contains("keep_alive"));
    }
}
