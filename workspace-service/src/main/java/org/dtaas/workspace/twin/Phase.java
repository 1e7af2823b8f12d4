package org.dtaas.workspace.twin;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The lifecycle phases of a digital twin, in the order they are usually run. */
public enum Phase {
    CREATE, EXECUTE, ANALYZE, EVOLVE, SAVE, TERMINATE, CLEAN;

    public String fileName() {
        return name().toLowerCase();
    }

    public static Optional<Phase> ofFileName(String name) {
        return Arrays.stream(values()).filter(p -> p.fileName().equals(name)).findFirst();
    }

    public static List<String> fileNames() {
        return Arrays.stream(values()).map(Phase::fileName).toList();
    }
}
