-- Problems workers report about a station, anonymously, and what admins did about them.
CREATE TABLE feedback (
    id                bigserial PRIMARY KEY,
    station_id        text NOT NULL REFERENCES station (id),
    kind              text NOT NULL,
    text              text,
    status            text NOT NULL DEFAULT 'new',
    created_at        timestamptz NOT NULL DEFAULT now(),
    status_changed_at timestamptz
);
CREATE INDEX feedback_status_created_idx ON feedback (status, created_at DESC);
CREATE INDEX feedback_station_created_idx ON feedback (station_id, created_at DESC);
