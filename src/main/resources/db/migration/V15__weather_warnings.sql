-- Heat and cold warnings (issue 17): set by admins or read from the CAP feed. A warning names a
-- city as the station registry spells it; feed warnings carry the feed's id so a poll that sees
-- the same alert again updates it instead of adding a copy.
CREATE TABLE weather_warning (
    id          bigserial PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('heat', 'cold')),
    level       text        NOT NULL CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
    city        text        NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
    valid_from  timestamptz NOT NULL,
    valid_until timestamptz NOT NULL,
    ended_at    timestamptz,
    source      text        NOT NULL CHECK (source IN ('manual', 'feed')),
    feed_id     text        UNIQUE,
    set_by      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until > valid_from),
    CHECK (valid_until <= valid_from + interval '10 days'),
    CHECK (kind <> 'heat' OR level <> 'blue'),
    CHECK ((source = 'feed') = (feed_id IS NOT NULL))
);

CREATE INDEX weather_warning_until ON weather_warning (valid_until);
