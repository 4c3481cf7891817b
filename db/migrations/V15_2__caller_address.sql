-- The address a change was requested from (issue 15: every mutation is on the timeline with who,
-- what and from where). NULL for the service's own jobs and for rows written before this column.
-- 64 characters hold any IPv6 text form with a zone.
ALTER TABLE cluster_actions ADD COLUMN caller_address VARCHAR(64) NULL;
ALTER TABLE cluster_events ADD COLUMN caller_address VARCHAR(64) NULL;
