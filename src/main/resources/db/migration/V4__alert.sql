-- Alerts with their lifecycle: opened, acknowledged (by whom), resolved; history is kept.
CREATE TABLE alert (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL,
    station_id       text,
    device_id        text,
    severity         text NOT NULL,
    opened_at        timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    resolved_at      timestamptz,
    detail           text
);
CREATE INDEX alert_open_idx ON alert (opened_at DESC) WHERE resolved_at IS NULL;
CREATE INDEX alert_opened_idx ON alert (opened_at DESC);
