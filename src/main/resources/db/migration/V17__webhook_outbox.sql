-- Webhook notices waiting to be sent: written in the transaction of the alert change that causes
-- them, one row per notice and target, sent by the instance that owns the cluster-wide duties.
-- The id is the delivery id receivers see (X-Yizhan-Delivery), the same on every retry.
CREATE TABLE webhook_outbox (
    id          bigserial PRIMARY KEY,
    alert_id    bigint NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    event       text NOT NULL,
    target      text NOT NULL,
    notice      jsonb NOT NULL,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'delivered', 'failed')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE INDEX webhook_outbox_pending ON webhook_outbox (id) WHERE status = 'pending';
