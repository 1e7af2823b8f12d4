package org.dtaas.gateway.proxy;

import java.util.Arrays;

/**
 * A fixed set of header names, matched as HTTP matches names: whole and without regard to case. The
 * names are kept by length, so a header whose length no member has (most of an ordinary request's or
 * answer's) is ruled out without a single comparison: the proxy asks this of every header it forwards,
 * where a case-insensitive tree set was a measurable share of a small request.
 */
final class HeaderNames {

    private final String[][] byLength;

    private HeaderNames(String[][] byLength) {
        this.byLength = byLength;
    }

    static HeaderNames of(String... names) {
        int longest = Arrays.stream(names).mapToInt(String::length).max().orElse(0);
        String[][] byLength = new String[longest + 1][];
        for (String name : names) {
            String[] sameLength = byLength[name.length()];
            byLength[name.length()] = sameLength == null ? new String[] {name} : append(sameLength, name);
        }
        return new HeaderNames(byLength);
    }

    boolean contains(String name) {
        int length = name.length();
        if (length >= byLength.length || byLength[length] == null) {
            return false;
        }
        for (String member : byLength[length]) {
            if (member.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String[] append(String[] names, String name) {
        String[] longer = Arrays.copyOf(names, names.length + 1);
        longer[names.length] = name;
        return longer;
    }
}
