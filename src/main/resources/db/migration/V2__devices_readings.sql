-- Devices: one row per sensor box, bound to a station. Only a salted hash of the secret is kept.
CREATE TABLE device (
    id                  text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    station_id          text NOT NULL REFERENCES station (id),
    kind                text NOT NULL CHECK (kind IN ('people_counter', 'climate', 'combined')),
    secret_salt         bytea NOT NULL,
    secret_hash         bytea NOT NULL,
    expected_interval_s integer NOT NULL DEFAULT 60 CHECK (expected_interval_s BETWEEN 5 AND 86400),
    firmware            text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    disabled_at         timestamptz
);
CREATE INDEX device_station_idx ON device (station_id);

-- Readings. On TimescaleDB this becomes a hypertable (see TimescaleSetup); the unique index
-- includes the time column as hypertables require, and makes redelivered readings no-ops.
CREATE TABLE reading (
    time          timestamptz NOT NULL,
    station_id    text NOT NULL,
    device_id     text NOT NULL,
    seq           bigint NOT NULL,
    occupancy     integer,
    entries       bigint,
    exits         bigint,
    temperature_c real,
    humidity_pct  real,
    battery_pct   smallint,
    rssi_dbm      smallint,
    received_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX reading_identity_idx ON reading (device_id, seq, time);
CREATE INDEX reading_station_time_idx ON reading (station_id, time DESC);

-- Refused device messages, kept (bounded by a periodic trim) for admins.
CREATE TABLE rejected_message (
    id          bigserial PRIMARY KEY,
    time        timestamptz NOT NULL DEFAULT now(),
    client_id   text,
    device_id   text,
    topic       text,
    reason      text NOT NULL,
    detail      text,
    payload     text
);
CREATE INDEX rejected_message_time_idx ON rejected_message (time DESC);

-- Server-to-device configuration, one current version per device (published retained).
CREATE TABLE device_config (
    device_id          text PRIMARY KEY REFERENCES device (id),
    version            integer NOT NULL,
    interval_s         integer NOT NULL,
    temperature_high_c real,
    temperature_low_c  real,
    occupancy_report   text NOT NULL DEFAULT 'periodic',
    updated_at         timestamptz NOT NULL DEFAULT now()
);
