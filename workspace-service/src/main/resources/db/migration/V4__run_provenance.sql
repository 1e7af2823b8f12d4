-- What each run used and made (GET /api/runs/{id}/provenance): JSON written as the run starts (inputs)
-- and as it ends (outputs). Kept apart from runs: the run list never reads it.
CREATE TABLE run_provenance (
    run_id   VARCHAR(36) PRIMARY KEY,
    inputs   TEXT        NOT NULL,
    outputs  TEXT
);
