package org.dtaas.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UserNamesTest {

    /** The rule as documented (CONTRACT.md): what the hand-written check must agree with. */
    private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    @Test
    void namesOnTheEdgesOfTheRule() {
        assertTrue(UserNames.isValidUser("a"));
        assertTrue(UserNames.isValidUser("user1"));
        assertTrue(UserNames.isValidUser("a-b_c9"));
        assertTrue(UserNames.isValidUser("a" + "b".repeat(31)));
        for (String bad : List.of("", "1abc", "-a", "_a", "Alice", "al ice", "a/b", "a.b", "a\\b", "a\nb", "ä", "a" + "b".repeat(32),
                "alice\u0000", "ａ", "common", "auth", "lib", "shared", "api")) {
            assertFalse(UserNames.isValidUser(bad), bad);
        }
        assertFalse(UserNames.isValidUser(null));
        assertTrue(UserNames.isValidOwner("common"));
    }

    @Test
    void agreesWithTheRuleOnRandomNames() {
        Random random = new Random(20261207);
        String alphabet = "abcxyzAZ09_-./\\ \n\u00e9\u0131\u212a";
        for (int round = 0; round < 200_000; round++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(36);
            for (int i = 0; i < length; i++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = name.toString();
            boolean expected = RULE.matcher(candidate).matches() && !isReserved(candidate);
            assertEquals(expected, UserNames.isValidUser(candidate), candidate);
        }
    }

    private static boolean isReserved(String name) {
        String rule = UserNames.rule();
        return List.of(rule.substring(rule.indexOf("not one of ") + "not one of ".length()).split(", ")).contains(name);
    }
}
