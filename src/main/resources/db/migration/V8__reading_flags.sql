-- Data-quality flags of a reading (org.yizhan.quality.QualityFlag bits: out of range, over
-- capacity, counter backwards, counter jump, clock off, stuck). NULL for a good reading, so good
-- rows cost nothing; a flagged reading is kept for admins but never shown as a live value nor
-- counted in history aggregates. Nullable without a default: on a compressed TimescaleDB
-- hypertable that is the kind of column ALTER TABLE can add in place.
ALTER TABLE reading ADD COLUMN flags smallint;
