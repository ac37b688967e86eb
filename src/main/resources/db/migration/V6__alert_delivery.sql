-- One row per alert event and webhook target once its fate is known: delivered, failed (refused,
-- or still failing after the last retry) or dropped (pushed out of a full queue, or pending at
-- shutdown). Lets an admin see whether the on-call group was told about an alert.
CREATE TABLE alert_delivery (
    id            bigserial PRIMARY KEY,
    alert_id      bigint NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    target        text NOT NULL,
    event         text NOT NULL CHECK (event IN ('opened', 'acknowledged', 'resolved')),
    status        text NOT NULL CHECK (status IN ('delivered', 'failed', 'dropped')),
    attempts      int NOT NULL CHECK (attempts >= 0),
    last_error    text,
    first_try_at  timestamptz,
    finished_at   timestamptz NOT NULL
);
CREATE INDEX alert_delivery_alert_idx ON alert_delivery (alert_id);
