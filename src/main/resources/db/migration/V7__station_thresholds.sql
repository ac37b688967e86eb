-- Thresholds of the station conditions (too hot, too cold, overfull, open without data, occupied
-- while closed). threshold_global holds at most one row; without it the code's defaults apply.
-- station_threshold holds per-station overrides: a NULL column inherits the global value. The
-- ranges repeat org.yizhan.condition.ThresholdField; the code validates first, these are the
-- backstop.
CREATE TABLE threshold_global (
    id                      boolean PRIMARY KEY DEFAULT true CHECK (id),
    too_hot_c               double precision NOT NULL CHECK (too_hot_c BETWEEN 15 AND 50),
    too_hot_minutes         integer NOT NULL CHECK (too_hot_minutes BETWEEN 1 AND 1440),
    too_cold_c              double precision NOT NULL CHECK (too_cold_c BETWEEN -10 AND 25),
    too_cold_minutes        integer NOT NULL CHECK (too_cold_minutes BETWEEN 1 AND 1440),
    overfull_pct            integer NOT NULL CHECK (overfull_pct BETWEEN 50 AND 100),
    overfull_minutes        integer NOT NULL CHECK (overfull_minutes BETWEEN 1 AND 1440),
    open_no_data_minutes    integer NOT NULL CHECK (open_no_data_minutes BETWEEN 5 AND 1440),
    closed_occupied_minutes integer NOT NULL CHECK (closed_occupied_minutes BETWEEN 1 AND 1440),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    updated_by              text,
    CHECK (too_cold_c < too_hot_c)
);

CREATE TABLE station_threshold (
    station_id              text PRIMARY KEY REFERENCES station (id) ON DELETE CASCADE,
    too_hot_c               double precision CHECK (too_hot_c BETWEEN 15 AND 50),
    too_hot_minutes         integer CHECK (too_hot_minutes BETWEEN 1 AND 1440),
    too_cold_c              double precision CHECK (too_cold_c BETWEEN -10 AND 25),
    too_cold_minutes        integer CHECK (too_cold_minutes BETWEEN 1 AND 1440),
    overfull_pct            integer CHECK (overfull_pct BETWEEN 50 AND 100),
    overfull_minutes        integer CHECK (overfull_minutes BETWEEN 1 AND 1440),
    open_no_data_minutes    integer CHECK (open_no_data_minutes BETWEEN 5 AND 1440),
    closed_occupied_minutes integer CHECK (closed_occupied_minutes BETWEEN 1 AND 1440),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    updated_by              text,
    -- Only when both are overridden; against the global value the code checks.
    CHECK (too_cold_c < too_hot_c)
);
