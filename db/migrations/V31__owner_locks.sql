-- One row per cluster owner, locked (INSERT ... ON DUPLICATE KEY UPDATE) by every transaction that
-- makes one of the owner's clusters run while per-user caps are on
-- (compute.access.limits.max-running-clusters, max-running-cores): such transactions of one owner
-- then count the owner's running clusters one after another, so two concurrent creates or starts
-- cannot both pass a cap that only one fits under. Nothing else is stored. The lock is taken before
-- the cluster's row is written (so no two such transactions of one owner wait on each other), and
-- the count then reads the owner's running clusters through their own index (V32).
CREATE TABLE owner_locks (
  owner VARCHAR(255) NOT NULL,
  PRIMARY KEY (owner)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- Every owner that has a cluster gets its row now: a first lock row inserted by a transaction that
-- then rolls back (a refused request) can deadlock the others waiting for it.
INSERT INTO owner_locks (owner) SELECT DISTINCT owner FROM clusters;
