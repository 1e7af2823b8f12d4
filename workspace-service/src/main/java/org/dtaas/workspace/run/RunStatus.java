package org.dtaas.workspace.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is: {@code queued → running → succeeded | failed | cancelled}. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    public static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
