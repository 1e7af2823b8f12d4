package org.dtaas.workspace.run.provenance;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library assets a twin's programs name literally: {@code $WORKSPACE/tools/x.jar} (the runner's own
 * library), {@code $DTAAS_COMMON/models/m.fmu} or {@code common/data/set} (common/). A path built from
 * variables ({@code $WORKSPACE/tools/$JAR}) is not resolved: provenance records what is certain.
 */
public final class NamedAssets {

    /** An asset a program names: in common/ or in the runner's own library; {@code path} starts with the kind. */
    public record Named(boolean common, String path) {
    }

    private static final Pattern NAMED = Pattern.compile(
            "(\\$\\{?WORKSPACE\\}?|\\$\\{?DTAAS_COMMON\\}?|(?<![\\w/.-])common)/"
                    + "(functions|models|tools|data)/([A-Za-z0-9_][^\\s\"'$`);|&<>*?]*)");

    static final int MAX = 50;

    private NamedAssets() {
    }

    public static Set<Named> in(String program) {
        Set<Named> named = new LinkedHashSet<>();
        Matcher m = NAMED.matcher(program);
        while (m.find() && named.size() < MAX) {
            String path = (m.group(2) + "/" + m.group(3)).replaceAll("/+$", "");
            if (path.contains("/../") || path.endsWith("/..") || path.contains("/./")) {
                continue; // only plain paths: nothing that climbs
            }
            named.add(new Named(!m.group(1).contains("WORKSPACE"), path));
        }
        return named;
    }
}
