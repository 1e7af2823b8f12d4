-- Ports of running workspaces published at /shared/<name>/ for people without an account.
CREATE TABLE published (
    name        VARCHAR(40)  PRIMARY KEY,
    owner       VARCHAR(64)  NOT NULL,
    port        INTEGER      NOT NULL,
    token_hash  VARCHAR(64),            -- SHA-256 (hex) of the access token; NULL: public
    created_at  BIGINT       NOT NULL
);
CREATE INDEX published_by_owner ON published (owner);
