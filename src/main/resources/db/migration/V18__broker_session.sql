-- The broker-mode instances' client ids, so that the owner of the cluster-wide duties knows which
-- persistent broker sessions exist and can adopt the session of one that died. An instance holds
-- the session advisory lock (22907, lock_key) while it lives; a row whose lock nobody holds is a
-- dead instance. An admin retires an id for good by setting retire_requested_at: the adopter
-- drains its session, ends it on the broker and deletes the row (docs/ingest.md, "When a part
-- fails"); an instance that starts with the id again clears the request.
CREATE TABLE broker_session (
    client_id        text PRIMARY KEY,
    lock_key         serial NOT NULL UNIQUE,
    first_claimed_at timestamptz NOT NULL DEFAULT now(),
    last_claimed_at  timestamptz NOT NULL DEFAULT now(),
    retire_requested_at timestamptz
);
