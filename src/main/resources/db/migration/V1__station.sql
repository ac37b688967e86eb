-- The station registry. Coordinates are WGS-84 degrees; the spatial index lives in memory (JTS),
-- so the table needs no PostGIS and runs on any PostgreSQL 13+.
CREATE TABLE station (
    id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name_zh       text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
    name_en       text CHECK (length(name_en) <= 200),
    kind          text NOT NULL,
    lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    address       text,
    city          text,
    district      text,
    capacity      integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    amenities     text[] NOT NULL DEFAULT '{}',
    opening_hours text NOT NULL,
    operator      text,
    phone         text,
    status        text NOT NULL CHECK (status IN ('active', 'temporarily_closed', 'closed')),
    star_rating   smallint CHECK (star_rating BETWEEN 1 AND 5),
    version       bigint NOT NULL CHECK (version >= 1),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX station_city_district_idx ON station (city, district);
CREATE INDEX station_status_idx ON station (status);
