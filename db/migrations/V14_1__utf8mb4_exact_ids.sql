-- Text is stored as sent and ids compare byte for byte (issue 14).
-- Tables created by V1..V3 took the server's default character set, often latin1 with a
-- case-insensitive collation: "ID-X" found "id-x", and anything outside Latin-1 failed with
-- "Illegal mix of collations" or "Incorrect string value". CONVERT TO rewrites the existing rows in
-- utf8mb4 (a superset of latin1 and utf8mb3, so nothing is lost). utf8mb4_bin exists on MySQL 8 and
-- MariaDB 11.4; it compares bytes, so case variants differ (trailing spaces are refused by the API).
-- Cluster names keep a case-insensitive uniqueness, as before.

ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

ALTER TABLE runtimes CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE clusters CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE cluster_actions CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE search_outbox CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE shedlock CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE cluster_events CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE cluster_tombstones CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE alerts_sent CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

ALTER TABLE clusters
  MODIFY name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL;
