package org.dtaas.library.twins;

import java.util.regex.Pattern;
import org.dtaas.library.BadPathException;

/**
 * The name of a new twin: it becomes a folder, a path segment of the twins' API and a word in the
 * lifecycle programs' environment ({@code DTAAS_TWIN}), so it is kept to letters, digits, '-', '_'
 * and '.', starting with a letter or digit. Existing twins may have other names; new ones don't.
 */
public final class TwinName {

    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private TwinName() {
    }

    public static String check(String name) {
        if (name == null || !RULE.matcher(name).matches()) {
            throw new BadPathException("a twin's name has 1 to 63 letters, digits, '-', '_' or '.', and starts"
                    + " with a letter or digit (e.g. my-thermostat)");
        }
        return name;
    }
}
