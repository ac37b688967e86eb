-- Rollups of trusted readings (flags IS NULL) per station at 15 minutes, 1 hour and 1 day,
-- buckets aligned to midnight in China (UTC+8). On plain PostgreSQL the server keeps them: each
-- committed batch adds its 15-minute sums to rollup_pending in the same transaction, and a fold
-- (org.yizhan.storage.RollupSql) moves them into the three tables, so a late or backfilled
-- reading lands in its own bucket and a redelivered one (not inserted) adds nothing. Readers add
-- the pending rows, so an answer is never behind the committed readings. On TimescaleDB the
-- continuous aggregates reading_15m, reading_1h and reading_1d play this part and these tables
-- stay empty.
--
-- Sums and counts rather than means, so that rollups add up: a mean is sum / n over any set of
-- rows. fillfactor leaves room for the fold's in-place (HOT) updates.
CREATE TABLE rollup_15m (
    station_id  text NOT NULL,
    bucket      timestamptz NOT NULL,
    readings    bigint NOT NULL,
    occ_n       bigint NOT NULL,
    occ_sum     bigint,
    occ_max     integer,
    temp_n      bigint NOT NULL,
    temp_sum    float8,
    temp_min    real,
    temp_max    real,
    hum_n       bigint NOT NULL,
    hum_sum     float8,
    PRIMARY KEY (station_id, bucket)
) WITH (fillfactor = 80);

CREATE TABLE rollup_1h (LIKE rollup_15m INCLUDING ALL) WITH (fillfactor = 80);
CREATE TABLE rollup_1d (LIKE rollup_15m INCLUDING ALL) WITH (fillfactor = 80);

-- Buckets of a time range across all stations (the planner's utilisation, retention).
CREATE INDEX rollup_1h_bucket_idx ON rollup_1h (bucket);

-- The 15-minute sums of committed statements not yet folded: one row per statement (a writer's
-- batch), its buckets as parallel arrays, so a batch of thousands of readings adds one row, not
-- thousands. Append-only, no index, emptied by the fold every few seconds.
CREATE TABLE rollup_pending (
    id          bigserial,
    station_id  text[] NOT NULL,
    bucket      timestamptz[] NOT NULL,
    readings    bigint[] NOT NULL,
    occ_n       bigint[] NOT NULL,
    occ_sum     bigint[] NOT NULL,
    occ_max     integer[] NOT NULL,
    temp_n      bigint[] NOT NULL,
    temp_sum    float8[] NOT NULL,
    temp_min    real[] NOT NULL,
    temp_max    real[] NOT NULL,
    hum_n       bigint[] NOT NULL,
    hum_sum     float8[] NOT NULL
);
