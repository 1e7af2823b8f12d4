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

    /** What browsers strip or reinterpret in a Location header, and what cannot go into one at all. */
    @Test
    void controlCharactersBackslashesAndOddFormsNeverLeaveTheOrigin() {
        for (String next : new String[] {"/\t/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "/\u000b/evil.example",
            "/\u0000/evil.example", "/\u007f/x", "\\/evil.example", "/\\/evil.example", "/x\\y", "/ /evil.example",
            "/\u00a0/evil.example", "/\u2028/evil.example", "https:/evil.example", "///evil.example", "/x\"y", "/x<y>",
            "", "x", "/" + "a".repeat(3000)}) {
            assertEquals("/", AuthRoutes.safeNext(next), () -> "let through: " + next.replace("\t", "<TAB>"));
        }
        for (String next : new String[] {"/library", "/alice/lab?reset", "/lib?q=%2F%2Fx", "/twins/hello-world/runs/3#log",
            "/%2F%2Fevil.example", "/a/./b", "/admin"}) {
            assertEquals(next, AuthRoutes.safeNext(next));
        }
    }
}
