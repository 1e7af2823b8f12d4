package org.dtaas.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The headers a Connection header names are hop-by-hop: matched as HTTP matches names, whole and without case. */
class ConnectionHeaderTest {

    @Test
    void aNamedHeaderIsFoundWhateverItsCaseAndPlace() {
        assertTrue(UpstreamProxy.namedIn("keep-alive, X-Private", "x-private"));
        assertTrue(UpstreamProxy.namedIn("X-PRIVATE", "X-Private"));
        assertTrue(UpstreamProxy.namedIn(" ,\tx-private\t, close", "X-Private"));
        assertTrue(UpstreamProxy.namedIn("close,x-a,x-b", "x-b"));
    }

    @Test
    void onlyWholeNamesCount() {
        assertFalse(UpstreamProxy.namedIn(null, "x-private"));
        assertFalse(UpstreamProxy.namedIn("", "x-private"));
        assertFalse(UpstreamProxy.namedIn("x-privateer, keep-alive", "x-private"));
        assertFalse(UpstreamProxy.namedIn("x-priv", "x-private"));
        assertFalse(UpstreamProxy.namedIn("keep-alive", "x-private"));
        assertFalse(UpstreamProxy.namedIn(",,", "x-private"));
    }

    @Test
    void theUsualLoneKeepAliveOrCloseNamesNoOtherHeader() {
        assertNull(UpstreamProxy.namingOthers(null));
        assertNull(UpstreamProxy.namingOthers("keep-alive"));
        assertNull(UpstreamProxy.namingOthers("Keep-Alive"));
        assertNull(UpstreamProxy.namingOthers("close"));
        assertEquals("keep-alive, X-Private", UpstreamProxy.namingOthers("keep-alive, X-Private"));
        assertEquals("Upgrade", UpstreamProxy.namingOthers("Upgrade"));
    }
}
