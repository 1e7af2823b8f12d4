package org.dtaas.identity;

import java.util.Set;

/**
 * What a user name may look like. User names become URL prefixes ({@code /<user>/lab}) and folder
 * names ({@code files/<user>/}), so they are kept to a small, path-safe alphabet and must not
 * collide with the gateway's own top-level routes or with {@code common}.
 */
public final class UserNames {

    public static final String COMMON = "common";

    /** First path segments the gateway and the web app use themselves. */
    private static final Set<String> RESERVED = Set.of(
            COMMON, "auth", "api", "lib", "shared", "assets", "q", "login", "logout", "library", "twins",
            "workbench", "services", "users", "settings", "static", "public", "files", "index", "health", "metrics");

    private UserNames() {
    }

    /** True for a name a user may have: lowercase, starts with a letter, at most 32 characters, not reserved. */
    public static boolean isValidUser(String name) {
        return name != null && hasUserNameShape(name) && !RESERVED.contains(name);
    }

    /**
     * {@code [a-z][a-z0-9_-]{0,31}}, written out: the gateway asks it of every request's first path
     * segment, where a regular expression's matcher was a measurable share of a small proxied request.
     */
    private static boolean hasUserNameShape(String name) {
        int length = name.length();
        if (length == 0 || length > 32 || !isLowercaseLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = name.charAt(i);
            if (!isLowercaseLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowercaseLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** True for a name that may own library files: a valid user or {@code common}. */
    public static boolean isValidOwner(String name) {
        return COMMON.equals(name) || isValidUser(name);
    }

    /** Explains why {@code name} is refused, for error messages. */
    public static String rule() {
        return "a user name is 1-32 characters of a-z, 0-9, '-' or '_', starts with a letter, and is not one of "
                + String.join(", ", RESERVED.stream().sorted().toList());
    }
}
