-- Named point sets for planners: demand (where outdoor workers are, weighted by how many) and
-- candidate sites (where a new station could stand). One row per set, one row per point; points
-- are written with COPY and replaced whole in one transaction, so a failed replace leaves the old
-- set as it was.
CREATE TABLE plan_set (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('demand', 'candidate')),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    point_count   integer NOT NULL CHECK (point_count > 0),
    total_weight  double precision NOT NULL CHECK (total_weight > 0),
    UNIQUE (kind, name)
);

-- WGS-84 degrees; seq is the point's position in its set (0-based), so a set reads back in order.
CREATE TABLE plan_point (
    set_id  bigint NOT NULL REFERENCES plan_set (id) ON DELETE CASCADE,
    seq     integer NOT NULL,
    lon     double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat     double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    weight  double precision NOT NULL CHECK (weight > 0),
    label   text,
    kind    text,
    PRIMARY KEY (set_id, seq)
);
