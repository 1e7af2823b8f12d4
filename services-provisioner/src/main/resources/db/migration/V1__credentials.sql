-- Credentials the provisioner issued, one row per user and service. secret: the credential fields
-- as JSON, encrypted with AES-256-GCM under DTAAS_HOME/config/keys/secrets.key (base64 of nonce + ciphertext).
CREATE TABLE credentials (
    owner       VARCHAR(64)   NOT NULL,
    service     VARCHAR(32)   NOT NULL,
    secret      VARCHAR(4000) NOT NULL,
    created_at  BIGINT        NOT NULL,
    PRIMARY KEY (owner, service)
);
