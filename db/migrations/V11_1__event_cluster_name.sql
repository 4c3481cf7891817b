-- The cluster's name when the event happened: Chronos links events to clusters by name, and a
-- deleted cluster's name can no longer be read from `clusters`.
ALTER TABLE cluster_events ADD COLUMN cluster_name VARCHAR(255) NULL AFTER cluster_id;
