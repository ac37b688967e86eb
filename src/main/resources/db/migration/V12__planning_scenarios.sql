-- Planning runs a planner kept: named, with the request and the answer as the API rendered them
-- (JSON documents, read back whole), so two scenarios compare side by side after a restart.
CREATE TABLE planning_scenario (
    name        text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    kind        text NOT NULL,
    owner       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    document    jsonb NOT NULL
);
