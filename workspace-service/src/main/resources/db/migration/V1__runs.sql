-- Lifecycle runs of digital twins. Times are epoch milliseconds (UTC), the same on H2 and PostgreSQL.
CREATE TABLE runs (
    id              VARCHAR(36)   PRIMARY KEY,
    run_user        VARCHAR(64)   NOT NULL,  -- who started it (its identity and credentials)
    owner           VARCHAR(64)   NOT NULL,  -- whose library holds the twin: a user or 'common'
    twin            VARCHAR(255)  NOT NULL,
    twin_path       VARCHAR(1024) NOT NULL,  -- library path of the twin folder
    phase           VARCHAR(16)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,  -- queued running succeeded failed cancelled
    exit_code       INTEGER,
    reason          VARCHAR(1000),
    pid             BIGINT,
    pid_started_at  BIGINT,                   -- tells the run's process from a later one with the same pid
    created_at      BIGINT        NOT NULL,
    started_at      BIGINT,
    ended_at        BIGINT
);
CREATE INDEX runs_by_twin ON runs (owner, twin, created_at);
CREATE INDEX runs_by_status ON runs (status);
