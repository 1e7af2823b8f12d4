package org.dtaas.workspace.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One run of a lifecycle phase (CONTRACT.md: {@code id user twin phase status exitCode startedAt
 * endedAt}); {@code owner} is whose library holds the twin, {@code reason} says why a run failed.
 */
public record Run(String id, String user, String owner, String twin, String twinPath, String phase, RunStatus status,
        Integer exitCode, String reason, Instant createdAt, Instant startedAt, Instant endedAt,
        @JsonIgnore Long pid, @JsonIgnore Long pidStartedAt) {

    /** Milliseconds from start to end (or to now while running); null before it started. In the JSON too. */
    @com.fasterxml.jackson.annotation.JsonProperty("durationMs")
    public Long durationMs() {
        if (startedAt == null) {
            return null;
        }
        Instant end = endedAt != null ? endedAt : Instant.now();
        return end.toEpochMilli() - startedAt.toEpochMilli();
    }

    public Run running(Long pid, Long pidStartedAt, Instant at) {
        return new Run(id, user, owner, twin, twinPath, phase, RunStatus.RUNNING, null, null, createdAt, at, null, pid,
                pidStartedAt);
    }

    public Run ended(RunStatus status, Integer exitCode, String reason, Instant at) {
        return new Run(id, user, owner, twin, twinPath, phase, status, exitCode, reason, createdAt, startedAt, at, pid,
                pidStartedAt);
    }
}
