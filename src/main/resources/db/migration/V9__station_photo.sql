-- An optional photo per station (issue 5), shown on the worker's station page: an absolute
-- https:// URL or a path on this server. org.yizhan.station.StationInput validates the form; the
-- length check here is the backstop.
ALTER TABLE station ADD COLUMN photo_url text CHECK (length(photo_url) <= 500);
