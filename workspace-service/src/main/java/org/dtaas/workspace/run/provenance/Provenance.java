package org.dtaas.workspace.run.provenance;

import java.time.Instant;
import java.util.List;

/**
 * What a run used and made ({@code GET /api/runs/{id}/provenance}): who started which program of which
 * twin when, the content digests of the twin's files and of the library assets its programs name as
 * they were at the start, the names (never the values) of its environment variables, and the files it
 * wrote into its output folder with their digests.
 */
public record Provenance(String run, String startedBy, String owner, String twin, String phase, String status,
        Integer exitCode, Instant startedAt, Instant endedAt, Inputs inputs, Outputs outputs) {

    /** Recorded as the run starts. */
    public record Inputs(Instant recordedAt, Content program, Content twin, List<Content> assets, List<String> environment) {
    }

    /** A file or folder of the library: its digest and, for a folder, its files; partial when over budget. */
    public record Content(String path, String type, String sha256, long bytes, boolean complete,
            List<TreeDigest.FileDigest> files) {
    }

    /** Recorded as the run ends: the files of {@code folder} (the runner's library) changed since it started. */
    public record Outputs(Instant recordedAt, String folder, List<TreeDigest.FileDigest> files, boolean complete) {
    }
}
