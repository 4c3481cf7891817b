-- V11_50's two tables took the server's default character set, as V1..V3's did: V14_1 converted
-- those and changed the database's default for later tables, but not these. On a server whose
-- default is latin1 (MariaDB 11.4's) a visitor's email or a setting outside Latin-1 was refused as
-- "cannot be stored", and keys and visitors compared without regard to case. Converted like
-- V14_1's tables.

-- The keys the service itself reads were found whatever their case; kept so. Other keys are read as
-- written from now on, like every id; a visitor is the identity as the gateway sends it, as
-- everywhere else.
UPDATE cluster_configs SET config_key = LOWER(config_key)
 WHERE LOWER(config_key) IN ('cloud_env', 'cloud_env_job');

ALTER TABLE user_cluster_visits CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE cluster_configs CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
