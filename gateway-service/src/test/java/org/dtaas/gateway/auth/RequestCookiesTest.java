package org.dtaas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RequestCookiesTest {

    @Test
    void findsTheNamedCookieAmongOthers() {
        assertEquals("v1.abc", RequestCookies.value("dtaas_session=v1.abc", "dtaas_session"));
        assertEquals("v1.abc", RequestCookies.value("a=1; dtaas_session=v1.abc; b=2", "dtaas_session"));
        assertEquals("v1.abc", RequestCookies.value("a=1;dtaas_session=v1.abc ", "dtaas_session"));
        assertEquals("", RequestCookies.value("dtaas_session=; a=1", "dtaas_session"));
    }

    @Test
    void theFirstOfTwoWinsAsBrowsersSendTheMostSpecificFirst() {
        assertEquals("first", RequestCookies.value("dtaas_session=first; dtaas_session=second", "dtaas_session"));
    }

    @Test
    void namesThatOnlyStartOrEndLikeItAreOtherCookies() {
        assertNull(RequestCookies.value("dtaas_session_old=1; xdtaas_session=2; a=dtaas_session=3", "dtaas_session"));
        assertEquals("4", RequestCookies.value("dtaas_session_old=1; a=dtaas_session=3; dtaas_session=4", "dtaas_session"));
        assertNull(RequestCookies.value("dtaas_session", "dtaas_session"));
        assertNull(RequestCookies.value("", "dtaas_session"));
        assertNull(RequestCookies.value(";;; ", "dtaas_session"));
    }

    @Test
    void aQuotedValueIsUnquoted() {
        assertEquals("v1.abc", RequestCookies.value("dtaas_session=\"v1.abc\"", "dtaas_session"));
    }
}
