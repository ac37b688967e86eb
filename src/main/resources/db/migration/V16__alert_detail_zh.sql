-- An alert's detail in Chinese next to the English one, so the admin API and console answer in
-- the reader's language. Alerts stored before this have none and are shown in English.
ALTER TABLE alert ADD COLUMN detail_zh text;
