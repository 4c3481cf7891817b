-- A setting's value may be 65,535 characters (the API's limit), but V11_50 made the column TEXT,
-- which holds 65,535 bytes: on a server whose default was already utf8mb4, V22_3's conversion left
-- it so, and a long value outside ASCII was refused by the database. MEDIUMTEXT holds the limit in
-- any characters.
ALTER TABLE cluster_configs MODIFY value MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
