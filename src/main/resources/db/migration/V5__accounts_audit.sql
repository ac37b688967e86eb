-- Admin accounts. Passwords are kept only as Argon2id hashes (PHC strings with their own salt and
-- cost). A station admin's scope is a list of station ids, "city/district" pairs and whole cities.
CREATE TABLE account (
    username       text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name   text NOT NULL,
    role           text NOT NULL CHECK (role IN ('super_admin', 'station_admin', 'planner')),
    scope_stations text[] NOT NULL DEFAULT '{}',
    scope_districts text[] NOT NULL DEFAULT '{}',
    scope_cities   text[] NOT NULL DEFAULT '{}',
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    disabled_at    timestamptz
);

-- Every admin write: who, what, on which target, the value before and after.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   text,
    station_id  text,
    before      jsonb,
    after       jsonb,
    client_ip   text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, at DESC);

-- Secrets shared by every server instance on this database (the session-signing key).
CREATE TABLE server_secret (
    name       text PRIMARY KEY,
    value      bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
