package org.dtaas.workspace.workspaces;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code stopped -> starting -> running -> stopping -> stopped}; {@code failed} carries a reason. */
public enum WorkspaceState {
    STOPPED, STARTING, RUNNING, STOPPING, FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean active() {
        return this == STARTING || this == RUNNING;
    }
}
