-- One run at a time per twin, for every replica of the workspace-service sharing this database: a run
-- holds its twin's row from its start to its end.
CREATE TABLE twin_locks (
    twin_key    VARCHAR(512) PRIMARY KEY,   -- <owner>/<twin>
    run_id      VARCHAR(64)  NOT NULL,
    locked_at   BIGINT       NOT NULL
);
