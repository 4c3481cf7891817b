-- A target whose Jupyter pods keep failing (a broken image, a server that crashes as it starts)
-- makes its next ones after a growing wait instead of at every keeper pass: each pass used to
-- delete the failed pods and make new ones, a row, a Deployment and its timeline each, for as long
-- as the fault lasted. How many failed in a row since a pod of the target was last ready, and until
-- when the keeper makes or restarts none there. Attaches still make a pod when none is free.
ALTER TABLE jupyter_pools
  ADD COLUMN failed_in_a_row INT NOT NULL DEFAULT 0,
  ADD COLUMN wait_until TIMESTAMP(3) NULL;
