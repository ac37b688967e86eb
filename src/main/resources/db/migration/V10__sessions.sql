-- Admin sessions. A session token (JWT) names its row by `sid`; the row is the truth: log-out,
-- a disabled account and a password change revoke rows, and every authenticated request checks
-- its row, so every server instance on this database sees a revocation at once.
CREATE TABLE admin_session (
    id          text PRIMARY KEY CHECK (length(id) BETWEEN 16 AND 64),
    username    text NOT NULL REFERENCES account (username) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    client_ip   text
);
CREATE INDEX admin_session_username_idx ON admin_session (username) WHERE revoked_at IS NULL;
CREATE INDEX admin_session_expires_idx ON admin_session (expires_at);
